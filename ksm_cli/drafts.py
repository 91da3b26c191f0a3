"""Drafts of interrupted interviews: read, write and remove them (plain Python, no UI).

An interview saves its progress after each answer in a draft file (``ksm_cli.mappe.draft_path``).
A draft carries a mark (``ksm_entwurf: 1``) and the command that wrote it; a file without the
mark is not ksm's and is never replaced or removed without asking. A broken draft is never
fatal: ``read_draft`` says why in one German line (``DraftProblem``), and the interview starts
normally.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, NamedTuple

MARK = "ksm_entwurf"
VERSION = 1
HEADER = (
    "# ksm – Entwurf eines unterbrochenen Interviews. Beim nächsten Start des Befehls bietet ksm an,\n"
    "# hier weiterzumachen; ist das Interview fertig und gespeichert, wird die Datei gelöscht.\n"
)
COMMANDS = {
    "assess": "ksm assess",
    "tasks": "ksm tasks assess",
    "mentoring-init": "ksm mentoring init",
    "mentoring-add": "ksm mentoring add",
}
_MARKED = re.compile(rf"^{MARK}:", re.MULTILINE)


class Draft(NamedTuple):
    command: str  # a key of COMMANDS
    data: dict[str, Any]
    saved: str  # when, ISO text


class DraftProblem(Exception):
    """A draft file that cannot be used. ``foreign``: it is not ksm's (no mark) and must not be
    replaced without asking; ``writable``: ksm could write a draft there at all."""

    def __init__(self, message: str, foreign: bool, writable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.foreign = foreign
        self.writable = writable


def is_marked(text: str) -> bool:
    return bool(_MARKED.search(text))


def is_draft(path: Path) -> bool:
    """Whether ``path`` holds a draft of ksm (marked), usable or not."""
    from ksm_cli.fs import FileProblem, read_bytes

    try:
        return is_marked(read_bytes(path, 1024 * 1024).decode("utf-8", "replace"))
    except FileProblem:
        return False


def read_draft(path: Path) -> Draft | None:
    """The draft in ``path``; None if there is none; ``DraftProblem`` if it cannot be used."""
    from ksm_cli.fs import FileMissing, FileProblem, read_bytes
    from ksm_cli.storage import decode_utf8, parse_yaml

    try:
        raw = read_bytes(path, 1024 * 1024)
    except FileMissing:
        return None
    except FileProblem as problem:
        raise DraftProblem(problem.message, foreign=True, writable=False) from None
    try:
        text = decode_utf8(raw)
    except FileProblem as problem:
        raise DraftProblem(problem.message, foreign=True) from None
    if not is_marked(text):
        raise DraftProblem("ist kein Entwurf von ksm", foreign=True)
    try:
        data = parse_yaml(text, track_lines=False).data
    except FileProblem as problem:
        raise DraftProblem(f"ist beschädigt ({problem.message})", foreign=False) from None
    if not isinstance(data, dict) or data.get(MARK) != VERSION:
        raise DraftProblem("stammt von einer anderen ksm-Version", foreign=False)
    command, body = data.get("befehl"), data.get("daten")
    if command not in COMMANDS or not isinstance(body, dict):
        raise DraftProblem("ist beschädigt (Befehl oder Daten fehlen)", foreign=False)
    return Draft(command, body, str(data.get("gespeichert", "")))


def draft_text(command: str, data: dict[str, Any], now: dt.datetime | None = None) -> str:
    from ksm_cli.storage import dump_yaml

    saved = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    record = {MARK: VERSION, "befehl": command, "gespeichert": saved, "daten": data}
    return HEADER + dump_yaml(record)


def write_draft(path: Path, command: str, data: dict[str, Any]) -> None:
    """Atomically; ``FileProblem`` or ``OSError`` when it cannot be written."""
    from ksm_cli.fs import atomic_write_text

    atomic_write_text(path, draft_text(command, data))


def remove_draft(path: Path) -> bool:
    """Remove the draft in ``path`` if it is ksm's (marked); True if one was removed."""
    if not is_draft(path):
        return False
    try:
        path.unlink()
    except OSError:
        return False
    return True


class Keeper:
    """Keeps the draft of one interview run: ``save`` after each answer, ``finish`` when the
    result is saved. Saving is best effort: the first failure gives one German line (returned),
    then the interview goes on without a draft."""

    def __init__(self, path: Path, command: str, allowed: bool = True, on_disk: bool = False) -> None:
        self.path = path
        self.command = command
        self.allowed = allowed
        self.on_disk = on_disk  # a draft of ksm for this command lies at path
        self.failed = False

    def save(self, data: dict[str, Any]) -> str | None:
        if not self.allowed or self.failed:
            return None
        from ksm_cli.fs import FileProblem, display_path, os_reason

        try:
            write_draft(self.path, self.command, data)
        except FileProblem as problem:
            reason = problem.message
        except OSError as exc:
            reason = os_reason(exc)
        else:
            self.on_disk = True
            return None
        self.failed = True
        return (
            f"Hinweis: Der Entwurf kann nicht gespeichert werden ({display_path(self.path)}: {reason}); "
            "das Interview geht ohne Entwurf weiter."
        )

    def finish(self) -> None:
        """The result is saved: the draft is no longer needed."""
        if self.allowed and remove_draft(self.path):
            self.on_disk = False

    def interrupted_message(self, resume: str) -> str | None:
        """The line for Ctrl-C when a draft is kept, else None."""
        if not self.on_disk:
            return None
        from ksm_cli.fs import display_path

        return (
            f"Abgebrochen. Ihre bisherigen Antworten sind gespeichert in {display_path(self.path)}; "
            f"beim nächsten Start von {resume} können Sie dort weitermachen."
        )
