"""The recommendation engine: walk the flowchart (Abbildung 5.1) with a set of answers.

Pure code over the validated knowledge (plain dicts): no UI, no files. ``assess`` returns an
``Assessment`` with the recommended model ids, the path taken, the reasons (help texts and
sources of the branches taken), alternatives and warnings. Answers for questions the path
never reaches are ignored; a question on the path without an answer ends the walk and is
reported in ``missing``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ksm_cli.assess.checks import NOT_MET, municipality_figures, steckbrief_checks
from ksm_cli.assess.timeline import OPEN, OVERDUE, build_timeline
from ksm_cli.german import de_date

if TYPE_CHECKING:
    from ksm_cli.assess.types import (
        Alternative,
        Check,
        Context,
        Figure,
        Knowledge,
        Reason,
        Sourced,
        StepJson,
        Timeline,
    )


class Step:
    """One answered question on the path: its stage, the question and the option chosen, the
    help text and source of the question, and the option's warning (if the data gives one)."""

    __slots__ = ("stage", "stage_title", "node", "question", "option", "answer", "help", "source", "warning")

    def __init__(
        self,
        stage: int,
        stage_title: str,
        node: str,
        question: str,
        option: str,
        answer: str,
        help: str,  # noqa: A002 - the name of the field in the data
        source: str,
        warning: Sourced | None,
    ) -> None:
        self.stage = stage
        self.stage_title = stage_title
        self.node = node
        self.question = question
        self.option = option
        self.answer = answer
        self.help = help
        self.source = source
        self.warning = warning

    def as_dict(self) -> StepJson:
        return {
            "stage": self.stage,
            "stage_title": self.stage_title,
            "question_id": self.node,
            "question": self.question,
            "answer_id": self.option,
            "answer": self.answer,
            "source": self.source,
        }


class Assessment:
    """The result of one walk. ``complete`` is False while questions on the path are open."""

    def __init__(self) -> None:
        self.result_id: str | None = None
        self.result_label: str | None = None
        self.recommended: list[str] = []
        self.path: list[Step] = []
        self.reasons: list[Reason] = []
        self.alternatives: list[Alternative] = []
        self.warnings: list[Sourced] = []
        self.missing: list[str] = []
        self.open_questions: list[str] = []  # optional follow-up questions not answered
        self.context: Context = {}
        self.checks: list[Check] = []
        self.figures: list[Figure] = []
        self.timeline: Timeline | None = None
        self.next_steps: list[Sourced] = []

    @property
    def complete(self) -> bool:
        return self.result_id is not None


def walk(flowchart: dict[str, Any], answers: dict[str, str]) -> tuple[list[Step], str | None, str | None]:
    """Follow the answers from the start; returns (path, result id, first unanswered node)."""
    stages = {s["id"]: s for s in flowchart["stages"]}
    nodes, results = flowchart["nodes"], flowchart["results"]
    path: list[Step] = []
    current = flowchart["start"]
    while current in nodes:
        node = nodes[current]
        chosen = answers.get(current)
        option = next((o for o in node["options"] if o["id"] == chosen), None)
        if option is None:
            return path, None, current
        stage = stages[node["stage"]]
        path.append(
            Step(
                stage=stage["number"],
                stage_title=stage["title"],
                node=current,
                question=node["question"],
                option=option["id"],
                answer=option["label"],
                help=node["help"],
                source=node["source"],
                warning=option["warning"],
            )
        )
        current = option["next"]
    return path, (current if current in results else None), None


def _for_kommunentyp(models: list[dict[str, Any]], kommunentyp: str | None) -> list[dict[str, Any]]:
    """A Landkreis gets the models meant for a Landkreis (V7a instead of V7), others the rest."""
    if len(models) < 2:
        return models
    landkreis = [m for m in models if m["for_landkreis"]]
    others = [m for m in models if not m["for_landkreis"]]
    if not landkreis or not others:
        return models
    if kommunentyp == "landkreis":
        return landkreis
    if kommunentyp in ("gemeinde", "kreisfreie_stadt"):
        return others
    return models  # unknown: both stay, the report says which applies when


def _next_up(
    ordered: list[dict[str, Any]], model: dict[str, Any], kommunentyp: str | None
) -> dict[str, Any] | None:
    """The next model up in the development order (Kapitel 3.1) among those the flowchart can
    recommend (so not V7b, the phase of writing the Konzept)."""
    candidates = [m for m in ordered if m["rank"] > model["rank"]]
    if not candidates:
        return None
    rank = candidates[0]["rank"]
    same_rank = [m for m in candidates if m["rank"] == rank]
    chosen = _for_kommunentyp(same_rank, kommunentyp)
    return chosen[0]


def assess(
    knowledge: Knowledge,
    answers: dict[str, str],
    context: Context | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Walk the flowchart and build the recommendation with reasons, alternatives, warnings,
    checks, figures, the dated Fahrplan and the next steps."""
    context = context or {}
    today = today or dt.date.today()
    kommunentyp = context.get("kommunentyp")
    flowchart = knowledge.flowchart
    result = Assessment()
    result.context = dict(context)
    result.figures = municipality_figures(knowledge, context)
    result.timeline = build_timeline(flowchart["fahrplan"], context, today)
    result.path, result_id, missing = walk(flowchart, answers)
    if missing is not None:
        result.missing = [missing]

    for step in result.path:
        result.reasons.append({"question_id": step.node, "text": step.help, "source": step.source})
        if step.warning:
            result.warnings.append({"text": step.warning["text"], "source": step.warning["source"]})
    if result_id is None:
        return result

    entry = flowchart["results"][result_id]
    result.result_id = result_id
    result.result_label = entry["label"]
    chosen = _for_kommunentyp([knowledge.model(i) for i in entry["models"]], kommunentyp)
    result.recommended = [m["id"] for m in chosen]
    result.reasons.append({"question_id": None, "text": entry["label"], "source": entry["source"]})
    _resolve_variant(result, entry, answers)

    def add_alternative(model_id: str, why: str, source: str) -> None:
        if model_id in result.recommended or any(a["model"] == model_id for a in result.alternatives):
            return
        result.alternatives.append({"model": model_id, "why": why, "source": source})

    for model_id in entry["alternatives"]:
        add_alternative(model_id, "Alternative zu diesem Ergebnis im Flussdiagramm", entry["source"])
    last = next((s for s in reversed(result.path) if s.node in flowchart["nodes"]), None)
    if last is not None:
        node = flowchart["nodes"][last.node]
        for option in node["options"]:
            if option["id"] == last.option or option["next"] not in flowchart["results"]:
                continue
            other = flowchart["results"][option["next"]]
            for m in _for_kommunentyp([knowledge.model(i) for i in other["models"]], kommunentyp):
                add_alternative(
                    m["id"], f"bei der Antwort „{option['label']}“ auf „{node['label']}“", other["source"]
                )
    recommendable = {i for r in flowchart["results"].values() for i in r["models"]}
    ordered = sorted((m for m in knowledge.models if m["id"] in recommendable), key=lambda m: m["rank"])
    for model in chosen:
        up = _next_up(ordered, model, kommunentyp)
        if up is not None:
            add_alternative(
                up["id"],
                "nächster Schritt in der Entwicklungsreihenfolge",
                knowledge.models_file["development_order"]["source"],
            )
        steckbrief = model.get("steckbrief")
        if not steckbrief:
            continue
        for rec in steckbrief["recommendations"]:
            for ref in rec["models"]:
                add_alternative(
                    knowledge.model(ref)["id"],
                    f"Empfehlung des Steckbriefs: {rec['label']}",
                    steckbrief["source"],
                )
    _compare_with_today(result, knowledge, chosen, context)
    result.checks = steckbrief_checks(chosen, context)
    result.next_steps = _next_steps(result, chosen)
    return result


def _resolve_variant(result: Assessment, entry: dict[str, Any], answers: dict[str, str]) -> None:
    """A follow-up question (V6a/b/c, V6d/e/f) names the variant; unanswered, all stay open."""
    refine = entry.get("refine")
    if not refine:
        return
    option = next((o for o in refine["options"] if o["id"] == answers.get(refine["id"])), None)
    if option is None:
        result.open_questions.append(refine["id"])
        return
    last = result.path[-1]
    result.path.append(
        Step(
            stage=last.stage,
            stage_title=last.stage_title,
            node=refine["id"],
            question=refine["question"],
            option=option["id"],
            answer=option["label"],
            help=refine["help"],
            source=refine["source"],
            warning=None,
        )
    )
    result.recommended = [option["variant"]]
    result.reasons.append({"question_id": refine["id"], "text": refine["help"], "source": refine["source"]})


def _compare_with_today(
    result: Assessment, knowledge: Knowledge, chosen: list[dict[str, Any]], context: Context
) -> None:
    """Warn when the recommendation ranks below where the post sits today (Kapitel 3.1)."""
    today_id = context.get("ansiedlung_heute")
    if not today_id or not chosen:
        return
    current = knowledge.model(today_id)
    if current["rank"] > max(m["rank"] for m in chosen):
        quote = knowledge.models_file["keep_level"]
        result.warnings.append(
            {
                "text": f"Die Empfehlung liegt in der Entwicklungsreihenfolge unter der heutigen Ansiedlung "
                f"({today_id}). {quote['text']}",
                "source": quote["source"],
            }
        )


def _next_steps(result: Assessment, chosen: list[dict[str, Any]]) -> list[Sourced]:
    """What to do next: overdue and upcoming plan steps, unmet checks, Steckbrief advice."""
    steps: list[Sourced] = []
    timeline = result.timeline
    plan = timeline["steps"] if timeline else []
    for item in plan:
        if item["status"] == OVERDUE:
            steps.append(
                {
                    "text": f"Überfällig: {item['label']} (spätestens {de_date(item['latest'])})",
                    "source": item["source"],
                }
            )
    upcoming = sorted(
        (i for i in plan if i["status"] == OPEN), key=lambda i: i["latest"] or dt.date.max
    )  # an open step always has a date
    for item in upcoming[:2]:
        steps.append(
            {"text": f"{item['label']} (spätestens {de_date(item['latest'])})", "source": item["source"]}
        )
    if timeline is None or timeline["foerderende"] is None:
        steps.append(
            {
                "text": "Förderende angeben (Angabe 'foerderende', z. B. 30.06.2027), "
                "damit ksm den Fahrplan datieren kann.",
                "source": "ksm",
            }
        )
    for question in result.open_questions:
        steps.append({"text": f"Variante festlegen (Frage '{question}').", "source": "Tabelle 3.1"})
    for check in result.checks:
        if check["status"] == NOT_MET:
            steps.append(
                {
                    "text": f"Kriterium „{check['criterion']}“ ist nicht erfüllt – Rahmenbedingung klären.",
                    "source": check["source"],
                }
            )
    for model in chosen:
        for rec in (model.get("steckbrief") or {}).get("recommendations", []):
            steps.append({"text": f"{rec['label']}: {rec['text']}", "source": model["steckbrief"]["source"]})
    return steps
