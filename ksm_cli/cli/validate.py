"""``ksm validate``: check a knowledge directory and say what was checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksm_cli.cli.options import JsonOption, run_of
from ksm_cli.errors import EXIT_USAGE


def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="[VERZEICHNIS]",
            help="Wissensverzeichnis mit models.yaml, flowchart.yaml und tasks.yaml "
            "(Standard: --data, KSM_DATA_DIR oder das mitgelieferte).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Das Wissensverzeichnis prüfen: YAML, Schemas und Verweise zwischen den Dateien.

    Listet alle Fehler mit Datei, Zeile und Feld; Exit-Code 2, wenn Fehler gefunden wurden.
    """
    from ksm_cli.knowledge.loader import data_dir
    from ksm_cli.knowledge.validate import validate_directory
    from ksm_cli.render import validate as view
    from ksm_cli.render.output import emit, emit_json

    if directory is not None:
        folder = data_dir(directory, "dem Argument VERZEICHNIS")
    else:
        folder = data_dir(run_of(ctx).data)
    report = validate_directory(folder)
    if as_json:
        emit_json(view.report_json(report))
    else:
        emit(view.report_blocks(report))
    if not report.ok:
        from ksm_cli.render.output import error_line

        error_line(
            f"{report.directory}: {len(report.issues)} Fehler in der Wissensbasis"
            + ("" if as_json else " (Liste oben)")
        )
        raise typer.Exit(EXIT_USAGE)
