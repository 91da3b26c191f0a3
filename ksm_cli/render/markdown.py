"""Literal Markdown: text from users and data files escaped, so that it shows as written."""

from __future__ import annotations

import re

from ksm_cli.render.document import clean

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md(text: object) -> str:
    """Special characters escaped, control characters made visible."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def md_cell(text: object) -> str:
    return md(text).replace("\n", " ")


def md_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return lines
