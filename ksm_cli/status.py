"""``ksm status``: where the work of a Mappe stands, and which command continues it (pure).

Each part reads the Mappe's own file from disk; a part whose file is missing says how to begin
it, and a part whose file cannot be read says so in one line, without stopping the others: the
overview is most needed when something is amiss.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any, TypedDict

from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe
    from ksm_cli.plan.core import TrackedStep

NEXT_DEADLINES = 3


class Part(TypedDict):
    """One line of the overview: its state, what it says, and the command that continues it."""

    state: str  # "fehlt", "offen", "fertig", "fehler"
    text: str
    command: str | None


class Deadline(TypedDict):
    id: str
    label: str
    date: dt.date
    status: str
    estimated: bool
    source: str


class Document(TypedDict):
    kind: str  # of ``ksm report`` (documents.KINDS), or "kalender"
    file: str
    label: str
    exists: bool
    stale: bool
    inputs: list[str]
    command: str


class Status(TypedDict):
    mappe: str
    kommune: dict[str, Any]
    recommendation: dict[str, Any]
    deadlines: list[Deadline]
    overdue: list[Deadline]
    plan: Part
    tasks: dict[str, Any]
    mentoring: dict[str, Any]
    documents: list[Document]
    next_commands: list[str]


def _mtime(path) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def _day(path) -> dt.date | None:
    stamp = _mtime(path)
    return dt.date.fromtimestamp(stamp) if stamp is not None else None


def _failed(error: UsageError) -> Part:
    return {"state": "fehler", "text": error.message, "command": None}


def mappe_status(k: Knowledge, place: Mappe, today: dt.date) -> Status:
    """The overview of ``place`` on ``today``."""
    from ksm_cli.assess.angaben import load_angaben
    from ksm_cli.assess.answers import Answers

    try:
        angaben = load_angaben(place.file("kommune"), k)
        kommune: dict[str, Any] = {
            "name": angaben.context.get("kommune"),
            "file": place.file("kommune").name,
            "state": "fertig",
            "text": "",
            "command": "ksm init",
        }
    except UsageError as error:
        angaben = Answers()
        kommune = {"name": None, "file": place.file("kommune").name, **_failed(error)}
    context = angaben.context
    recommendation = _recommendation(k, place, angaben, today)
    deadlines, overdue, plan = _deadlines(k, place, context, today)
    tasks = _tasks(k, place)
    mentoring = _mentoring(k, place, today)
    if context.get("vorhaben") == "erstvorhaben" and mentoring["state"] == "fehlt":
        # the minimum applies in the Anschlussvorhaben (Handreichung 5.4): nothing to do yet
        mentoring = {
            **mentoring,
            "text": "Kein Mentoring-Protokoll (Pflicht erst im Anschlussvorhaben).",
            "command": None,
        }
    documents = _documents(place)
    status: Status = {
        "mappe": str(place.root),
        "kommune": kommune,
        "recommendation": recommendation,
        "deadlines": deadlines,
        "overdue": overdue,
        "plan": plan,
        "tasks": tasks,
        "mentoring": mentoring,
        "documents": documents,
        "next_commands": [],
    }
    status["next_commands"] = next_commands(status)
    return status


def _recommendation(k: Knowledge, place: Mappe, angaben, today: dt.date) -> dict[str, Any]:
    from ksm_cli.assess.answers import Answers, load_answers_file
    from ksm_cli.assess.engine import assess

    path = place.file("antworten")
    base: dict[str, Any] = {"result": None, "label": None, "models": [], "date": None, "complete": False}
    if not path.exists():
        waiting = place.draft("assess").exists()
        text = (
            f"Ein Interview ist unterbrochen ({place.draft('assess').name})."
            if waiting
            else "Noch kein Interview."
        )
        return {**base, "state": "offen" if waiting else "fehlt", "text": text, "command": "ksm assess"}
    try:
        kept = load_answers_file(path, k)
    except UsageError as error:
        return {**base, **_failed(error)}
    answers = Answers(kept.flow, {**kept.context, **angaben.context})  # as ksm assess merges them
    result = assess(k, answers.flow, answers.context, today)
    base["date"] = _day(path)
    if not result.complete:
        return {
            **base,
            "state": "offen",
            "text": f"Interview nicht abgeschlossen ({len(result.missing)} Fragen offen).",
            "command": "ksm assess",
        }
    models = list(result.recommended)
    if result.without_post:
        text = f"Ergebnis: {result.result_label} – keine Empfehlung, die Stelle würde nicht verstetigt."
    else:
        text = f"Empfehlung: {result.result_label}."
    return {
        **base,
        "result": result.result_id,
        "label": result.result_label,
        "models": models,
        "complete": True,
        "state": "fertig",
        "text": text,
        "command": "ksm assess",
    }


def _deadlines(
    k: Knowledge, place: Mappe, context: dict[str, Any], today: dt.date
) -> tuple[list[Deadline], list[Deadline], Part]:
    from ksm_cli.plan.core import plan_state, read_done

    try:
        done = read_done(place.file("fahrplan"), k.flowchart["fahrplan"])
    except UsageError as error:
        return [], [], _failed(error)
    plan = plan_state(k, context, done, today)
    if plan["timeline"]["foerderende"] is None:
        part: Part = {
            "state": "fehlt",
            "text": "Ohne Förderende kein datierter Fahrplan.",
            "command": "ksm init --set foerderende=TT.MM.JJJJ",
        }
        return [], [], part

    def deadline(step: TrackedStep) -> Deadline:
        return {
            "id": step["id"],
            "label": step["label"],
            "date": step["latest"] or today,
            "status": step["status"],
            "estimated": step["estimated"],
            "source": step["source"],
        }

    dated = [s for s in plan["steps"] if s["latest"] is not None]
    finished = sum(1 for s in dated if s["done"] is not None)
    text = f"{finished} von {len(dated)} datierten Schritten erledigt"
    if plan["overdue"]:
        text += f", {len(plan['overdue'])} überfällig"
    part = {
        "state": "offen" if finished < len(dated) else "fertig",
        "text": text + ".",
        "command": "ksm plan",
    }
    upcoming = [deadline(s) for s in plan["next"][:NEXT_DEADLINES]]
    return upcoming, [deadline(s) for s in plan["overdue"]], part


def _tasks(k: Knowledge, place: Mappe) -> dict[str, Any]:
    from ksm_cli.tasks.selfassessment import read_file, sum_problems, sums

    path = place.file("selbsteinschaetzung")
    base: dict[str, Any] = {"file": path.name, "complete": False, "ist": None, "soll": None, "date": None}
    if not path.exists():
        return {
            **base,
            "state": "fehlt",
            "text": "Noch keine Selbsteinschätzung.",
            "command": "ksm tasks assess",
        }
    try:
        sa = read_file(path, k.tasks_file)
    except UsageError as error:
        return {**base, **_failed(error)}
    totals = sums(sa)
    problems = sum_problems(sa)
    base.update(ist=totals.get("ist"), soll=totals.get("soll"), date=_day(path), complete=not problems)
    if problems:
        return {
            **base,
            "state": "offen",
            "text": "Entwurf: " + "; ".join(problems) + ".",
            "command": "ksm tasks assess",
        }
    from ksm_cli.german import de_number
    from ksm_cli.tasks.compare import compare

    sides = compare(sa, k.tasks_file)["sides"]
    shares = "; ".join(
        f"{s['name']} IST {de_number(s['ist'])} % → SOLL {de_number(s['soll'])} %" for s in sides
    )
    return {
        **base,
        "state": "fertig",
        "text": f"Vollständig. {shares}.",
        "command": "ksm tasks compare",
    }


def _mentoring(k: Knowledge, place: Mappe, today: dt.date) -> dict[str, Any]:
    from ksm_cli.mentoring.credits import tally
    from ksm_cli.mentoring.log import read_log

    path = place.file("mentoring")
    base: dict[str, Any] = {
        "file": path.name,
        "project_year": None,
        "credited_days": None,
        "minimum_days": None,
        "shortfall_days": None,
        "obligated": None,
    }
    if not path.exists():
        return {
            **base,
            "state": "fehlt",
            "text": "Kein Mentoring-Protokoll (Pflicht im Anschlussvorhaben).",
            "command": "ksm mentoring init",
        }
    try:
        log = read_log(path, k, "Datei nicht gefunden")
    except UsageError as error:
        return {**base, **_failed(error)}
    result = tally(k, log, today)
    current = next((y for y in result["years"] if y["start"] <= today <= y["end"]), None)
    if current is None and result["years"]:
        current = result["years"][-1]
    base["obligated"] = result["obligated"]
    if current is None:
        return {**base, "state": "offen", "text": "Noch keine Einträge.", "command": "ksm mentoring add"}
    from ksm_cli.german import de_number

    base.update(
        project_year=current["project_year"],
        credited_days=current["credited_days"],
        minimum_days=current["minimum_days"],
        shortfall_days=current["shortfall_days"],
    )
    kind = "Kalenderjahr" if current["calendar"] else "Projektjahr"
    text = f"{kind} {current['project_year']}: {de_number(current['credited_days'])} Tage angerechnet"
    if current["minimum_days"] is not None and result["obligated"]:
        text += f" von mindestens {de_number(current['minimum_days'])}"
        if current["shortfall_days"] > 0:
            text += f", es fehlen {de_number(current['shortfall_days'])}"
    elif not result["obligated"]:
        text += " (keine Mindestzeit in diesem Vorhaben)"
    state = "offen" if current["met"] is False else "fertig"
    return {**base, "state": state, "text": text + ".", "command": "ksm mentoring add"}


# the documents a Mappe can hold: kind of ``ksm report`` (or "kalender"), the files each is made from
DOCUMENT_INPUTS: dict[str, tuple[str, ...]] = {
    "empfehlung": ("kommune", "antworten", "fahrplan"),
    "beschlussvorlage": ("kommune", "antworten", "fahrplan", "selbsteinschaetzung"),  # its Anlagen
    "stellenbeschreibung": ("kommune", "antworten", "selbsteinschaetzung"),
    "selbsteinschaetzung": ("kommune", "selbsteinschaetzung"),
    "mentoring": ("mentoring",),
    "gesamt": ("kommune", "antworten", "fahrplan", "selbsteinschaetzung", "mentoring"),
}
CALENDAR_INPUTS = ("kommune", "fahrplan", "mentoring")
BEGIN = {
    "antworten": "ksm assess",
    "selbsteinschaetzung": "ksm tasks assess",
    "mentoring": "ksm mentoring init",
}


def _command_for(command: str, path) -> str:
    """The command that writes ``path``, with the path as seen from the working directory (the
    Mappe's own file, also from a folder below it)."""
    from ksm_cli.fs import display_path

    shown = display_path(path)
    return f'{command} "{shown}"' if " " in shown else f"{command} {shown}"


def _document(place: Mappe, kind: str, path, label: str, inputs: tuple[str, ...], command: str) -> Document:
    made = _mtime(path)
    newer = [place.file(i).name for i in inputs if made is not None and (_mtime(place.file(i)) or 0) > made]
    return {
        "kind": kind,
        "file": path.name,
        "label": label,
        "exists": made is not None,
        "stale": bool(newer),
        "inputs": newer,
        "command": command,
    }


def _documents(place: Mappe) -> list[Document]:
    """Each document of ``ksm report`` in the newest format the Mappe holds (Word if none), and
    the calendar file."""
    from ksm_cli.documents import DEFAULT_FORMAT, FORMATS, KINDS
    from ksm_cli.documents.build import NEEDS

    documents: list[Document] = []
    for kind, (stem, label) in KINDS.items():
        made = [(_mtime(place.root / f"{stem}.{fmt}") or 0, fmt) for fmt in FORMATS]
        newest, fmt = max(made)
        if not newest:
            fmt = DEFAULT_FORMAT
        command = f"ksm report {kind}" + ("" if fmt == DEFAULT_FORMAT else f" --format {fmt}")
        first = next((BEGIN[p] for p in NEEDS[kind] if not place.file(p).exists()), None)
        if not newest and first:
            command = first  # the document needs a file that is not there yet
        documents.append(
            _document(place, kind, place.root / f"{stem}.{fmt}", label, DOCUMENT_INPUTS[kind], command)
        )
    calendar = place.file("kalender")
    documents.append(
        _document(
            place,
            "kalender",
            calendar,
            "Fristen für den Kalender",
            CALENDAR_INPUTS,
            _command_for("ksm plan --ics", calendar),
        )
    )
    return documents


def next_commands(status: Status) -> list[str]:
    """The commands that continue the work, the most pressing first (each once)."""
    wanted: list[str] = []
    if status["kommune"]["state"] == "fehler":
        wanted.append("ksm init")
    if status["plan"]["state"] == "fehlt" and status["plan"]["command"]:
        wanted.append(status["plan"]["command"])
    if status["overdue"]:
        wanted.append(f"ksm plan done {status['overdue'][0]['id']}")
    for part in (status["recommendation"], status["tasks"], status["mentoring"]):
        if part["state"] in ("fehlt", "offen") and part.get("command"):
            wanted.append(part["command"])
    # every stale document; of the missing ones only the first two (the others on request)
    first = ("empfehlung", "kalender")
    for document in status["documents"]:
        wanted_now = document["stale"] or (not document["exists"] and document["kind"] in first)
        if wanted_now and status["recommendation"]["state"] == "fertig":
            wanted.append(document["command"])
    unique: list[str] = []
    for command in wanted:
        if command not in unique:
            unique.append(command)
    return unique
