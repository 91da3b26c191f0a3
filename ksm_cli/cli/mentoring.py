"""``ksm mentoring``: log mentoring activities, tally credited days, write the report text."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksm_cli.cli.files import locked, save_edited
from ksm_cli.cli.lazy import KsmCommand, KsmSubGroup
from ksm_cli.cli.options import ForceOption, JsonOption, MappeOption, knowledge, mappe_for, run_of
from ksm_cli.commands.mentoring import log_path
from ksm_cli.commands.mentoring import read as _read
from ksm_cli.commands.mentoring import whole as _whole
from ksm_cli.errors import InputError, UsageError

if TYPE_CHECKING:
    pass

app = typer.Typer(
    cls=KsmSubGroup,
    help="Mentoring-Tage protokollieren, je Projektjahr anrechnen und den Text für den Schlussbericht "
    "schreiben (Handreichung zum Mentoring-Programm, SK:KK).",
    no_args_is_help=True,
)

LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log",
        metavar="DATEI",
        dir_okay=False,
        show_default=False,
        help="Protokolldatei (Standard: mentoring-protokoll.yaml der Mappe; außerhalb einer Mappe im "
        "Benutzerordner oder KSM_MENTORING_LOG).",
    ),
]
YearOption = Annotated[
    str | None,
    typer.Option("--year", metavar="N", help="Nur dieses Projektjahr (bzw. Kalenderjahr). [mindestens 1]"),
]


# The keys of the log (the core's field names) as the user typed them, per command.
INIT_FLAGS = {"rolle": "--role", "vorhaben": "--vorhaben", "regelsatz": "--rules", "projektbeginn": "--start"}
ADD_FLAGS = {
    "datum": "--date",
    "format": "--kind",
    "titel": "--title",
    "ort": "--place",
    "personen": "--participants",
    "stunden": "--hours",
    "forum_wochen": "--forum-weeks",
    "beitraege": "--posts",
    "notiz": "--note",
}


@contextmanager
def _named(names: dict[str, str]) -> Iterator[None]:
    """A problem the core finds in a value is named by the flag the user typed."""
    try:
        yield
    except InputError as error:
        raise error.named(names) from None


def _path(log: Path | None, ctx: typer.Context) -> Path:
    """``--log``, else the log of the Mappe, else ``KSM_MENTORING_LOG`` or the user data folder."""
    return log if log is not None else log_path(None, mappe_for(ctx))


def _terminal() -> bool:
    from ksm_cli.prompts import stdin_is_terminal

    return stdin_is_terminal()


def _save(path: Path, log: dict[str, Any], k: Any) -> None:
    """Write the log: a new file, or the file on disk with only the changes (its comments stay)."""
    from ksm_cli.mentoring.log import log_text

    save_edited(path, "Mentoring-Protokoll", lambda old_text: log_text(log, old_text, k), make_dirs=True)


CALENDAR_YEARS = ("", "kalenderjahre")


def _draft_file(ctx: typer.Context, path: Path) -> Path:
    """Where an interrupted init or add keeps its answers: in the Mappe, else beside the log."""
    from ksm_cli.mappe import draft_path

    return draft_path("mentoring", mappe_for(ctx), path)


def _resume(command: str, log: Path | None) -> str:
    from ksm_cli.fs import display_path

    return f"ksm mentoring {command}" + (f" --log {display_path(log)}" if log is not None else "")


@app.command("init", cls=KsmCommand)
def init(
    ctx: typer.Context,
    role: Annotated[
        str | None, typer.Option("--role", metavar="ROLLE", help="mentor, mentee oder beide.")
    ] = None,
    vorhaben: Annotated[
        str | None,
        typer.Option("--vorhaben", metavar="VORHABEN", help="erstvorhaben oder anschlussvorhaben."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATUM",
            help="Projektbeginn (ab dann zählen Projektjahre); 'kalenderjahre' zählt Kalenderjahre.",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            metavar="REGELSATZ",
            help="Regelsatz für die Mindestzeit (die Regelsätze, ihre Tage und den Standard zeigt "
            "ksm mentoring formats).",
        ),
    ] = None,
    log: LogOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Das Mentoring-Protokoll anlegen oder seine Kopfdaten ändern (Einträge bleiben erhalten).

    Im Terminal ohne Optionen fragt ksm nach; sonst gelten die Optionen, und was fehlt, bleibt
    wie im vorhandenen Protokoll.
    """
    from ksm_cli.mentoring.log import choice_value, header_choices

    k = knowledge(ctx)
    path = _path(log, ctx)
    current = _read(path, k) if path.exists() else None
    given = {"role": role, "vorhaben": vorhaben, "start": start, "rules": rules}
    keeper = None
    if all(v is None for v in given.values()) and _terminal():
        from ksm_cli.cli import mentoring_prompts as prompts

        if current is None:  # a new log in a Mappe: the Vorhaben of kommune.yaml is not asked again
            given["vorhaben"] = _mappe_vorhaben(ctx, k)
        known = {
            n: list(header_choices(k.mentoring)[c])
            for n, c in (("role", "rolle"), ("vorhaben", "vorhaben"), ("rules", "regelsatz"))
        }
        given, keeper = prompts.interview(
            "init",
            _draft_file(ctx, path),
            _resume("init", log),
            lambda start, save: prompts.ask_header(k.mentoring, current, start, save),
            given,
            known,
        )
    old = current or {}
    role = given["role"] or old.get("rolle")
    vorhaben = given["vorhaben"] or old.get("vorhaben") or _mappe_vorhaben(ctx, k)
    if role is None or vorhaben is None:
        missing = " und ".join(
            flag for flag, value in (("--role", role), ("--vorhaben", vorhaben)) if value is None
        )
        raise UsageError(
            f"Ohne Terminal bitte {missing} angeben, z. B. "
            "ksm mentoring init --role mentor --vorhaben anschlussvorhaben --start 2025-07-01"
        )
    default_rule = next(r["id"] for r in k.mentoring["rule_sets"] if r["default"])
    choices = header_choices(k.mentoring)
    with _named(INIT_FLAGS):
        header = {
            "rolle": choice_value("rolle", role, choices["rolle"]),
            "vorhaben": choice_value("vorhaben", vorhaben, choices["vorhaben"]),
            "regelsatz": choice_value(
                "regelsatz", given["rules"] or old.get("regelsatz") or default_rule, choices["regelsatz"]
            ),
            "projektbeginn": old.get("projektbeginn"),
        }
        if given["start"] is not None:
            text = given["start"].strip()
            header["projektbeginn"] = None if text.lower() in CALENDAR_YEARS else _start(text)
    with locked(path, make_dirs=True):
        current = _read(path, k) if path.exists() else None
        entries = current["eintraege"] if current else []
        begin = header["projektbeginn"]
        early = [e["id"] for e in entries if begin and e["datum"] < begin]
        if early:
            raise InputError(
                "projektbeginn", f"die Einträge {', '.join(map(str, early))} liegen davor", given["start"]
            ).named(INIT_FLAGS)
        _save(path, {**header, "eintraege": entries}, k)
    if keeper is not None:
        keeper.finish()
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json
    from ksm_cli.storage import display_path

    if as_json:
        emit_json(
            {
                "schema": "ksm.mentoring.init/1",
                "path": str(path),
                "created": current is None,
                "header": header,
                "entries": len(entries),
                "notes": view.init_notes(k.mentoring, header),
            }
        )
        return
    emit(view.init_blocks(k, header, display_path(path), created=current is None, entries=len(entries)))


def _mappe_vorhaben(ctx: typer.Context, k: Any) -> str | None:
    """The Vorhaben of the Mappe's kommune.yaml, if there is a Mappe and it says."""
    place = mappe_for(ctx)
    if place is None:
        return None
    from ksm_cli.assess.angaben import load_angaben

    value = load_angaben(place.file("kommune"), k).context.get("vorhaben")
    return str(value) if value else None


def _start(text: str) -> dt.date:
    """``--start``: a date, or 'kalenderjahre' (then calendar years count)."""
    from ksm_cli.mentoring.log import date_value

    try:
        return date_value("projektbeginn", text)
    except InputError as error:
        if not error.accepted:
            raise
        accepted = [*error.accepted, CALENDAR_YEARS[-1]]
        raise InputError(error.field, error.reason, error.value, accepted=accepted) from None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _hours_arg(raw: str) -> float:
    from ksm_cli.german import (
        HOURS_PLACES,
        MAX_ACTIVITY_HOURS,
        de_number,
        decimal_places,
        parse_decimal,
        shown,
    )

    value = parse_decimal(raw, thousands_dot=False)
    if value is None or value > MAX_ACTIVITY_HOURS or decimal_places(value) > HOURS_PLACES:
        raise UsageError(
            f"Ungültiger Wert für --hours: '{shown(raw)}' ist keine gültige Zahl. Erlaubt: Stunden von 0 bis "
            f"{de_number(MAX_ACTIVITY_HOURS)} mit höchstens {HOURS_PLACES} Nachkommastellen, z. B. 6,5."
        )
    return value


@app.command("add", cls=KsmCommand)
def add(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATUM", help="Datum (JJJJ-MM-TT oder TT.MM.JJJJ), z. B. 2026-03-12."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="FORMAT",
            help="Format (die Formate und ihre Anrechnung zeigt ksm mentoring formats).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Titel bzw. Thema.")] = None,
    place: Annotated[str | None, typer.Option("--place", metavar="TEXT", help="Ort.")] = None,
    participants: Annotated[
        str | None, typer.Option("--participants", metavar="N", help="Erreichte Personen.")
    ] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", metavar="H", help="Tatsächlicher Aufwand in Stunden, z. B. 6,5.")
    ] = None,
    forum_weeks: Annotated[
        str | None,
        typer.Option(
            "--forum-weeks",
            metavar="WOCHEN",
            help="Bei einem Format, das nach Wochen angerechnet wird: Wochen der Betreuung "
            "(die Stufen zeigt ksm mentoring formats).",
        ),
    ] = None,
    posts: Annotated[
        str | None,
        typer.Option("--posts", metavar="N", help="Anzahl der Beiträge (Nachweis nach Handreichung 5.5)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Notiz.")] = None,
    log: LogOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Eine Mentoring-Aktivität eintragen (im Terminal mit Rückfragen, sonst über Optionen)."""
    from ksm_cli.mentoring.credits import project_year, tally
    from ksm_cli.mentoring.log import choice_value, date_value, entry_values, next_id

    k = knowledge(ctx)
    path = _path(log, ctx)
    formats = {f["id"]: f for f in k.mentoring["formats"]}
    _whole(participants, "--participants")  # the options first: as click checked them before
    _whole(posts, "--posts")
    _whole(forum_weeks, "--forum-weeks")
    if date is not None:
        with _named(ADD_FLAGS):
            date_value("datum", date)
    if hours is not None:
        _hours_arg(hours)
    current = _read(path, k)  # a missing or broken log stops here, before any question
    raw = {
        "datum": date,
        "format": kind,
        "titel": title,
        "ort": place,
        "notiz": note,
        "personen": _text(participants),
        "beitraege": _text(posts),
        "stunden": _text(hours),
        "forum_wochen": _text(forum_weeks),
    }
    keeper = None
    if (date is None or kind is None or title is None) and _terminal():
        from ksm_cli.cli import mentoring_prompts as prompts

        if kind is not None:
            with _named(ADD_FLAGS):
                raw["format"] = choice_value("format", kind, list(formats))
        raw, keeper = prompts.interview(
            "add",
            _draft_file(ctx, path),
            _resume("add", log),
            lambda start, save: prompts.ask_entry(k.mentoring, current["projektbeginn"], start, save),
            raw,
            {"format": list(formats)},
        )
    missing = [
        o for o, key in (("--date", "datum"), ("--kind", "format"), ("--title", "titel")) if raw[key] is None
    ]
    if missing:
        raise UsageError(
            "Ohne Terminal bitte angeben: "
            + ", ".join(missing)
            + ' (z. B. --date 2026-03-12 --kind webinar --title "Haushaltsplanung")'
        )
    with _named(ADD_FLAGS):
        entry = entry_values({"id": "1", **raw}, formats)
    with locked(path, make_dirs=True):
        current = _read(path, k)
        begin = current["projektbeginn"]
        if begin and entry["datum"] < begin:
            raise InputError("datum", f"liegt vor dem Projektbeginn ({begin:%d.%m.%Y})", raw["datum"]).named(
                ADD_FLAGS
            )
        entry["id"] = next_id(current)
        current["eintraege"].append(entry)
        _save(path, current, k)
    if keeper is not None:
        keeper.finish()
    number = project_year(entry["datum"], current["projektbeginn"])[0]
    year = next(y for y in tally(k, current)["years"] if y["project_year"] == number)
    added = next(a for a in year["activities"] if a["id"] == entry["id"])
    from ksm_cli.render import mentoring as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(
            {
                "schema": "ksm.mentoring.add/1",
                "entry": added,
                "project_year": year["project_year"],
                "credited_days": year["credited_days"],
                "minimum_days": year["minimum_days"],
                "session_record": formats[entry["format"]].get("session_record"),
            }
        )
    else:
        emit(view.added_blocks(k, added, year))


@app.command("list", cls=KsmCommand)
def list_entries(
    ctx: typer.Context,
    year: YearOption = None,
    log: LogOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Alle Einträge des Protokolls anzeigen."""
    from ksm_cli.commands.mentoring import list_entries as run

    return run(run_of(ctx), year=year, log=log, mappe=mappe, as_json=as_json)


@app.command("remove", cls=KsmCommand)
def remove(
    ctx: typer.Context,
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="ID des Eintrags (siehe ksm mentoring list).")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Ohne Rückfrage löschen (für Skripte).")] = False,
    log: LogOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Einen Eintrag löschen (im Terminal mit Rückfrage, sonst nur mit --yes)."""
    from ksm_cli.render.output import emit_json

    ident = _whole(entry_id, "ID", minimum=1)
    k = knowledge(ctx)
    path = _path(log, ctx)
    current = _read(path, k)
    entry = next((e for e in current["eintraege"] if e["id"] == ident), None)
    if entry is None:
        raise UsageError(
            f"Eintrag {ident} gibt es nicht. Vorhanden: "
            + (", ".join(str(e["id"]) for e in current["eintraege"]) or "keine")
        )
    if not yes:
        if not _terminal():
            raise UsageError(f"Ohne Terminal bitte mit --yes bestätigen: ksm mentoring remove {ident} --yes")
        from ksm_cli.prompts import ask_confirm

        if not ask_confirm(
            f"Eintrag {ident} „{entry['titel']}“ vom {entry['datum']:%d.%m.%Y} löschen?",
            yes="Ja, löschen",
            no="Nein, behalten",
        ):
            if as_json:
                emit_json({"schema": "ksm.mentoring.remove/1", "removed": None})
            else:
                sys.stdout.write("Nichts gelöscht.\n")
            return
    with locked(path, make_dirs=True):
        current = _read(path, k)
        removed = next((e for e in current["eintraege"] if e["id"] == ident), None)
        if removed is None:  # another process removed it meanwhile
            raise UsageError(f"Eintrag {ident} gibt es nicht mehr.")
        current["eintraege"].remove(removed)
        _save(path, current, k)
    if as_json:
        emit_json({"schema": "ksm.mentoring.remove/1", "removed": removed})
    else:
        sys.stdout.write(f"Eintrag {ident} gelöscht.\n")


@app.command("credits", cls=KsmCommand)
def credits(
    ctx: typer.Context,
    year: YearOption = None,
    all_years: Annotated[
        bool, typer.Option("--all", help="Alle Projektjahre statt nur des laufenden.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit-Code 1, wenn die Mindestzeit nicht erreicht ist (für Skripte)."),
    ] = False,
    log: LogOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> int | None:
    """Angerechnete Mentoring-Tage je Projektjahr gegen die Mindestzeit."""
    from ksm_cli.commands.mentoring import credits as run

    return run(
        run_of(ctx), year=year, all_years=all_years, check=check, log=log, mappe=mappe, as_json=as_json
    )


@app.command("report", cls=KsmCommand)
def report(
    ctx: typer.Context,
    year: YearOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", metavar="DATEI", dir_okay=False, help="Text in eine Datei schreiben statt anzeigen."
        ),
    ] = None,
    log: LogOption = None,
    mappe: MappeOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Freitext für den Schlussbericht im NKI-Monitoring-Tool (Handreichung 5.5).

    Im Terminal zwischen Wörtern umbrochen; in eine Datei (--output) oder eine Pipe geht der
    Text ohne Umbrüche, wie ihn das Freitextfeld aufnimmt.
    """
    from ksm_cli.commands.mentoring import report as run

    return run(run_of(ctx), year=year, output=output, log=log, mappe=mappe, force=force, as_json=as_json)


@app.command("formats", cls=KsmCommand)
def formats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Die Mentoring-Formate mit ihrer Anrechnung (Tabelle in Handreichung 5.4)."""
    from ksm_cli.commands.mentoring import formats as run

    return run(run_of(ctx), as_json=as_json)


@app.command("topics", cls=KsmCommand)
def topics(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Themen für das Mentoring (Handreichung 4)."""
    from ksm_cli.commands.mentoring import topics as run

    return run(run_of(ctx), as_json=as_json)
