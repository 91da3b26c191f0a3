"""The one seam to questionary: it shows a question and returns a plain answer.

Imported only when an interview runs; questionary and prompt_toolkit are imported inside the
functions. Ctrl-C is not swallowed (``unsafe_ask``): it reaches the CLI shell, which prints
"Abgebrochen." and exits with 130. Prompts go to the terminal even when stdout is redirected
(for example ``ksm assess --json > ergebnis.json``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from ksm_cli.assess.interview import BACK, CONFIRM, SKIP, Question
from ksm_cli.render.document import clean

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

    def say(self, text: str = "") -> None:
        self.stream.write(clean(text) + "\n")
        self.stream.flush()

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
            choices = [questionary.Choice(clean(label), value=value) for value, label in question.choices]
            if question.optional:  # first, so that Enter never records data nobody chose
                choices.insert(0, questionary.Choice(SKIP_LABEL, value=SKIP))
            if can_go_back:
                choices.append(questionary.Choice(BACK_LABEL, value=BACK))
            known = {c.value for c in choices}
            with self._session():
                return questionary.select(
                    clean(question.title),
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
                clean(question.title),
                default=self.prefill(question, default),
                validate=self.validator(question, can_go_back),
                instruction=hint,
                style=_style(),
            ).unsafe_ask()
        if text.strip() == "<" and can_go_back:
            return BACK
        value = parse_context_value(_field(question), text, self.knowledge)
        return SKIP if value is None else value

    def review(self, question_ids: list[str], answers: Answers) -> str:
        """Show every answer; return CONFIRM or the id of the question to change."""
        import questionary

        from ksm_cli.assess.interview import question_by_id

        self.say()
        self.say("── Zusammenfassung ──")
        choices = [questionary.Choice("Ergebnis anzeigen", value=CONFIRM)]
        for question_id in question_ids:
            question = question_by_id(self.knowledge, question_id)
            value = answers.context.get(question_id, answers.flow.get(question_id))
            shown = _label(question, value)
            self.say(f"  {question.title}  →  {shown}")
            choices.append(
                questionary.Choice(f"Ändern: {clean(question.title)} ({clean(shown)})", value=question_id)
            )
        self.say()
        with self._session():
            return questionary.select(
                "Stimmen die Antworten?", choices=choices, instruction=SELECT_HINT, style=_style()
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

    with routed():
        return questionary.select(
            clean(title),
            choices=[questionary.Choice(clean(label), value=value) for value, label in choices],
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
                clean(title), validate=validate, default=default, instruction=instruction, style=_style()
            )
            .unsafe_ask()
            .strip()
        )


def ask_confirm(title: str, yes: str = "Ja", no: str = "Nein") -> bool:
    """Yes or no as a select with "no" first: questionary's confirm knows only y/n and answers in English."""
    return ask_choice(title, [("nein", no), ("ja", yes)]) == "ja"
