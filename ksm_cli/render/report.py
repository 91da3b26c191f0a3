"""The Empfehlungsbericht as German Markdown: the document ``documents.empfehlung`` builds, written
by the Markdown backend of the document model (the same blocks as Word, ODF and HTML). Text from
users and data files is escaped, so that it is shown as written.
"""

from __future__ import annotations


def report_markdown(knowledge, assessment) -> str:
    """The whole report, with ksm's mark as its last line; ``assessment`` must be complete."""
    from ksm_cli.documents import render
    from ksm_cli.documents.empfehlung import empfehlung_blocks

    return render(empfehlung_blocks(knowledge, assessment), "md").decode("utf-8")
