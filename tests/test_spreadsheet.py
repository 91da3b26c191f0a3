"""CSV for German Excel: BOM, ';', decimal commas, formulas neutralised, numbers left numeric."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.render.document import clean
from ksm_cli.render.spreadsheet import excel_csv


def test_bom_separator_decimal_comma_and_formulas():
    text = excel_csv(
        ["a", "b", "c"], [['=HYPERLINK("x")', -5, 12.5], ["+1", "@SUM(A1)", True], ["-x", None, 0.0]]
    )
    assert text.startswith("\ufeffa;b;c\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("x")', "-5", "12,5"]  # a negative number stays a number
    assert rows[2] == ["'+1", "'@SUM(A1)", "ja"]
    assert rows[3] == ["'-x", "", "0"]


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=5))
def test_text_cells_read_back_and_never_start_a_formula(rows):
    text = excel_csv(["x", "y"], rows)
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))[1:]
    for original, back in zip(rows, parsed, strict=True):
        for cell, read in zip(original, back, strict=True):
            assert not read.startswith(("=", "+", "-", "@"))
            assert read in (clean(cell), "'" + clean(cell))  # control characters shown as \x1b etc.
