"""The proof of mentoring for the Schlussbericht (Handreichung 5.5): per project year the formats
and the time credited, a table of the activities, the days against the minimum of the rule set
with its source, a chart, and the text for the free-text field of the NKI monitoring tool
(``render.mentoring.report_text``, the same text ``ksm mentoring report`` writes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ksm_cli.documents.stelle import stand
from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import (
    Block,
    Bullets,
    Cited,
    Fields,
    Heading,
    Note,
    PageBreak,
    Para,
    Section,
    Table,
)
from ksm_cli.render.mentoring import credited_text, days, missing, report_text, role_label, year_label
from ksm_cli.vocabulary import VORHABEN

if TYPE_CHECKING:
    from ksm_cli.mentoring.types import Activity, Tally, Year

ACTIVITY_COLUMNS = ["Datum", "Format", "Titel/Thema (Angaben)", "Angerechnet"]


def handreichung(mentoring: Mapping[str, Any], source: str) -> str:
    """A source in the Handreichung ("Handreichung 5.5", "5.4") named with its title, since an
    endnote stands alone; another source (the Kommunalrichtlinie) as it is."""
    source = " ".join(source.split())
    if source.startswith("Handreichung "):
        source = source.removeprefix("Handreichung ")
    elif not source[:1].isdigit():
        return source
    return f"{mentoring['document']['title']}, {source}"


def _time(credited: float, hours_per_day: float) -> str:
    return f"{days(credited)} ({de_number(credited * hours_per_day)} Stunden)"


def _details(activity: Activity) -> str:
    """Place, persons reached, posts and the actual effort, where the log has them."""
    parts = [
        activity.get("ort"),
        f"{de_number(activity['personen'])} erreichte Personen" if "personen" in activity else None,
        f"{de_number(activity['beitraege'])} Beiträge" if "beitraege" in activity else None,
        f"tatsächlicher Aufwand {de_number(activity['stunden'])} Stunden" if "stunden" in activity else None,
    ]
    return "; ".join(p for p in parts if p)


def _activity_table(mentoring: Mapping[str, Any], year: Year) -> Table:
    names = {f["id"]: f["name"] for f in mentoring["formats"]}
    hours = mentoring["hours_per_day"]
    rows = []
    for a in year["activities"]:
        kind = names[a["format"]] + (f" ({a['forum_wochen']} Wochen)" if a.get("forum_wochen") else "")
        details = _details(a)
        title = f"{a['titel']} ({details})" if details else a["titel"]
        rows.append([de_date(a["datum"]), kind, title, _time(a["credit_days"], hours)])
    rows.append(["", "", "Summe", _time(year["credited_days"], hours)])
    return Table(
        ACTIVITY_COLUMNS, rows, highlight={len(rows) - 1}, title=f"Aktivitäten im {year_label(year)}"
    )


def _state(year: Year) -> str:
    if year["met"] is True:
        return "erfüllt"
    if year["met"] is False:
        return f"nicht erreicht: es {missing(year['shortfall_days'])}"
    return "keine Mindestzeit"


def _formats_text(mentoring: Mapping[str, Any], year: Year) -> str:
    parts = []
    for fmt in mentoring["formats"]:
        acts = [a for a in year["activities"] if a["format"] == fmt["id"]]
        if acts:
            parts.append(f"{fmt['name']} ({len(acts)}×, {days(sum(a['credit_days'] for a in acts))})")
    return "; ".join(parts) or "keine Aktivitäten eingetragen"


def _year_section(mentoring: Mapping[str, Any], year: Year) -> Section:
    hours = mentoring["hours_per_day"]
    rows: list[tuple[str, str]] = [
        ("Zeitraum", f"{de_date(year['start'])} bis {de_date(year['end'])}"),
        ("Formate", _formats_text(mentoring, year)),
        ("Angerechnet", _time(year["credited_days"], hours)),
    ]
    if year["minimum_days"] is not None:
        rows.append(("Mindestumfang", f"{days(year['minimum_days'])} – {_state(year)}"))
    inner: list[Block] = [Fields(rows)]
    if year["activities"]:
        inner.append(_activity_table(mentoring, year))
    else:
        inner.append(Para("In diesem Jahr sind keine Aktivitäten eingetragen.", "muted"))
    return Section(year_label(year), inner)


def _rule_blocks(mentoring: Mapping[str, Any], result: Tally) -> list[Block]:
    rule = result["rule_set"]
    if not result["obligated"]:
        obligation = result["obligation"]
        return [Note(" ".join(obligation["text"].split()), handreichung(mentoring, obligation["source"]))]
    blocks: list[Block] = [
        Para(
            Cited(
                f"Mindestumfang: {days(rule['minimum_days'])} pro Projektjahr nach dem Regelsatz "
                f"„{rule['label']}“.",
                handreichung(mentoring, rule["source"]),
            )
        )
    ]
    others = [r for r in mentoring["rule_sets"] if r["id"] != rule["id"]]
    if others:
        blocks.append(Para("Zum Vergleich die Mindestzeit nach anderen Fassungen:", "muted"))
        blocks.append(
            Bullets(
                [
                    Cited(
                        f"{r['label']}: mindestens {days(r['minimum_days'])} pro Jahr",
                        handreichung(mentoring, r["source"]),
                    )
                    for r in others
                ]
            )
        )
    return blocks


def _overview(mentoring: Mapping[str, Any], result: Tally) -> Table:
    hours = mentoring["hours_per_day"]
    rows = [
        [
            year_label(y),
            _time(y["credited_days"], hours),
            credited_text(y) if y["minimum_days"] is not None else "–",
            _state(y),
        ]
        for y in result["years"]
    ]
    return Table(["Projektjahr", "Angerechnet", "Gegen Mindestumfang", "Stand"], rows, title="Übersicht")


def mentoring_blocks(knowledge, tally: Tally, log: dict[str, Any], today: dt.date) -> list[Block]:
    """The proof of mentoring over the years of ``tally`` (pass a tally of every year with
    entries): the same years as the pasted text."""
    from ksm_cli.render.charts import mentoring_figure

    mentoring = knowledge.mentoring
    documentation = mentoring["documentation"]
    begin = log.get("projektbeginn")
    header = Fields(
        [
            ("Rolle im Mentoring-Programm", role_label(knowledge, log["rolle"])),
            ("Vorhaben", VORHABEN[log["vorhaben"]]),
            ("Projektbeginn", de_date(begin) if begin else "nicht angegeben: es zählen Kalenderjahre"),
            ("Regelsatz", tally["rule_set"]["label"]),
        ]
    )
    paste = [line for line in report_text(knowledge, tally).split("\n") if line.strip()]
    return [
        Heading(
            "Nachweis der Mentoring-Aktivitäten für den Schlussbericht",
            stand(today, "der Handreichung zum Mentoring-Programm (SK:KK)"),
        ),
        Note(
            " ".join(documentation["text"].split()), handreichung(mentoring, documentation["source"]), "quote"
        ),
        header,
        Section(
            "Angerechnete Zeit je Projektjahr",
            [
                *_rule_blocks(mentoring, tally),
                _overview(mentoring, tally),
                mentoring_figure(tally),
                Para(
                    Cited(
                        "Angerechnet nach der Tabelle der Handreichung, Vor- und Nachbereitung "
                        f"eingeschlossen; ein Arbeitstag zählt {de_number(mentoring['hours_per_day'])} Stunden.",
                        handreichung(mentoring, "5.4"),
                    ),
                    "muted",
                ),
            ],
        ),
        PageBreak(),
        Section("Aktivitäten je Projektjahr", [_year_section(mentoring, y) for y in tally["years"]]),
        PageBreak(),
        Section(
            "Text für das NKI-Monitoring-Tool",
            [
                Para(
                    Cited(
                        "Der folgende Text ist für das Freitextfeld des Schlussberichts im "
                        "NKI-Monitoring-Tool bestimmt und kann dort unverändert eingefügt werden.",
                        handreichung(mentoring, documentation["source"]),
                    )
                ),
                *(Note(line, style="quote") for line in paste),
            ],
        ),
    ]
