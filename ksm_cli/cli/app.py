"""The ``ksm`` command: its entry point, and Ctrl-C at any moment.

``main`` gives the command line to the quick path (``ksm_cli.cli.quick``) first, which runs the
common reading commands without typer; everything else goes to typer's application in
``ksm_cli.cli.root``, imported only then.

Ctrl-C while ksm starts: the console script (``from ksm_cli.cli.app import main``) and
``python -m ksm_cli`` import this module first. A Ctrl-C before ``main`` runs must not show a
``KeyboardInterrupt`` traceback, so the first thing this module does is to install
``_stop_starting`` for SIGINT: "Abgebrochen.", exit code 130 (nothing has happened yet that
needs cleaning up). ``main`` puts Python's own handler back as its first step, inside the
``try`` that turns a ``KeyboardInterrupt`` into the same line (also while typer is imported),
and the error boundary (``ksm_cli.cli.guard``) handles Ctrl-C while a command runs. When the
module is imported by anything else (tests, a program using ksm as a library), the previous
handler is restored at the end of the import.
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


def main() -> None:
    """The console script ``ksm``: run the command line, Ctrl-C at any moment gives exit code 130.

    The quick path (``ksm_cli.cli.quick``) runs the common reading commands without typer when
    it can parse their arguments with certainty; everything else goes to typer."""
    previous = None
    previous_hook, sys.unraisablehook = sys.unraisablehook, _lost_interrupt
    try:
        previous = _set_sigint(signal.default_int_handler)
        from ksm_cli.cli.quick import quick_call

        arguments = sys.argv[1:]
        call = quick_call(arguments)
        if call is not None:
            from ksm_cli.cli.guard import run_guarded

            run_guarded(arguments, call)
        import typer.main

        from ksm_cli.cli.root import app

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


# The end of the import: a program that only imports this module gets its Ctrl-C back.
_AS_PROGRAM = _started_as_ksm()
if not _AS_PROGRAM:
    sys.unraisablehook = _previous_unraisablehook
    if _previous_handler is not None:
        _set_sigint(_previous_handler)
