"""The recommendation engine: walk the flowchart (Abbildung 5.1) with a set of answers.

Pure code over the validated knowledge (plain dicts): no UI, no files. ``assess`` returns an
``Assessment`` with the recommended model ids, the path taken, the reasons (each the consequence
of an answer, with its source), the levers (``levers.py``), alternatives, warnings and the
urgency of the dates. Answers for questions the path never reaches are ignored; a question on
the path without an answer ends the walk and is reported in ``missing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ksm_cli.assess.checks import NOT_MET, municipality_figures, steckbrief_checks
from ksm_cli.assess.levers import levers
from ksm_cli.assess.timeline import OPEN, OVERDUE, build_timeline
from ksm_cli.german import MONTHS, add_months, de_date

if TYPE_CHECKING:
    from ksm_cli.assess.types import (
        Alternative,
        Check,
        Context,
        Figure,
        Knowledge,
        Lever,
        Reason,
        Sourced,
        StepJson,
        Timeline,
    )


class Step:
    """One answered question on the path: its stage, the question and the option chosen, the
    help text and source of the question, and the option's warning (if the data gives one)."""

    __slots__ = (
        "stage",
        "stage_title",
        "node",
        "question",
        "option",
        "answer",
        "help",
        "source",
        "warning",
        "said",
        "consequence",
    )

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
        said: str,
        consequence: Sourced | None,
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
        self.said = said
        self.consequence = consequence

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
        self.open_texts: dict[str, str] = {}  # their questions, by id
        self.context: Context = {}
        self.checks: list[Check] = []
        self.figures: list[Figure] = []
        self.timeline: Timeline | None = None
        self.next_steps: list[Sourced] = []
        self.levers: list[Lever] = []
        self.urgent: list[Sourced] = []  # dates that press: shown first
        self.without_post: bool = False  # the result keeps no central post (V1 to V4)
        self.meaning: Sourced | None = None  # what such a result means for Klimaschutz
        self.figure_notes: list[Sourced] = []  # where a Steckbrief's figures do not apply
        self.ideas: dict[str, Any] | None = None  # Zukunftsthemen (Kapitel 4.1), where shown
        self.erstvorhaben: dict[str, Any] | None = None  # the path of an Erstvorhaben (ksm)

    @property
    def complete(self) -> bool:
        return self.result_id is not None


def question_for(node: dict[str, Any], context: Context | None) -> str:
    """The question as this Kommune is asked it: in an Erstvorhaben for the time after the
    Anschlussvorhaben, a Landkreis about „der Landkreis“."""
    context = context or {}
    if context.get("vorhaben") == "erstvorhaben" and node.get("question_erstvorhaben"):
        return str(node["question_erstvorhaben"])
    if context.get("kommunentyp") == "landkreis" and node.get("question_landkreis"):
        return str(node["question_landkreis"])
    return str(node["question"])


def walk(
    flowchart: dict[str, Any], answers: dict[str, str], context: Context | None = None
) -> tuple[list[Step], str | None, str | None]:
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
                question=question_for(node, context),
                option=option["id"],
                answer=option["label"],
                help=node["help"],
                source=node["source"],
                warning=option["warning"],
                said=(
                    option["said_erstvorhaben"]
                    if (context or {}).get("vorhaben") == "erstvorhaben" and option["said_erstvorhaben"]
                    else option["said"]
                ),
                consequence=option["consequence"],
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


def _months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` lies before)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


def _months_text(months: int) -> str:
    if months == 0:
        return "weniger als einem Monat"
    return "einem Monat" if months == 1 else f"{months} Monaten"


def _left_text(months: int) -> str:
    if months == 0:
        return "bleibt weniger als ein Monat"
    return "bleibt ein Monat" if months == 1 else f"bleiben {months} Monate"


def _urgency(
    flowchart: dict[str, Any], context: Context, today: dt.date, timeline: Timeline
) -> list[Sourced]:
    """The dates that press (ksm, from the Förderende given): the funding ends within 12 months or
    has ended; in an Erstvorhaben, the application deadline of the Anschlussvorhaben is near
    (6 months or less) or has passed; overdue steps of the Fahrplan."""
    urgent: list[Sourced] = []
    announced: set[str] = set()  # steps whose deadline is already named
    foerderende: dt.date | None = context.get("foerderende")
    if foerderende is not None:
        erst = context.get("vorhaben") == "erstvorhaben"
        what = "Die Förderung des Erstvorhabens" if erst else "Die Förderung"
        months = _months_between(today, foerderende)
        if foerderende < today:
            urgent.append(
                {
                    "text": f"{what} ist am {de_date(foerderende)} ausgelaufen. Schritte, die bis zum "
                    "Förderende geplant waren, sind überfällig; ohne Finanzierung im Haushalt ist die "
                    "Stelle nicht gesichert.",
                    "source": "ksm, aus der Angabe Förderende",
                }
            )
        elif months < 12:
            urgent.append(
                {
                    "text": f"{what} endet in {_months_text(months)} (am {de_date(foerderende)}).",
                    "source": "ksm, aus der Angabe Förderende",
                }
            )
        for step in flowchart["fahrplan"]["steps"]:
            if not erst or step.get("applies_to") != "erstvorhaben" or step["timing"]["kind"] != "deadline":
                continue
            deadline = add_months(foerderende, -step["timing"]["months_before_end"])
            left = _months_between(today, deadline)
            announced.add(step["id"])
            if deadline < today:
                urgent.append(
                    {
                        "text": f"Die Frist für „{step['label']}“ ({de_date(deadline)}) ist verstrichen.",
                        "source": step["source"],
                    }
                )
            elif left <= 6:
                urgent.append(
                    {
                        "text": f"Bis zur Frist für „{step['label']}“ ({de_date(deadline)}) "
                        f"{_left_text(left)}.",
                        "source": step["source"],
                    }
                )
    for item in timeline["steps"]:
        if item["status"] == OVERDUE and item["latest"] is not None and item["id"] not in announced:
            urgent.append(
                {
                    "text": f"Überfällig: {item['label']} (spätestens {de_date(item['latest'])})",
                    "source": item["source"],
                }
            )
    return urgent


def assess(
    knowledge: Knowledge,
    answers: dict[str, str],
    context: Context | None = None,
    today: dt.date | None = None,
    memo: dict[Any, Any] | None = None,
    done: Collection[str] = (),
) -> Assessment:
    """Walk the flowchart and build the recommendation with reasons, levers, alternatives,
    warnings, checks, figures, the dated Fahrplan, the urgency and the next steps.

    ``memo`` (the batch passes one dict for all rows) keeps the levers of each set of answers:
    they depend on the answers and the Kommunentyp only, and rows repeat them."""
    context = context or {}
    today = today or dt.date.today()
    kommunentyp = context.get("kommunentyp")
    flowchart = knowledge.flowchart
    result = Assessment()
    result.context = dict(context)
    result.timeline = build_timeline(flowchart["fahrplan"], context, today, done)
    result.urgent = _urgency(flowchart, context, today, result.timeline)
    if context.get("vorhaben") == "erstvorhaben":
        result.erstvorhaben = flowchart["erstvorhaben"]
    result.path, result_id, missing = walk(flowchart, answers, context)
    if missing is not None:
        result.missing = [missing]

    for step in result.path:
        result.reasons.append(_reason(step))
        if step.warning:
            result.warnings.append({"text": step.warning["text"], "source": step.warning["source"]})
    topics = flowchart["future_topics"]
    if any(
        (s.node, s.option) == (t["question"], t["answer"]) for s in result.path for t in topics["shown_for"]
    ):
        result.ideas = topics
    if result_id is None:
        return result

    entry = flowchart["results"][result_id]
    result.result_id = result_id
    result.result_label = entry["label"]
    result.without_post = entry["without_post"]
    result.meaning = entry["meaning"]
    if entry["warning"]:
        result.warnings.append({"text": entry["warning"]["text"], "source": entry["warning"]["source"]})

    resolved: dict[str, list[dict[str, Any]]] = {}  # the levers ask for the same results often

    def models_for(some_result: str) -> list[dict[str, Any]]:
        if some_result not in resolved:
            ids = flowchart["results"][some_result]["models"]
            resolved[some_result] = _for_kommunentyp([knowledge.model(i) for i in ids], kommunentyp)
        return resolved[some_result]

    chosen = models_for(result_id)
    result.recommended = [m["id"] for m in chosen]
    result.reasons.append(
        {
            "question_id": None,
            "answer": None,
            "text": f"Ergebnis: {entry['label']}.",
            "source": entry["source"],
        }
    )
    _resolve_variant(result, entry, answers)
    key = (tuple(sorted(answers.items())), kommunentyp)
    if memo is not None and key in memo:
        result.levers = memo[key]
    else:
        nodes_on_path = [s.node for s in result.path if s.node in flowchart["nodes"]]
        result.levers = levers(flowchart, answers, nodes_on_path, result_id, models_for)
        top = max(m["rank"] for m in chosen)
        ranks = {m["id"]: m["rank"] for models in resolved.values() for m in models}
        for lever in result.levers:
            lever["raises"] = max(ranks[i] for i in lever["models"]) > top
        if memo is not None:
            memo[key] = result.levers

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
            for m in models_for(option["next"]):
                add_alternative(
                    m["id"],
                    f"bei der Antwort „{option['label']}“ auf „{node['label']}“",
                    flowchart["results"][option["next"]]["source"],
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
    result.figures, result.figure_notes = municipality_figures(chosen, context)
    result.next_steps = _next_steps(result, chosen)
    return result


def _reason(step: Step) -> Reason:
    """A reason as the consequence of the answer: „Sie haben angegeben, dass … (Frage 2). …“"""
    text = f"Sie haben angegeben, dass {step.said} (Frage {step.stage})."
    source = step.source
    if step.consequence:
        text += " " + step.consequence["text"]
        source = step.consequence["source"]
    return {"question_id": step.node, "answer": step.answer, "text": text, "source": source}


def _resolve_variant(result: Assessment, entry: dict[str, Any], answers: dict[str, str]) -> None:
    """A follow-up question (V6a/b/c, V6d/e/f) names the variant; unanswered, all stay open."""
    refine = entry.get("refine")
    if not refine:
        return
    option = next((o for o in refine["options"] if o["id"] == answers.get(refine["id"])), None)
    if option is None:
        result.open_questions.append(refine["id"])
        result.open_texts[refine["id"]] = refine["question"]
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
            said=option["said"],
            consequence={
                "text": f"Damit ist die Variante {option['variant']} gemeint.",
                "source": refine["source"],
            },
        )
    )
    result.recommended = [option["variant"]]
    result.reasons.append(_reason(result.path[-1]))


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
        if item["status"] == OVERDUE and not item["budget_cycle"]:
            steps.append(
                {
                    "text": f"Überfällig: {item['label']} (spätestens {de_date(item['latest'])})",
                    "source": item["source"],
                }
            )
    upcoming = sorted(
        (i for i in plan if i["status"] == OPEN and not i["budget_cycle"]),
        key=lambda i: i["latest"] or dt.date.max,
    )  # an open step always has a date
    for item in upcoming[:2]:
        steps.append(
            {"text": f"{item['label']} (spätestens {de_date(item['latest'])})", "source": item["source"]}
        )
    for item in plan:
        if not item["budget_cycle"]:
            continue
        budget = item["budget"]
        if budget is None:
            steps.append(
                {
                    "text": f"{item['label']}: Ohne Förderende kann ksm nicht nennen, welcher Haushalt die "
                    "Stelle tragen muss.",
                    "source": item["source"],
                }
            )
            continue
        estimated = " (geschätzt)" if timeline is not None and timeline["end_estimated"] else ""
        carried = (
            f"Die Stelle muss ab dem {de_date(budget['from_day'])}{estimated} im Haushalt stehen, "
            f"also im Haushalt {budget['year']}"
        )
        if budget["decided"] is None:
            when = (
                f"{carried}. Der Monat des Haushaltsbeschlusses ist ksm nicht bekannt (Angabe "
                "'haushaltsbeschluss_monat'); klären Sie den Termin vor Ort."
            )
        elif budget["decided"] < (timeline["today"] if timeline else dt.date.min):
            when = (
                f"{carried}, der voraussichtlich im {MONTHS[budget['decided'].month - 1]} "
                f"{budget['decided'].year} beschlossen wurde: klären Sie, wie die Stelle ab dem "
                f"{de_date(budget['from_day'])} finanziert wird."
            )
        else:
            when = (
                f"{carried}, der voraussichtlich im {MONTHS[budget['decided'].month - 1]} "
                f"{budget['decided'].year} beschlossen wird – vor dem Förderende."
            )
        overdue = "Überfällig: " if item["status"] == OVERDUE else ""
        steps.append({"text": f"{overdue}{item['label']}: {when}", "source": item["source"]})
    if timeline is None or timeline["foerderende"] is None:
        steps.append(
            {
                "text": "Förderende angeben (Angabe 'foerderende', z. B. 30.06.2027), "
                "damit ksm den Fahrplan datieren kann.",
                "source": "ksm",
            }
        )
    for question in result.open_questions:
        steps.append(
            {
                "text": f"Variante festlegen: „{result.open_texts[question]}“ (Frage-ID '{question}').",
                "source": "Tabelle 3.1",
            }
        )
    for check in result.checks:
        if (
            check["status"] == NOT_MET and check["measure"] != "einwohner"
        ):  # the size is no condition to work on
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
