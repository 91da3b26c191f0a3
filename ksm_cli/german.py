"""German number and date formats, for messages of the core and for every renderer."""

from __future__ import annotations

import datetime as dt


def de_number(value: float | int | None, decimals: int = 2) -> str:
    """German number format: 48.000 · 0,5 · 1.250,5 (trailing zeros dropped).

    Rounded half up on the decimal digits as written, as people round: 1,95 → 2 with one
    decimal (binary floating point would give 1,9).
    """
    if value is None:
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        return f"{int(value):,}".replace(",", ".")  # whole numbers, the common case: no rounding
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if exact.is_finite():
        exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        exact = exact.copy_abs() if exact.is_zero() else exact  # no "-0"
    text = f"{exact:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def de_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"
