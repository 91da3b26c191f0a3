"""The questions of ``ksm mentoring init`` and ``add`` on a terminal.

Imported only when a prompt is shown. Each function returns plain text values, exactly as the
flags would carry them, so the command checks both paths with the same code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ksm_cli.german import (
    HOURS_PLACES,
    MAX_ACTIVITY_HOURS,
    MAX_DIGITS,
    date_problem,
    de_number,
    decimal_places,
    parse_date,
    parse_decimal,
    parse_whole,
    plain_decimal,
)
from ksm_cli.prompts import ask_choice, ask_text
from ksm_cli.render.mentoring import days
from ksm_cli.vocabulary import VORHABEN_SHORT, role_labels

OPTIONAL = "(Enter = keine Angabe)"
OTHER_FORUM = ""  # the choice "another forum" (a forum of the data always has a name)


def _date_check(begin: dt.date | None, empty_ok: bool = False):
    def check(text: str) -> bool | str:
        if not text.strip():
            return True if empty_ok else "Bitte ein Datum wie 12.03.2026 eingeben"
        day = parse_date(text.strip())
        if day is None:
            if date_problem(text.strip()).startswith("Datum muss"):
                return date_problem(text.strip())
            return "Kein gültiges Datum – bitte TT.MM.JJJJ, z. B. 12.03.2026"
        if begin and day < begin:
            return f"Liegt vor dem Projektbeginn ({begin:%d.%m.%Y})"
        return True

    return check


def _count_ok(text: str) -> bool | str:
    if not text.strip() or parse_whole(text) is not None:
        return True
    return f"Bitte eine ganze Zahl ab 0 eingeben (Ziffern 0–9, höchstens {MAX_DIGITS})"


def _hours_ok(text: str) -> bool | str:
    if not text.strip():
        return True
    hours = parse_decimal(text.strip(), thousands_dot=False)
    if hours is not None and hours <= MAX_ACTIVITY_HOURS and decimal_places(hours) <= HOURS_PLACES:
        return True
    # at most 80 characters: the message stands on one line below the prompt
    return (
        f"Stunden von 0 bis {de_number(MAX_ACTIVITY_HOURS)} mit höchstens {HOURS_PLACES} "
        "Nachkommastellen, z. B. 6,5"
    )


def ask_header(
    mentoring: dict[str, Any], current: dict[str, Any] | None, given: dict[str, str | None]
) -> dict[str, str | None]:
    """Role, Vorhaben, Projektbeginn and rule set; values already given are not asked again."""
    current = current or {}
    out = dict(given)
    if out["role"] is None:
        out["role"] = ask_choice(
            "Ihre Rolle im Mentoring-Programm?",
            list(role_labels(mentoring).items()),
            default=current.get("rolle"),
        )
    if out["vorhaben"] is None:
        out["vorhaben"] = ask_choice(
            "Welches Vorhaben läuft?", list(VORHABEN_SHORT.items())[::-1], default=current.get("vorhaben")
        )
    if out["start"] is None:
        begin = current.get("projektbeginn")
        out["start"] = ask_text(
            "Projektbeginn (TT.MM.JJJJ)",
            validate=_date_check(None, empty_ok=True),
            default=f"{begin:%d.%m.%Y}" if begin else "",
            instruction="(leer = Kalenderjahre)",
        )
    if out["rules"] is None:
        # short: the answer is echoed after the question, and a line wider than the terminal
        # breaks inside a word (80 columns: "Fas/sung")
        out["rules"] = ask_choice(
            "Welcher Regelsatz?",
            [(r["id"], f"{r['label']} – {days(r['minimum_days'])}") for r in mentoring["rule_sets"]],
            default=current.get("regelsatz"),
        )
    return out


def ask_entry(
    mentoring: dict[str, Any], begin: dt.date | None, given: dict[str, str | None]
) -> dict[str, str | None]:
    """One activity. Required fields first, then the optional details of Handreichung 5.5."""
    formats = {f["id"]: f for f in mentoring["formats"]}
    out = dict(given)
    if out["datum"] is None:
        out["datum"] = ask_text(
            "Datum (TT.MM.JJJJ)", validate=_date_check(begin), default=f"{dt.date.today():%d.%m.%Y}"
        )
    if out["format"] is None:
        choices = []
        for f in mentoring["formats"]:
            credit = (
                days(f["credit_days"])
                if f.get("credit_days")
                else " oder ".join(days(o["credit_days"]) for o in f["credit_by_weeks"])
            )
            choices.append((f["id"], f"{f['name']} ({credit})"))
        out["format"] = ask_choice("Welches Format?", choices)
    fmt = formats[out["format"]]
    if fmt["credit_by_weeks"] and out["forum_wochen"] is None:
        out["forum_wochen"] = ask_choice(
            "Wie viele Wochen Betreuung (je 1 Stunde)?",
            [
                (plain_decimal(o["weeks"]), f"{de_number(o['weeks'])} Wochen ({days(o['credit_days'])})")
                for o in fmt["credit_by_weeks"]
            ],
        )
    forums = fmt.get("forums")
    if forums and out["titel"] is None:  # 3.2.1: the patron takes one of the Community's Fachforen
        chosen = ask_choice(
            "Welches Fachforum der Klimaschutz-Community?",
            [(name, name) for name in forums["items"]] + [(OTHER_FORUM, "Ein anderes (Titel eingeben)")],
        )
        out["titel"] = None if chosen == OTHER_FORUM else chosen
    if out["titel"] is None:
        out["titel"] = ask_text(
            "Titel bzw. Thema", validate=lambda t: bool(t.strip()) or "Bitte einen Titel eingeben"
        )
    questions = [
        ("ort", "Ort", None),
        ("personen", "Erreichte Personen (Anzahl)", _count_ok),
        ("stunden", "Tatsächlicher Aufwand in Stunden", _hours_ok),
    ]
    if fmt.get("posts_as_evidence"):  # Handreichung 5.5: titles and posts as evidence
        questions.append(("beitraege", "Anzahl der Beiträge", _count_ok))
    questions.append(("notiz", "Notiz", None))
    for key, title, check in questions:
        if out[key] is None:
            out[key] = ask_text(title, validate=check, instruction=OPTIONAL) or None
    return out
