"""The Empfehlungsbericht for the Verwaltungsspitze, as German Markdown.

It is the terminal view of the assessment (``render.assess.result_blocks``) written by the
Markdown backend of the document model: the same rows in the same words, plus what only a
document has (a title with the date, the decision path as a Mermaid diagram, the sources).
Text from users and data files is escaped, so that it is shown as written.
"""

from __future__ import annotations


def report_markdown(knowledge, assessment) -> str:
    """The whole report, with ksm's mark as its last line; ``assessment`` must be complete."""
    from ksm_cli.outputs import mark_text
    from ksm_cli.render.assess import result_blocks
    from ksm_cli.render.markdown import to_markdown

    return mark_text("md", to_markdown(result_blocks(knowledge, assessment)))
