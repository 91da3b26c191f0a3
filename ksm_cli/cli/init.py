"""``ksm init``: create a Mappe for one Kommune, or show and edit the Angaben of an existing one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ksm_cli.assess.answers import CONTEXT_FIELDS  # the keys, named in the help from the one list
from ksm_cli.cli.options import JsonOption, knowledge
from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.assess.answers import Answers
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe


def _keys_help() -> str:
    return ", ".join(f.key for f in CONTEXT_FIELDS)


def init_command(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[ORDNER]",
            help="Ordner der Mappe (wird angelegt). Ohne Angabe: die Mappe, in der man gerade "
            "arbeitet, sonst der aktuelle Ordner.",
            show_default=False,
        ),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SCHLÜSSEL=WERT",
            help="Eine Angabe zur Kommune setzen, wiederholbar, z. B. --set einwohner=48.000. "
            f"Schlüssel wie in einer Antwortdatei: {_keys_help()}; ein leerer Wert löscht die Angabe.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Eine Mappe für eine Kommune anlegen, oder die Angaben zur Kommune zeigen und ändern.

    Die Mappe ist ein Ordner mit kommune.yaml (Angaben zur Kommune) und LIESMICH.txt. Alle Befehle, die in diesem Ordner oder darunter laufen, lesen und schreiben die Dateien der Mappe: die Angaben werden nie zweimal abgefragt.

    Im Terminal fragt ksm die Angaben ab; ohne Terminal kommen sie aus --set, z. B. ksm init Musterstadt --set kommune=Musterstadt --set einwohner=48.000 --set foerderende=30.06.2027
    """
    from ksm_cli import mappe as m
    from ksm_cli.assess.angaben import load_angaben
    from ksm_cli.assess.answers import Answers

    k = knowledge(ctx)
    if folder is None:
        found = m.find(None)
        target = found.root if found is not None else Path(".")
    else:
        target = folder
    _check_folder(target)
    existing = m.is_mappe(target)
    outer = m.search(Path(target).resolve().parent) if not existing else None
    if outer is not None:
        from ksm_cli.fs import display_path

        raise UsageError(
            f"{display_path(target)} läge in der Mappe {display_path(outer.root)}; eine Mappe in einer Mappe "
            "legt ksm nicht an. Die Angaben dieser Mappe ändern: ksm init --set SCHLÜSSEL=WERT; eine neue "
            "Mappe: einen Ordner außerhalb angeben."
        )
    place = m.Mappe(Path(target))
    old = load_angaben(place.file("kommune"), k) if existing else Answers()
    given = _parse_set(set_values or [], k)
    angaben = Answers({}, {**old.context})
    for key, value in given.context.items():
        if value is None:
            angaben.context.pop(key, None)
        else:
            angaben.context[key] = value

    from ksm_cli.prompts import stdin_is_terminal

    if not set_values:
        if stdin_is_terminal() and not as_json:
            angaben = _ask(k, angaben, fresh=not existing)
        elif not existing:
            raise UsageError(
                "Ohne Terminal bitte die Angaben mit --set SCHLÜSSEL=WERT angeben, z. B. ksm init "
                f"{_shown(target)} --set kommune=Musterstadt --set foerderende=30.06.2027 "
                f"(Schlüssel: {_keys_help()})"
            )
    changed = not existing or angaben != old
    if changed:
        _write(k, place, angaben, new=not existing)
    _show(k, place, angaben, created=not existing, changed=changed, as_json=as_json)


def _shown(path: Path) -> str:
    from ksm_cli.fs import display_path

    text = display_path(path)
    return f'"{text}"' if " " in text else text


def _check_folder(target: Path) -> None:
    from ksm_cli.fs import display_path
    from ksm_cli.mappe import MARKER

    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)}: ist eine Datei, kein Ordner; bitte einen Ordner angeben.")
    marker = target / MARKER
    if marker.exists() and not marker.is_file():
        raise UsageError(
            f"{display_path(marker)}: ist keine gewöhnliche Datei; ksm legt hier keine Mappe an."
        )


def _parse_set(items: list[str], k: Knowledge) -> Answers:
    """``--set KEY=VALUE`` for the Angaben; an empty value removes a key (context None)."""
    from ksm_cli.assess.answers import CONTEXT, Answers
    from ksm_cli.commands.assess import parse_set_options
    from ksm_cli.knowledge.ids import closest

    cleared: list[str] = []
    kept: list[str] = []
    for item in items:
        key = item.split("=", 1)[0].strip()
        if "=" in item and key and key not in CONTEXT:
            hint = closest(key, list(CONTEXT))
            flow = key in _flow_keys(k)
            reason = (
                "ist eine Frage des Interviews; die Antwort gehört zu ksm assess (--set dort)"
                if flow
                else "unbekannte Angabe" + (f" – meinten Sie '{hint}'?" if hint else "")
            )
            raise UsageError(f"--set {key}: {reason} (erlaubt: {', '.join(CONTEXT)})")
        if "=" in item and key and not item.split("=", 1)[1].strip():
            cleared.append(key)
        else:
            kept.append(item)
    answers = parse_set_options(kept, k) if kept else Answers()
    context = dict(answers.context)
    for key in cleared:
        context[key] = None
    return Answers({}, context)


def _flow_keys(k: Knowledge) -> set[str]:
    from ksm_cli.assess.answers import all_keys

    return set(all_keys(k.flowchart))


def _ask(k: Knowledge, angaben: Answers, fresh: bool) -> Answers:
    from ksm_cli.assess.angaben import run_angaben
    from ksm_cli.prompts import Interviewer

    asker = Interviewer(k)
    asker.say("ksm init – Angaben zur Kommune für die Mappe. Abbrechen mit Strg+C (nichts wird geändert).")
    asker.say("Jede Angabe ist freiwillig; Enter ohne Eingabe lässt sie offen.")
    return run_angaben(k, asker.ask, lambda ids, answers: _review(asker, k, ids, answers), angaben, fresh)


def _review(asker, k: Knowledge, ids: list[str], answers: Answers) -> str:
    """The summary of the Angaben: save, or change one of them."""
    from ksm_cli.assess.interview import CONFIRM, question_by_id
    from ksm_cli.prompts import _label, ask_choice, fit_choice

    asker.say()
    asker.say("── Angaben zur Kommune ──")
    width = asker.width()
    choices = [(CONFIRM, "Angaben speichern")]
    for key in ids:
        question = question_by_id(k, key, answers.context)
        shown = _label(question, answers.context.get(key))
        asker.say(f"  {question.title}  →  {shown}", indent="    ")
        choices.append((key, fit_choice(f"Ändern: {question.title} ({shown})", width)))
    asker.say()
    return ask_choice("Stimmen die Angaben?", choices)


def _write(k: Knowledge, place: Mappe, angaben: Answers, new: bool) -> None:
    from ksm_cli.assess.angaben import angaben_text
    from ksm_cli.cli.files import save_edited, save_text
    from ksm_cli.fs import display_path
    from ksm_cli.mappe import README_NAME, readme_text

    path = place.file("kommune")
    save_edited(path, "Angaben zur Kommune", lambda old: angaben_text(angaben, k, old), make_dirs=True)
    readme = place.root / README_NAME
    text = readme_text(angaben.context.get("kommune"))
    if not readme.exists() or _is_our_readme(readme):
        save_text(readme, text, "LIESMICH.txt")
    elif new:
        from ksm_cli.render.output import notice

        notice(f"Hinweis: {display_path(readme)} gab es schon; ksm hat die Datei nicht verändert.")


def _is_our_readme(path: Path) -> bool:
    from ksm_cli.fs import FileProblem, read_prefix

    try:
        head = read_prefix(path, 200).decode("utf-8", "replace")
    except (FileProblem, OSError):
        return False
    return head.startswith("Mappe ") and " für ksm, " in head.split("\n", 1)[0]


def _show(k: Knowledge, place: Mappe, angaben: Answers, created: bool, changed: bool, as_json: bool) -> None:
    from ksm_cli.cli.files import report_written
    from ksm_cli.render import mappe as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(view.init_json(k, place, angaben, created, changed))
        return
    emit(view.init_blocks(k, place, angaben, created, changed))
    if changed:
        report_written(place.file("kommune"))
