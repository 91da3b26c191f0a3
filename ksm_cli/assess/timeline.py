"""The dated Fahrplan of Kapitel 5.1 (pure).

Only the steps the data dates get a date: a ``deadline`` is so many months before the end of the
funding; a ``window`` lies between two dated steps (or the end); ``ongoing`` steps have no date.
Dates are shown only when the Förderende is known. A step whose latest date lies before
``today`` is ``überfällig``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ksm_cli.german import add_months

if TYPE_CHECKING:
    from ksm_cli.assess.types import Budget, Context, PlanStatus, PlanStep, Timeline

ONGOING: PlanStatus = "laufend"
OPEN: PlanStatus = "offen"
OVERDUE: PlanStatus = "überfällig"
UNDATED: PlanStatus = "ohne Datum"
ENDED: PlanStatus = "nach Förderende"  # an ongoing step after the funding has ended
DONE: PlanStatus = "erledigt"  # marked as done in the Mappe (ksm plan done): never overdue


def budget_cycle(end: dt.date, month: int | None) -> Budget:
    """The Haushalt that must carry the post from the day after ``end``, and the last day of the
    month in which it is adopted: in the year before its Haushaltsjahr (ksm's assumption, named
    in the data's note; the seeds give no month)."""
    start = end + dt.timedelta(days=1)
    decided = None
    if month is not None:
        first_of_next = dt.date(start.year - 1 + month // 12, month % 12 + 1, 1)
        decided = first_of_next - dt.timedelta(days=1)
    return {"year": start.year, "from_day": start, "month": month, "decided": decided}


def _rule(step: dict[str, Any], labels: dict[str, str]) -> str:
    timing = step["timing"]
    if timing["kind"] == "ongoing":
        return "laufend"
    if timing["kind"] == "deadline":
        end = "Ende des Erstvorhabens" if timing.get("end") == "erstvorhaben" else "Förderende"
        months = timing["months_before_end"]
        return f"spätestens {months} Monate vor {end}" if months else f"spätestens zum {end}"
    parts = []
    if timing.get("after"):
        parts.append(f"nach „{labels[timing['after']]}“")
    before = timing["before"]
    parts.append("vor Förderende" if before == "end" else f"vor „{labels[before]}“")
    return ", ".join(parts)


def build_timeline(
    fahrplan: dict[str, Any], context: Context, today: dt.date, done: Collection[str] = ()
) -> Timeline:
    """The plan steps with their rule, dates and status for this municipality; the steps in
    ``done`` (marked as done in the Mappe) have the status „erledigt“."""
    vorhaben = context.get("vorhaben")
    foerderende: dt.date | None = context.get("foerderende")
    hints: list[str] = []
    end = foerderende
    end_estimated = False
    if foerderende and vorhaben == "erstvorhaben":
        months = fahrplan["anschlussvorhaben"]["typical_months"]
        end = add_months(foerderende, months)
        end_estimated = True
        hints.append(
            f"Förderende des Anschlussvorhabens geschätzt: Ende des Erstvorhabens + {months} Monate "
            f"({fahrplan['anschlussvorhaben']['source']})."
        )
    if foerderende is None:
        hints.append(
            "Ohne Förderende bleibt der Fahrplan undatiert (Angabe 'foerderende', z. B. 30.06.2027)."
        )
    if vorhaben is None:
        hints.append(
            "Ohne Angabe des Vorhabens fehlen die Schritte, die nur für ein Erst- oder Anschlussvorhaben gelten."
        )

    labels = {s["id"]: s["label"] for s in fahrplan["steps"]}
    due: dict[str, dt.date | None] = {}
    steps: list[PlanStep] = []
    for step in fahrplan["steps"]:
        timing = step["timing"]
        if timing["kind"] == "deadline":
            base = foerderende if timing.get("end") == "erstvorhaben" else end
            due[step["id"]] = add_months(base, -timing["months_before_end"]) if base else None
    for step in fahrplan["steps"]:
        if step.get("applies_to") and step["applies_to"] != vorhaben:
            continue
        timing = step["timing"]
        earliest: dt.date | None = None
        latest: dt.date | None = None
        if timing["kind"] == "deadline":
            latest = due[step["id"]]
        elif timing["kind"] == "window":
            earliest = due.get(timing["after"]) if timing.get("after") else None
            latest = end if timing["before"] == "end" else due.get(timing["before"])
        budget = None
        if step.get("budget_cycle") and end is not None:
            budget = budget_cycle(end, context.get("haushaltsbeschluss_monat"))
            if budget["decided"] is not None and budget["decided"] < end:
                latest = budget["decided"]
                if earliest is not None and earliest > latest:
                    earliest = None
        status: PlanStatus
        if step["id"] in done:
            status = DONE
        elif timing["kind"] == "ongoing":
            status = ENDED if end is not None and end < today else ONGOING
        elif latest is None:
            status = UNDATED
        else:
            status = OVERDUE if latest < today else OPEN
        steps.append(
            {
                "id": step["id"],
                "label": step["label"],
                "text": step["text"],
                "optional": step["optional"],
                "rule": _rule(step, labels),
                "earliest": earliest,
                "latest": latest,
                "estimated": end_estimated and timing.get("end") != "erstvorhaben" and latest is not None,
                "status": status,
                "source": step["source"],
                "note": step.get("note"),
                "budget_cycle": step.get("budget_cycle", False),
                "budget": budget,
            }
        )
    return {
        "today": today,
        "foerderende": foerderende,
        "end": end,
        "end_estimated": end_estimated,
        "steps": steps,
        "hints": hints,
        "source": fahrplan["source"],
        "note": fahrplan["note"],
    }
