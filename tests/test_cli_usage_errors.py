"""Usage errors from the argument parser are German sentences, whatever click says in English."""

from __future__ import annotations

import pytest
from typer._click.types import FloatRange, IntRange

from ksm_cli.cli.translations import german_range


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mentoring", "remove", "abc"], "Ungültiger Wert für ID: 'abc' ist keine ganze Zahl."),
        (
            ["mentoring", "add", "--participants", "-1"],
            "Ungültiger Wert für --participants: -1 ist nicht erlaubt (erlaubt: mindestens 0).",
        ),
        (
            ["mentoring", "add", "--hours", "viel"],
            "Ungültiger Wert für --hours: 'viel' ist keine gültige Zahl.",
        ),
        (
            ["mentoring", "credits", "--year", "0"],
            "Ungültiger Wert für --year: 0 ist nicht erlaubt (erlaubt: mindestens 1).",
        ),
        (["mentoring", "add", "--date"], "Die Option --date braucht einen Wert."),
        (["mentoring", "lsit"], "Unbekannter Befehl 'lsit'. Meinten Sie 'list'?"),
        (["models", "show"], "Das Argument ID fehlt."),
    ],
)
def test_usage_errors_are_one_german_line(ksm, args, message):
    result = ksm(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: " + message), lines
    assert " is not " not in result.stderr


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (IntRange(min=0), "mindestens 0"),
        (IntRange(min=0, min_open=True), "größer als 0"),
        (IntRange(max=10, max_open=True), "kleiner als 10"),
        (IntRange(max=10), "höchstens 10"),
        (IntRange(1, 10), "1 bis 10"),
        (FloatRange(0, 1, min_open=True, max_open=True), "zwischen 0 und 1"),
    ],
)
def test_ranges_in_words(kind, words):
    assert german_range(kind) == words
