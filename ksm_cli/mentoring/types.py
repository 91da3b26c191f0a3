"""The shapes of what the mentoring core returns (``mentoring.credits.tally``), for the type
checker. Imported only under ``TYPE_CHECKING``, as ``assess/types.py``: plain dicts at run time.

An entry of the log keeps the log's German keys (``datum``, ``titel`` …): they are the keys of the
KSM's own file (README, JSON output)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict


class Entry(TypedDict, total=False):
    """One checked entry of the log (``mentoring.log.check_entry``)."""

    id: int
    datum: dt.date
    format: str
    titel: str
    ort: str
    notiz: str
    personen: int
    beitraege: int
    stunden: float
    forum_wochen: int


class Activity(Entry, total=False):
    credit_days: float  # always set by tally


class Suggestion(TypedDict):
    """A format that closes the gap to the minimum, or how many of it."""

    format: str
    name: str
    short: dict[str, str]
    count: int
    weeks: int | None
    days: float


class Year(TypedDict):
    """A project year (or calendar year without a Projektbeginn) with its credited days."""

    project_year: int
    calendar: bool
    start: dt.date
    end: dt.date
    activities: list[Activity]
    credited_days: float
    minimum_days: float | None
    reference_days: list[float]
    shortfall_days: float
    met: bool | None
    suggestions: list[Suggestion]


class Note(TypedDict):
    """A statement of the Handreichung for this KSM, with its source and ksm's note."""

    text: str
    source: str
    note: str | None


class Tally(TypedDict):
    rule_set: dict[str, Any]
    obligated: bool
    obligation: dict[str, Any]
    role: str
    vorhaben: str
    projektbeginn: dt.date | None
    hours_per_day: float
    notes: list[Note]
    years: list[Year]
    # the years with entries that a one-year view leaves out (``credits`` without --year/--all)
    other_years: list[Year]
