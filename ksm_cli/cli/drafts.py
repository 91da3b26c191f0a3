"""The shell around ``ksm_cli.drafts``: offer to continue a draft, say where it is on Ctrl-C.

Imported only when an interview runs on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ksm_cli.drafts import COMMANDS, Draft, DraftProblem, Keeper, read_draft
from ksm_cli.errors import Interrupted

CONTINUE, FRESH = "weiter", "neu"


def open_draft(
    path: Path, command: str, shown: Callable[[Draft], list[str]], say: Callable[[str], None]
) -> tuple[Keeper, Draft | None]:
    """The keeper of this run's draft and the draft to continue (None: start fresh).

    A draft of this command is shown (``shown`` gives its lines) and continued if the user
    wants; a broken one is replaced; a file that is not ksm's is replaced only after a yes."""
    from ksm_cli.fs import display_path
    from ksm_cli.prompts import ask_choice, ask_confirm

    name = display_path(path)
    try:
        draft = read_draft(path)
    except DraftProblem as problem:
        if not problem.writable:
            say(f"Hinweis: {name} {problem.message}; dieses Interview speichert keinen Entwurf.")
            return Keeper(path, command, allowed=False), None
        if problem.foreign:
            allowed = ask_confirm(
                f"{name} {problem.message}. Für den Entwurf dieses Interviews überschreiben?",
                yes="Ja, überschreiben",
                no="Nein, ohne Entwurf weiter",
            )
            return Keeper(path, command, allowed=allowed), None
        say(f"Hinweis: Der Entwurf {name} {problem.message}; ksm beginnt neu und ersetzt ihn.")
        return Keeper(path, command, on_disk=True), None
    if draft is None:
        return Keeper(path, command), None
    if draft.command != command:
        say(
            f"Hinweis: In {name} liegt ein unterbrochenes Interview von {COMMANDS[draft.command]}; "
            f"es bleibt für {COMMANDS[draft.command]} erhalten, dieses Interview speichert keinen Entwurf."
        )
        return Keeper(path, command, allowed=False), None
    keeper = Keeper(path, command, on_disk=True)
    try:
        lines = shown(draft)
    except (KeyError, TypeError, ValueError, AttributeError):
        lines = None
    if lines is None:
        say(f"Hinweis: Der Entwurf {name} passt nicht zu diesem Interview; ksm beginnt neu und ersetzt ihn.")
        return keeper, None
    when = _when(draft.saved)
    say("")
    say(f"Es gibt ein unterbrochenes Interview ({name}, gespeichert {when}).")
    say("Bisher beantwortet:")
    for line in lines or ["(noch nichts)"]:
        say("  " + line)
    choice = ask_choice(
        "Dort weitermachen?",
        [(CONTINUE, "Ja, dort weitermachen"), (FRESH, "Nein, neu beginnen (der Entwurf wird ersetzt)")],
    )
    return keeper, draft if choice == CONTINUE else None


@contextmanager
def kept_on_interrupt(keeper: Callable[[], Keeper | None], resume: str) -> Iterator[None]:
    """Ctrl-C (or Ctrl-D) with a draft on disk ends with the line that says where it is
    (``keeper()``: the keeper of this run at that moment)."""
    try:
        yield
    except (KeyboardInterrupt, EOFError):
        current = keeper()
        message = current.interrupted_message(resume) if current is not None else None
        if message is None:
            raise
        raise Interrupted(message) from None


def _when(saved: str) -> str:
    """The time a draft was saved, as a German reads it: „02.12.2026 um 14:20“."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(saved)
    except (TypeError, ValueError):
        return str(saved)
    return f"{moment:%d.%m.%Y} um {moment:%H:%M}"
