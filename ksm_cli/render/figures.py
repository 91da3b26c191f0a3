"""Pictures in the document model: a diagram or an image, always inside a figure with a caption
and an alternative text (BITV 2.0).

A module of its own, so that the commands without figures do not load it (``render.document``
is loaded by every command). A screen cannot draw a picture: each block here gives the blocks a
screen shows instead (``screen_blocks``), and ``render.document.on_screen`` uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksm_cli.render.document import BaseBlock, Block, Para

if TYPE_CHECKING:
    from collections.abc import Callable

    from ksm_cli.render.drawing import Drawing


class Diagram(BaseBlock):
    """A picture described in a diagram language (``language``: today "mermaid")."""

    __slots__ = ("source", "language")

    def __init__(self, source: str, language: str = "mermaid") -> None:
        self.source, self.language = source, language

    def screen_blocks(self) -> list[Block]:
        return []  # without a figure there is no caption or text to show


class Chart(BaseBlock):
    """A picture that ksm draws itself (``render.drawing``): ``draw`` builds its ``Drawing`` on
    first use and only then, so that a screen, which shows the figure's text instead, never
    builds it or imports the drawing code. ``fallback`` is a ``Diagram`` that Markdown shows
    instead of the drawing (the decision path as Mermaid), or None: then Markdown embeds the
    drawing as SVG."""

    __slots__ = ("draw", "fallback", "_drawing")

    def __init__(self, draw: Callable[[], Drawing], fallback: Diagram | None = None) -> None:
        self.draw, self.fallback = draw, fallback
        self._drawing: Drawing | None = None

    def drawing(self) -> Drawing:
        if self._drawing is None:
            self._drawing = self.draw()
        return self._drawing

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def screen_blocks(self) -> list[Block]:
        return []


class Image(BaseBlock):
    """A picture in a file (``path`` as the document refers to it)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def screen_blocks(self) -> list[Block]:
        return []


class Figure(BaseBlock):
    """A picture (a ``Diagram``, a ``Chart`` or an ``Image``) with its caption and its alternative text,
    which says in words what the picture shows (BITV 2.0). ``text`` are blocks that a screen
    shows instead of the picture; without them it shows the caption and the alternative text."""

    __slots__ = ("picture", "caption", "alt", "text")

    def __init__(
        self, picture: Diagram | Chart | Image, caption: str, alt: str, text: list[Block] | None = None
    ) -> None:
        if not caption.strip() or not alt.strip():
            raise ValueError("a figure needs a caption and an alternative text")
        self.picture, self.caption, self.alt, self.text = picture, caption, alt, text or []

    def screen_blocks(self) -> list[Block]:
        return self.text or [Para(f"Abbildung: {self.caption} – {self.alt}", "muted")]
