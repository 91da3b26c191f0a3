"""Views of the mentoring log and tallies; the Schlussbericht text (Handreichung 5.5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import Bullets, Fields, Heading, Para, Section, Table, clean
from ksm_cli.vocabulary import VORHABEN_SHORT as VORHABEN_LABELS
from ksm_cli.vocabulary import role_labels

if TYPE_CHECKING:
    from ksm_cli.mentoring.types import Tally, Year


def role_label(knowledge, role: str) -> str:
    """The label of a role as data/mentoring.yaml gives it (``roles[].label``)."""
    return role_labels(knowledge.mentoring).get(role, role)


def days(value: float) -> str:
    text = _DAYS.get(value)
    if text is None:
        text = f"{de_number(value)} " + ("Tag" if value == 1 else "Tage")
        if len(_DAYS) < 256:  # a table of 1,000 entries shows a handful of values
            _DAYS[value] = text
    return text


_DAYS: dict[float, str] = {}


def missing(shortfall: float) -> str:
    """ "fehlt 1 Tag" or "fehlen 2,5 Tage"."""
    return ("fehlt " if shortfall == 1 else "fehlen ") + days(shortfall)


def credited_text(year: Year) -> str:
    """ "7,5 Tage", or against the minimum "7,5 von 5 Tagen"."""
    if year["minimum_days"] is None:
        return days(year["credited_days"])
    minimum = year["minimum_days"]
    return f"{de_number(year['credited_days'])} von {de_number(minimum)} " + (
        "Tag" if minimum == 1 else "Tagen"
    )


def year_label(year: Year) -> str:
    if year["calendar"]:
        return f"Kalenderjahr {year['project_year']}"
    return f"Projektjahr {year['project_year']} ({de_date(year['start'])}–{de_date(year['end'])})"


def bar(value: float, minimum: float | None, top: float, width: int = 30) -> str:
    """A text bar up to the upper reference; '|' marks the minimum."""
    filled = min(width, round(width * value / top)) if top else 0
    cells = ["█"] * filled + ["░"] * (width - filled)
    if minimum:
        mark = min(width - 1, round(width * minimum / top))
        cells[mark] = "|" if cells[mark] == "░" else cells[mark]
    return "".join(cells)


def suggestion_text(year: Year) -> str:
    parts = []
    for s in year["suggestions"][:3]:
        name = s["short"]["one"] if s["count"] == 1 else f"{s['count']} {s['short']['many']}"
        weeks = f" über {s['weeks']} Wochen" if s["weeks"] else ""
        parts.append(f"{name}{weeks} ({days(s['days'])})")
    return f"Es {missing(year['shortfall_days'])} – z. B. " + " oder ".join(parts)


def sourced(item: Mapping[str, Any]) -> str:
    """A statement of the Handreichung with its source, and ksm's note on it where there is one."""
    text = f"{item['text']} ({item['source']})"
    return text + (f" Anmerkung von ksm: {item['note']}" if item.get("note") else "")


ENTRY_COLUMNS = ["ID", "Datum", "Format", "Angerechnet", "Titel/Thema"]


def entry_row(fmt_by_id, entry: Mapping[str, Any]) -> list[str]:
    """ID, date, format id (with forum weeks), credited days, title: the long title goes last."""
    kind = entry["format"] + (f" ({entry['forum_wochen']} Wo.)" if entry.get("forum_wochen") else "")
    credited = days(entry["credit_days"]) if "credit_days" in entry else "–"
    return [str(entry["id"]), de_date(entry["datum"]), kind, credited, entry["titel"]]


def entry_table(rows: list[list[str]], columns: list[str] | None = None, title: str | None = None) -> Table:
    """A table of entries, with its list form: where the columns do not fit side by side, each
    entry is one line, "1 · 01.10.2025 · webinar · 5 Tage · Titel", and no id is split."""
    columns = columns or ENTRY_COLUMNS
    items = [" · ".join(cell for cell in row if cell) for row in rows]
    return Table(columns, rows, title=title, items=items)


def _year_status(year: Year) -> str:
    if year["met"] is True:
        return "Mindestzeit erfüllt"
    if year["met"] is False:
        return f"es {missing(year['shortfall_days'])}"
    return "keine Mindestzeit"


def credits_blocks(knowledge, result: Tally) -> list:
    fmt_by_id = {f["id"]: f for f in knowledge.mentoring["formats"]}
    rule = result["rule_set"]
    blocks: list = [
        Heading(
            "Mentoring: angerechnete Tage je Projektjahr",
            f"Regelsatz: {rule['label']} – mindestens {days(rule['minimum_days'])} pro Jahr "
            f"({rule['source']})",
        )
    ]
    if not result["obligated"]:
        blocks.append(
            Para(
                f"Für {role_label(knowledge, result['role'])} im {VORHABEN_LABELS[result['vorhaben']]} gilt keine Mindestzeit. "
                + result["obligation"]["text"],
                "note",
            )
        )
    if not result["years"]:
        blocks.append(Para("Noch keine Einträge. Hinzufügen mit: ksm mentoring add", "muted"))
    for year in result["years"]:
        low, high = year["reference_days"]
        inner: list = []
        rows = [entry_row(fmt_by_id, a) for a in year["activities"]]
        if rows:
            inner.append(entry_table(rows))
        else:
            inner.append(Para("Keine Einträge in diesem Jahr.", "muted"))
        summary = f"{credited_text(year)} angerechnet"
        inner.append(
            Para(
                f"{bar(year['credited_days'], year['minimum_days'], high)}  {summary} "
                f"(Bezugsrahmen {de_number(low)}–{de_number(high)} Tage)"
            )
        )
        if year["met"] is True:
            inner.append(Para("Mindestzeit erfüllt.", "good"))
        elif year["met"] is False:
            inner.append(Para(suggestion_text(year), "warn"))
        style = "good" if year["met"] else ("bad" if year["met"] is False else None)
        blocks.append(Section(year_label(year), inner, style))
    others = result.get("other_years") or []
    if others:
        lines = [f"{year_label(y)}: {credited_text(y)} angerechnet – {_year_status(y)}" for y in others]
        blocks.append(
            Section(
                "Weitere Jahre mit Einträgen",
                [Bullets(lines), Para("Im Einzelnen: ksm mentoring credits --all", "muted")],
            )
        )
    blocks.append(Section("Hinweise der Handreichung", [Bullets([sourced(n) for n in result["notes"]])]))
    return blocks


def _year_json(y: Any, detail: bool) -> dict[str, Any]:
    """One project year of ``credits --json``, key by key; ``detail`` adds what only the years
    shown in full carry (``years``, not ``other_years``)."""
    out = {
        "project_year": y["project_year"],
        "calendar_year": y["calendar"],
        "start": y["start"],
        "end": y["end"],
        "credited_days": y["credited_days"],
        "minimum_days": y["minimum_days"],
    }
    if detail:
        out["reference_days"] = y["reference_days"]
    out["met"] = y["met"]
    out["shortfall_days"] = y["shortfall_days"]
    if detail:
        out["suggestions"] = y["suggestions"]
        out["activities"] = y["activities"]
    return out


def credits_json(result: Tally) -> dict[str, Any]:
    return {
        "schema": "ksm.mentoring.credits/1",
        "rule_set": result["rule_set"],
        "obligated": result["obligated"],
        "role": result["role"],
        "vorhaben": result["vorhaben"],
        "projektbeginn": result["projektbeginn"],
        "years": [_year_json(y, True) for y in result["years"]],
        "other_years": [_year_json(y, False) for y in result.get("other_years") or []],
        "notes": result["notes"],
    }


def header_line(knowledge, log: dict[str, Any]) -> str:
    begin = de_date(log["projektbeginn"]) if log.get("projektbeginn") else "– (Kalenderjahre)"
    return f"Rolle: {role_label(knowledge, log['rolle'])} · {VORHABEN_LABELS[log['vorhaben']]} · Projektbeginn: {begin}"


def init_notes(mentoring: dict[str, Any], header: dict[str, Any]) -> list[dict[str, Any]]:
    """The notes of the Handreichung for this role (``credits.role_notes``); a mentee also reads
    that one-to-one mentoring is not offered yet (3.3)."""
    from ksm_cli.mentoring.credits import acts_as, role_notes

    notes: list[dict[str, Any]] = [dict(n) for n in role_notes(mentoring, header)]
    if "mentee" in acts_as(mentoring, header["rolle"]):
        extra = mentoring["programme"]["individual_mentoring"]
        notes.append({"text": extra["text"], "source": extra["source"], "note": extra.get("note")})
    return notes


def init_blocks(knowledge, header: dict[str, Any], path: str, created: bool, entries: int) -> list:
    from ksm_cli.mentoring.credits import obligated, rule_set

    rule = rule_set(knowledge.mentoring, header["regelsatz"])
    blocks: list = [
        Heading("Mentoring-Protokoll " + ("angelegt" if created else "aktualisiert"), path),
        Fields(
            [
                ("Rolle", role_label(knowledge, header["rolle"])),
                ("Vorhaben", VORHABEN_LABELS[header["vorhaben"]]),
                (
                    "Projektbeginn",
                    de_date(header["projektbeginn"])
                    if header["projektbeginn"]
                    else "– (es zählen Kalenderjahre)",
                ),
                ("Regelsatz", f"{rule['label']}: mindestens {days(rule['minimum_days'])} pro Jahr"),
                ("Einträge", str(entries)),
            ]
        ),
    ]
    mentoring = knowledge.mentoring
    if not obligated(mentoring, header):
        blocks.append(Para(f"Keine Mindestzeit: {mentoring['obligation']['text']}", "note"))
    notes = init_notes(mentoring, header)
    if notes:
        blocks.append(Bullets([sourced(n) for n in notes]))
    blocks.append(Para("Nächster Schritt: ksm mentoring add", "muted"))
    return blocks


def added_blocks(knowledge, added: Mapping[str, Any], year: Year) -> list:
    fmt_by_id = {f["id"]: f for f in knowledge.mentoring["formats"]}
    blocks: list = [
        entry_table([entry_row(fmt_by_id, added)], title="Eingetragen"),
        Para(f"{year_label(year)}: {credited_text(year)} angerechnet."),
    ]
    record = fmt_by_id[added["format"]].get("session_record")
    if record:  # the Kurzdokumentation of 3.1.1-3.1.3: what the mentor does after the session
        blocks.append(Para(sourced(record), "note"))
    return blocks


def list_blocks(knowledge, log: dict[str, Any], entries: list[dict[str, Any]], path: str) -> list:
    fmt_by_id = {f["id"]: f for f in knowledge.mentoring["formats"]}
    blocks: list = [Heading("Mentoring-Protokoll", f"{path} · {header_line(knowledge, log)}")]
    rows = []
    for e in entries:
        extra = [
            x
            for x in (
                e.get("ort"),
                f"{de_number(e['personen'])} Personen" if "personen" in e else None,
                f"{de_number(e['stunden'])} h" if "stunden" in e else None,
                f"{de_number(e['beitraege'])} Beiträge" if "beitraege" in e else None,
            )
            if x
        ]
        row = entry_row(fmt_by_id, e)
        rows.append([*row[:3], f"{row[4]} ({', '.join(extra)})" if extra else row[4]])
    blocks.append(
        entry_table(rows, ["ID", "Datum", "Format", "Titel/Thema (Angaben)"])
        if rows
        else Para("Keine Einträge.", "muted")
    )
    return blocks


def credit_text(fmt: Mapping[str, Any]) -> str:
    if fmt.get("credit_days"):
        return days(fmt["credit_days"])
    return " oder ".join(f"{days(o['credit_days'])} ({o['weeks']} Wochen)" for o in fmt["credit_by_weeks"])


def formats_blocks(mentoring: dict[str, Any]) -> list:
    rows = []
    items = []
    for f in mentoring["formats"]:
        credit = credit_text(f)
        rows.append([f["id"], f["description"], f["frequency"], f["capacity"], credit])
        items.append(
            f"{f['id']}: {f['description']} – Häufigkeit pro Jahr: {f['frequency']}; "
            f"Mentor*innen: {f['capacity']}; Anrechnung: {credit}"
        )
    blocks: list = [
        Heading(
            "Mentoring-Formate und Anrechnung",
            "Tabelle in Handreichung 5.4; Aufwand inklusive Vor- und Nachbereitung",
        ),
        Table(
            ["ID", "Art der Mentorentätigkeit", "Häufigkeit pro Jahr", "Mentor*innen", "Anrechnung"],
            rows,
            items=items,
        ),
        Bullets(
            [
                f"{r['label']}: mindestens {days(r['minimum_days'])} pro Jahr ({r['source']})"
                for r in mentoring["rule_sets"]
            ],
            "•",
        ),
    ]
    for f in mentoring["formats"]:
        details: list = []
        if f.get("forums"):
            forums = f["forums"]
            details.append(Para(forums["text"]))
            details.append(Bullets(forums["items"]))
            note = f" Anmerkung von ksm: {forums['note']}" if forums.get("note") else ""
            details.append(Para(f"Quelle: {forums['source']}.{note}", "muted"))
        if f.get("session_record"):
            details.append(Para("Kurzdokumentation: " + sourced(f["session_record"])))
        if f.get("note"):
            details.append(Para(f"Anmerkung von ksm: {f['note']}", "muted"))
        if details:
            blocks.append(Section(f"{f['id']} – {f['name']}", details))
    programme = mentoring["programme"]
    keys = ("individual_mentoring", "travel_costs", "mentees", "after_verstetigung")
    blocks.append(Section("Hinweise der Handreichung", [Bullets([sourced(programme[k]) for k in keys])]))
    return blocks


def topics_blocks(mentoring: dict[str, Any]) -> list:
    blocks: list = [Heading("Inhalte des Mentorings (Handreichung 4)", "Eine Auswahl von Themen")]
    for group in mentoring["topic_groups"]:
        # "… Interessengruppen (Bevölkerung, Wirtschaft, Presse et cetera)": the parenthesis below
        # the title, since a terminal cuts a panel title that is wider than the panel
        title, _, rest = group["name"].partition(" (")
        inner: list = [Para(f"({rest}", "muted")] if rest else []
        inner.append(Bullets(group["topics"]))
        if group.get("note"):
            inner.append(Para(f"Anmerkung von ksm: {group['note']}", "muted"))
        blocks.append(Section(title, inner))
    return blocks


def report_text(knowledge, result: Tally) -> str:
    """German free text for the NKI monitoring tool, per project year and format (5.5)."""
    from ksm_cli.outputs import MENTORING_REPORT_OPENING

    mentoring = knowledge.mentoring
    hours = mentoring["hours_per_day"]
    lines = [
        # the fixed opening by which ksm recognises its own text (no mark: it is pasted whole)
        f"{MENTORING_REPORT_OPENING} (Rolle: {role_label(knowledge, result['role'])})",
        "",
    ]
    if not any(year["activities"] for year in result["years"]):
        lines += ["Im Berichtszeitraum wurden keine Mentoring-Aktivitäten eingetragen.", ""]
    for year in result["years"]:
        if not year["activities"]:
            continue
        total = year["credited_days"]
        lines.append(
            f"{year_label(year)}: insgesamt {days(total)} ({de_number(total * hours)} Stunden) angerechnet"
            + (
                f", Mindestumfang {days(year['minimum_days'])}"
                + (" erfüllt." if year["met"] else f" nicht erreicht (es {missing(year['shortfall_days'])}).")
                if year["minimum_days"] is not None
                else "."
            )
        )
        for fmt in mentoring["formats"]:
            acts = [a for a in year["activities"] if a["format"] == fmt["id"]]
            if not acts:
                continue
            lines.append(
                f"- {fmt['name']}: {len(acts)}×, zusammen {days(sum(a['credit_days'] for a in acts))}"
            )
            for a in acts:
                details = [de_date(a["datum"])]
                if a.get("ort"):
                    details.append(a["ort"])
                if a.get("forum_wochen"):
                    details.append(f"{a['forum_wochen']} Wochen Betreuung")
                if "beitraege" in a:
                    details.append(f"{de_number(a['beitraege'])} Beiträge")
                if "personen" in a:
                    details.append(f"{de_number(a['personen'])} erreichte Personen")
                if "stunden" in a:
                    details.append(f"tatsächlicher Aufwand {de_number(a['stunden'])} Stunden")
                lines.append(
                    f"  • „{a['titel']}“ ({'; '.join(details)}) – angerechnet {days(a['credit_days'])}"
                )
        lines.append("")
    lines.append(
        f"Anrechnung nach der Tabelle in Abschnitt 5.4 der Handreichung zum Mentoring-Programm "
        f"(inklusive Vor- und Nachbereitung; 1 Arbeitstag = {de_number(hours)} Stunden)."
    )
    # titles and places are the user's: control characters shown, never sent to a terminal
    return clean("\n".join(lines) + "\n")


def wrapped(text: str, width: int) -> str:
    """The report text broken between words for a terminal of ``width`` columns; a line of a
    list goes on under its text ("- …", "  • …"). A file or a pipe gets the text unbroken, as
    the free-text field of the NKI-Monitoring-Tool takes it."""
    import re
    import textwrap

    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        marker = re.match(r"^\s*(?:[-•] )?", line)
        indent = " " * (marker.end() if marker else 0)
        out.append(
            textwrap.fill(
                line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
            )
        )
    return "\n".join(out)
