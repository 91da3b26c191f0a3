"""The money of a Verstetigung, as the Beschlussvorlage's finance block and the Kurzfassung show
it: yearly Folgelasten (Stellenumfang × Personalkosten je VZÄ, plus the Klimaschutzbudget where
given), the costs per Haushaltsjahr from the Förderende on, and what the KSM has raised and saved.
Plain Python, no UI; every figure comes from the user's Angaben.

ksm's own assumptions, said in the documents with ``ASSUMPTION``: the costs fall to the Kommune
from the month after the Förderende; the year of the Förderende counts with its remaining months;
no pay rises are added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

YEARS_AFTER = 3  # full Haushaltsjahre shown after the year of the Förderende
ASSUMPTION = (
    "Berechnung von ksm aus den Angaben der Kommune: Die Kosten fallen ab dem Tag nach dem "
    "Förderende an, das erste Jahr zählt anteilig (nach Monaten, bei einem Förderende mitten im Monat "
    "nach Tagen); Tarif- und "
    "Preissteigerungen sind nicht eingerechnet. Die Rechnung setzt voraus, dass die Kommune die ganze "
    "Stelle trägt; wird sie geteilt oder außerhalb der Verwaltung angesiedelt, nur ihren Anteil."
)


class YearCost(TypedDict):
    year: int
    months: int  # 12 for a whole year
    start: dt.date  # the first day the Kommune pays in this year
    personal: float | None
    budget: float | None
    total: float | None


class Costs(TypedDict):
    vzae: float | None
    per_vzae: float | None
    personal: float | None  # per year
    budget: float | None  # per year
    total: float | None  # per year: personal plus budget; None without personal costs
    years: list[YearCost]
    overall: float | None  # over ``years``
    raised: float | None
    saved: float | None
    returns: float | None  # raised plus saved, where either is given


def _share(value: float | None, part: float) -> float | None:
    return None if value is None else round(value * part, 2)


def costs(context: dict[str, Any], end: dt.date | None = None) -> Costs:
    """The money of the Angaben; ``end`` is the day the funding ends (default: the Angabe
    Förderende; in an Erstvorhaben the caller passes the estimated end of the Anschlussvorhaben)."""
    vzae = context.get("stellenumfang_vzae")
    per_vzae = context.get("personalkosten_je_vzae")
    budget = context.get("budget_eur")
    personal = round(vzae * per_vzae, 2) if vzae is not None and per_vzae is not None else None
    total = None if personal is None else personal + (budget or 0)
    years: list[YearCost] = []
    end = end or context.get("foerderende")
    if end is not None:
        start = end + dt.timedelta(days=1)
        first_year = dt.date(start.year, 12, 31)
        days_in_year = (first_year - dt.date(start.year, 1, 1)).days + 1
        if start.day == 1:  # a Förderende at a month's end (the usual case): whole months
            part = (13 - start.month) / 12
        else:  # else by the days the Kommune pays in the first year
            part = ((first_year - start).days + 1) / days_in_year
        spans = [(start.year, start, part)]
        spans += [(start.year + n, dt.date(start.year + n, 1, 1), 1.0) for n in range(1, YEARS_AFTER + 1)]
        for year, begin, part in spans:
            share_personal, share_budget = _share(personal, part), _share(budget, part)
            years.append(
                {
                    "year": year,
                    "months": 12 if part == 1.0 else round(part * 12),
                    "start": begin,
                    "personal": share_personal,
                    "budget": share_budget,
                    "total": None if share_personal is None else share_personal + (share_budget or 0),
                }
            )
    overall = None
    if years and all(y["total"] is not None for y in years):
        overall = round(sum(y["total"] or 0 for y in years), 2)
    raised = context.get("eingeworbene_foerdermittel_eur")
    saved = context.get("eingesparte_kosten_eur")
    returns = None if raised is None and saved is None else (raised or 0) + (saved or 0)
    return {
        "vzae": vzae,
        "per_vzae": per_vzae,
        "personal": personal,
        "budget": budget,
        "total": total,
        "years": years,
        "overall": overall,
        "raised": raised,
        "saved": saved,
        "returns": returns,
    }


def returns_text(money: Costs) -> str | None:
    """What the KSM has brought in, as entered: „eingeworbene Fördermittel von 180.000 € und
    eingesparte Kosten von 24.000 €“; None where neither is given."""
    parts = []
    if money["raised"] is not None:
        parts.append(f"eingeworbene Fördermittel von {euro(money['raised'])}")
    if money["saved"] is not None:
        parts.append(f"eingesparte Kosten von {euro(money['saved'])}")
    return " und ".join(parts) or None


def euro(value: float) -> str:
    """An amount as a German document writes it: 70.000 €, 1.234,50 €."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.2f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") + " €"
