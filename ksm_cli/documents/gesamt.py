"""Every document of the Mappe in one, with a table of contents, and a working part for the KSM:
the success factors as a checklist, the foundations, the next steps. A document that its files
do not allow yet (no self-assessment, say) is a short part that says what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksm_cli.render.document import (
    DOCUMENT,
    Block,
    Contents,
    Heading,
    Note,
    Only,
    PageBreak,
    Section,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def title_of(blocks: list[Block]) -> Heading | None:
    for block in blocks:
        if isinstance(block, Heading):
            return block
        if isinstance(block, Only) and block.target == DOCUMENT:
            found = title_of(block.content())
            if found is not None:
                return found
    return None


def as_part(blocks: list[Block], title: str | None = None) -> Section:
    """A document as one main part of another: its title the part's heading, its sections one
    level below."""
    heading = title_of(blocks)
    rest: list[Block] = []
    for block in blocks:
        if block is heading:
            continue
        if isinstance(block, Only):
            if block.target != DOCUMENT:
                continue
            inner = [b for b in block.content() if b is not heading]
            if inner:
                rest.append(Only(DOCUMENT, inner))
            continue
        rest.append(block)
    return Section(title or (heading.text if heading else "Dokument"), rest)


def gesamt_blocks(
    title: Heading, parts: list[tuple[str, Callable[[], list[Block]] | str]], working: list[Block]
) -> list[Block]:
    """``parts``: (title, a function building the document, or why it is missing) in order."""
    blocks: list[Block] = [title, Contents("Inhalt", depth=1)]
    for name, build in parts:
        blocks.append(PageBreak())
        if isinstance(build, str):
            blocks.append(Section(name, [Note(build, style="warn")]))
        else:
            blocks.append(as_part(build(), name))
    blocks.append(PageBreak())
    blocks.append(Section("Arbeitsteil für das Klimaschutzmanagement", working))
    return blocks
