"""The pictures of the documents (render.charts): within 16 cm, no text outside the canvas or on
top of other text, the highlighted path is the path, alternative texts say what is shown,
hostile text stays text, and the PNG has the size its dpi asks for."""

from __future__ import annotations

import datetime as dt
import io
import time
import xml.etree.ElementTree as ET

import pytest

from ksm_cli.assess.engine import assess
from ksm_cli.mentoring.credits import tally
from ksm_cli.render import charts
from ksm_cli.render.drawing import Drawing, text_width, to_png, to_svg
from ksm_cli.render.figures import Chart, Diagram
from ksm_cli.tasks.compare import compare
from ksm_cli.tasks.selfassessment import SelfAssessment
from tests.test_tasks import MUSTER

TODAY = dt.date(2026, 3, 15)
CONTEXT = {
    "kommune": "Musterstadt",
    "kommunentyp": "gemeinde",
    "vorhaben": "anschlussvorhaben",
    "foerderende": dt.date(2027, 6, 30),
    "haushaltsbeschluss_monat": 12,
}
VALUES = MUSTER  # Musterstadt's self-assessment (tests/test_tasks.py)
HOSTILE = "Musterstadt <script>alert(1)</script> & \x07\x1b[31m"


def _paths(flowchart):
    """One answer set per result, from the graph itself."""
    out: dict[str, dict[str, str]] = {}

    def go(node_id, answers):
        if node_id in flowchart["results"]:
            out.setdefault(node_id, dict(answers))
            return
        for option in flowchart["nodes"][node_id]["options"]:
            answers[node_id] = option["id"]
            go(option["next"], answers)
            del answers[node_id]

    go(flowchart["start"], {})
    return out


def _log(**overrides):
    base = {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "projektbeginn": dt.date(2024, 7, 1),
        "regelsatz": "handreichung",
        "eintraege": [
            {"id": 1, "datum": dt.date(2024, 10, 1), "format": "webinar", "titel": "A"},
            {"id": 2, "datum": dt.date(2025, 2, 1), "format": "forum", "forum_wochen": 20, "titel": "B"},
            {"id": 3, "datum": dt.date(2025, 9, 1), "format": "forum", "forum_wochen": 20, "titel": "C"},
        ],
    }
    return {**base, **overrides}


def _comparison(k, **header):
    sa = SelfAssessment(
        values={t: {"ist": float(i), "soll": float(s)} for t, (i, s) in VALUES.items()}, **header
    )
    return compare(sa, k.tasks_file)


def _assessments(k):
    paths = _paths(k.flowchart)
    out = [assess(k, paths[result], CONTEXT, today=TODAY) for result in ("v10", "v1_4", "v5", "v9")]
    out.append(assess(k, paths["v6a_c"], {**CONTEXT, "vorhaben": "erstvorhaben"}, today=TODAY))
    out.append(assess(k, {"klimaschutzkonzept": "teilweise"}, CONTEXT, today=TODAY))  # open
    return out


LONG = (
    "Sehr lange Bezeichnung mit Donaudampfschifffahrtsgesellschaftskapitänsmützen und vielen weiteren Wörtern"
)


def _long_flowchart(k):
    """The flowchart with every label long: boxes and stubs must wrap."""
    flowchart = {**k.flowchart}
    flowchart["nodes"] = {
        name: {
            **node,
            "label": f"{node['label']} – {LONG}",
            "options": [{**o, "label": f"{o['label']} {LONG[:40]}"} for o in node["options"]],
        }
        for name, node in k.flowchart["nodes"].items()
    }
    flowchart["results"] = {
        name: {**r, "label": f"{r['label']} {LONG}"} for name, r in k.flowchart["results"].items()
    }
    return flowchart


def _figures(k):
    """Every picture for a range of real inputs: (name, figure)."""
    out = [(f"path {a.result_id}", charts.path_figure(k.flowchart, a)) for a in _assessments(k)]
    out += [(f"long {a.result_id}", charts.path_figure(_long_flowchart(k), a)) for a in _assessments(k)[4:5]]
    long_comparison = _comparison(k, kommune=LONG)
    for group in long_comparison["groups"]:
        group["name"] = f"{group['name']} {LONG}"
    out.append(("shift long", charts.shift_figure(long_comparison)))
    out.append(("shift", charts.shift_figure(_comparison(k, kommune="Musterstadt"))))
    out.append(("shift lk", charts.shift_figure(_comparison(k, kommune="Kreis", kommunentyp="landkreis"))))
    out.append(("mentoring", charts.mentoring_figure(tally(k, _log(), TODAY))))
    out.append(("no minimum", charts.mentoring_figure(tally(k, _log(vorhaben="erstvorhaben"), TODAY))))
    out.append(("calendar", charts.mentoring_figure(tally(k, _log(projektbeginn=None), TODAY))))
    empty = tally(k, _log(), TODAY)
    out.append(("no years", charts.mentoring_figure({**empty, "years": []})))
    answers = _paths(k.flowchart)["v10"]
    for name, context, done in (
        ("plan", CONTEXT, ()),
        ("plan erst", {**CONTEXT, "vorhaben": "erstvorhaben"}, ()),
        ("plan undated", {"kommunentyp": "landkreis"}, ()),
        ("plan done", {**CONTEXT, "foerderende": dt.date(2028, 6, 30)}, ("verstetigungsberatung",)),
    ):
        timeline = assess(k, answers, context, today=TODAY, done=done).timeline
        out.append((name, charts.fahrplan_figure(timeline)))
    assert timeline is not None
    long_steps = [{**step, "label": f"{step['label']} {LONG}"} for step in timeline["steps"]]
    out.append(("plan long", charts.fahrplan_figure({**timeline, "steps": long_steps})))  # type: ignore[typeddict-item]
    return out


def _text_boxes(drawing: Drawing) -> list[tuple[float, float, float, float, str]]:
    """(left, top, right, bottom, text) of every text, from the font's measure."""
    boxes = []
    for kind, s in drawing.shapes:
        if kind != "text" or not s["text"].strip():
            continue
        w = text_width(s["text"], s["size"], s["bold"])
        left = s["x"] - {"start": 0, "middle": w / 2, "end": w}[s["anchor"]]
        boxes.append((left, s["y"] - 0.75 * s["size"], left + w, s["y"] + 0.22 * s["size"], s["text"]))
    return boxes


@pytest.fixture(scope="module")
def figures(k):
    return _figures(k)


def test_every_picture_fits_the_page_and_its_texts_neither_leave_it_nor_overlap(figures):
    for name, figure in figures:
        drawing = figure.picture.drawing()
        assert 0 < drawing.width <= 450 and 0 < drawing.height <= (900 if "long" in name else 600), name
        boxes = _text_boxes(drawing)
        assert boxes, name
        for left, top, right, bottom, text in boxes:
            assert left >= 0 and top >= 0 and right <= drawing.width and bottom <= drawing.height, (
                name,
                text,
            )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (name, a[4], b[4])
        assert min(s["size"] for kind, s in drawing.shapes if kind == "text") >= 7, name
        assert figure.caption and figure.alt.endswith("."), name


def test_the_highlighted_path_holds_exactly_the_answers_given(k):
    for assessment in _assessments(k):
        drawing = charts.decision_path(k.flowchart, assessment)
        nodes = k.flowchart["nodes"]
        taken = [(s.node, s.option) for s in assessment.path if s.node in nodes]
        given = [next(o["label"] for o in nodes[n]["options"] if o["id"] == o_id) for n, o_id in taken]
        bold_answers = [
            s["text"]
            for kind, s in drawing.shapes
            if kind == "text" and s["bold"] and s["size"] == charts.BODY and s["fill"] == charts.BLACK
        ]
        questions = [nodes[n]["label"] for n, _ in taken]
        result = k.flowchart["results"].get(assessment.result_id or "")
        expected = [q for pair in zip(questions, given, strict=True) for q in pair]
        shown = bold_answers  # the result is white on dark
        # the bold texts are the questions of the path and the answers given, in order
        assert " ".join(shown) == " ".join(expected)
        thick = [s for kind, s in drawing.shapes if kind == "line" and s["width"] > 2 and s["arrow"]]
        assert len(thick) == len(taken) + 1  # one per answer, and one in the legend
        figure = charts.path_figure(k.flowchart, assessment)
        assert isinstance(figure.picture, Chart) and isinstance(figure.picture.fallback, Diagram)  # Markdown
        alt = figure.alt
        for question, answer in zip(questions, given, strict=True):
            assert f"{question}: {answer}" in alt
        if result:
            assert result["label"] in alt
            fills = [s for kind, s in drawing.shapes if kind == "rect" and s["fill"] == charts.ACCENT]
            assert len(fills) == 1
        assert "Rekonstruktion von Abbildung 5.1" in alt
        if assessment.erstvorhaben:
            assert assessment.erstvorhaben["label"] in alt


def test_alt_texts_name_the_figures(k, figures):
    alts = dict(figures)
    assert "IST 15 %, SOLL 35 %" in alts["shift"].alt
    assert "7,5 Tage von mindestens 5 Tagen, erfüllt" in alts["mentoring"].alt
    assert "2,5 Tage von mindestens 5 Tagen, fehlt 2,5 Tage" in alts["mentoring"].alt
    assert "kein Mindestumfang" in alts["no minimum"].alt
    assert "heute 15.03.2026, Förderende 30.06.2027" in alts["plan"].alt
    assert "Verstetigungsberatung nutzen: überfällig, bis 30.12.2025" in alts["plan"].alt
    assert "ohne Förderende" in alts["plan undated"].alt
    assert "Verstetigungsberatung nutzen: erledigt" in alts["plan done"].alt
    words = [s["text"] for kind, s in alts["mentoring"].picture.drawing().shapes if kind == "text"]
    assert "erfüllt" in words and "fehlt 2,5 Tage" in words and "Mindestens 5 Tage" in words
    words = [s["text"] for kind, s in alts["plan"].picture.drawing().shapes if kind == "text"]
    assert any(w.startswith("überfällig") for w in words) and any(w.startswith("heute") for w in words)


def test_hostile_text_is_escaped_in_svg_and_drawn_in_png(k):
    flowchart = {**k.flowchart, "nodes": {**k.flowchart["nodes"]}}
    start = flowchart["start"]
    node = flowchart["nodes"][start]
    flowchart["nodes"][start] = {
        **node,
        "label": HOSTILE,
        "options": [{**node["options"][0], "label": "<b>ja</b>\x00"}, *node["options"][1:]],
    }
    assessment = assess(k, _paths(k.flowchart)["v10"], CONTEXT, today=TODAY)
    comparison = _comparison(k, kommune=HOSTILE)
    comparison["groups"][0]["name"] = HOSTILE
    log_tally = tally(k, _log(), TODAY)
    timeline = assessment.timeline
    assert timeline is not None
    timeline = {**timeline, "steps": [{**timeline["steps"][0], "label": HOSTILE}, *timeline["steps"][1:]]}
    figures = [
        charts.path_figure(flowchart, assessment),
        charts.shift_figure(comparison),
        charts.mentoring_figure(log_tally),
        charts.fahrplan_figure(timeline),  # type: ignore[arg-type]
    ]
    for index, figure in enumerate(figures):
        drawing = figure.picture.drawing()
        svg = to_svg(drawing, figure.caption, figure.alt, f"b{index}")
        root = ET.fromstring(svg)  # well-formed: no raw control characters, markup escaped
        assert not root.findall(".//{http://www.w3.org/2000/svg}script") and "<script" not in svg
        to_png(drawing, 72)
    assert "<script>" in figures[1].alt  # literal in the alternative text, escaped by each backend
    texts = " ".join(s["text"] for kind, s in figures[0].picture.drawing().shapes if kind == "text")
    assert "<script>alert(1)</script>" in texts and "\x07" not in texts


def test_png_size_follows_the_dpi(figures):
    from PIL import Image

    drawing = dict(figures)["shift"].picture.drawing()
    for dpi in (72, 150):
        image = Image.open(io.BytesIO(to_png(drawing, dpi)))
        assert image.size == (round(drawing.width * dpi / 72), round(drawing.height * dpi / 72))
        assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.05)


def test_the_four_pictures_draw_quickly(k):
    assessment = _assessments(k)[0]
    assert assessment.timeline is not None
    start = time.perf_counter()
    for drawing in (
        charts.decision_path(k.flowchart, assessment),
        charts.shift_chart(_comparison(k)),
        charts.mentoring_chart(tally(k, _log(), TODAY)),
        charts.fahrplan_chart(assessment.timeline, TODAY),
    ):
        to_png(drawing, 200)
    assert time.perf_counter() - start < 2.0


def test_dashes_run_on_over_corners_and_never_stall():
    drawing = Drawing(450, 300)
    for i in range(40):  # lengths and patterns that do not divide evenly
        offset = 0.1 * i + 1 / 3
        drawing.line([(offset, 5 + i * 7), (449.7 - offset, 5 + i * 7 + 0.3)], dash=(3.3, 1.7), arrow=True)
        drawing.rect(10 + offset, 10 + offset, 101.3, 37.7, dash=(2.9, 2.1), radius=7.0)
    start = time.perf_counter()
    to_png(drawing, 300)
    assert time.perf_counter() - start < 2.0
    svg = to_svg(drawing, "Titel", "Beschreibung", "t")
    assert "marker" not in svg and svg.count("<polygon") == 40  # the same arrow heads as in PNG
