"""typer's side of the error boundary: click's usage errors and file errors in German.

``KsmGroup.main`` runs the command line through ``ksm_cli.cli.guard.run_guarded`` (the one
error boundary, shared with the quick path) and adds what only typer's way can raise: click's
usage errors, with "Hilfe: ksm … --help", the help shown for a group without its command, and
click's own exit and abort. It also refuses arguments that are not valid UTF-8 (exit 2). The
German texts of click's usage errors come from ``ksm_cli.cli.translations``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from typer._click import exceptions as click_exc
from typer.exceptions import Abort

from ksm_cli.cli.guard import run_guarded, unexpected, utf8_arguments
from ksm_cli.cli.lazy import LazyGroup
from ksm_cli.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE
from ksm_cli.render.output import error_line, notice


def click_errors(exc: Exception, debug: bool) -> int | None:
    """The exit code of one of click's exceptions, its German line written; None for others."""
    if isinstance(exc, click_exc.NoArgsIsHelpError):
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return 0
    if isinstance(exc, click_exc.UsageError):
        from ksm_cli.cli.translations import german_usage_message

        hint = f" Hilfe: {exc.ctx.command_path} --help" if exc.ctx is not None else ""
        error_line(german_usage_message(exc) + hint)
        return EXIT_USAGE
    if isinstance(exc, Abort):
        notice("Abgebrochen.")
        return EXIT_INTERRUPTED
    if isinstance(exc, click_exc.FileError):
        from ksm_cli.cli.translations import german_file_error

        error_line(german_file_error(exc))
        return exc.exit_code or EXIT_FAILURE
    if isinstance(exc, click_exc.ClickException):
        # ksm raises its own errors (KsmError); typer raises a bare ClickException only for a
        # command function it cannot use (a programming error, in English)
        return unexpected(exc, debug)
    return None


class KsmGroup(LazyGroup):
    """The root group: runs the command and turns every failure into a German line."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        arguments = list(sys.argv[1:] if args is None else args)

        def call() -> object:
            return super(KsmGroup, self).main(
                args=utf8_arguments(arguments),
                prog_name=prog_name or "ksm",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )

        run_guarded(arguments, call, click_errors)
