"""Credited mentoring days per project year against the yearly minimum (pure).

Credits come from the table in Handreichung 5.4 (``data/mentoring.yaml``): a fixed number of
working days per format, preparation included; a forum counts by its weeks. Project years run
from the Projektbeginn; without one, calendar years are used.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from ksm_cli.german import add_months

if TYPE_CHECKING:
    from ksm_cli.mentoring.types import Note, Suggestion, Tally, Year


def credit_days(entry: dict[str, Any], formats: dict[str, dict[str, Any]]) -> float:
    fmt = formats[entry["format"]]
    if fmt.get("credit_days") is not None:
        return float(fmt["credit_days"])
    for option in fmt["credit_by_weeks"]:
        if option["weeks"] == entry.get("forum_wochen"):
            return float(option["credit_days"])
    raise ValueError(f"no credit for {entry!r}")


def project_year(day: dt.date, begin: dt.date | None) -> tuple[int, dt.date, dt.date]:
    """(number, first day, last day) of the project year that contains ``day``."""
    if begin is None:
        return day.year, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    years = day.year - begin.year
    if add_months(begin, 12 * years) > day:
        years -= 1
    start = add_months(begin, 12 * years)
    end = add_months(begin, 12 * (years + 1)) - dt.timedelta(days=1)
    return years + 1, start, end


def rule_set(mentoring: dict[str, Any], rule_id: str | None) -> dict[str, Any]:
    for rule in mentoring["rule_sets"]:
        if rule["id"] == rule_id or (rule_id is None and rule["default"]):
            return rule
    raise KeyError(rule_id)


def obligated(mentoring: dict[str, Any], log: dict[str, Any]) -> bool:
    """The minimum applies in the Vorhaben the data names (5.4: "Als Klimaschutzmanagerin und
    -manager im Anschlussvorhaben"), whatever role was registered: the Handreichung names no
    exemption for a KSM2 registered as mentee (see ``role_notes``)."""
    return log["vorhaben"] == mentoring["obligation"]["vorhaben"]


def acts_as(mentoring: dict[str, Any], role: str) -> list[str]:
    """The roles a registered role includes (``roles[].acts_as``: "beide" is mentor and mentee)."""
    return next((r["acts_as"] for r in mentoring["roles"] if r["id"] == role), [role])


def role_notes(mentoring: dict[str, Any], log: dict[str, Any]) -> list[Note]:
    """What the Handreichung says to this KSM beside the minimum, each with its source: to a
    KSM2 registered without the mentor role, that this is possible and should be told to the
    Projektträger early (2, footnote 2); to a mentee, that taking up offers is no obligation (5.1);
    to a KSM2, that mentoring after the Verstetigung is voluntary (5.3); to all, the travel costs
    (5.4)."""
    duty = mentoring["obligation"]
    programme = mentoring["programme"]
    roles = acts_as(mentoring, log["rolle"])
    notes = []
    if obligated(mentoring, log) and duty["role"] not in roles:
        notes.append(duty["as_mentee"])
    if "mentee" in roles:
        notes.append(programme["mentees"])
    if obligated(mentoring, log):
        notes.append(programme["after_verstetigung"])
    notes.append(programme["travel_costs"])
    return [{"text": n["text"], "source": n["source"], "note": n.get("note")} for n in notes]


def suggestions(mentoring: dict[str, Any], shortfall: float) -> list[Suggestion]:
    """Formats that close the gap: each format's smallest credit that covers it, or how many."""
    out: list[Suggestion] = []
    for fmt in mentoring["formats"]:
        options = (
            [(fmt["credit_days"], None)]
            if fmt.get("credit_days")
            else [(o["credit_days"], o["weeks"]) for o in fmt["credit_by_weeks"]]
        )
        covering = [o for o in options if o[0] >= shortfall]
        days, weeks = min(covering) if covering else max(options)
        count = 1 if covering else math.ceil(shortfall / days)
        out.append(
            {
                "format": fmt["id"],
                "name": fmt["name"],
                "short": fmt["short"],
                "count": count,
                "weeks": weeks,
                "days": days * count,
            }
        )
    out.sort(key=lambda s: (s["days"], s["count"]))
    return out


def tally(knowledge, log: dict[str, Any], today: dt.date | None = None) -> Tally:
    """Every project year that has entries (and the current one), with its credited days."""
    mentoring = knowledge.mentoring
    formats = {f["id"]: f for f in mentoring["formats"]}
    rule = rule_set(mentoring, log["regelsatz"])
    duty = obligated(mentoring, log)
    begin = log.get("projektbeginn")
    years: dict[int, Year] = {}
    last: Year | None = None  # the year of the entry before: entries come sorted by date

    def year_for(day: dt.date) -> Year:
        nonlocal last
        if last is not None and last["start"] <= day <= last["end"]:
            return last
        number, start, end = project_year(day, begin)
        if number not in years:
            years[number] = {
                "project_year": number,
                "calendar": begin is None,
                "start": start,
                "end": end,
                "activities": [],
                "credited_days": 0.0,
                # set for every year below, once all entries are counted
                "minimum_days": None,
                "reference_days": [],
                "shortfall_days": 0.0,
                "met": None,
                "suggestions": [],
            }
        last = years[number]
        return last

    if today is not None:  # the current year; before the Projektbeginn, the first one
        year_for(today if begin is None else max(today, begin))
    for entry in sorted(log["eintraege"], key=lambda e: (e["datum"], e["id"])):
        year = year_for(entry["datum"])
        days = credit_days(entry, formats)
        year["activities"].append({**entry, "credit_days": days})
        year["credited_days"] += days
    for year in years.values():
        year["minimum_days"] = rule["minimum_days"] if duty else None
        year["reference_days"] = rule["reference_days"]
        if duty:
            year["shortfall_days"] = max(0.0, rule["minimum_days"] - year["credited_days"])
            year["met"] = year["shortfall_days"] == 0
            year["suggestions"] = suggestions(mentoring, year["shortfall_days"]) if not year["met"] else []
        else:
            year["shortfall_days"], year["met"], year["suggestions"] = 0.0, None, []
    return {
        "rule_set": {k: rule[k] for k in ("id", "label", "minimum_days", "reference_days", "source")},
        "obligated": duty,
        "obligation": mentoring["obligation"],
        "role": log["rolle"],
        "vorhaben": log["vorhaben"],
        "projektbeginn": begin,
        "hours_per_day": mentoring["hours_per_day"],
        "notes": role_notes(mentoring, log),
        "years": [years[n] for n in sorted(years)],
        "other_years": [],
    }
