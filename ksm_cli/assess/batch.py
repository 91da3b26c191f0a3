"""Assess many municipalities from one CSV file (pure, apart from reading the text).

One row per municipality: a name column (``kommune`` or ``name``), question-id columns and
context columns. Empty cells are "not given". A row with a bad value or missing answers is
reported with its row number and skipped; the other rows are assessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from ksm_cli.assess.answers import Answers, all_keys, parse_answers, slug
from ksm_cli.assess.engine import Assessment, assess
from ksm_cli.errors import UsageError

NAME_COLUMNS = ("kommune", "name")


class Row:
    """One line of the batch: either an assessment or an error."""

    __slots__ = ("number", "name", "answers", "assessment", "error")

    def __init__(
        self,
        number: int,
        name: str,
        answers: Answers | None = None,
        assessment: Assessment | None = None,
        error: str | None = None,
    ) -> None:
        self.number, self.name, self.answers = number, name, answers
        self.assessment, self.error = assessment, error

    @property
    def ok(self) -> bool:
        return self.error is None


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with their line number) of a CSV text; ';', ',' or tab separated."""
    # The separator is the one the header line uses most: the header holds plain ids, while
    # names further down ("Bad Wörth, Stadt", quotes) can mislead csv.Sniffer.
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";\t,", key=header_line.count) if any(c in header_line for c in ";\t,") else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [slug(c) for c in cells]
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise UsageError(f"Zeile {reader.line_num}: CSV kann nicht gelesen werden ({exc})") from None
    if header is None:
        raise UsageError("Die CSV-Datei ist leer; erwartet wird eine Kopfzeile mit Frage-IDs.")
    return header, rows


def check_header(header: list[str], knowledge) -> None:
    keys = set(all_keys(knowledge.flowchart)) | set(NAME_COLUMNS)
    unknown = [h for h in header if h and h not in keys]
    if unknown:
        raise UsageError(
            f"Zeile 1: unbekannte Spalte(n) {', '.join(repr(u) for u in unknown)}. "
            f"Erlaubt: {', '.join(NAME_COLUMNS)}, " + ", ".join(all_keys(knowledge.flowchart))
        )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise UsageError(f"Zeile 1: Spalte(n) doppelt: {', '.join(duplicates)}")


def assess_rows(text: str, knowledge, today: dt.date) -> Iterator[Row]:
    """Assess each row; yields as it goes, so that a progress bar can follow."""
    header, rows = read_table(text)
    check_header(header, knowledge)
    for number, cells in rows:
        if len(cells) > len(header):
            yield Row(
                number, "", error=f"Zeile {number}: mehr Werte ({len(cells)}) als Spalten ({len(header)})"
            )
            continue
        values = dict(zip(header, cells, strict=False))  # short rows: missing cells are empty
        name = next((values.pop(c).strip() for c in NAME_COLUMNS if c in values), "") or f"Zeile {number}"
        if "kommune" not in values:
            values["kommune"] = name
        values = {k: v for k, v in values.items() if k and k != "name"}
        try:
            answers = parse_answers(values, knowledge, f"Zeile {number}: ")
        except UsageError as exc:
            yield Row(number, name, error=exc.message)
            continue
        result = assess(knowledge, answers.flow, answers.context, today)
        if not result.complete:
            yield Row(
                number,
                name,
                answers,
                result,
                error=f"Zeile {number}: Antwort fehlt für '{result.missing[0]}'",
            )
            continue
        yield Row(number, name, answers, result)


def row_count(text: str) -> int:
    return max(0, sum(1 for line in text.splitlines() if line.strip()) - 1)


def row_json(row: Row) -> dict[str, Any]:
    a = row.assessment
    return {
        "row": row.number,
        "kommune": row.name,
        "ok": row.ok,
        "error": row.error,
        "result": a.result_id if a else None,
        "recommended": a.recommended if a else [],
        "alternatives": [x["model"] for x in a.alternatives] if a else [],
        "warnings": [w["text"] for w in a.warnings] if a else [],
        "overdue": [s["id"] for s in (a.timeline or {}).get("steps", []) if s["status"] == "überfällig"]
        if a
        else [],
        "missing": a.missing if a else [],
    }
