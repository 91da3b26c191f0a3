"""The IST/SOLL self-assessment of working time (Kapitel 4.1; Tabellen 4.2 und 4.3).

A YAML file with German keys that a KSM can read and edit by hand. It is read strictly: unknown
keys and task ids, wrong types, values outside 0–100 and a missing column are errors that name
the file, line and field. Both columns sum to 100 % over both tables together, except in a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ksm_cli.errors import InputError, UsageError
from ksm_cli.fs import FileProblem
from ksm_cli.german import (
    HOURS_PLACES,
    MAX_WEEKLY_HOURS,
    PERCENT_PLACES,
    de_number,
    decimal_places,
    parse_decimal,
    plain_decimal,
    shown,
)
from ksm_cli.storage import FieldChecker
from ksm_cli.vocabulary import KOMMUNENTYPEN

FILE_VERSION = 1
HEADER_KEYS = ("ksm_selbsteinschaetzung", "kommune", "kommunentyp", "wochenstunden", "entwurf", "aufgaben")
COLUMNS = ("ist", "soll")
COLUMN_LABELS = {"ist": "IST", "soll": "SOLL"}
TOTAL = 100.0


@dataclass
class SelfAssessment:
    """Values in percent of working time, by task id, in catalogue order."""

    values: dict[str, dict[str, float]] = field(default_factory=dict)
    kommune: str | None = None
    kommunentyp: str | None = None
    wochenstunden: float | None = None
    draft: bool = False

    @property
    def landkreis(self) -> bool:
        return self.kommunentyp == "landkreis"


def visible_tasks(tasks_file: dict[str, Any], landkreis: bool) -> list[dict[str, Any]]:
    """The catalogue rows for this kind of municipality: Landkreis rows only for a Landkreis."""
    return [t for t in tasks_file["tasks"] if landkreis or not t["landkreis_only"]]


PERCENT_RULE = f"kein Prozentwert von 0 bis 100 mit höchstens {PERCENT_PLACES} Nachkommastellen"
# A value converted from hours keeps STORED_PLACES decimals, so that hours adding up to the
# weekly hours still add up to exactly 100 % (see parse_share); the file takes as many.
STORED_PLACES = 4
FILE_PERCENT_RULE = f"kein Prozentwert von 0 bis 100 mit höchstens {STORED_PLACES} Nachkommastellen"
HOURS_RULE = (
    f"keine Wochenarbeitszeit (Stunden über 0 bis {de_number(MAX_WEEKLY_HOURS)}, "
    f"höchstens {HOURS_PLACES} Nachkommastellen)"
)


def parse_percent(raw: Any, places: int = PERCENT_PLACES) -> float | None:
    """'12,5', '12.5', '12 %' → 12.5; None if it is no number from 0 to 100 with at most
    ``places`` decimals (PERCENT_RULE says so in German, FILE_PERCENT_RULE for the file)."""
    text = str(raw).strip().removesuffix("%").strip()
    value = parse_decimal(text, thousands_dot=False)
    if value is None or not 0 <= value <= TOTAL or decimal_places(value) > places:
        return None
    return value


def parse_hours(raw: Any) -> float | None:
    """Weekly working time: over 0 to MAX_WEEKLY_HOURS, at most HOURS_PLACES decimals (HOURS_RULE)."""
    value = parse_decimal(str(raw).strip().removesuffix("h").strip(), thousands_dot=False)
    if value is None or not 0 < value <= MAX_WEEKLY_HOURS or decimal_places(value) > HOURS_PLACES:
        return None
    return value


# "3,9h", "3,9 h", "3,9 Std.", "3,9 Stunden": hours of the week, not a percentage
_HOURS_UNIT = re.compile(r"\s*(h|std\.?|stunden?)\s*$", re.IGNORECASE)
HOURS_NEED_WEEKLY = "Stunden gehen nur mit bekannter Wochenarbeitszeit"


class ShareProblem(ValueError):
    """A share of working time that is no valid value; ``reason`` says why in German."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def hours_rule(wochenstunden: float) -> str:
    return (
        f"keine Stundenzahl von 0 bis {de_number(wochenstunden)} h (Wochenarbeitszeit) "
        f"mit höchstens {HOURS_PLACES} Nachkommastellen"
    )


def split_hours(raw: Any) -> tuple[str, bool]:
    """The number of ``raw`` and whether it is given in hours ('3,9 h' → ('3,9', True))."""
    text = str(raw).strip()
    unit = _HOURS_UNIT.search(text)
    if unit is None or unit.start() == 0:
        return text, False
    return text[: unit.start()], True


def parse_share(raw: Any, wochenstunden: float | None, free: float | None = None) -> float:
    """One IST or SOLL value in % of working time: a percentage, or hours when the weekly hours
    are known ('3,9h' of 39 h → 10). Hours become a percentage with STORED_PLACES decimals;
    hours that are the rest of the week (what ``free`` % are, to the hundredth of an hour)
    become exactly that rest, so that hours adding up to the weekly hours give 100 %: with
    four decimals, 31 rounded values are off by less than a hundredth of an hour together.
    ``ShareProblem`` if ``raw`` is no such value."""
    number, in_hours = split_hours(raw)
    if not in_hours:
        value = parse_percent(number)
        if value is None:
            raise ShareProblem(PERCENT_RULE)
        return value
    if wochenstunden is None:
        raise ShareProblem(HOURS_NEED_WEEKLY)
    hours = parse_decimal(number, thousands_dot=False)
    if hours is None or not 0 <= hours <= wochenstunden or decimal_places(hours) > HOURS_PLACES:
        raise ShareProblem(hours_rule(wochenstunden))
    if free is not None and 0 <= free <= TOTAL and round(wochenstunden * free / TOTAL, HOURS_PLACES) == hours:
        return free
    return min(TOTAL, round(hours * TOTAL / wochenstunden, STORED_PLACES))


def sums(sa: SelfAssessment) -> dict[str, float]:
    return {c: round(sum(v[c] for v in sa.values.values()), 6) for c in COLUMNS}


def sum_problems(sa: SelfAssessment) -> list[str]:
    """One German sentence per column whose sum is not 100 %, naming the sum and the difference."""
    problems = []
    for column, total in sums(sa).items():
        if total == TOTAL:
            continue
        diff = round(TOTAL - total, 6)
        gap = (
            f"es fehlen {de_number(diff)} Prozentpunkte"
            if diff > 0
            else f"{de_number(-diff)} Prozentpunkte zu viel"
        )
        problems.append(f"{COLUMN_LABELS[column]} ergibt {de_number(total)} % statt 100 % ({gap})")
    return problems


class IncompleteAssessment(UsageError):
    """IST or SOLL does not add up to 100 %; ``problems`` has one sentence per column. The CLI
    says how to keep a draft."""

    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(
            f"{name}: "
            + "; ".join(problems)
            + ". IST und SOLL müssen über beide Tabellen zusammen je 100 % ergeben"
        )
        self.name, self.problems = name, problems


def require_complete(sa: SelfAssessment, name: str, allow_partial: bool) -> None:
    """``IncompleteAssessment`` (exit 2) with the sums when a column does not add up, unless a
    draft is allowed."""
    problems = sum_problems(sa)
    if problems and not allow_partial:
        raise IncompleteAssessment(name, problems)


def hours_value(field: str, raw: Any) -> float:
    """The weekly working time, or ``InputError`` naming ``field``."""
    hours = parse_hours(raw)
    if hours is None:
        raise InputError(field, HOURS_RULE, shown(raw))
    return hours


def set_value(sa: SelfAssessment, tasks_file: dict[str, Any], task_id: str, ist: str, soll: str) -> None:
    """IST and SOLL of one task into ``sa``, checked like the file, each in % or, with known
    weekly hours, in hours (``parse_share``); a problem is an ``InputError`` naming
    ``aufgabe``, ``ist`` or ``soll``."""
    from ksm_cli.knowledge.ids import closest

    by_id = {t["id"]: t for t in tasks_file["tasks"]}
    if task_id not in by_id:
        hint = closest(task_id, list(by_id))
        raise InputError(
            "aufgabe", "unbekannte Aufgabe" + (f" – meinten Sie '{hint}'?" if hint else ""), shown(task_id)
        )
    if by_id[task_id]["landkreis_only"] and sa.kommunentyp not in (None, "landkreis"):
        raise InputError("aufgabe", "diese Aufgabe gilt nur für Landkreise", shown(task_id))
    values = {}
    for column, raw in (("ist", ist), ("soll", soll)):
        free = round(TOTAL - sum(v[column] for t, v in sa.values.items() if t != task_id), 6)
        try:
            values[column] = parse_share(raw, sa.wochenstunden, free)
        except ShareProblem as problem:
            raise InputError(column, problem.reason, shown(raw.strip())) from None
    sa.values[task_id] = values
    if by_id[task_id]["landkreis_only"]:
        sa.kommunentyp = "landkreis"
    order = [t["id"] for t in tasks_file["tasks"]]
    sa.values = {t: sa.values[t] for t in order if t in sa.values}


def check_data(data: Any, tasks_file: dict[str, Any], checker: FieldChecker) -> SelfAssessment:
    """A parsed file (raw scalars), validated."""
    from ksm_cli.knowledge.ids import closest

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise checker.fail((), "die Datei muss aus Zuordnungen 'schlüssel: wert' bestehen")
    for key in data:
        if key not in HEADER_KEYS:
            raise checker.fail((key,), f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(HEADER_KEYS)})")
    sa = SelfAssessment()
    if data.get("kommune") is not None:
        if not isinstance(data["kommune"], str):
            raise checker.fail(("kommune",), "erwartet wird ein Name")
        sa.kommune = data["kommune"].strip() or None
    kind = data.get("kommunentyp")
    if kind is not None:
        if not isinstance(kind, str) or kind not in KOMMUNENTYPEN:
            raise checker.fail(
                ("kommunentyp",), f"ungültiger Wert '{kind}' (erlaubt: {', '.join(KOMMUNENTYPEN)})"
            )
        sa.kommunentyp = kind
    if data.get("wochenstunden") is not None:
        sa.wochenstunden = parse_hours(data["wochenstunden"])
        if sa.wochenstunden is None:
            raise checker.fail(("wochenstunden",), f"'{shown(data['wochenstunden'])}' ist {HOURS_RULE}")
    draft = data.get("entwurf")
    if draft is not None:
        if str(draft).strip().lower() not in ("true", "false", "ja", "nein"):
            raise checker.fail(("entwurf",), f"'{draft}': erwartet wird true oder false")
        sa.draft = str(draft).strip().lower() in ("true", "ja")
    raw_values = data.get("aufgaben")
    if raw_values is None:
        raw_values = {}
    if not isinstance(raw_values, dict):
        raise checker.fail(("aufgaben",), "erwartet werden Einträge 'aufgaben-id: {ist: …, soll: …}'")
    by_id = {t["id"]: t for t in tasks_file["tasks"]}
    for task_id, raw in raw_values.items():
        where = ("aufgaben", task_id)
        task = by_id.get(task_id)
        if task is None:
            hint = closest(str(task_id), list(by_id))
            raise checker.fail(
                where,
                f"unbekannte Aufgabe '{task_id}'"
                + (f" – meinten Sie '{hint}'?" if hint else "")
                + " (alle IDs: ksm tasks list)",
            )
        if task["landkreis_only"] and sa.kommunentyp not in (None, "landkreis"):
            raise checker.fail(where, "diese Aufgabe gilt nur für Landkreise (kommunentyp: landkreis)")
        if not isinstance(raw, dict):
            raise checker.fail(
                where, "erwartet werden die Spalten 'ist' und 'soll', z. B. {ist: 10, soll: 15}"
            )
        for key in raw:
            if key not in COLUMNS:
                raise checker.fail((*where, key), f"unbekannte Spalte '{key}' (erlaubt: ist, soll)")
        values = {}
        for column in COLUMNS:
            if raw.get(column) is None:
                raise checker.fail((*where, column), f"Spalte '{column}' fehlt")
            value = parse_percent(raw[column], STORED_PLACES)
            if value is None:
                raise checker.fail((*where, column), f"'{shown(raw[column])}' ist {FILE_PERCENT_RULE}")
            values[column] = value
        sa.values[task_id] = values
    if sa.values and any(by_id[t]["landkreis_only"] for t in sa.values) and sa.kommunentyp is None:
        sa.kommunentyp = "landkreis"
    order = [t["id"] for t in tasks_file["tasks"]]
    sa.values = {t: sa.values[t] for t in order if t in sa.values}
    return sa


def read_file(
    path: Path, tasks_file: dict[str, Any], missing: str = "Datei nicht gefunden"
) -> SelfAssessment:
    """The self-assessment in ``path``, checked; a missing file is the error ``missing`` (the CLI
    says how to create one)."""
    from ksm_cli.storage import read_user_file

    data, checker = read_user_file(path, missing)
    return check_data(data, tasks_file, checker)


def _number(value: float) -> str:
    return plain_decimal(value)  # never '1e-05', which ksm would not read back


def _header(sa: SelfAssessment) -> dict[str, Any]:
    header: dict[str, Any] = {"ksm_selbsteinschaetzung": FILE_VERSION}
    if sa.kommune:
        header["kommune"] = sa.kommune
    if sa.kommunentyp:
        header["kommunentyp"] = sa.kommunentyp
    if sa.wochenstunden is not None:
        header["wochenstunden"] = (
            sa.wochenstunden if not float(sa.wochenstunden).is_integer() else int(sa.wochenstunden)
        )
    header["entwurf"] = sa.draft
    return header


def file_text(sa: SelfAssessment, tasks_file: dict[str, Any], old_text: str | None) -> str:
    """The text to write for ``sa``: a new file, or ``old_text`` with only the changed values edited.

    Comments and formatting of the user's file stay. The result is read back with ksm's own
    reader and must give exactly ``sa``; otherwise nothing is written (``FileProblem``)."""
    from ksm_cli.storage import verify_readback

    text = dump(sa, tasks_file) if old_text is None else _edit(old_text, sa, tasks_file)
    verify_readback(text, lambda data, checker: check_data(data, tasks_file, checker), sa)
    if old_text is not None:
        from ksm_cli.yamledit import check_comments

        check_comments(old_text, text)
    return text


def _edit(old_text: str, sa: SelfAssessment, tasks_file: dict[str, Any]) -> str:
    from ksm_cli import yamledit

    try:
        yaml, doc = yamledit.load(old_text)
        old = check_data(yamledit.plain(doc), tasks_file, FieldChecker("", {}))
    except (FileProblem, UsageError):
        # no self-assessment: reached only when the user has confirmed replacing that file
        return dump(sa, tasks_file)
    if not isinstance(doc, dict):
        return dump(sa, tasks_file)
    header = _header(sa)
    order = list(HEADER_KEYS)
    for key, old_value, new_value in (
        ("kommune", old.kommune, sa.kommune),
        ("kommunentyp", old.kommunentyp, sa.kommunentyp),
        ("wochenstunden", old.wochenstunden, sa.wochenstunden),
        ("entwurf", old.draft, sa.draft),
    ):
        if old_value != new_value or (key == "entwurf" and "entwurf" not in doc):
            yamledit.set_key(doc, key, header.get(key), order)
    tasks = doc.get("aufgaben")
    if not tasks:
        yamledit.set_key(doc, "aufgaben", None)
        tasks = yamledit.new_map({})
        doc["aufgaben"] = tasks
    catalogue = [t["id"] for t in tasks_file["tasks"]]
    for task_id in [t for t in tasks if t not in sa.values]:
        yamledit.set_key(tasks, task_id, None)
    for task_id, values in sa.values.items():
        if task_id not in tasks:
            new = {c: _number(values[c]) for c in COLUMNS}
            yamledit.set_key(tasks, task_id, new, catalogue)
            continue
        for column in COLUMNS:
            if old.values.get(task_id, {}).get(column) != values[column]:
                yamledit.set_key(tasks[task_id], column, _number(values[column]), list(COLUMNS))
    return yamledit.dump(yaml, doc)


def dump(sa: SelfAssessment, tasks_file: dict[str, Any]) -> str:
    """The file as ksm writes it: header, then one commented block per task in catalogue order."""
    from ksm_cli.storage import dump_yaml

    header = _header(sa)
    lines = [
        "# ksm – Selbsteinschätzung IST/SOLL der Arbeitszeit (Leitfaden „Klimaschutzmanagement verstetigen“,",
        "# Kapitel 4.1, Tabellen 4.2 und 4.3). Werte in % der Arbeitszeit; IST und SOLL ergeben je 100 %.",
        "# Von Hand änderbar. Aufgaben-IDs: ksm tasks list; Vergleich: ksm tasks compare DATEI",
        dump_yaml(header).rstrip("\n"),
    ]
    if not sa.values:
        lines.append("aufgaben: {}")
        return "\n".join(lines) + "\n"
    lines.append("aufgaben:")
    groups = {g["id"]: g for g in tasks_file["groups"]}
    tables = {t["id"]: t for t in tasks_file["tables"]}
    current_group = None
    for task in tasks_file["tasks"]:
        if task["id"] not in sa.values:
            continue
        if task["group"] != current_group:
            current_group = task["group"]
            group = groups[current_group]
            lines.append(f"  # === {tables[group['table']]['source']}: {group['name']} ===")
        value = sa.values[task["id"]]
        lines += [
            f"  # {' '.join(task['text'].split())}",
            f"  {task['id']}:",
            f"    ist: {_number(value['ist'])}",
            f"    soll: {_number(value['soll'])}",
        ]
    return "\n".join(lines) + "\n"
