"""What ``ksm tasks compare`` and ``list`` do, and reading a self-assessment (options: ``ksm_cli.cli.tasks``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksm_cli.cli.files import distinct_files, may_replace, report_written, save_output
from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run
    from ksm_cli.tasks.selfassessment import SelfAssessment

DRAFT_HINT = "Entwurf zulassen: --allow-partial"


def read_assessment(path: Path, tasks_file: dict[str, Any]) -> SelfAssessment:
    """The self-assessment in ``path``; a missing file says how to create one."""
    from ksm_cli.storage import display_path
    from ksm_cli.tasks.selfassessment import read_file

    missing = f"Datei nicht gefunden. Neu anlegen mit: ksm tasks assess --file {display_path(path)}"
    return read_file(path, tasks_file, missing)


def require_complete(sa: SelfAssessment, name: str, allow_partial: bool) -> None:
    """The core's check of the sums, with the flag that keeps a draft."""
    from ksm_cli.tasks.selfassessment import IncompleteAssessment
    from ksm_cli.tasks.selfassessment import require_complete as check

    try:
        check(sa, name, allow_partial)
    except IncompleteAssessment as error:
        raise UsageError(f"{error.message} ({DRAFT_HINT})") from None


def compare_tasks(
    run: Run,
    file: Path | None = None,
    markdown: Path | None = None,
    csv_out: Path | None = None,
    allow_partial: bool = False,
    mappe: Path | None = None,
    force: bool = False,
    as_json: bool = False,
) -> None:
    if file is None:
        place = run.mappe(mappe)
        if place is None:
            raise UsageError(
                "Das Argument DATEI fehlt. Außerhalb einer Mappe bitte die Selbsteinschätzung nennen: "
                "ksm tasks compare DATEI (in einer Mappe gilt ihre selbsteinschaetzung.yaml; anlegen mit ksm init). "
                "Hilfe: ksm tasks compare --help"
            )
        file = place.file("selbsteinschaetzung")
        if not file.exists():
            raise UsageError(
                "In der Mappe gibt es noch keine Selbsteinschätzung (selbsteinschaetzung.yaml). Anlegen mit: "
                "ksm tasks assess"
            )

    from ksm_cli.render import tasks as view
    from ksm_cli.render.output import emit, emit_json
    from ksm_cli.storage import display_path
    from ksm_cli.tasks.compare import compare

    distinct_files(("die Selbsteinschätzung", file), ("--markdown", markdown), ("--csv", csv_out))
    tasks_file = run.knowledge().tasks_file
    sa = read_assessment(file, tasks_file)
    require_complete(sa, display_path(file), allow_partial)
    result = compare(sa, tasks_file)
    # both asked before either is written
    allowed = {
        path: may_replace(path, flag, force)
        for path, flag in ((markdown, "--markdown"), (csv_out, "--csv"))
        if path
    }
    written = []
    if markdown is not None:
        text = view.compare_markdown(result, tasks_file, dt.date.today())
        save_output(markdown, text, "Diskussionsgrundlage", "--markdown", allowed[markdown])
        written.append(markdown)
    if csv_out is not None:
        save_output(csv_out, view.compare_csv(result), "CSV-Tabelle", "--csv", allowed[csv_out])
        written.append(csv_out)
    if as_json:
        emit_json(view.compare_json(result))
    else:
        emit(view.compare_blocks(result))
    for path in written:
        report_written(path)


def list_tasks(run: Run, landkreis: bool = False, file: Path | None = None, as_json: bool = False) -> None:
    from ksm_cli.render import tasks as view
    from ksm_cli.render.output import emit, emit_json

    tasks_file = run.knowledge().tasks_file
    if file is not None:
        landkreis = landkreis or read_assessment(file, tasks_file).landkreis
    if as_json:
        emit_json(view.list_json(tasks_file, landkreis))
    else:
        emit(view.list_blocks(tasks_file, landkreis))
