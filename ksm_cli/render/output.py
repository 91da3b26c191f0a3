"""Where output goes: rich on a terminal, plain text in a pipe, JSON for scripts.

``KSM_OUTPUT=plain`` or ``KSM_OUTPUT=rich`` overrides the detection. ``NO_COLOR`` and
``TERM=dumb`` are honoured by rich; plain output never contains ANSI codes.

Encodings (``configure_streams``, called once by the CLI shell before a command runs): output
never fails on a character.

- In a pipe or a file, stdout and stderr write UTF-8, whatever the locale or the Windows code
  page say: a file written by ksm is the same on every machine.
- On a terminal whose encoding is ASCII (a C or POSIX locale with ``PYTHONUTF8=0``) ksm writes
  UTF-8 too, as Python's own UTF-8 mode does for that locale: such a terminal almost always shows
  UTF-8, and "ä" is better than "?" there.
- On a terminal with another code page (Windows cp1252 or cp850, Latin-1) ksm keeps it.
- An encoding set explicitly with ``PYTHONIOENCODING`` is kept, on a terminal and in a pipe.
- Whatever the encoding, a character it lacks becomes "?" (``errors="replace"``: one character
  for one, so rich's tables stay aligned; rich itself draws ASCII borders when the encoding has
  no box-drawing characters). Output never raises ``UnicodeEncodeError``; a Windows console
  (UTF-16 underneath) shows everything anyway.

Failed writes (``GuardedStream``): while a command runs, ``sys.stdout`` is wrapped so that an
``OSError`` from writing or flushing it becomes ``OutputError``, which the shell reports as
"Fehler: Ausgabe konnte nicht geschrieben werden (Grund)." with exit code 1, e.g. on a full disk.
A reader that closed the pipe early (``ksm models list | head -1``) is no error: ksm stops
silently with exit code 141 (128 + SIGPIPE, what ``cat`` or ``grep`` give in that case, so
``set -o pipefail`` sees the same as with them). Either way stdout is then pointed at the null
device, so that Python's final flush at exit cannot print "Exception ignored … BrokenPipeError".
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import Any

from ksm_cli.render.document import clean, to_plain

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of the pipe stopped reading


class OutputError(Exception):
    """Writing stdout failed. ``error`` is the OSError, None if stdout was closed from the start.

    Not a ``KsmError``: code that reports a ``KsmError`` and goes on (to the next line of a batch)
    must not try to write on."""

    def __init__(self, error: OSError | None = None) -> None:
        super().__init__(str(error) if error else "stdout is closed")
        self.error = error

    @property
    def broken_pipe(self) -> bool:
        """The reader went away (POSIX: EPIPE; Windows reports a closed pipe as EINVAL)."""
        import errno

        if isinstance(self.error, BrokenPipeError):
            return True
        number = getattr(self.error, "errno", None)
        return number == errno.EPIPE or (sys.platform == "win32" and number == errno.EINVAL)

    @property
    def message(self) -> str:
        return f"Ausgabe konnte nicht geschrieben werden ({output_reason(self.error)})."


def output_reason(error: OSError | None) -> str:
    """Why writing stdout failed, in German."""
    import errno

    if error is None:
        return "Standardausgabe ist geschlossen"
    reasons = {
        errno.ENOSPC: "Datenträger ist voll",
        errno.EBADF: "Standardausgabe ist geschlossen",
        errno.EPIPE: "die Gegenseite hat die Verbindung geschlossen",
        errno.EIO: "Ein-/Ausgabefehler des Geräts",
        errno.EACCES: "keine Schreibberechtigung",
        errno.EPERM: "keine Schreibberechtigung",
        errno.EROFS: "Datenträger ist schreibgeschützt",
        errno.EFBIG: "Datei ist zu groß",
    }
    edquot = getattr(errno, "EDQUOT", None)
    if edquot is not None:
        reasons[edquot] = "Speicherkontingent ist erschöpft"
    if error.errno is not None and error.errno in reasons:
        return reasons[error.errno]
    return error.strerror or type(error).__name__


class GuardedStream:
    """A text stream whose failed writes raise ``OutputError``; everything else is the stream's."""

    def __init__(self, stream) -> None:
        self.guarded = stream

    def write(self, text: str) -> int:
        try:
            return self.guarded.write(text)
        except OSError as exc:
            raise OutputError(exc) from exc

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.guarded.flush()
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str):
        return getattr(self.guarded, name)


def configure_streams() -> None:
    """Choose encodings as described above; a closed stderr becomes the null device."""
    if sys.stderr is None:  # started with 2>&- (or by pythonw): nowhere to report, but no crash
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    explicit = os.environ.get("PYTHONIOENCODING", "").partition(":")[0].strip()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            encoding = stream.encoding  # Python has applied PYTHONIOENCODING already
            if not explicit and (not stream.isatty() or _is_ascii(encoding)):
                encoding = "utf-8"
            reconfigure(encoding=encoding, errors="replace")
        except (ValueError, OSError, LookupError, AttributeError):
            pass


def _is_ascii(encoding: str | None) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding or "ascii").name == "ascii"
    except LookupError:
        return True


def silence_stdout() -> None:
    """Point file descriptor 1 at the null device: what is still buffered goes nowhere, quietly."""
    stream = getattr(sys.stdout, "guarded", sys.stdout)
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return  # not a real file (CliRunner): nothing is flushed at exit
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
    except OSError:
        pass


def use_rich(stream=None) -> bool:
    mode = os.environ.get("KSM_OUTPUT", "").strip().lower()
    if mode == "plain":
        return False
    if mode == "rich":
        return True
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def plain_width() -> int:
    try:
        return max(40, min(120, int(os.environ.get("COLUMNS", ""))))
    except ValueError:
        return max(40, min(120, shutil.get_terminal_size((100, 24)).columns))


class _writing:
    """Turn a failed write on stdout into ``OutputError`` (also outside ``GuardedStream``)."""

    def __enter__(self) -> None:
        if sys.stdout is None:
            raise OutputError()

    def __exit__(self, kind, exc, tb) -> None:
        if isinstance(exc, OSError):
            raise OutputError(exc) from exc


def emit(blocks: list) -> None:
    """Show document blocks on stdout."""
    with _writing():
        if use_rich():
            from ksm_cli.render.rich_backend import make_console, render

            render(blocks, make_console())
        else:
            sys.stdout.write(to_plain(blocks, plain_width()))
            sys.stdout.flush()


def _json_value(value: Any) -> Any:
    """Dates as ISO 8601 text; anything else unknown is a programming error."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(payload: dict[str, Any]) -> None:
    """Write JSON (UTF-8, stable key order as built by the caller, dates as ISO 8601) on stdout.

    Indented for a person on a terminal; one compact line for a program reading a pipe, which
    json's C encoder writes several times faster (it does not indent)."""
    indent = 2 if use_rich() else None
    text = json.dumps(payload, ensure_ascii=False, indent=indent, default=_json_value, allow_nan=False) + "\n"
    with _writing():
        sys.stdout.write(text)
        sys.stdout.flush()


def error_line(message: str) -> None:
    """One German error line on stderr, control characters made visible."""
    notice("Fehler: " + clean(message).replace("\n", " "))


def notice(line: str) -> None:
    """One line on stderr; if stderr itself cannot be written, there is nobody to tell."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
