"""The view of ``ksm status`` and its JSON (``ksm.status/1``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksm_cli.german import de_date
from ksm_cli.render.document import Block, Bullets, Fields, Heading, Numbered, Section

if TYPE_CHECKING:
    from ksm_cli.status import Deadline, Status

MARKS = {"fertig": "✓", "offen": "…", "fehlt": "–", "fehler": "!"}


def _line(part: Mapping[str, Any]) -> str:
    text = f"{MARKS.get(part['state'], '')} {part['text']}".strip()
    if part.get("command") and part["state"] != "fehler":
        text += f" → {part['command']}"
    return text


def _deadline(entry: Deadline) -> str:
    day = de_date(entry["date"]) + (" (geschätzt)" if entry["estimated"] else "")
    return f"{day}: {entry['label']}"


def status_blocks(status: Status, today: dt.date) -> list[Block]:
    name = status["kommune"]["name"]
    rec = status["recommendation"]
    dated = dict(rec, text=f"{rec['text']} Antworten vom {de_date(rec['date'])}.") if rec.get("date") else rec
    rec_line = _line(dated)
    rows = [
        (
            "Kommune",
            _line(status["kommune"])
            if status["kommune"]["state"] == "fehler"
            else (name or "ohne Namen – ksm init --set kommune=NAME"),
        ),
        ("Verstetigung", rec_line),
        ("Fahrplan", _line(status["plan"])),
        ("Selbsteinschätzung", _line(status["tasks"])),
        ("Mentoring", _line(status["mentoring"])),
    ]
    blocks: list[Block] = [
        Heading(
            f"Mappe {name}" if name else "Mappe",
            subtitle=f"Ordner {Path(status['mappe']).name} · Stand {de_date(today)}",
        ),
        Fields(rows, columns=("Bereich", "Stand")),
    ]
    if status["overdue"]:
        items = [f"{_deadline(d)} → ksm plan done {d['id']}" for d in status["overdue"]]
        blocks.append(Section("Überfällig", [Bullets(items, style="bad")], style="warn"))
    if status["deadlines"]:
        blocks.append(Section("Nächste Fristen", [Bullets([_deadline(d) for d in status["deadlines"]])]))
    documents = []
    for document in status["documents"]:
        if not document["exists"]:
            documents.append(f"– {document['label']} ({document['file']}): fehlt → {document['command']}")
        elif document["stale"]:
            inputs = ", ".join(document["inputs"])
            documents.append(
                f"… {document['label']} ({document['file']}): älter als {inputs} → {document['command']}"
            )
        else:
            documents.append(f"✓ {document['label']} ({document['file']}): aktuell")
    blocks.append(Section("Dokumente", [Bullets(documents, marker="")]))
    if status["next_commands"]:
        blocks.append(Section("Als Nächstes", [Numbered(status["next_commands"])]))
    return blocks


def status_json(status: Status) -> dict[str, Any]:
    return {"schema": "ksm.status/1", **status}
