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
    mentoring: dict[str, Any], current: dict[str, Any] | None, given: dict[str, str | None], on_answer=None
) -> dict[str, str | None]:
    """Role, Vorhaben, Projektbeginn and rule set; values already given are not asked again.
    ``on_answer(out)`` after each answer (to save a draft)."""
    current = current or {}
    out = dict(given)
    changed = on_answer or (lambda _out: None)
    if out["role"] is None:
        out["role"] = ask_choice(
            "Ihre Rolle im Mentoring-Programm?",
            list(role_labels(mentoring).items()),
            default=current.get("rolle"),
        )
        changed(out)
    if out["vorhaben"] is None:
        out["vorhaben"] = ask_choice(
            "Welches Vorhaben läuft?", list(VORHABEN_SHORT.items())[::-1], default=current.get("vorhaben")
        )
        changed(out)
    if out["start"] is None:
        begin = current.get("projektbeginn")
        out["start"] = ask_text(
            "Projektbeginn (TT.MM.JJJJ)",
            validate=_date_check(None, empty_ok=True),
            default=f"{begin:%d.%m.%Y}" if begin else "",
            instruction="(leer = Kalenderjahre)",
        )
        changed(out)
    if out["rules"] is None:
        # short: the answer is echoed after the question, and a line wider than the terminal
        # breaks inside a word (80 columns: "Fas/sung")
        out["rules"] = ask_choice(
            "Welcher Regelsatz?",
            [(r["id"], f"{r['label']} – {days(r['minimum_days'])}") for r in mentoring["rule_sets"]],
            default=current.get("regelsatz"),
        )
        changed(out)
    return out


def ask_entry(
    mentoring: dict[str, Any], begin: dt.date | None, given: dict[str, str | None], on_answer=None
) -> dict[str, str | None]:
    """One activity. Required fields first, then the optional details of Handreichung 5.5.
    ``on_answer(out)`` after each answer (to save a draft); an optional detail left empty is ""
    there (asked, no answer), None in the result."""
    formats = {f["id"]: f for f in mentoring["formats"]}
    out = dict(given)
    changed = on_answer or (lambda _out: None)
    if out["datum"] is None:
        out["datum"] = ask_text(
            "Datum (TT.MM.JJJJ)", validate=_date_check(begin), default=f"{dt.date.today():%d.%m.%Y}"
        )
        changed(out)
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
        changed(out)
    fmt = formats[out["format"]]
    if fmt["credit_by_weeks"] and out["forum_wochen"] is None:
        out["forum_wochen"] = ask_choice(
            "Wie viele Wochen Betreuung (je 1 Stunde)?",
            [
                (plain_decimal(o["weeks"]), f"{de_number(o['weeks'])} Wochen ({days(o['credit_days'])})")
                for o in fmt["credit_by_weeks"]
            ],
        )
        changed(out)
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
        changed(out)
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
            out[key] = ask_text(title, validate=check, instruction=OPTIONAL)
            changed(out)
    return {key: None if key in OPTIONAL_KEYS and value == "" else value for key, value in out.items()}


OPTIONAL_KEYS = ("ort", "personen", "stunden", "beitraege", "notiz")
HEADER_KEYS = ("role", "vorhaben", "start", "rules")
ENTRY_KEYS = ("datum", "format", "titel", "ort", "notiz", "personen", "beitraege", "stunden", "forum_wochen")
LABELS = {
    "role": "Rolle",
    "vorhaben": "Vorhaben",
    "start": "Projektbeginn",
    "rules": "Regelsatz",
    "datum": "Datum",
    "format": "Format",
    "titel": "Titel",
    "ort": "Ort",
    "notiz": "Notiz",
    "personen": "Erreichte Personen",
    "beitraege": "Beiträge",
    "stunden": "Aufwand (Stunden)",
    "forum_wochen": "Wochen Betreuung",
}


def _draft_values(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, str] | None:
    values = data.get("werte")
    if not isinstance(values, dict) or any(
        k not in keys or not isinstance(v, str) for k, v in values.items() if v is not None
    ):
        return None
    return {k: v for k, v in values.items() if v is not None}


def interview(
    command: str,
    draft_file,
    resume: str,
    ask: Any,
    given: dict[str, str | None],
    known: dict[str, list[str]],
):
    """Run ``ask(given, on_answer)`` (``ask_header`` or ``ask_entry``) with a draft kept after
    each answer. ``command``: "init" or "add" (one draft for both; it names its command);
    ``known``: the ids a choice may have. Returns the answers and the keeper (``finish`` it
    once the log is saved)."""
    from ksm_cli.cli.drafts import kept_on_interrupt, open_draft
    from ksm_cli.cli.tasks_prompts import say
    from ksm_cli.drafts import Keeper, is_draft

    key = f"mentoring-{command}"
    keys = HEADER_KEYS if command == "init" else ENTRY_KEYS

    def values_of(draft) -> dict[str, str] | None:
        values = _draft_values(draft.data, keys)
        if values is None or any(values.get(k) not in (None, *ids) for k, ids in known.items()):
            return None
        return values

    def shown(draft):
        values = values_of(draft)
        if values is None:
            return None
        return [f"{LABELS[k]}: {v or 'keine Angabe'}" for k, v in values.items()]

    kept = [Keeper(draft_file, key, on_disk=is_draft(draft_file))]
    with kept_on_interrupt(lambda: kept[-1], resume):
        keeper, draft = open_draft(draft_file, key, shown, say)
        kept[-1] = keeper
        start = dict(given)
        if draft is not None:
            for name, value in (values_of(draft) or {}).items():
                if start.get(name) is None:
                    start[name] = value

        def save(out: dict[str, str | None]) -> None:
            problem = keeper.save({"werte": {k: v for k, v in out.items() if v is not None}})
            if problem:
                say(problem)

        return ask(start, save), keeper
