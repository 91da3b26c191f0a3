"""The Markdown backend of the document model (``to_markdown``), and literal Markdown: text from
users and data files escaped, so that it shows as written.

Every value stands on one line of the document (a heading, a paragraph, a list item, a table
cell), so a newline inside it becomes a visible "↵" and cannot start a heading, a code block or
HTML on a line of its own. Spaces and tabs at either end are dropped: Markdown would not show
them, and four of them would start a code block.
"""

from __future__ import annotations

import re

from ksm_cli.render.document import (
    DOCUMENT,
    Block,
    Bullets,
    Checklist,
    Contents,
    Fields,
    Heading,
    Note,
    Numbered,
    Only,
    PageBreak,
    Para,
    Section,
    Table,
    Tree,
    clean,
)
from ksm_cli.render.figures import Chart, Diagram, Figure, Image

# Markdown and GFM syntax, HTML ("<", and "&" of an entity such as "&amp;"), GitHub's "$" math
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
NEWLINE = "↵"

# Only where Markdown would start a block: "- x", "+ x", "1. x", "1) x", or a line of "=" or "-"
_BLOCK_START = re.compile(r"^(\s*)([-+](?=\s|$)|=+\s*$|-+\s*$)", re.M)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.M)


def md(text: object) -> str:
    """Special characters escaped, control characters made visible, one line; text cannot start
    a list ("- ", "+ ", "1. ") or underline a heading ("===")."""
    escaped = _inline(text)
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_START.sub(r"\1\\\2", escaped))


def _inline(text: object) -> str:
    return _SPECIAL.sub(r"\\\1", clean(text)).replace("\n", NEWLINE).strip(" \t")


def md_cell(text: object) -> str:
    """Inside a table cell no block can start; only inline syntax is escaped."""
    return _inline(text)


def md_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return lines


# --- the Markdown backend of the document model ----------------------------------------------

_NOTE_LABELS = {"warn": "Achtung", "note": "Hinweis"}


def _mermaid_line(text: str) -> str:
    """Text after "accTitle:" or "accDescr:" runs to the end of the line: one line, control and
    invisible characters shown. Mermaid does not read entity codes there."""
    return " ".join(clean(text).split())


def _picture(figure: Figure) -> list[str]:
    picture = figure.picture
    if isinstance(picture, Chart):
        if picture.fallback is None:
            # Markdown stays a light text format: its text equivalent stands in for the drawing
            # (Word, ODF and HTML show the picture)
            return [f"> {md(figure.alt)}"]
        picture = picture.fallback
    if isinstance(picture, Diagram):
        lines = picture.source.rstrip("\n").split("\n")
        if picture.language == "mermaid":
            # Mermaid's own accessibility: the caption as the title, the alternative text as
            # the description of the SVG it draws.
            lines[1:1] = [
                f"    accTitle: {_mermaid_line(figure.caption)}",
                f"    accDescr: {_mermaid_line(figure.alt)}",
            ]
        fence = "````" if any(line.startswith("```") for line in lines) else "```"
        return [fence + picture.language, *lines, fence]
    path = picture.path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return [f"![{md_cell(figure.alt)}]({path})"]


def _markdown(blocks: list[Block], depth: int, out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Only):
            if block.target == DOCUMENT:
                _markdown(block.content(), depth, out)
            continue
        if isinstance(block, Heading):
            out += [f"{'#' * depth} {md(block.text)}", ""]
            if block.subtitle:
                out += [md(block.subtitle), ""]
        elif isinstance(block, PageBreak):
            continue
        elif isinstance(block, Contents):
            continue  # a Markdown viewer shows the headings itself
        elif isinstance(block, Para):
            text = md(block.text)
            if block.style == "fill":
                text = f"> **Bitte ergänzen:** {text}"
            elif block.style in _NOTE_LABELS:
                text = f"> **{_NOTE_LABELS[block.style]}:** {text}"
            elif block.style == "strong":
                text = f"**{text}**"
            out += [text, ""]
        elif isinstance(block, Note):
            label = _NOTE_LABELS.get(block.style)
            out += [("> " + (f"**{label}:** " if label else "") + md(block.full_text())), ""]
        elif isinstance(block, Fields):
            out += [*md_table(list(block.columns), [[k, str(v)] for k, v in block.rows]), ""]
        elif isinstance(block, Bullets):
            out += [f"- {md(item)}" for item in block.items] + [""]
        elif isinstance(block, Numbered):
            out += [f"{n}. {md(item)}" for n, item in enumerate(block.items, 1)] + [""]
        elif isinstance(block, Checklist):
            for index, (label, text) in enumerate(block.items):
                mark = "x" if index in block.checked else " "
                shown = f"**{md(label)}:** {md(text)}" if label else md(text)
                out.append(f"- [{mark}] {shown}")
            out.append("")
        elif isinstance(block, Table):
            if block.title:
                out += [f"**{md(block.title)}**", ""]
            out += [*md_table(block.columns, [[str(c) for c in row] for row in block.rows]), ""]
        elif isinstance(block, Tree):
            out += [*_tree(block, 0), ""]
        elif isinstance(block, Section):
            out += [f"{'#' * min(6, depth + 1)} {md(block.title)}", ""]
            _markdown(block.blocks, depth + 1, out)
        elif isinstance(block, Figure):
            out += [*_picture(block), "", f"*Abbildung: {md(block.caption)}*", ""]
        elif isinstance(block, Diagram | Chart | Image):
            raise TypeError("a picture belongs in a Figure, with a caption and an alternative text")
        else:
            raise TypeError(f"unknown block {block!r}")


def _tree(tree: Tree, level: int) -> list[str]:
    mark = "**" if tree.style == "path" else ""
    lines = [f"{'  ' * level}- {mark}{md(tree.label)}{mark}"]
    for child in tree.children:
        lines += _tree(child, level + 1)
    return lines


def to_markdown(blocks: list[Block]) -> str:
    """A Markdown document (CommonMark with GFM tables and task lists) of the blocks: a
    ``Heading`` is the title ("#"), a ``Section`` a heading one level below ("##", "###")."""
    out: list[str] = []
    _markdown(blocks, 1, out)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
