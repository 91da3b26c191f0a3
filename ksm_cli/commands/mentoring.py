"""What the reading commands of ``ksm mentoring`` do (credits, list, report, formats, topics), and finding and reading the log (options:
``ksm_cli.cli.mentoring``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksm_cli.errors import EXIT_FAILURE, UsageError

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run
    from ksm_cli.mappe import Mappe
    from ksm_cli.mentoring.types import Tally

MISSING_LOG = "kein Mentoring-Protokoll gefunden. Anlegen mit: ksm mentoring init"


def whole(raw: str | None, option: str, minimum: int = 0) -> int | None:
    """A whole number typed after ``option``: ASCII digits only, at most MAX_DIGITS (no int() of
    5,000 digits, no '²' or '٣'). The messages are those of the shell for click's numbers."""
    from ksm_cli.german import MAX_DIGITS, parse_whole, shown

    if raw is None:
        return None
    value = parse_whole(raw)
    text = raw.strip()
    if value is None and text.startswith("-") and parse_whole(text[1:]) is not None:
        value = -1  # a negative number: below the minimum
    if value is None:
        raise UsageError(
            f"Ungültiger Wert für {option}: '{shown(raw)}' ist keine ganze Zahl. "
            f"Erlaubt: nur die Ziffern 0–9, höchstens {MAX_DIGITS}."
        )
    if value < minimum:
        raise UsageError(
            f"Ungültiger Wert für {option}: {shown(text)} ist nicht erlaubt (erlaubt: mindestens {minimum})."
        )
    return value


def read(path: Path, k: Any) -> dict[str, Any]:
    from ksm_cli.mentoring.log import default_path, read_log

    missing = MISSING_LOG
    if not path.exists() and path.name == "mentoring-protokoll.yaml" and path != default_path():
        earlier = default_path()  # kept before the Mappe existed: say where, so it is not started anew
        if earlier.is_file():
            from ksm_cli.fs import display_path

            missing += (
                f". Ein früheres Protokoll liegt im Benutzerordner ({display_path(earlier)}); für diese Mappe "
                f"die Datei als {path.name} in die Mappe kopieren"
            )
    return read_log(path, k, missing)


def _log(run: Run, log: Path | None, mappe: Path | None) -> Path:
    """``--log``; without it the log of the Mappe, looked for only then (a ``--mappe`` or
    ``KSM_MAPPE`` that is no Mappe does not stop a run on a named log)."""
    return log if log is not None else log_path(None, run.mappe(mappe))


def log_path(log: Path | None, place: Mappe | None) -> Path:
    """``--log``, else the log of the Mappe (``place``), else ``KSM_MENTORING_LOG`` or the user
    data folder."""
    if log is not None:
        return log
    if place is not None:
        return place.file("mentoring")
    from ksm_cli.mentoring.log import default_path

    return default_path()


def select(result: Tally, year: int | None, all_years: bool, today: dt.date) -> Tally:
    """The tally of one year (``--year``, or the current one) or of all. Without ``--year`` the
    other years with entries come along as ``other_years``: right after logging in year 1, the
    view of year 2 then still says how year 1 stands."""
    from ksm_cli.mentoring.credits import project_year

    if all_years:
        return result
    current = year is None
    if year is None:  # the current year; before the Projektbeginn, the first one
        begin = result["projektbeginn"]
        year = project_year(today if begin is None else max(today, begin), begin)[0]
    chosen = [y for y in result["years"] if y["project_year"] == year]
    if not chosen:
        # only years that have entries: the current year is in the tally even when empty
        known = ", ".join(str(y["project_year"]) for y in result["years"] if y["activities"]) or "keine"
        raise UsageError(f"--year {year}: keine Einträge in diesem Jahr. Jahre mit Einträgen: {known}")
    others = [y for y in result["years"] if y["project_year"] != year and y["activities"]] if current else []
    return {**result, "years": chosen, "other_years": others}  # the same tally, restricted


def list_entries(
    run: Run,
    year: str | None = None,
    log: Path | None = None,
    mappe: Path | None = None,
    as_json: bool = False,
) -> None:
    from ksm_cli.mentoring.credits import project_year
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json
    from ksm_cli.storage import display_path

    number = whole(year, "--year", minimum=1)
    k = run.knowledge()
    path = _log(run, log, mappe)
    current = read(path, k)
    entries = [
        e
        for e in current["eintraege"]
        if number is None or project_year(e["datum"], current["projektbeginn"])[0] == number
    ]
    if as_json:
        emit_json({"schema": "ksm.mentoring.list/1", "entries": entries})
    else:
        emit(view.list_blocks(k, current, entries, display_path(path)))


def credits(
    run: Run,
    year: str | None = None,
    all_years: bool = False,
    check: bool = False,
    log: Path | None = None,
    mappe: Path | None = None,
    as_json: bool = False,
) -> int | None:
    from ksm_cli.mentoring.credits import tally
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json

    if year is not None and all_years:
        raise UsageError("Bitte nur eines angeben: --year oder --all.")
    number = whole(year, "--year", minimum=1)
    k = run.knowledge()
    today = dt.date.today()
    result = select(tally(k, read(_log(run, log, mappe), k), today), number, all_years, today)
    if as_json:
        emit_json(view.credits_json(result))
    else:
        emit(view.credits_blocks(k, result))
    if check and any(y["met"] is False for y in result["years"]):
        return EXIT_FAILURE
    return None


def report(
    run: Run,
    year: str | None = None,
    output: Path | None = None,
    log: Path | None = None,
    mappe: Path | None = None,
    force: bool = False,
    as_json: bool = False,
) -> None:
    from ksm_cli.cli.files import distinct_files, report_written, save_output
    from ksm_cli.mentoring.credits import tally
    from ksm_cli.render import mentoring as view

    number = whole(year, "--year", minimum=1)
    path = _log(run, log, mappe)
    distinct_files(("das Mentoring-Protokoll", path), ("--output", output))
    k = run.knowledge()
    result = tally(k, read(path, k))
    if number is not None:
        result = select(result, number, False, dt.date.today())
    text = view.report_text(k, result)
    if output is not None:
        save_output(output, text, "Berichtstext", "--output", force)
        if not as_json:
            report_written(output)
    if as_json:
        from ksm_cli.render.output import emit_json

        emit_json(
            {
                "schema": "ksm.mentoring.report/1",
                "text": text,
                "output": None if output is None else str(output),
                "years": view.credits_json(result)["years"],
            }
        )
    elif output is None:
        from ksm_cli.render.output import use_rich

        if use_rich():  # a terminal: broken between words, never inside one
            import shutil

            text = view.wrapped(text, shutil.get_terminal_size((100, 24)).columns)
        sys.stdout.write(text)


def formats(run: Run, as_json: bool = False) -> None:
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json

    k = run.knowledge()
    if as_json:
        emit_json(
            {
                "schema": "ksm.mentoring.formats/1",
                "formats": k.mentoring["formats"],
                "rule_sets": k.mentoring["rule_sets"],
                "programme": k.mentoring["programme"],
            }
        )
    else:
        emit(view.formats_blocks(k.mentoring))


def topics(run: Run, as_json: bool = False) -> None:
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json

    k = run.knowledge()
    if as_json:
        emit_json({"schema": "ksm.mentoring.topics/1", "topic_groups": k.mentoring["topic_groups"]})
    else:
        emit(view.topics_blocks(k.mentoring))
