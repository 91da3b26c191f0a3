"""The one seam to questionary: it shows a question and returns a plain answer.

Imported only when an interview runs; questionary and prompt_toolkit are imported inside the
functions. Ctrl-C is not swallowed (``unsafe_ask``): it reaches the CLI shell, which prints
"Abgebrochen." and exits with 130. Prompts go to the terminal even when stdout is redirected
(for example ``ksm assess --json > ergebnis.json``).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from ksm_cli.assess.interview import BACK, CONFIRM, SKIP, Question
from ksm_cli.render.document import clean

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


def routed(stream: TextIO | None = None):
    """A prompt_toolkit session that draws on stderr when stdout is redirected."""
    from contextlib import nullcontext

    if (stream or prompt_stream()) is not sys.stderr:
        return nullcontext()
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    return create_app_session(output=create_output(stdout=sys.stderr))


def _style():
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

    def __init__(self, knowledge, stream: TextIO | None = None) -> None:
        self.knowledge = knowledge
        self.stream = stream or prompt_stream()
        self.header: str | None = None

    def say(self, text: str = "") -> None:
        self.stream.write(clean(text) + "\n")
        self.stream.flush()

    def _session(self):
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

    def _ask_text(self, question: Question, default: Any, can_go_back: bool) -> Any:
        import questionary

        from ksm_cli.assess.answers import parse_context_value
        from ksm_cli.errors import UsageError

        def validate(text: str) -> bool | str:
            if text.strip() == "<" and can_go_back:
                return True
            try:
                parse_context_value(question.field, text, self.knowledge)
            except UsageError as exc:
                return exc.message.split(": ", 1)[-1]
            return True

        hint = "(Enter = keine Angabe" + (", < = zurück)" if can_go_back else ")")
        shown_default = "" if default is None else _shown(default)
        with self._session():
            text = questionary.text(
                clean(question.title),
                default=shown_default,
                validate=validate,
                instruction=hint,
                style=_style(),
            ).unsafe_ask()
        if text.strip() == "<" and can_go_back:
            return BACK
        value = parse_context_value(question.field, text, self.knowledge)
        return SKIP if value is None else value

    def review(self, question_ids: list[str], answers) -> str:
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


def _shown(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _label(question: Question, value: Any) -> str:
    if value is None:
        return SKIP_LABEL
    for choice_value, label in question.choices or []:
        if choice_value == value:
            return label.strip()
    return _shown(value)


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


def ask_text(title: str, validate=None, default: str = "", instruction: str | None = None) -> str:
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
