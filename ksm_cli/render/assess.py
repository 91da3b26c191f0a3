"""Views of an assessment: the document blocks (terminal and Markdown report) and the JSON shape.

``result_blocks`` describes the result once; the terminal shows it and the Markdown report
(``render.report``) is the same blocks written by the Markdown backend, so that screen and
report always say the same thing.
"""

from __future__ import annotations

from typing import Any

from ksm_cli.german import MONTHS, VZAE_PLACES, de_date, de_number, decimal_places
from ksm_cli.render.document import (
    DOCUMENT,
    SCREEN,
    Block,
    Bullets,
    Checklist,
    Cited,
    Fields,
    Heading,
    Note,
    Numbered,
    Only,
    Para,
    Section,
    Table,
)
from ksm_cli.render.models import OPERATORS, steckbrief_scope, threshold

SCHEMA = "ksm.assess/1"


# --- formatting ------------------------------------------------------------------------


def _exact(value: float) -> str:
    """A figure in German digits, exactly as given (a Stellenumfang of 0,125 stays 0,125)."""
    return de_number(value, max(2, decimal_places(value)))


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
        elif field.kind == "money":
            shown = de_number(value) + " €"
        elif key == "stellenumfang_vzae":
            shown = de_number(value, VZAE_PLACES) + " VZÄ"
        elif key == "foerderende":
            shown = de_date(value)
        elif key == "haushaltsbeschluss_monat":
            shown = MONTHS[value - 1]
        else:
            shown = str(value)
        rows.append((field.label, shown))
    return rows


def path_rows(assessment) -> list[list[str]]:
    return [[f"{s.stage}. {s.stage_title}", s.question, s.answer] for s in assessment.path]


def check_rows(assessment) -> list[list[str]]:
    rows = []
    for c in assessment.checks:
        limit = f"{OPERATORS[c['operator']]} {threshold(c['threshold'])} {c['unit']}"
        value = "–" if c["value"] is None else f"{_exact(c['value'])} {c['unit']}"
        rows.append([f"{c['model']}: {c['criterion']}", limit, value, c["status"]])
    return rows


def figure_rows(assessment) -> list[list[str]]:
    rows = []
    for f in assessment.figures:
        value = "– (Einwohnerzahl fehlt)" if f["value"] is None else f"{de_number(f['value'])} {f['unit']}"
        if f["approximate"] and f["value"] is not None:
            value = "ca. " + value
        current = "–" if f["current"] is None else f"{_exact(f['current'])} {f['unit']}"
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


ADDRESSED = "Sie haben angegeben, dass "


def reported(text: str) -> str:
    """A reason as a document for a third reader says it: „Angegeben wurde, dass …“ instead of
    „Sie haben angegeben, dass …“ (the reasons of the data speak to the KSM)."""
    return "Angegeben wurde, dass " + text[len(ADDRESSED) :] if text.startswith(ADDRESSED) else text


def _joined(items: list[str], last: str = "oder") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def lever_text(knowledge, lever, top_rank: int | None = None) -> str:
    """„Wenn …, käme … in Frage.“ with the questions that decide where several results remain.
    „mindestens“ only where every model the lever reaches ranks above ``top_rank``, the highest
    model of the present result (V1-4 is no floor)."""
    condition = f"Wenn {lever['would']}"
    if lever["also"]:
        condition += f" und {lever['also']['would']}"
    stages = {s["id"]: s for s in knowledge.flowchart["stages"]}
    deciding: list[str] = []
    for node_id in lever["depends_on"]:
        stage = stages[knowledge.flowchart["nodes"][node_id]["stage"]]
        label = f"Frage {stage['number']} ({stage['title']})"
        if label not in deciding:
            deciding.append(label)
    which = f"je nach {_joined(deciding, 'und')}" if deciding else "je nach den weiteren Antworten"
    first, *more = lever["models"]
    named = f"{first} ({knowledge.find(first)[0]['name']})"
    ranks = [knowledge.find(m)[0]["rank"] for m in lever["models"]]
    floor = top_rank is not None and min(ranks) > top_rank
    if lever["current_possible"] or (more and not floor):
        # no „mindestens“ where the present result stays possible or a lower model is among them
        outcome = f"käme{'n' if more else ''} {which} {_joined([named, *more])} in Frage"
    elif more:
        outcome = f"käme mindestens {named} in Frage, {which} auch {_joined(more)}"
    else:
        outcome = f"käme {named} in Frage"
    return f"{condition}, {outcome}."


def lever_items(knowledge, levers, top_rank: int) -> list[str]:  # Cited, each
    """The lever sentences with their source. The consequence (``why``) stays in the JSON: it is
    worded for an answer given, and read after „Wenn …“ it would state a possibility as fact."""
    return [Cited(lever_text(knowledge, x, top_rank), x["source"]) for x in levers]


# --- the view: terminal and report ------------------------------------------------------


def _checks_blocks(knowledge, assessment) -> list[Block]:
    if not assessment.checks:
        return [
            Para(
                f"Für {', '.join(assessment.recommended)} nennt der Leitfaden keine prüfbaren Kriterien "
                f"(Steckbrief {steckbrief_scope(knowledge.models)}).",
                "muted",
            )
        ]
    rows = check_rows(assessment)
    return [
        Table(
            ["Kriterium (Steckbrief)", "Schwelle", "Kommune", "Ergebnis"],
            rows,
            items=[f"{r[0]}: {r[1]}; Kommune: {r[2]} → {r[3]}" for r in rows],
        )
    ]


def _figures_blocks(assessment) -> list[Block]:
    blocks: list[Block] = []
    rows = figure_rows(assessment)
    if rows:
        blocks.append(
            Table(
                ["Kennzahl", "Regel", "Für die Kommune", "Heute"],
                rows,
                items=[f"{r[0]}: {r[2]} (heute: {r[3]}) – {r[1]}" for r in rows],
            )
        )
    for figure in assessment.figures:
        if figure["note"]:
            blocks.append(Note(figure["note"], figure["source"]))
    for note in assessment.figure_notes:
        blocks.append(Note(note["text"], note["source"]))
    return blocks


def _criterion_notes(knowledge, assessment) -> list[Block]:
    """The data's notes on the Steckbrief criteria that were checked, shown with them."""
    blocks: list[Block] = []
    for model_id in dict.fromkeys(c["model"] for c in assessment.checks):
        steckbrief = knowledge.model(model_id).get("steckbrief") or {}
        checked = {c["criterion"] for c in assessment.checks if c["model"] == model_id}
        for criterion in steckbrief.get("conditions", []):
            if criterion["criterion"] in checked and criterion.get("note"):
                blocks.append(Note(f"{criterion['criterion']}: {criterion['note']}", steckbrief["source"]))
    return blocks


def _plan_block(timeline: dict[str, Any]) -> Table:
    rows = timeline_rows(timeline)
    items = []
    for label, rule, when, status in rows:
        if when == "–":
            items.append(f"[{status}] {label}" + ("" if rule == status else f" ({rule})"))
        else:
            items.append(f"[{status}] {label}: {when} ({rule})")
    return Table(
        ["Schritt", "Zeitpunkt laut Quelle", "Datum", "Status"],
        rows,
        highlight=overdue_rows(timeline),
        items=items,
    )


def _path_figure(flowchart: dict[str, Any], assessment) -> list[Block]:
    """The decision path as a picture (drawn by ``render.charts``; Markdown shows it as a Mermaid
    diagram), with its caption and its alternative text; built only for a document."""
    from ksm_cli.render.figures import Chart, Diagram, Figure
    from ksm_cli.render.flowchart import mermaid

    nodes, results = flowchart["nodes"], flowchart["results"]
    taken = [(s.node, s.option) for s in assessment.path if s.node in nodes]
    steps = []
    for node_id, option_id in taken:
        option = next(o for o in nodes[node_id]["options"] if o["id"] == option_id)
        steps.append(f"{nodes[node_id]['label']}: {option['label']}")
    alt = "Der Weg durch das Flussdiagramm: " + " → ".join(steps)
    if assessment.result_id in results:
        alt += f" → Ergebnis {results[assessment.result_id]['label']}"

    def draw():
        from ksm_cli.render.charts import decision_path

        return decision_path(flowchart, assessment)

    fallback = Diagram(
        mermaid(
            flowchart,
            taken,
            only_path=True,
            added=assessment.erstvorhaben["label"] if assessment.erstvorhaben else None,
        )
    )
    figure = Figure(
        Chart(draw, fallback),
        "Der Weg der Antworten durch das Flussdiagramm (Abbildung 5.1, rekonstruiert)",
        alt + ".",
    )
    return [figure]


def _erstvorhaben_note(knowledge, assessment) -> Note:
    """The Erstvorhaben path that ksm adds: the Anschlussvorhaben and its deadline first."""
    path = assessment.erstvorhaben
    text = path["text"]
    own = {s["id"] for s in knowledge.flowchart["fahrplan"]["steps"] if s.get("applies_to") == "erstvorhaben"}
    for step in assessment.timeline["steps"] if assessment.timeline else []:
        if step["id"] in own and step["latest"]:
            text += f" Frist für „{step['label']}“: {de_date(step['latest'])}."
    return Note(f"{path['label']}: {text} ({path['note']})", path["source"])


def _help_blocks(assessment) -> list[Block]:
    """The help text of each question on the path, once: what the guide says about it."""
    items: list[str] = [Cited(f"{s.question} {s.help}", s.source) for s in assessment.path]
    return [Para("Was der Leitfaden zu den Fragen sagt:"), Bullets(items, style="muted")] if items else []


def pros_and_cons(model: dict[str, Any]) -> list[Block]:
    """Vorteile and Nachteile with their notes; where the source gives none, why
    (``empty_reason``). One line each: a document has no line break inside a list item."""

    def point_text(point: dict[str, Any]) -> str:
        # a note on the source's text is an endnote in a document, in brackets on a screen
        return Cited(point["text"], f"Hinweis: {point['note']}") if point.get("note") else point["text"]

    if not model["advantages"] and not model["disadvantages"]:
        reason = model["empty_reason"]
        return [
            Note(f"Vorteile und Nachteile: keine Angaben im Leitfaden. {reason['text']}", reason["source"])
        ]
    return [
        Para("Vorteile", "strong"),
        Bullets([point_text(p) for p in model["advantages"]] or ["– (die Quelle nennt keine)"], "+", "good"),
        Para("Nachteile", "strong"),
        Bullets(
            [point_text(p) for p in model["disadvantages"]] or ["– (die Quelle nennt keine)"], "−", "bad"
        ),
        Para(f"Quelle: {model['source']}", "muted"),
    ]


def report_heading(
    knowledge, assessment, title: str = "Empfehlung zur Verstetigung des Klimaschutzmanagements"
) -> Heading:
    """The title of a document on the assessment, with the Kommune, the date and ksm's mark."""
    from ksm_cli import __version__

    kommune = assessment.context.get("kommune")
    return Heading(
        title + (f" – {kommune}" if kommune else ""),
        f"Stand: {de_date(assessment.timeline['today'])} · Erstellt mit ksm {__version__} auf Grundlage "
        "des Leitfadens „Klimaschutzmanagement verstetigen“ (Klima-KomPakt).",
    )


def recommendation_section(knowledge, assessment) -> Section:
    """The recommendation with its reasons, levers, alternatives and open questions."""
    flowchart = knowledge.flowchart
    titles = " oder ".join(model_title(knowledge, m) for m in assessment.recommended)
    entry = flowchart["results"][assessment.result_id]
    recommendation: list[Block] = []
    if assessment.without_post:
        recommendation.append(
            Only(
                DOCUMENT,
                [
                    Para(f"Ergebnis im Flussdiagramm (Abbildung 5.1): {assessment.result_label}", "strong"),
                    Para("Das ist kein Verstetigungsmodell: Die Stelle würde nicht verstetigt."),
                ],
            )
        )
    else:
        recommendation.append(
            Only(
                DOCUMENT,
                [
                    Para(f"Empfohlenes Verstetigungsmodell: {titles}", "strong"),
                    Para(f"Ergebnis im Flussdiagramm (Abbildung 5.1): {assessment.result_label}"),
                ],
            )
        )
    if assessment.meaning:
        recommendation.append(Note(assessment.meaning["text"], assessment.meaning["source"], "warn"))
    for item in assessment.urgent:
        recommendation.append(Note(item["text"], item["source"], "warn"))
    if assessment.erstvorhaben:
        recommendation.append(_erstvorhaben_note(knowledge, assessment))
    if entry.get("note") and len(assessment.recommended) > 1:
        recommendation.append(Note(entry["note"]))
    recommendation.append(
        Only(
            SCREEN,
            [
                Para("Begründung aus Ihren Antworten:"),
                Bullets([Cited(r["text"], r["source"]) for r in assessment.reasons]),
            ],
        )
    )
    # a document goes to the Verwaltungsspitze: it does not speak to the KSM („Sie haben angegeben“)
    recommendation.append(
        Only(
            DOCUMENT,
            [
                Para("Begründung aus den Antworten des Klimaschutzmanagements:"),
                Bullets([Cited(reported(r["text"]), r["source"]) for r in assessment.reasons]),
            ],
        )
    )
    for warning in assessment.warnings:
        recommendation.append(Note(warning["text"], warning["source"], "warn"))
    top_rank = max(knowledge.find(m)[0]["rank"] for m in assessment.recommended)
    up = [x for x in assessment.levers if x["raises"]]
    down = [x for x in assessment.levers if not x["raises"]]
    if up:
        recommendation.append(
            Para(
                "Wege aus diesem Ergebnis:"
                if assessment.without_post
                else "Was das Ergebnis verbessern würde:"
            )
        )
        recommendation.append(Bullets(lever_items(knowledge, up, top_rank)))
    if down:
        recommendation.append(Para("Was das Ergebnis gefährden würde:"))
        recommendation.append(Bullets(lever_items(knowledge, down, top_rank)))
    if assessment.alternatives:
        recommendation.append(Para("Weitere Modelle, die in Frage kommen:"))
        named = [(a, knowledge.find(a["model"])[0]["name"]) for a in assessment.alternatives]
        recommendation.append(
            Table(
                ["Modell", "Name", "Warum", "Quelle"],
                [[a["model"], name, a["why"], a["source"]] for a, name in named],
                items=[f"{a['model']} – {name}: {a['why']} ({a['source']})" for a, name in named],
            )
        )
    refines = {r["refine"]["id"]: r["refine"] for r in flowchart["results"].values() if r.get("refine")}
    for question in assessment.open_questions:
        text = refines[question]["question"] if question in refines else question
        recommendation.append(Note(f"Die Variante ist noch offen (Frage „{text}“)."))
    return Section(
        "Ergebnis" if assessment.without_post else "Empfehlung",
        recommendation,
        "bad" if assessment.without_post else "good",
    )


def path_section(knowledge, assessment) -> Section:
    """The decision path: the answers as a table, what the guide says, the picture (documents)."""
    flowchart = knowledge.flowchart
    texts = [flowchart["reconstruction_note"]]
    texts += [
        f"{flowchart['nodes'][s.node]['label']}: {flowchart['nodes'][s.node]['note']}"
        for s in assessment.path
        if s.node in flowchart["nodes"] and flowchart["nodes"][s.node]["reconstructed"]
    ]
    notes: list[Block] = [Note(text) for text in texts]
    return Section(
        "Entscheidungsweg (Abbildung 5.1)",
        [
            Table(
                ["Stufe", "Frage", "Antwort"],
                path_rows(assessment),
                items=[f"{s.question} → {s.answer}" for s in assessment.path],
            ),
            *_help_blocks(assessment),
            Only(DOCUMENT, lambda: _path_figure(flowchart, assessment)),
            Only(SCREEN, notes),
            # for the Verwaltungsspitze one sentence; how ksm reconstructed the figure is its endnote
            Only(
                DOCUMENT,
                [
                    Para(
                        Cited(
                            "Der Entscheidungsweg folgt einer Rekonstruktion der Abbildung 5.1 durch ksm.",
                            " ".join(texts),
                        ),
                        "muted",
                    )
                ],
            ),
        ],
    )


def model_sections(knowledge, assessment) -> list[Block]:
    """The Kapitel 4.1 ideas where they apply, and Vorteile and Nachteile of each model."""
    blocks: list[Block] = []
    if assessment.ideas:
        ideas = assessment.ideas
        blocks.append(
            Section(
                f"Ideen: {ideas['label']} (Kapitel 4.1)",
                [Para(ideas["intro"]), Bullets(ideas["items"]), Note(ideas["note"], ideas["source"])],
            )
        )
    for model_id in assessment.recommended:
        model = knowledge.model(model_id)
        blocks.append(
            Section(
                f"Vorteile und Nachteile: {model['id']} – {model['name']}",
                pros_and_cons(model),
            )
        )
    return blocks


def checks_section(knowledge, assessment) -> Section:
    checks: list[Block] = [Fields(context_rows(assessment.context))]
    checks += _checks_blocks(knowledge, assessment)
    checks += _criterion_notes(knowledge, assessment)
    checks += _figures_blocks(assessment)
    return Section("Angaben, Prüfungen und Kennzahlen", checks)


def plan_section(knowledge, assessment, figure: list[Block] | None = None) -> Section:
    """The dated Fahrplan; ``figure``: blocks after the table (a document's timeline)."""
    timeline = assessment.timeline
    plan: list[Block] = [_plan_block(timeline), *(figure or [])]
    # how ksm dates a step where the source gives only an order: with the table in a document
    notes: list[Block] = [
        Note(f"{s['label']}: {s['note']}", s["source"]) for s in timeline["steps"] if s.get("note")
    ]
    if notes:
        plan.append(Only(DOCUMENT, notes))
    plan.extend(Para(h, "muted") for h in timeline["hints"])
    for step in knowledge.flowchart["fahrplan"]["steps"]:
        if step["details"] and any(s["id"] == step["id"] for s in timeline["steps"]):
            plan.append(Para(f"{step['label']} – was sie bringt ({step['source']}):"))
            plan.append(Bullets(step["details"]))
    plan.append(Para(f"Stichtag: {de_date(timeline['today'])} · Quelle: {timeline['source']}", "muted"))
    return Section("Fahrplan (Kapitel 5.1)", plan)


def next_steps_section(assessment) -> Section:
    steps = [s["text"] for s in assessment.next_steps]
    return Section("Nächste Schritte", [Numbered(steps) if steps else Para("–")])


def working_sections(knowledge) -> list[Block]:
    """What the KSM works with, not what the Verwaltungsspitze decides on: the foundations of
    Kapitel 1 and the success factors of Kapitel 2 as a checklist."""
    flowchart = knowledge.flowchart
    foundations = flowchart["foundations"]
    factors = flowchart["success_factors"]
    return [
        Section(
            f"{foundations['label']} (Kapitel 1)",
            [
                Para(foundations["intro"]),
                Bullets(foundations["items"]),
                Para(foundations["closing"]),
                Para(f"Quelle: {foundations['source']}", "muted"),
            ],
            "muted",
        ),
        Section(
            "Erfolgsfaktoren (Kapitel 2) – Checkliste",
            [
                Para(factors["intro"]),
                Checklist([(f["label"], f["text"]) for f in factors["items"]]),
                Para(f"Quelle: {factors['source']}", "muted"),
            ],
            "muted",
        ),
    ]


def sources_section(knowledge, assessment) -> Section:
    document = knowledge.models_file["document"]
    cited = [f"{document['title']}, {document['publisher']}: {document['project_page']}"]
    return Section("Quellen", [Bullets(cited + sources(knowledge, assessment))])


def result_blocks(knowledge, assessment) -> list[Block]:
    """The one description of a complete assessment, in the order of the issue: recommendation,
    path, pros and cons, checks and figures, Fahrplan, next steps, success factors. The terminal
    shows it (tables as lists in plain text); the documents (``ksm_cli.documents``) are built
    from the same parts."""
    titles = " oder ".join(model_title(knowledge, m) for m in assessment.recommended)
    return [
        Only(DOCUMENT, [report_heading(knowledge, assessment)]),
        Only(
            SCREEN,
            [
                Heading(f"Ergebnis: {titles}", "Keine Empfehlung: Die Stelle würde nicht verstetigt.")
                if assessment.without_post
                else Heading("Empfehlung: " + titles, assessment.result_label)
            ],
        ),
        recommendation_section(knowledge, assessment),
        path_section(knowledge, assessment),
        *model_sections(knowledge, assessment),
        checks_section(knowledge, assessment),
        plan_section(knowledge, assessment),
        next_steps_section(assessment),
        *working_sections(knowledge),
        Only(DOCUMENT, [sources_section(knowledge, assessment)]),
    ]


# --- JSON ------------------------------------------------------------------------------


# The public keys of each item of ``ksm assess --json`` (README, tests/snapshots/json_keytrees.json):
# items are copied key by key, so that a key the core adds for its own use stays internal.
REASON_KEYS = ("question_id", "answer", "text", "source")
SOURCED_KEYS = ("text", "source")
ALTERNATIVE_KEYS = ("model", "why", "source")
CHECK_KEYS = ("model", "criterion", "measure", "operator", "threshold", "unit", "value", "status", "source")
FIGURE_KEYS = (
    "id",
    "label",
    "model",
    "condition",
    "rule",
    "value",
    "unit",
    "approximate",
    "current",
    "source",
    "note",
)
PLAN_STEP_KEYS = ("id", "label", "optional", "rule", "earliest", "latest", "estimated", "status", "source")


def _items(items, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{key: item.get(key) for key in keys} for item in items]


def levers_json(knowledge, assessment) -> list[dict[str, Any]]:
    """``levers`` of ``--json``: the public keys (``levers.public_levers``) and ``text``, the
    sentence the terminal and the report show."""
    from ksm_cli.assess.levers import public_levers

    out = public_levers(assessment.levers)
    top_rank = max((knowledge.find(m)[0]["rank"] for m in assessment.recommended), default=0)
    for item, lever in zip(out, assessment.levers, strict=True):
        item["text"] = lever_text(knowledge, lever, top_rank)
    return out


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
        "reasons": _items(assessment.reasons, REASON_KEYS),
        "levers": levers_json(knowledge, assessment),
        "urgent": _items(assessment.urgent, SOURCED_KEYS),
        "without_post": assessment.without_post,
        "alternatives": [
            {**alternative, "name": knowledge.find(alternative["model"])[0]["name"]}
            for alternative in _items(assessment.alternatives, ALTERNATIVE_KEYS)
        ],
        "warnings": _items(assessment.warnings, SOURCED_KEYS),
        "missing": list(assessment.missing),
        "open_questions": list(assessment.open_questions),
        "context": dict(assessment.context),
        "checks": _items(assessment.checks, CHECK_KEYS),
        "figures": _items(assessment.figures, FIGURE_KEYS),
        "timeline": {
            "today": timeline.get("today"),
            "foerderende": timeline.get("foerderende"),
            "end": timeline.get("end"),
            "end_estimated": timeline.get("end_estimated", False),
            "steps": _items(timeline.get("steps", []), PLAN_STEP_KEYS),
            "hints": list(timeline.get("hints", [])),
        },
        "next_steps": _items(assessment.next_steps, SOURCED_KEYS),
        "answers": answers,
    }
