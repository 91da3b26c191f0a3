"""The interactive IST/SOLL entry of ``ksm tasks assess``: group by group, with running totals.

Imported only when a prompt is shown. Ctrl-C is not caught here: the shell exits with 130 and
nothing is written.
"""

from __future__ import annotations

from typing import Any

from ksm_cli.german import HOURS_PLACES, MAX_WEEKLY_HOURS, de_number, parse_whole
from ksm_cli.prompts import ask_choice, ask_text, prompt_stream
from ksm_cli.render.document import clean
from ksm_cli.render.tasks import task_label
from ksm_cli.tasks.selfassessment import (
    COLUMN_LABELS,
    HOURS_NEED_WEEKLY,
    STORED_PLACES,
    TOTAL,
    SelfAssessment,
    ShareProblem,
    parse_hours,
    parse_share,
    split_hours,
    sums,
)
from ksm_cli.vocabulary import KOMMUNENTYPEN

BACK = "<"
DRAFT, AGAIN, CANCEL = "entwurf", "nochmal", "abbrechen"


KEEP = "\u00a0"  # a space at which ``say`` does not wrap (it prints a plain space)


def say(text: str = "", indent: str = "") -> None:
    """One paragraph, wrapped at word boundaries to the terminal's width; words joined by KEEP
    stay on one line, and so do the two halves of "z. B."."""
    import textwrap

    stream = prompt_stream()
    text = clean(text).replace("z. B.", f"z.{KEEP}B.")  # never "z." at the end of a line
    filled = textwrap.fill(text, _width(), subsequent_indent=indent).replace(KEEP, " ")
    stream.write(filled + "\n" if text else "\n")
    stream.flush()


def _share(sa: SelfAssessment, percent: float, space: str = " ") -> str:
    text = f"{de_number(percent, 1)}{space}%"
    if sa.wochenstunden is None:
        return text
    return f"{text}{space}={space}{de_number(sa.wochenstunden * percent / TOTAL, 1)}{space}h"


def _status(sa: SelfAssessment) -> str:
    """The sums so far; a line breaks only between the figures, never inside '50 % = 19,5 h'."""
    parts = []
    for column, total in sums(sa).items():
        used, free = _share(sa, total, KEEP), _share(sa, TOTAL - total, KEEP)
        parts.append(f"{COLUMN_LABELS[column]}{KEEP}{used} (frei{KEEP}{free})")
    return "Bisher: " + " · ".join(parts)


def say_intro(tasks_file: dict[str, Any]) -> None:
    """What the self-assessment is for: the two questions of Kapitel 4.2 it prepares."""
    questions = tasks_file["anchoring"]["questions"]
    say(
        "Selbsteinschätzung IST/SOLL der Arbeitszeit (Kapitel 4.1): eine Diskussionsgrundlage "
        "für die künftige inhaltliche Ausrichtung der Stelle."
    )
    say(f"{' '.join(questions['text'].split())} ({questions['source']}):")
    for item in questions["items"]:
        say(f"• {' '.join(item.split())}", indent="  ")
    say()


def ask_header(sa: SelfAssessment, landkreis_flag: bool, on_answer=None, keep_known: bool = False) -> None:
    """Kommune, Kommunentyp and weekly hours; ``on_answer()`` after each (to save a draft).

    ``keep_known``: in a Mappe, a name and a type already known are not asked again."""
    changed = on_answer or (lambda: None)
    if keep_known and sa.kommune:
        say(f"Kommune: {sa.kommune} (aus der Mappe)")
    else:
        sa.kommune = (
            ask_text("Name der Kommune", default=sa.kommune or "", instruction="(Enter = keine Angabe)")
            or None
        )
        changed()
    if keep_known and sa.kommunentyp:
        say(f"Kommunentyp: {KOMMUNENTYPEN.get(sa.kommunentyp, sa.kommunentyp)} (aus der Mappe)")
    elif not landkreis_flag:
        say("Für Landkreise gelten weitere Aufgaben (Tabellen 4.2 und 4.3).")
        sa.kommunentyp = ask_choice(
            "Welcher Kommunentyp?",  # with the longest answer within 80 columns
            list(KOMMUNENTYPEN.items()),
            default=sa.kommunentyp,
        )
        changed()

    def hours_ok(text: str) -> bool | str:
        return (
            True
            if not text.strip() or parse_hours(text)
            else f"Bitte Stunden über 0 bis {de_number(MAX_WEEKLY_HOURS)} eingeben, z. B. 39 oder 19,5"
        )

    shown = de_number(sa.wochenstunden, HOURS_PLACES) if sa.wochenstunden else ""  # reads back exactly
    text = ask_text(
        "Wochenarbeitszeit in Stunden",
        validate=hours_ok,
        default=shown,
        instruction="(z. B. 39 oder 19,5; Enter = nur %)",
    )
    sa.wochenstunden = parse_hours(text) if text else None
    changed()


def entry_help(sa: SelfAssessment) -> str:
    """How values are typed, said once before the first task."""
    text = (
        "Je Aufgabe IST und SOLL in % der Arbeitszeit in einer Eingabe: 10/15 heißt IST 10 %, "
        "SOLL 15 %. Eine Zahl allein ist das IST; dann fragt ksm das SOLL."
    )
    if sa.wochenstunden is not None:
        hours = de_number(sa.wochenstunden, HOURS_PLACES)
        text += (
            f" Auch in Stunden pro Woche (von {hours} h), z. B. 3,9h/7,8h oder „3,9 Std.“; "
            "ksm rechnet sie in % um."
        )
    return text + " Enter behält den Wert in Klammern, < geht zur vorigen Aufgabe."


def _pair(value: dict[str, float] | None) -> str:
    if value is None:
        return "0/0"
    return f"{de_number(value['ist'], STORED_PLACES)}/{de_number(value['soll'], STORED_PLACES)}"


def _problem(sa: SelfAssessment, column: str, raw: str, free: float) -> str | None:
    """A short German message (it stands under the prompt) if ``raw`` is no valid value for
    ``column`` with ``free`` % left; None if it is."""
    label = COLUMN_LABELS[column]
    try:
        value = parse_share(raw, sa.wochenstunden, free)
    except ShareProblem as problem:
        if problem.reason == HOURS_NEED_WEEKLY:
            return f"{label}: Stunden nur mit Wochenarbeitszeit – bitte in % eingeben"
        if split_hours(raw)[1] and sa.wochenstunden is not None:
            hours = de_number(sa.wochenstunden, HOURS_PLACES)
            return f"{label}: bitte Stunden von 0 bis {hours} eingeben, z. B. 3,9h"
        if sa.wochenstunden is not None:
            return f"{label}: bitte % von 0 bis {de_number(TOTAL)} oder Stunden wie 3,9h eingeben"
        return f"{label}: bitte % von 0 bis {de_number(TOTAL)} eingeben, z. B. 15 oder 7,5"
    if value > free + 1e-9:
        return f"{label}: mehr als 100 % – frei sind noch {_share(sa, max(free, 0.0))}"
    return None


def _free(sa: SelfAssessment, task_id: str, column: str) -> float:
    """What the other tasks leave of ``column``, in %."""
    return round(TOTAL - sum(v[column] for t, v in sa.values.items() if t != task_id), 6)


def _ask_task(sa: SelfAssessment, task_id: str, previous: dict[str, float] | None, can_go_back: bool) -> bool:
    """IST and SOLL of one task, '10/15' at once or IST then SOLL; ``previous`` is what Enter
    keeps (None: not entered yet, Enter gives 0/0). False if the user went back ('<')."""
    free = {column: _free(sa, task_id, column) for column in ("ist", "soll")}
    back = ", < = zurück" if can_go_back else ""

    def check(text: str) -> bool | str:
        text = text.strip()
        if not text or (text == BACK and can_go_back):
            return True
        ist, slash, soll = text.partition("/")
        if slash and not soll.strip():
            return "Bitte IST/SOLL angeben, z. B. 10/15"
        problem = _problem(sa, "ist", ist, free["ist"])
        if problem is None and slash:
            problem = _problem(sa, "soll", soll, free["soll"])
        return problem or True

    unit = "% oder h" if sa.wochenstunden is not None else "%"
    while True:
        text = ask_text(
            f"IST/SOLL in {unit}", validate=check, instruction=f"(Enter = {_pair(previous)}{back})"
        )
        if text == BACK and can_go_back:
            return False
        if not text:
            sa.values[task_id] = dict(previous or {"ist": 0.0, "soll": 0.0})
            return True
        ist, slash, soll = text.partition("/")
        sa.values[task_id] = {
            "ist": parse_share(ist, sa.wochenstunden, free["ist"]),  # the check let it pass
            "soll": (previous or {}).get("soll", 0.0),
        }
        if slash:
            sa.values[task_id]["soll"] = parse_share(soll, sa.wochenstunden, free["soll"])
            return True
        if _ask_soll(sa, task_id, previous, free["soll"]):
            return True
        _restore(sa, task_id, previous)  # '<' at the SOLL: this task's IST/SOLL again
        sa.values.setdefault(task_id, {"ist": 0.0, "soll": 0.0})


def _ask_soll(sa: SelfAssessment, task_id: str, previous: dict[str, float] | None, free: float) -> bool:
    """The SOLL alone, after an IST typed alone; False if the user went back to the IST."""
    kept = (previous or {}).get("soll", 0.0)

    def check(text: str) -> bool | str:
        text = text.strip()
        if not text or text == BACK:
            return True
        return _problem(sa, "soll", text, free) or True

    unit = "% oder h" if sa.wochenstunden is not None else "%"
    text = ask_text(
        f"SOLL in {unit}",
        validate=check,
        instruction=f"(Enter = {de_number(kept, STORED_PLACES)}, < = zurück)",
    )
    if text == BACK:
        return False
    sa.values[task_id]["soll"] = parse_share(text, sa.wochenstunden, free) if text else kept
    return True


def ask_values(
    sa: SelfAssessment,
    tasks: list[dict[str, Any]],
    groups: dict[str, dict[str, Any]],
    start: int = 0,
    on_answer=None,
) -> None:
    """Every visible task from number ``start`` (0-based) on; '<' goes back one task.
    ``on_answer(index)`` after each task, with the number of the next one (to save a draft)."""
    changed = on_answer or (lambda _index: None)
    index, shown_group = start, None
    while index < len(tasks):
        task = tasks[index]
        if task["group"] != shown_group:
            shown_group = task["group"]
            say()
            say(f"── {groups[shown_group]['name']} ({groups[shown_group]['source']}) ──")
        say(_status(sa))
        number = f"{index + 1}/{len(tasks)}: "
        say(number + task_label(task), indent=" " * len(number))
        previous = sa.values.get(task["id"])
        previous = dict(previous) if previous is not None else None
        sa.values.setdefault(task["id"], {"ist": 0.0, "soll": 0.0})
        if _ask_task(sa, task["id"], previous, can_go_back=index > 0):
            index += 1
            changed(index)
            continue
        _restore(sa, task["id"], previous)
        index, shown_group = index - 1, None
        changed(index)
    order = [t["id"] for t in tasks]
    sa.values = {t: sa.values[t] for t in order if t in sa.values}


def _restore(sa: SelfAssessment, task_id: str, previous: dict[str, float] | None) -> None:
    if previous is not None:
        sa.values[task_id] = previous
    else:
        sa.values.pop(task_id, None)


def ask_incomplete(problems: list[str]) -> str:
    say()
    say("Noch nicht vollständig: " + "; ".join(problems) + ".")
    return ask_choice(
        "Wie weiter?",
        [
            (AGAIN, "Werte nochmal durchgehen (ab einer Aufgabe Ihrer Wahl)"),
            (DRAFT, "Als Entwurf speichern"),
            (CANCEL, "Abbrechen, nichts speichern"),
        ],
    )


def _width() -> int:
    import shutil

    return max(20, min(shutil.get_terminal_size((100, 24)).columns, 100) - 1)


def ask_start(sa: SelfAssessment, tasks: list[dict[str, Any]]) -> int:
    """The number of the task to go on from (0-based), after an overview of the values."""
    import textwrap

    say()
    digits = len(str(len(tasks)))
    for number, task in enumerate(tasks, 1):
        head = f"{number:>{digits}}. {_pair(sa.values.get(task['id']))}  "
        text = " ".join(task["text"].split())
        say(head + textwrap.shorten(text, max(10, _width() - len(head)), placeholder=" …"))

    def check(text: str) -> bool | str:
        number = parse_whole(text) if text.strip() else 1
        if number is None or not 1 <= number <= len(tasks):
            return f"Bitte eine Nummer von 1 bis {len(tasks)} eingeben"
        return True

    text = ask_text(f"Ab welcher Aufgabe (1–{len(tasks)})?", validate=check, instruction="(Enter = 1)")
    return (parse_whole(text) or 1) - 1  # the check let only 1 to len(tasks) pass


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


def draft_data(sa: SelfAssessment, header_done: bool, next_task: int) -> dict[str, Any]:
    """The state of the entry for its draft, the values as the file keeps them."""
    values = {t: {"ist": v["ist"], "soll": v["soll"]} for t, v in sa.values.items()}
    return {
        "kommune": sa.kommune,
        "kommunentyp": sa.kommunentyp,
        "wochenstunden": sa.wochenstunden,
        "aufgaben": values,
        "kopf_fertig": header_done,
        "weiter_bei": next_task,
    }


def from_draft(data: dict[str, Any], tasks_file: dict[str, Any]) -> tuple[SelfAssessment, bool, int] | None:
    """The self-assessment, whether the header was done and the next task, from a draft; None
    if the draft does not fit (checked as a self-assessment file is)."""
    from ksm_cli.storage import FieldChecker, UserFileError
    from ksm_cli.tasks.selfassessment import check_data

    record = {k: data.get(k) for k in ("kommune", "kommunentyp", "wochenstunden", "aufgaben")}
    try:
        sa = check_data(record, tasks_file, FieldChecker("Entwurf", {}))
    except UserFileError:
        return None
    index = data.get("weiter_bei")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        return None
    return sa, data.get("kopf_fertig") is True, index


def draft_lines(sa: SelfAssessment, tasks: list[dict[str, Any]]) -> list[str]:
    """What a draft holds, for the offer to continue it."""
    import textwrap

    lines = []
    if sa.kommune:
        lines.append(f"Kommune: {sa.kommune}")
    if sa.kommunentyp:
        lines.append(f"Kommunentyp: {KOMMUNENTYPEN[sa.kommunentyp]}")
    if sa.wochenstunden is not None:
        lines.append(f"Wochenarbeitszeit: {de_number(sa.wochenstunden, HOURS_PLACES)} h")
    for number, task in enumerate(tasks, 1):
        if task["id"] in sa.values:
            head = f"{number}. {_pair(sa.values[task['id']])}  "
            text = " ".join(task["text"].split())
            lines.append(head + textwrap.shorten(text, max(10, _width() - len(head) - 2), placeholder=" …"))
    return lines
