"""A small document model for output, and its plain-text backend.

Views build a list of blocks from results; ``output.emit`` hands them to the rich backend on a
terminal and to ``to_plain`` in a pipe. Text from users and data files is always shown
literally: control characters are made visible, and nothing is read as markup.
"""

from __future__ import annotations

import re
import textwrap

# Characters that steer a terminal, reorder or hide the text around them, or show as nothing:
# an explicit class (a regex runs in C; unicodedata per character would not), which
# tests/test_invisible_text.py checks against unicodedata: every character of category Cf.
_HIDDEN_CLASS = (
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls, DEL; tab and newline stay
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"  # Arabic and Syriac format marks, ALM
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5\u180e"  # Khmer inherent vowels, Mongolian vowel separator
    "\u200b-\u200f"  # zero width space, non-joiner, joiner, LRM, RLM
    "\u2028-\u202e"  # line and paragraph separator, LRE, RLE, PDF, LRO, RLO
    "\u2060-\u206f"  # word joiner, invisible operators, LRI, RLI, FSI, PDI, deprecated controls
    "\ufeff"  # byte order mark, zero width no-break space
    "\ufff0-\ufffb"  # reserved ignorables, interlinear annotation
    "\ud800-\udfff"  # lone surrogates (undecodable bytes in arguments): they cannot be written
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"  # tags; the variation selectors between stay
    "]"
)


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_HIDDEN: re.Pattern[str] | None = None  # compiled on first use: about 1 ms, and rarely needed

# The characters of _HIDDEN_CLASS that str.isprintable() lets through (Python's own definition
# leaves out controls, format characters, separators and surrogates); tests/test_invisible_text.py
# checks this set against the class. Text that is printable and has none of them is clean.
PRINTABLE_HIDDEN = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")


def hidden_pattern() -> re.Pattern[str]:
    global _HIDDEN
    if _HIDDEN is None:
        _HIDDEN = re.compile(_HIDDEN_CLASS)
    return _HIDDEN


def clean(text: object) -> str:
    """Make control, bidi and invisible characters visible as Python writes them (ESC becomes
    ``\\x1b``, RLO ``\\u202e``); keep newlines and tabs. Letters, umlauts, „quotes“, dashes, €
    and emoji stay as they are; a zero width joiner inside an emoji sequence is shown, too."""
    text = str(text)
    if text.isprintable() and (text.isascii() or PRINTABLE_HIDDEN.isdisjoint(text)):
        return text  # the common case, and quick: the large class costs about 1 µs a cell
    return hidden_pattern().sub(_visible, text)


class _Block:
    """Plain classes instead of dataclasses: no code generation at import (start-up time)."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )


class Heading(_Block):
    __slots__ = ("text", "subtitle")

    def __init__(self, text: str, subtitle: str | None = None) -> None:
        self.text, self.subtitle = text, subtitle


class Para(_Block):
    """style: None, "muted", "note", "warn", "good" or "bad"."""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: str | None = None) -> None:
        self.text, self.style = text, style


class Fields(_Block):
    __slots__ = ("rows",)

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.rows = rows


class Bullets(_Block):
    """style: "good" for Vorteile, "bad" for Nachteile, or "muted"."""

    __slots__ = ("items", "marker", "style")

    def __init__(self, items: list[str], marker: str = "•", style: str | None = None) -> None:
        self.items, self.marker, self.style = items, marker, style


class Table(_Block):
    __slots__ = ("columns", "rows", "highlight", "title")

    def __init__(
        self,
        columns: list[str],
        rows: list[list[str]],
        highlight: set[int] | None = None,
        title: str | None = None,
    ) -> None:
        self.columns, self.rows = columns, rows
        self.highlight = highlight or set()
        self.title = title


class Section(_Block):
    __slots__ = ("title", "blocks", "style")

    def __init__(self, title: str, blocks: list, style: str | None = None) -> None:
        self.title, self.blocks, self.style = title, blocks, style


class Tree(_Block):
    """A labelled tree; style "path" marks a highlighted branch, "good"/"muted" as elsewhere."""

    __slots__ = ("label", "style", "children")

    def __init__(self, label: str, style: str | None = None, children: list | None = None) -> None:
        self.label, self.style, self.children = label, style, children or []


Block = Heading | Para | Fields | Bullets | Table | Section | Tree


def _plain_tree(tree: Tree, width: int, prefix: str = "", branch: str = "") -> list[str]:
    mark = "» " if tree.style == "path" else ""
    child_prefix = prefix + ("   " if branch in ("└─ ", "") else "│  ")
    lines = _wrap(
        mark + tree.label, width, child_prefix + ("│  " if tree.children else "   "), prefix + branch
    )
    for index, child in enumerate(tree.children):
        last = index == len(tree.children) - 1
        lines.extend(_plain_tree(child, width, child_prefix if branch else prefix, "└─ " if last else "├─ "))
    return lines


def _wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    first = indent if first is None else first
    lines: list[str] = []
    for n, paragraph in enumerate(clean(text).split("\n")):
        wrapped = textwrap.wrap(
            paragraph,
            width=max(20, width),
            initial_indent=first if n == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [indent.rstrip()])
    return lines


def _plain_table(table: Table, width: int) -> list[str]:
    cells = [list(map(clean, table.columns)), *(list(map(clean, row)) for row in table.rows)]
    lines: list[str] = []
    if table.title:
        lines.append(clean(table.title))
    ncols = len(table.columns)
    # the width of each column but the last: its longest first line (a cell may hold a newline)
    widths = [
        max(len(r[i]) if "\n" not in r[i] else len(r[i].split("\n")[0]) for r in cells)
        if i < ncols - 1
        else 0
        for i in range(ncols)
    ]
    fixed = sum(widths[:-1]) + 2 * (ncols - 1)
    last_width = width - fixed
    if ncols > 1 and last_width < 40:
        return lines + _plain_records(cells, widths, width)
    # the columns before the last, each padded to its width, and two spaces after each
    pattern = "".join(f"{{{i}:<{widths[i]}}}  " for i in range(ncols - 1))
    marks = ("» ", "  ") if table.highlight else ("", "")
    for index, row in enumerate(cells):
        mark = marks[0] if index - 1 in table.highlight else marks[1]
        prefix = pattern.format(*row)
        last = row[ncols - 1] if ncols else ""
        if len(last) <= last_width and "\t" not in last and "\n" not in last and last == last.strip():
            lines.append((mark + prefix + last).rstrip())
            wrapped = [last]
        else:
            wrapped = textwrap.wrap(last, last_width) or [""]  # textwrap is slow: only where needed
            lines.append((mark + prefix + wrapped[0]).rstrip())
            pad = " " * (len(mark) + len(prefix))
            lines.extend((pad + more).rstrip() for more in wrapped[1:])
        if index == 0:
            lines.append("-" * min(width, len(prefix) + min(last_width, max(len(w) for w in wrapped))))
    return lines


def _plain_records(cells: list[list[str]], widths: list[int], width: int) -> list[str]:
    """A table too wide for its last column: that column goes below each row, indented."""
    lines = []
    for index, row in enumerate(cells):
        head = "  ".join(row[i].ljust(widths[i]) for i in range(len(row) - 1)).rstrip()
        lines.append(head)
        if index == 0:
            lines[-1] += f"  ({row[-1]} darunter)" if row[-1] else ""
            lines.append("-" * min(width, len(lines[-1])))
            continue
        lines.extend(_wrap(row[-1], width, "    "))
    return lines


def _plain_blocks(blocks: list, width: int, indent: str = "") -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(indent + clean(block.text))
            out.append(indent + "=" * len(clean(block.text)))
            if block.subtitle:
                out.extend(_wrap(block.subtitle, width, indent))
        elif isinstance(block, Para):
            prefix = {"warn": "Achtung: ", "note": "Hinweis: "}.get(block.style or "", "")
            out.extend(_wrap(prefix + block.text, width, indent))
        elif isinstance(block, Fields):
            label_width = max((len(clean(k)) for k, _ in block.rows), default=0) + 2
            for key, value in block.rows:
                first = indent + (clean(key) + ":").ljust(label_width)
                out.extend(_wrap(value, width, indent + " " * label_width, first))
        elif isinstance(block, Bullets):
            for item in block.items:
                out.extend(_wrap(item, width, indent + "  ", indent + block.marker + " "))
        elif isinstance(block, Table):
            out.extend(indent + line for line in _plain_table(block, width - len(indent)))
        elif isinstance(block, Tree):
            out.extend(indent + line for line in _plain_tree(block, width - len(indent)))
        elif isinstance(block, Section):
            out.append(indent + clean(block.title))
            out.append(indent + "-" * len(clean(block.title)))
            inner = _plain_blocks(block.blocks, width, indent)
            while inner and not inner[-1]:
                inner.pop()
            out.extend(inner)
        out.append("")
    return out


def to_plain(blocks: list, width: int = 100) -> str:
    lines = _plain_blocks(blocks, width)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
