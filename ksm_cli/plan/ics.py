"""The deadlines of a Mappe as an iCalendar file (RFC 5545) for Outlook and Thunderbird (pure).

Every entry is an all-day event with a reminder (VALARM) and its source in the description. The
UIDs are derived from the Kommune and the entry (a step id, „foerderende“, a project year), never
from dates or the time of the export: importing the file again updates the entries instead of
adding them twice. SEQUENCE counts the minutes since 2020, so that a later export is newer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from ksm_cli.mentoring.types import Tally
    from ksm_cli.plan.core import Plan

REMINDER_DAYS = 14  # the reminder, two weeks before the day
EPOCH = dt.date(2020, 1, 1)


class Entry(TypedDict):
    key: str  # stable part of the UID
    day: dt.date
    summary: str
    description: str
    alarm: bool


def _slug(text: str) -> str:
    """The Kommune in a UID: letters, digits and '_' only (no markup, no punctuation)."""
    import re

    from ksm_cli.assess.answers import slug

    return re.sub(r"[^a-z0-9_]+", "_", slug(text)).strip("_") or "kommune"


def entries(plan: Plan, kommune: str | None, tally: Tally | None) -> list[Entry]:
    """What goes into the calendar: the dated steps (a done one marked, without a reminder), the
    Förderende, and the end of every mentoring project year with its shortfall."""
    from ksm_cli.german import de_date, de_number

    where = f" ({kommune})" if kommune else ""
    found: list[Entry] = []
    for step in plan["steps"]:
        if step["latest"] is None:
            continue
        lines = [step["text"], f"Zeitpunkt laut Quelle: {step['rule']}."]
        if step["earliest"] is not None:
            lines.append(f"Zeitraum: {de_date(step['earliest'])} bis {de_date(step['latest'])}.")
        if step["estimated"]:
            lines.append("Das Datum ist geschätzt (Förderende des Anschlussvorhabens).")
        if step["done"] is not None:
            lines.append(f"Erledigt am {de_date(step['done'])}.")
        lines.append(f"Quelle: {step['source']}. Erstellt mit ksm; Stand im Terminal: ksm plan")
        prefix = "Erledigt: " if step["done"] is not None else "Frist: "
        found.append(
            {
                "key": step["id"],
                "day": step["latest"],
                "summary": f"{prefix}{step['label']}{where}",
                "description": "\n".join(lines),
                "alarm": step["done"] is None,
            }
        )
    timeline = plan["timeline"]
    if timeline["foerderende"] is not None:
        found.append(
            {
                "key": "foerderende",
                "day": timeline["foerderende"],
                "summary": f"Förderende{where}",
                "description": "Ende der laufenden Förderung (Angabe 'foerderende' in kommune.yaml). "
                f"Quelle: {timeline['source']}.",
                "alarm": True,
            }
        )
        if timeline["end_estimated"] and timeline["end"] is not None:
            found.append(
                {
                    "key": "foerderende_anschlussvorhaben",
                    "day": timeline["end"],
                    "summary": f"Förderende des Anschlussvorhabens (geschätzt){where}",
                    "description": "\n".join(timeline["hints"][:1]) + f" Quelle: {timeline['source']}.",
                    "alarm": False,
                }
            )
    for year in (tally or {}).get("years", []) if tally else []:
        kind = "Kalenderjahr" if year["calendar"] else "Projektjahr"
        text = f"{de_number(year['credited_days'])} Mentoring-Tage angerechnet"
        if year["minimum_days"] is not None and tally and tally["obligated"]:
            text += f" von mindestens {de_number(year['minimum_days'])}"
            if year["shortfall_days"] > 0:
                text += f"; es fehlen {de_number(year['shortfall_days'])} Tage"
        found.append(
            {
                "key": f"mentoring_{'kalenderjahr' if year['calendar'] else 'projektjahr'}_{year['project_year']}",
                "day": year["end"],
                "summary": f"Ende {kind} {year['project_year']} (Mentoring): {text}",
                "description": f"{text} (Stand des Exports). Nachweis für den Schlussbericht: ksm mentoring "
                f"report. Quelle: {tally['rule_set']['source'] if tally else ''}.",
                "alarm": bool(tally and tally["obligated"] and year["shortfall_days"] > 0),
            }
        )
    return found


def sequence(exported: dt.datetime) -> int:
    """SEQUENCE of every entry: the minutes since 2020 at the export, so that a later export is
    newer for the calendar and replaces the entries of an earlier one."""
    start = dt.datetime(EPOCH.year, EPOCH.month, EPOCH.day, tzinfo=dt.UTC)
    return max(0, int((exported - start).total_seconds() // 60))


def calendar_text(found: list[Entry], kommune: str | None, exported: dt.datetime) -> str:
    """The iCalendar text of ``found`` (CRLF lines, folded and escaped by the icalendar library),
    carrying ksm's PRODID (``outputs.ICS_PRODID``). ``exported``: the day of the export (never the
    Stichtag of the plan), for SEQUENCE."""
    import icalendar

    from ksm_cli.outputs import ICS_PRODID

    calendar = icalendar.Calendar()
    calendar.add("prodid", ICS_PRODID.split(":", 1)[1])
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"ksm – Fristen {kommune}" if kommune else "ksm – Fristen")
    stamp = exported.astimezone(dt.UTC).replace(microsecond=0)
    owner = _slug(kommune or "")
    for entry in found:
        event = icalendar.Event()
        event.add("uid", f"ksm-{owner}-{entry['key']}@ksm.local")
        event.add("dtstamp", stamp)
        event.add("sequence", sequence(exported))
        event.add("dtstart", entry["day"])
        event.add("dtend", entry["day"] + dt.timedelta(days=1))
        event.add("summary", entry["summary"])
        event.add("description", entry["description"])
        event.add("transp", "TRANSPARENT")
        if entry["alarm"]:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry["summary"])
            alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
