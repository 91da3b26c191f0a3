"""The one error boundary of ksm: every failure of a command run becomes one German line.

``KsmGroup.main`` runs the command line and ends with its exit code: 0, 2 for bad input
(``ksm_cli.errors.EXIT_USAGE``), 1 for other failures, 130 for Ctrl-C; a traceback only with
``--debug`` (or ``KSM_DEBUG``). It also guards stdout while the command runs (see
``ksm_cli.render.output``): a closed stdout or a full disk is "Ausgabe konnte nicht geschrieben
werden (…)" with 1, a reader that closed the pipe ends ksm silently with 141; and it refuses
arguments that are not valid UTF-8 (exit 2). The German texts of click's usage errors come from
``ksm_cli.cli.translations``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from typer._click import exceptions as click_exc
from typer.exceptions import Abort

from ksm_cli.cli.lazy import LazyGroup
from ksm_cli.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, Interrupted, KsmError, UsageError
from ksm_cli.render.document import clean
from ksm_cli.render.output import (
    EXIT_BROKEN_PIPE,
    GuardedStream,
    OutputError,
    configure_streams,
    error_line,
    notice,
    silence_stdout,
)


def debug_requested(args: Sequence[str]) -> bool:
    if os.environ.get("KSM_DEBUG", "").strip() not in ("", "0"):
        return True
    head = args[: list(args).index("--")] if "--" in args else args
    return "--debug" in head


def utf8_arguments(args: Sequence[str]) -> list[str]:
    """The arguments as text; one that is not valid UTF-8 is refused, naming its option.

    Python hands bytes it cannot decode to ``sys.argv`` as lone surrogates. Under a C locale
    without UTF-8 mode ("ä" typed in a UTF-8 terminal, ``LC_ALL=C PYTHONUTF8=0``) that is every
    non-ASCII character: those bytes are valid UTF-8 and are decoded as such here. Bytes that are
    not UTF-8 at all (a Latin-1 "ü", ``$'M\\xfcller'``) would fail later, when the text is saved
    or shown, so they are a usage error now.
    """
    result = []
    for index, arg in enumerate(args):
        if not any("\ud800" <= char <= "\udfff" for char in arg):
            result.append(arg)
            continue
        try:
            result.append(os.fsencode(arg).decode("utf-8"))
            continue
        except UnicodeError:
            pass
        try:
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
        except UnicodeError:
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
        problem = "enthält Bytes, die kein gültiges UTF-8 sind"
        advice = "Bitte den Text als UTF-8 übergeben (Terminal bzw. Skript auf UTF-8 umstellen)."
        previous = args[index - 1] if index else ""
        if arg.startswith("--") and "=" in arg:
            option, _, value = shown.partition("=")
            message = f"{option}: {problem} ('{value}'). {advice}"
        elif (
            previous.startswith("-") and previous != "--" and "=" not in previous and not arg.startswith("-")
        ):
            message = f"{previous}: {problem} ('{shown}'). {advice}"
        else:
            message = f"Das Argument '{shown}' {problem}. {advice}"
        raise UsageError(message)
    return result


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
        debug = debug_requested(arguments)
        configure_streams()
        if sys.stdout is None:  # started with >&- : refuse before doing anything
            error_line(OutputError().message)
            sys.exit(EXIT_FAILURE)
        stdout = sys.stdout
        sys.stdout = GuardedStream(stdout)
        try:
            code = self._run(arguments, prog_name, complete_var, debug, extra)
        finally:
            sys.stdout = stdout
        sys.exit(code)

    def _run(
        self, args: list[str], prog_name: str | None, complete_var: str | None, debug: bool, extra: dict
    ) -> int:
        code = 0
        try:
            try:
                result = super().main(
                    args=utf8_arguments(args),
                    prog_name=prog_name or "ksm",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
                code = result if isinstance(result, int) else 0
                if code == EXIT_INTERRUPTED:
                    notice("Abgebrochen.")
            except click_exc.NoArgsIsHelpError as exc:
                sys.stdout.write(exc.ctx.get_help() + "\n")
            except click_exc.UsageError as exc:
                from ksm_cli.cli.translations import german_usage_message

                code = EXIT_USAGE
                hint = f" Hilfe: {exc.ctx.command_path} --help" if exc.ctx is not None else ""
                error_line(german_usage_message(exc) + hint)
            except Interrupted as exc:  # Ctrl-C with the draft kept: where it is
                code = EXIT_INTERRUPTED
                _interrupted(exc.message)
            except KsmError as exc:
                code = exc.exit_code
                if debug:
                    import traceback

                    traceback.print_exc()
                error_line(exc.message)
                for detail in exc.details:
                    notice("  " + clean(detail).replace("\n", " "))
            except (Abort, KeyboardInterrupt, EOFError):  # EOFError: Ctrl-D in a prompt
                code = EXIT_INTERRUPTED
                notice("Abgebrochen.")
            except click_exc.FileError as exc:
                from ksm_cli.cli.translations import german_file_error

                code = exc.exit_code or EXIT_FAILURE
                error_line(german_file_error(exc))
            except click_exc.ClickException as exc:
                # ksm raises its own errors (KsmError); typer raises a bare ClickException only
                # for a command function it cannot use (a programming error, in English)
                code = _unexpected(exc, debug)
            except BrokenPipeError as exc:  # written past the guard (click's Windows console writer)
                raise OutputError(exc) from exc
            except ValueError as exc:
                if "null byte" in str(exc):  # a path with a NUL character, which no file system allows
                    code = EXIT_USAGE
                    error_line("Ein Dateiname oder Wert enthält ein Nullzeichen (\\x00); bitte korrigieren.")
                else:
                    code = _unexpected(exc, debug)
            except OutputError:
                raise
            except Exception as exc:  # noqa: BLE001 - the last line of defence
                code = _unexpected(exc, debug)
            sys.stdout.flush()  # what is still buffered: a full disk may only show here
        except OutputError as exc:
            code = _output_failed(exc, debug)
        return code


def _interrupted(message: str) -> None:
    """The line of a Ctrl-C with a kept draft, wrapped between words to the terminal's width."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    notice("")
    for line in textwrap.wrap(clean(message), width, break_on_hyphens=False):
        notice(line)


def _output_failed(exc: OutputError, debug: bool) -> int:
    """stdout cannot be written: silent for a reader that closed the pipe, else one line."""
    silence_stdout()
    if exc.broken_pipe:
        return EXIT_BROKEN_PIPE
    if debug:
        import traceback

        traceback.print_exception(exc)
    error_line(exc.message)
    return EXIT_FAILURE


def _unexpected(exc: Exception, debug: bool) -> int:
    """The last line of defence: one line, and the traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    error_line(
        f"Unerwarteter Fehler ({type(exc).__name__}: {exc}). "
        "Mit --debug erneut ausführen und den Fehler bitte melden."
    )
    return EXIT_FAILURE
