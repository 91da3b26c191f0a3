"""The shapes of what the tasks core returns (``tasks.compare``), for the type checker.

Imported only under ``TYPE_CHECKING``, as ``assess/types.py``: the results stay plain dicts at
run time. A row carries the fields of its level (task, group, table side, working area) beside
the IST/SOLL figures, so the figures are one shape and each level adds its own.
"""

from __future__ import annotations

from typing import TypedDict


class Figures(TypedDict):
    """IST and SOLL in % of working time, the shift, and the hours where the weekly hours are known."""

    ist: float
    soll: float
    delta: float
    ist_hours: float | None
    soll_hours: float | None


class TaskRow(Figures):
    id: str
    text: str
    group: str
    group_name: str
    table: str
    table_name: str
    area: str
    area_name: str
    landkreis_only: bool
    entered: bool
    source: str
    note: str | None


class Subtotal(Figures, total=False):
    """A group, a table (side) or a working area; ``table`` for groups, ``side`` for areas."""

    id: str
    name: str
    source: str
    table: str
    side: str


class AnchoringNote(TypedDict):
    """A way of Kapitel 4.2 toward which the SOLL moves."""

    way: str
    label: str
    text: str
    source: str
    ist: float
    soll: float
    delta: float
    tasks: list[str]
    tasks_note: str
    models: list[str]
    models_source: str


class OtherWay(TypedDict):
    way: str
    label: str
    text: str
    source: str


class Questions(TypedDict):
    """The questions Kapitel 4.2 asks before its ways."""

    text: str
    items: list[str]
    source: str


class Anchoring(TypedDict):
    text: str
    source: str
    questions: Questions


class Comparison(TypedDict):
    """``tasks.compare.compare``: the whole IST/SOLL comparison."""

    kommune: str | None
    kommunentyp: str | None
    landkreis: bool
    wochenstunden: float | None
    draft: bool
    totals: Figures
    tasks: list[TaskRow]
    sides: list[Subtotal]
    areas: list[Subtotal]
    groups: list[Subtotal]
    notes: list[AnchoringNote]
    other_ways: list[OtherWay]
    anchoring: Anchoring
