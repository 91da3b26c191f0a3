"""``ksm tasks``: the task catalogue and the IST/SOLL self-assessment of working time (Kapitel 4)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksm_cli.cli.files import locked, save_edited
from ksm_cli.cli.lazy import KsmCommand, KsmSubGroup
from ksm_cli.cli.options import ForceOption, JsonOption, MappeOption, knowledge, mappe_for, run_of
from ksm_cli.commands.tasks import read_assessment, require_complete
from ksm_cli.errors import InputError, UsageError

if TYPE_CHECKING:
    from ksm_cli.tasks.selfassessment import SelfAssessment

app = typer.Typer(
    cls=KsmSubGroup,
    help="Aufgaben des Klimaschutzmanagements und die IST/SOLL-Selbsteinschätzung der Arbeitszeit "
    "(Leitfaden, Kapitel 4).",
    no_args_is_help=True,
)

LandkreisOption = Annotated[
    bool, typer.Option("--landkreis", help="Mit den Aufgaben, die nur für Landkreise gelten.")
]
DEFAULT_FILE = "selbsteinschaetzung.yaml"
# The core's field names as the user typed them.
ASSESS_FLAGS = {"kommunentyp": "--kommunentyp", "wochenstunden": "--hours-per-week"}


def apply_set(items: list[str], tasks_file: dict[str, Any], sa: SelfAssessment) -> None:
    """``--set AUFGABE=IST/SOLL`` (repeatable) into ``sa``; a problem names the item as typed."""
    from ksm_cli.german import shown
    from ksm_cli.tasks.selfassessment import HOURS_NEED_WEEKLY, set_value

    for item in items:
        where = f"--set '{shown(item)}'"
        task_id, _, pair = item.partition("=")
        ist, slash, soll = pair.partition("/")
        if not slash:
            raise UsageError(f"{where}: bitte als AUFGABE=IST/SOLL angeben, z. B. --set controlling=10/15")
        try:
            set_value(sa, tasks_file, task_id.strip(), ist, soll)
        except InputError as error:
            from ksm_cli.tasks.selfassessment import COLUMN_LABELS

            if error.field in COLUMN_LABELS:
                where += f" ({COLUMN_LABELS[error.field]})"
            reason = error.reason
            if reason == HOURS_NEED_WEEKLY:
                reason += " – bitte mit --hours-per-week H angeben, z. B. --hours-per-week 39"
            named = InputError(error.field, reason, error.value, accepted=error.accepted, where=where)
            if error.field == "aufgabe" and error.reason.startswith("unbekannt"):
                raise UsageError(f"{named.message} (alle IDs: ksm tasks list)") from None
            raise named from None


@app.command("list", cls=KsmCommand)
def list_tasks(
    ctx: typer.Context,
    landkreis: LandkreisOption = False,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            metavar="DATEI",
            dir_okay=False,
            help="Kommunentyp aus dieser Selbsteinschätzung übernehmen.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Den Aufgabenkatalog zeigen, nach Tabelle und Gruppe (Tabellen 4.2 und 4.3)."""
    from ksm_cli.commands.tasks import list_tasks as run

    return run(run_of(ctx), landkreis=landkreis, file=file, as_json=as_json)


def _terminal() -> bool:
    from ksm_cli.prompts import stdin_is_terminal

    return stdin_is_terminal()


@app.command("assess", cls=KsmCommand)
def assess_tasks(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            metavar="DATEI",
            dir_okay=False,
            help="Selbsteinschätzung fortsetzen oder ändern (sonst neu).",
        ),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="AUFGABE=IST/SOLL",
            help="Einen Wert setzen, z. B. --set controlling=10/15 (mehrfach); mit bekannter "
            "Wochenarbeitszeit auch in Stunden, z. B. --set controlling=3,9h/5,85h.",
        ),
    ] = None,
    kommune: Annotated[
        str | None, typer.Option("--kommune", metavar="NAME", help="Name der Kommune.")
    ] = None,
    kommunentyp: Annotated[
        str | None,
        typer.Option("--kommunentyp", metavar="TYP", help="gemeinde, kreisfreie_stadt oder landkreis."),
    ] = None,
    landkreis: LandkreisOption = False,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours-per-week", metavar="H", help="Wochenarbeitszeit der Stelle, z. B. 39 oder 19,5."
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial", help="Als Entwurf speichern, auch wenn IST oder SOLL noch nicht 100 % ergeben."
        ),
    ] = False,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """IST und SOLL je Aufgabe in % der Arbeitszeit erfassen (im Terminal mit Rückfragen).

    Ohne Terminal: --file DATEI prüft und zeigt eine Selbsteinschätzung; mit --set werden Werte
    gesetzt und gespeichert. In einer Mappe (ksm init) ist die Datei selbsteinschaetzung.yaml der
    Mappe, und Name und Typ der Kommune kommen aus kommune.yaml.
    """
    tasks_file = knowledge(ctx).tasks_file
    file, kommune, kommunentyp = _in_mappe(ctx, file, kommune, None if landkreis else kommunentyp)
    options = {
        "kommune": kommune,
        "kommunentyp": "landkreis" if landkreis else kommunentyp,
        "hours": hours,
        "set_values": set_values,
        "in_mappe": mappe_for(ctx) is not None,
    }
    if not set_values and _terminal():
        from ksm_cli.mappe import draft_path

        draft = draft_path("tasks", mappe_for(ctx), file)
        _assess_interactively(tasks_file, file, options, landkreis, allow_partial, as_json, draft)
        return
    if file is None:
        raise UsageError(
            "Ohne Terminal bitte --file DATEI angeben (Werte mit --set AUFGABE=IST/SOLL, "
            "z. B. ksm tasks assess --file selbsteinschaetzung.yaml --set controlling=10/15)"
        )
    # read, change and write under the file's lock: two runs at once lose no value
    with locked(file):
        sa, changed = _prepare(tasks_file, file, options)
        _finish(tasks_file, sa, file, changed, allow_partial, as_json)


def _in_mappe(
    ctx: typer.Context, file: Path | None, kommune: str | None, kommunentyp: str | None
) -> tuple[Path | None, str | None, str | None]:
    """In a Mappe: its self-assessment file unless --file names another, and for a new file the
    Kommune's name and type from kommune.yaml unless given as flags."""
    place = mappe_for(ctx)
    if place is None:
        return file, kommune, kommunentyp
    if file is None:
        file = place.file("selbsteinschaetzung")
    if not file.exists():
        from ksm_cli.assess.angaben import load_angaben

        angaben = load_angaben(place.file("kommune"), knowledge(ctx)).context
        kommune = kommune if kommune is not None else angaben.get("kommune")
        kommunentyp = kommunentyp if kommunentyp is not None else angaben.get("kommunentyp")
    return file, kommune, kommunentyp


def _prepare(
    tasks_file: dict[str, Any], file: Path | None, options: dict[str, Any]
) -> tuple[SelfAssessment, bool]:
    """The self-assessment in ``file`` (or a new one) with the options applied, and whether it changed."""
    from ksm_cli.german import shown
    from ksm_cli.tasks.selfassessment import SelfAssessment, hours_value, visible_tasks
    from ksm_cli.vocabulary import KOMMUNENTYPEN

    sa = read_assessment(file, tasks_file) if file is not None and file.exists() else SelfAssessment()
    changed = file is None or not file.exists()
    if options["kommune"] is not None:
        sa.kommune, changed = options["kommune"].strip() or None, True
    kind = options["kommunentyp"]
    if kind is not None:
        if kind not in KOMMUNENTYPEN:
            raise InputError(
                "kommunentyp", "ungültiger Wert", shown(kind), accepted=list(KOMMUNENTYPEN)
            ).named(ASSESS_FLAGS)
        sa.kommunentyp, changed = kind, True
    if options["hours"] is not None:
        try:
            sa.wochenstunden, changed = hours_value("wochenstunden", options["hours"]), True
        except InputError as error:
            raise error.named(ASSESS_FLAGS) from None
    if sa.kommunentyp != "landkreis":
        visible = {t["id"] for t in visible_tasks(tasks_file, False)}
        dropped = [t for t in sa.values if t not in visible]
        if dropped:
            # only a --kommunentyp can get here: the file's own kommunentyp is checked when it is read
            raise InputError(
                "kommunentyp",
                f"die Werte der Aufgaben {', '.join(dropped)} gelten nur für Landkreise",
                sa.kommunentyp,
            ).named(ASSESS_FLAGS)
    if options["set_values"]:
        apply_set(options["set_values"], tasks_file, sa)
        changed = True
    return sa, changed


def _finish(tasks_file, sa, file: Path, changed: bool, allow_partial: bool, as_json: bool) -> None:
    """Check the sums, write the file if anything changed, show the result."""
    from ksm_cli.storage import display_path
    from ksm_cli.tasks.selfassessment import file_text, sum_problems

    name = display_path(file)
    require_complete(sa, name, allow_partial)
    problems = sum_problems(sa)
    saved = changed or sa.draft != bool(problems)
    if saved:
        sa.draft = bool(problems)
        # the file as it is on disk now, under the lock: its comments stay
        save_edited(file, "Selbsteinschätzung", lambda old_text: file_text(sa, tasks_file, old_text), name)
    _show(tasks_file, sa, name, problems, saved, as_json)


def _snapshot(file: Path | None) -> bytes | None:
    try:
        return file.read_bytes() if file is not None else None
    except OSError:
        return None


def _assess_interactively(
    tasks_file,
    file: Path | None,
    options: dict,
    landkreis_flag: bool,
    allow_partial: bool,
    as_json: bool,
    draft: Path | None = None,
) -> None:
    """The interview, its progress kept in the draft ``draft`` after each answer (removed once
    the file is saved). No lock is held while the KSM types; before saving, ksm checks that
    nobody changed the file in the meantime, and asks before overwriting such a change."""
    from ksm_cli.cli import tasks_prompts as ask
    from ksm_cli.cli.drafts import kept_on_interrupt
    from ksm_cli.fs import display_path

    # in a Mappe its file is found again without naming it
    named = None if options.get("in_mappe") else file
    resume = "ksm tasks assess" + (f" --file {display_path(named)}" if named is not None else "")
    kept: list = []  # the keeper of the draft, once the interview has one
    with kept_on_interrupt(lambda: kept[-1] if kept else None, resume):
        before = _snapshot(file)
        sa, _ = _prepare(tasks_file, file, options)
        chosen, partial = _interview(
            tasks_file, sa, file, landkreis_flag, draft, kept, in_mappe=options.get("in_mappe", False)
        )
        if chosen != file:  # a name asked for at the end: ask_path has confirmed overwriting it
            file, before = chosen, _snapshot(chosen)
        while True:
            with locked(file):
                if _snapshot(file) == before:
                    _finish(tasks_file, sa, file, True, allow_partial or partial, as_json)
                    break
            # changed by someone else while the KSM was typing: ask, outside the lock
            if ask.ask_overwrite_changed(str(file)):
                before = _snapshot(file)
            else:
                file = Path(ask.ask_path(str(file)))
                before = _snapshot(file)
    for keeper in kept:
        keeper.finish()


def _interview(
    tasks_file,
    sa,
    file: Path | None,
    landkreis_flag: bool,
    draft_file: Path | None = None,
    kept=None,
    in_mappe: bool = False,
) -> tuple[Path, bool]:
    from ksm_cli.cli import tasks_prompts as ask
    from ksm_cli.cli.drafts import open_draft
    from ksm_cli.drafts import Keeper, is_draft
    from ksm_cli.mappe import DRAFTS
    from ksm_cli.tasks.selfassessment import sum_problems, visible_tasks

    ask.say_intro(tasks_file)
    keeper = Keeper(draft_file or Path(DRAFTS["tasks"]), "tasks", allowed=draft_file is not None)
    draft, header_done, start = None, False, 0
    if draft_file is not None:

        def shown(found):
            restored = ask.from_draft(found.data, tasks_file)
            return None if restored is None else ask.draft_lines(restored[0], visible_tasks(tasks_file, True))

        kept = [] if kept is None else kept
        kept.append(Keeper(draft_file, "tasks", on_disk=is_draft(draft_file)))  # Ctrl-C at the offer
        keeper, draft = open_draft(draft_file, "tasks", shown, ask.say)
        kept[-1] = keeper
    if draft is not None:
        restored = ask.from_draft(draft.data, tasks_file)
        if restored is not None:
            found, header_done, start = restored
            sa.kommune, sa.kommunentyp, sa.wochenstunden, sa.values = (
                found.kommune,
                found.kommunentyp,
                found.wochenstunden,
                found.values,
            )

    def save(next_task: int) -> None:
        problem = keeper.save(ask.draft_data(sa, header_done, next_task))
        if problem:
            ask.say(problem)

    if not header_done:
        ask.ask_header(sa, landkreis_flag, on_answer=lambda: save(0), keep_known=in_mappe)
        header_done, start = True, 0
        save(0)
    groups = {g["id"]: g for g in tasks_file["groups"]}
    tasks = visible_tasks(tasks_file, sa.landkreis)
    shown_ids = {task["id"] for task in tasks}
    dropped = [t for t in sa.values if t not in shown_ids]
    if dropped:
        ask.say(
            f"Hinweis: Beim Speichern entfallen die Werte der Aufgaben, die nur für Landkreise gelten "
            f"({', '.join(dropped)}). Strg+C bricht ab, ohne etwas zu ändern."
        )
    sa.values = {t: v for t, v in sa.values.items() if t in shown_ids}
    partial, start = False, min(start, len(tasks))
    ask.say()
    ask.say(ask.entry_help(sa))
    while True:
        ask.ask_values(sa, tasks, groups, start, on_answer=save)
        problems = sum_problems(sa)
        if not problems:
            break
        choice = ask.ask_incomplete(problems)
        if choice == ask.CANCEL:
            keeper.finish()  # "Abbrechen, nichts speichern": the draft goes too
            raise typer.Exit(1)
        if choice == ask.DRAFT:
            partial = True
            break
        start = ask.ask_start(sa, tasks)
    if file is None:
        file = Path(ask.ask_path(DEFAULT_FILE))
    return file, partial


def _show(tasks_file, sa, name: str, problems: list[str], saved: bool, as_json: bool) -> None:
    from ksm_cli.render import tasks as view
    from ksm_cli.render.output import emit, emit_json
    from ksm_cli.tasks.compare import compare

    result = compare(sa, tasks_file)
    if as_json:
        emit_json(view.assessment_json(result, name, problems, saved))
    else:
        emit(view.assessment_blocks(result, name, problems, saved))


@app.command("compare", cls=KsmCommand)
def compare_tasks(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DATEI]",
            dir_okay=False,
            show_default=False,
            help="Die Selbsteinschätzung (YAML); in einer Mappe ohne Angabe: ihre selbsteinschaetzung.yaml.",
        ),
    ] = None,
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown", metavar="DATEI", dir_okay=False, help="Diskussionsgrundlage als Markdown schreiben."
        ),
    ] = None,
    csv_out: Annotated[
        Path | None,
        typer.Option(
            "--csv", metavar="DATEI", dir_okay=False, help="Tabelle für Excel schreiben (UTF-8 mit BOM, ';')."
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial", help="Auch einen Entwurf vergleichen, dessen Summen nicht 100 % ergeben."
        ),
    ] = False,
    mappe: MappeOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """IST gegen SOLL je Aufgabe, Gruppe und Bereich, mit Hinweisen aus Kapitel 4.2."""
    from ksm_cli.commands.tasks import compare_tasks as run

    return run(
        run_of(ctx),
        file,
        markdown=markdown,
        csv_out=csv_out,
        allow_partial=allow_partial,
        mappe=mappe,
        force=force,
        as_json=as_json,
    )
