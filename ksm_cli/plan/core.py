"""The tracked Fahrplan (plain Python): the dated steps of ``assess.timeline`` with the steps the
KSM has marked as done, which live in the Mappe's ``fahrplan.yaml``.

``fahrplan.yaml`` holds one line per step done, ``schritt-id: JJJJ-MM-TT`` (the day it was done).
ksm edits it with only the changed line, so that comments stay. A done step is never overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from ksm_cli.errors import InputError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from ksm_cli.assess.types import PlanStep, Timeline

HEADER = (
    "# ksm plan – die erledigten Schritte des Fahrplans (Kapitel 5.1), je Zeile Schritt: Datum.\n"
    "# Eintragen mit 'ksm plan done SCHRITT', zurücknehmen mit 'ksm plan undo SCHRITT' (ohne Datum: offen).\n"
)


class TrackedStep(TypedDict):
    """A step of the Fahrplan with its progress: ``status`` is the timeline's, or „erledigt“."""

    id: str
    label: str
    text: str
    rule: str
    optional: bool
    earliest: dt.date | None
    latest: dt.date | None
    estimated: bool
    status: str
    done: dt.date | None
    source: str


class Plan(TypedDict):
    timeline: Timeline
    steps: list[TrackedStep]
    next: list[TrackedStep]  # open dated steps, soonest first
    overdue: list[TrackedStep]


def step_ids(fahrplan: dict[str, Any]) -> list[str]:
    return [str(step["id"]) for step in fahrplan["steps"]]


def track(timeline: Timeline, done: dict[str, dt.date]) -> Plan:
    """The timeline's steps with the done dates; a done step is neither open nor overdue."""
    from ksm_cli.assess.timeline import DONE, OVERDUE

    steps: list[TrackedStep] = []
    source_steps: list[PlanStep] = timeline["steps"]
    for step in source_steps:
        day = done.get(step["id"])
        steps.append(
            {
                "id": step["id"],
                "label": step["label"],
                "text": step["text"],
                "rule": step["rule"],
                "optional": step["optional"],
                "earliest": step["earliest"],
                "latest": step["latest"],
                "estimated": step["estimated"],
                "status": DONE if day is not None else step["status"],
                "done": day,
                "source": step["source"],
            }
        )
    today = timeline["today"]
    pending = [s for s in steps if s["done"] is None and s["latest"] is not None]
    upcoming = sorted((s for s in pending if s["status"] != OVERDUE and _due(s) >= today), key=_due)
    overdue = [s for s in pending if s["status"] == OVERDUE]
    return {"timeline": timeline, "steps": steps, "next": upcoming, "overdue": overdue}


def _due(step: TrackedStep) -> dt.date:
    return step["latest"] or dt.date.max


def plan_state(knowledge: Any, context: dict[str, Any], done: dict[str, dt.date], today: dt.date) -> Plan:
    """The Fahrplan for ``context`` (Förderende, Vorhaben) on ``today`` with the done steps."""
    from ksm_cli.assess.timeline import build_timeline

    return track(build_timeline(knowledge.flowchart["fahrplan"], context, today), done)


def read_done(path: Path, fahrplan: dict[str, Any]) -> dict[str, dt.date]:
    """The done steps in ``fahrplan.yaml`` (none if it does not exist). A key that is no step or
    a value that is no date is an error naming the file and the line."""
    from ksm_cli.fs import display_path
    from ksm_cli.german import date_problem, parse_date
    from ksm_cli.storage import read_user_file

    if not path.exists():
        return {}
    data, checker = read_user_file(path, "Datei nicht gefunden", max_bytes=256 * 1024)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            f"{display_path(path)}: erwartet werden Zeilen 'schritt: datum', eine je erledigtem Schritt."
        )
    known = step_ids(fahrplan)
    done: dict[str, dt.date] = {}
    for key, value in data.items():
        name = str(key).strip()
        if name not in known:
            raise checker.fail((key,), f"unbekannter Schritt '{name}' (erlaubt: {', '.join(known)})")
        if value is None:  # „schritt:“ without a date: taken back, open
            continue
        day = value if isinstance(value, dt.date) else parse_date(str(value))
        if day is None:
            raise checker.fail((key,), f"'{value}': {date_problem(str(value))}")
        done[name] = day
    return done


def find_step(fahrplan: dict[str, Any], raw: str) -> str:
    """The step id the KSM typed (case and spaces forgiven); unknown: an error with close matches."""
    from ksm_cli.knowledge.ids import closest

    known = step_ids(fahrplan)
    name = raw.strip().lower().replace(" ", "_").replace("-", "_")
    if name in known:
        return name
    hint = closest(name, known)
    reason = "unbekannter Schritt" + (f" – meinten Sie '{hint}'?" if hint else "")
    raise InputError("schritt", reason, raw, accepted=known)


def done_text(done: dict[str, dt.date], fahrplan: dict[str, Any], old_text: str | None) -> str:
    """``fahrplan.yaml`` with ``done``: new, or the old file with only the changed lines edited."""
    from ksm_cli.storage import dump_yaml

    order = step_ids(fahrplan)
    plain = {key: done[key].isoformat() for key in order if key in done}
    if old_text is None or not old_text.strip():
        return HEADER + (dump_yaml(plain) if plain else "{}\n")
    from ksm_cli import yamledit

    yaml, doc = yamledit.load(old_text)
    if doc is None or (hasattr(doc, "keys") and not len(doc)):
        # only comments (and perhaps "{}"): they stay, the steps follow them
        kept = "".join(line for line in old_text.splitlines(keepends=True) if line.strip() != "{}")
        kept += "" if kept.endswith("\n") else "\n"
        return kept + (dump_yaml(plain) if plain else "{}\n")
    for index, key in enumerate([str(k) for k in doc]):
        if key not in plain and doc[key] is not None:
            if index == 0:  # the comment lines after the first key would have no key to move to
                doc[key] = None  # „schritt:“ without a date: open again
            else:
                yamledit.set_key(doc, key, None)
    for key, value in plain.items():
        yamledit.set_key(doc, key, value, order)
    text = yamledit.dump(yaml, doc)
    from ksm_cli.yamledit import check_comments

    check_comments(old_text, text)
    return text
