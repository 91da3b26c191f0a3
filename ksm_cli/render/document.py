"""A small document model for output, and its plain-text backend.

A view is described once, as a list of blocks built from results. The backends draw it:
``to_plain`` here (text in a pipe), ``render.rich_backend`` (a terminal) and
``render.markdown.to_markdown`` (the Markdown documents). ``output.emit`` picks the first two;
a command that writes a document calls ``to_markdown`` on the same blocks. Later backends (HTML,
DOCX, ODT) take the same blocks, so each block says what it is, not how it looks: a heading, a
paragraph, a list, a table, a checklist, a note with its source, a figure.

- What only a screen or only a document shows (a command to type next; the title page, the list
  of sources) is wrapped in ``Only``; the rest is shared, word for word.
- A figure always has a caption and an alternative text (BITV 2.0): ``render.figures.Figure``
  refuses to be built without them. On a screen the alternative text, or the figure's text
  equivalent, stands in for the picture. The figure blocks live in their own module, loaded only
  by the views that have figures: this one is loaded by every command.
- Text from users and data files is always shown literally: control characters are made
  visible, and nothing is read as markup (each backend escapes for its format).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

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


# Spaces a line must not break at: inside "z. B.", "u. a.", "d. h." and in a model id as the
# source writes it ("V 9"). While a screen wraps, such a space is a character that neither rich nor
# textwrap reads as a space (U+E000, private use, one cell wide; a no-break space is whitespace to
# rich's wrapping); the lines broken, it becomes a plain space again (``unglue``): a terminal or a
# pipe never receives the placeholder.
NO_BREAK = "\ue000"
_GLUE: re.Pattern[str] | None = None


def glue(text: str) -> str:
    """Text whose unbreakable spaces are ``NO_BREAK``, for wrapping on a screen."""
    global _GLUE
    if ". " not in text and "V " not in text:
        return text
    if _GLUE is None:
        _GLUE = re.compile(r"\b(z\.(?= B\.)|u\.(?= a\.)|d\.(?= h\.)|V(?= [0-9])) ")
    return _GLUE.sub("\\1" + NO_BREAK, text)


def unglue(text: str) -> str:
    return text.replace(NO_BREAK, " ") if NO_BREAK in text else text


class Cited(str):
    """Text with its source, where a text may stand (a paragraph, a list item, a table cell):
    as a string it is "text (source)", as a screen and Markdown show it; the Word, ODF and HTML
    backends show ``text`` with an endnote that holds ``source`` (no inline clutter)."""

    text: str
    source: str

    def __new__(cls, text: str, source: str | None) -> Cited:
        made = super().__new__(cls, f"{text} ({source})" if source else text)
        made.text, made.source = text, source or ""
        return made


class BaseBlock:
    """Plain classes instead of dataclasses: no code generation at import (start-up time)."""

    __slots__ = ()

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        names: tuple[str, ...] = self.__slots__
        return type(self) is type(other) and all(getattr(self, n) == getattr(other, n) for n in names)


class Heading(BaseBlock):
    """The title of a view; in a document its first-level heading. The subtitle is a line below."""

    __slots__ = ("text", "subtitle")

    def __init__(self, text: str, subtitle: str | None = None) -> None:
        self.text, self.subtitle = text, subtitle


class Para(BaseBlock):
    """style: None, "strong", "muted", "note", "warn", "good", "bad" or "fill" (a part the
    reader writes, marked as ``Blank`` is: a document frames it, plain text says so)."""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: str | None = None) -> None:
        self.text, self.style = text, style


class Note(BaseBlock):
    """A note (style "note"), a warning ("warn") or the source's own words ("quote"), with the
    source it rests on."""

    __slots__ = ("text", "source", "style")

    def __init__(self, text: str, source: str | None = None, style: str = "note") -> None:
        self.text, self.source, self.style = text, source, style

    def full_text(self) -> str:
        return f"{self.text} ({self.source})" if self.source else self.text


class Fields(BaseBlock):
    """Labelled values. A document shows them as a table with the two column headings. A value
    may be a ``Blank``: a field the reader completes."""

    __slots__ = ("rows", "columns")

    def __init__(
        self, rows: Sequence[tuple[str, str | Blank]], columns: tuple[str, str] = ("Angabe", "Wert")
    ) -> None:
        self.rows, self.columns = rows, columns


class Bullets(BaseBlock):
    """An unordered list. marker and style are for the screen: style "good" for Vorteile, "bad"
    for Nachteile, or "muted"."""

    __slots__ = ("items", "marker", "style")

    def __init__(self, items: list[str], marker: str = "•", style: str | None = None) -> None:
        self.items, self.marker, self.style = items, marker, style


class Numbered(BaseBlock):
    """An ordered list: steps in the order to take them."""

    __slots__ = ("items",)

    def __init__(self, items: list[str]) -> None:
        self.items = items


class Checklist(BaseBlock):
    """Points to tick off: (label, text) pairs, the label may be empty; ``checked`` holds the
    indexes already done."""

    __slots__ = ("items", "checked")

    def __init__(self, items: list[tuple[str, str]], checked: set[int] | None = None) -> None:
        self.items, self.checked = items, checked or set()

    def item_text(self, index: int) -> str:
        label, text = self.items[index]
        return f"{label}: {text}" if label else text


class Bar:
    """A table cell with a share drawn as a bar on a screen (``value`` of ``top``), and only
    its ``text`` in a document. Not a block: it stands where a cell's text would."""

    __slots__ = ("value", "top", "text")

    def __init__(self, value: float, top: float, text: str) -> None:
        self.value, self.top, self.text = value, top, text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Bar({self.value!r}, {self.top!r}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bar) and (self.value, self.top, self.text) == (
            other.value,
            other.top,
            other.text,
        )

    def drawn(self, width: int = 10) -> str:
        filled = min(width, round(width * self.value / self.top)) if self.top > 0 else 0
        return "█" * filled + "·" * (width - filled) + " " + self.text


class Blank:
    """A field that ksm cannot fill and the reader completes (Produkt/Kostenstelle, a
    Sitzungstermin): ``hint`` says what belongs there. Not a block: it stands where a cell's or a
    field's text would. Every backend marks it so that it is seen in black-and-white print as
    well (brackets and words, a highlight only in addition)."""

    __slots__ = ("hint",)

    def __init__(self, hint: str) -> None:
        self.hint = hint

    def __str__(self) -> str:
        return f"[bitte ergänzen: {self.hint}]"

    def __repr__(self) -> str:
        return f"Blank({self.hint!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Blank) and self.hint == other.hint


Cell = str | Bar | Blank


def screen_text(cell: Cell) -> str:
    """A cell as a screen shows it (a bar drawn), control characters made visible, the spaces a
    line must not break at glued (``glue``)."""
    return glue(clean(cell.drawn() if isinstance(cell, Bar) else cell))


class Table(BaseBlock):
    """A table; ``title`` is its caption. ``items`` says the same as list items, for plain
    text, where columns side by side would not fit (a document and a terminal show the table).

    ``stacked`` says the same as blocks, one part under another (one section per column, say):
    plain text shows them instead of the table, and so does a terminal too narrow for the words
    of the columns side by side; a document shows the table."""

    __slots__ = ("columns", "rows", "highlight", "title", "items", "stacked")

    def __init__(
        self,
        columns: list[str],
        rows: Sequence[Sequence[Cell]],
        highlight: set[int] | None = None,
        title: str | None = None,
        items: list[str] | None = None,
        stacked: list[Block] | None = None,
    ) -> None:
        self.columns, self.rows = columns, rows
        self.highlight = highlight or set()
        self.title = title
        self.items = items
        self.stacked = stacked


class Section(BaseBlock):
    """A titled part: a panel on a terminal, a heading one level below the title in a document."""

    __slots__ = ("title", "blocks", "style")

    def __init__(self, title: str, blocks: list[Block], style: str | None = None) -> None:
        self.title, self.blocks, self.style = title, blocks, style


class Tree(BaseBlock):
    """A labelled tree; style "path" marks a highlighted branch, "good"/"muted" as elsewhere."""

    __slots__ = ("label", "style", "children")

    def __init__(self, label: str, style: str | None = None, children: list[Tree] | None = None) -> None:
        self.label, self.style, self.children = label, style, children or []


class PageBreak(BaseBlock):
    """A document's next block starts on a new page (a main part, the Kurzfassung's end). A
    screen shows nothing for it."""

    __slots__ = ()

    def screen_blocks(self) -> list[Block]:
        return []


class Contents(BaseBlock):
    """A document's table of contents: the headings of its sections (``Section``), down to
    ``depth`` levels below the title. A screen shows nothing for it."""

    __slots__ = ("title", "depth")

    def __init__(self, title: str = "Inhalt", depth: int = 2) -> None:
        self.title, self.depth = title, depth

    def screen_blocks(self) -> list[Block]:
        return []


SCREEN, DOCUMENT = "screen", "document"
NOTES_TITLE = "Anmerkungen und Quellen"  # the last part of a Word, ODF or HTML document: its endnotes


class Only(BaseBlock):
    """Blocks that only a screen (``SCREEN``: terminal, plain text) or only a document
    (``DOCUMENT``: Markdown, later HTML, DOCX, ODT) shows. ``blocks`` may be a function that
    builds them, so that a screen does not build (or import) what only a document shows."""

    __slots__ = ("target", "blocks")

    def __init__(self, target: str, blocks: list[Block] | Callable[[], list[Block]]) -> None:
        if target not in (SCREEN, DOCUMENT):
            raise ValueError(f"unknown target {target!r}")
        self.target, self.blocks = target, blocks

    def content(self) -> list[Block]:
        return self.blocks() if callable(self.blocks) else self.blocks

    def screen_blocks(self) -> list[Block]:
        return self.content() if self.target == SCREEN else []


if TYPE_CHECKING:
    from typing import TypeAlias

    from ksm_cli.render.figures import Chart, Diagram, Figure, Image

    Block: TypeAlias = (
        Heading
        | PageBreak
        | Contents
        | Para
        | Note
        | Fields
        | Bullets
        | Numbered
        | Checklist
        | Table
        | Section
        | Tree
        | Only
        | Diagram
        | Chart
        | Image
        | Figure
    )
else:
    Block = BaseBlock  # at run time only a name in annotations: no union to build at start-up


def on_screen(blocks: list[Block]) -> list[Block]:
    """The blocks a screen draws: a block that is not drawn itself (``Only``, a figure from
    ``render.figures``) gives its ``screen_blocks()`` instead."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Section):
            out.append(Section(block.title, on_screen(block.blocks), block.style))
        elif isinstance(block, Table) and block.stacked is not None:
            out.append(
                Table(
                    block.columns,
                    block.rows,
                    block.highlight,
                    block.title,
                    block.items,
                    on_screen(block.stacked),
                )
            )
        elif hasattr(block, "screen_blocks"):
            out.extend(on_screen(block.screen_blocks()))
        else:
            out.append(block)
    return out


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
    for n, paragraph in enumerate(glue(clean(text)).split("\n")):
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
    cells = [list(map(clean, table.columns)), *(list(map(screen_text, row)) for row in table.rows)]
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


def _plain_blocks(blocks: list[Block], width: int, indent: str = "") -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(indent + clean(block.text))
            out.append(indent + "=" * len(clean(block.text)))
            if block.subtitle:
                out.extend(_wrap(block.subtitle, width, indent))
        elif isinstance(block, Para):
            prefix = {"warn": "Achtung: ", "note": "Hinweis: ", "fill": "Bitte ergänzen: "}.get(
                block.style or "", ""
            )
            out.extend(_wrap(prefix + block.text, width, indent))
        elif isinstance(block, Note):
            prefix = {"warn": "Achtung: ", "note": "Hinweis: "}.get(block.style, "")
            out.extend(_wrap(prefix + block.full_text(), width, indent))
        elif isinstance(block, Fields):
            label_width = max((len(clean(k)) for k, _ in block.rows), default=0) + 2
            for key, value in block.rows:
                first = indent + (clean(key) + ":").ljust(label_width)
                out.extend(_wrap(str(value), width, indent + " " * label_width, first))
        elif isinstance(block, Bullets):
            for item in block.items:
                out.extend(_wrap(item, width, indent + "  ", indent + block.marker + " "))
        elif isinstance(block, Numbered):
            digits = len(str(len(block.items)))
            for number, item in enumerate(block.items, 1):
                first = indent + f"{number}.".ljust(digits + 2)
                out.extend(_wrap(item, width, indent + " " * (digits + 2), first))
        elif isinstance(block, Checklist):
            for index in range(len(block.items)):
                mark = "[x] " if index in block.checked else "[ ] "
                out.extend(_wrap(block.item_text(index), width, indent + "  ", indent + mark))
        elif isinstance(block, Table):
            if block.stacked is not None:
                out.extend(_wrap(block.title, width, indent) if block.title else [])
                inner = _plain_blocks(block.stacked, width, indent)
                while inner and not inner[-1]:
                    inner.pop()
                out.extend(inner)
            elif block.items is not None:
                out.extend(_wrap(block.title, width, indent) if block.title else [])
                for item in block.items:
                    out.extend(_wrap(item, width, indent + "  ", indent + "• "))
            else:
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
        else:
            raise TypeError(f"not a block for the screen: {block!r}")
        out.append("")
    return out


def to_plain(blocks: list[Block], width: int = 100) -> str:
    lines = _plain_blocks(on_screen(blocks), width)
    while lines and not lines[-1]:
        lines.pop()
    return unglue("\n".join(lines) + "\n")
