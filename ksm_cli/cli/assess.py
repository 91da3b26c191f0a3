"""``ksm assess``: the Verstetigung interview, the recommendation and the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksm_cli.cli.files import distinct_files, report_written, save_edited, save_text
from ksm_cli.cli.options import JsonOption, knowledge
from ksm_cli.errors import InputError, UsageError

if TYPE_CHECKING:
    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.engine import Assessment
    from ksm_cli.knowledge.loader import Knowledge

FileArg: dict[str, Any] = dict(metavar="DATEI", show_default=False, dir_okay=False)


def _today(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    from ksm_cli.german import date_problem, parse_date

    day = parse_date(raw)
    if day is None:
        raise InputError("stichtag", date_problem(raw), raw, where="--stichtag")
    return day


def parse_set_options(items: list[str], k: Knowledge) -> Answers:
    """``--set KEY=VALUE`` (repeatable); the last one for a key wins. A bad key or value is named
    as typed: ``--set einwohner: 'viele': keine ganze Zahl …``."""
    from ksm_cli.assess.answers import parse_answers

    raw: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(
                f"--set '{item}': bitte als SCHLÜSSEL=WERT angeben, z. B. --set kommunentyp=landkreis"
            )
        key, value = item.split("=", 1)
        if not key.strip():
            raise UsageError(f"--set '{item}': der Schlüssel vor '=' fehlt")
        raw[key.strip()] = value
    try:
        return parse_answers(raw, k)
    except InputError as error:
        raise error.named({error.field: f"--set {error.field}"}) from None


def _missing_error(k: Knowledge, answers: Answers, first: str) -> UsageError:
    from ksm_cli.assess.answers import missing_questions, question_options

    options = question_options(k.flowchart)
    order = list(options)
    wanted = sorted(missing_questions(k.flowchart, answers.flow, first), key=order.index)
    details = [f"{q}: {' | '.join(o['id'] for o in options[q])}" for q in wanted]
    if len(wanted) > 1:
        details.append("(Welche davon nötig sind, hängt von den Antworten ab; Übersicht: ksm flowchart)")
    return UsageError(
        "Es fehlen Antworten, und ohne Terminal kann ksm nicht nachfragen. Bitte mit --answers DATEI "
        f"oder --set FRAGE=ANTWORT angeben, zuerst '{first}':",
        details=details,
    )


def assess_command(
    ctx: typer.Context,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers", help="Antworten aus einer YAML-Datei lesen (Frage-ID: Antwort-ID).", **FileArg
        ),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FRAGE=ANTWORT",
            help="Eine Antwort setzen, wiederholbar; gilt vor der Datei. Beispiel: --set kommunentyp=landkreis",
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers", help="Die Antworten in eine YAML-Datei schreiben (zum Wiederholen).", **FileArg
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Den Empfehlungsbericht als Markdown-Datei schreiben.", **FileArg),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch", help="Viele Kommunen aus einer CSV-Datei bewerten (eine Zeile je Kommune).", **FileArg
        ),
    ] = None,
    csv_out: Annotated[
        Path | None,
        typer.Option("--csv", help="Mit --batch: die Ergebnistabelle als CSV-Datei schreiben.", **FileArg),
    ] = None,
    stichtag: Annotated[
        str | None,
        typer.Option(
            "--stichtag",
            metavar="DATUM",
            help="Stichtag für überfällige Schritte im Fahrplan (Standard: heute), z. B. 01.03.2027.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Interview zu den drei Rahmenfragen (Kapitel 5) mit Empfehlung eines Verstetigungsmodells.

    Im Terminal führt ksm durch die Fragen. Ohne Terminal (Skripte, CI) kommen die Antworten aus --answers und --set; fehlt eine, bricht ksm sofort ab und nennt die fehlenden Fragen.
    """
    k = knowledge(ctx)
    today = _today(stichtag)
    if batch is not None:
        if answers_file or set_values or save_answers or report:
            raise UsageError(
                "--batch lässt sich nicht mit --answers, --set, --save-answers oder --report kombinieren."
            )
        from ksm_cli.cli.assess_batch import run_batch

        distinct_files(("--batch", batch), ("--csv", csv_out))

        run_batch(k, batch, csv_out, as_json, today)
        return
    if csv_out is not None:
        raise UsageError("--csv gilt nur zusammen mit --batch.")

    # --save-answers may name the --answers file: that is how a run is updated and replayed.
    distinct_files(("--answers", answers_file), ("--report", report))
    distinct_files(("--save-answers", save_answers), ("--report", report))
    from ksm_cli.assess.answers import Answers, load_answers_file
    from ksm_cli.assess.engine import assess

    answers = load_answers_file(answers_file, k) if answers_file else Answers()
    answers = answers.merged(parse_set_options(set_values or [], k))
    result = assess(k, answers.flow, answers.context, today)
    if not result.complete:
        from ksm_cli.prompts import stdin_is_terminal

        if not stdin_is_terminal():
            raise _missing_error(k, answers, result.missing[0])
        answers, keeper = _interview(ctx, k, answers, not (answers_file or set_values), save_answers)
        result = assess(k, answers.flow, answers.context, today)
    else:
        keeper = None

    if save_answers is not None:
        _save_answers(k, answers, save_answers)
    if report is not None:
        from ksm_cli.render.report import report_markdown

        save_text(report, report_markdown(k, result), "Bericht")
    _show(k, result, answers, as_json, written=[p for p in (save_answers, report) if p is not None])
    if keeper is not None:  # the result is saved (or shown): the draft is done
        keeper.finish()


def _interview(
    ctx: typer.Context, k: Knowledge, answers: Answers, ask_context: bool, target: Path | None
) -> tuple[Answers, Any]:
    """The interview on a terminal, its progress kept in a draft after each answer; returns the
    answers and the draft's keeper (``finish`` it once the result is saved)."""
    from ksm_cli.assess import interview
    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.interview import draft_answers, draft_data
    from ksm_cli.cli.drafts import kept_on_interrupt, open_draft
    from ksm_cli.cli.options import mappe_for
    from ksm_cli.drafts import Keeper, is_draft
    from ksm_cli.fs import display_path
    from ksm_cli.mappe import draft_path
    from ksm_cli.prompts import Interviewer

    mappe = mappe_for(ctx)
    resume = "ksm assess" + (f" --save-answers {display_path(target)}" if target and mappe is None else "")
    asker = Interviewer(k)
    asker.say("ksm assess – Verstetigung des Klimaschutzmanagements (Kapitel 5, Abbildung 5.1)")
    asker.say(
        "Drei Rahmenfragen: strategische Grundlage, Finanzierung, politischer Rahmen. Abbrechen mit Strg+C."
    )
    path = draft_path("assess", mappe, target)

    def shown(draft):
        restored = draft_answers(k, draft.data)
        return None if restored is None else asker.answer_lines(*restored)

    with kept_on_interrupt(lambda: Keeper(path, "assess", on_disk=is_draft(path)), resume):
        keeper, draft = open_draft(path, "assess", shown, asker.say)
    asked: list[str] = []
    if draft is not None:
        restored, asked = draft_answers(k, draft.data) or (Answers(), [])
        answers = answers.merged(restored)  # the draft holds what was given then and typed since

    def changed(current: Answers, asked_now: list[str]) -> None:
        problem = keeper.save(draft_data(k, current, asked_now))
        if problem:
            asker.say(problem)

    with kept_on_interrupt(lambda: keeper, resume):
        result = interview.run(
            k,
            asker.ask,
            asker.review,
            initial=answers,
            ask_context=ask_context,
            asked=asked,
            on_change=changed,
        )
    return result, keeper


def _save_answers(k: Knowledge, answers: Answers, path: Path) -> None:
    """Write the answers; an existing answers file keeps its comments, another file is refused."""
    from ksm_cli.assess.answers import answers_text
    from ksm_cli.fs import display_path

    make_text = lambda old_text: answers_text(answers, k, old_text)  # noqa: E731
    save_edited(path, "Antworten", make_text, name=f"--save-answers {display_path(path)}")


def _show(k: Knowledge, result: Assessment, answers: Answers, as_json: bool, written: list[Path]) -> None:
    from ksm_cli.render import assess as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(view.assess_json(k, result, answers.as_plain(k.flowchart)))
    else:
        emit(view.result_blocks(k, result))
    if written:
        for path in written:
            report_written(path)
