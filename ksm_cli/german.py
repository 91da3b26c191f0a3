"""German numbers and dates in one place: parsing what users type, formatting what ksm shows."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from ksm_cli.errors import SHOWN_CHARS as SHOWN_CHARS  # at home in errors.py, imported from here too
from ksm_cli.errors import UsageError
from ksm_cli.errors import shown as shown


def de_number(value: float | int | None, decimals: int = 2) -> str:
    """German number format: 48.000 · 0,5 · 1.250,5 (trailing zeros dropped).

    Rounded half up on the decimal digits as written, as people round: 1,95 → 2 with one
    decimal (binary floating point would give 1,9).
    """
    if value is None:
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        return f"{int(value):,}".replace(",", ".")  # whole numbers, the common case: no rounding
    key = (value, decimals)
    text = _NUMBERS.get(key)
    if text is None:
        text = _de_fraction(value, decimals)
        if len(_NUMBERS) < 4096:  # a table repeats a few values (0,5 Tage) many times
            _NUMBERS[key] = text
    return text


_NUMBERS: dict[tuple[float, int], str] = {}


def _de_fraction(value: float, decimals: int) -> str:
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
    """30.06.2027; quicker than strftime, and the same for every year from 1000 on."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if day else "–"


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


def parse_decimal(raw: Any, thousands_dot: bool) -> float | None:
    """German and English notation: '0,5', '0.5', '250.000' (money only), '1.250,50'."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", " ").replace(" ", "")
        text = re.sub(r"(€|eur|euro|vzä|vzae)$", "", text, flags=re.IGNORECASE).strip()
        # [0-9], not \d: float() would take '٣' or '１' too
        # '1.500' groups thousands, '0.500' does not (no group starts with 0)
        if re.fullmatch(r"[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?", text) or re.fullmatch(
            r"[0-9]+,[0-9]+", text
        ):
            if "," not in text and not thousands_dot:
                return None  # '1.500' is not a Stellenumfang
            text = text.replace(".", "").replace(",", ".")
        elif not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            return None
        whole, _, fraction = text.partition(".")
        if len((whole + fraction.rstrip("0")).lstrip("0")) > MAX_DIGITS:
            return None  # more digits than a float holds exactly
        value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


_GERMAN_DATE = r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})"


def _iso_form(text: str) -> bool:
    """JJJJ-MM-TT in ASCII digits (what ksm writes; no regular expression to compile)."""
    return (
        len(text) == 10
        and text[4] == "-"
        and text[7] == "-"
        and text.isascii()
        and (text[:4] + text[5:7] + text[8:]).isdigit()
    )


def _calendar_date(raw: Any) -> dt.date | None:
    """Any calendar date in JJJJ-MM-TT or TT.MM.JJJJ, whatever its year."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    try:
        if _iso_form(text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(_GERMAN_DATE, text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def parse_date(raw: Any) -> dt.date | None:
    """A date ksm can compute with: JJJJ-MM-TT or TT.MM.JJJJ, from FIRST_DATE to LAST_DATE
    (ksm adds months and project years to it); None otherwise (``date_problem`` says why)."""
    day = _calendar_date(raw)
    return day if day is not None and FIRST_DATE <= day <= LAST_DATE else None


def date_problem(raw: Any) -> str:
    """Why ``parse_date`` refused ``raw``, in German (without the value)."""
    if _calendar_date(raw) is not None:
        return f"Datum muss {DATE_RANGE} liegen"
    return "kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"


@lru_cache(maxsize=4096)  # pure; a long mentoring log asks for the same project-year bounds again and again
def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31.08. - 6 Monate = 28./29.02.).

    Dates outside what a date can hold are a German error, not a crash (a safety net: every
    date a user gives is checked by ``parse_date`` already)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        if day.day <= 28:  # every month has it
            return dt.date(year, month + 1, day.day)
        after = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        return dt.date(year, month + 1, min(day.day, (after - dt.timedelta(days=1)).day))
    except (ValueError, OverflowError):
        sign = "+" if months >= 0 else "-"
        raise UsageError(
            f"{day:%d.%m.%Y} {sign} {abs(months)} Monate liegt außerhalb der Daten, mit denen ksm rechnet "
            f"(Datum muss {DATE_RANGE} liegen)"
        ) from None


MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def parse_month(raw: object) -> int | None:
    """A month as a number (1 to 12, "11", "11.") or its German name, also shortened ("Nov",
    "Maerz"); None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= 12 else None
    text = str(raw).strip().rstrip(".").lower().replace("ä", "ae")
    if text.isascii() and text.isdigit() and len(text) <= 2:
        return int(text) if 1 <= int(text) <= 12 else None
    if len(text) < 3:
        return None
    for number, name in enumerate(MONTHS, start=1):
        if name.lower().replace("ä", "ae").startswith(text):
            return number
    return None
