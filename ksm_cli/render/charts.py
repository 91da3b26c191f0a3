"""The pictures of the documents (issue 18 §2), drawn by ksm with ``render.drawing``.

Four pictures: the decision path through Abbildung 5.1, the IST/SOLL shift per group of tasks,
the mentoring days per project year against the minimum, and the Fahrplan as a timeline. Each
has a function that returns its ``Drawing`` and one that returns the ready ``Figure`` with a
German caption and an alternative text that says in words what the picture shows (BITV 2.0).

All pictures are at most 450 pt (16 cm) wide, with fonts of at least 7 pt, and legible in
black-and-white print: what is highlighted has thick black lines, bold text, dark fills with
white text, hatching or dashes, and words say what a colour says. Greys and one accent colour.
Imported only when a document with pictures is written.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import clean
from ksm_cli.render.drawing import Drawing, text_width, wrap
from ksm_cli.render.figures import Chart, Diagram, Figure

if TYPE_CHECKING:
    from ksm_cli.assess.engine import Assessment
    from ksm_cli.assess.types import PlanStep, Timeline
    from ksm_cli.mentoring.types import Tally, Year
    from ksm_cli.tasks.types import Comparison

WIDTH = 450.0  # 16 cm, the text width of an A4 page with 2.5 cm margins
ACCENT = "#1f4e79"  # the one accent colour: a dark blue that prints as a dark grey
BLACK = "#000000"
DARK = "#404040"
GREY = "#6e6e6e"  # grey text and untaken lines (contrast 5:1 on white)
LIGHT = "#d0d0d0"
PALE = "#f0f0f0"
WHITE = "#ffffff"
SMALL = 7.0  # the smallest font
BODY = 8.0
RECONSTRUCTION = "Rekonstruktion von Abbildung 5.1 (ksm)"


def _line_height(size: float) -> float:
    return size * 1.25


def _wrapped(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` on lines no wider than ``width``; a word that is too long alone is cut with a
    hyphen, so that nothing ever leaves its box."""
    lines: list[str] = []
    for line in wrap(text, width, size, bold):
        while text_width(line, size, bold) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut] + "-", size, bold) > width:
                cut -= 1
            lines.append(line[:cut] + "-")
            line = line[cut:]
        lines.append(line)
    return lines


def _fitted(text: str, width: float, bold: bool = False, size: float = BODY) -> tuple[list[str], float]:
    """``text`` wrapped at ``size``, or at the smallest size where no word has to be cut."""
    for candidate in (size, SMALL):
        lines = wrap(text, width, candidate, bold)
        if all(text_width(line, candidate, bold) <= width for line in lines):
            return lines, candidate
    return _wrapped(text, width, SMALL, bold), SMALL


def _one_line(text: str) -> str:
    return " ".join(clean(str(text)).split())


def _text_block(
    d: Drawing,
    x: float,
    top: float,
    lines: list[str],
    size: float,
    *,
    bold: bool = False,
    anchor: str = "start",
    fill: str = BLACK,
) -> float:
    """Lines of text from ``top`` (the top of the first line); returns the bottom of the block."""
    step = _line_height(size)
    for index, line in enumerate(lines):
        d.text(x, top + index * step + size * 0.95, line, size=size, bold=bold, anchor=anchor, fill=fill)
    return top + len(lines) * step


def _hatch(
    d: Drawing, x: float, y: float, w: float, h: float, *, step: float = 3.5, color: str = BLACK
) -> None:
    """Diagonal hatching inside the rectangle (lines from bottom left to top right)."""
    if w <= 0 or h <= 0:
        return
    offset = -h
    while offset < w:
        # the line x' - x = offset + (y + h - y'), clipped to the rectangle
        x1, y1 = x + offset, y + h
        x2, y2 = x + offset + h, y
        if x1 < x:
            y1 -= x - x1
            x1 = x
        if x2 > x + w:
            y2 += x2 - (x + w)
            x2 = x + w
        if x2 > x1:
            d.line([(x1, y1), (x2, y2)], stroke=color, width=0.6)
        offset += step


def _check_mark(d: Drawing, x: float, y: float, size: float, color: str = BLACK) -> None:
    """A tick ✓ whose box is ``size`` wide, top left at (x, y)."""
    d.line(
        [(x, y + size * 0.55), (x + size * 0.38, y + size * 0.9), (x + size, y + size * 0.1)],
        stroke=color,
        width=1.6,
    )


def _diamond(d: Drawing, cx: float, cy: float, r: float, *, fill: str | None, width: float = 1.0) -> None:
    d.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=fill, stroke=BLACK, width=width)


def _circle(d: Drawing, cx: float, cy: float, r: float, *, fill: str | None, width: float = 1.0) -> None:
    points = [(cx + r * math.cos(i * math.pi / 12), cy + r * math.sin(i * math.pi / 12)) for i in range(24)]
    d.polygon(points, fill=fill, stroke=BLACK, width=width)


def _triangle(d: Drawing, cx: float, cy: float, r: float, *, fill: str | None, width: float = 1.0) -> None:
    d.polygon(
        [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)], fill=fill, stroke=BLACK, width=width
    )


def _fit(d: Drawing, bottom: float) -> Drawing:
    d.height = math.ceil(bottom)
    return d


# --- 1. The decision path through Abbildung 5.1 -------------------------------------------------

# A vertical chain: the path's questions one below the other, the answer given on the thick
# arrow between them, each answer not given as a grey dashed stub to the right with the box it
# would lead to. The whole chart (12 questions, 9 results, ten layers deep with crossing edges)
# would not stay legible at 16 cm; the chain shows every decision of the path with its
# alternative and stays within one page.

_BOX_X = 8.0
_BOX_W = 210.0
_STUB_X = _BOX_X + _BOX_W  # where the stub arrows start
_TARGET_X = 300.0  # the boxes the untaken answers lead to
_TARGET_W = WIDTH - _TARGET_X - 4
_PAD = 5.0


def _taken(flowchart: dict[str, Any], assessment: Assessment) -> list[tuple[str, str]]:
    nodes = flowchart["nodes"]
    return [(s.node, s.option) for s in assessment.path if s.node in nodes]


def _target_label(flowchart: dict[str, Any], target: str) -> str:
    if target in flowchart["results"]:
        return _one_line(flowchart["results"][target]["label"])
    if target in flowchart["nodes"]:
        return _one_line(flowchart["nodes"][target]["label"])
    return _one_line(target)


def _boxed(
    d: Drawing,
    x: float,
    top: float,
    w: float,
    text: str,
    *,
    size: float = BODY,
    bold: bool = False,
    fill: str | None = WHITE,
    stroke: str = BLACK,
    width: float = 1.0,
    dash: tuple[float, float] | None = None,
    radius: float = 2.0,
    color: str = BLACK,
) -> float:
    """A box with wrapped, centred text; returns its bottom."""
    lines = _wrapped(text, w - 2 * _PAD, size, bold)
    h = len(lines) * _line_height(size) + 2 * _PAD - 1
    d.rect(x, top, w, h, fill=fill, stroke=stroke, width=width, dash=dash, radius=radius)
    _text_block(d, x + w / 2, top + _PAD - 0.5, lines, size, bold=bold, anchor="middle", fill=color)
    return top + h


def decision_path(flowchart: dict[str, Any], assessment: Assessment) -> Drawing:
    """The path of the answers through Abbildung 5.1: the questions of the path as a chain of
    boxes with the answers given on thick arrows, and each answer not given as a grey dashed
    stub to the box it would have led to. The result is a dark box with white text."""
    nodes, results = flowchart["nodes"], flowchart["results"]
    stages = {s["id"]: s for s in flowchart.get("stages", [])}
    d = Drawing(WIDTH, 2000)
    y = 4.0
    taken = _taken(flowchart, assessment)
    cx = _BOX_X + _BOX_W / 2

    if assessment.erstvorhaben:
        label = f"{_one_line(assessment.erstvorhaben['label'])} (ergänzt durch ksm)"
        bottom = _boxed(d, _BOX_X, y, _BOX_W, label, dash=(4, 3), color=DARK, stroke=DARK)
        d.line([(cx, bottom), (cx, bottom + 20)], stroke=DARK, width=1.2, dash=(4, 3), arrow=True)
        y = bottom + 22

    stage = None
    for index, (node_id, option_id) in enumerate(taken):
        node = nodes[node_id]
        if node.get("stage") != stage and node.get("stage") in stages:
            stage = node["stage"]
            info = stages[stage]
            heading = f"Frage {info['number']}: {_one_line(info['title'])}"
            y = _text_block(
                d, _BOX_X, y, _wrapped(heading, WIDTH - 2 * _BOX_X, SMALL, True), SMALL, bold=True, fill=GREY
            )
            y += 2
        box_top = y
        question_bottom = _boxed(
            d, _BOX_X, y, _BOX_W, _one_line(node["label"]), size=BODY, bold=True, width=2.2
        )
        middle = (box_top + question_bottom) / 2
        chosen = next(o for o in node["options"] if o["id"] == option_id)
        # the answers not given: stubs to the right, one below the other
        stub_y = box_top
        for option in node["options"]:
            if option["id"] == option_id:
                continue
            target = option["next"]
            label_lines = _wrapped(_one_line(option["label"]), _TARGET_X - _STUB_X - 10, SMALL)
            target_top = stub_y
            target_bottom = _boxed(
                d,
                _TARGET_X,
                target_top,
                _TARGET_W,
                _target_label(flowchart, target),
                size=SMALL,
                fill=WHITE,
                stroke=GREY,
                width=0.8,
                dash=(3, 2),
                radius=7.0 if target in results else 2.0,
                color=GREY,
            )
            arrow_y = min(max(middle, target_top + 6), target_bottom - 6)
            d.line(
                [(_STUB_X, arrow_y), (_TARGET_X - 1, arrow_y)],
                stroke=GREY,
                width=0.8,
                dash=(3, 2),
                arrow=True,
            )
            label_top = arrow_y - 2 - len(label_lines) * _line_height(SMALL)
            _text_block(d, _STUB_X + 6, label_top, label_lines, SMALL, fill=GREY)
            stub_y = target_bottom + 4
        bottom = max(question_bottom, stub_y - 4)
        # the answer given: a thick arrow down, its label in bold beside it
        answer_lines = _wrapped(_one_line(chosen["label"]), _BOX_W / 2 - 8, BODY, True)
        gap = max(22.0, len(answer_lines) * _line_height(BODY) + 8)
        d.line([(cx, question_bottom), (cx, bottom + gap)], stroke=BLACK, width=2.2, arrow=True)
        _text_block(
            d,
            cx + 6,
            bottom + (gap - len(answer_lines) * _line_height(BODY)) / 2 - 1,
            answer_lines,
            BODY,
            bold=True,
        )
        y = bottom + gap + 1
        if index == len(taken) - 1:
            target = chosen["next"]
            if target in results and assessment.result_id == target:
                label = f"Ergebnis: {_target_label(flowchart, target)}"
                y = _boxed(
                    d,
                    _BOX_X,
                    y,
                    _BOX_W,
                    label,
                    size=BODY,
                    bold=True,
                    fill=ACCENT,
                    stroke=BLACK,
                    width=2.2,
                    radius=9.0,
                    color=WHITE,
                )
            else:
                label = f"noch offen: {_target_label(flowchart, target)}"
                y = _boxed(d, _BOX_X, y, _BOX_W, label, dash=(4, 3), width=1.2)
    if not taken:
        start = flowchart["start"]
        y = _boxed(
            d, _BOX_X, y, _BOX_W, f"noch offen: {_target_label(flowchart, start)}", dash=(4, 3), width=1.2
        )

    # legend and the reconstruction line
    y += 12
    d.line([(_BOX_X, y), (_BOX_X + 26, y)], stroke=BLACK, width=2.2, arrow=True)
    d.text(_BOX_X + 32, y + 2.5, "gegebene Antwort", size=SMALL)
    legend_x = _BOX_X + 32 + text_width("gegebene Antwort", SMALL) + 16
    d.line([(legend_x, y), (legend_x + 26, y)], stroke=GREY, width=0.8, dash=(3, 2), arrow=True)
    d.text(legend_x + 32, y + 2.5, "andere Antwort (nicht gegeben)", size=SMALL, fill=GREY)
    d.text(WIDTH - 4, y + 2.5, RECONSTRUCTION, size=SMALL, anchor="end", fill=GREY)
    return _fit(d, y + 8)


def path_alt(flowchart: dict[str, Any], assessment: Assessment) -> str:
    """The alternative text of the decision path: each step with its answer, then the result."""
    nodes, results = flowchart["nodes"], flowchart["results"]
    steps = []
    for node_id, option_id in _taken(flowchart, assessment):
        option = next(o for o in nodes[node_id]["options"] if o["id"] == option_id)
        steps.append(f"{_one_line(nodes[node_id]['label'])}: {_one_line(option['label'])}")
    alt = ""
    if assessment.erstvorhaben:
        alt = f"Vor dem Flussdiagramm steht der von ksm ergänzte Schritt „{_one_line(assessment.erstvorhaben['label'])}“. "
    alt += "Der Weg durch das Flussdiagramm: " + (" → ".join(steps) if steps else "noch keine Antwort")
    if assessment.result_id in results:
        alt += f" → Ergebnis {_one_line(results[assessment.result_id]['label'])}"
    else:
        alt += " (noch ohne Ergebnis)"
    return (
        alt
        + ". Die nicht gegebenen Antworten sind gestrichelt mit ihrem Ziel gezeigt. "
        + RECONSTRUCTION
        + "."
    )


def path_figure(flowchart: dict[str, Any], assessment: Assessment) -> Figure:
    """The decision path as a figure; Markdown keeps showing it as a Mermaid diagram."""
    from ksm_cli.render.flowchart import mermaid

    source = mermaid(
        flowchart,
        _taken(flowchart, assessment),
        only_path=True,
        added=assessment.erstvorhaben["label"] if assessment.erstvorhaben else None,
    )
    return Figure(
        Chart(lambda: decision_path(flowchart, assessment), fallback=Diagram(source)),
        "Der Weg Ihrer Antworten durch das Flussdiagramm (Abbildung 5.1, rekonstruiert)",
        path_alt(flowchart, assessment),
    )


# --- 2. The IST/SOLL shift per group ------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{de_number(value, 1)} %"


def _points(delta: float) -> str:
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return f"{sign}{de_number(abs(delta), 1)} Pp."


def _scale_max(value: float) -> float:
    """A round upper end of the axis: 10, 20, 25, 50, 75, 100 … at least the value."""
    for top in (10, 20, 25, 30, 40, 50, 60, 75, 80, 100):
        if value <= top:
            return float(top)
    return float(math.ceil(value / 50) * 50)


def _legend_swatch(d: Drawing, x: float, y: float, kind: str) -> None:
    """A 14 × 8 pt sample of the IST (hatched) or SOLL (solid) bar, top left at (x, y)."""
    if kind == "ist":
        d.rect(x, y, 14, 8, fill=WHITE, stroke=BLACK, width=0.8)
        _hatch(d, x, y, 14, 8, step=3)
        d.rect(x, y, 14, 8, fill=None, stroke=BLACK, width=0.8)
    else:
        d.rect(x, y, 14, 8, fill=ACCENT, stroke=BLACK, width=0.8)


def shift_chart(comparison: Comparison) -> Drawing:
    """IST and SOLL of each group of tasks as a pair of horizontal bars: IST hatched, SOLL
    solid dark, each value written at its bar, the shift in percentage points at the right."""
    groups = comparison["groups"]
    d = Drawing(WIDTH, 2000)
    label_w = 150.0
    bars_x = label_w + 10
    shift_w = 52.0
    value_w = text_width("SOLL 100 %", SMALL, True) + 6
    bars_w = WIDTH - bars_x - value_w - shift_w - 4
    top = _scale_max(max([g["ist"] for g in groups] + [g["soll"] for g in groups] + [1.0]))

    # legend
    y = 4.0
    _legend_swatch(d, bars_x, y, "ist")
    d.text(bars_x + 18, y + 7, "IST (heute)", size=SMALL)
    x = bars_x + 18 + text_width("IST (heute)", SMALL) + 14
    _legend_swatch(d, x, y, "soll")
    d.text(x + 18, y + 7, "SOLL (künftig)", size=SMALL, bold=True)
    d.text(WIDTH - 4, y + 7, "Verschiebung", size=SMALL, anchor="end", fill=GREY)
    y += 16
    axis_top = y
    bar_h = 10.0

    def at(value: float) -> float:
        return bars_x + bars_w * max(0.0, min(value, top)) / top

    for group in groups:
        lines = _wrapped(_one_line(group["name"]), label_w, BODY)
        row_h = max(2 * bar_h + 8, len(lines) * _line_height(BODY) + 6)
        middle = y + row_h / 2
        _text_block(d, 0, middle - len(lines) * _line_height(BODY) / 2, lines, BODY)
        ist_y, soll_y = middle - bar_h - 1, middle + 1
        ist_end, soll_end = at(group["ist"]), at(group["soll"])
        if ist_end > bars_x:
            d.rect(bars_x, ist_y, ist_end - bars_x, bar_h, fill=WHITE, stroke=None)
            _hatch(d, bars_x, ist_y, ist_end - bars_x, bar_h, step=3)
            d.rect(bars_x, ist_y, ist_end - bars_x, bar_h, fill=None, stroke=BLACK, width=0.8)
        if soll_end > bars_x:
            d.rect(bars_x, soll_y, soll_end - bars_x, bar_h, fill=ACCENT, stroke=BLACK, width=0.8)
        d.text(ist_end + 3, ist_y + 7.8, f"IST {_percent(group['ist'])}", size=SMALL)
        d.text(soll_end + 3, soll_y + 7.8, f"SOLL {_percent(group['soll'])}", size=SMALL, bold=True)
        d.text(
            WIDTH - 4, middle + 3, _points(group["delta"]), size=BODY, bold=group["delta"] != 0, anchor="end"
        )
        y += row_h + 6
    # the axis: grid lines every tenth (or quarter) of the scale, the value under each
    ticks = 5 if top in (25.0, 75.0) else (4 if top in (20.0, 40.0, 60.0, 80.0) else 5)
    for i in range(ticks + 1):
        value = top * i / ticks
        x = at(value)
        d.line([(x, axis_top - 2), (x, y - 4)], stroke=LIGHT if i else BLACK, width=0.6 if i else 1.0)
        d.text(x, y + 5, _percent(value), size=SMALL, anchor="middle", fill=GREY)
    # the bars were drawn before the grid: draw the grid first by moving it to the front
    grid = [shape for shape in d.shapes if shape[0] == "line" and shape[1]["stroke"] == LIGHT]
    d.shapes = grid + [
        shape for shape in d.shapes if not (shape[0] == "line" and shape[1]["stroke"] == LIGHT)
    ]
    y += 10
    d.text(
        bars_x,
        y + 7,
        "Anteil an der Arbeitszeit in %; Verschiebung in Prozentpunkten (Pp.)",
        size=SMALL,
        fill=GREY,
    )
    return _fit(d, y + 11)


def shift_alt(comparison: Comparison) -> str:
    parts = []
    for group in comparison["groups"]:
        delta = group["delta"]
        change = "unverändert" if delta == 0 else ("mehr" if delta > 0 else "weniger")
        text = f"{_one_line(group['name'])}: IST {_percent(group['ist'])}, SOLL {_percent(group['soll'])}"
        parts.append(
            text + (f" ({change})" if delta == 0 else f" ({de_number(abs(delta), 1)} Prozentpunkte {change})")
        )
    kommune = comparison.get("kommune")
    who = f" für {_one_line(kommune)}" if kommune else ""
    return (
        f"Balkendiagramm{who}: Anteil der Aufgabengruppen an der Arbeitszeit heute (IST) und künftig (SOLL). "
        + "; ".join(parts)
        + "."
    )


def shift_figure(comparison: Comparison) -> Figure:
    return Figure(
        Chart(lambda: shift_chart(comparison)),
        "Verschiebung der Arbeitszeit je Aufgabengruppe: IST und SOLL (Tabellen 4.2 und 4.3)",
        shift_alt(comparison),
    )


# --- 3. Mentoring days per project year -----------------------------------------------------------


def _days(value: float) -> str:
    return f"{de_number(value, 2)} {'Tag' if value == 1 else 'Tage'}"


def _year_name(year: Year) -> str:
    return (
        f"Kalenderjahr {year['project_year']}" if year["calendar"] else f"Projektjahr {year['project_year']}"
    )


def _year_state(year: Year) -> str:
    if year["minimum_days"] is None:
        return "kein Mindestumfang"
    if year["met"]:
        return "erfüllt"
    return f"fehlt {_days(year['shortfall_days'])}"


def mentoring_chart(tally: Tally) -> Drawing:
    """The credited mentoring days of each year as a bar, the minimum as a dashed line across
    the year's slot ("Mindestens N Tage"), the days written above each bar and, under it, the
    year, its dates and in words whether the minimum is met."""
    years = tally["years"]
    d = Drawing(WIDTH, 2000)
    if not years:
        d.text(4, 14, "Noch keine Mentoring-Einträge.", size=BODY)
        return _fit(d, 22)
    label_w = 86.0 if any(y["minimum_days"] is not None for y in years) else 0.0  # for „Mindestens N Tage“
    axis_x = 34.0
    plot_w = WIDTH - axis_x - label_w - 6
    plot_top, plot_h = 14.0, 150.0
    base = plot_top + plot_h
    values = [y["credited_days"] for y in years] + [y["minimum_days"] or 0 for y in years] + [1.0]
    top = max(values) * 1.15
    step = (
        next(s for s in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 250, 500) if top / s <= 6)
        if top <= 3000
        else top / 5
    )
    top = math.ceil(top / step) * step

    def at(value: float) -> float:
        return base - plot_h * max(0.0, min(value, top)) / top

    tick = 0.0
    while tick <= top + 1e-9:
        yy = at(tick)
        d.line(
            [(axis_x, yy), (axis_x + plot_w, yy)], stroke=LIGHT if tick else BLACK, width=0.6 if tick else 1.0
        )
        d.text(axis_x - 4, yy + 2.5, de_number(tick, 2), size=SMALL, anchor="end", fill=GREY)
        tick += step
    d.text(0, 8, "Tage", size=SMALL, fill=GREY)
    d.line([(axis_x, plot_top - 4), (axis_x, base)], stroke=BLACK, width=1.0)

    slot = plot_w / max(1, len(years))
    bar_w = min(60.0, slot * 0.5)
    minimum_labels: list[tuple[float, str]] = []
    bottom = base
    for index, year in enumerate(years):
        cx = axis_x + slot * (index + 0.5)
        value = year["credited_days"]
        bar_top = at(value)
        if value > 0:
            d.rect(cx - bar_w / 2, bar_top, bar_w, base - bar_top, fill=ACCENT, stroke=BLACK, width=0.8)
        minimum = year["minimum_days"]
        if minimum is not None:
            my = at(minimum)
            ends = [(axis_x + slot * index + 4, my), (axis_x + slot * (index + 1) - 4, my)]
            d.line(ends, stroke=WHITE, width=3.4)  # a white casing: the dashes stay visible on the bar
            d.line(ends, stroke=BLACK, width=1.6, dash=(5, 3))
            if value > 0:  # the bar's outline over the casing
                d.rect(cx - bar_w / 2, bar_top, bar_w, base - bar_top, fill=None, stroke=BLACK, width=0.8)
            minimum_labels.append((my, f"Mindestens {_days(minimum)}"))
        label = _days(value)
        lw = text_width(label, BODY, True)
        ly = bar_top - 4
        if minimum is not None and abs(ly - 3 - at(minimum)) < 7:
            ly = at(minimum) - 5 if bar_top >= at(minimum) - 9 and value <= minimum else ly
        d.rect(cx - lw / 2 - 1.5, ly - 8, lw + 3, 10.5, fill=WHITE, stroke=None)
        d.text(cx, ly, label, size=BODY, bold=True, anchor="middle")
        lines, size = _fitted(_year_name(year), slot - 4, True)
        yy = _text_block(d, cx, base + 4, lines, size, bold=True, anchor="middle")
        dates = _wrapped(f"{de_date(year['start'])} – {de_date(year['end'])}", slot - 4, SMALL)
        yy = _text_block(d, cx, yy, dates, SMALL, anchor="middle", fill=GREY)
        state, size = _fitted(_year_state(year), slot - 4, year["met"] is False)
        if year["met"] is True:
            width = text_width(state[0], size)
            _check_mark(d, cx - width / 2 - 11, yy + 2, 8)
        yy = _text_block(d, cx, yy + 1, state, size, bold=year["met"] is False, anchor="middle")
        bottom = max(bottom, yy)
    # the labels of the minimum in the right margin, one per distinct value, never on top of each other
    placed: list[float] = []
    for my, text in sorted(set(minimum_labels)):
        ty = my + 3
        while any(abs(ty - p) < 10 for p in placed):
            ty += 10
        placed.append(ty)
        for i, line in enumerate(_wrapped(text, label_w - 4, SMALL, True)):
            d.text(WIDTH - label_w + 4, ty + i * 9, line, size=SMALL, bold=True)
    return _fit(d, bottom + 4)


def mentoring_alt(tally: Tally) -> str:
    parts = []
    for year in tally["years"]:
        text = f"{_year_name(year)} ({de_date(year['start'])} bis {de_date(year['end'])}): {_days(year['credited_days'])}"
        if year["minimum_days"] is not None:
            minimum = year["minimum_days"]
            text += f" von mindestens {de_number(minimum, 2)} {'Tag' if minimum == 1 else 'Tagen'}, {_year_state(year)}"
        else:
            text += ", kein Mindestumfang"
        parts.append(text)
    if not parts:
        return "Balkendiagramm der angerechneten Mentoring-Tage: noch keine Jahre mit Einträgen."
    return (
        "Balkendiagramm der angerechneten Mentoring-Tage je Jahr gegen den Mindestumfang. "
        + "; ".join(parts)
        + "."
    )


def mentoring_figure(tally: Tally) -> Figure:
    return Figure(
        Chart(lambda: mentoring_chart(tally)),
        "Angerechnete Mentoring-Tage je Projektjahr und Mindestumfang",
        mentoring_alt(tally),
    )


# --- 4. The Fahrplan as a timeline ----------------------------------------------------------------

# A vertical list: one row per step, its label (and its state in words) at the left, and at the
# right on a common time axis a bar from the earliest to the latest date, or a diamond at the
# latest date where only that is known. „heute“ is a thick solid line, the Förderende a thick
# dashed one. Shapes and words say the state: done steps are light with a tick and „erledigt“,
# overdue ones are hatched with a thick border and „überfällig“.

_STATE_WORDS = {
    "erledigt": "erledigt",
    "überfällig": "überfällig",
    "laufend": "laufend",
    "offen": "offen",
    "ohne Datum": "ohne Datum",
    "nach Förderende": "nach dem Förderende",
}

_MONTHS = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez.")


def _month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _step_dates(step: PlanStep) -> list[dt.date]:
    return [d for d in (step["earliest"], step["latest"]) if d is not None]


def _when(step: PlanStep) -> str:
    earliest, latest = step["earliest"], step["latest"]
    if earliest and latest:
        return f"{de_date(earliest)} bis {de_date(latest)}" + (" (geschätzt)" if step["estimated"] else "")
    if latest:
        return f"bis {de_date(latest)}" + (" (geschätzt)" if step["estimated"] else "")
    if earliest:
        return f"ab {de_date(earliest)}"
    return ""


def fahrplan_chart(timeline: Timeline, today: dt.date | None = None) -> Drawing:
    """The Fahrplan up to the Förderende: one row per step with its label and state, and on a
    time axis with month or year ticks its window (a bar) or its deadline (a diamond); a thick
    line „heute“ and a thick dashed line „Förderende“."""
    today = today or timeline["today"]
    steps = timeline["steps"]
    end = timeline["foerderende"] or timeline["end"]
    d = Drawing(WIDTH, 2000)
    label_w = 160.0
    axis_x = label_w + 12
    axis_w = WIDTH - axis_x - 10
    dates = [today] + [day for step in steps for day in _step_dates(step)] + ([end] if end else [])
    first = _month_start(min(dates))
    last = _add_months(max(dates), 1)
    months = (last.year - first.year) * 12 + last.month - first.month
    if months < 6:
        last = _add_months(first, 6)
        months = 6
    span = (last - first).days

    def at(day: dt.date) -> float:
        return axis_x + axis_w * (day - first).days / span

    # the markers „heute“ and „Förderende“ above the axis, their labels never on top of each other
    y = 4.0
    marks: list[tuple[dt.date, str, tuple[float, float] | None]] = [(today, f"heute {de_date(today)}", None)]
    foerderende = timeline["foerderende"]
    estimated_end = (
        timeline["end"] if timeline.get("end_estimated") and timeline["end"] != foerderende else None
    )
    if foerderende:
        name = "Ende Erstvorhaben" if estimated_end else "Förderende"
        marks.append((foerderende, f"{name} {de_date(foerderende)}", (5.0, 3.0)))
    if estimated_end:
        marks.append((estimated_end, f"Förderende (geschätzt) {de_date(estimated_end)}", (2.0, 2.0)))
    label_rows: list[list[tuple[float, float]]] = [[] for _ in marks]
    placed: list[tuple[float, float, str, tuple[float, float] | None, int]] = []
    for day, text, dashed in marks:
        x = at(day)
        w = text_width(text, SMALL, True)
        left = min(max(x - w / 2, axis_x - 10), WIDTH - 2 - w)
        row = next(
            i
            for i, taken in enumerate(label_rows)
            if not any(left < b + 6 and left + w > a - 6 for a, b in taken)
        )
        label_rows[row].append((left, left + w))
        placed.append((x, left, text, dashed, row))
    rows_used = 1 + max(p[4] for p in placed)
    axis_top = y + rows_used * 10 + 2
    for _x, left, text, _dashed, row in placed:
        d.text(left, y + 7 + row * 10, text, size=SMALL, bold=True)

    # ticks: months, quarters, half years or years, so that the tick labels have room
    every, style = next(
        (every, style)
        for every, style in (
            (1, "month"),
            (3, "month"),
            (6, "month"),
            (12, "year"),
            (24, "year"),
            (60, "year"),
        )
        if months / every <= 7 or every == 60
    )
    tick_y = axis_top + 8
    row_y = tick_y + 6
    # rows
    row_tops: list[tuple[float, float]] = []
    y = row_y
    for step in steps:
        status = step["status"]
        label = _one_line(step["label"]) + (" (falls notwendig)" if step["optional"] else "")
        lines = _wrapped(label, label_w, BODY, status == "überfällig")
        when = _when(step)
        state = f"{_STATE_WORDS.get(status, status)}: {when}" if when else _STATE_WORDS.get(status, status)
        state_lines = _wrapped(
            state, label_w - (10 if status == "erledigt" else 0), SMALL, status == "überfällig"
        )
        row_h = len(lines) * _line_height(BODY) + len(state_lines) * _line_height(SMALL) + 6
        row_h = max(row_h, 22.0)
        d.rect(0, y, WIDTH, row_h, fill=PALE if len(row_tops) % 2 == 0 else WHITE, stroke=None)
        bottom = _text_block(d, 2, y + 3, lines, BODY, bold=status == "überfällig")
        if status == "erledigt":
            _check_mark(d, 2, bottom + 1, 7)
            _text_block(d, 12, bottom, state_lines, SMALL, fill=DARK)
        else:
            _text_block(
                d,
                2,
                bottom,
                state_lines,
                SMALL,
                bold=status == "überfällig",
                fill=BLACK if status == "überfällig" else DARK,
            )
        middle = y + row_h / 2
        earliest, latest = step["earliest"], step["latest"]
        if earliest and latest and latest > earliest:
            x1, x2 = at(earliest), at(latest)
            bar = (x1, middle - 5, max(2.0, x2 - x1), 10.0)
            if status == "erledigt":
                d.rect(*bar, fill=LIGHT, stroke=DARK, width=0.8)
            elif status == "überfällig":
                d.rect(*bar, fill=WHITE, stroke=None)
                _hatch(d, *bar, step=3)
                d.rect(*bar, fill=None, stroke=BLACK, width=2.0)
            elif status == "nach Förderende":
                d.rect(*bar, fill=WHITE, stroke=BLACK, width=1.2, dash=(3, 2))
            else:
                d.rect(*bar, fill=ACCENT if status == "laufend" else WHITE, stroke=BLACK, width=1.0)
        elif latest or earliest:
            mark_day = latest or earliest
            assert mark_day is not None
            x = at(mark_day)
            if status == "erledigt":
                _circle(d, x, middle, 5, fill=LIGHT, width=0.8)
            elif status == "überfällig":
                _triangle(d, x, middle, 6, fill=BLACK, width=1.0)
            else:
                _diamond(d, x, middle, 5.5, fill=ACCENT if status == "laufend" else WHITE, width=1.2)
        elif status == "laufend" and end:
            x1, x2 = at(first), at(end)
            d.rect(x1, middle - 3, x2 - x1, 6, fill=LIGHT, stroke=DARK, width=0.6)
        else:
            word = _STATE_WORDS.get(status, status)
            x = at(today) + 6
            if x + text_width(word, SMALL) > WIDTH - 2:
                x = axis_x + 4
            d.text(x, middle + 3, word, size=SMALL, fill=GREY)
        row_tops.append((y, row_h))
        y += row_h
    rows_bottom = y

    # the tick lines and labels (under the rows, above the row backgrounds)
    tick_shapes: list[tuple[str, dict[str, Any]]] = []
    keep = d.shapes
    d.shapes = []
    day = first
    last_label_end = -1e9
    while day <= last:
        if (day.month - 1) % min(every, 12) == 0 and (
            every < 12 or (day.month == 1 and (day.year % (every // 12) == 0))
        ):
            x = at(day)
            d.line([(x, axis_top + 9), (x, rows_bottom)], stroke=LIGHT, width=0.5)
            text = str(day.year) if style == "year" else f"{_MONTHS[day.month - 1]} {day.year}"
            w = text_width(text, SMALL)
            free = all(abs(mark - x) > w / 2 + 3 for mark, *_rest in placed)  # not under „heute“
            if free and x - w / 2 > last_label_end + 4 and x + w / 2 <= WIDTH and x - w / 2 >= axis_x - 12:
                d.text(x, tick_y, text, size=SMALL, anchor="middle", fill=GREY)
                last_label_end = x + w / 2
        day = _add_months(day, 1)
    tick_shapes = d.shapes
    backgrounds = [
        s
        for s in keep
        if s[0] == "rect" and s[1]["stroke"] is None and s[1]["fill"] in (PALE, WHITE) and s[1]["w"] == WIDTH
    ]
    others = [
        s
        for s in keep
        if not (
            s[0] == "rect" and s[1]["stroke"] is None and s[1]["fill"] in (PALE, WHITE) and s[1]["w"] == WIDTH
        )
    ]
    d.shapes = backgrounds + tick_shapes + others
    d.line([(axis_x, tick_y + 3), (axis_x + axis_w, tick_y + 3)], stroke=BLACK, width=0.8)
    for x, _left, _text, dashed, _row in placed:
        d.line(
            [(x, axis_top - 1), (x, rows_bottom)],
            stroke=BLACK,
            width=2.0,
            dash=dashed,
        )
    y = rows_bottom + 6
    # legend: only the shapes that the picture uses, on as many lines as needed
    used = {
        (bool(st["earliest"] and st["latest"] and st["latest"] > st["earliest"]), st["status"])
        for st in steps
        if st["earliest"] or st["latest"]
    }
    entries: list[tuple[Any, str]] = []
    if any(not window and status not in ("erledigt", "überfällig", "ohne Datum") for window, status in used):
        entries.append((lambda x, y: _diamond(d, x + 5, y, 5, fill=WHITE, width=1.2), "Frist"))
    if any(not window and status == "überfällig" for window, status in used):
        entries.append((lambda x, y: _triangle(d, x + 5, y, 5.5, fill=BLACK), "Frist überfällig"))
    if any(window and status not in ("erledigt", "überfällig") for window, status in used):
        entries.append(
            (lambda x, y: d.rect(x, y - 4, 14, 8, fill=WHITE, stroke=BLACK, width=1.0), "Zeitfenster")
        )
    if any(window and status == "überfällig" for window, status in used):

        def overdue_window(x: float, y: float) -> None:
            _hatch(d, x, y - 4, 14, 8, step=3)
            d.rect(x, y - 4, 14, 8, fill=None, stroke=BLACK, width=2.0)

        entries.append((overdue_window, "Zeitfenster überfällig"))
    if any(status == "erledigt" for _window, status in used):
        entries.append((lambda x, y: _circle(d, x + 5, y, 5, fill=LIGHT, width=0.8), "erledigt"))
    x = 2.0
    for draw_mark, text in entries:
        w = 18 + text_width(text, SMALL) + 14
        if x + w > WIDTH:
            x, y = 2.0, y + 12
        draw_mark(x, y + 5)
        d.text(x + 18, y + 7.5, text, size=SMALL)
        x += w
    if not timeline["foerderende"]:
        d.text(WIDTH - 2, y + 7.5, "ohne Förderende: Fahrplan undatiert", size=SMALL, anchor="end", fill=GREY)
    return _fit(d, y + 12)


def fahrplan_alt(timeline: Timeline) -> str:
    today = timeline["today"]
    parts = [
        f"{_one_line(s['label'])}{' (falls notwendig)' if s['optional'] else ''}: "
        + _STATE_WORDS.get(s["status"], s["status"])
        + (f", {_when(s)}" if _when(s) else "")
        for s in timeline["steps"]
    ]
    end = f"Förderende {de_date(timeline['foerderende'])}" if timeline["foerderende"] else "ohne Förderende"
    if timeline.get("end_estimated") and timeline["end"] and timeline["end"] != timeline["foerderende"]:
        end = (
            f"Ende des Erstvorhabens {de_date(timeline['foerderende'])}, "
            f"Förderende des Anschlussvorhabens geschätzt {de_date(timeline['end'])}"
        )
    if not timeline["foerderende"]:
        return (
            f"Fahrplan ohne Förderende, daher ohne Daten (heute {de_date(today)}). " + "; ".join(parts) + "."
        )
    return (
        f"Zeitleiste des Fahrplans bis zum Förderende (heute {de_date(today)}, {end}). "
        + "; ".join(parts)
        + "."
    )


def fahrplan_figure(timeline: Timeline) -> Figure:
    return Figure(
        Chart(lambda: fahrplan_chart(timeline, timeline["today"])),
        "Fahrplan bis zum Förderende (Kapitel 5.1), heute markiert"
        if timeline["foerderende"]
        else "Fahrplan (Kapitel 5.1): ohne Förderende undatiert",
        fahrplan_alt(timeline),
    )
