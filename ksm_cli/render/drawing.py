"""Pictures as a list of shapes, and two backends for them: SVG (HTML) and PNG (DOCX, ODT).

A ``Drawing`` is described once, in points (1/72 inch) on paper: rectangles, lines with or
without an arrow head, closed polygons (markers) and text. ``to_svg`` writes it as SVG text (standard library only);
``to_png`` draws it with Pillow at print resolution, with the DejaVu fonts in ``ksm_cli/fonts``
(the SVG names the same family first, then Verdana, whose widths are close). Both backends
draw the same shapes, so the picture in a Word file and in the browser cannot drift apart.

Colour never carries meaning alone (BITV 2.0): whatever a colour says, a line's width, a dash
pattern or a word says as well. Text is shown literally: escaped in SVG, drawn as it is in PNG.
Imported only when a document with pictures is written.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = {False: FONTS / "DejaVuSans.ttf", True: FONTS / "DejaVuSans-Bold.ttf"}
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"


class Drawing:
    """Shapes on a canvas ``width`` × ``height`` points; y grows downwards, as in SVG."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.shapes: list[tuple[str, dict[str, Any]]] = []

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str | None = None,
        stroke: str | None = "#000000",
        width: float = 1.0,
        dash: tuple[float, float] | None = None,
        radius: float = 0.0,
    ) -> None:
        self.shapes.append(
            (
                "rect",
                dict(x=x, y=y, w=w, h=h, fill=fill, stroke=stroke, width=width, dash=dash, radius=radius),
            )
        )

    def line(
        self,
        points: list[tuple[float, float]],
        *,
        stroke: str = "#000000",
        width: float = 1.0,
        dash: tuple[float, float] | None = None,
        arrow: bool = False,
    ) -> None:
        self.shapes.append(("line", dict(points=points, stroke=stroke, width=width, dash=dash, arrow=arrow)))

    def polygon(
        self,
        points: list[tuple[float, float]],
        *,
        fill: str | None = None,
        stroke: str | None = "#000000",
        width: float = 1.0,
    ) -> None:
        """A closed shape through ``points`` (a marker: diamond, triangle, circle as many points)."""
        self.shapes.append(("polygon", dict(points=points, fill=fill, stroke=stroke, width=width)))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 9.0,
        bold: bool = False,
        anchor: str = "start",
        fill: str = "#000000",
    ) -> None:
        """One line of text; ``y`` is its baseline, ``anchor`` "start", "middle" or "end"."""
        self.shapes.append(
            ("text", dict(x=x, y=y, text=text, size=size, bold=bold, anchor=anchor, fill=fill))
        )


@functools.lru_cache(maxsize=64)
def _font(size_px: int, bold: bool) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_FILES[bold]), size_px)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size`` points, measured with ksm's font."""
    return float(_font(max(1, round(size * 10)), bold).getlength(text)) / 10


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points (a single long word stays)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def arrow_head(
    points: list[tuple[float, float]], width: float
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The line of an arrow, ending where its head begins, and the head as a triangle: the same
    geometry for both backends (the head is max(6, 4 × width) points long)."""
    import math

    (x1, y1), (x2, y2) = points[-2], points[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    size = max(6.0, 4.0 * width)
    left = (x2 - size * math.cos(angle - 0.4), y2 - size * math.sin(angle - 0.4))
    right = (x2 - size * math.cos(angle + 0.4), y2 - size * math.sin(angle + 0.4))
    back = size * math.cos(0.4) * 0.9  # the line stops inside the head, so no blunt end shows
    length = math.hypot(x2 - x1, y2 - y1)
    end = (x2 - back * math.cos(angle), y2 - back * math.sin(angle)) if length > back else (x1, y1)
    return [*points[:-1], end], [(x2, y2), left, right]


def _rect_outline(x: float, y: float, w: float, h: float, radius: float) -> list[tuple[float, float]]:
    """The outline of a (rounded) rectangle as points, from the top left, clockwise, where SVG
    starts the dashes of a ``rect``."""
    import math

    r = max(0.0, min(radius, w / 2, h / 2))
    if not r:
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    points: list[tuple[float, float]] = []
    for cx, cy, start in (
        (x + w - r, y + r, -90),
        (x + w - r, y + h - r, 0),
        (x + r, y + h - r, 90),
        (x + r, y + r, 180),
    ):
        for step in range(7):
            angle = math.radians(start + step * 15)
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return [(x + r, y), *points, (x + r, y)]


def _escape(text: str) -> str:
    """Text for SVG content or a double-quoted attribute (``xml.sax.saxutils`` would import
    ``urllib`` and ``http``: 25 ms more for every document)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _dash(dash: tuple[float, float] | None) -> str:
    return f' stroke-dasharray="{dash[0]:g} {dash[1]:g}"' if dash else ""


def to_svg(drawing: Drawing, title: str | None = None, desc: str | None = None, ident: str = "bild") -> str:
    """The drawing as a standalone SVG element, its size in points; ``title`` and ``desc``
    (the caption and the alternative text) become its accessible name and description.
    ``ident`` prefixes the element ids, so that several SVGs can stand in one HTML page."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawing.width:g} {drawing.height:g}" '
        f'width="{drawing.width:g}pt" height="{drawing.height:g}pt" role="img"'
        + (f' aria-labelledby="{ident}-t {ident}-d"' if title and desc else "")
        + ">"
    ]
    if title:
        out.append(f'<title id="{ident}-t">{_escape(title)}</title>')
    if desc:
        out.append(f'<desc id="{ident}-d">{_escape(desc)}</desc>')
    for kind, s in drawing.shapes:
        if kind == "rect":
            fill = s["fill"] or "none"
            stroke = f' stroke="{s["stroke"]}" stroke-width="{s["width"]:g}"' if s["stroke"] else ""
            out.append(
                f'<rect x="{s["x"]:g}" y="{s["y"]:g}" width="{s["w"]:g}" height="{s["h"]:g}" '
                f'rx="{s["radius"]:g}" fill="{fill}"{stroke}{_dash(s["dash"])}/>'
            )
        elif kind == "line":
            line, head = (
                arrow_head(s["points"], s["width"])
                if s["arrow"] and len(s["points"]) >= 2
                else (s["points"], None)
            )
            points = " ".join(f"{x:g},{y:g}" for x, y in line)
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{s["stroke"]}" '
                f'stroke-width="{s["width"]:g}" stroke-linejoin="round"{_dash(s["dash"])}/>'
            )
            if head:
                corners = " ".join(f"{x:g},{y:g}" for x, y in head)
                out.append(f'<polygon points="{corners}" fill="{s["stroke"]}"/>')
        elif kind == "polygon":
            points = " ".join(f"{x:g},{y:g}" for x, y in s["points"])
            stroke = f' stroke="{s["stroke"]}" stroke-width="{s["width"]:g}"' if s["stroke"] else ""
            out.append(
                f'<polygon points="{points}" fill="{s["fill"] or "none"}"{stroke} stroke-linejoin="round"/>'
            )
        else:
            weight = ' font-weight="bold"' if s["bold"] else ""
            out.append(
                f'<text x="{s["x"]:g}" y="{s["y"]:g}" font-size="{s["size"]:g}" '
                f'font-family="{_escape(FONT_FAMILY)}"{weight} '
                f'text-anchor="{s["anchor"]}" fill="{s["fill"]}" xml:space="preserve">{_escape(s["text"])}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


_PNGS: dict[tuple[object, ...], bytes] = {}  # equal drawings in one run (a batch): drawn once
_PNG_MEMO = 16


def to_png(drawing: Drawing, dpi: int = 200) -> bytes:
    """The drawing as PNG at ``dpi`` (print resolution), on white; an equal drawing drawn before
    in this process gives the same bytes without drawing again."""
    key = (dpi, drawing.width, drawing.height, repr(drawing.shapes))
    found = _PNGS.get(key)
    if found is None:
        found = _draw_png(drawing, dpi)
        if len(_PNGS) >= _PNG_MEMO:
            _PNGS.pop(next(iter(_PNGS)))
        _PNGS[key] = found
    return found


def _draw_png(drawing: Drawing, dpi: int) -> bytes:
    """The drawing as PNG at ``dpi`` (print resolution), on white."""
    import io
    import math

    from PIL import Image, ImageDraw

    scale = dpi / 72
    image = Image.new(
        "RGB", (max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale))), "white"
    )
    draw = ImageDraw.Draw(image)

    def pt(x: float, y: float) -> tuple[float, float]:
        return (x * scale, y * scale)

    def dashed(points: list[tuple[float, float]], fill: str, width: int, dash: tuple[float, float]) -> None:
        """Dashes along the whole path, the pattern running on over its corners, as in SVG."""
        on, off = dash[0] * scale, dash[1] * scale
        phase = 0.0  # how far into the current period (on + off) the path has come
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            length = math.hypot(x2 - x1, y2 - y1)
            pos = 0.0
            while length - pos > 1e-6:
                drawn = phase < on
                boundary = on if drawn else on + off
                end = min(pos + boundary - phase, length)
                if drawn:
                    a = (x1 + (x2 - x1) * pos / length, y1 + (y2 - y1) * pos / length)
                    b = (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)
                    draw.line([a, b], fill=fill, width=width)
                # at a boundary the phase is set to it exactly, so rounding cannot stall the loop
                phase = boundary % (on + off) if end < length else phase + end - pos
                pos = end

    for kind, s in drawing.shapes:
        if kind == "rect":
            box = [pt(s["x"], s["y"]), pt(s["x"] + s["w"], s["y"] + s["h"])]
            width = max(1, round(s["width"] * scale))
            if s["dash"] and s["stroke"]:
                if s["fill"]:
                    draw.rectangle(box, fill=s["fill"])
                outline = _rect_outline(s["x"], s["y"], s["w"], s["h"], s["radius"])
                dashed([pt(*c) for c in outline], s["stroke"], width, s["dash"])
            else:
                draw.rounded_rectangle(
                    box,
                    radius=s["radius"] * scale,
                    fill=s["fill"],
                    outline=s["stroke"],
                    width=width if s["stroke"] else 0,
                )
        elif kind == "line":
            points = [pt(x, y) for x, y in s["points"]]
            width = max(1, round(s["width"] * scale))
            head = None
            if s["arrow"] and len(s["points"]) >= 2:
                line, head = arrow_head(s["points"], s["width"])
                points = [pt(x, y) for x, y in line]
            if s["dash"]:
                dashed(points, s["stroke"], width, s["dash"])
            else:
                draw.line(points, fill=s["stroke"], width=width, joint="curve")
            if head:
                draw.polygon([pt(x, y) for x, y in head], fill=s["stroke"])
        elif kind == "polygon":
            points = [pt(x, y) for x, y in s["points"]]
            if s["fill"]:
                draw.polygon(points, fill=s["fill"])
            if s["stroke"]:
                width = max(1, round(s["width"] * scale))
                draw.line([*points, points[0], points[1]], fill=s["stroke"], width=width, joint="curve")
        else:
            font = _font(max(1, round(s["size"] * scale)), s["bold"])
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s["anchor"]]
            draw.text(pt(s["x"], s["y"]), s["text"], font=font, fill=s["fill"], anchor=anchor)
    buffer = io.BytesIO()
    # zlib's level 1: a third of the default's time (a chart is mostly white), the file a little
    # larger; the pictures of a 100-Kommunen batch are the bulk of its time
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=False, compress_level=1)
    return buffer.getvalue()


def size_cm(drawing: Drawing) -> tuple[float, float]:
    """The drawing's size on paper in centimetres (for DOCX and ODT)."""
    return drawing.width / 72 * 2.54, drawing.height / 72 * 2.54
