"""The shapes of what the assessment core returns, for the type checker.

Imported only under ``TYPE_CHECKING``: the results stay plain dicts at run time, so that
typing them costs no start-up time. Each shape is built in one place, named beside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Protocol, TypedDict


class Knowledge(Protocol):
    """What the assessment core reads of the knowledge (``knowledge.loader.Knowledge``).

    A protocol rather than the loader's class, so that the core does not import the loader,
    which imports the validator, which imports ``assess.answers``."""

    flowchart: dict[str, Any]
    models: list[dict[str, Any]]
    models_file: dict[str, Any]

    def find(self, raw_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]: ...

    def model(self, model_id: str) -> dict[str, Any]: ...


# The context answers (``assess.answers.CONTEXT``): key -> parsed value (text, int, float or
# date, depending on the field). Filled key by key, so a plain mapping.
Context = dict[str, Any]

Status = Literal["erfüllt", "nicht erfüllt", "unbekannt"]
PlanStatus = Literal["laufend", "offen", "überfällig", "ohne Datum", "nach Förderende", "erledigt"]


class Sourced(TypedDict):
    """A text with its source: a warning (``Assessment.warnings``) or a next step."""

    text: str
    source: str


class Reason(TypedDict):
    """Why the path went this way (``engine.assess``): the consequence of an answer, with the
    label of that answer; ``question_id`` and ``answer`` None for the result."""

    question_id: str | None
    answer: str | None
    text: str
    source: str


class Change(TypedDict):
    """One changed answer of a lever."""

    question_id: str
    question: str
    answer_id: str
    answer: str
    would: str


class Lever(TypedDict):
    """A change of an answer on the path that leads to another result (``levers.levers``):
    ``result`` is the result id when the change alone decides it, else None (further questions
    decide, named in ``depends_on``); ``also`` is the second change of a pair."""

    question_id: str
    question: str
    answer_id: str
    answer: str
    would: str
    result: str | None
    models: list[str]
    depends_on: list[str]
    also: Change | None
    current_possible: bool  # the present result stays possible, too (internal: for the wording)
    raises: bool  # leads higher in the development order (Kapitel 3.1) than the result
    why: str
    source: str


class Alternative(TypedDict):
    """A model that also comes into question (``engine.assess``)."""

    model: str
    why: str
    source: str


class StepJson(TypedDict):
    """One step of the path as ``ksm assess --json`` shows it (``engine.Step.as_dict``)."""

    stage: int
    stage_title: str
    question_id: str
    question: str
    answer_id: str
    answer: str
    source: str


class Check(TypedDict):
    """A numeric Steckbrief criterion compared with the municipality (``checks.steckbrief_checks``)."""

    model: str
    criterion: str
    measure: str
    operator: str
    threshold: float
    unit: str
    value: float | None
    status: Status
    source: str


class Figure(TypedDict):
    """A recommended figure for the municipality (``checks.municipality_figures``)."""

    id: str
    label: str
    model: str
    condition: str
    rule: str
    value: float | None
    unit: str
    approximate: bool
    current: float | None
    source: str
    note: str | None


class PlanStep(TypedDict):
    """One step of the dated Fahrplan (``timeline.build_timeline``)."""

    id: str
    label: str
    text: str
    optional: bool
    rule: str
    earliest: dt.date | None
    latest: dt.date | None
    estimated: bool
    status: PlanStatus
    source: str
    note: str | None
    budget_cycle: bool
    budget: Budget | None


class Budget(TypedDict):
    """The budget cycle of the step „Finanzierung im Haushalt verankern“ (``timeline``): the
    Haushalt that must carry the post from the day after the Förderende, and when it is adopted
    (``decided`` None while the month of the Haushaltsbeschluss is not given)."""

    year: int
    from_day: dt.date
    month: int | None
    decided: dt.date | None


class Timeline(TypedDict):
    """The dated Fahrplan (``timeline.build_timeline``)."""

    today: dt.date
    foerderende: dt.date | None
    end: dt.date | None
    end_estimated: bool
    steps: list[PlanStep]
    hints: list[str]
    source: str
    note: str | None


class BatchRow(TypedDict):
    """One row of ``ksm assess --batch --json`` (``batch.row_json``)."""

    row: int
    kommune: str
    ok: bool
    error: str | None
    result: str | None
    recommended: list[str]
    alternatives: list[str]
    warnings: list[str]
    overdue: list[str]
    missing: list[str]
    levers: list[dict[str, Any]]
    report: str | None  # the Empfehlungsbericht written with --reports, as its path is shown


class BatchDocument(TypedDict):
    """``ksm assess --batch --json`` (schema ``ksm.assess.batch/1``, ``cli.assess_batch``)."""

    schema: Literal["ksm.assess.batch/1"]
    file: str
    encoding: str
    rows: list[BatchRow]
    ok: int
    failed: int
