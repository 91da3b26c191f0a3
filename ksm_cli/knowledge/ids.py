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


def _covered(single: str, group: str) -> bool:
    """Whether the range id ``group`` covers the single id: V2 of V1-4, V6b of V6a-c."""
    one = re.match(r"^V([0-9]+)([a-z]?)$", single)
    span = re.match(r"^V([0-9]+)([a-z]?)-([0-9]*)([a-z]?)$", group)
    if not one or not span:
        return False
    number, letter = int(one.group(1)), one.group(2)
    first, first_letter = int(span.group(1)), span.group(2)
    last = int(span.group(3)) if span.group(3) else first
    last_letter = span.group(4)
    if first_letter or last_letter:  # letters of one number: V6a-c
        return number == first == last and bool(letter) and first_letter <= letter <= last_letter
    return not letter and first <= number <= last  # numbers: V1-4


def listed(candidates: list[str]) -> list[str]:
    """The candidates as a list shows them: an id that a range among them covers (V2 of V1-4,
    V6b of V6a-c) gives way to that range; order kept, each once."""
    ranges = [c for c in candidates if "-" in c]
    out: list[str] = []
    for candidate in candidates:
        shown = next((r for r in ranges if _covered(candidate, r)), candidate)
        if shown not in out:
            out.append(shown)
    return out


def closest(wanted: str, candidates: list[str]) -> str | None:
    """The candidate most like ``wanted``, or None. Only ids a list shows are suggested: for
    model ids, a range stands for the ids it covers (``V12`` suggests ``V11``, never ``V2``,
    which ``ksm models list`` shows only as part of ``V1-4``)."""
    import difflib

    matches = difflib.get_close_matches(wanted, listed(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None
