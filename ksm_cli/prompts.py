"""The one seam to questionary: it shows a question and returns a plain answer.

Imported only when an interview runs; questionary and prompt_toolkit are imported inside the
functions. Ctrl-C is not swallowed (``unsafe_ask``): it reaches the CLI shell, which prints
"Abgebrochen." and exits with 130. Prompts go to the terminal even when stdout is redirected
(for example ``ksm assess --json > ergebnis.json``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ksm_cli.assess.interview import BACK, CONFIRM, SKIP, Question
from ksm_cli.render.document import _wrap, clean, unglue

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ksm_cli.assess.answers import Answers, ContextField
    from ksm_cli.knowledge.loader import Knowledge

BACK_LABEL = "← zurück"
SKIP_LABEL = "keine Angabe"
SELECT_HINT = "(Pfeiltasten ↑/↓, Enter)"


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def prompt_stream() -> TextIO:
    """Where the interview writes: stdout on a terminal, else stderr (stdout is redirected)."""
    try:
        return sys.stdout if sys.stdout.isatty() else sys.stderr
    except (AttributeError, ValueError):
        return sys.stderr


def routed(stream: TextIO | None = None) -> AbstractContextManager[Any]:
    """A prompt_toolkit session that draws on stderr when stdout is redirected."""
    from contextlib import nullcontext

    if (stream or prompt_stream()) is not sys.stderr:
        return nullcontext()
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    return create_app_session(output=create_output(stdout=sys.stderr))


# --- layout: every prompt text wraps between words, at the width of the terminal -----------------
# questionary draws a question as "? " + message + " " + instruction (a text prompt puts one more
# space before the instruction), and a choice as " » " + label; a terminal breaks what is longer at
# its edge, in the middle of a word. So each text is wrapped here, and the lines after the first
# are indented below the text they continue.
POINTER_WIDTH = 3  # " » " before a choice


def screen_width(stream: TextIO | None = None) -> int:
    """The width of the terminal the prompts go to (``COLUMNS`` first, as everywhere)."""
    import os
    import shutil

    if not os.environ.get("COLUMNS"):
        try:
            return max(20, os.get_terminal_size((stream or prompt_stream()).fileno()).columns)
        except (AttributeError, ValueError, OSError):
            pass
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def _wrap_lines(text: str, width: int, first: str = "", indent: str = "") -> list[str]:
    """The document's wrapping between words (``render.document._wrap``), with the glued
    abbreviations („z. B.“) given back their plain spaces for the terminal."""
    return [unglue(line) for line in _wrap(text, width, indent, first)]


def wrap(text: str, width: int, first: str = "", indent: str = "") -> str:
    """A text wrapped between words to ``width`` (the last column stays free: a line that fills
    the terminal exactly would make some terminals add an empty one)."""
    return "\n".join(_wrap_lines(text, width - 1, first, indent))


def fit_message(
    title: str, instruction: str | None, width: int, gap: int = 1, answers: Sequence[str] = ()
) -> str:
    """The message of a question, wrapped between words. What questionary puts after it (``gap``
    spaces and the instruction; once answered, the chosen answer) goes on a line of its own,
    indented as the message, where it would not fit after the message's last line."""
    lines = _wrap_lines(title, width - 1, "? ", "  ")
    joined = "\n".join(lines)[2:]
    after = [len(instruction)] if instruction else []
    after += [len(answer.split("\n", 1)[0]) for answer in answers]
    if after and len(lines[-1]) + gap + max(after) > width - 1:
        return joined + "\n" + " " * max(0, 2 - gap)
    return joined


def fit_choice(label: str, width: int) -> str:
    """A choice of a select prompt, wrapped below itself (its leading spaces, for a variant
    under its model, kept)."""
    text = clean(label)
    lead = len(text) - len(text.lstrip(" "))
    pad = " " * POINTER_WIDTH
    lines = _wrap_lines(text.strip(), width - 1, pad + " " * lead, pad + " " * (lead + 2))
    return "\n".join(lines)[POINTER_WIDTH:]


def _style() -> Any:
    from questionary import Style

    return Style(
        [
            ("qmark", "fg:ansigreen bold"),
            ("question", "bold"),
            ("pointer", "fg:ansigreen bold"),
            ("highlighted", "fg:ansigreen bold"),
            ("answer", "fg:ansigreen"),
            ("instruction", "fg:ansibrightblack"),
        ]
    )


class Interviewer:
    """Asks the questions of ``assess.interview`` with questionary on the given stream."""

    def __init__(self, knowledge: Knowledge, stream: TextIO | None = None) -> None:
        self.knowledge = knowledge
        self.stream = stream or prompt_stream()
        self.header: str | None = None

    def say(self, text: str = "", indent: str = "") -> None:
        """One paragraph, wrapped between words to the terminal's width."""
        shown = wrap(text, screen_width(self.stream), indent=indent) if text else ""
        self.stream.write(shown + "\n")
        self.stream.flush()

    def width(self) -> int:
        return screen_width(self.stream)

    def _session(self) -> AbstractContextManager[Any]:
        return routed(self.stream)

    def ask(self, question: Question, default: Any, can_go_back: bool) -> Any:
        import questionary

        if question.header != self.header:
            self.header = question.header
            self.say()
            self.say(f"── {question.header} ──")
        self.say(question.help)
        if question.choices is not None:
            width = self.width()
            choices = [
                questionary.Choice(fit_choice(label, width), value=value) for value, label in question.choices
            ]
            if question.optional:  # first, so that Enter never records data nobody chose
                choices.insert(0, questionary.Choice(SKIP_LABEL, value=SKIP))
            if can_go_back:
                choices.append(questionary.Choice(BACK_LABEL, value=BACK))
            known = {c.value for c in choices}
            with self._session():
                return questionary.select(
                    fit_message(question.title, SELECT_HINT, width, answers=[str(c.title) for c in choices]),
                    choices=choices,
                    default=default if default in known else None,
                    instruction=SELECT_HINT,
                    style=_style(),
                    qmark="?",
                ).unsafe_ask()
        return self._ask_text(question, default, can_go_back)

    def validator(self, question: Question, can_go_back: bool) -> Callable[[str], bool | str]:
        """The check of a typed context answer: True, or the German reason shown under the prompt
        (the value and why, without the key: the prompt names it)."""
        from ksm_cli.assess.answers import parse_context_value
        from ksm_cli.errors import InputError

        field = _field(question)

        def validate(text: str) -> bool | str:
            if text.strip() == "<" and can_go_back:
                return True
            try:
                parse_context_value(field, text, self.knowledge)
            except InputError as exc:
                return InputError(exc.field, exc.reason, exc.value, accepted=exc.accepted, where="").message
            return True

        return validate

    def prefill(self, question: Question, default: Any) -> str:
        """The text a context prompt starts with: the answer given before, as the user would type
        it, so that Enter keeps it (``assess.answers.context_text``)."""
        from ksm_cli.assess.answers import context_text

        return "" if default is None else context_text(_field(question), default)

    def _ask_text(self, question: Question, default: Any, can_go_back: bool) -> Any:
        import questionary

        from ksm_cli.assess.answers import parse_context_value

        hint = "(Enter = keine Angabe" + (", < = zurück)" if can_go_back else ")")
        with self._session():
            text = questionary.text(
                fit_message(question.title, hint, self.width(), gap=2),
                default=self.prefill(question, default),
                validate=self.validator(question, can_go_back),
                instruction=hint,
                style=_style(),
            ).unsafe_ask()
        if text.strip() == "<" and can_go_back:
            return BACK
        value = parse_context_value(_field(question), text, self.knowledge)
        return SKIP if value is None else value

    def answer_lines(self, answers: Answers, asked: list[str]) -> list[str]:
        """What is answered so far, one line per question (for the offer to continue a draft)."""
        from ksm_cli.assess.interview import answered_ids, question_by_id

        lines = []
        for question_id in answered_ids(self.knowledge, answers, asked):
            question = question_by_id(self.knowledge, question_id, answers.context)
            value = answers.context.get(question_id, answers.flow.get(question_id))
            lines.append(f"{question.title}  →  {_label(question, value)}")
        return lines

    def review(self, question_ids: list[str], answers: Answers) -> str:
        """Show every answer; return CONFIRM or the id of the question to change."""
        import questionary

        from ksm_cli.assess.interview import question_by_id

        self.say()
        self.say("── Zusammenfassung ──")
        width = self.width()
        choices = [questionary.Choice("Ergebnis anzeigen", value=CONFIRM)]
        for question_id in question_ids:
            question = question_by_id(self.knowledge, question_id, answers.context)
            value = answers.context.get(question_id, answers.flow.get(question_id))
            shown = _label(question, value)
            self.say(f"  {question.title}  →  {shown}", indent="    ")
            # whole, wrapped below itself: cut at the terminal's edge it lost the answer
            choices.append(
                questionary.Choice(
                    fit_choice(f"Ändern: {question.title} ({shown})", width), value=question_id
                )
            )
        self.say()
        with self._session():
            return questionary.select(
                fit_message(
                    "Stimmen die Antworten?", SELECT_HINT, width, answers=[str(c.title) for c in choices]
                ),
                choices=choices,
                instruction=SELECT_HINT,
                style=_style(),
            ).unsafe_ask()


def _field(question: Question) -> ContextField:
    """The context field of a question with a typed answer (only context questions have one)."""
    if question.field is None:
        raise AssertionError(f"no text answer for {question!r}")
    return question.field


def _label(question: Question, value: Any) -> str:
    """An answer in the summary: the label of the choice, or the value as it was typed (the
    same text "Ändern" pre-fills)."""
    from ksm_cli.assess.answers import context_text

    if value is None:
        return SKIP_LABEL
    for choice_value, label in question.choices or []:
        if choice_value == value:
            return label.strip()
    return context_text(question.field, value) if question.field is not None else str(value)


def ask_choice(title: str, choices: list[tuple[str, str]], default: str | None = None) -> str:
    """One select prompt; returns the chosen value."""
    import questionary

    width = screen_width()
    shown = [questionary.Choice(fit_choice(label, width), value=value) for value, label in choices]
    with routed():
        return questionary.select(
            fit_message(title, SELECT_HINT, width, answers=[str(c.title) for c in shown]),
            choices=shown,
            default=default,
            instruction=SELECT_HINT,
            style=_style(),
        ).unsafe_ask()


def ask_text(
    title: str,
    validate: Callable[[str], bool | str] | None = None,
    default: str = "",
    instruction: str | None = None,
) -> str:
    import questionary

    with routed():
        return (
            questionary.text(
                fit_message(title, instruction, screen_width(), gap=2),
                validate=validate,
                default=default,
                instruction=instruction,
                style=_style(),
            )
            .unsafe_ask()
            .strip()
        )


def ask_confirm(title: str, yes: str = "Ja", no: str = "Nein") -> bool:
    """Yes or no as a select with "no" first: questionary's confirm knows only y/n and answers in English."""
    return ask_choice(title, [("nein", no), ("ja", yes)]) == "ja"
