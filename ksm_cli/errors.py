"""User-facing errors and exit codes.

Every error a KSM can see is a ``KsmError``: one German line, printed on stderr by the CLI
shell, with the exit code of its class. Nothing here imports a UI library.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # a check failed, or something unexpected happened
EXIT_USAGE = 2  # bad input: arguments, files, knowledge directory
EXIT_INTERRUPTED = 130  # Ctrl-C
SHOWN_CHARS = 40


def shown(raw: object) -> str:
    """User text for a message, literally, but cut after SHOWN_CHARS characters (a pasted
    5,000-digit number must not fill the screen)."""
    text = str(raw)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text)} Zeichen)"


class KsmError(Exception):
    """An error with a German message meant for the user."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageError(KsmError):
    """Wrong arguments or an unknown id."""

    exit_code = EXIT_USAGE


class Interrupted(KsmError):
    """Ctrl-C in an interview whose draft is kept: the message says where (exit 130)."""

    exit_code = EXIT_INTERRUPTED


class KnowledgeError(KsmError):
    """The knowledge directory is invalid; ``issues`` holds every problem found."""

    exit_code = EXIT_USAGE

    def __init__(self, issues: list) -> None:  # list[knowledge.validate.Issue]
        first = issues[0]
        more = len(issues) - 1
        message = str(first)
        if more:
            message += f" (und {more} weitere Fehler – Details mit 'ksm validate')"
        super().__init__(message)
        self.issues = issues


class InputError(UsageError):
    """A value the user gave is not valid, as the core sees it: which ``field`` (the core's own
    name, e.g. ``datum``), the German ``reason``, the ``value`` as given, and the ``accepted``
    forms. The core never names a CLI flag; the CLI names the field as the user typed it (a flag
    such as ``--date``, a key of a file, a CSV column) with ``named``.

    Shown as ``<where>: '<value>': <reason> (erlaubt: …)``."""

    def __init__(
        self,
        field: str,
        reason: str,
        value: object = None,
        *,
        accepted: list[str] | None = None,
        where: str | None = None,
    ) -> None:
        self.field = field
        self.reason = reason
        self.value = value
        self.accepted = list(accepted or [])
        self.where = where if where is not None else field
        super().__init__(self._text())

    def _text(self) -> str:
        text = f"{self.where}: " if self.where else ""
        if self.value is not None and str(self.value) != "":
            text += f"'{shown(self.value)}': "
        text += self.reason
        if self.accepted:
            text += f" (erlaubt: {', '.join(self.accepted)})"
        return text

    def named(self, names: dict[str, str]) -> InputError:
        """The same error with the field named as the user typed it, if ``names`` knows it
        (``{"datum": "--date"}``); otherwise unchanged."""
        if self.field not in names:
            return self
        return InputError(
            self.field, self.reason, self.value, accepted=self.accepted, where=names[self.field]
        )
