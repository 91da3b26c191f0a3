"""The words ksm uses for the same things everywhere, defined once: Kommunentypen, Vorhaben and
the roles in the mentoring programme. Where the knowledge has labels (``roles[].label`` in
data/mentoring.yaml), they come from there. Plain data, no UI."""

from __future__ import annotations

from typing import Any

# Tabelle 4.3 of the Leitfaden distinguishes Landkreise; the answers files, the self-assessment
# and the batch CSV use these keys.
KOMMUNENTYPEN: dict[str, str] = {
    "gemeinde": "kreisangehörige Gemeinde/Stadt",
    "kreisfreie_stadt": "kreisfreie Stadt",
    "landkreis": "Landkreis",
}

# The two projects of the Kommunalrichtlinie for Klimaschutzmanagement.
VORHABEN: dict[str, str] = {
    "erstvorhaben": "Erstvorhaben (KSM1, Konzepterstellung)",
    "anschlussvorhaben": "Anschlussvorhaben (KSM2, Umsetzung)",
}
VORHABEN_SHORT: dict[str, str] = {
    "erstvorhaben": "Erstvorhaben (KSM1)",
    "anschlussvorhaben": "Anschlussvorhaben (KSM2)",
}


def role_labels(mentoring: dict[str, Any]) -> dict[str, str]:
    """Role id → label, as data/mentoring.yaml names them (``roles``), in the data's order."""
    return {role["id"]: role["label"] for role in mentoring["roles"]}


def role_ids(mentoring: dict[str, Any]) -> tuple[str, ...]:
    return tuple(role["id"] for role in mentoring["roles"])
