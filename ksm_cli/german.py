"""German number and date formats, for messages of the core and for every renderer."""

from __future__ import annotations

import datetime as dt


def de_number(value: float | int | None, decimals: int = 2) -> str:
    """German number format: 48.000 · 0,5 · 1.250,5 (trailing zeros dropped)."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def de_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"
