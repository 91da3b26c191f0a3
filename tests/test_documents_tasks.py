"""The documents of issue 18 built from the self-assessment and the mentoring log: the draft
Stellenbeschreibung (shares summing to exactly 100 %, groups in catalogue order, placement from
data/models.yaml with its source, fields to complete, the Eingruppierung note), the
Selbsteinschätzung (the notes of Kapitel 4.2 and a chart) and the proof of mentoring (a table per
project year, the pasted text of ``ksm mentoring report``, literal user text)."""

from __future__ import annotations

import datetime as dt
import sys
import types
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.documents.mentoring import mentoring_blocks
from ksm_cli.documents.selbst import selbsteinschaetzung_blocks
from ksm_cli.documents.stelle import largest_remainder, stellenbeschreibung_blocks
from ksm_cli.mentoring.credits import tally
from ksm_cli.render.document import (
    DOCUMENT,
    Blank,
    Cited,
    Fields,
    Heading,
    Note,
    Only,
    PageBreak,
    Para,
    Section,
    Table,
    to_plain,
)
from ksm_cli.render.markdown import md, to_markdown
from ksm_cli.render.mentoring import report_text
from ksm_cli.render.tasks import note_text
from ksm_cli.tasks.compare import compare
from ksm_cli.tasks.selfassessment import SelfAssessment, visible_tasks

TODAY = dt.date(2026, 12, 2)
HOSTILE = "Musterstadt <img src=x onerror=alert(1)> *fett* | ` \x1b[31m"


@pytest.fixture
def charts(monkeypatch) -> bool:
    """True where the charts module exists; otherwise a stand-in, so that the documents build and
    the tests of everything but the picture run."""
    try:
        import ksm_cli.render.charts  # noqa: F401
    except ImportError:
        from ksm_cli.render.figures import Diagram, Figure

        stub = types.ModuleType("ksm_cli.render.charts")
        stub.shift_figure = lambda comparison: Figure(Diagram("flowchart LR"), "Stand-in", "Stand-in")  # type: ignore[attr-defined]
        stub.mentoring_figure = lambda result: Figure(Diagram("flowchart LR"), "Stand-in", "Stand-in")  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "ksm_cli.render.charts", stub)
        return False
    return True


def walk(blocks):
    """Every block, inside sections and what only a document shows, in order."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.blocks)
        elif isinstance(block, Only) and block.target == DOCUMENT:
            yield from walk(block.content())


def section(blocks, title: str) -> Section:
    return next(b for b in walk(blocks) if isinstance(b, Section) and b.title == title)


def plain(blocks) -> str:
    """The plain text with its lines joined: a sentence is found wherever it was wrapped."""
    return " ".join(to_plain(blocks).split())


def percent(text: str) -> Decimal:
    assert text.endswith(" %"), text
    return Decimal(text[:-2].replace(".", "").replace(",", "."))


def _comparison(k, values: dict[str, float], *, landkreis: bool = False, weekly: float | None = 39.0):
    sa = SelfAssessment(
        values={t: {"ist": 0.0, "soll": s} for t, s in values.items()},
        kommune="Musterstadt",
        kommunentyp="landkreis" if landkreis else "gemeinde",
        wochenstunden=weekly,
    )
    return compare(sa, k.tasks_file)


def _full(k, landkreis: bool = False) -> dict[str, float]:
    """A complete SOLL over every visible task: 100 % in whole and half percents."""
    ids = [t["id"] for t in visible_tasks(k.tasks_file, landkreis)]
    units = largest_remainder([1 + (n % 4) for n in range(len(ids))], 200)
    return {i: u / 2 for i, u in zip(ids, units, strict=True)}


def _stelle(k, comparison, context=None, model="V8"):
    return stellenbeschreibung_blocks(k, k.tasks_file, comparison, context or {}, model, TODAY)


def _task_tables(blocks):
    part = section(blocks, "Aufgaben und Anteile an der Arbeitszeit")
    return [
        b
        for b in walk(part.blocks)
        if isinstance(b, Table) and b.title != "Anteile an der Arbeitszeit nach Gruppen"
    ]


def _check_sums(blocks, weekly: float | None) -> None:
    tables = _task_tables(blocks)
    assert tables
    total = Decimal(0)
    hours = Decimal(0)
    for table in tables:
        *tasks, subtotal = table.rows
        assert table.highlight == {len(table.rows) - 1}
        shares = [percent(str(r[1])) for r in tasks]
        assert sum(shares) == percent(str(subtotal[1]))
        total += sum(shares)
        if weekly:
            hours += sum(Decimal(str(r[2])[:-2].replace(",", ".")) for r in tasks)
    assert total == 100
    if weekly:
        assert hours == Decimal(str(weekly))
    overview = next(
        b
        for b in walk(blocks)
        if isinstance(b, Table) and b.title == "Anteile an der Arbeitszeit nach Gruppen"
    )
    assert overview.rows[-1][:2] == ["Gesamt", "100 %"]


# --- Stellenbeschreibung: shares ----------------------------------------------------------------


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40).filter(lambda v: sum(v) > 0))
def test_largest_remainder_gives_exactly_the_units(values):
    units = largest_remainder(values, 1000)
    assert sum(units) == 1000
    assert all(abs(u - v * 1000 / sum(values)) < 1 for u, v in zip(units, values, strict=True))


def test_shares_of_real_data_sum_to_100_and_no_normalisation_note(k):
    for landkreis in (False, True):
        comparison = _comparison(k, _full(k, landkreis), landkreis=landkreis)
        blocks = _stelle(k, comparison)
        _check_sums(blocks, 39.0)
        assert not any(isinstance(b, Note) and "umgerechnet" in b.text for b in walk(blocks))


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    weekly=st.one_of(st.none(), st.decimals("1", "80", places=2).map(float)),
    landkreis=st.booleans(),
)
def test_shares_sum_to_exactly_100_for_any_soll(k, data, weekly, landkreis):
    ids = [t["id"] for t in visible_tasks(k.tasks_file, landkreis)]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    soll = {i: float(data.draw(st.decimals("0", "100", places=2))) for i in chosen}
    comparison = _comparison(k, soll, landkreis=landkreis, weekly=weekly)
    blocks = _stelle(k, comparison)
    if not any(v > 0 for v in soll.values()):
        assert any(isinstance(b, Para) and b.style == "warn" for b in walk(blocks))
        return
    _check_sums(blocks, weekly)
    normalised = any(isinstance(b, Note) and "umgerechnet" in b.text for b in walk(blocks))
    assert normalised == (abs(sum(soll.values()) - 100) > 1e-6)


def test_groups_stand_in_catalogue_order_and_zero_tasks_are_left_out(k):
    soll = _full(k)
    soll["controlling"] = 0.0
    blocks = _stelle(k, _comparison(k, soll))
    titles = [t.title for t in _task_tables(blocks)]
    catalogue = [g["name"] for g in k.tasks_file["groups"] if g["id"] != "gemeinden"]
    assert titles == catalogue
    tables = [
        b.title
        for b in walk(section(blocks, "Aufgaben und Anteile an der Arbeitszeit").blocks)
        if isinstance(b, Section)
    ]
    assert tables == ["Übersicht"] + [f"{t['name']} ({t['source']})" for t in k.tasks_file["tables"]]
    shown = " ".join(str(r[0]) for t in _task_tables(blocks) for r in t.rows)
    assert "Controlling" not in shown


def test_tasks_are_in_catalogue_order_within_a_group(k):
    blocks = _stelle(k, _comparison(k, _full(k)))
    texts = {" ".join(t["text"].split()): n for n, t in enumerate(k.tasks_file["tasks"])}
    for table in _task_tables(blocks):
        order = [next(n for text, n in texts.items() if str(r[0]).startswith(text)) for r in table.rows[:-1]]
        assert order == sorted(order)


# --- Stellenbeschreibung: placement, fields, notes -----------------------------------------------


@pytest.mark.parametrize("model_id", ["V7", "V8", "V9", "V6b", "V11"])
def test_placement_comes_from_models_yaml_with_its_source(k, model_id):
    model, variant = k.find(model_id)
    blocks = _stelle(k, _comparison(k, _full(k)), model=model_id)
    part = section(blocks, "Einordnung in die Organisation")
    assert any(
        isinstance(b, Para)
        and b.style == "strong"
        and b.text.startswith(f"Empfohlenes Verstetigungsmodell: {model_id} – ")
        for b in part.blocks
    )
    cited = [b.text for b in part.blocks if isinstance(b, Para) and isinstance(b.text, Cited)]
    assert cited[0].text == " ".join(model["short_description"].split())
    assert "Tabelle 3.1" in cited[0].source and "Klimaschutzmanagement verstetigen" in cited[0].source
    fields = dict(r for b in part.blocks if isinstance(b, Fields) for r in b.rows)
    expected = {"inside": "innerhalb der Verwaltung", "outside": "außerhalb der Verwaltung"}[
        model["placement"]
    ]
    assert isinstance(fields["Ansiedlung"], Cited) and fields["Ansiedlung"].text == expected
    assert isinstance(fields["Organisationseinheit"], Blank)


def test_a_landkreis_gets_the_placement_of_v7a(k):
    blocks = _stelle(k, _comparison(k, _full(k, True), landkreis=True), {"kommunentyp": "landkreis"}, "V7")
    part = section(blocks, "Einordnung in die Organisation")
    strong = [b.text for b in part.blocks if isinstance(b, Para) and b.style == "strong"]
    assert strong == [f"Empfohlenes Verstetigungsmodell: V7a – {k.find('V7a')[0]['name']}"]
    # the Steckbrief of Tabelle 3.2 is the one of V7: a Landkreis does not get it
    assert not any(isinstance(b, Note) and "Tabelle 3.2" in (b.source or "") for b in part.blocks)
    gemeinde = section(_stelle(k, _comparison(k, _full(k)), model="V7"), "Einordnung in die Organisation")
    assert any(isinstance(b, Note) and "Tabelle 3.2" in (b.source or "") for b in gemeinde.blocks)


def test_a_model_without_a_post_and_several_models_are_said_so(k):
    part = section(_stelle(k, _comparison(k, _full(k)), model="V1"), "Einordnung in die Organisation")
    assert any(
        isinstance(b, Note) and b.style == "warn" and "keine eigene Stelle" in b.text for b in part.blocks
    )
    part = section(
        _stelle(k, _comparison(k, _full(k)), model=["V6a", "V6b"]), "Einordnung in die Organisation"
    )
    strong = [b.text for b in part.blocks if isinstance(b, Para) and b.style == "strong"]
    assert [t.split(":")[1].split(" – ")[0].strip() for t in strong] == ["V6a", "V6b"]


def test_without_a_recommendation_the_placement_is_a_field_to_complete(k):
    blocks = _stelle(k, _comparison(k, _full(k)), model=None)
    part = section(blocks, "Einordnung in die Organisation")
    fields = dict(r for b in part.blocks if isinstance(b, Fields) for r in b.rows)
    assert isinstance(fields["Verstetigungsmodell"], Blank)
    assert "noch nicht bestimmt" in plain(blocks)


def test_the_stellenumfang_is_shown_or_left_to_complete(k):
    comparison = _comparison(k, _full(k))
    fields = lambda blocks: dict(r for b in walk(blocks) if isinstance(b, Fields) for r in b.rows)  # noqa: E731
    assert fields(_stelle(k, comparison, {"stellenumfang_vzae": 0.75}))["Stellenumfang"].startswith(
        "0,75 VZÄ"
    )
    missing = fields(_stelle(k, comparison, {}))["Stellenumfang"]
    assert isinstance(missing, Blank) and "[bitte ergänzen: " in to_markdown(_stelle(k, comparison)).replace(
        "\\", ""
    )


def test_goals_are_a_marked_part_with_fields_and_their_public_source(k):
    blocks = _stelle(k, _comparison(k, _full(k)))
    part = section(blocks, "Messbare Ziele der Stelle")
    assert any(isinstance(b, Para) and b.style == "fill" for b in part.blocks)
    table = next(b for b in part.blocks if isinstance(b, Table))
    assert len(table.rows) == 3 and all(isinstance(c, Blank) for r in table.rows for c in r[1:])
    note = next(b for b in part.blocks if isinstance(b, Note))
    assert "Landkreis Ebersberg" in note.source and "außerhalb des Leitfadens" in note.source


def test_the_eingruppierung_is_not_for_ksm_to_decide(k):
    blocks = _stelle(k, _comparison(k, _full(k)))
    part = section(blocks, "Eingruppierung")
    notes = [b for b in part.blocks if isinstance(b, Note)]
    assert any("nicht Gegenstand dieses Entwurfs" in n.text and "Personalamt" in n.text for n in notes)
    assert any("TVöD" in n.text and "außerhalb des Leitfadens" in (n.source or "") for n in notes)
    assert isinstance(
        dict(next(b for b in part.blocks if isinstance(b, Fields)).rows)["Entgeltgruppe"], Blank
    )


def test_the_document_is_a_draft_with_date_and_page_breaks_and_no_commands(k):
    blocks = _stelle(k, _comparison(k, _full(k)), {"kommune": HOSTILE})
    heading = blocks[0]
    assert isinstance(heading, Heading) and "Entwurf" in heading.text and HOSTILE in heading.text
    assert heading.subtitle.startswith("Stand: 02.12.2026 · Erstellt mit ksm ")
    assert any(isinstance(b, PageBreak) for b in blocks)
    text = to_markdown(blocks)
    for word in ("ksm tasks", "ksm assess", "ksm report", ".yaml", " --"):
        assert word not in text
    assert md(HOSTILE) in to_markdown(blocks)


# --- Selbsteinschätzung -----------------------------------------------------------------------------


def test_the_selbsteinschaetzung_holds_the_notes_of_kapitel_4_2_and_a_chart(k, charts):
    soll = _full(k)
    sa = SelfAssessment(
        values={t: {"ist": 100 / len(soll), "soll": s} for t, s in soll.items()},
        kommune=HOSTILE,
        kommunentyp="gemeinde",
        wochenstunden=39.0,
    )
    comparison = compare(sa, k.tasks_file)
    blocks = selbsteinschaetzung_blocks(k, k.tasks_file, comparison, TODAY)
    assert isinstance(blocks[0], Heading) and blocks[0].subtitle.startswith("Stand: 02.12.2026")
    notes = section(blocks, "Hinweise zur Verstetigung (Kapitel 4.2)")
    texts = [b.text for b in walk(notes.blocks) if isinstance(b, Note | Para)]
    assert comparison["notes"] and all(note_text(n) in texts for n in comparison["notes"])
    questions = comparison["anchoring"]["questions"]["items"]
    assert all(" ".join(q.split()) in plain(blocks) for q in questions)
    assert sum(isinstance(b, PageBreak) for b in blocks) >= 2
    shown = list(walk(blocks))
    from ksm_cli.render.tasks import compare_blocks

    for block in compare_blocks(comparison, k.tasks_file, TODAY)[1:]:  # all of the comparison
        assert block in shown
    if not charts:
        pytest.skip("ksm_cli/render/charts.py fehlt: ohne Abbildung geprüft")
    from ksm_cli.render.figures import Figure

    figures = [b for b in walk(blocks) if isinstance(b, Figure)]
    assert len(figures) == 1 and figures[0].alt


# --- Mentoring -----------------------------------------------------------------------------------


def _log(**overrides):
    base = {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "projektbeginn": dt.date(2025, 7, 1),
        "regelsatz": "handreichung",
        "eintraege": [
            {
                "id": 1,
                "datum": dt.date(2025, 10, 1),
                "format": "webinar",
                "titel": HOSTILE,
                "ort": "online",
                "personen": 25,
            },
            {
                "id": 2,
                "datum": dt.date(2026, 2, 1),
                "format": "forum",
                "forum_wochen": 20,
                "titel": "Forum",
                "beitraege": 3,
            },
            {
                "id": 3,
                "datum": dt.date(2026, 9, 1),
                "format": "fachveranstaltung",
                "titel": "Fachtag",
                "stunden": 9.5,
            },
        ],
    }
    return {**base, **overrides}


@pytest.mark.parametrize("rule", ["handreichung", "krl-2022"])
def test_mentoring_has_a_table_per_year_with_the_tallys_days(k, charts, rule):
    from ksm_cli.render.mentoring import days

    log = _log(regelsatz=rule)
    result = tally(k, log, TODAY)
    blocks = mentoring_blocks(k, result, log, TODAY)
    years = [y for y in result["years"] if y["activities"]]
    tables = [
        b for b in walk(blocks) if isinstance(b, Table) and (b.title or "").startswith("Aktivitäten im ")
    ]
    assert len(tables) == len(years) == 2
    for table, year in zip(tables, years, strict=True):
        assert len(table.rows) == len(year["activities"]) + 1
        assert table.rows[-1][-1].startswith(days(year["credited_days"]) + " (")
    minimum = next(r for r in k.mentoring["rule_sets"] if r["id"] == rule)
    cited = [b.text for b in walk(blocks) if isinstance(b, Para) and isinstance(b.text, Cited)]
    assert any(f"Mindestumfang: {days(minimum['minimum_days'])}" in c.text for c in cited)
    assert any(c.source.endswith(minimum["source"].removeprefix("Handreichung ")) for c in cited)
    if charts:
        from ksm_cli.render.figures import Figure

        assert sum(isinstance(b, Figure) for b in walk(blocks)) == 1


def test_the_pasted_text_is_the_report_text_and_hostile_text_stays_literal(k, charts):
    log = _log()
    result = tally(k, log, TODAY)
    blocks = mentoring_blocks(k, result, log, TODAY)
    part = section(blocks, "Text für das NKI-Monitoring-Tool")
    quoted = [b.text for b in part.blocks if isinstance(b, Note) and b.style == "quote"]
    assert quoted == [line for line in report_text(k, result).split("\n") if line.strip()]
    cells = [c for b in walk(blocks) if isinstance(b, Table) for r in b.rows for c in r]
    assert f"{HOSTILE} (online; 25 erreichte Personen)" in cells  # literal; each backend escapes it
    markdown = to_markdown(blocks)
    assert md(HOSTILE) in markdown and "\x1b" not in markdown


def test_mentoring_without_a_minimum_says_so(k, charts):
    log = _log(vorhaben="erstvorhaben")
    result = tally(k, log, TODAY)
    text = plain(mentoring_blocks(k, result, log, TODAY))
    assert " ".join(k.mentoring["obligation"]["text"].split()) in text
    assert "keine Mindestzeit" in text
