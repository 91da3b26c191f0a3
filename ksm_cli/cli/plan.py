"""``ksm plan``: the dated Fahrplan of Kapitel 5.1, its progress, and the calendar file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksm_cli.cli.lazy import KsmCommand, KsmSubGroup
from ksm_cli.cli.options import ForceOption, JsonOption, MappeOption, StichtagOption, knowledge, mappe_for
from ksm_cli.errors import InputError, UsageError

if TYPE_CHECKING:
    import datetime as dt

    from ksm_cli.mappe import Mappe

app = typer.Typer(
    cls=KsmSubGroup,
    help="Der Fahrplan der Verstetigung (Kapitel 5.1) mit Fristen, erledigten Schritten und einer Kalenderdatei.\n\n"
    "Ohne Befehl zeigt ksm plan die Schritte mit ihren Fristen für das Förderende und das Vorhaben der "
    "Mappe (dieselben wie ksm assess); erledigte Schritte trägt ksm plan done SCHRITT ein. Außerhalb "
    "einer Mappe kommen Förderende und Vorhaben aus --answers oder --set.",
    invoke_without_command=True,
)

NO_MAPPE = (
    "Erledigte Schritte werden in einer Mappe festgehalten, und hier ist keine (kein kommune.yaml in "
    "diesem Ordner oder darüber). Eine Mappe anlegen mit ksm init ORDNER, oder eine nennen mit --mappe ORDNER."
)


@app.callback()
def plan(
    ctx: typer.Context,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="DATEI",
            dir_okay=False,
            help="Die Fristen als Kalenderdatei (iCalendar, .ics) für Outlook oder Thunderbird schreiben; "
            "erneut importiert, aktualisiert sie die Einträge.",
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="DATEI",
            dir_okay=False,
            help="Außerhalb einer Mappe: Förderende und Vorhaben aus einer Antwortdatei lesen.",
        ),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SCHLÜSSEL=WERT",
            help="Eine Angabe setzen, z. B. --set foerderende=30.06.2027 --set vorhaben=anschlussvorhaben.",
        ),
    ] = None,
    stichtag: StichtagOption = None,
    force: ForceOption = False,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Der Fahrplan der Verstetigung (Kapitel 5.1) mit Fristen, erledigten Schritten und einer Kalenderdatei.

    Ohne Unterbefehl zeigt ksm plan die Schritte mit ihren Fristen für das Förderende und das Vorhaben der Mappe (dieselben wie ksm assess); erledigte Schritte trägt ksm plan done SCHRITT ein. Außerhalb einer Mappe kommen Förderende und Vorhaben aus --answers oder --set.
    """
    if ctx.invoked_subcommand is not None:
        if ics or answers_file or set_values or as_json or stichtag or force:
            raise UsageError(
                "--ics, --answers, --set, --stichtag, --force und --json gelten nur für ksm plan selbst "
                f"(z. B. ksm plan --ics DATEI), nicht vor {ctx.invoked_subcommand}; "
                f"--json und --date stehen nach dem Befehl: ksm plan {ctx.invoked_subcommand} SCHRITT --json."
            )
        return
    from ksm_cli.commands import stichtag_date as _today

    k = knowledge(ctx)
    today = _today(stichtag)
    place = mappe_for(ctx)
    context = _context(ctx, k, place, answers_file, set_values or [])
    if context.get("foerderende") is None:
        hint = (
            "ksm init --set foerderende=TT.MM.JJJJ" if place is not None else "--set foerderende=TT.MM.JJJJ"
        )
        raise UsageError(f"Ohne Förderende gibt es keinen datierten Fahrplan; bitte angeben mit {hint}.")
    from ksm_cli.plan.core import plan_state

    done = _done(k, place)
    state = plan_state(k, context, done, today)
    if ics is not None:
        _write_ics(k, place, state, context, ics, force, today)
    from ksm_cli.render import plan as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(view.plan_json(state, context, place))
    else:
        emit(view.plan_blocks(k, state, context))
    if ics is not None:
        from ksm_cli.cli.files import report_written

        report_written(ics)


def _context(ctx, k, place: Mappe | None, answers_file: Path | None, set_values: list[str]) -> dict[str, Any]:
    from ksm_cli.assess.answers import Answers, load_answers_file
    from ksm_cli.commands.assess import parse_set_options

    answers = Answers()
    if place is not None:
        from ksm_cli.assess.angaben import load_angaben

        answers = load_angaben(place.file("kommune"), k)
    if answers_file is not None:
        answers = answers.merged(load_answers_file(answers_file, k))
    answers = answers.merged(parse_set_options(set_values, k))
    return answers.context


def _done(k, place: Mappe | None) -> dict[str, dt.date]:
    from ksm_cli.plan.core import read_done

    return read_done(place.file("fahrplan"), k.flowchart["fahrplan"]) if place is not None else {}


def _write_ics(k, place: Mappe | None, state, context, path: Path, force: bool, today: dt.date) -> None:
    from ksm_cli.cli.files import distinct_files, save_output
    from ksm_cli.plan.ics import calendar_text, entries

    if place is not None:
        for key in ("kommune", "fahrplan", "mentoring", "antworten", "selbsteinschaetzung"):
            distinct_files((f"{place.file(key).name} der Mappe", place.file(key)), ("--ics", path))
    tally = None
    if place is not None and place.file("mentoring").exists():
        from ksm_cli.mentoring.credits import tally as count
        from ksm_cli.mentoring.log import read_log

        log = read_log(place.file("mentoring"), k, "Datei nicht gefunden")
        tally = count(k, log, today)
        tally = {**tally, "years": [*tally["years"], *tally["other_years"]]}
        tally["years"].sort(key=lambda y: y["start"])
    kommune = context.get("kommune")
    import datetime as dt

    text = calendar_text(entries(state, kommune, tally), kommune, dt.datetime.now(dt.UTC))
    save_output(path, text, "Kalenderdatei", "--ics", force)


DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATUM", help="Wann der Schritt erledigt wurde (Standard: heute), z. B. 15.01.2027."
    ),
]
StepArgument = Annotated[
    str,
    typer.Argument(
        metavar="SCHRITT", help="Die ID des Schritts, wie ksm plan sie zeigt, z. B. anschlussantrag."
    ),
]


@app.command("done", cls=KsmCommand)
def done(
    ctx: typer.Context,
    step: StepArgument,
    date: DateOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Einen Schritt des Fahrplans als erledigt eintragen (in fahrplan.yaml der Mappe).

    Ein erledigter Schritt ist nie überfällig; ksm status und ksm plan zeigen den Fortschritt.
    """
    _change(ctx, step, date, True, as_json)


@app.command("undo", cls=KsmCommand)
def undo(
    ctx: typer.Context, step: StepArgument, mappe: MappeOption = None, as_json: JsonOption = False
) -> None:
    """Einen als erledigt eingetragenen Schritt wieder als offen führen."""
    _change(ctx, step, None, False, as_json)


def _change(ctx: typer.Context, raw: str, date: str | None, mark: bool, as_json: bool) -> None:
    import datetime as dt

    from ksm_cli.cli.files import locked, save_edited
    from ksm_cli.fs import display_path
    from ksm_cli.german import date_problem, de_date, parse_date
    from ksm_cli.plan.core import done_text, find_step, read_done
    from ksm_cli.render.output import emit, emit_json

    place = mappe_for(ctx)
    if place is None:
        raise UsageError(NO_MAPPE)
    k = knowledge(ctx)
    fahrplan = k.flowchart["fahrplan"]
    try:
        step = find_step(fahrplan, raw)
    except InputError as error:
        raise error.named({"schritt": "SCHRITT"}) from None
    day = dt.date.today()
    if date is not None:
        parsed = parse_date(date)
        if parsed is None:
            raise InputError("datum", date_problem(date), date, where="--date")
        day = parsed
        if day > dt.date.today():
            raise InputError(
                "datum",
                "liegt in der Zukunft; erledigt ist ein Schritt erst, wenn er getan ist",
                date,
                where="--date",
            )
    path = place.file("fahrplan")
    label = next(s["label"] for s in fahrplan["steps"] if s["id"] == step)
    with locked(path):
        current = read_done(path, fahrplan)
        before = current.get(step)
        if mark:
            current[step] = day
        else:
            current.pop(step, None)
        changed = current.get(step) != before
        if changed:
            save_edited(path, "Fahrplan", lambda old: done_text(current, fahrplan, old))
    if as_json:
        emit_json(
            {
                "schema": "ksm.plan.done/1",
                "step": step,
                "label": label,
                "done": current.get(step),
                "changed": changed,
                "file": str(path),
            }
        )
        return
    from ksm_cli.render.document import Para

    if mark:
        text = f"Erledigt am {de_date(day)}: {label} ({step})."
    elif before is not None:
        text = f"Wieder offen: {label} ({step})."
    else:
        text = f"{label} ({step}) war nicht als erledigt eingetragen; nichts geändert."
    emit([Para(text), Para(f"Fortschritt: ksm plan · Datei: {display_path(path)}", "muted")])
