"""``ksm report ART``: the documents for the Verwaltungsspitze, the council, the Personalamt and
the Projektträger, as Word, ODF, HTML or Markdown (``ksm_cli.documents``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ksm_cli.cli.files import format_option
from ksm_cli.cli.options import (
    ForceOption,
    JsonOption,
    MappeOption,
    StichtagOption,
    knowledge,
    mappe_for,
)
from ksm_cli.errors import UsageError

FileArg: dict[str, Any] = dict(metavar="DATEI", show_default=False, dir_okay=False)
SCHEMA = "ksm.report/1"

# how to begin a part that is missing: in a Mappe, and outside one (the flag that names a file)
BEGIN = {
    "antworten": ("ksm assess", "--answers DATEI"),
    "selbsteinschaetzung": ("ksm tasks assess", "--selbsteinschaetzung DATEI"),
    "mentoring": ("ksm mentoring init und ksm mentoring add", "--log DATEI"),
}


def _kinds_text() -> str:
    from ksm_cli.documents import KINDS

    return ", ".join(KINDS)


def target_for(kind: str, output: Path | None, fmt: str | None, place) -> tuple[Path, str]:
    """The file to write and its format: the extension of ``-o`` or ``--format`` (they must
    agree); in a Mappe without ``-o`` its own file of the document (Word unless ``--format``)."""
    from ksm_cli.documents import DEFAULT_FORMAT, KINDS, format_of

    fmt = format_option(fmt)
    if output is None:
        if place is None:
            stem = KINDS[kind][0]
            raise UsageError(
                "Hier ist keine Mappe: bitte mit -o DATEI angeben, wohin das Dokument kommt, z. B. "
                f"-o {stem}.{fmt or DEFAULT_FORMAT} – oder in einer Mappe arbeiten (ksm init)."
            )
        chosen = fmt or DEFAULT_FORMAT
        return place.root / f"{KINDS[kind][0]}.{chosen}", chosen
    named = format_of(output.name)
    if named is None and fmt is None:
        raise UsageError(
            f"-o {output}: die Endung nennt kein Format; bitte .docx, .odt, .html oder .md anhängen "
            "oder --format angeben."
        )
    if named is not None and fmt is not None and named != fmt:
        raise UsageError(f"-o {output} und --format {fmt} widersprechen sich; bitte nur eines angeben.")
    if named is None:
        assert fmt is not None
        return output.with_name(f"{output.name}.{fmt}"), fmt  # Windows opens a file by its extension
    return output, named


def missing_error(missing, place, kind: str) -> UsageError:
    from ksm_cli.documents import KINDS

    in_mappe, flag = BEGIN[missing.part]
    if place is not None:
        how = f"zuerst {in_mappe}"
    else:
        how = f"die Datei mit {flag} angeben oder in einer Mappe arbeiten"
    return UsageError(f"{missing.reason} – ohne sie entsteht kein Dokument „{KINDS[kind][1]}“: {how}.")


def report_command(
    ctx: typer.Context,
    art: Annotated[
        str,
        typer.Argument(
            metavar="ART",
            show_default=False,
            help="Welches Dokument: empfehlung, beschlussvorlage, stellenbeschreibung, "
            "selbsteinschaetzung, mentoring oder gesamt.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Die Datei, in die das Dokument kommt; die Endung (.docx, .odt, .html, .md) wählt das "
            "Format. In einer Mappe Standard: ihre Datei des Dokuments.",
            **FileArg,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="docx (Word, Standard), odt (LibreOffice), html (Browser) oder md (Markdown).",
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", help="Die Antworten des Interviews aus dieser Datei (statt der Mappe).", **FileArg
        ),
    ] = None,
    selbsteinschaetzung: Annotated[
        Path | None,
        typer.Option(
            "--selbsteinschaetzung",
            help="Die Selbsteinschätzung aus dieser Datei (statt der Mappe).",
            **FileArg,
        ),
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option("--log", help="Das Mentoring-Protokoll aus dieser Datei (statt der Mappe).", **FileArg),
    ] = None,
    stichtag: StichtagOption = None,
    mappe: MappeOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Ein Dokument für Verwaltungsspitze, Rat oder Projektträger schreiben: Word, ODF, HTML oder Markdown.

    ART: empfehlung, beschlussvorlage, stellenbeschreibung, selbsteinschaetzung, mentoring oder gesamt.

    In einer Mappe kommen alle Angaben aus ihren Dateien, und das Dokument wird in die Mappe geschrieben.

    Sonst nennen --answers, --selbsteinschaetzung und --log die Dateien und -o das Ziel. Ohne Terminal genauso.
    """
    from ksm_cli.cli.files import distinct_files, report_written, save_output
    from ksm_cli.commands import stichtag_date as _today
    from ksm_cli.documents import KINDS

    kind = art.strip().lower()
    if kind not in KINDS:
        raise UsageError(f"ART '{art}': unbekanntes Dokument; möglich sind {_kinds_text()}.")
    today = _today(stichtag)
    place = mappe_for(ctx)
    target, chosen = target_for(kind, output, fmt, place)
    given = [("--answers", answers), ("--selbsteinschaetzung", selbsteinschaetzung), ("--log", log)]
    distinct_files(*given, ("-o", target))
    if place is not None:
        from ksm_cli.mappe import INPUTS

        for key in INPUTS:  # never a file of the Mappe, not even with --force
            distinct_files((f"{place.file(key).name} der Mappe", place.file(key)), ("-o", target))
    k = knowledge(ctx)
    from ksm_cli.documents import render
    from ksm_cli.documents.build import build
    from ksm_cli.documents.inputs import Inputs, Missing

    inputs = Inputs(k, today, place, answers, selbsteinschaetzung, log)
    try:
        blocks = build(kind, inputs)
    except Missing as missing:
        raise missing_error(missing, place, kind) from None
    from ksm_cli.documents.gesamt import title_of

    heading = title_of(blocks)
    data = render(blocks, chosen)
    save_output(target, data, "Dokument", "-o", force)
    if as_json:
        from ksm_cli.fs import display_path
        from ksm_cli.render.output import emit_json

        emit_json(
            {
                "schema": SCHEMA,
                "document": kind,
                "format": chosen,
                "file": display_path(target),
                "title": heading.text if heading else None,
                "bytes": len(data),
            }
        )
    report_written(target)
