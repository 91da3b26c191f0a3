"""The mentoring log: a YAML file the user can read and edit, read strictly, written atomically.

Keys are German, because KSM edit the file by hand. Unknown keys are reported, never dropped;
a log that fails to parse is never overwritten. Writers hold a portable lock file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
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
    shown,
)
from ksm_cli.storage import FieldChecker

LOG_VERSION = 1
ROLES = ("mentor", "mentee", "beide")
VORHABEN = ("erstvorhaben", "anschlussvorhaben")
HEADER_KEYS = ("ksm_mentoring_log", "rolle", "vorhaben", "projektbeginn", "regelsatz", "eintraege")
ENTRY_KEYS = (
    "id",
    "datum",
    "format",
    "titel",
    "ort",
    "personen",
    "stunden",
    "forum_wochen",
    "beitraege",
    "notiz",
)
_ENTRY_KEY_SET = frozenset(ENTRY_KEYS)
OPTIONAL_INTS = ("personen", "beitraege")


def default_path() -> Path:
    """``KSM_MENTORING_LOG`` or ``mentoring.yaml`` in the user's data directory."""
    override = os.environ.get("KSM_MENTORING_LOG")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ksm", appauthor=False)) / "mentoring.yaml"


def check_entry(raw: dict, formats: dict[str, dict], checker: FieldChecker, path: tuple) -> dict[str, Any]:
    """One entry, validated; ``path`` locates it for errors."""
    if not isinstance(raw, dict):
        raise checker.fail(path, "ein Eintrag muss aus Zuordnungen 'schlüssel: wert' bestehen")
    if not _ENTRY_KEY_SET.issuperset(raw):
        key = next(k for k in raw if k not in _ENTRY_KEY_SET)
        raise checker.fail((*path, key), f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(ENTRY_KEYS)})")
    entry: dict[str, Any] = {}
    ident = parse_whole(raw.get("id"))
    if ident is None or ident < 1:
        raise checker.fail(
            (*path, "id"), f"fehlt oder ist keine positive ganze Zahl (höchstens {MAX_DIGITS} Ziffern)"
        )
    entry["id"] = ident
    day = parse_date(raw.get("datum"))
    if day is None:
        raise checker.fail((*path, "datum"), f"'{shown(raw.get('datum'))}': {date_problem(raw.get('datum'))}")
    entry["datum"] = day
    kind = raw.get("format")
    if kind not in formats:
        raise checker.fail((*path, "format"), f"unbekanntes Format '{kind}' (erlaubt: {', '.join(formats)})")
    entry["format"] = kind
    title = raw.get("titel")
    if title is None or not str(title).strip():
        raise checker.fail((*path, "titel"), "Titel bzw. Thema fehlt")
    entry["titel"] = str(title).strip()
    if len(raw) == 4 and not formats[kind]["credit_by_weeks"]:
        return entry  # id, datum, format and titel only, all checked: the common entry
    for key in ("ort", "notiz"):
        if raw.get(key) is not None and str(raw[key]).strip():
            entry[key] = str(raw[key]).strip()
    for key in OPTIONAL_INTS:
        if raw.get(key) is not None:
            value = parse_whole(raw[key])
            if value is None:
                raise checker.fail(
                    (*path, key),
                    f"'{shown(raw[key])}' ist keine ganze Zahl ab 0 (höchstens {MAX_DIGITS} Ziffern)",
                )
            entry[key] = value
    if raw.get("stunden") is not None:
        hours = parse_decimal(raw["stunden"], thousands_dot=False)
        if hours is None or hours < 0 or hours > MAX_ACTIVITY_HOURS or decimal_places(hours) > HOURS_PLACES:
            raise checker.fail(
                (*path, "stunden"),
                f"'{shown(raw['stunden'])}' ist keine Stundenzahl von 0 bis {de_number(MAX_ACTIVITY_HOURS)} "
                f"mit höchstens {HOURS_PLACES} Nachkommastellen",
            )
        entry["stunden"] = hours
    weeks_allowed = [w["weeks"] for w in formats[kind]["credit_by_weeks"]]
    if weeks_allowed:
        weeks = parse_whole(raw.get("forum_wochen"))
        if weeks not in weeks_allowed:
            allowed = " oder ".join(str(w) for w in weeks_allowed)
            raise checker.fail((*path, "forum_wochen"), f"ein Eintrag '{kind}' braucht {allowed} Wochen")
        entry["forum_wochen"] = weeks
    elif raw.get("forum_wochen") is not None:
        raise checker.fail((*path, "forum_wochen"), f"gilt nur für das Format 'forum', nicht für '{kind}'")
    return entry


def check_log(data: Any, knowledge, checker: FieldChecker) -> dict[str, Any]:
    """A whole log (header and entries), validated."""
    mentoring = knowledge.mentoring
    formats = {f["id"]: f for f in mentoring["formats"]}
    rule_sets = [r["id"] for r in mentoring["rule_sets"]]
    if not isinstance(data, dict):
        raise checker.fail((), "das Protokoll muss aus Zuordnungen 'schlüssel: wert' bestehen")
    for key in data:
        if key not in HEADER_KEYS:
            raise checker.fail((key,), f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(HEADER_KEYS)})")
    log: dict[str, Any] = {}
    for key, allowed in (("rolle", ROLES), ("vorhaben", VORHABEN), ("regelsatz", tuple(rule_sets))):
        value = data.get(key)
        if value not in allowed:
            raise checker.fail((key,), f"ungültiger Wert '{value}' (erlaubt: {', '.join(allowed)})")
        log[key] = value
    begin = data.get("projektbeginn")
    log["projektbeginn"] = None
    if begin is not None:
        log["projektbeginn"] = parse_date(begin)
        if log["projektbeginn"] is None:
            raise checker.fail(("projektbeginn",), f"'{shown(begin)}': {date_problem(begin)}")
    entries = data.get("eintraege") or []
    if not isinstance(entries, list):
        raise checker.fail(("eintraege",), "erwartet wird eine Liste von Einträgen")
    log["eintraege"] = []
    seen: set[int] = set()
    for index, raw in enumerate(entries):
        entry = check_entry(raw, formats, checker, ("eintraege", index))
        if entry["id"] in seen:
            raise checker.fail(("eintraege", index, "id"), f"ID {entry['id']} ist doppelt vergeben")
        if log["projektbeginn"] and entry["datum"] < log["projektbeginn"]:
            raise checker.fail(("eintraege", index, "datum"), "liegt vor dem Projektbeginn")
        seen.add(entry["id"])
        log["eintraege"].append(entry)
    return log


MISSING = "kein Mentoring-Protokoll gefunden. Anlegen mit: ksm mentoring init"


def read_log(path: Path, knowledge) -> dict[str, Any]:
    from ksm_cli.storage import read_user_file

    data, checker = read_user_file(path, MISSING)
    return check_log(data, knowledge, checker)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _header(log: dict[str, Any]) -> dict[str, Any]:
    header = {"ksm_mentoring_log": LOG_VERSION, "rolle": log["rolle"], "vorhaben": log["vorhaben"]}
    if log.get("projektbeginn"):
        header["projektbeginn"] = _plain(log["projektbeginn"])
    header["regelsatz"] = log["regelsatz"]
    return header


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(entry[k]) for k in ENTRY_KEYS if k in entry}


def dump_log(log: dict[str, Any]) -> str:
    from ksm_cli.storage import dump_yaml

    body = dump_yaml({**_header(log), "eintraege": [_entry(e) for e in log["eintraege"]]})
    return (
        "# ksm – Mentoring-Protokoll (Handreichung zum Mentoring-Programm, SK:KK)\n"
        "# Von Hand änderbar. Formate: ksm mentoring formats; Prüfen: ksm mentoring list\n" + body
    )


def next_id(log: dict[str, Any]) -> int:
    return max((e["id"] for e in log["eintraege"]), default=0) + 1


def log_text(log: dict[str, Any], old_text: str | None, knowledge) -> str:
    """The text to write for ``log``: a new file, or ``old_text`` with only the changes made.

    Comments, formatting and the order of the user's file stay; a changed header value, a removed
    and an added entry are the only edits. The result is read back with ksm's own reader and must
    give exactly ``log``; otherwise nothing is written (``FileProblem``)."""
    from ksm_cli.storage import verify_readback

    if old_text is None:
        text, allowed = dump_log(log), None
    else:
        text, allowed = _edit(old_text, log)
    verify_readback(text, lambda data, checker: check_log(data, knowledge, checker), log)
    if old_text is not None:
        from ksm_cli.yamledit import check_comments

        check_comments(old_text, text, allowed)
    return text


def _edit(old_text: str, log: dict[str, Any]):
    from collections import Counter

    from ksm_cli import yamledit

    yaml, doc = yamledit.load(old_text)
    header = _header(log)
    order = [*HEADER_KEYS]
    for key in ("rolle", "vorhaben", "projektbeginn", "regelsatz"):
        old = doc.get(key)
        same = parse_date(old) == log["projektbeginn"] if key == "projektbeginn" else old == header.get(key)
        if not same:
            yamledit.set_key(doc, key, header.get(key), order)
    entries = doc.get("eintraege")
    wanted = {e["id"]: e for e in log["eintraege"]}
    allowed: Counter[str] = Counter()
    if not entries:  # missing, empty or `[]`: a new block list, in the key's place, with its comment
        from ruamel.yaml.comments import CommentedSeq

        entries = CommentedSeq()
        doc["eintraege"] = entries
        present: set[int] = set()
    else:
        present = set()
        for index in reversed(range(len(entries))):
            ident = int(str(entries[index]["id"]).strip())
            if ident in wanted:
                present.add(ident)
            else:
                allowed += yamledit.remove_item(entries, index, yaml)
    for entry in log["eintraege"]:
        if entry["id"] not in present:
            entries.append(yamledit.new_map(_entry(entry)))
    if not entries:  # `eintraege:` with nothing after it reads as no entries and keeps the comments
        yamledit.clear_to_null(doc, "eintraege")
    return yamledit.dump(yaml, doc), allowed
