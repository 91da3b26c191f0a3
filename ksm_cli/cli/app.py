"""The ``ksm`` command: the root options and the command groups.

Ctrl-C while ksm starts: the console script (``from ksm_cli.cli.app import main``) and
``python -m ksm_cli`` import this module first, and importing typer and ksm's command classes
takes most of the start-up. A Ctrl-C in that time must not show a ``KeyboardInterrupt``
traceback, so the first thing this module does is to install ``_stop_starting`` for SIGINT:
"Abgebrochen.", exit code 130 (nothing has happened yet that needs cleaning up). ``main`` puts
Python's own handler back as its first step, inside the ``try`` that turns a
``KeyboardInterrupt`` into the same line, and the error boundary (``ksm_cli.cli.boundary``)
handles Ctrl-C while a command runs. When the module is imported by anything else (tests, a
program using ksm as a library), the previous handler is restored at the end of the import.
"""

# No ``from __future__ import annotations`` here: it imports the ``__future__`` module, before
# the Ctrl-C handler below could be installed.
import os
import sys

try:
    import _signal as signal  # built in and already loaded: no import time before the handler
except ImportError:  # pragma: no cover - other Python implementations
    import signal

EXIT_INTERRUPTED = 130  # ksm_cli.errors.EXIT_INTERRUPTED, not imported yet


def _set_sigint(handler):
    """Install a SIGINT handler; the previous one, or None outside the main thread."""
    try:
        return signal.signal(signal.SIGINT, handler)
    except (ValueError, OSError, TypeError):
        return None


def _interrupted() -> None:
    _set_sigint(signal.SIG_IGN)  # a second Ctrl-C while exiting changes nothing
    try:
        if sys.stderr.isatty():
            sys.stderr.write("\n")  # after the "^C" the terminal shows
        sys.stderr.write("Abgebrochen.\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass


def _forget_caught_interrupt() -> None:
    """Reset CPython's "KeyboardInterrupt left the program" flag after ksm has handled one.

    A KeyboardInterrupt that passes through a string ``exec``/``eval`` (dataclasses and
    namedtuple build their methods that way while modules are imported) sets that flag even when
    the exception is caught later; under ``python -m`` Python then ends itself with SIGINT (exit
    status -2) instead of ksm's exit code 130. Every string ``exec`` clears the flag at its start.
    """
    exec("pass", {})  # noqa: S102


def _stop_starting(signum, frame) -> None:
    """Ctrl-C before any command ran: nothing to clean up, so end at once.

    ``os._exit`` rather than an exception: a signal handler may run inside a weakref callback of
    the import machinery, where Python would print and swallow an exception ("Exception ignored")
    and go on starting."""
    _interrupted()
    os._exit(EXIT_INTERRUPTED)


def _lost_interrupt(unraisable) -> None:
    """A Ctrl-C that Python cannot raise (it came during a weakref callback or a ``__del__``).

    Python would print "Exception ignored … KeyboardInterrupt" and go on as if nothing happened.
    ksm ends instead, as a killed process would: its files are written atomically and its locks
    are the operating system's, so nothing is left half done."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _interrupted()
        os._exit(EXIT_INTERRUPTED)
    sys.__unraisablehook__(unraisable)


def _started_as_ksm() -> bool:
    """ksm runs as a program (its console script or ``python -m ksm_cli``), not as a library."""
    import os

    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name == "ksm_cli.__main__":
        return True
    name = os.path.basename(sys.argv[0] if sys.argv else "").lower()
    return name in ("ksm", "ksm.exe", "ksm-script.py", "ksm-script.pyw")


_previous_handler = _set_sigint(_stop_starting)
_previous_unraisablehook, sys.unraisablehook = sys.unraisablehook, _lost_interrupt

from pathlib import Path  # noqa: E402 - the handler comes first
from typing import Annotated  # noqa: E402

import typer  # noqa: E402

from ksm_cli import __version__  # noqa: E402
from ksm_cli.cli.boundary import KsmGroup  # noqa: E402


class RootGroup(KsmGroup):
    # One module per command group, imported only when its command runs. The short help is the
    # first sentence of the command's own help (tests/test_help.py keeps the two the same).
    lazy_commands = {
        "init": (
            "ksm_cli.cli.init",
            "init_command",
            "Eine Mappe für eine Kommune anlegen, oder die Angaben zur Kommune zeigen und ändern.",
        ),
        "assess": (
            "ksm_cli.cli.assess",
            "assess_command",
            "Interview zu den drei Rahmenfragen (Kapitel 5) mit Empfehlung eines Verstetigungsmodells.",
        ),
        "status": (
            "ksm_cli.cli.status",
            "status_command",
            "Die Mappe auf einen Blick: Kommune, Empfehlung, nächste Fristen, Selbsteinschätzung, "
            "Mentoring und Dokumente.",
        ),
        "plan": (
            "ksm_cli.cli.plan",
            "app",
            "Der Fahrplan der Verstetigung (Kapitel 5.1) mit Fristen, erledigten Schritten und einer "
            "Kalenderdatei.",
        ),
        "report": (
            "ksm_cli.cli.report",
            "report_command",
            "Ein Dokument für Verwaltungsspitze, Rat oder Projektträger schreiben: Word, ODF, HTML oder "
            "Markdown.",
        ),
        "flowchart": (
            "ksm_cli.cli.flowchart",
            "flowchart_command",
            "Das Flussdiagramm der drei Rahmenfragen (Abbildung 5.1) anzeigen.",
        ),
        "models": (
            "ksm_cli.cli.models",
            "app",
            "Die Verstetigungsmodelle V1–V11 (Tabelle 3.1) anzeigen und vergleichen.",
        ),
        "tasks": (
            "ksm_cli.cli.tasks",
            "app",
            "Aufgaben des Klimaschutzmanagements und die IST/SOLL-Selbsteinschätzung der Arbeitszeit "
            "(Leitfaden, Kapitel 4).",
        ),
        "mentoring": (
            "ksm_cli.cli.mentoring",
            "app",
            "Mentoring-Tage protokollieren, je Projektjahr anrechnen und den Text für den "
            "Schlussbericht schreiben (Handreichung zum Mentoring-Programm, SK:KK).",
        ),
        "validate": (
            "ksm_cli.cli.validate",
            "validate",
            "Das Wissensverzeichnis prüfen: YAML, Schemas und Verweise zwischen den Dateien.",
        ),
    }


app = typer.Typer(
    cls=RootGroup,
    name="ksm",
    help="ksm – Entscheidungshilfe für die Verstetigung des kommunalen Klimaschutzmanagements.\n\n"
    "Grundlage: Leitfaden „Klimaschutzmanagement verstetigen“ (Klima-KomPakt) und die "
    "Handreichung zum Mentoring-Programm (SK:KK).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"ksm {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="VERZEICHNIS",
            help="Anderes Wissensverzeichnis verwenden (statt des mitgelieferten). "
            "Auch über die Umgebungsvariable KSM_DATA_DIR.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Bei Fehlern die technischen Details für Entwickler zeigen."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Version anzeigen und beenden.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    ctx.obj = {"data": data, "debug": debug}


def main() -> None:
    """The console script ``ksm``: run the command line, Ctrl-C at any moment gives exit code 130."""
    previous = None
    previous_hook, sys.unraisablehook = sys.unraisablehook, _lost_interrupt
    try:
        previous = _set_sigint(signal.default_int_handler)
        typer.main.get_command(app).main(prog_name="ksm")
    except KeyboardInterrupt:  # before or after the error boundary
        _interrupted()
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if _AS_PROGRAM:
            _set_sigint(signal.SIG_IGN)  # done: a Ctrl-C while Python exits is no error
        else:
            sys.unraisablehook = previous_hook
            if previous is not None:
                _set_sigint(previous)
        _forget_caught_interrupt()


def walk_commands(group=None, path: tuple[str, ...] = ()):
    """Every command as (path, click command), the root first; loads every command module."""
    group = group if group is not None else typer.main.get_command(app)
    yield path, group
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if hasattr(command, "list_commands"):
            yield from walk_commands(command, (*path, name))
        else:
            yield (*path, name), command


# The end of the import: a program that only imports this module gets its Ctrl-C back.
_AS_PROGRAM = _started_as_ksm()
if not _AS_PROGRAM:
    sys.unraisablehook = _previous_unraisablehook
    if _previous_handler is not None:
        _set_sigint(_previous_handler)
