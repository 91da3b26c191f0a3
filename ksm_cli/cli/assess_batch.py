"""``ksm assess --batch``: many municipalities from one CSV file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ksm_cli.errors import EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from ksm_cli.assess.batch import Table
    from ksm_cli.assess.types import BatchDocument, BatchRow
    from ksm_cli.knowledge.loader import Knowledge

PROGRESS_FROM_ROWS = 20  # below this a progress bar only flickers


def _read(path: Path, knowledge: Knowledge) -> Table:
    """The batch file's table (``ksm_cli.assess.batch.Table``); every problem names the file."""
    from ksm_cli.assess.batch import check_header, read_batch
    from ksm_cli.storage import FileProblem, display_path, read_bytes

    try:
        raw = read_bytes(path)
    except FileProblem as problem:
        raise UsageError(problem.located(path)) from None
    try:
        table = read_batch(raw)
        check_header(table.header, knowledge)
    except UsageError as exc:
        raise UsageError(f"{display_path(path)}, {exc.message}") from None
    return table


def _csv_text(records: list[BatchRow]) -> str:
    from ksm_cli.render.spreadsheet import excel_csv

    table: list[list[object]] = []
    for data in records:
        table.append(
            [
                data["row"],
                data["kommune"],
                data["result"] or "",
                " ".join(data["recommended"]),
                " ".join(data["alternatives"]),
                len(data["warnings"]),
                " ".join(data["overdue"]),
                data["error"] or "",
            ]
        )
    return excel_csv(
        ["zeile", "kommune", "ergebnis", "empfehlung", "alternativen", "warnungen", "ueberfaellig", "fehler"],
        table,
        marked=True,
    )


class Reports:
    """``--reports ORDNER``: one Empfehlungsbericht per assessed row, named after its Kommune
    (``fs.safe_file_name``: safe on Windows), a second Kommune of the same name numbered."""

    def __init__(self, k: Knowledge, folder: Path, fmt: str, force: bool) -> None:
        self.k, self.folder, self.fmt, self.force = k, folder, fmt, force
        self.used: set[str] = set()

    def write(self, row) -> str:
        from ksm_cli.cli.files import save_output
        from ksm_cli.documents import render
        from ksm_cli.documents.empfehlung import empfehlung_blocks
        from ksm_cli.fs import display_path, safe_file_name

        stem = safe_file_name("empfehlungsbericht-" + row.name)
        name, number = stem, 1
        while name.lower() in self.used:
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.lower())
        target = self.folder / f"{name}.{self.fmt}"
        data = render(empfehlung_blocks(self.k, row.assessment), self.fmt)
        save_output(target, data, "Bericht", "--reports", self.force, make_dirs=True)
        return display_path(target)


def run_batch(
    k: Knowledge,
    path: Path,
    csv_out: Path | None,
    as_json: bool,
    today: dt.date,
    force: bool = False,
    reports: Reports | None = None,
) -> int | None:
    """Assess every row of the CSV file at ``path``; bad rows are reported on stderr and skipped
    (exit code 2 at the end). The --json output names the encoding the file was read as
    (``encoding``: "utf-8", "utf-8-sig", "utf-16" or "cp1252", see ``ksm_cli.assess.batch``).
    With ``reports`` each assessed row's Empfehlungsbericht is written as it goes."""
    from ksm_cli.assess.batch import ENCODINGS, assess_rows, row_count, row_json
    from ksm_cli.render.document import Heading, Para, Table, clean
    from ksm_cli.render.output import emit, emit_json, use_rich
    from ksm_cli.storage import display_path

    if csv_out is not None:
        from ksm_cli.cli.files import may_replace

        force = may_replace(csv_out, "--csv", force)  # asked before the work, not after
    table = _read(path, k)
    total = row_count(table)
    # Each row is kept only as its small JSON record: 10,000 full assessments would hold
    # about 150 MiB at once.

    def records():
        for row in assess_rows(table, k, today):
            record = row_json(row)
            if reports is not None and row.ok and row.assessment is not None and row.assessment.complete:
                record["report"] = reports.write(row)
            yield record

    least = PROGRESS_FROM_ROWS if reports is None else 2  # documents take a while each
    if total >= least and use_rich(sys.stderr):
        from rich.progress import Progress

        from ksm_cli.render.rich_backend import make_console

        rows: list[BatchRow] = []
        with Progress(console=make_console(stderr=True)) as progress:
            label = "Kommunen bewerten" if reports is None else "Kommunen bewerten, Berichte schreiben"
            task = progress.add_task(label, total=total)
            for record in records():
                rows.append(record)
                progress.advance(task)
    else:
        rows = list(records())

    failed = [r for r in rows if not r["ok"]]
    for row in failed:
        sys.stderr.write(f"Fehler: {display_path(path)}, {clean(row['error'])} – Zeile übersprungen.\n")
    if csv_out is not None:
        from ksm_cli.cli.files import report_written, save_output

        save_output(csv_out, _csv_text(rows), "Ergebnistabelle", "--csv", force)
        report_written(csv_out)
    if reports is not None:
        written = sum(1 for r in rows if r["report"])
        what = "Empfehlungsbericht" if written == 1 else "Empfehlungsberichte"
        sys.stderr.write(f"Geschrieben: {written} {what} in {clean(display_path(reports.folder))}\n")
    if as_json:
        document: BatchDocument = {  # every public key named here; each row by ``row_json``
            "schema": "ksm.assess.batch/1",
            "file": display_path(path),
            "encoding": table.encoding,
            "rows": rows,
            "ok": len(rows) - len(failed),
            "failed": len(failed),
        }
        emit_json(dict(document))  # emit_json takes a plain dict
    else:
        table_rows = []
        for data in rows:
            if data["ok"]:
                table_rows.append(
                    [
                        str(data["row"]),
                        data["kommune"],
                        ", ".join(data["recommended"]),
                        ", ".join(data["alternatives"]) or "–",
                        str(len(data["warnings"])),
                    ]
                )
            else:
                table_rows.append([str(data["row"]), data["kommune"], "übersprungen", "–", "–"])
        emit(
            [
                Heading(
                    f"Bewertung von {len(rows)} {'Kommune' if len(rows) == 1 else 'Kommunen'}",
                    f"Datei: {display_path(path)}",
                ),
                Para(f"Gelesen als {ENCODINGS[table.encoding]}.", "muted"),
                Table(
                    ["Zeile", "Kommune", "Empfehlung", "Alternativen", "Warnungen"],
                    table_rows,
                    highlight={i for i, r in enumerate(rows) if not r["ok"]},
                ),
                Para(
                    f"{len(rows) - len(failed)} bewertet, {len(failed)} übersprungen.",
                    "warn" if failed else "muted",
                ),
            ]
        )
    return EXIT_USAGE if failed else None
