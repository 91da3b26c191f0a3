"""``ksm flowchart``: Abbildung 5.1 as a tree, a Mermaid diagram or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksm_cli.cli.options import JsonOption, run_of


def flowchart_command(
    ctx: typer.Context,
    mermaid: Annotated[
        bool, typer.Option("--mermaid", help="Als Mermaid-Diagramm ausgeben (z. B. für Markdown).")
    ] = False,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="DATEI",
            dir_okay=False,
            show_default=False,
            help="Den Weg dieser Antworten hervorheben (YAML wie bei ksm assess).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Das Flussdiagramm der drei Rahmenfragen (Abbildung 5.1) anzeigen."""
    from ksm_cli.commands.flowchart import flowchart

    return flowchart(run_of(ctx), mermaid=mermaid, answers_file=answers_file, as_json=as_json)
