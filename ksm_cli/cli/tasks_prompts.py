"""The interactive IST/SOLL entry of ``ksm tasks assess``: group by group, with running totals.

Imported only when a prompt is shown. Ctrl-C is not caught here: the shell exits with 130 and
nothing is written.
"""

from __future__ import annotations

from typing import Any

from ksm_cli.german import HOURS_PLACES, MAX_WEEKLY_HOURS, PERCENT_PLACES, de_number
from ksm_cli.prompts import ask_choice, ask_text, prompt_stream
from ksm_cli.render.document import clean
from ksm_cli.render.tasks import task_label
from ksm_cli.tasks.selfassessment import (
    COLUMN_LABELS,
    TOTAL,
    SelfAssessment,
    parse_hours,
    parse_percent,
    sums,
)
from ksm_cli.vocabulary import KOMMUNENTYPEN

BACK = "<"
DRAFT, AGAIN, CANCEL = "entwurf", "nochmal", "abbrechen"


def say(text: str = "", indent: str = "") -> None:
    """One paragraph, wrapped at word boundaries to the terminal's width."""
    import shutil
    import textwrap

    stream = prompt_stream()
    width = max(20, min(shutil.get_terminal_size((100, 24)).columns, 100) - 1)
    stream.write(textwrap.fill(clean(text), width, subsequent_indent=indent) + "\n" if text else "\n")
    stream.flush()


def _share(sa: SelfAssessment, percent: float) -> str:
    text = f"{de_number(percent, 1)} %"
    if sa.wochenstunden is None:
        return text
    return f"{text} = {de_number(sa.wochenstunden * percent / TOTAL, 1)} h"


def _status(sa: SelfAssessment) -> str:
    parts = []
    for column, total in sums(sa).items():
        parts.append(f"{COLUMN_LABELS[column]} {_share(sa, total)} (frei {_share(sa, TOTAL - total)})")
    return "Bisher: " + " · ".join(parts)


def ask_header(sa: SelfAssessment, landkreis_flag: bool) -> None:
    sa.kommune = (
        ask_text("Name der Kommune", default=sa.kommune or "", instruction="(Enter = keine Angabe)") or None
    )
    if not landkreis_flag:
        sa.kommunentyp = ask_choice(
            "Welcher Kommunentyp? (Landkreise haben eigene Aufgaben)",
            list(KOMMUNENTYPEN.items()),
            default=sa.kommunentyp,
        )

    def hours_ok(text: str) -> bool | str:
        return (
            True
            if not text.strip() or parse_hours(text)
            else "Bitte Stunden pro Woche wie 39 oder 19,5 eingeben (über 0 bis "
            f"{de_number(MAX_WEEKLY_HOURS)}, höchstens {HOURS_PLACES} Nachkommastellen)"
        )

    shown = de_number(sa.wochenstunden, HOURS_PLACES) if sa.wochenstunden else ""  # reads back exactly
    text = ask_text(
        "Wochenarbeitszeit der Stelle in Stunden",
        validate=hours_ok,
        default=shown,
        instruction="(z. B. 39, bei 0,5 VZÄ 19,5; Enter = nur Prozent)",
    )
    sa.wochenstunden = parse_hours(text) if text else None


def _ask_value(
    sa: SelfAssessment, task_id: str, column: str, current: float | None, can_go_back: bool
) -> float | str:
    """One percentage; ``current`` is the value before this task was opened (None: not entered yet)."""
    others = sum(v[column] for t, v in sa.values.items() if t != task_id)
    free = round(TOTAL - others, 6)

    def check(text: str) -> bool | str:
        if text.strip() == BACK and can_go_back:
            return True
        if not text.strip():
            return True
        value = parse_percent(text)
        if value is None:
            return (
                f"Bitte einen Prozentwert von 0 bis {de_number(TOTAL)} mit höchstens {PERCENT_PLACES} "
                "Nachkommastellen eingeben, z. B. 15 oder 7,5"
            )
        if value > free + 1e-9:
            return f"Damit wären es mehr als 100 % – frei sind noch {de_number(free, 1)} %"
        return True

    hint = "(Enter = 0" + (", < = zurück)" if can_go_back else ")")
    text = ask_text(
        f"{COLUMN_LABELS[column]} in % der Arbeitszeit",
        validate=check,
        default="" if current is None else de_number(current, PERCENT_PLACES),  # reads back exactly
        instruction=hint,
    )
    if text == BACK and can_go_back:
        return BACK
    return (parse_percent(text) if text else None) or 0.0  # the check let only a percentage pass


def ask_values(sa: SelfAssessment, tasks: list[dict[str, Any]], groups: dict[str, dict[str, Any]]) -> None:
    """Every visible task, IST then SOLL; '<' goes back one task."""
    index, shown_group = 0, None
    while index < len(tasks):
        task = tasks[index]
        if task["group"] != shown_group:
            shown_group = task["group"]
            say()
            say(f"── {groups[shown_group]['name']} ({groups[shown_group]['source']}) ──")
        say(_status(sa))
        number = f"{index + 1}/{len(tasks)}: "
        say(number + task_label(task), indent=" " * len(number))
        previous = dict(sa.values.get(task["id"], {}))
        sa.values.setdefault(task["id"], {"ist": previous.get("ist", 0.0), "soll": previous.get("soll", 0.0)})
        ist = _ask_value(sa, task["id"], "ist", previous.get("ist"), can_go_back=index > 0)
        if isinstance(ist, str):  # BACK
            _restore(sa, task["id"], previous)
            index, shown_group = index - 1, None
            continue
        sa.values[task["id"]]["ist"] = ist
        soll = _ask_value(sa, task["id"], "soll", previous.get("soll"), can_go_back=True)
        if isinstance(soll, str):  # BACK
            _restore(sa, task["id"], previous)
            shown_group = None
            continue  # the same task again, from IST
        sa.values[task["id"]]["soll"] = soll
        index += 1
    order = [t["id"] for t in tasks]
    sa.values = {t: sa.values[t] for t in order if t in sa.values}


def _restore(sa: SelfAssessment, task_id: str, previous: dict[str, float]) -> None:
    if previous:
        sa.values[task_id] = previous
    else:
        sa.values.pop(task_id, None)


def ask_incomplete(problems: list[str]) -> str:
    say()
    say("Noch nicht vollständig: " + "; ".join(problems) + ".")
    return ask_choice(
        "Wie weiter?",
        [
            (AGAIN, "Werte nochmal durchgehen"),
            (DRAFT, "Als Entwurf speichern"),
            (CANCEL, "Abbrechen, nichts speichern"),
        ],
    )


def ask_path(default: str) -> str:
    """A file name; an existing file is overwritten only after a yes (the default is no)."""
    from pathlib import Path

    from ksm_cli.prompts import ask_confirm

    def check(text: str) -> bool | str:
        if not text.strip():
            return "Bitte einen Dateinamen eingeben"
        return (
            "Das ist ein Verzeichnis – bitte einen Dateinamen eingeben"
            if Path(text.strip()).is_dir()
            else True
        )

    while True:
        path = ask_text("Speichern unter", validate=check, default=default)
        if not Path(path).exists() or ask_confirm(
            f"{path} gibt es schon. Überschreiben?", yes="Ja, überschreiben", no="Nein, anderen Namen wählen"
        ):
            return path
        default = path


def ask_overwrite_changed(path: str) -> bool:
    say()
    say(f"{path} wurde geändert, während Sie die Werte eingegeben haben (anderes Fenster oder Programm).")
    return (
        ask_choice(
            "Was soll gespeichert werden?",
            [
                ("anders", "Unter einem anderen Namen speichern (die geänderte Datei bleibt)"),
                ("ueberschreiben", "Meine Eingaben speichern und die Änderung überschreiben"),
            ],
        )
        == "ueberschreiben"
    )
