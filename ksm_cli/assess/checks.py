"""Steckbrief checks and this municipality's figures, from the context answers (pure).

A check is ``erfüllt``, ``nicht erfüllt`` or ``unbekannt`` (a figure is missing) and always
carries the figures it compared. Thresholds come from the Steckbrief data (Tabelle 3.2), never
from code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksm_cli.assess.types import Check, Context, Figure, Knowledge, Status

MET: Status = "erfüllt"
NOT_MET: Status = "nicht erfüllt"
UNKNOWN: Status = "unbekannt"

_COMPARE = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def measured(measure: str, context: Context) -> float | None:
    """The municipality's value for a Steckbrief measure, or None if a figure is missing."""
    einwohner = context.get("einwohner")
    if measure == "einwohner":
        return einwohner
    if measure == "stellenumfang_vzae":
        return context.get("stellenumfang_vzae")
    if measure == "budget_eur_pro_ew":
        budget = context.get("budget_eur")
        if budget is None or not einwohner:
            return None
        return budget / einwohner
    return None


COMPUTED = frozenset({"budget_eur_pro_ew"})  # measures ksm computes; the others are the Kommune's own


def steckbrief_checks(models: list[dict[str, Any]], context: Context) -> list[Check]:
    """One check per numeric Steckbrief criterion of the given models."""
    checks: list[Check] = []
    for model in models:
        steckbrief = model.get("steckbrief")
        if not steckbrief:
            continue
        for criterion in steckbrief["conditions"]:
            rule = criterion.get("check")
            if not rule:
                continue
            value = measured(rule["measure"], context)
            status: Status
            if value is None:
                status = UNKNOWN
            else:
                status = MET if _COMPARE[rule["operator"]](value, rule["value"]) else NOT_MET
            checks.append(
                {
                    "model": model["id"],
                    "criterion": criterion["criterion"],
                    "measure": rule["measure"],
                    "operator": rule["operator"],
                    "threshold": rule["value"],
                    "unit": rule["unit"],
                    # the Kommune's own figure as given (0,125 VZÄ); a computed one to the cent
                    "value": round(value, 2) if value is not None and rule["measure"] in COMPUTED else value,
                    "status": status,
                    "source": steckbrief["source"],
                }
            )
    return checks


def municipality_figures(knowledge: Knowledge, context: Context) -> list[Figure]:
    """Recommended staffing and budget floor for this municipality, from the Steckbrief figures."""
    einwohner = context.get("einwohner")
    figures: list[Figure] = []
    for model in knowledge.models:
        steckbrief = model.get("steckbrief")
        if not steckbrief:
            continue
        for guide in steckbrief["guide_values"]:
            value = None if not einwohner else round(einwohner / guide["per_einwohner"] * guide["vzae"], 2)
            figures.append(
                {
                    "id": "stellenumfang_empfohlen",
                    "label": "Empfohlener Stellenumfang",
                    "rule": guide["text"],
                    "value": value,
                    "unit": "VZÄ",
                    "approximate": guide["approximate"],
                    "current": context.get("stellenumfang_vzae"),
                    "source": guide["source"],
                }
            )
        for criterion in steckbrief["conditions"]:
            rule = criterion.get("check")
            if rule and rule["measure"] == "budget_eur_pro_ew":
                value = None if not einwohner else round(einwohner * rule["value"], 2)
                figures.append(
                    {
                        "id": "budget_untergrenze",
                        "label": "Untergrenze Klimaschutzbudget",
                        "rule": f"{criterion['result']} × Einwohnerzahl",
                        "value": value,
                        "unit": "€ pro Jahr",
                        "approximate": False,
                        "current": context.get("budget_eur"),
                        "source": f"{steckbrief['source']}, Kriterium {criterion['criterion']}",
                    }
                )
    return figures
