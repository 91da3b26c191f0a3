"""``ksm assess --batch`` with CSV files as Excel and other programs write them.

Windows-1252 (German Excel's default), CR-only line ends, records over several lines, byte
order marks in the middle, and cells the core cannot handle: each row that fails is reported in
German and skipped, the other rows are assessed and written.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADER = "kommune;kommunentyp;einwohner;klimaschutzkonzept;ideen_weiterentwicklung;foerderende"
GOOD = "gemeinde;;umgesetzt;nicht_moeglich;"  # everything after the name of a complete row
ENGLISH = ("Error", "error", "line", "field", "character", "limit", "Exceeds", "invalid", "out of range")


def write(tmp_path, content: bytes, name="kommunen.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def batch_json(ksm, path, *more):
    result = ksm("assess", "--batch", str(path), "--json", *more)
    return result, json.loads(result.stdout)


def german_only(text: str, tmp_path) -> None:
    text = text.replace(str(tmp_path), "")  # the test's own directory may hold English words
    for word in ENGLISH:
        assert word not in text, text


# 1. Encodings -------------------------------------------------------------------------------


def test_windows_1252_from_german_excel_is_read_and_named(ksm, tmp_path):
    text = f"{HEADER}\r\nMühlheim;{GOOD}\r\nGroß-Gerau;landkreis;;umgesetzt;nicht_moeglich;\r\n"
    path = write(tmp_path, text.encode("cp1252"))
    result, data = batch_json(ksm, path)
    assert result.exit_code == 0, result.stderr
    assert data["encoding"] == "cp1252"
    assert [r["kommune"] for r in data["rows"]] == ["Mühlheim", "Groß-Gerau"]
    shown = ksm("assess", "--batch", str(path))
    assert shown.exit_code == 0 and "Gelesen als Windows-1252 (Excel)." in shown.stdout
    assert "Mühlheim" in shown.stdout and "Groß-Gerau" in shown.stdout


@pytest.mark.parametrize(
    ("content", "encoding", "label"),
    [
        (f"{HEADER}\nMühlheim;{GOOD}\n".encode(), "utf-8", "UTF-8."),
        (f"\ufeff{HEADER}\nMühlheim;{GOOD}\n".encode(), "utf-8-sig", "UTF-8 mit BOM."),
        (f"\ufeff{HEADER}\nMühlheim;{GOOD}\n".encode("utf-16"), "utf-16", "UTF-16 (Excel „Unicode-Text“)."),
    ],
)
def test_utf8_with_and_without_bom_and_utf16_are_named(ksm, tmp_path, content, encoding, label):
    path = write(tmp_path, content)
    result, data = batch_json(ksm, path)
    assert result.exit_code == 0, result.stderr
    assert data["encoding"] == encoding and data["rows"][0]["kommune"] == "Mühlheim"
    assert f"Gelesen als {label}" in ksm("assess", "--batch", str(path)).stdout


def test_bytes_that_are_neither_utf8_nor_windows_1252_name_the_line(ksm, tmp_path):
    path = write(tmp_path, f"{HEADER}\nAdorf;{GOOD}\n".encode() + b"B\x81dorf;" + GOOD.encode() + b"\n")
    result = ksm("assess", "--batch", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fehler: {path}, Zeile 3: Zeichenkodierung nicht erkannt (weder UTF-8 noch Windows-1252); "
        "bitte in Excel als „CSV UTF-8“ speichern.\n"
    )


def test_a_file_marked_utf8_with_broken_bytes_is_not_guessed(ksm, tmp_path):
    path = write(tmp_path, f"\ufeff{HEADER}\nAdorf;{GOOD}\n".encode() + "Müdorf;".encode("cp1252") + b"\n")
    result = ksm("assess", "--batch", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fehler: {path}, Zeile 3: Die Datei ist als UTF-8 markiert, enthält aber ungültige Zeichen; "
        "bitte in Excel als „CSV UTF-8“ speichern.\n"
    )


# 2. Line ends --------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_cr_only_crlf_and_lf_line_ends_are_read_with_their_line_numbers(ksm, tmp_path, end):
    text = end.join([HEADER, f"Adorf;{GOOD}", "Bedorf;gemeinde;viele;umgesetzt;nicht_moeglich;", ""])
    result, data = batch_json(ksm, write(tmp_path, text.encode("cp1252")))
    assert result.exit_code == 2
    assert data["ok"] == 1 and data["rows"][0]["kommune"] == "Adorf"
    assert data["rows"][1]["row"] == 3
    assert "Zeile 3, Spalte einwohner: 'viele': keine ganze Zahl" in result.stderr
    german_only(result.stderr, tmp_path)


# 3. Records over several lines ---------------------------------------------------------------


def test_a_record_over_several_lines_is_reported_with_its_first_line(ksm, tmp_path):
    text = (
        f"{HEADER}\n"
        f"Adorf;{GOOD}\n"
        '"Bad Wörth,\nStadt\n(Oberpfalz)";gemeinde;viele;umgesetzt;nicht_moeglich;\n'
        "Cedorf;gemeinde;;umgesetzt;gibtsnicht;\n"
    )
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2
    rows = {r["row"]: r for r in data["rows"]}
    assert set(rows) == {2, 3, 6}
    assert rows[3]["kommune"] == "Bad Wörth,\nStadt\n(Oberpfalz)"
    assert rows[3]["error"].startswith("Zeile 3, Spalte einwohner: 'viele': keine ganze Zahl")
    assert rows[6]["error"] == (
        "Zeile 6, Spalte ideen_weiterentwicklung: 'gibtsnicht': ungültiger Wert (erlaubt: moeglich, nicht_moeglich)"
    )


def test_an_unclosed_quote_does_not_silently_swallow_the_rest_of_the_file(ksm, tmp_path):
    text = f'{HEADER}\nAdorf;{GOOD}\n"Bedorf;{GOOD}\nCedorf;{GOOD}\nDedorf;{GOOD}\n'
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2
    assert data["ok"] == 1 and data["failed"] == 1
    assert data["rows"][1]["error"] == (
        "Zeile 3: ein Anführungszeichen wird nicht geschlossen, daher wurden die Zeilen 3 bis 5 "
        "als eine Zelle gelesen"
    )


def test_a_cell_over_the_csv_limit_is_a_german_row_error_and_earlier_rows_count(ksm, tmp_path):
    text = f'{HEADER}\nAdorf;{GOOD}\n"B{"x" * 200_000}\n'
    out = tmp_path / "ergebnis.csv"
    result, data = batch_json(ksm, write(tmp_path, text.encode()), "--csv", str(out))
    assert result.exit_code == 2
    assert data["ok"] == 1 and data["rows"][0]["kommune"] == "Adorf"
    assert data["rows"][1]["error"] == (
        "Zeile 3: eine Zelle ist zu lang (fehlt ein schließendes Anführungszeichen?); "
        "ab hier wurde die Datei nicht gelesen"
    )
    german_only(result.stderr, tmp_path)
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2;Adorf;")


def test_an_unreadable_header_is_a_german_error(ksm, tmp_path):
    path = write(tmp_path, b'"' + b"k" * 200_000 + b"\n")
    result = ksm("assess", "--batch", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fehler: {path}, Zeile 1: CSV kann nicht gelesen werden: eine Zelle ist zu lang "
        "(fehlt ein schließendes Anführungszeichen?)\n"
    )


# 4. Byte order marks in the middle -----------------------------------------------------------


def test_two_joined_utf8_files_read_as_one(ksm, tmp_path):
    one = f"\ufeff{HEADER}\r\nMühlheim;{GOOD}\r\n".encode()
    two = f'\ufeff{HEADER}\r\n"Groß-Gerau";landkreis;;umgesetzt;nicht_moeglich;\r\n'.encode()
    result, data = batch_json(ksm, write(tmp_path, one + two))
    assert result.exit_code == 0, result.stderr
    assert [r["kommune"] for r in data["rows"]] == ["Mühlheim", "Groß-Gerau"]
    assert [r["row"] for r in data["rows"]] == [2, 4]
    assert "\ufeff" not in result.stdout


def test_a_bom_before_a_cell_is_nothing(ksm, tmp_path):
    text = f"{HEADER}\n\ufeffAdorf;\ufeffgemeinde;\ufeff30.000;umgesetzt;nicht_moeglich;\n"
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 0, result.stderr
    assert data["rows"][0]["kommune"] == "Adorf"


# 5. Cells the core cannot handle -------------------------------------------------------------


def test_a_5000_digit_number_skips_its_row_and_the_others_are_written(ksm, tmp_path):
    text = f"{HEADER}\nAdorf;gemeinde;{'1' * 5000};umgesetzt;nicht_moeglich;\nBedorf;{GOOD}\n"
    path, out = write(tmp_path, text.encode()), tmp_path / "ergebnis.csv"
    result = ksm("assess", "--batch", str(path), "--csv", str(out))
    assert result.exit_code == 2
    message = "Zeile 2, Spalte einwohner: '1111111111"
    assert f"Fehler: {path}, {message}" in result.stderr and "– Zeile übersprungen.\n" in result.stderr
    assert "… (5000 Zeichen)': nicht plausibel" in result.stderr
    german_only(result.stderr, tmp_path)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith(f"2;Adorf;;;;0;;{message}") and "(5000 Zeichen)" in lines[1]
    assert lines[2].startswith("3;Bedorf;v5;V5;")
    assert "1 bewertet, 1 übersprungen." in result.stdout


def test_a_5000_digit_number_with_thousands_dots_too(ksm, tmp_path):
    huge = "1" + ".000" * 1700
    text = f"{HEADER}\nAdorf;gemeinde;{huge};umgesetzt;nicht_moeglich;\nBedorf;{GOOD}\n"
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2 and data["ok"] == 1
    assert data["rows"][0]["error"].startswith("Zeile 2, Spalte einwohner: '1.000.000.000.000.000")


@pytest.mark.parametrize("cell", ["²", "³", "2³"])
def test_superscript_digits_are_a_german_row_error(ksm, tmp_path, cell):
    text = f"{HEADER}\nAdorf;gemeinde;{cell};umgesetzt;nicht_moeglich;\nBedorf;{GOOD}\n"
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2 and data["ok"] == 1
    assert data["rows"][0]["error"].startswith(f"Zeile 2, Spalte einwohner: '{cell}': keine ganze Zahl")
    german_only(result.stderr, tmp_path)


def test_superscript_digits_through_a_parser_that_trusts_isdigit(ksm, tmp_path, monkeypatch):
    """The guard: a parser that calls int() on '²' (isdigit() is True) must not end the run."""
    import ksm_cli.assess.answers as answers

    monkeypatch.setattr(answers, "_integer", lambda raw: int(raw) if str(raw).isdigit() else None)
    text = f"{HEADER}\nAdorf;gemeinde;²;umgesetzt;nicht_moeglich;\nBedorf;{GOOD}\n"
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2 and data["ok"] == 1 and data["rows"][1]["kommune"] == "Bedorf"
    assert data["rows"][0]["error"] == (
        "Zeile 2, Spalte einwohner: '²': kann nicht verarbeitet werden "
        "(Wert zu groß oder außerhalb des gültigen Bereichs)"
    )


@pytest.mark.parametrize("cell", ["9999-12-31", "31.12.9999"])
def test_a_date_in_the_year_9999_is_a_german_row_error(ksm, tmp_path, cell):
    text = f"{HEADER}\nAdorf;gemeinde;;umgesetzt;nicht_moeglich;{cell}\nBedorf;{GOOD}\n"
    result, data = batch_json(ksm, write(tmp_path, text.encode()))
    assert result.exit_code == 2 and data["ok"] == 1
    assert data["rows"][0]["error"].startswith(f"Zeile 2, Spalte foerderende: '{cell}': Datum muss zwischen")
    german_only(result.stderr, tmp_path)


def test_a_fahrplan_past_the_year_9999_is_a_german_row_error(ksm, tmp_path, monkeypatch):
    """The guard: a date the parser lets through whose Fahrplan overflows in the core."""
    import ksm_cli.assess.batch as batch

    real = batch.parse_answers

    def lenient(values, knowledge):
        late = values.get("foerderende") == "9999-12-31"
        answers = real({**values, "foerderende": ""} if late else values, knowledge)
        if late:
            answers.context["foerderende"] = dt.date(9999, 12, 31)
        return answers

    monkeypatch.setattr(batch, "parse_answers", lenient)
    text = (
        "kommune;vorhaben;klimaschutzkonzept;ideen_weiterentwicklung;foerderende\n"
        "Adorf;erstvorhaben;umgesetzt;nicht_moeglich;9999-12-31\n"
        "Bedorf;erstvorhaben;umgesetzt;nicht_moeglich;30.06.2027\n"
    )
    out = tmp_path / "ergebnis.csv"
    result, data = batch_json(ksm, write(tmp_path, text.encode()), "--csv", str(out))
    assert result.exit_code == 2 and data["ok"] == 1 and data["rows"][1]["kommune"] == "Bedorf"
    assert data["rows"][0]["error"] == (
        "Zeile 2, Spalte foerderende: mit 31.12.9999 lässt sich kein Fahrplan berechnen "
        "(Datum liegt zu weit in der Zukunft)"
    )
    german_only(result.stderr, tmp_path)
    assert out.read_text(encoding="utf-8-sig").splitlines()[2].startswith("3;Bedorf;")


def test_other_exceptions_in_the_core_are_not_swallowed(ksm, tmp_path, monkeypatch):
    import ksm_cli.assess.batch as batch

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(batch, "assess", broken)
    result = ksm("assess", "--batch", str(write(tmp_path, f"{HEADER}\nAdorf;{GOOD}\n".encode())))
    assert result.exit_code == 1
    assert "Unerwarteter Fehler (RuntimeError: kaputt)" in result.stderr


# Property: whatever Excel-like writer made the file, the cells and first lines come back -----

CELL = st.text(alphabet="abcXYZ äöüßÄÖÜ;,\"'\r\n-", max_size=12)
RECORD = st.lists(CELL, min_size=2, max_size=2).filter(lambda cells: any(c.strip() for c in cells))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(RECORD, max_size=6),
    end=st.sampled_from(["\r\n", "\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    joined=st.booleans(),
)
def test_cells_and_first_lines_survive_any_excel_like_file(records, end, encoding, joined):
    from ksm_cli.assess.batch import read_batch

    def csv_text(rows):  # as Excel writes it: a cell with ';', '"' or a line break in quotes
        def cell(text):
            return f'"{text.replace(chr(34), 2 * chr(34))}"' if any(c in text for c in ';"\r\n') else text

        return "".join(";".join(cell(c) for c in cells) + end for cells in [["kommune", "einwohner"], *rows])

    half = len(records) // 2 if joined else len(records)
    raw = csv_text(records[:half]).encode(encoding)
    if joined:  # a second file appended, with its own header (and BOM)
        raw += csv_text(records[half:]).encode(encoding)
    table = read_batch(raw)
    assert [cells for _, cells, _ in table.rows] == records
    assert all(error is None for _, _, error in table.rows)
    # the first line of each record, counted the way an editor counts lines
    lines = 1
    first = []
    for index, cells in enumerate(records):
        if joined and index == half:
            lines += 1
        first.append(lines + 1)
        lines += len(io.StringIO(csv_text([cells]).split(end, 1)[1], newline="").readlines())
    assert [number for number, _, _ in table.rows] == first
    non_ascii = any(ord(c) > 127 for cells in records for c in "".join(cells))
    assert table.encoding == (encoding if encoding != "cp1252" or non_ascii else "utf-8")
