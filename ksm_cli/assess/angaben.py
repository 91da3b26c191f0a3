"""The Angaben zur Kommune of a Mappe (``kommune.yaml``): reading, writing, asking (pure).

``kommune.yaml`` holds the context answers under the same keys as an answers file
(``assess.answers.CONTEXT``), so that a KSM can copy lines between the two. It holds nothing
else: the answers to the flowchart questions belong in the Mappe's ``antworten.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ksm_cli.assess.answers import CONTEXT, CONTEXT_FIELDS, Answers
from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from ksm_cli.assess.interview import Question
    from ksm_cli.assess.types import Knowledge

HEADER = (
    "# ksm – Angaben zur Kommune (Mappe). Ändern mit 'ksm init' in diesem Ordner oder hier von Hand.\n"
    "# Dieselben Schlüssel wie in einer Antwortdatei von ksm assess; Übersicht: ksm init --help\n"
)


def load_angaben(path: Path, knowledge: Knowledge) -> Answers:
    """The Angaben of ``kommune.yaml``; a flowchart answer in it is an error naming file and line
    (it belongs in ``antworten.yaml``), as is every bad key or value."""
    from ksm_cli.assess.answers import load_answers_file
    from ksm_cli.fs import display_path

    answers = load_answers_file(path, knowledge)
    if answers.flow:
        key = next(iter(answers.flow))
        line = _line_of(path, key)
        where = f"{display_path(path)}, Zeile {line}" if line else display_path(path)
        raise UsageError(
            f"{where}: {key}: ist eine Antwort des Interviews und gehört nicht in kommune.yaml, "
            "sondern in antworten.yaml (oder: ksm assess)"
        )
    return answers


def _line_of(path: Path, key: str) -> int | None:
    from ksm_cli.storage import read_user_file

    try:
        _, checker = read_user_file(path, "Datei nicht gefunden", max_bytes=1024 * 1024)
    except UsageError:
        return None
    return next((line for (name, *_), line in checker.lines.items() if str(name).strip() == key), None)


def angaben_text(angaben: Answers, knowledge: Knowledge, old_text: str | None) -> str:
    """``kommune.yaml`` as it is written: new, or the old file with only the changed values
    edited (its comments stay)."""
    from ksm_cli.assess.answers import answers_text

    return answers_text(Answers({}, dict(angaben.context)), knowledge, old_text, header=HEADER)


def context_only(answers: Answers) -> Answers:
    return Answers({}, dict(answers.context))


def run_angaben(
    knowledge: Knowledge,
    ask: Callable[[Question, Any, bool], Any],
    review: Callable[[list[str], Answers], str],
    initial: Answers | None = None,
    fresh: bool = True,
) -> Answers:
    """Ask the Angaben one after another, the known value as the default; then the summary until
    it is confirmed (``assess.interview`` conventions: ``BACK``, ``SKIP``, ``CONFIRM``).

    ``fresh``: a new Mappe goes through every question; an existing one starts at the summary."""
    from ksm_cli.assess.interview import BACK, CONFIRM, SKIP, context_question

    answers = Answers({}, dict(initial.context) if initial else {})
    index = 0 if fresh else len(CONTEXT_FIELDS)
    while True:
        if index >= len(CONTEXT_FIELDS):
            choice = review([f.key for f in CONTEXT_FIELDS], answers)
            if choice == CONFIRM:
                return answers
            field = CONTEXT[choice]
            value = ask(
                context_question(field, knowledge, answers.context), answers.context.get(choice), False
            )
            if value != BACK:
                _store(answers, field.key, value, SKIP)
            continue
        field = CONTEXT_FIELDS[index]
        value = ask(
            context_question(field, knowledge, answers.context), answers.context.get(field.key), index > 0
        )
        if value == BACK:
            index -= 1
            continue
        _store(answers, field.key, value, SKIP)
        index += 1


def _store(answers: Answers, key: str, value: Any, skip: str) -> None:
    if value is None or value == skip:
        answers.context.pop(key, None)
    else:
        answers.context[key] = value
