"""Odd numbers and dates: what ksm writes it reads back, and no number or date breaks it.

Each test names the case it covers: (1) too precise numbers written as '1e-05', (2) numbers
beyond Python's 4,300-digit limit for int(), (3) digits that are not ASCII ('²', '①', '٣'),
(4) dates outside what ksm computes with (9999-12-31).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli_assess import ANSWERS, TODAY  # the Musterstadt answers of the assess tests

from ksm_cli.assess.answers import CONTEXT, Answers, dump_answers, load_answers_file, parse_context_value
from ksm_cli.errors import InputError, UsageError
from ksm_cli.german import (
    DATE_RANGE,
    MAX_DIGITS,
    decimal_places,
    parse_whole,
    plain_decimal,
)

HUGE = "1" * 5000  # beyond int()'s limit of 4,300 digits
ODD_DIGITS = ["²", "³", "①", "٣", "１", "1_000", "+1", " ", ""]


def refused(result, *fragments: str) -> None:
    """Exit 2 with one German line that contains every fragment, never the crash message."""
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("Fehler: "), lines
    assert "Unerwarteter Fehler" not in lines[0]
    assert len(lines[0]) < 400, "a 5,000-digit value is cut in the message"
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# --- the shared helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dot", "comma"),
    [
        (1e-05, "0.00001", "0,00001"),
        (0.01, "0.01", "0,01"),
        (12.0, "12", "12"),
        (12.5, "12.5", "12,5"),
        (1e22, "10000000000000000000000", "10000000000000000000000"),
        (9_999_999_999.99, "9999999999.99", "9999999999,99"),
        (-0.0, "0", "0"),
        (7, "7", "7"),
    ],
)
def test_plain_decimal_never_writes_an_exponent(value, dot, comma):  # (1)
    assert plain_decimal(value) == dot
    assert plain_decimal(value, ",") == comma


@given(
    st.one_of(
        st.decimals(0, 10**12, places=3).map(float),
        st.floats(min_value=0, max_value=1e14, allow_nan=False).filter(lambda v: len(repr(v)) <= 16),
    )
)
def test_plain_decimal_reads_back_exactly_with_each_decimal_mark(value):  # (1)
    from ksm_cli.german import parse_decimal

    # ',' in answers files (any number of decimals); '.' in the self-assessment and the log,
    # whose numbers have at most 2 decimals ('1.500' would be read as thousands in money)
    marks = [","] + (["."] if decimal_places(value) <= 2 else [])
    for mark in marks:
        text = plain_decimal(value, mark)
        assert not re.search("[eE]", text)
        assert parse_decimal(text, thousands_dot=False) == value, text
    assert parse_decimal(plain_decimal(value, ","), thousands_dot=True) == value


@pytest.mark.parametrize("text", [HUGE, "1" * (MAX_DIGITS + 1), *ODD_DIGITS, "-1", "1.5", None, True])
def test_parse_whole_takes_only_ascii_digits_and_at_most_15(text):  # (2) (3)
    assert parse_whole(text) is None


def test_parse_whole_takes_plain_digits():
    assert parse_whole(" 007 ") == 7
    assert parse_whole("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert parse_whole(0) == 0


def test_a_leading_zero_is_no_thousands_group():
    from ksm_cli.german import parse_decimal

    assert parse_decimal("0.001", thousands_dot=False) == 0.001
    assert parse_decimal("0.500", thousands_dot=True) == 0.5
    assert parse_decimal("1.500", thousands_dot=True) == 1500
    assert parse_decimal("1.500", thousands_dot=False) is None


def test_decimal_places():
    assert [decimal_places(v) for v in (0.5, 1e-05, 12.0, 0.01, 1234.125)] == [1, 5, 0, 2, 3]


def test_add_months_outside_the_calendar_is_a_german_error():  # (4)
    from ksm_cli.german import add_months

    for day, months in ((dt.date(9999, 12, 31), 12), (dt.date(2026, 1, 1), -(10**20))):
        with pytest.raises(UsageError, match="Datum muss zwischen 01.01.1990 und 31.12.2100 liegen"):
            add_months(day, months)


# --- the answers of ksm assess -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("stellenumfang_vzae", "0,00001", "höchstens 3 Nachkommastellen"),  # (1)
        ("stellenumfang_vzae", "0,0000000000000000000001", "höchstens 3 Nachkommastellen"),
        ("budget_eur", "0,005", "höchstens 2 Nachkommastellen"),
        ("budget_eur", HUGE, "keine gültige Zahl"),  # (2)
        ("einwohner", HUGE, "nicht plausibel"),  # (2)
        ("einwohner", "٣", "keine ganze Zahl"),  # (3)
        ("einwohner", "４８０００", "keine ganze Zahl"),
        ("einwohner", "²", "keine ganze Zahl"),
        ("stellenumfang_vzae", "٠,٥", "keine gültige Zahl"),
        ("foerderende", "31.12.9999", f"Datum muss {DATE_RANGE} liegen"),  # (4)
        ("foerderende", "1989-12-31", f"Datum muss {DATE_RANGE} liegen"),
        ("foerderende", "٢٠٢٧-٠٦-٣٠", "kein gültiges Datum"),
    ],
)
def test_context_values_too_precise_huge_odd_or_out_of_range_are_refused(k, key, raw, fragment):
    with pytest.raises(InputError) as info:
        parse_context_value(CONTEXT[key], raw, k)
    assert info.value.field == key and info.value.message.startswith(f"{key}: ")
    assert fragment in info.value.message
    assert len(info.value.message) < 300


def test_the_limits_themselves_are_taken_and_read_back(k, tmp_path):  # (1)
    context = {
        "einwohner": 10_000_000,
        "stellenumfang_vzae": 0.001,
        "budget_eur": 9_999_999_999.99,
        "foerderende": dt.date(2100, 12, 31),
    }
    for key, value in context.items():
        shown = value.isoformat() if isinstance(value, dt.date) else plain_decimal(value, ",")
        assert parse_context_value(CONTEXT[key], shown, k) == value
    original = Answers({"klimaschutzkonzept": "umgesetzt"}, context)
    path = tmp_path / "a.yaml"
    path.write_text(dump_answers(original, k), encoding="utf-8")
    assert not re.search(r"[0-9][eE]", path.read_text(encoding="utf-8"))
    assert load_answers_file(path, k) == original


def test_assess_refuses_a_vzae_it_could_not_read_back(ksm, tmp_path):  # (1)
    answers = tmp_path / "antworten.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    saved = tmp_path / "a.yaml"
    args = ["assess", "--answers", str(answers), *TODAY, "--save-answers", str(saved)]
    refused(ksm(*args, "--set", "stellenumfang_vzae=0,00001"), "höchstens 3 Nachkommastellen")
    assert not saved.exists()
    assert ksm(*args, "--set", "stellenumfang_vzae=0,001").exit_code == 0
    assert "stellenumfang_vzae: 0,001" in saved.read_text(encoding="utf-8")
    assert ksm("assess", "--answers", str(saved), *TODAY).exit_code == 0


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (f"einwohner: {HUGE}", "nicht plausibel"),  # (2)
        ("einwohner: ①", "keine ganze Zahl"),  # (3)
        ("stellenumfang_vzae: 0.00001", "höchstens 3 Nachkommastellen"),  # (1)
        ("foerderende: 9999-12-31", f"Datum muss {DATE_RANGE} liegen"),  # (4)
    ],
)
def test_answers_file_with_odd_numbers_is_one_german_line(ksm, tmp_path, line, fragment):
    answers = tmp_path / "antworten.yaml"
    key = line.split(":")[0]
    text = "".join(row + "\n" for row in ANSWERS.splitlines() if not row.startswith(key + ":"))
    answers.write_text(text + line + "\n", encoding="utf-8")
    refused(ksm("assess", "--answers", str(answers), *TODAY), "antworten.yaml", fragment)


@pytest.mark.parametrize("raw", ["9999-12-31", "01.01.1900", HUGE])
def test_stichtag_outside_the_range_is_refused(ksm, raw):  # (4) (2)
    refused(ksm("assess", "--stichtag", raw), "--stichtag")


# --- the self-assessment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--set", "controlling=0,00001/50"], "höchstens 2 Nachkommastellen"),  # (1)
        (["--set", "controlling=0,125/50"], "höchstens 2 Nachkommastellen"),
        (["--set", f"controlling={HUGE}/50"], "kein Prozentwert"),  # (2)
        (["--set", "controlling=²/50"], "kein Prozentwert"),  # (3)
        (["--set", "controlling=٣/50"], "kein Prozentwert"),
        (["--hours-per-week", "0,00001"], "höchstens 2 Nachkommastellen"),  # (1)
        (["--hours-per-week", HUGE], "--hours-per-week"),  # (2)
        (["--hours-per-week", "٣٩"], "--hours-per-week"),  # (3)
    ],
)
def test_self_assessment_refuses_what_it_could_not_read_back(ksm, tmp_path, args, fragment):
    path = tmp_path / "s.yaml"
    refused(ksm("tasks", "assess", "--file", str(path), "--allow-partial", *args), fragment)
    assert not path.exists()


def test_self_assessment_smallest_values_are_written_plainly_and_read_back(ksm, tmp_path):  # (1)
    path = tmp_path / "s.yaml"
    result = ksm(
        "tasks",
        "assess",
        "--file",
        str(path),
        "--allow-partial",
        "--set",
        "controlling=0,01/99,99",
        "--hours-per-week",
        "0,01",
    )
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "ist: 0.01\n" in text and "soll: 99.99\n" in text and "wochenstunden: 0.01\n" in text
    assert ksm("tasks", "compare", str(path), "--allow-partial").exit_code == 0


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("1e-05", "kein Prozentwert"), (HUGE, "kein Prozentwert"), ("³", "kein Prozentwert")],
)
def test_self_assessment_file_with_odd_values_is_one_located_line(ksm, tmp_path, value, fragment):
    path = tmp_path / "s.yaml"
    path.write_text(
        f"ksm_selbsteinschaetzung: 1\nentwurf: true\naufgaben:\n  controlling:\n    ist: {value}\n    soll: 5\n",
        encoding="utf-8",
    )
    refused(ksm("tasks", "compare", str(path), "--allow-partial"), "s.yaml, Zeile 5", fragment)


# --- the mentoring log ---------------------------------------------------------------------------

ENTRY = {"id": "1", "datum": "2026-01-15", "format": "webinar", "titel": "Haushalt"}


def _log_with(path, **fields) -> None:
    entry = {**ENTRY, **fields}
    body = "".join(f"  {key}: {value}\n" for key, value in entry.items()).replace("  id", "- id", 1)
    path.write_text(
        "ksm_mentoring_log: 1\nrolle: mentor\nvorhaben: anschlussvorhaben\nregelsatz: handreichung\n"
        "eintraege:\n" + body,
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"id": HUGE}, "eintraege[1].id"),  # (2)
        ({"personen": HUGE}, "eintraege[1].personen"),
        ({"beitraege": HUGE}, "eintraege[1].beitraege"),
        ({"stunden": HUGE}, "eintraege[1].stunden"),
        ({"format": "forum", "forum_wochen": HUGE}, "eintraege[1].forum_wochen"),
        ({"id": "²"}, "eintraege[1].id"),  # (3)
        ({"personen": "²"}, "eintraege[1].personen"),
        ({"beitraege": "①"}, "eintraege[1].beitraege"),
        ({"personen": "٣"}, "eintraege[1].personen"),
        ({"format": "forum", "forum_wochen": "٢٠"}, "eintraege[1].forum_wochen"),
        ({"stunden": "0.001"}, "höchstens 2 Nachkommastellen"),  # (1)
        ({"stunden": "1e-05"}, "eintraege[1].stunden"),
        ({"datum": "9999-12-31"}, f"Datum muss {DATE_RANGE} liegen"),  # (4)
        ({"datum": "1900-01-01"}, f"Datum muss {DATE_RANGE} liegen"),
    ],
)
def test_log_with_odd_numbers_or_dates_is_one_located_line(ksm, tmp_path, monkeypatch, fields, fragment):
    path = tmp_path / "mentoring.yaml"
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    _log_with(path, **fields)
    before = path.read_bytes()
    for command in (["list"], ["credits"]):
        refused(ksm("mentoring", *command), "mentoring.yaml, Zeile", fragment)
    assert path.read_bytes() == before


def test_log_with_projektbeginn_in_year_9999_is_refused(ksm, tmp_path, monkeypatch):  # (4)
    path = tmp_path / "mentoring.yaml"
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    _log_with(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("regelsatz:", "projektbeginn: 9999-12-31\nregelsatz:"),
        encoding="utf-8",
    )
    refused(ksm("mentoring", "credits"), "projektbeginn", f"Datum muss {DATE_RANGE} liegen")


def test_a_date_in_year_9999_is_never_saved_to_break_every_later_run(ksm, started_log):  # (4)
    before = started_log.read_bytes()
    refused(
        ksm("mentoring", "add", "--date", "9999-12-31", "--kind", "webinar", "--title", "x"),
        "--date: '9999-12-31'",
        f"Datum muss {DATE_RANGE} liegen",
    )
    refused(ksm("mentoring", "init", "--start", "9999-12-31"), "--start", DATE_RANGE)
    assert started_log.read_bytes() == before
    assert ksm("mentoring", "credits").exit_code == 0


ADD = ["mentoring", "add", "--date", "2026-01-15", "--kind", "webinar", "--title", "x"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([*ADD, "--participants", HUGE], "--participants"),  # (2)
        ([*ADD, "--posts", HUGE], "--posts"),
        ([*ADD, "--hours", HUGE], "--hours"),
        ([*ADD[:-4], "--kind", "forum", "--title", "x", "--forum-weeks", HUGE], "--forum-weeks"),
        (["mentoring", "list", "--year", HUGE], "--year"),
        (["mentoring", "credits", "--year", HUGE], "--year"),
        (["mentoring", "report", "--year", HUGE], "--year"),
        (["mentoring", "remove", HUGE, "--yes"], "ID"),
        ([*ADD, "--participants", "٣"], "--participants"),  # (3)
        ([*ADD, "--posts", "²"], "--posts"),
        (["mentoring", "credits", "--year", "①"], "--year"),
        (["mentoring", "remove", "٣", "--yes"], "ID"),
        ([*ADD, "--hours", "0,001"], "höchstens 2 Nachkommastellen"),  # (1)
        ([*ADD, "--hours", "1e-05"], "--hours"),
    ],
)
def test_mentoring_options_with_odd_numbers_are_one_german_line(ksm, started_log, args, fragment):
    before = started_log.read_bytes()
    refused(ksm(*args), fragment)
    assert started_log.read_bytes() == before


def test_mentoring_numbers_at_the_limits_are_saved_and_read_back(ksm, started_log):  # (1)
    result = ksm(*ADD, "--hours", "0,01", "--participants", "9" * MAX_DIGITS, "--posts", "0")
    assert result.exit_code == 0, result.stderr
    text = started_log.read_text(encoding="utf-8")
    assert "stunden: 0.01\n" in text and f"personen: {'9' * MAX_DIGITS}\n" in text
    listed = ksm("mentoring", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert "--json" and f'"personen": {"9" * MAX_DIGITS}' in listed.stdout


# --- model ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["V" + HUGE, "V6a-" + HUGE, HUGE, "V٧", "V７", "V²"])
def test_model_ids_with_huge_or_odd_digits_are_unknown_models(ksm, raw):  # (2) (3)
    from ksm_cli.knowledge.ids import normalize_model_id

    assert normalize_model_id(raw) not in ("V7", "V2")
    result = ksm("models", "show", raw)
    assert result.exit_code == 2 and "Unerwarteter Fehler" not in result.stderr
    assert result.stderr.startswith("Fehler: Unbekanntes Modell")
