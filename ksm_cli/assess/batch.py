"""Assess many municipalities from one CSV file (pure, apart from reading the text).

One row per municipality: a name column (``kommune`` or ``name``), question-id columns and
context columns. Empty cells are "not given". A row with a bad value or missing answers is
reported with its row number (the first line of its record) and, for a bad value, its column
(``Zeile 3, Spalte einwohner: 'viele': …``), and skipped; the other rows are assessed.

The file's bytes are read as the spreadsheet programs write them (``decode_table``); the
encoding that was used is one of ``ENCODINGS`` and appears in the ``--json`` output as
``encoding``:

- ``"utf-8"``: UTF-8 without a byte order mark,
- ``"utf-8-sig"``: UTF-8 with a byte order mark (Excel's "CSV UTF-8"),
- ``"utf-16"``: UTF-16 with a byte order mark (Excel's "Unicode-Text"),
- ``"cp1252"``: Windows-1252, German Excel's default "CSV (Trennzeichen-getrennt)"; used when
  the bytes are not valid UTF-8.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ksm_cli.assess.answers import Answers, all_keys, parse_answers, slug
from ksm_cli.assess.engine import Assessment, assess
from ksm_cli.assess.levers import batch_levers
from ksm_cli.assess.timeline import OVERDUE
from ksm_cli.errors import InputError, UsageError
from ksm_cli.german import de_date

if TYPE_CHECKING:
    from ksm_cli.assess.types import BatchRow, Knowledge

NAME_COLUMNS = ("kommune", "name")

# The encoding ids of ``decode_table`` and how they are named to the user.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 mit BOM",
    "utf-16": "UTF-16 (Excel „Unicode-Text“)",
    "cp1252": "Windows-1252 (Excel)",
}

# csv.Error texts (English, from the library) and what the user is told instead.
_CSV_PROBLEMS = {
    "field larger than field limit": "eine Zelle ist zu lang (fehlt ein schließendes Anführungszeichen?)",
    "line contains nul": "die Datei enthält Nullzeichen (keine Textdatei?)",
    "new-line character seen in unquoted field": "Zeilenumbruch mitten in einer Zelle ohne Anführungszeichen",
    "unexpected end of data": "die Datei endet in einer Zelle mit Anführungszeichen",
}


class Row:
    """One line of the batch: either an assessment or an error."""

    __slots__ = ("number", "name", "answers", "assessment", "error", "levers")

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
        self.levers: list[dict[str, object]] = []  # the JSON form of the levers (``batch_levers``)

    @property
    def ok(self) -> bool:
        return self.error is None


class Table:
    """A read CSV file: the header (as ids), the records and the encoding it was read as.

    ``rows`` holds ``(line, cells, error)``: the first line of the record, its cells and, for a
    record that could not be read, a German error (then ``cells`` is empty).
    """

    __slots__ = ("header", "rows", "encoding")

    def __init__(self, header: list[str], rows: list[tuple[int, list[str], str | None]], encoding: str):
        self.header, self.rows, self.encoding = header, rows, encoding


def decode_table(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file's bytes and the id of the encoding it was read as (see ``ENCODINGS``).

    UTF-8 (with or without BOM) is tried first; bytes that are not valid UTF-8 are read as
    Windows-1252. A file that is neither is a ``UsageError`` naming the line.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UsageError(
                "Die Datei beginnt als UTF-16, enthält aber ungültige Zeichen; "
                "bitte in Excel als „CSV UTF-8“ speichern."
            ) from None
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        if bom:  # marked as UTF-8, so Windows-1252 would be a guess
            line = raw[len(codecs.BOM_UTF8) : len(codecs.BOM_UTF8) + exc.start].count(b"\n") + 1
            raise UsageError(
                f"Zeile {line}: Die Datei ist als UTF-8 markiert, enthält aber ungültige Zeichen; "
                "bitte in Excel als „CSV UTF-8“ speichern."
            ) from None
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"Zeile {line}: Zeichenkodierung nicht erkannt (weder UTF-8 noch Windows-1252); "
            "bitte in Excel als „CSV UTF-8“ speichern."
        ) from None


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc).lower()
    return next((german for english, german in _CSV_PROBLEMS.items() if english in text), "ungültiges CSV")


def _quote_open_at_end(lines: list[str], delimiter: str) -> bool:
    """Whether a quoted cell in these lines (one record, as csv reads it) is never closed."""
    quoted, at_start = False, True
    text = "".join(lines)
    i = 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted = True
        at_start = not quoted and char in (delimiter, "\r", "\n")
        i += 1
    return quoted


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str], str | None]]]:
    """Header and records of a CSV text; ';', ',' or tab separated; LF, CRLF or CR line ends.

    A record is numbered with its first line (a quoted cell may span lines). U+FEFF (a byte
    order mark, e.g. where two files were joined) counts as nothing, and a repeat of the header
    line is skipped. A record that cannot be read is kept with its error.
    """
    text = text.replace("\ufeff", "")
    lines = io.StringIO(text, newline="").readlines()
    # The separator is the one the header line uses most: the header holds plain ids, while
    # names further down ("Bad Wörth, Stadt", quotes) can mislead csv.Sniffer.
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = max(";\t,", key=header_line.count) if any(c in header_line for c in ";\t,") else ";"
    reader = csv.reader(iter(lines), delimiter=delimiter)
    rows: list[tuple[int, list[str], str | None]] = []
    header: list[str] | None = None
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                raise UsageError(
                    f"Zeile {first}: CSV kann nicht gelesen werden: {_csv_problem(exc)}"
                ) from None
            rows.append(
                (first, [], f"Zeile {first}: {_csv_problem(exc)}; ab hier wurde die Datei nicht gelesen")
            )
            break
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [slug(c) for c in cells]
            continue
        if len(cells) == len(header) and slug(cells[0]) == header[0] and [slug(c) for c in cells] == header:
            continue  # the header again, where two files were joined
        rows.append((first, cells, None))
    if header is None:
        raise UsageError("Die CSV-Datei ist leer; erwartet wird eine Kopfzeile mit Frage-IDs.")
    if rows and rows[-1][2] is None:
        first = rows[-1][0]
        if reader.line_num > first and _quote_open_at_end(lines[first - 1 :], delimiter):
            rows[-1] = (
                first,
                [],
                f"Zeile {first}: ein Anführungszeichen wird nicht geschlossen, daher wurden die Zeilen "
                f"{first} bis {reader.line_num} als eine Zelle gelesen",
            )
    return header, rows


def read_batch(raw: bytes) -> Table:
    """Decode and read a CSV file's bytes (``decode_table``, ``read_table``)."""
    text, encoding = decode_table(raw)
    header, rows = read_table(text)
    return Table(header, rows, encoding)


def check_header(header: list[str], knowledge: Knowledge) -> None:
    keys = set(all_keys(knowledge.flowchart)) | set(NAME_COLUMNS)
    unknown = [h for h in header if h and h not in keys]
    if unknown:
        raise UsageError(
            f"Zeile 1: unbekannte Spalte(n) {', '.join(repr(u) for u in unknown)}. "
            "Erlaubt: " + ", ".join(dict.fromkeys([*NAME_COLUMNS, *all_keys(knowledge.flowchart)]))
        )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise UsageError(f"Zeile 1: Spalte(n) doppelt: {', '.join(duplicates)}")


def cell(number: int, column: str) -> str:
    """Where a value of the batch file is, as the user sees it in a spreadsheet."""
    return f"Zeile {number}, Spalte {column}"


def _unusable_value(number: int, values: dict[str, str], knowledge: Knowledge) -> str:
    """The error of a row whose values the parser could not handle (ValueError, OverflowError)."""
    for key, value in values.items():
        try:
            parse_answers({key: value}, knowledge)
        except UsageError:
            continue
        except (ValueError, OverflowError):
            return InputError(
                key,
                "kann nicht verarbeitet werden (Wert zu groß oder außerhalb des gültigen Bereichs)",
                value.strip(),
                where=cell(number, key),
            ).message
    return f"Zeile {number}: ein Wert kann nicht verarbeitet werden (zu groß oder außerhalb des gültigen Bereichs)"


def _unassessable(number: int, answers: Answers) -> str:
    """The error of a row whose assessment overflowed (e.g. a date near the year 9999)."""
    end = answers.context.get("foerderende")
    if isinstance(end, dt.date):
        return (
            f"{cell(number, 'foerderende')}: mit {de_date(end)} lässt sich kein Fahrplan berechnen "
            "(Datum liegt zu weit in der Zukunft)"
        )
    return f"Zeile {number}: mit diesen Angaben lässt sich keine Bewertung berechnen (Wert außerhalb des gültigen Bereichs)"


def assess_rows(table: Table, knowledge: Knowledge, today: dt.date) -> Iterator[Row]:
    """Assess each row; yields as it goes, so that a progress bar can follow.

    A value the core cannot handle (ValueError or OverflowError, e.g. a number of thousands of
    digits or a date whose Fahrplan passes the year 9999) makes an error of its row only; any
    other exception is a bug and propagates.
    """
    header, rows = table.header, table.rows
    check_header(header, knowledge)
    memo: dict[object, object] = {}  # the levers of each set of answers (``engine.assess``)
    shown: dict[int, list[dict[str, object]]] = {}  # their JSON form, one list for equal rows
    for number, cells, problem in rows:
        if problem is not None:
            yield Row(number, "", error=problem)
            continue
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
            answers = parse_answers(values, knowledge)
        except InputError as exc:
            yield Row(number, name, error=exc.named({exc.field: cell(number, exc.field)}).message)
            continue
        except UsageError as exc:  # not tied to a column
            yield Row(number, name, error=f"Zeile {number}: {exc.message}")
            continue
        except (ValueError, OverflowError):
            yield Row(number, name, error=_unusable_value(number, values, knowledge))
            continue
        try:
            result = assess(knowledge, answers.flow, answers.context, today, memo)
        except (ValueError, OverflowError, UsageError):  # e.g. a Fahrplan beyond the dates ksm computes
            yield Row(number, name, answers, error=_unassessable(number, answers))
            continue
        if not result.complete:
            yield Row(
                number,
                name,
                answers,
                result,
                error=f"Zeile {number}: Antwort fehlt für '{result.missing[0]}'",
            )
            continue
        done = Row(number, name, answers, result)
        if id(result.levers) not in shown:  # the memo keeps each list alive: ids stay unique
            shown[id(result.levers)] = batch_levers(result.levers)
        done.levers = shown[id(result.levers)]
        yield done


def row_count(table: Table) -> int:
    """The number of records (for the progress bar)."""
    return len(table.rows)


def row_json(row: Row) -> BatchRow:
    """The public record of a row in ``ksm assess --batch --json``, built key by key."""
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
        "overdue": [s["id"] for s in a.timeline["steps"] if s["status"] == OVERDUE]
        if a and a.timeline
        else [],
        "missing": a.missing if a else [],
        "levers": row.levers,
        "report": None,
    }
