"""Literal Markdown: text from users and data files escaped, so that it shows as written.

Every value stands on one line of the document (a heading, a paragraph, a list item, a table
cell), so a newline inside it becomes a visible "↵" and cannot start a heading, a code block or
HTML on a line of its own. Spaces and tabs at either end are dropped: Markdown would not show
them, and four of them would start a code block.
"""

from __future__ import annotations

import re

from ksm_cli.render.document import clean

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
