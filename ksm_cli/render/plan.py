"""The view of ``ksm plan`` and its JSON (``ksm.plan/1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ksm_cli.german import de_date
from ksm_cli.render.document import Block, Bullets, Heading, Para, Section, Table

if TYPE_CHECKING:
    from ksm_cli.mappe import Mappe
    from ksm_cli.plan.core import Plan, TrackedStep


def _when(step: TrackedStep) -> str:
    if step["latest"] is None:
        return "–"
    if step["earliest"]:
        when = f"{de_date(step['earliest'])} – {de_date(step['latest'])}"
    else:
        when = f"bis {de_date(step['latest'])}"
    return when + (" (geschätzt)" if step["estimated"] else "")


def _status(step: TrackedStep) -> str:
    return f"erledigt am {de_date(step['done'])}" if step["done"] is not None else step["status"]


def plan_blocks(k: Any, plan: Plan, context: dict[str, Any]) -> list[Block]:
    timeline = plan["timeline"]
    kommune = context.get("kommune")
    title = f"Fahrplan {kommune}" if kommune else "Fahrplan"
    subtitle = (
        f"Kapitel 5.1 · Förderende {de_date(timeline['foerderende'])} · Stichtag {de_date(timeline['today'])}"
    )
    rows = []
    items = []
    highlight = set()
    for index, step in enumerate(plan["steps"]):
        label = step["label"] + (" (falls notwendig)" if step["optional"] else "")
        rows.append([step["id"], label, step["rule"], _when(step), _status(step)])
        when = _when(step)
        dated = f": {when} – {step['rule']}" if when != "–" else f" – {step['rule']}"
        items.append(f"[{_status(step)}] {label} ({step['id']}){dated}")
        if step["status"] == "überfällig":
            highlight.add(index)
    blocks: list[Block] = [
        Heading(title, subtitle=subtitle),
        Table(
            ["Schritt", "Bezeichnung", "Zeitpunkt laut Quelle", "Datum", "Stand"],
            rows,
            highlight=highlight,
            items=items,
        ),
    ]
    blocks.extend(Para(h, "muted") for h in timeline["hints"])
    if plan["overdue"]:
        lines = [f"{s['label']}: {_when(s)} → ksm plan done {s['id']}" for s in plan["overdue"]]
        blocks.append(Section("Überfällig", [Bullets(lines, style="bad")], style="warn"))
    if plan["next"]:
        lines = [f"{de_date(s['latest'])}: {s['label']}" for s in plan["next"][:3]]
        blocks.append(Section("Nächste Fristen", [Bullets(lines)]))
    blocks.append(
        Para(
            "Erledigt eintragen: ksm plan done SCHRITT · In den Kalender: ksm plan --ics fristen.ics · "
            f"Quelle: {timeline['source']}",
            "muted",
        )
    )
    return blocks


def plan_json(plan: Plan, context: dict[str, Any], place: Mappe | None) -> dict[str, Any]:
    timeline = plan["timeline"]
    return {
        "schema": "ksm.plan/1",
        "mappe": str(place.root) if place is not None else None,
        "kommune": context.get("kommune"),
        "today": timeline["today"],
        "foerderende": timeline["foerderende"],
        "end": timeline["end"],
        "end_estimated": timeline["end_estimated"],
        "steps": [
            {
                "id": s["id"],
                "label": s["label"],
                "status": s["status"],
                "earliest": s["earliest"],
                "latest": s["latest"],
                "estimated": s["estimated"],
                "done": s["done"],
                "optional": s["optional"],
                "rule": s["rule"],
                "source": s["source"],
            }
            for s in plan["steps"]
        ],
        "next": [s["id"] for s in plan["next"]],
        "overdue": [s["id"] for s in plan["overdue"]],
        "hints": timeline["hints"],
        "source": timeline["source"],
    }
