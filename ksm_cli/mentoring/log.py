"""The mentoring log: a YAML file the user can read and edit, read strictly, written atomically.

Keys are German, because KSM edit the file by hand. Unknown keys are reported, never dropped;
a log that fails to parse is never overwritten. Writers hold a portable lock file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from ksm_cli.errors import InputError
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
from ksm_cli.vocabulary import VORHABEN, role_ids

LOG_VERSION = 1
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


# The forms ``parse_date`` reads (a day and a month may have one digit: 1.3.2026).
DATE_FORMS = ["JJJJ-MM-TT", "TT.MM.JJJJ"]


def date_value(field: str, raw: Any) -> dt.date:
    """A date of the log (``datum``, ``projektbeginn``), or ``InputError`` naming ``field``."""
    day = parse_date(raw)
    if day is not None:
        return day
    problem = date_problem(raw)
    if problem.startswith("Datum muss"):  # a calendar date outside the range ksm computes with
        raise InputError(field, problem, shown(raw))
    raise InputError(field, "kein gültiges Datum", shown(raw), accepted=DATE_FORMS)


def count_value(field: str, raw: Any) -> int:
    value = parse_whole(raw)
    if value is None:
        raise InputError(field, f"keine ganze Zahl ab 0 (höchstens {MAX_DIGITS} Ziffern)", shown(raw))
    return value


def hours_value(field: str, raw: Any) -> float:
    hours = parse_decimal(raw, thousands_dot=False)
    if hours is None or hours < 0 or hours > MAX_ACTIVITY_HOURS or decimal_places(hours) > HOURS_PLACES:
        raise InputError(
            field,
            f"keine Stundenzahl von 0 bis {de_number(MAX_ACTIVITY_HOURS)} "
            f"mit höchstens {HOURS_PLACES} Nachkommastellen",
            shown(raw),
        )
    return hours


def fold(value: str) -> str:
    """An id as typed, folded as the answers of ``ksm assess`` are (``assess.answers.slug``):
    case, umlauts, blanks, hyphens and slashes do not count ("Forum", "KRL 2022")."""
    text = value.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[\s\-/_]+", "_", text)


def known_id(raw: Any, allowed: list[str]) -> str | None:
    """The id of ``allowed`` that ``raw`` names (exactly, or folded), or None."""
    if raw in allowed:
        return str(raw)
    if not isinstance(raw, str):
        return None
    folded = fold(raw)
    return next((a for a in allowed if fold(a) == folded), None)


def choice_value(field: str, raw: Any, allowed: list[str]) -> str:
    value = known_id(raw, allowed)
    if value is None:
        raise InputError(field, "ungültiger Wert", None if raw is None else shown(raw), accepted=allowed)
    return value


def weeks_formats(formats: dict[str, dict[str, Any]]) -> list[str]:
    """The formats credited by weeks (the forum), as the data has them."""
    return [kind for kind, fmt in formats.items() if fmt["credit_by_weeks"]]


def entry_values(raw: dict[str, Any], formats: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The values of one entry (keys as in the file), checked; a problem is an ``InputError``
    naming the key. Used for the file and for what a command was given."""
    entry: dict[str, Any] = {}
    ident = parse_whole(raw.get("id"))
    if ident is None or ident < 1:
        raise InputError("id", f"fehlt oder ist keine positive ganze Zahl (höchstens {MAX_DIGITS} Ziffern)")
    entry["id"] = ident
    entry["datum"] = date_value("datum", raw.get("datum"))
    given = raw.get("format")
    kind = known_id(given, list(formats))
    if kind is None:
        raise InputError(
            "format", "unbekanntes Format", None if given is None else shown(given), accepted=list(formats)
        )
    entry["format"] = kind
    title = raw.get("titel")
    if title is None or not str(title).strip():
        raise InputError("titel", "Titel bzw. Thema fehlt")
    entry["titel"] = str(title).strip()
    if len(raw) == 4 and not formats[kind]["credit_by_weeks"]:
        return entry  # id, datum, format and titel only, all checked: the common entry
    for key in ("ort", "notiz"):
        if raw.get(key) is not None and str(raw[key]).strip():
            entry[key] = str(raw[key]).strip()
    for key in OPTIONAL_INTS:
        if raw.get(key) is not None:
            entry[key] = count_value(key, raw[key])
    if raw.get("stunden") is not None:
        entry["stunden"] = hours_value("stunden", raw["stunden"])
    weeks_allowed = [w["weeks"] for w in formats[kind]["credit_by_weeks"]]
    if weeks_allowed:
        weeks = parse_whole(raw.get("forum_wochen"))
        if weeks not in weeks_allowed:
            allowed = " oder ".join(de_number(w) for w in weeks_allowed)
            value = raw.get("forum_wochen")
            raise InputError(
                "forum_wochen",
                f"ein Eintrag '{kind}' braucht {allowed} Wochen",
                None if value is None else shown(value),
            )
        entry["forum_wochen"] = weeks
    elif raw.get("forum_wochen") is not None:
        only = " oder ".join(f"'{f}'" for f in weeks_formats(formats))
        raise InputError(
            "forum_wochen", f"gilt nur für das Format {only}, nicht für '{kind}'", shown(raw["forum_wochen"])
        )
    return entry


def in_file(error: InputError) -> str:
    """The message of ``error`` without its field, for ``FieldChecker.fail``, which names the
    field with its place in the file."""
    return InputError(error.field, error.reason, error.value, accepted=error.accepted, where="").message


def check_entry(raw: dict, formats: dict[str, dict], checker: FieldChecker, path: tuple) -> dict[str, Any]:
    """One entry of the file, validated; ``path`` locates it for errors."""
    if not isinstance(raw, dict):
        raise checker.fail(path, "ein Eintrag muss aus Zuordnungen 'schlüssel: wert' bestehen")
    if not _ENTRY_KEY_SET.issuperset(raw):
        key = next(k for k in raw if k not in _ENTRY_KEY_SET)
        raise checker.fail((*path, key), f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(ENTRY_KEYS)})")
    try:
        return entry_values(raw, formats)
    except InputError as error:
        raise checker.fail((*path, error.field), in_file(error)) from None


def header_choices(mentoring: dict[str, Any]) -> dict[str, list[str]]:
    """The values each header key may have, from the data (``rolle``, ``vorhaben``, ``regelsatz``)."""
    return {
        "rolle": list(role_ids(mentoring)),
        "vorhaben": list(VORHABEN),
        "regelsatz": [r["id"] for r in mentoring["rule_sets"]],
    }


def check_log(data: Any, knowledge, checker: FieldChecker) -> dict[str, Any]:
    """A whole log (header and entries), validated."""
    mentoring = knowledge.mentoring
    formats = {f["id"]: f for f in mentoring["formats"]}
    if not isinstance(data, dict):
        raise checker.fail((), "das Protokoll muss aus Zuordnungen 'schlüssel: wert' bestehen")
    for key in data:
        if key not in HEADER_KEYS:
            raise checker.fail((key,), f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(HEADER_KEYS)})")
    log: dict[str, Any] = {}
    try:
        for key, allowed in header_choices(mentoring).items():
            log[key] = choice_value(key, data.get(key), allowed)
        begin = data.get("projektbeginn")
        log["projektbeginn"] = None if begin is None else date_value("projektbeginn", begin)
    except InputError as error:
        raise checker.fail((error.field,), in_file(error)) from None
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


MISSING = "kein Mentoring-Protokoll gefunden"


def read_log(path: Path, knowledge, missing: str = MISSING) -> dict[str, Any]:
    """The log in ``path``, checked; a missing file is the error ``missing`` (the CLI says how
    to create one)."""
    from ksm_cli.storage import read_user_file

    data, checker = read_user_file(path, missing)
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
