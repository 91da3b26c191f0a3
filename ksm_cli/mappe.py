"""The Mappe: one folder per Kommune that holds all of a KSM's work (plain Python, no UI).

A Mappe is a folder with ``kommune.yaml`` in it. A command run in the Mappe or in any folder
below it uses the Mappe's files; the Mappe is found upwards from the working directory, as git
finds ``.git``. ``--mappe ORDNER`` and the environment variable ``KSM_MAPPE`` name it instead of
the search (``--mappe`` first).

Every file of the Mappe has a German, self-explaining name (``FILES``); ``LIESMICH.txt`` in the
Mappe says in one line each what they are. Drafts of interrupted interviews lie in the Mappe
too (``DRAFTS``); outside a Mappe, beside the file the interview will write, or in the working
directory when there is none (``draft_path``). Nothing of a KSM's work is kept anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from ksm_cli.errors import UsageError

MARKER = "kommune.yaml"
ENV = "KSM_MAPPE"

# key -> (file name, what it is: one line of LIESMICH.txt)
FILES: dict[str, tuple[str, str]] = {
    "kommune": (MARKER, "die Angaben zur Kommune (ksm init; ändern mit ksm init im Ordner)"),
    "antworten": ("antworten.yaml", "die Antworten des Interviews zur Verstetigung (ksm assess)"),
    "selbsteinschaetzung": (
        "selbsteinschaetzung.yaml",
        "die IST/SOLL-Selbsteinschätzung der Arbeitszeit (ksm tasks assess)",
    ),
    "mentoring": ("mentoring-protokoll.yaml", "das Protokoll der Mentoring-Tage (ksm mentoring add)"),
    "fahrplan": ("fahrplan.yaml", "die erledigten Schritte des Fahrplans (ksm plan done)"),
    "bericht": (
        "empfehlungsbericht.docx",
        "der Empfehlungsbericht für die Verwaltungsspitze (ksm report empfehlung)",
    ),
    "vorlage": ("beschlussvorlage.docx", "der Entwurf der Beschlussvorlage (ksm report beschlussvorlage)"),
    "stelle": (
        "stellenbeschreibung.docx",
        "der Entwurf der Stellenbeschreibung (ksm report stellenbeschreibung)",
    ),
    "kalender": ("fristen.ics", "die Fristen für Outlook oder Thunderbird (ksm plan --ics)"),
}
# the Mappe's own data, from which its documents are made: no output may replace them, not even
# with --force (they are the KSM's work, not ksm's outputs)
INPUTS = ("kommune", "antworten", "selbsteinschaetzung", "mentoring", "fahrplan")
# key -> file name of the draft an interrupted interview leaves (removed when it is finished)
DRAFTS: dict[str, str] = {
    "assess": "entwurf-interview.yaml",
    "tasks": "entwurf-selbsteinschaetzung.yaml",
    "mentoring": "entwurf-mentoring.yaml",
}
README_NAME = "LIESMICH.txt"


class Mappe:
    """A found Mappe: its folder and the paths of its files."""

    __slots__ = ("root",)

    def __init__(self, root: Path) -> None:
        self.root = root

    def file(self, key: str) -> Path:
        """The path of one of the Mappe's files (``FILES``), whether it exists or not."""
        return self.root / FILES[key][0]

    def draft(self, key: str) -> Path:
        return self.root / DRAFTS[key]

    def __repr__(self) -> str:
        return f"Mappe({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mappe) and self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)


def is_mappe(folder: Path) -> bool:
    return os.path.isfile(folder / MARKER)


def search(start: Path) -> Mappe | None:
    """The Mappe that holds ``start`` or one of its parents, the nearest first; None if none."""
    folder = Path(os.path.abspath(start))
    while True:
        if is_mappe(folder):
            return Mappe(folder)
        parent = folder.parent
        if parent == folder:
            return None
        folder = parent


def _named(folder: Path, where: str) -> Mappe:
    from ksm_cli.fs import display_path

    if not folder.exists():
        raise UsageError(
            f"{where} {display_path(folder)}: Ordner nicht gefunden. Eine neue Mappe legt an: "
            f"ksm init {display_path(folder)}"
        )
    if not folder.is_dir():
        raise UsageError(f"{where} {display_path(folder)}: ist kein Ordner.")
    if not is_mappe(folder):
        raise UsageError(
            f"{where} {display_path(folder)}: ist keine Mappe ({MARKER} fehlt). Anlegen mit: "
            f"ksm init {display_path(folder)}"
        )
    return Mappe(Path(os.path.abspath(folder)))


def find(option: Path | None, environ: dict[str, str] | None = None, cwd: Path | None = None) -> Mappe | None:
    """The Mappe a command works in: ``--mappe`` (``option``), else ``KSM_MAPPE``, else the search
    upwards from the working directory. A folder named by either must be a Mappe (``UsageError``,
    naming the flag or the variable); the search finds none outside a Mappe (None)."""
    if option is not None:
        return _named(Path(option), "--mappe")
    env = (os.environ if environ is None else environ).get(ENV, "").strip()
    if env:
        return _named(Path(env), ENV)
    return search(cwd if cwd is not None else Path.cwd())


def draft_path(key: str, mappe: Mappe | None, target: Path | None) -> Path:
    """Where the draft of an interview (``DRAFTS`` key) lies: in the Mappe; outside one beside
    the file the interview writes (``target``), or in the working directory."""
    if mappe is not None:
        return mappe.draft(key)
    folder = target.parent if target is not None else Path(".")
    return folder / DRAFTS[key]


def readme_text(kommune: str | None) -> str:
    """The text of LIESMICH.txt: what the Mappe is and one line per file."""
    title = f"Mappe der Kommune {kommune}" if kommune else "Mappe einer Kommune"
    width = max(len(name) for name, _ in FILES.values())
    lines = [
        f"{title} für ksm, die Entscheidungshilfe zur Verstetigung des Klimaschutzmanagements.",
        "Alle Befehle, die in diesem Ordner (oder darunter) laufen, lesen und schreiben diese Dateien:",
        "",
    ]
    lines += [f"  {name.ljust(width)}  {what}" for name, what in FILES.values()]
    lines += [
        f"  {'*.odt, *.html, *.md'.ljust(width)}  Dokumente in anderen Formaten (ksm report ART --format …)",
        f"  {'entwurf-*.yaml'.ljust(width)}  ein unterbrochenes Interview (wird beim nächsten Start angeboten)",
        "",
        "Die Dateien bleiben auf diesem Rechner; ksm sendet nichts. Überblick: ksm status",
    ]
    return "\n".join(lines) + "\n"
