"""No word and no id is split across lines on a terminal of 80 or 120 columns (issue 16).

Every word a view shows at 80 or 120 columns must be a word it shows where nothing needs to wrap
(400 columns), in plain text, or in the knowledge files: a fragment such as "Querschnittsaufga"
(of "Querschnittsaufgabe") is none of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
BOX = re.compile(r"[\u2500-\u257f]")  # the borders and rules rich draws

FAHRPLAN = [
    "assess",
    "--set",
    "kommune=Musterstadt",
    "--set",
    "kommunentyp=gemeinde",
    "--set",
    "einwohner=48000",
    "--set",
    "stellenumfang_vzae=0,5",
    "--set",
    "budget_eur=200000",
    "--set",
    "ansiedlung_heute=V7",
    "--set",
    "vorhaben=anschlussvorhaben",
    "--set",
    "foerderende=31.07.2027",
    "--set",
    "klimaschutzkonzept=teilweise",
    "--set",
    "laufende_prozesse=ja",
    "--set",
    "eigenfinanzierung=moeglich",
    "--set",
    "staerkung_ksm=nein",
    "--stichtag",
    "01.12.2026",
]
VIEWS = {
    "models list": ["models", "list"],
    "models show V1-4": ["models", "show", "V1-4"],
    "models show V7": ["models", "show", "V7"],
    "models show V8": ["models", "show", "V8"],
    "models show V6b": ["models", "show", "V6b"],
    "models compare V7 V8": ["models", "compare", "V7", "V8"],
    "models compare V7 V8 V9": ["models", "compare", "V7", "V8", "V9"],
    "models compare all": ["models", "compare", "V1-4", "V5", "V6a-c", "V6d-f", "V7", "V7a", "V7b", "V8"],
    "assess (Fahrplan)": FAHRPLAN,
    "assess (Fahrplan, Erstvorhaben)": [
        "vorhaben=erstvorhaben" if a == "vorhaben=anschlussvorhaben" else a for a in FAHRPLAN
    ],
    "assess (Landkreis, ohne Angaben)": [
        "assess",
        "--set",
        "kommunentyp=landkreis",
        "--set",
        "klimaschutzkonzept=umgesetzt",
        "--set",
        "ideen_weiterentwicklung=nicht_moeglich",
        "--stichtag",
        "01.12.2026",
    ],
}


def words(text: str) -> set[str]:
    """The words of a screen; a label's colon ("Variante:") does not make another word."""
    return {w.rstrip(":") for w in BOX.sub(" ", text).split()} - {""}


def _screen(ksm, args, columns: int, output: str = "rich") -> str:
    result = ksm(*args, env={"KSM_OUTPUT": output, "COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _known(ksm, args) -> set[str]:
    known = words(_screen(ksm, args, 400)) | words(_screen(ksm, args, 120, "plain"))
    for path in DATA.glob("*.yaml"):
        known |= words(path.read_text(encoding="utf-8"))
    return known


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_word_is_split_at_80_or_120_columns(ksm, name):
    args = VIEWS[name]
    known = _known(ksm, args)
    for columns in (80, 120):
        screen = _screen(ksm, args, columns)
        assert max(len(line) for line in screen.splitlines()) <= columns
        fragments = sorted(words(screen) - known)
        assert not fragments, f"{name} bei {columns} Spalten: {fragments}"


def test_the_check_finds_a_split_word():
    """The check itself: a word broken by the terminal edge is no known word."""
    known = words("Klimaschutz wird als Querschnittsaufgabe erkannt")
    assert words("│ Querschnittsaufga │\n│ be erkannt │") - known == {"Querschnittsaufga", "be"}


@pytest.mark.parametrize("columns", [80, 120])
def test_abbreviations_and_ids_stay_on_one_line(ksm, columns):
    """ "z. B." and an id as the source writes it ("V 9") are never broken between their parts, and
    the screen gets plain spaces (no placeholder character)."""
    for args in (["models", "compare", "V7", "V8", "V9"], ["models", "show", "V7"], ["models", "list"]):
        screen = _screen(ksm, args, columns)
        assert "\ue000" not in screen and "\u00a0" not in screen
        lines = [BOX.sub(" ", line).rstrip() for line in screen.splitlines()]
        for line in lines:
            assert not re.search(r"\bz\.$", line), line
            assert not re.search(r"(^|\s)\(?V$", line), line
        plain = _screen(ksm, args, columns, "plain")
        assert "\ue000" not in plain
        assert not any(re.search(r"\bz\.$", line) for line in plain.splitlines())


def test_glue_joins_only_the_unbreakable_spaces():
    from ksm_cli.render.document import NO_BREAK, glue, unglue

    text = "(z. B. Umweltamt) u. a. d. h. verknüpft (V 9), V 7a; XV 3, Frau B. Vau 9"
    glued = glue(text)
    assert glued.count(NO_BREAK) == 5
    assert "XV 3" in glued and "Vau 9" in glued and "Frau B." in glued
    assert unglue(glued) == text
