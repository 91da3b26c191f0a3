"""The one error boundary of ksm: every failure of a command run becomes one German line.

``run_guarded`` runs a command and ends with its exit code: 0, 2 for bad input
(``ksm_cli.errors.EXIT_USAGE``), 1 for other failures, 130 for Ctrl-C; a traceback only with
``--debug`` (or ``KSM_DEBUG``). It also guards stdout while the command runs (see
``ksm_cli.render.output``): a closed stdout or a full disk is "Ausgabe konnte nicht geschrieben
werden (…)" with 1, a reader that closed the pipe ends ksm silently with 141.

Both ways a command runs go through it: typer's (``ksm_cli.cli.boundary.KsmGroup``, which adds
click's usage errors) and the quick path (``ksm_cli.cli.quick``). No typer, rich or questionary
here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

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


def run_guarded(
    arguments: Sequence[str],
    call: Callable[[], object],
    handle: Callable[[Exception, bool], int | None] | None = None,
) -> NoReturn:
    """Run ``call`` (a command, its arguments parsed) and exit with its code.

    A command returns None (0) or an exit code. ``handle`` gets an exception none of ksm's own
    cases covers, with ``debug``, and returns an exit code or None (then it is unexpected): how
    typer's boundary adds click's errors."""
    debug = debug_requested(arguments)
    configure_streams()
    if sys.stdout is None:  # started with >&- : refuse before doing anything
        error_line(OutputError().message)
        sys.exit(EXIT_FAILURE)
    stdout = sys.stdout
    sys.stdout = GuardedStream(stdout)
    try:
        code = _guarded(call, debug, handle)
    finally:
        sys.stdout = stdout
    sys.exit(code)


def _guarded(
    call: Callable[[], object], debug: bool, handle: Callable[[Exception, bool], int | None] | None
) -> int:
    code = 0
    try:
        try:
            result = call()
            code = result if isinstance(result, int) else 0
            if code == EXIT_INTERRUPTED:
                notice("Abgebrochen.")
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
        except (KeyboardInterrupt, EOFError):  # EOFError: Ctrl-D in a prompt
            code = EXIT_INTERRUPTED
            notice("Abgebrochen.")
        except BrokenPipeError as exc:  # written past the guard (click's Windows console writer)
            raise OutputError(exc) from exc
        except OutputError:
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            handled = handle(exc, debug) if handle is not None else None
            if handled is not None:
                code = handled
            elif isinstance(exc, ValueError) and "null byte" in str(exc):
                # a path with a NUL character, which no file system allows
                code = EXIT_USAGE
                error_line("Ein Dateiname oder Wert enthält ein Nullzeichen (\\x00); bitte korrigieren.")
            else:
                code = unexpected(exc, debug)
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


def unexpected(exc: Exception, debug: bool) -> int:
    """The last line of defence: one line, and the traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    error_line(
        f"Unerwarteter Fehler ({type(exc).__name__}: {exc}). "
        "Mit --debug erneut ausführen und den Fehler bitte melden."
    )
    return EXIT_FAILURE
