"""Writing a user's file from a command: atomic, and every failure one German line (exit 2)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ksm_cli.errors import UsageError


def save_text(path: Path, text: str, what: str, make_dirs: bool = False) -> None:
    """Write ``text`` atomically; the old file stays intact when anything fails.

    A symlink is followed (the link stays), permissions are kept; a folder, a device, a FIFO or
    a write-protected file is refused with one German line (exit 2)."""
    from ksm_cli.fs import FileProblem, atomic_write_text, display_path, os_reason

    name = display_path(path)
    try:
        if os.path.isdir(path):  # False, not an error, for a name that is too long
            raise UsageError(f"{name}: ist ein Verzeichnis; bitte einen Dateinamen angeben ({what}).")
        if make_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except FileProblem as problem:
        raise UsageError(f"{name}: {problem.message} ({what} nicht geschrieben).") from None
    except OSError as exc:
        kept = ", die alte Datei ist unverändert" if os.path.exists(path) else ""
        raise UsageError(f"{name}: {os_reason(exc)} ({what} nicht geschrieben{kept}).") from None


def save_edited(path: Path, what: str, make_text, name: str | None = None, make_dirs: bool = False) -> None:
    """Write ``make_text(old_text)`` to ``path``, where ``old_text`` is the file as it is on disk now
    (None for a new file), so that an edit can keep what the user wrote. A problem the edit finds
    (``FileProblem``) is one German line naming ``name`` (default: the path); nothing is written."""
    from ksm_cli.fs import FileMissing, FileProblem, display_path
    from ksm_cli.storage import read_text

    try:
        try:
            old_text = read_text(path)
        except FileMissing:
            old_text = None
        text = make_text(old_text)
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
