"""Draw document blocks with rich. Imported only when output goes to a terminal."""

from __future__ import annotations

import re

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from ksm_cli.render.document import (
    NO_BREAK,
    Block,
    Bullets,
    Checklist,
    Fields,
    Heading,
    Note,
    Numbered,
    Para,
    Section,
    Table,
    Tree,
    clean,
    glue,
    on_screen,
    screen_text,
    unglue,
)

STYLES: dict[str | None, str] = {
    "strong": "bold",
    "muted": "dim",
    "note": "italic",
    "quote": "italic",
    "warn": "bold yellow",
    "good": "green",
    "bad": "red",
    "path": "bold green",
    None: "",
}


def _text(value: str, style: str | None = None) -> Text:
    # Text() never interprets markup; clean() makes control characters visible.
    return Text(glue(clean(value)), style=STYLES.get(style, style or ""))


# The last column wraps; the others (figures, ids, dates) stay whole while it keeps this width.
MIN_LAST_COLUMN = 20


def _longest_words(columns: list[str], cells: list[list[str]]) -> list[int]:
    """The longest word of each column: narrower, rich would break it in the middle."""
    rows = [[glue(clean(c)) for c in columns], *cells]
    # split at the spaces a line may break at: "z. B." glued is one word here as for rich
    return [
        max((len(w) for row in rows for w in _WORD_GAPS.split(row[i])), default=0)
        for i in range(len(columns))
    ]


_WORD_GAPS = re.compile(r"[ \t\n\r]+")


def _fits(longest: list[int], width: int) -> bool:
    """As rich draws SIMPLE_HEAD: a table of n columns is 3 n + 1 characters wider than its cells
    (padding on each side of a cell, the blank rule between columns, the edges)."""
    return sum(longest) + 3 * len(longest) + 1 <= width


def _column_widths(
    header: list[str], cells: list[list[str]], longest: list[int], width: int
) -> list[int] | None:
    """Widths that break no word, or None where rich's own widths keep every line whole.

    Each column gets its longest word; the room left goes first to the columns that need little
    more to show their longest line whole, then in equal shares to the others."""
    rows = [header, *cells]
    wanted = [max(len(line) for row in rows for line in row[i].split("\n")) for i in range(len(header))]
    available = width - (3 * len(header) + 1)
    if sum(wanted) <= available:
        return None
    widths = list(longest)
    room = available - sum(widths)
    open_ = sorted(
        (i for i in range(len(widths)) if wanted[i] > widths[i]), key=lambda i: wanted[i] - widths[i]
    )
    while open_ and room > 0:
        share = room // len(open_)
        i = open_[0]
        if wanted[i] - widths[i] <= share or share == 0:
            grant = min(wanted[i] - widths[i], room)
            widths[i] += grant
            room -= grant
            open_.pop(0)
        else:
            for j in open_:
                widths[j] += share
            room -= share * len(open_)
            open_ = [j for j in open_ if wanted[j] > widths[j]]
    return widths


def _records(block: Table, header: list[str], cells: list[list[str]]) -> RenderableType:
    """A table whose words do not fit side by side, one record under another: the first cell as
    the record's title, the others below it, each with its column's heading (as plain text does,
    ``document._plain_records``)."""
    parts: list[RenderableType] = [_text(block.title, "bold")] if block.title else []
    for index, row in enumerate(cells):
        mark = "» " if index in block.highlight else ""
        parts.append(Text(mark + row[0], style="bold reverse" if index in block.highlight else "bold"))
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for label, cell in zip(header[1:], row[1:], strict=True):
            grid.add_row(Text("  " + (label + ":" if label else "")), Text(cell))
        parts.append(grid)
    return Group(*parts)


def _list(markers: list[str], items: list[str], style: str | None = None) -> RichTable:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=STYLES.get(style, ""))
    grid.add_column(overflow="fold")
    for marker, item in zip(markers, items, strict=True):
        grid.add_row(_text(marker, style), _text(item))
    return grid


def _renderable(block: Block, width: int) -> RenderableType:
    if isinstance(block, Heading):
        parts = [_text(block.text, "bold")]
        if block.subtitle:
            parts.append(_text(block.subtitle, "muted"))
        return Group(*parts)
    if isinstance(block, Para):
        prefix = {"warn": "⚠ ", "note": "ℹ ", "fill": "✎ Bitte ergänzen: "}.get(block.style or "", "")
        return _text(prefix + block.text, block.style)
    if isinstance(block, Note):
        prefix = {"warn": "⚠ ", "note": "ℹ "}.get(block.style, "")
        return _text(prefix + block.full_text(), block.style)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in block.rows:
            grid.add_row(_text(key), _text(str(value)))
        return grid
    if isinstance(block, Bullets):
        return _list([block.marker] * len(block.items), block.items, block.style)
    if isinstance(block, Numbered):
        return _list([f"{n}." for n in range(1, len(block.items) + 1)], block.items)
    if isinstance(block, Checklist):
        marks = ["[x]" if i in block.checked else "[ ]" for i in range(len(block.items))]
        return _list(marks, [block.item_text(i) for i in range(len(block.items))])
    if isinstance(block, Table):
        table = RichTable(
            title=_text(block.title) if block.title else None,
            box=box.SIMPLE_HEAD,
            show_lines=False,
            header_style="bold",
        )
        cells = [[screen_text(cell) for cell in row] for row in block.rows]
        longest = _longest_words(block.columns, cells)
        if block.stacked is not None and not _fits(longest, width):
            # the columns side by side would break words ("Querschnittsaufga/be"): one part
            # under another, as in plain text
            one_by_one: list[RenderableType] = [_text(block.title), Text("")] if block.title else []
            for child in block.stacked:
                one_by_one += [_renderable(child, width), Text("")]
            return Group(*one_by_one[:-1])
        if block.items is not None and not _fits(longest, width):
            # columns so narrow that words would break in the middle ("Entwicklungsreihenf/olge"):
            # the same content as a list, as in plain text
            return _list(["•"] * len(block.items), block.items)
        header = [glue(clean(c)) for c in block.columns]
        if len(header) > 1 and not _fits(longest, width):
            return _records(block, header, cells)
        leading = [max(len(row[i]) for row in [header, *cells]) for i in range(len(block.columns) - 1)]
        # 3 n + 1 characters besides the cells, as rich draws SIMPLE_HEAD (see _fits)
        last = width - sum(leading) - 3 * len(block.columns) - 1  # what the last column keeps
        keep_whole = last >= max(MIN_LAST_COLUMN, longest[-1] if longest else 0)
        # leading columns kept whole leave the wrapping to the last; otherwise widths that
        # break no word, where the words fit side by side at all
        widths = (
            None if keep_whole or not _fits(longest, width) else _column_widths(header, cells, longest, width)
        )
        for index, column in enumerate(block.columns):
            # fold: a word longer than its column breaks instead of being cut off with "…"
            table.add_column(
                _text(column),
                no_wrap=widths is None and keep_whole and index < len(leading),
                overflow="fold",
                width=widths[index] if widths else None,
            )
        for index, row in enumerate(cells):
            style = "bold reverse" if index in block.highlight else None
            table.add_row(*(Text(cell) for cell in row), style=style)
        return table
    if isinstance(block, Tree):
        from rich.tree import Tree as RichTree

        def build(node: Tree, parent: RichTree | None) -> RichTree:
            label = _text(("» " if node.style == "path" else "") + node.label, node.style)
            branch = parent.add(label) if parent is not None else RichTree(label, guide_style="dim")
            for child in node.children:
                build(child, branch)
            return branch

        return build(block, None)
    if isinstance(block, Section):
        inner: list[RenderableType] = []
        for child in block.blocks:
            inner.append(_renderable(child, width - 4))  # the panel's border and padding
            inner.append(Text(""))
        if inner:
            inner.pop()
        return Panel(
            Group(*inner),
            title=_text(block.title, "bold"),
            title_align="left",
            border_style=STYLES.get(block.style, "blue") or "blue",
            box=box.ROUNDED,
        )
    raise TypeError(f"unknown block {block!r}")


class _Unglued:
    """A renderable laid out with its glued spaces (``document.glue``) and written with plain
    spaces: the lines are already broken when the spaces come back, and both are one cell wide."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options):  # noqa: ANN201 - rich's protocol
        for segment in console.render(self.inner, options):
            text = segment.text
            yield Segment(unglue(text), segment.style, segment.control) if NO_BREAK in text else segment


def render(blocks: list[Block], console: Console) -> None:
    for index, block in enumerate(on_screen(blocks)):
        if index:
            console.print()
        console.print(_Unglued(_renderable(block, console.width)))


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)
