"""Writing a user's file from a command: atomic, and every failure one German line (exit 2)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ksm_cli.errors import KsmError, UsageError


def save_text(path: Path, text: str | bytes, what: str, make_dirs: bool = False) -> None:
    """Write ``text`` (or the bytes of a Word or ODF document) atomically; the old file stays intact when anything fails.

    A symlink is followed (the link stays), permissions are kept; a folder, a device, a FIFO or
    a write-protected file is refused with one German line (exit 2)."""
    from ksm_cli.fs import FileProblem, atomic_write_bytes, atomic_write_text, display_path, os_reason

    name = display_path(path)
    try:
        if os.path.isdir(path):  # False, not an error, for a name that is too long
            raise UsageError(f"{name}: ist ein Verzeichnis; bitte einen Dateinamen angeben ({what}).")
        if make_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            atomic_write_bytes(path, text)
        else:
            atomic_write_text(path, text)
    except FileProblem as problem:
        raise UsageError(f"{name}: {problem.message} ({what} nicht geschrieben).") from None
    except OSError as exc:
        kept = ", die alte Datei ist unverändert" if os.path.exists(path) else ""
        raise UsageError(f"{name}: {os_reason(exc)} ({what} nicht geschrieben{kept}).") from None


def may_replace(
    path: Path, flag: str, force: bool, reason: str = "Datei wurde nicht von ksm geschrieben"
) -> bool:
    """Whether ``path`` may be written by the output ``flag`` (e.g. "--report"); asks if need be.

    A missing file, a file ksm wrote (``outputs.written_by_ksm``) or ``force``: yes, without a
    question. Any other file: on a terminal a yes/no question (default: no); "no" and, without a
    terminal, the file itself refuse with one German line (nothing is written). Returns
    ``force`` or True after a yes, to be passed on to the write that follows."""
    from ksm_cli.fs import display_path
    from ksm_cli.outputs import written_by_ksm

    if force or not os.path.isfile(path) or written_by_ksm(path):
        return force  # nothing there to lose; a folder or a device the write refuses itself
    from ksm_cli.prompts import stdin_is_terminal

    name = display_path(path)
    if not stdin_is_terminal():
        raise UsageError(
            f"{name}: {reason}; ksm ersetzt sie nicht ohne Rückfrage – "
            f"mit --force überschreiben oder bei {flag} einen anderen Dateinamen angeben."
        )
    from ksm_cli.prompts import ask_confirm

    if ask_confirm(
        f"{name} gibt es schon ({reason}). Überschreiben?",
        yes="Ja, überschreiben",
        no="Nein, Datei behalten",
    ):
        return True
    raise KsmError(
        f"{name} bleibt unverändert; es wurde nichts geschrieben. Bei {flag} einen anderen "
        "Dateinamen angeben oder mit --force überschreiben."
    )


def may_edit(path: Path, flag: str, force: bool, is_own, reason: str) -> bool:
    """``may_replace`` for an output that ksm edits rather than replaces (an answers file): a file
    for which ``is_own(text)`` holds is edited without a question; any other is not ksm's file
    (``reason`` says why). Asked before the work, so that no answer is typed in vain."""
    from ksm_cli.fs import FileProblem
    from ksm_cli.storage import read_text

    if force or not os.path.isfile(path):
        return force
    try:
        text = read_text(path)
    except FileProblem:  # binary, too large, not UTF-8: not a file ksm edits
        return may_replace(path, flag, force)
    return force if is_own(text) else may_replace(path, flag, force, reason)


def save_output(
    path: Path, text: str | bytes, what: str, flag: str, force: bool, make_dirs: bool = False
) -> None:
    """Write an output of ksm (a report, a table, a calendar): ``save_text`` after
    ``may_replace``. ``text`` carries ksm's mark (``ksm_cli.outputs``), so that the next run
    replaces the file without asking."""
    may_replace(path, flag, force)
    save_text(path, text, what, make_dirs=make_dirs)


def save_edited(
    path: Path,
    what: str,
    make_text,
    name: str | None = None,
    make_dirs: bool = False,
    flag: str | None = None,
    force: bool = False,
) -> None:
    """Write ``make_text(old_text)`` to ``path``, where ``old_text`` is the file as it is on disk now
    (None for a new file), so that an edit can keep what the user wrote. A problem the edit finds
    (``FileProblem``) is one German line naming ``name`` (default: the path); nothing is written.

    With ``flag`` (an output flag such as "--save-answers"), a file the edit does not know
    (``outputs.NotOurs``) is replaced by ``make_text(None)`` as ``may_replace`` allows."""
    from ksm_cli.fs import FileMissing, FileProblem, display_path
    from ksm_cli.outputs import NotOurs
    from ksm_cli.storage import read_text

    try:
        try:
            old_text = read_text(path)
        except FileMissing:
            old_text = None
        except FileProblem:
            if flag is None or not os.path.isfile(path):
                raise
            old_text = None  # unreadable as text (binary, too large): not ksm's file
            may_replace(path, flag, force)
        try:
            text = make_text(old_text)
        except NotOurs as problem:
            if flag is None:
                raise
            may_replace(path, flag, force, problem.reason)
            text = make_text(None)
    except FileProblem as problem:
        raise UsageError(f"{name or display_path(path)}: {problem.message}") from None
    save_text(path, text, what, make_dirs=make_dirs)


def report_written(path: Path) -> None:
    """'Geschrieben: PATH' on stderr, the path shown literally (hidden characters visible)."""
    import sys

    from ksm_cli.fs import display_path
    from ksm_cli.render.document import clean

    sys.stderr.write(f"Geschrieben: {clean(display_path(path))}\n")


def distinct_files(*named: tuple[str, Path | None]) -> None:
    """Refuse (exit 2) when two of the given files are one: an output must never replace an input."""
    from ksm_cli.fs import display_path

    seen: dict[Path, str] = {}
    for name, path in named:
        if path is None:
            continue
        key = path.resolve()
        if key in seen:
            raise UsageError(
                f"{seen[key]} und {name} nennen dieselbe Datei ({display_path(path)}); "
                "bitte verschiedene Dateinamen angeben – es wurde nichts geschrieben."
            )
        seen[key] = name


@contextmanager
def locked(path: Path, make_dirs: bool = False):
    """Hold the lock of ``path`` while it is read, changed and written; every failure one line."""
    from ksm_cli.fs import FileLock, FileProblem, display_path, os_reason

    if make_dirs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"{display_path(path.parent)}: Verzeichnis kann nicht angelegt werden ({os_reason(exc)})"
            ) from None
    elif not path.parent.is_dir():
        raise UsageError(f"{display_path(path)}: Verzeichnis existiert nicht (nichts geschrieben).")
    try:
        lock = FileLock(path).__enter__()
    except FileProblem as problem:
        raise UsageError(problem.located(path)) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def format_option(raw: str | None) -> str | None:
    """``--format`` as given (``DOCX``, ``.odt``, ``htm`` too), or None; another is refused."""
    if raw is None:
        return None
    from ksm_cli.documents import FORMATS, format_of

    fmt = format_of("." + raw.strip().lstrip("."))
    if fmt is None:
        from ksm_cli.errors import UsageError

        raise UsageError(f"--format '{raw}': unbekanntes Format; möglich sind {', '.join(FORMATS)}.")
    return fmt
