"""German number format: grouping, comma, and rounding half up as people do."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.german import de_number, parse_decimal


@pytest.mark.parametrize(
    "value,decimals,shown",
    [
        (48000, 2, "48.000"),
        (0.5, 2, "0,5"),
        (1250.5, 2, "1.250,5"),
        (7.0, 1, "7"),
        (1.95, 1, "2"),  # 5 % of 39 h: binary floating point alone would give 1,9
        (2.675, 2, "2,68"),
        (-1.95, 1, "-2"),
        (-0.04, 1, "0"),
        (None, 2, "–"),
    ],
)
def test_de_number(value, decimals, shown):
    assert de_number(value, decimals) == shown


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False), st.integers(0, 3))
def test_de_number_reads_back_as_the_value_rounded_half_up(value, decimals):
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    shown = de_number(float(value), decimals)
    back = parse_decimal(shown.lstrip("-"), thousands_dot=True)
    assert back is not None, shown
    assert Decimal(repr(back)) * (-1 if shown.startswith("-") else 1) == expected


@settings(max_examples=500)
@given(
    st.one_of(st.text(alphabet="0123456789-.٣１ ", max_size=12), st.dates().map(str), st.text(max_size=12))
)
def test_the_quick_iso_check_is_the_pattern_jjjj_mm_tt(text):
    import re

    from ksm_cli.german import _iso_form

    assert _iso_form(text) == bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text))
