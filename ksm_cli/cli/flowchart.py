"""``ksm flowchart``: Abbildung 5.1 as a tree, a Mermaid diagram or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksm_cli.cli.options import JsonOption, knowledge
from ksm_cli.errors import UsageError


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
    from ksm_cli.render import flowchart as view
    from ksm_cli.render.output import emit, emit_json

    if mermaid and as_json:
        raise UsageError("Bitte nur eines angeben: --mermaid oder --json.")
    k = knowledge(ctx)
    taken: list[tuple[str, str]] = []
    if answers_file is not None:
        from ksm_cli.assess.answers import load_answers_file
        from ksm_cli.assess.engine import walk

        answers = load_answers_file(answers_file, k)
        path, _, _ = walk(k.flowchart, answers.flow)
        taken = [(step.node, step.option) for step in path]
    if as_json:
        payload = view.flowchart_json(k.flowchart)
        if answers_file is not None:
            payload["path"] = [{"question": q, "answer": a} for q, a in taken]
        emit_json(payload)
    elif mermaid:
        import sys

        sys.stdout.write(view.mermaid(k.flowchart, taken))
    else:
        emit(view.tree_blocks(k.flowchart, taken))
