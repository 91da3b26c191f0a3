"""The Empfehlungsbericht for the Verwaltungsspitze (Kapitel 5: a Verstetigungsberatung ends in
one): a one-page Kurzfassung, then the details, built from the parts of the terminal's view
(``render.assess``) so that screen and document say the same thing.

The Kurzfassung: the recommended model; why, in one sentence per framework question from the
answers; what it costs each year; what must be decided by when. KSM-internal checklists (the
success factors of Kapitel 2, the foundations of Kapitel 1, the next steps) are not in it: they
are in the working part of the Gesamtdokument.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ksm_cli.documents.finance import ASSUMPTION, costs, euro, returns_text
from ksm_cli.german import VZAE_PLACES, de_date, de_number
from ksm_cli.render.document import (
    Blank,
    Block,
    Bullets,
    Cited,
    Fields,
    Note,
    PageBreak,
    Para,
    Section,
    Table,
)

if TYPE_CHECKING:
    from ksm_cli.assess.engine import Assessment
    from ksm_cli.assess.types import Timeline


def timeline_of(assessment: Assessment) -> Timeline:
    """The Fahrplan of a complete assessment (only an incomplete one has none)."""
    timeline = assessment.timeline
    if timeline is None:
        raise ValueError("an incomplete assessment has no Fahrplan")
    return timeline


# the first sentence of a reason says what was answered („Sie haben angegeben, dass … (Frage 1).“),
# the rest what follows from it
_ANSWERED = re.compile(r"\(Frage \d+\)\.\s+")
DEADLINE_ROWS = 4


def stage_sentences(knowledge, assessment: Assessment) -> list[Cited]:
    """One sentence per framework question: its answers, and what the last of them leads to."""
    nodes = knowledge.flowchart["nodes"]
    reasons = {r["question_id"]: r for r in assessment.reasons if r["question_id"]}
    stages: dict[int, list[Any]] = {}
    for step in assessment.path:
        if step.node in nodes:
            stages.setdefault(step.stage, []).append(step)
    sentences = []
    for steps in stages.values():
        answered = "; ".join(f"{nodes[s.node]['label']}: {s.answer}" for s in steps)
        last = reasons.get(steps[-1].node)
        text = f"{steps[0].stage_title} – {answered}."
        source = None
        if last is not None:
            found = _ANSWERED.search(last["text"])
            text += " " + (last["text"][found.end() :] if found else last["text"])
            source = last["source"]
        sentences.append(Cited(text, source))
    return sentences


def cost_blocks(context: dict[str, Any]) -> list[Block]:
    """What the post costs the Kommune each year after the Förderende, and what it brought in."""
    money = costs(context)
    blocks: list[Block] = []
    if money["personal"] is None:
        missing = [
            label
            for key, label in (
                ("stellenumfang_vzae", "Stellenumfang"),
                ("personalkosten_je_vzae", "Personalkosten je VZÄ"),
            )
            if context.get(key) is None
        ]
        blocks.append(
            Fields(
                [
                    (
                        "Jährliche Personalkosten",
                        Blank(" und ".join(missing) + " angeben, dann rechnet ksm die Folgelasten"),
                    )
                ],
                ("Position", "Betrag"),
            )
        )
        if money["budget"] is not None:
            blocks.append(Para(f"Klimaschutzbudget: {euro(money['budget'])} pro Jahr."))
    else:
        vzae = de_number(money["vzae"], VZAE_PLACES)
        text = f"Jährliche Folgelasten nach dem Förderende: {euro(money['personal'])} Personalkosten ({vzae} VZÄ × {euro(money['per_vzae'] or 0)})"
        if money["budget"] is not None:
            text += f" und {euro(money['budget'])} Klimaschutzbudget, zusammen {euro(money['total'] or 0)} pro Jahr."
        else:
            text += " pro Jahr."
        blocks.append(Para(Cited(text, ASSUMPTION)))
    brought = returns_text(money)
    if brought:
        blocks.append(Para(f"Dem stehen bisher {brought} gegenüber (Angaben der Verwaltung)."))
    return blocks


def deadline_rows(assessment: Assessment) -> list[list[str | Cited]]:
    """The dated steps not yet done, the most urgent first."""
    steps = [
        s
        for s in timeline_of(assessment)["steps"]
        if s["latest"] is not None and s["status"] != "erledigt" and not s["optional"]
    ]
    # the earliest first; on the same day the budget, which the council decides, first
    steps.sort(key=lambda s: (s["latest"] or dt.date.max, not s["budget_cycle"]))
    rows: list[list[str | Cited]] = []
    for step in steps[:DEADLINE_ROWS]:
        label = step["label"]
        source = step["source"]
        budget = step.get("budget")
        if budget and budget.get("decided"):
            label += f" (Haushalt {budget['year']})"
            source += "; Termin des Haushaltsbeschlusses: Annahme von ksm, vor Ort zu klären"
        elif step["budget_cycle"]:
            source += "; der Termin des Haushaltsbeschlusses ist vor Ort zu klären (ksm)"
        when = ("spätestens " if not step["estimated"] else "etwa ") + de_date(step["latest"])
        rows.append([when, Cited(label, source), step["status"]])
    return rows


def kurzfassung(knowledge, assessment: Assessment) -> Section:
    """One page: the model, why, what it costs, what must be decided by when."""
    from ksm_cli.render.assess import model_title

    titles = " oder ".join(model_title(knowledge, m) for m in assessment.recommended)
    blocks: list[Block] = []
    if assessment.without_post:
        blocks.append(Para(f"Ergebnis: {assessment.result_label}", "strong"))
        blocks.append(Para("Das ist kein Verstetigungsmodell: Die Stelle würde nicht verstetigt.", "warn"))
    else:
        blocks.append(Para(f"Empfohlen wird das Verstetigungsmodell {titles}.", "strong"))
    document = knowledge.models_file["document"]
    guide = f"{document['title']}, {document['publisher']}: {document['project_page']}"
    blocks.append(Para(Cited("Warum – aus den Antworten zu den drei Rahmenfragen des Leitfadens:", guide)))
    blocks.append(Bullets(list(stage_sentences(knowledge, assessment))))
    if not assessment.without_post:
        blocks.append(Para("Was es kostet", "strong"))
        blocks.extend(cost_blocks(assessment.context))
    rows = deadline_rows(assessment)
    if rows:
        blocks.append(Para("Was bis wann zu entscheiden und zu tun ist", "strong"))
        overdue = {i for i, r in enumerate(rows) if r[2] == "überfällig"}
        blocks.append(Table(["Frist", "Schritt", "Stand"], rows, highlight=overdue))
    if assessment.meaning:
        blocks.append(Note(assessment.meaning["text"], assessment.meaning["source"], "warn"))
    elif timeline_of(assessment)["foerderende"] is None:
        blocks.append(Fields([("Förderende", Blank("Datum des Förderendes"))]))
    return Section("Kurzfassung", blocks)


def fahrplan_figure(assessment: Assessment) -> list[Block]:
    """The Fahrplan as a timeline, where it has dates."""
    timeline = timeline_of(assessment)
    if timeline["foerderende"] is None:
        return []
    from ksm_cli.render.charts import fahrplan_figure as figure

    return [figure(timeline)]


def details(knowledge, assessment: Assessment) -> list[Block]:
    """The details after the Kurzfassung, each main part on a new page."""
    from ksm_cli.render import assess as view

    return [
        view.recommendation_section(knowledge, assessment),
        view.path_section(knowledge, assessment),
        PageBreak(),
        *view.model_sections(knowledge, assessment),
        view.checks_section(knowledge, assessment),
        PageBreak(),
        view.plan_section(knowledge, assessment, fahrplan_figure(assessment)),
    ]  # the sources are the endnotes, each where it is used


def empfehlung_blocks(knowledge, assessment: Assessment) -> list[Block]:
    from ksm_cli.render.assess import report_heading

    return [
        report_heading(knowledge, assessment),
        kurzfassung(knowledge, assessment),
        PageBreak(),
        *details(knowledge, assessment),
    ]


def working_blocks(knowledge, assessment: Assessment) -> list[Block]:
    """What the KSM works with and the Verwaltungsspitze need not read: the next steps, the
    foundations and the success factors as a checklist (the Gesamtdokument's working part)."""
    from ksm_cli.render import assess as view

    return [view.next_steps_section(assessment), *view.working_sections(knowledge)]
