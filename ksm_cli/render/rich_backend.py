"""Draw document blocks with rich. Imported only when output goes to a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from ksm_cli.render.document import (
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
    on_screen,
    screen_text,
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
    return Text(clean(value), style=STYLES.get(style, style or ""))


# The last column wraps; the others (figures, ids, dates) stay whole while it keeps this width.
MIN_LAST_COLUMN = 20


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
        prefix = {"warn": "⚠ ", "note": "ℹ "}.get(block.style or "", "")
        return _text(prefix + block.text, block.style)
    if isinstance(block, Note):
        prefix = {"warn": "⚠ ", "note": "ℹ "}.get(block.style, "")
        return _text(prefix + block.full_text(), block.style)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in block.rows:
            grid.add_row(_text(key), _text(value))
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
        leading = [
            max(len(row[i]) for row in [[clean(c) for c in block.columns], *cells])
            for i in range(len(block.columns) - 1)
        ]
        # SIMPLE_HEAD: one space of padding on each side of a cell, one character at each edge
        keep_whole = width - sum(leading) - 2 * len(block.columns) - 2 >= MIN_LAST_COLUMN
        for index, column in enumerate(block.columns):
            # fold: a word longer than its column breaks instead of being cut off with "…"
            table.add_column(_text(column), no_wrap=keep_whole and index < len(leading), overflow="fold")
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


def render(blocks: list[Block], console: Console) -> None:
    for index, block in enumerate(on_screen(blocks)):
        if index:
            console.print()
        console.print(_renderable(block, console.width))


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)
