"""Steckbrief checks and this municipality's figures, from the context answers (pure).

A check is ``erfüllt``, ``nicht erfüllt`` or ``unbekannt`` (a figure is missing) and always
carries the figures it compared. Thresholds come from the Steckbrief data (Tabelle 3.2), never
from code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksm_cli.assess.types import Check, Context, Figure, Sourced, Status

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


def _size_conditions(steckbrief: dict[str, Any]) -> list[dict[str, Any]]:
    """The Steckbrief's conditions on the size of the Kommune (the measure ``einwohner``): the
    Steckbrief's figures are given for Kommunen that meet them."""
    return [c for c in steckbrief["conditions"] if (c.get("check") or {}).get("measure") == "einwohner"]


def _condition_text(conditions: list[dict[str, Any]]) -> str:
    return " und ".join(f"{c['criterion']} {c['result']}" for c in conditions)


def municipality_figures(
    models: list[dict[str, Any]], context: Context
) -> tuple[list[Figure], list[Sourced]]:
    """Recommended staffing and budget floor from the Steckbrief of a recommended model, only
    where that Steckbrief applies: its model is recommended and the Kommune meets its size
    condition (or the size is not known: then the figure stays open). Below the condition, a
    note says what the source does and does not say instead of a figure."""
    einwohner = context.get("einwohner")
    figures: list[Figure] = []
    notes: list[Sourced] = []
    for model in models:
        steckbrief = model.get("steckbrief")
        if not steckbrief:
            continue
        size = _size_conditions(steckbrief)
        condition = _condition_text(size)
        if einwohner is not None and not all(
            _COMPARE[c["check"]["operator"]](einwohner, c["check"]["value"]) for c in size
        ):
            guides = "; ".join(f"„{g['text']}“" for g in steckbrief["guide_values"])
            notes.append(
                {
                    "text": f"Der Steckbrief zu {model['id']} gilt für {condition}. Für eine Kommune dieser "
                    f"Größe nennt der Leitfaden keinen Richtwert für Stellenumfang oder Budget; "
                    f"seine Richtwerte ({guides}) beziehen sich auf größere Kommunen und sagen nichts "
                    "darüber, wie groß die Stelle hier sein sollte.",
                    "source": steckbrief["source"],
                }
            )
            continue
        label = f"Steckbrief {model['id']}, für {condition}"
        for guide in steckbrief["guide_values"]:
            value = None if not einwohner else round(einwohner / guide["per_einwohner"] * guide["vzae"], 2)
            figures.append(
                {
                    "id": "stellenumfang_empfohlen",
                    "label": f"Empfohlener Stellenumfang ({label})",
                    "model": model["id"],
                    "condition": condition,
                    "rule": guide["text"],
                    "value": value,
                    "unit": "VZÄ",
                    "approximate": guide["approximate"],
                    "current": context.get("stellenumfang_vzae"),
                    "source": guide["source"],
                    "note": None,
                }
            )
        for criterion in steckbrief["conditions"]:
            rule = criterion.get("check")
            if rule and rule["measure"] == "budget_eur_pro_ew":
                value = None if not einwohner else round(einwohner * rule["value"], 2)
                figures.append(
                    {
                        "id": "budget_untergrenze",
                        "label": f"Untergrenze Klimaschutzbudget ({label})",
                        "model": model["id"],
                        "condition": condition,
                        "rule": f"{criterion['result']} × Einwohnerzahl",
                        "value": value,
                        "unit": "€ pro Jahr",
                        "approximate": False,
                        "current": context.get("budget_eur"),
                        "source": f"{steckbrief['source']}, Kriterium {criterion['criterion']}",
                        "note": f"Die Quelle sagt nur „{criterion['result']}“; dass der Betrag für ein Jahr "
                        "gilt, ist die Lesart von ksm.",
                    }
                )
    return figures, notes
