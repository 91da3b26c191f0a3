"""What ``ksm flowchart`` does (options: ``ksm_cli.cli.flowchart``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run


def flowchart(
    run: Run, mermaid: bool = False, answers_file: Path | None = None, as_json: bool = False
) -> None:
    from ksm_cli.render import flowchart as view
    from ksm_cli.render.output import emit, emit_json

    if mermaid and as_json:
        raise UsageError("Bitte nur eines angeben: --mermaid oder --json.")
    k = run.knowledge()
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
