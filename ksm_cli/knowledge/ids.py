"""Model ids as users type them: ``V8``, ``v8``, ``V 8``, ``8``, ``V6b``, ``V6a-6c``, ``V1–V4``."""

from __future__ import annotations

import re

# Patterns as text: re compiles them on first use (every knowledge load imports this module).
_SINGLE = r"^V([0-9]{1,9})([A-Z]?)$"  # ASCII digits, few: int() of 5,000 digits fails
_RANGE = r"^V([0-9]{1,9})([A-Z]?)-V?([0-9]{0,9})([A-Z]?)$"


def normalize_model_id(raw: str) -> str:
    """The canonical spelling of a model id; unknown shapes come back cleaned, not rejected."""
    text = re.sub(r"\s+", "", str(raw)).upper()
    text = text.replace("–", "-").replace("—", "-").replace("BIS", "-")
    if text and not text.startswith("V"):
        text = "V" + text
    match = re.match(_SINGLE, text)
    if match:
        return f"V{int(match.group(1))}{match.group(2).lower()}"
    match = re.match(_RANGE, text)
    if match:
        first, first_letter, second, second_letter = match.groups()
        start = f"V{int(first)}{first_letter.lower()}"
        if second and int(second) != int(first):
            return f"{start}-{int(second)}{second_letter.lower()}"
        return f"{start}-{second_letter.lower()}"
    return text


def closest(wanted: str, candidates: list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(wanted, candidates, n=1, cutoff=0.5)
    return matches[0] if matches else None
