"""IST against SOLL: per task, group, table (side) and working area, and the notes of Kapitel 4.2 (pure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ksm_cli.tasks.selfassessment import SelfAssessment, sums, visible_tasks

if TYPE_CHECKING:
    from ksm_cli.tasks.types import AnchoringNote, Comparison, Figures, Subtotal, TaskRow


def _hours(sa: SelfAssessment, percent: float) -> float | None:
    return None if sa.wochenstunden is None else round(sa.wochenstunden * percent / 100, 2)


def _row(sa: SelfAssessment, ist: float, soll: float, **extra: Any) -> Any:
    """The IST/SOLL figures (``Figures``) with the fields of the row's level in front."""
    return {
        **extra,
        "ist": ist,
        "soll": soll,
        "delta": round(soll - ist, 6),
        "ist_hours": _hours(sa, ist),
        "soll_hours": _hours(sa, soll),
    }


def _by_shift(rows: list[Any]) -> list[Any]:
    """Largest shift first; equal shifts keep the catalogue order (sorted() is stable)."""
    return sorted(rows, key=lambda r: -abs(r["delta"]))


def _subtotals(
    sa: SelfAssessment, tasks: list[dict[str, Any]], key_of, items: list[dict[str, Any]], **fields: str
) -> list[Subtotal]:
    out: list[Subtotal] = []
    for item in items:
        members = [t["id"] for t in tasks if key_of(t) == item["id"]]
        if not members:
            continue
        ist = round(sum(sa.values.get(m, {}).get("ist", 0.0) for m in members), 6)
        soll = round(sum(sa.values.get(m, {}).get("soll", 0.0) for m in members), 6)
        out.append(
            _row(
                sa,
                ist,
                soll,
                id=item["id"],
                name=item["name"],
                **{name: item[source] for name, source in fields.items()},
            )
        )
    return out


def anchoring_notes(sa: SelfAssessment, tasks_file: dict[str, Any], landkreis: bool) -> list[AnchoringNote]:
    """The ways of Kapitel 4.2 toward which the SOLL moves (more SOLL than IST on their rows)."""
    visible = {t["id"]: t for t in visible_tasks(tasks_file, landkreis)}
    notes: list[AnchoringNote] = []
    for way in tasks_file["anchoring"]["ways"]:
        members = [t for t in visible.values() if t["group"] in way["groups"] or t["id"] in way["tasks"]]
        if not members:
            continue
        ist = sum(sa.values.get(t["id"], {}).get("ist", 0.0) for t in members)
        soll = sum(sa.values.get(t["id"], {}).get("soll", 0.0) for t in members)
        if soll > ist:
            notes.append(
                {
                    "way": way["id"],
                    "label": way["label"],
                    "text": way["text"],
                    "source": way["source"],
                    "ist": round(ist, 6),
                    "soll": round(soll, 6),
                    "delta": round(soll - ist, 6),
                    "tasks": [t["id"] for t in members],
                    "tasks_note": way["tasks_note"],
                    "models": way["models"],
                    "models_source": way["models_source"],
                }
            )
    return notes


def compare(sa: SelfAssessment, tasks_file: dict[str, Any]) -> Comparison:
    landkreis = sa.landkreis
    tasks = visible_tasks(tasks_file, landkreis)
    groups = {g["id"]: g for g in tasks_file["groups"]}
    tables = {t["id"]: t for t in tasks_file["tables"]}
    areas = {a["id"]: a for a in tasks_file["areas"]}
    rows: list[TaskRow] = []
    for task in tasks:
        value = sa.values.get(task["id"], {"ist": 0.0, "soll": 0.0})
        group = groups[task["group"]]
        rows.append(
            _row(
                sa,
                value["ist"],
                value["soll"],
                id=task["id"],
                text=task["text"],
                group=group["id"],
                group_name=group["name"],
                table=group["table"],
                table_name=tables[group["table"]]["name"],
                area=group["area"],
                area_name=areas[group["area"]]["name"],
                landkreis_only=task["landkreis_only"],
                entered=task["id"] in sa.values,
                source=task["source"],
                note=task["note"],
            )
        )
    side_of = {g["id"]: g["table"] for g in tasks_file["groups"]}
    area_of = {g["id"]: g["area"] for g in tasks_file["groups"]}
    total = sums(sa)
    return {
        "kommune": sa.kommune,
        "kommunentyp": sa.kommunentyp,
        "landkreis": landkreis,
        "wochenstunden": sa.wochenstunden,
        "draft": sa.draft,
        "totals": cast("Figures", _row(sa, total["ist"], total["soll"])),
        "tasks": _by_shift(rows),
        "sides": _subtotals(sa, tasks, lambda t: side_of[t["group"]], tasks_file["tables"], source="source"),
        "areas": _subtotals(
            sa, tasks, lambda t: area_of[t["group"]], tasks_file["areas"], side="side", source="source"
        ),
        "groups": _by_shift(
            _subtotals(sa, tasks, lambda t: t["group"], tasks_file["groups"], table="table", source="source")
        ),
        "notes": anchoring_notes(sa, tasks_file, landkreis),
        "other_ways": [
            {"way": w["id"], "label": w["label"], "text": w["text"], "source": w["source"]}
            for w in tasks_file["anchoring"]["ways"]
            if not w["groups"] and not w["tasks"]
        ],
        "anchoring": {
            "text": tasks_file["anchoring"]["text"],
            "source": tasks_file["anchoring"]["source"],
            "questions": tasks_file["anchoring"]["questions"],
        },
    }
