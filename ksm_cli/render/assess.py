"""Views of an assessment: terminal panels, the JSON shape, and the rows both share.

The rows built here (path, checks, figures, Fahrplan) are also used by the Markdown report,
so that screen, JSON and report always say the same thing.
"""

from __future__ import annotations

from typing import Any

from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import Bullets, Fields, Heading, Para, Section, Table
from ksm_cli.render.models import OPERATORS

SCHEMA = "ksm.assess/1"


# --- formatting ------------------------------------------------------------------------


def model_title(knowledge, model_id: str) -> str:
    model, variant = knowledge.find(model_id)
    return f"{model_id} – {(variant or model)['name']}"


def context_rows(context: dict[str, Any]) -> list[tuple[str, str]]:
    from ksm_cli.assess.answers import CONTEXT
    from ksm_cli.vocabulary import KOMMUNENTYPEN, VORHABEN

    rows = []
    for key, field in CONTEXT.items():
        value = context.get(key)
        if value is None:
            shown = "nicht angegeben"
        elif key == "kommunentyp":
            shown = KOMMUNENTYPEN[value]
        elif key == "vorhaben":
            shown = VORHABEN[value]
        elif key == "einwohner":
            shown = de_number(value, 0)
        elif key == "budget_eur":
            shown = de_number(value) + " €"
        elif key == "stellenumfang_vzae":
            shown = de_number(value) + " VZÄ"
        elif key == "foerderende":
            shown = de_date(value)
        else:
            shown = str(value)
        rows.append((field.label, shown))
    return rows


def path_rows(assessment) -> list[list[str]]:
    return [[f"{s.stage}. {s.stage_title}", s.question, s.answer] for s in assessment.path]


def check_rows(assessment) -> list[list[str]]:
    rows = []
    for c in assessment.checks:
        threshold = f"{OPERATORS[c['operator']]} {de_number(c['threshold'])} {c['unit']}"
        value = "–" if c["value"] is None else f"{de_number(c['value'])} {c['unit']}"
        rows.append([f"{c['model']}: {c['criterion']}", threshold, value, c["status"]])
    return rows


def figure_rows(assessment) -> list[list[str]]:
    rows = []
    for f in assessment.figures:
        value = "– (Einwohnerzahl fehlt)" if f["value"] is None else f"{de_number(f['value'])} {f['unit']}"
        if f["approximate"] and f["value"] is not None:
            value = "ca. " + value
        current = "–" if f["current"] is None else f"{de_number(f['current'])} {f['unit']}"
        rows.append([f["label"], f["rule"], value, current])
    return rows


def timeline_rows(timeline: dict[str, Any]) -> list[list[str]]:
    rows = []
    for step in timeline["steps"]:
        if step["latest"] is None:
            when = "–"
        elif step["earliest"]:
            when = f"{de_date(step['earliest'])} – {de_date(step['latest'])}"
        else:
            when = f"bis {de_date(step['latest'])}"
        if step["estimated"]:
            when += " (geschätzt)"
        label = step["label"] + (" (falls notwendig)" if step["optional"] else "")
        rows.append([label, step["rule"], when, step["status"]])
    return rows


def overdue_rows(timeline: dict[str, Any]) -> set[int]:
    return {i for i, s in enumerate(timeline["steps"]) if s["status"] == "überfällig"}


def sources(knowledge, assessment) -> list[str]:
    """Every source the assessment relies on, in order of first use, without repeats."""
    seen: dict[str, None] = {}
    for item in [*assessment.reasons, *assessment.warnings, *assessment.alternatives, *assessment.checks]:
        seen.setdefault(item["source"], None)
    for model_id in assessment.recommended:
        seen.setdefault(knowledge.model(model_id)["source"], None)
    if assessment.timeline:
        seen.setdefault(assessment.timeline["source"], None)
        for step in assessment.timeline["steps"]:
            seen.setdefault(step["source"], None)
    seen.setdefault(knowledge.flowchart["success_factors"]["source"], None)
    return list(seen)


# --- terminal --------------------------------------------------------------------------


def missing_blocks(knowledge, assessment) -> list:
    return [
        Para(
            "Die Antworten reichen noch nicht für eine Empfehlung. Offen: " + ", ".join(assessment.missing),
            "warn",
        )
    ]


def _path_block(assessment, rich: bool):
    if rich:
        return Table(["Stufe", "Frage", "Antwort"], path_rows(assessment))
    return Bullets([f"{s.question} → {s.answer}" for s in assessment.path], "•")


def _checks_blocks(assessment, rich: bool) -> list:
    if not assessment.checks:
        return [
            Para(
                f"Für {', '.join(assessment.recommended)} nennt der Leitfaden keine prüfbaren Kriterien "
                "(Steckbrief nur für V7, Tabelle 3.2).",
                "muted",
            )
        ]
    rows = check_rows(assessment)
    if rich:
        return [Table(["Kriterium (Steckbrief)", "Schwelle", "Kommune", "Ergebnis"], rows)]
    return [Bullets([f"{r[0]}: {r[1]}; Kommune: {r[2]} → {r[3]}" for r in rows], "•")]


def _figures_block(assessment, rich: bool):
    rows = figure_rows(assessment)
    if rich:
        return Table(["Kennzahl", "Regel", "Für die Kommune", "Heute"], rows)
    return Bullets([f"{r[0]}: {r[2]} (heute: {r[3]}) – {r[1]}" for r in rows], "•")


def _plan_block(timeline: dict[str, Any], rich: bool):
    rows = timeline_rows(timeline)
    if rich:
        return Table(
            ["Schritt", "Zeitpunkt laut Quelle", "Datum", "Status"], rows, highlight=overdue_rows(timeline)
        )
    items = []
    for label, rule, when, status in rows:
        if when == "–":
            items.append(f"[{status}] {label}" + ("" if rule == status else f" ({rule})"))
        else:
            items.append(f"[{status}] {label}: {when} ({rule})")
    return Bullets(items, "•")


def result_blocks(knowledge, assessment, rich: bool = True) -> list:
    """The panels, in the order of the issue: recommendation, path, pros and cons, checks and
    figures, Fahrplan, next steps, success factors. ``rich=False`` gives lists instead of wide
    tables, for plain text in a pipe."""
    flowchart = knowledge.flowchart
    titles = [model_title(knowledge, m) for m in assessment.recommended]
    heading = Heading("Empfehlung: " + " oder ".join(titles), assessment.result_label)

    recommendation: list = []
    entry = flowchart["results"][assessment.result_id]
    if entry.get("note") and len(assessment.recommended) > 1:
        recommendation.append(Para(entry["note"], "note"))
    recommendation.append(Para("Begründung:"))
    recommendation.append(Bullets([f"{r['text']} ({r['source']})" for r in assessment.reasons]))
    for warning in assessment.warnings:
        recommendation.append(Para(f"{warning['text']} ({warning['source']})", "warn"))
    if assessment.alternatives:
        recommendation.append(Para("Weitere Modelle, die in Frage kommen:"))
        recommendation.append(
            Bullets(
                [
                    f"{a['model']} – {knowledge.find(a['model'])[0]['name']}: {a['why']}"
                    for a in assessment.alternatives
                ],
                "•",
            )
        )
    for question in assessment.open_questions:
        recommendation.append(Para(f"Die Variante ist noch offen (Frage '{question}').", "note"))
    recommendation.append(Para(flowchart["reconstruction_note"], "muted"))

    blocks: list = [heading, Section("Empfehlung", recommendation, "good")]
    blocks.append(Section("Entscheidungsweg (Abbildung 5.1)", [_path_block(assessment, rich)]))

    for model_id in assessment.recommended:
        model = knowledge.model(model_id)
        blocks.append(
            Section(
                f"Vorteile und Nachteile: {model['id']} – {model['name']}",
                [
                    Bullets([p["text"] for p in model["advantages"]] or ["–"], "+", "good"),
                    Bullets([p["text"] for p in model["disadvantages"]] or ["–"], "−", "bad"),
                    Para(f"Quelle: {model['source']}", "muted"),
                ],
            )
        )

    checks: list = [Fields(context_rows(assessment.context))]
    checks += _checks_blocks(assessment, rich)
    checks.append(_figures_block(assessment, rich))
    blocks.append(Section("Angaben, Prüfungen und Kennzahlen", checks))

    timeline = assessment.timeline
    plan: list = [_plan_block(timeline, rich)]
    plan.extend(Para(h, "muted") for h in timeline["hints"])
    plan.append(Para(f"Stichtag: {de_date(timeline['today'])} · Quelle: {timeline['source']}", "muted"))
    blocks.append(Section("Fahrplan (Kapitel 5.1)", plan))

    blocks.append(
        Section("Nächste Schritte", [Bullets([s["text"] for s in assessment.next_steps] or ["–"], "→")])
    )
    factors = flowchart["success_factors"]
    blocks.append(
        Section(
            "Erfolgsfaktoren (Kapitel 2) – Checkliste",
            [
                Bullets([f"{f['label']}: {f['text']}" for f in factors["items"]], "[ ]"),
            ],
            "muted",
        )
    )
    return blocks


# --- JSON ------------------------------------------------------------------------------


def assess_json(knowledge, assessment, answers: dict[str, Any]) -> dict[str, Any]:
    timeline = assessment.timeline or {}
    return {
        "schema": SCHEMA,
        "complete": assessment.complete,
        "result": {"id": assessment.result_id, "label": assessment.result_label}
        if assessment.complete
        else None,
        "recommended": list(assessment.recommended),
        "path": [s.as_dict() for s in assessment.path],
        "reasons": assessment.reasons,
        "alternatives": [
            {**a, "name": knowledge.find(a["model"])[0]["name"]} for a in assessment.alternatives
        ],
        "warnings": assessment.warnings,
        "missing": assessment.missing,
        "open_questions": assessment.open_questions,
        "context": assessment.context,
        "checks": assessment.checks,
        "figures": assessment.figures,
        "timeline": {
            "today": timeline.get("today"),
            "foerderende": timeline.get("foerderende"),
            "end": timeline.get("end"),
            "end_estimated": timeline.get("end_estimated", False),
            "steps": [
                {k: v for k, v in s.items() if k not in ("text", "note")} for s in timeline.get("steps", [])
            ],
            "hints": timeline.get("hints", []),
        },
        "next_steps": assessment.next_steps,
        "answers": answers,
    }
