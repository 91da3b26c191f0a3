"""The document model: one description of a view, drawn by the plain, rich and Markdown backends.

The terminal view and the Markdown documents (Empfehlungsbericht, Diskussionsgrundlage) come
from the same blocks, so they say the same thing in the same words; what only a document shows
is marked as such. Every figure has a caption and an alternative text (BITV 2.0).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ksm_cli.render.document import (
    DOCUMENT,
    SCREEN,
    Bar,
    Bullets,
    Checklist,
    Fields,
    Heading,
    Note,
    Numbered,
    Only,
    Para,
    Section,
    Table,
    Tree,
    to_plain,
)
from ksm_cli.render.figures import Diagram, Figure, Image
from ksm_cli.render.markdown import to_markdown

TODAY = dt.date(2026, 11, 21)


def rich_text(blocks, width: int = 100) -> str:
    from rich.console import Console

    from ksm_cli.render.rich_backend import render

    buffer = io.StringIO()
    render(blocks, Console(file=buffer, width=width, color_system=None, markup=False, emoji=False))
    return buffer.getvalue()


def parse(document: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(document)


def every_block() -> list:
    return [
        Heading("Titel", "Untertitel"),
        Para("Absatz"),
        Para("Wichtig", "strong"),
        Note("Ein Hinweis", "Kapitel 1"),
        Note("Eine Warnung", "Kapitel 2", "warn"),
        Note("Wörtlich aus der Quelle", "Kapitel 3", "quote"),
        Fields([("Kommune", "Musterstadt")]),
        Bullets(["eins", "zwei"]),
        Numbered(["erst", "dann"]),
        Checklist([("Vernetzen", "mit anderen"), ("", "ohne Etikett")], checked={1}),
        Table(["Δ", "IST"], [["+5", Bar(5, 10, "5 %")]], title="Tabelle mit Balken"),
        Section(
            "Abschnitt",
            [Para("innen"), Section("Unterabschnitt", [Tree("Wurzel", None, [Tree("Ast", "path")])])],
        ),
        Figure(Diagram("flowchart TD\n    a --> b\n"), "Ein Diagramm", "Von a nach b."),
        Figure(Image("bilder/karte.png"), "Eine Karte", "Die Kommune auf der Karte."),
        Only(SCREEN, [Para("nur am Bildschirm")]),
        Only(DOCUMENT, [Para("nur im Dokument")]),
    ]


def test_every_block_has_a_plain_a_rich_and_a_markdown_form():
    blocks = every_block()
    plain, shown, document = to_plain(blocks), rich_text(blocks), to_markdown(blocks)
    for screen in (plain, shown):
        assert "nur am Bildschirm" in screen and "nur im Dokument" not in screen
        assert "Abbildung: Ein Diagramm – Von a nach b." in " ".join(screen.split())
        assert "█████····· 5 %" in screen and "[x] ohne Etikett" in screen
    assert "Hinweis: Ein Hinweis (Kapitel 1)" in plain and "Achtung: Eine Warnung (Kapitel 2)" in plain
    assert "1. erst" in plain and "[ ] Vernetzen: mit anderen" in plain
    assert "nur im Dokument" in document and "nur am Bildschirm" not in document
    assert document.startswith("# Titel\n\nUntertitel\n")
    assert "\n## Abschnitt\n" in document and "\n### Unterabschnitt\n" in document
    assert "> **Hinweis:** Ein Hinweis (Kapitel 1)" in document
    assert "> **Achtung:** Eine Warnung (Kapitel 2)" in document
    assert "> Wörtlich aus der Quelle (Kapitel 3)" in document
    assert "| Kommune | Musterstadt |" in document and "| +5 | 5 % |" in document  # no bar in a document
    assert "1. erst\n2. dann" in document
    assert "- [ ] **Vernetzen:** mit anderen\n- [x] ohne Etikett" in document
    assert "- Wurzel\n  - **Ast**" in document
    assert "![Die Kommune auf der Karte.](bilder/karte.png)\n\n*Abbildung: Eine Karte*" in document
    kinds = [t.type for t in parse(document)]
    assert kinds.count("table_open") == 2 and kinds.count("fence") == 1 and "html_block" not in kinds


def test_a_diagram_carries_its_caption_and_alternative_text_for_screen_readers():
    document = to_markdown(
        [Figure(Diagram("flowchart TD\n    a --> b\n"), "Titel\nzweite Zeile", "Beschreibung")]
    )
    fence = next(t for t in parse(document) if t.type == "fence")
    assert fence.info == "mermaid"
    assert fence.content.splitlines()[:3] == [
        "flowchart TD",
        "    accTitle: Titel zweite Zeile",  # runs to the end of the line: kept on one
        "    accDescr: Beschreibung",
    ]


@pytest.mark.parametrize("caption, alt", [("", "Text"), ("Titel", ""), ("  ", "Text"), ("Titel", " \n")])
def test_a_figure_without_caption_or_alternative_text_is_refused(caption, alt):
    with pytest.raises(ValueError):
        Figure(Diagram("flowchart TD\n"), caption, alt)


def test_a_picture_outside_a_figure_is_refused_in_a_document():
    with pytest.raises(TypeError):
        to_markdown([Diagram("flowchart TD\n")])
    with pytest.raises(ValueError):
        Only("paper", [])


HOSTILE = "Muster\n# Hack <b>x</b> | *y* [z](http://x) `c`\n```"


def test_hostile_text_in_any_block_stays_literal_in_markdown():
    blocks = [
        Heading(HOSTILE, HOSTILE),
        Para(HOSTILE),
        Para(HOSTILE, "strong"),
        Note(HOSTILE, HOSTILE, "warn"),
        Fields([(HOSTILE, HOSTILE)]),
        Bullets([HOSTILE]),
        Numbered([HOSTILE]),
        Checklist([(HOSTILE, HOSTILE)]),
        Table([HOSTILE], [[HOSTILE]], title=HOSTILE),
        Section(HOSTILE, [Tree(HOSTILE, "path", [Tree(HOSTILE)])]),
        Figure(Diagram("flowchart TD\n"), HOSTILE, HOSTILE),
        Figure(Image("bild.png"), HOSTILE, HOSTILE),
    ]
    document = to_markdown(blocks)
    tokens = parse(document)
    assert not {t.type for t in tokens} & {"html_block", "code_block", "hr"}
    assert [t.type for t in tokens].count("fence") == 1  # the diagram's own
    for token in (t for t in tokens if t.type == "inline"):
        ours = {"text", "text_special", "strong_open", "strong_close", "em_open", "em_close"}
        kinds = {c.type for c in token.children} - ours  # the emphasis is the backend's own
        assert kinds <= {"image"}, (kinds, token.content)  # the picture of the Image figure only
    outside = re.sub(r"```mermaid\n.*?\n```", "", document, flags=re.S)  # accTitle: text to the line end
    assert "# Hack" not in outside.replace("\\# Hack", "") and "<b>" not in outside


# --- the views: one set of blocks, the same words on the screen and in the documents -----------


def _texts(blocks, screen: bool) -> list[str]:
    """The texts the screen (or a document) must show, from the blocks both share."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Only):
            continue  # shown by one side only
        if isinstance(block, Heading):
            out += [block.text, *([block.subtitle] if block.subtitle else [])]
        elif isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Note):
            out.append(block.full_text())
        elif isinstance(block, Fields):
            out += [text for row in block.rows for text in row]
        elif isinstance(block, Bullets | Numbered):
            out += block.items
        elif isinstance(block, Checklist):
            out += [text for item in block.items for text in item if text]
        elif isinstance(block, Table):
            if screen and block.items is not None:
                out += block.items
            elif not screen:
                out += [str(cell) for row in block.rows for cell in row]
        elif isinstance(block, Section):
            out.append(block.title)
            out += _texts(block.blocks, screen)
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def _unescaped(document: str) -> str:
    return _flat(re.sub(r"\\(.)", r"\1", document))


def _assert_same_words(blocks) -> None:
    plain, document = _flat(to_plain(blocks, width=1000)), _unescaped(to_markdown(blocks))
    for text in _texts(blocks, screen=True):
        assert _flat(text) in plain, text
    for text in _texts(blocks, screen=False):
        assert _flat(text) in document, text


def _all_paths(flowchart):
    out = []

    def go(node_id, answers):
        if node_id in flowchart["results"]:
            out.append(dict(answers))
            return
        for option in flowchart["nodes"][node_id]["options"]:
            answers[node_id] = option["id"]
            go(option["next"], answers)
            del answers[node_id]

    go(flowchart["start"], {})
    return out


CONTEXT = {"kommune": "Musterstadt", "einwohner": 48000, "stellenumfang_vzae": 0.5, "budget_eur": 200000}


def test_every_assessment_says_the_same_on_the_screen_and_in_the_report(k):
    from ksm_cli.assess.engine import assess
    from ksm_cli.documents.empfehlung import empfehlung_blocks
    from ksm_cli.outputs import mark_text
    from ksm_cli.render.assess import result_blocks
    from ksm_cli.render.report import report_markdown

    paths = _all_paths(k.flowchart)
    assert len(paths) > 5
    for answers in paths:
        assessment = assess(k, answers, CONTEXT, TODAY)
        blocks = result_blocks(k, assessment)
        _assert_same_words(blocks)
        document = empfehlung_blocks(k, assessment)
        assert report_markdown(k, assessment) == mark_text("md", to_markdown(document))
        # the document is built from the screen's parts: every section of the screen but the
        # KSM's own (next steps, foundations, success factors) is in it, word for word
        shown = {b.title: to_markdown([b]) for b in blocks if isinstance(b, Section)}
        written = {b.title: to_markdown([b]) for b in document if isinstance(b, Section)}
        internal = {"Nächste Schritte", "Erfolgsfaktoren (Kapitel 2) – Checkliste"}
        for title, text in shown.items():
            if title in internal or title.startswith("Grundlagen"):
                assert title not in written
            elif title == "Fahrplan (Kapitel 5.1)":
                assert title in written  # with the timeline picture added
            else:
                assert written[title] == text, title
    open_question = next(
        assess(k, a, CONTEXT, TODAY) for a in paths if assess(k, a, CONTEXT, TODAY).open_questions
    )
    refines = {r["refine"]["id"]: r["refine"] for r in k.flowchart["results"].values() if r.get("refine")}
    question = refines[open_question.open_questions[0]]["question"]  # the question, not its id
    shown = to_plain(result_blocks(k, open_question), width=1000)
    assert f"(Frage „{question}“)" in shown
    assert f"(Frage „{question}“)" in _unescaped(report_markdown(k, open_question))


def test_the_report_has_its_title_the_diagram_and_the_sources(k):
    from ksm_cli.assess.engine import assess
    from ksm_cli.render.assess import result_blocks

    assessment = assess(k, _all_paths(k.flowchart)[0], CONTEXT, TODAY)
    document = to_markdown(result_blocks(k, assessment))
    tokens = parse(document)
    headings = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"
    ]
    assert headings == ["Empfehlung zur Verstetigung des Klimaschutzmanagements – Musterstadt"]
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.info == "mermaid" and "accDescr: Der Weg durch das Flussdiagramm:" in fence.content
    assert "\n## Quellen\n" in document and "Stand: 21.11.2026" in document
    screen = to_plain(result_blocks(k, assessment))
    assert "Quellen" not in screen and "flowchart TD" not in screen


def test_the_comparison_says_the_same_on_the_screen_and_in_the_document(k):
    from ksm_cli.outputs import mark_text
    from ksm_cli.render.tasks import compare_blocks, compare_markdown
    from ksm_cli.tasks.compare import compare
    from ksm_cli.tasks.selfassessment import SelfAssessment

    ids = [t["id"] for t in k.tasks_file["tasks"] if not t["landkreis_only"]]
    values = {task: {"ist": 0.0, "soll": 0.0} for task in ids}
    values[ids[0]] = {"ist": 60.0, "soll": 20.0}
    values[ids[-1]] = {"ist": 40.0, "soll": 80.0}
    sa = SelfAssessment(values=values, kommune="Musterstadt", kommunentyp="gemeinde", wochenstunden=39.0)
    result = compare(sa, k.tasks_file)
    blocks = compare_blocks(result, k.tasks_file, TODAY)
    _assert_same_words(blocks)
    assert compare_markdown(result, k.tasks_file, TODAY) == mark_text("md", to_markdown(blocks))
    assert to_plain(compare_blocks(result)) == to_plain(blocks)  # the screen needs no document parts
    document = compare_markdown(result, k.tasks_file, TODAY)
    assert "Stand 21.11.2026" in document and "| Wochenarbeitszeit | 39 h |" in document
    assert "█" not in document and "█" in to_plain(blocks)


# --- facts from the data, not from Python -------------------------------------------------------


def test_steckbrief_and_rank_texts_follow_the_data(k):
    import copy

    from ksm_cli.render.models import rank_label, show_blocks, steckbrief_label, steckbrief_scope

    models_file = copy.deepcopy(k.models_file)
    v7 = next(m for m in models_file["models"] if m["id"] == "V7")
    v8 = next(m for m in models_file["models"] if m["id"] == "V8")
    assert steckbrief_scope(models_file["models"]) == "nur für V7, Tabelle 3.2"
    assert rank_label(models_file, v8) == "8 von 11"
    assert "(nur für V7, Tabelle 3.2)" in to_plain(show_blocks(models_file, v8, None))
    # a domain expert adds a Steckbrief for V8 and a twelfth model
    v8["steckbrief"] = {**v7["steckbrief"], "source": "Tabelle 3.3 (Steckbrief Stabsstelle)"}
    models_file["models"].append({**v8, "id": "V12", "rank": 12, "steckbrief": None})
    assert steckbrief_scope(models_file["models"]) == "nur für V7, Tabelle 3.2; V8, Tabelle 3.3"
    assert steckbrief_label(v8) == "ja (Tabelle 3.3)"
    assert rank_label(models_file, v8) == "8 von 12"
    shown = to_plain(show_blocks(models_file, models_file["models"][-1], None), width=200)
    assert "keinen Steckbrief (nur für V7, Tabelle 3.2; V8, Tabelle 3.3)" in shown


@pytest.mark.parametrize("value", [25000.0, 0.5, 5.0, 0.25, 1250.75, 0.125, 12345.678])
def test_thresholds_are_german_and_read_back_exactly(value):
    from ksm_cli.german import parse_decimal
    from ksm_cli.render.models import threshold

    text = threshold(value)
    assert ("," in text) == (not value.is_integer())  # a decimal comma, and only where needed
    assert parse_decimal(text, thousands_dot=True) == value


def test_the_terminal_views_do_not_load_the_markdown_backend():
    code = (
        "import sys, ksm_cli.render.assess, ksm_cli.render.tasks, ksm_cli.render.models, "
        "ksm_cli.render.output; "
        "print(sorted(m for m in ('ksm_cli.render.markdown', 'ksm_cli.render.flowchart', "
        "'ksm_cli.render.report', 'ksm_cli.render.figures', 'rich') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_the_assess_screen_builds_no_diagram():
    """What only the report shows (the Mermaid diagram) is not built, nor imported, on a screen."""
    code = """
import sys
from ksm_cli.assess.engine import assess
from ksm_cli.knowledge.loader import load
from ksm_cli.render.assess import result_blocks
from ksm_cli.render.document import to_plain

k = load()
node, answers = k.flowchart["start"], {}
while node in k.flowchart["nodes"]:
    option = k.flowchart["nodes"][node]["options"][0]
    answers[node], node = option["id"], option["next"]
to_plain(result_blocks(k, assess(k, answers)))
print(sorted(m for m in ("ksm_cli.render.flowchart", "ksm_cli.render.figures") if m in sys.modules))
"""
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


@pytest.mark.parametrize("columns", ["80", "120"])
def test_terminal_tables_break_no_word(ksm, tmp_path, columns):
    """On a terminal of 80 columns a table cell wraps between words, never inside one (seen:
    "Entwicklungsreihenf" / "olge", "Finanzierung/Verankerun" / "g"); where the words cannot all
    fit side by side, the table becomes a list."""
    import re
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import run

    answers = tmp_path / "a.yaml"
    answers.write_text(run.ANSWERS, encoding="utf-8")
    result = ksm(
        "assess", "--answers", str(answers), env={"KSM_OUTPUT": "rich", "COLUMNS": columns, "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    screen = re.sub(r"[│╭╮╰╯─]", " ", result.stdout)
    words = " ".join(screen.split())
    for whole in ("Entwicklungsreihenfolge", "Finanzierung/Verankerung", "„Strategieworkshop", "überfällig"):
        assert whole in words, whole
