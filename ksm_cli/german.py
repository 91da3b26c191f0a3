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


# --- What ksm reads from users, in one place -------------------------------------------------
# Every value that passes these limits is written back by ``plain_decimal`` and read again
# unchanged: at most 15 significant digits, so a float holds it exactly.
MAX_DIGITS = 15  # digits of a whole number typed by a user (ids, counts, Einwohner, --year …)
PERCENT_PLACES = 2  # IST/SOLL in % of working time
HOURS_PLACES = 2  # hours (weekly working time, hours of a mentoring activity)
VZAE_PLACES = 3  # Stellenumfang in Vollzeitäquivalenten
MONEY_PLACES = 2  # euros and cents
MAX_EINWOHNER = 10_000_000
MAX_VZAE = 1000.0
MAX_BUDGET = 10_000_000_000.0  # € per year
MAX_WEEKLY_HOURS = 80.0
MAX_ACTIVITY_HOURS = 10_000.0
FIRST_DATE = dt.date(1990, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
DATE_RANGE = f"zwischen {FIRST_DATE:%d.%m.%Y} und {LAST_DATE:%d.%m.%Y}"
SHOWN_CHARS = 40


def shown(raw: object) -> str:
    """User text for a message, literally, but cut after SHOWN_CHARS characters (a pasted
    5,000-digit number must not fill the screen)."""
    text = str(raw)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text)} Zeichen)"


def parse_whole(raw: object) -> int | None:
    """A non-negative whole number from user text: ASCII digits only (no '²', '①', '٣', '1_000',
    '+1'), at most MAX_DIGITS of them; None otherwise. Checked before int(), which has a limit of
    its own (4,300 digits) and accepts digits of every script."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw < 10**MAX_DIGITS else None
    text = str(raw).strip()
    if not (0 < len(text) <= MAX_DIGITS and text.isascii() and text.isdigit()):
        return None
    return int(text)


def decimal_places(value: float) -> int:
    """Digits after the decimal point in the shortest exact form: 0.5 → 1, 1e-05 → 5, 12.0 → 0."""
    from decimal import Decimal

    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def plain_decimal(value: float | int, mark: str = ".") -> str:
    """A number as ksm writes it into its files, so that ksm's own parser reads it back exactly:
    whole numbers without a decimal mark, others in the shortest exact decimal form, never in
    exponent notation (1e-05 → 0.00001); ``mark`` is the decimal mark ('.' or ',')."""
    from decimal import Decimal

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    text = format(exact.normalize(), "f")
    if text.startswith("-") and exact.is_zero():
        text = text[1:]
    return text.replace(".", mark)
