"""The dated Fahrplan (Kapitel 5.1): anchors, windows, overdue steps, Erstvorhaben."""

from __future__ import annotations

import datetime as dt

import pytest

from ksm_cli.assess.timeline import OPEN, OVERDUE, UNDATED, build_timeline
from ksm_cli.german import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 6, 30), -18, dt.date(2025, 12, 30)),
        (dt.date(2027, 8, 31), -6, dt.date(2027, 2, 28)),
        (dt.date(2028, 8, 31), -6, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 15), 36, dt.date(2029, 1, 15)),
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def steps_by_id(timeline):
    return {s["id"]: s for s in timeline["steps"]}


def test_strategieworkshop_is_due_18_months_before_the_end(k):
    context = {"foerderende": dt.date(2028, 6, 30), "vorhaben": "anschlussvorhaben"}
    timeline = build_timeline(k.flowchart["fahrplan"], context, dt.date(2026, 11, 21))
    steps = steps_by_id(timeline)
    assert steps["strategieworkshop"]["latest"] == dt.date(2026, 12, 30)
    assert steps["strategieworkshop"]["status"] == OPEN
    assert steps["verstetigungsberatung"]["latest"] == dt.date(2026, 12, 30)
    assert steps["haushalt"]["earliest"] == dt.date(2026, 12, 30)
    assert steps["haushalt"]["latest"] == dt.date(2028, 6, 30)
    assert steps["dokumentation"]["latest"] is None
    assert "anschlussantrag" not in steps  # only for an Erstvorhaben
    assert [s["id"] for s in timeline["steps"]][:2] == ["dokumentation", "verstetigungsberatung"]


def test_steps_past_their_date_are_overdue_on_the_given_day(k):
    context = {"foerderende": dt.date(2027, 6, 30), "vorhaben": "anschlussvorhaben"}
    before = steps_by_id(build_timeline(k.flowchart["fahrplan"], context, dt.date(2025, 12, 30)))
    after = steps_by_id(build_timeline(k.flowchart["fahrplan"], context, dt.date(2025, 12, 31)))
    assert before["strategieworkshop"]["status"] == OPEN
    assert after["strategieworkshop"]["status"] == OVERDUE
    assert after["verwaltungsspitze"]["status"] == OPEN


def test_erstvorhaben_gets_the_application_and_an_estimated_end(k):
    context = {"foerderende": dt.date(2026, 12, 31), "vorhaben": "erstvorhaben"}
    timeline = build_timeline(k.flowchart["fahrplan"], context, dt.date(2026, 11, 21))
    steps = steps_by_id(timeline)
    assert steps["anschlussantrag"]["latest"] == dt.date(2026, 6, 30)
    assert steps["anschlussantrag"]["status"] == OVERDUE
    assert steps["anschlussantrag"]["estimated"] is False
    assert timeline["end"] == dt.date(2029, 12, 31) and timeline["end_estimated"]
    assert steps["strategieworkshop"]["latest"] == dt.date(2028, 6, 30)
    assert steps["strategieworkshop"]["estimated"] is True
    assert any("geschätzt" in h for h in timeline["hints"])


def test_without_foerderende_nothing_is_dated(k):
    timeline = build_timeline(k.flowchart["fahrplan"], {}, dt.date(2026, 11, 21))
    assert {s["status"] for s in timeline["steps"]} == {"laufend", UNDATED}
    assert any("Förderende" in h for h in timeline["hints"])
    assert steps_by_id(timeline)["strategieworkshop"]["rule"] == "spätestens 18 Monate vor Förderende"
