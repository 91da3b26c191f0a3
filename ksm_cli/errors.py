"""User-facing errors and exit codes.

Every error a KSM can see is a ``KsmError``: one German line, printed on stderr by the CLI
shell, with the exit code of its class. Nothing here imports a UI library.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # a check failed, or something unexpected happened
EXIT_USAGE = 2  # bad input: arguments, files, knowledge directory
EXIT_INTERRUPTED = 130  # Ctrl-C


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
