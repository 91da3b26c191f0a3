"""What ``ksm assess`` does: the Verstetigung interview, the recommendation and the report.

The options are declared for typer in ``ksm_cli.cli.assess``; the quick path runs ``assess``
without typer (``ksm_cli.cli.quick``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksm_cli.cli.files import distinct_files, may_edit, may_replace, report_written, save_edited, save_output
from ksm_cli.commands import stichtag_date
from ksm_cli.errors import InputError, UsageError
from ksm_cli.mappe import INPUTS  # the Mappe's own files: no report may replace them

if TYPE_CHECKING:
    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.engine import Assessment
    from ksm_cli.cli.run import Run
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe


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


def assess(
    run: Run,
    answers_file: Path | None = None,
    set_values: list[str] | None = None,
    save_answers: Path | None = None,
    report: Path | None = None,
    batch: Path | None = None,
    csv_out: Path | None = None,
    reports: Path | None = None,
    fmt: str | None = None,
    stichtag: str | None = None,
    mappe: Path | None = None,
    force: bool = False,
    as_json: bool = False,
) -> int | None:
    """``ksm assess``: the interview, or the answers given, to the recommendation; ``--batch`` for many."""
    k = run.knowledge()
    today = stichtag_date(stichtag)
    if batch is not None:
        if answers_file or set_values or save_answers or report:
            raise UsageError(
                "--batch lässt sich nicht mit --answers, --set, --save-answers oder --report kombinieren."
            )
        from ksm_cli.cli.assess_batch import run_batch

        distinct_files(("--batch", batch), ("--csv", csv_out))
        folder = None
        if reports is not None:
            from ksm_cli.cli.assess_batch import Reports
            from ksm_cli.cli.files import format_option
            from ksm_cli.documents import DEFAULT_FORMAT

            chosen = format_option(fmt) or DEFAULT_FORMAT
            if reports.exists() and not reports.is_dir():
                raise UsageError(f"--reports {reports}: ist kein Ordner; bitte einen Ordner angeben.")
            folder = Reports(k, reports, chosen, force)
        elif fmt is not None:
            raise UsageError("--format gilt nur zusammen mit --reports (oder bei ksm report).")
        return run_batch(k, batch, csv_out, as_json, today, force, folder)
    if csv_out is not None or reports is not None or fmt is not None:
        flag = "--csv" if csv_out is not None else "--reports" if reports is not None else "--format"
        raise UsageError(f"{flag} gilt nur zusammen mit --batch.")

    # --save-answers may name the --answers file: that is how a run is updated and replayed.
    distinct_files(("--answers", answers_file), ("--report", report))
    distinct_files(("--save-answers", save_answers), ("--report", report))
    place = run.mappe(mappe)
    if place is not None:  # no output may replace a file of the Mappe, not even with --force
        for key in INPUTS:
            own = (f"{place.file(key).name} der Mappe", place.file(key))
            distinct_files(own, ("--report", report))
            if key != "antworten":  # --save-answers may name the Mappe's answers: they are answers
                distinct_files(own, ("--save-answers", save_answers))
    # a file that is not ksm's is asked for before the interview, not after it
    force_answers = _may_save_answers(k, save_answers, force) if save_answers else force
    if report is not None:
        report_name_problem(report)
    force_report = may_replace(report, "--report", force) if report else force
    from ksm_cli.assess.answers import Answers, load_answers_file
    from ksm_cli.assess.engine import assess

    given = load_answers_file(answers_file, k) if answers_file else Answers()
    given = given.merged(parse_set_options(set_values or [], k))
    kept = Answers()  # what the Mappe's antworten.yaml holds
    if place is not None:
        from ksm_cli.assess.angaben import load_angaben

        angaben = load_angaben(place.file("kommune"), k)
        if answers_file is None and place.file("antworten").exists():
            kept = load_answers_file(place.file("antworten"), k)
        # kommune.yaml wins over an Angabe written into antworten.yaml by hand; --set wins over both
        answers = Answers(kept.flow, {**kept.context, **angaben.context}).merged(given)
        _note_this_run_only(k, angaben, given)
        from ksm_cli.plan.core import read_done

        done = set(read_done(place.file("fahrplan"), k.flowchart["fahrplan"]))  # ksm plan done
    else:
        answers, done = given, set()
    result = assess(k, answers.flow, answers.context, today, done=done)
    from ksm_cli.prompts import stdin_is_terminal

    terminal = stdin_is_terminal()
    # In a Mappe the answers kept from the last run are shown in the summary to confirm or change.
    confirm_kept = place is not None and bool(kept.flow) and not (answers_file or set_values) and not as_json
    if not result.complete or (terminal and confirm_kept):
        if not terminal:
            raise _missing_error(k, answers, result.missing[0])
        ask_context = place is None and not (answers_file or set_values)
        answers, keeper = _interview(run, mappe, k, answers, ask_context, save_answers)
        result = assess(k, answers.flow, answers.context, today, done=done)
    else:
        keeper = None

    written: list[Path] = []
    if place is not None:
        _keep_answers(k, place, answers, kept)
    if save_answers is not None:
        _save_answers(k, answers, save_answers, force_answers)
        written.append(save_answers)
    if report is not None:
        _write_report(k, result, report, force_report)
        written.append(report)
    _show(k, result, answers, as_json, written=written)
    if keeper is not None:  # the result is saved (or shown): the draft is done
        keeper.finish()
    if terminal and report is None and not as_json:
        _offer_report(k, result, place)
    return None


def _interview(
    run: Run, option: Path | None, k: Knowledge, answers: Answers, ask_context: bool, target: Path | None
) -> tuple[Answers, Any]:
    """The interview on a terminal, its progress kept in a draft after each answer; returns the
    answers and the draft's keeper (``finish`` it once the result is saved)."""
    from ksm_cli.assess import interview
    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.interview import draft_answers, draft_data
    from ksm_cli.cli.drafts import kept_on_interrupt, open_draft
    from ksm_cli.drafts import Keeper, is_draft
    from ksm_cli.fs import display_path
    from ksm_cli.mappe import draft_path
    from ksm_cli.prompts import Interviewer

    mappe = run.mappe(option)
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
        if mappe is not None:  # the Angaben are those of kommune.yaml now, not those of the draft
            restored = Answers(restored.flow, {})
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


MAPPE_ANSWERS_HEADER = (
    "# ksm assess – Antworten dieser Mappe (ksm bewahrt sie nach jedem Lauf auf; die Angaben zur\n"
    "# Kommune stehen in kommune.yaml). Schlüssel: Frage-ID; Werte: Antwort-ID. Übersicht: ksm flowchart\n"
)


def _keep_answers(k: Knowledge, place: Mappe, answers: Answers, kept: Answers) -> None:
    """The answers to the questions into the Mappe's antworten.yaml (comments kept); the Angaben
    stay in kommune.yaml, except those the KSM wrote into antworten.yaml themselves."""
    from ksm_cli.assess.answers import Answers, answers_text

    path = place.file("antworten")
    own = Answers(answers.flow, {key: answers.context[key] for key in kept.context if key in answers.context})
    if own == kept and path.exists():
        return
    make_text = lambda old_text: answers_text(own, k, old_text, header=MAPPE_ANSWERS_HEADER)  # noqa: E731
    save_edited(path, "Antworten", make_text)


def _note_this_run_only(k: Knowledge, angaben: Answers, given: Answers) -> None:
    """An Angabe given with --set or --answers that differs from kommune.yaml counts for this run."""
    from ksm_cli.render.output import notice

    changed = [key for key, value in given.context.items() if angaben.context.get(key) != value]
    if changed:
        keys = ", ".join(changed)
        notice(
            f"Hinweis: {keys} {'gilt' if len(changed) == 1 else 'gelten'} nur für diesen Lauf; dauerhaft in der Mappe ändern mit "
            f"ksm init --set {changed[0]}=…"
        )


def report_name_problem(path: Path, flag: str = "--report") -> None:
    """A report named .pdf or .xlsx would be Markdown inside: refused (exit 2)."""
    from ksm_cli.documents import other_document

    if other_document(path.name):
        raise UsageError(
            f"{flag} {path.name}: dieses Format schreibt ksm nicht; möglich sind .docx (Word), .odt "
            "(LibreOffice), .html (Browser) und .md (Markdown). Ein PDF entsteht beim Drucken des Dokuments."
        )


def _write_report(k: Knowledge, result: Assessment, path: Path, force: bool, flag: str = "--report") -> None:
    """The Empfehlungsbericht in the format of the file's extension (.docx, .odt, .html, .md);
    Markdown for any other name, as before there were other formats."""
    from ksm_cli.documents import format_of, render
    from ksm_cli.documents.empfehlung import empfehlung_blocks

    fmt = format_of(path.name) or "md"
    report_name_problem(path, flag)
    save_output(path, render(empfehlung_blocks(k, result), fmt), "Bericht", flag, force)


def _offer_report(k: Knowledge, result: Assessment, place: Mappe | None) -> None:
    """After the result on a terminal: save the Empfehlungsbericht (in the Mappe, if there is one)."""
    from ksm_cli.fs import display_path
    from ksm_cli.mappe import FILES
    from ksm_cli.prompts import ask_choice, ask_text

    name = FILES["bericht"][0]
    target = place.file("bericht") if place is not None else Path(name)
    where = f"{display_path(target)} in der Mappe" if place is not None else display_path(target)
    choice = ask_choice(
        "Den Empfehlungsbericht speichern?",
        [
            ("docx", f"Ja, als Word-Datei ({where})"),
            ("anders", "Ja, unter einem anderen Namen (.docx, .odt, .html oder .md)"),
            ("nein", "Nein"),
        ],
    )
    if choice == "nein":
        return
    from ksm_cli.outputs import written_by_ksm
    from ksm_cli.prompts import ask_confirm

    inputs = {place.file(key).resolve() for key in INPUTS} if place is not None else set()

    def named_file(text: str) -> bool | str:
        if not text.strip():
            return "Bitte einen Dateinamen angeben."
        if Path(text.strip()).is_dir():
            return "Das ist ein Ordner; bitte einen Dateinamen angeben."
        if Path(text.strip()).resolve() in inputs:
            return "Das ist eine Datei der Mappe, aus der der Bericht entsteht; bitte einen anderen Namen."
        from ksm_cli.documents import other_document

        if other_document(text.strip()):
            return "Dieses Format schreibt ksm nicht; bitte .docx, .odt, .html oder .md."
        return True

    if choice == "anders":
        target = Path(ask_text("Dateiname des Berichts:", default=str(target), validate=named_file))
    # a file that ksm did not write is replaced only when the KSM says so; else another name
    while target.exists() and not written_by_ksm(target):
        question = f"{display_path(target)} gibt es schon und stammt nicht von ksm. Überschreiben?"
        if ask_confirm(question, yes="Ja, überschreiben", no="Nein, anderen Namen wählen"):
            break
        target = Path(ask_text("Dateiname des Berichts:", default="", validate=named_file))
    _write_report(k, result, target, force=True)
    report_written(target)


def _save_answers(k: Knowledge, answers: Answers, path: Path, force: bool) -> None:
    """Write the answers; an existing answers file keeps its comments, another file is replaced
    only as ``may_replace`` allows."""
    from ksm_cli.assess.answers import answers_text
    from ksm_cli.fs import display_path

    make_text = lambda old_text: answers_text(answers, k, old_text)  # noqa: E731
    save_edited(
        path,
        "Antworten",
        make_text,
        name=f"--save-answers {display_path(path)}",
        flag="--save-answers",
        force=force,
    )


def _may_save_answers(k: Knowledge, path: Path, force: bool) -> bool:
    """``may_edit`` for --save-answers: an answers file ksm can read is edited without asking."""
    from ksm_cli.assess.answers import Answers, answers_text
    from ksm_cli.errors import KsmError
    from ksm_cli.fs import FileProblem
    from ksm_cli.outputs import NotOurs

    def is_answers(text: str) -> bool:
        try:
            answers_text(Answers(), k, text)
        except NotOurs:
            return False
        except (FileProblem, KsmError):  # an answers file; the write names its problem
            pass
        return True

    return may_edit(path, "--save-answers", force, is_answers, "ist keine Antwortdatei, die ksm lesen kann")


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
