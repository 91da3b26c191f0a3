"""The interview as plain logic: which question comes next, going back, the final summary.

No prompts here: ``run`` gets an ``ask`` function (from ``ksm_cli.prompts`` in real use, a fake
in tests) and a ``review`` function for the summary. Both return plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ksm_cli.assess.answers import CONTEXT, CONTEXT_FIELDS, Answers, ContextField

if TYPE_CHECKING:
    from typing import Literal

    from ksm_cli.assess.types import Knowledge

    QuestionKind = Literal["context", "flow", "refine"]

BACK = "__zurueck__"  # the "← zurück" answer
SKIP = "__keine_angabe__"  # an optional question left open
CONFIRM = "__bestaetigt__"  # the summary is confirmed


class Question:
    """One question as the prompt layer sees it: ``choices`` are (value, label) pairs, or None
    for a text answer; ``field`` is the context field a context question asks for."""

    __slots__ = ("id", "kind", "header", "title", "help", "choices", "field", "optional")

    def __init__(
        self,
        id: str,  # noqa: A002 - the question id of the data
        kind: QuestionKind,
        header: str,
        title: str,
        help: str,  # noqa: A002
        choices: list[tuple[str, str]] | None,
        optional: bool,
        field: ContextField | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.header = header
        self.title = title
        self.help = help
        self.choices = choices
        self.optional = optional
        self.field = field

    def __repr__(self) -> str:
        return f"Question({self.id!r})"


def context_question(
    field: ContextField, knowledge: Knowledge, context: dict[str, Any] | None = None
) -> Question:
    choices: list[tuple[str, str]] | None
    if field.kind == "choice":
        choices = list((field.choices or {}).items())
    elif field.kind == "model":
        choices = []
        for model in knowledge.models:
            choices.append((model["id"], f"{model['id']} – {model['name']}"))
            choices.extend((v["id"], f"   {v['id']} – {v['name']}") for v in model["variants"])
    else:
        choices = None
    return Question(
        id=field.key,
        kind="context",
        header="Angaben zum Landkreis (freiwillig)"
        if (context or {}).get("kommunentyp") == "landkreis"
        else "Angaben zur Kommune (freiwillig)",
        title=field.question_for((context or {}).get("kommunentyp")),
        help=field.help,
        choices=choices,
        field=field,
        optional=True,
    )


def flow_question(knowledge: Knowledge, node_id: str, context: dict[str, Any] | None = None) -> Question:
    """A question of the flowchart, worded for this Kommune (``engine.question_for``); in an
    Erstvorhaben, the first question says that the questions are about the time after the
    Anschlussvorhaben (ksm's path, ``erstvorhaben`` in the data)."""
    from ksm_cli.assess.engine import question_for

    flowchart = knowledge.flowchart
    node = flowchart["nodes"][node_id]
    stage = next(s for s in flowchart["stages"] if s["id"] == node["stage"])
    header = f"{stage['number']}/{len(flowchart['stages'])} {stage['title']}"
    help_text = f"{node['help']} ({node['source']})"
    if (context or {}).get("vorhaben") == "erstvorhaben" and node_id == flowchart["start"]:
        path = flowchart["erstvorhaben"]
        help_text = f"{path['text']} ({path['source']}; ergänzt durch ksm)\n\n{help_text}"
    return Question(
        id=node_id,
        kind="flow",
        header=header,
        title=question_for(node, context),
        help=help_text,
        choices=[(o["id"], o["label"]) for o in node["options"]],
        optional=False,
    )


def refine_question(knowledge: Knowledge, refine: dict[str, Any], header: str) -> Question:
    return Question(
        id=refine["id"],
        kind="refine",
        header=header,
        title=refine["question"],
        help=f"{refine['help']} ({refine['source']})",
        choices=[(o["id"], f"{o['label']} ({o['variant']})") for o in refine["options"]],
        optional=True,
    )


def next_question(
    knowledge: Knowledge, answers: Answers, asked: list[str], ask_context: bool
) -> Question | None:
    """The first question still open: context (once each), then the flowchart path, then the
    optional follow-up question of the result."""
    if ask_context:
        for field in CONTEXT_FIELDS:
            if field.key not in asked and field.key not in answers.context:
                return context_question(field, knowledge, answers.context)
    flowchart = knowledge.flowchart
    current = flowchart["start"]
    header = ""
    while current in flowchart["nodes"]:
        question = flow_question(knowledge, current, answers.context)
        header = question.header
        chosen = answers.flow.get(current)
        option = next((o for o in flowchart["nodes"][current]["options"] if o["id"] == chosen), None)
        if option is None:
            return question
        current = option["next"]
    refine = flowchart["results"][current].get("refine")
    if refine and refine["id"] not in answers.flow and refine["id"] not in asked:
        return refine_question(knowledge, refine, header)
    return None


def question_by_id(knowledge: Knowledge, question_id: str, context: dict[str, Any] | None = None) -> Question:
    if question_id in CONTEXT:
        return context_question(CONTEXT[question_id], knowledge, context)
    if question_id in knowledge.flowchart["nodes"]:
        return flow_question(knowledge, question_id, context)
    for result in knowledge.flowchart["results"].values():
        if (result.get("refine") or {}).get("id") == question_id:
            return refine_question(knowledge, result["refine"], "Variante")
    raise KeyError(question_id)


def _store(answers: Answers, question: Question, value: Any) -> None:
    target = answers.context if question.kind == "context" else answers.flow
    if value is SKIP or value == SKIP or value is None:
        target.pop(question.id, None)
    else:
        target[question.id] = value


def _forget(answers: Answers, question_id: str) -> None:
    answers.context.pop(question_id, None)
    answers.flow.pop(question_id, None)


def answered_ids(knowledge: Knowledge, answers: Answers, asked: list[str]) -> list[str]:
    """Questions to show in the summary: the context asked or given, then the path taken."""
    from ksm_cli.assess.engine import walk

    ids = [f.key for f in CONTEXT_FIELDS if f.key in answers.context or f.key in asked]
    path, result_id, _ = walk(knowledge.flowchart, answers.flow)
    ids += [step.node for step in path]
    refine = (knowledge.flowchart["results"].get(result_id) or {}).get("refine") if result_id else None
    if refine and (refine["id"] in answers.flow or refine["id"] in asked):
        ids.append(refine["id"])
    return ids


def run(
    knowledge: Knowledge,
    ask: Callable[[Question, Any, bool], Any],
    review: Callable[[list[str], Answers], str],
    initial: Answers | None = None,
    ask_context: bool = True,
    asked: list[str] | None = None,
    on_change: Callable[[Answers, list[str]], None] | None = None,
) -> Answers:
    """Ask until the path ends in a result and the summary is confirmed.

    ``ask(question, default, can_go_back)`` returns a value, ``SKIP`` or ``BACK``.
    ``review(question_ids, answers)`` returns ``CONFIRM`` or the id of a question to change.
    ``asked``: the questions already asked in an interrupted run (from its draft);
    ``on_change(answers, asked)`` is called after every answer (to save a draft).
    """
    answers = Answers(initial.flow if initial else {}, initial.context if initial else {})
    asked = list(asked or [])  # in order, for going back
    changed = on_change or (lambda _answers, _asked: None)
    previous: dict[str, Any] = {}  # answers given before going back: the new default
    while True:
        question = next_question(knowledge, answers, asked, ask_context)
        if question is None:
            choice = review(answered_ids(knowledge, answers, asked), answers)
            if choice == CONFIRM:
                return answers
            question = question_by_id(knowledge, choice, answers.context)
            current = answers.context.get(choice, answers.flow.get(choice))
            value = ask(question, current, False)
            if value != BACK:
                _store(answers, question, value)
                changed(answers, asked)
            continue
        default = previous.get(question.id)
        value = ask(question, default, bool(asked))
        if value == BACK:
            if asked:
                last = asked.pop()
                previous[last] = answers.context.get(last, answers.flow.get(last))
                _forget(answers, last)
                changed(answers, asked)
            continue
        _store(answers, question, value)
        asked.append(question.id)
        changed(answers, asked)


def draft_data(knowledge: Knowledge, answers: Answers, asked: list[str]) -> dict[str, Any]:
    """The state of an interview for its draft: each answer as the user would type it (so that
    it reads back exactly) and the questions asked, in order."""
    from ksm_cli.assess.answers import context_text

    typed: dict[str, Any] = {}
    for key, value in answers.context.items():
        typed[key] = context_text(CONTEXT[key], value)
    typed.update(answers.flow)
    return {"antworten": typed, "gefragt": list(asked)}


def draft_answers(knowledge: Knowledge, data: dict[str, Any]) -> tuple[Answers, list[str]] | None:
    """The answers and the questions asked from a draft's data; None if they do not fit."""
    from ksm_cli.assess.answers import parse_answers
    from ksm_cli.errors import InputError

    raw, asked = data.get("antworten", {}), data.get("gefragt", [])
    raw, asked = ({} if raw is None else raw), ([] if asked is None else asked)
    if not isinstance(raw, dict) or not isinstance(asked, list):
        return None
    try:
        answers = parse_answers(raw, knowledge)
    except InputError:
        return None
    known = set(CONTEXT) | set(knowledge.flowchart["nodes"])
    known |= {(r.get("refine") or {}).get("id") for r in knowledge.flowchart["results"].values()}
    return answers, [str(q) for q in asked if str(q) in known]
