"""Tables that cannot fit side by side change their layout instead of breaking words (issue 16)."""

from __future__ import annotations

import io
import re

import pytest

from ksm_cli.render.document import Bullets, Para, Section, Table, to_plain
from ksm_cli.render.markdown import to_markdown

LONG = [
    "Querschnittsaufgabe",
    "Koordinierungsmöglichkeiten",
    "Entscheidungsträger*innen",
    "Klimaschutzbelange",
]


def rich_text(blocks, width: int) -> str:
    from rich.console import Console

    from ksm_cli.render.rich_backend import render

    buffer = io.StringIO()
    render(blocks, Console(file=buffer, width=width, color_system=None, markup=False, emoji=False))
    return buffer.getvalue()


def _table(stacked: bool) -> Table:
    rows = [["Vorteile", *(f"• {w} wird erkannt" for w in LONG)]]
    parts = [Section(f"M{i}", [Bullets([f"{w} wird erkannt"])]) for i, w in enumerate(LONG)]
    return Table(["", "M0", "M1", "M2", "M3"], rows, stacked=parts if stacked else None)


def _words(text: str) -> set[str]:
    return set(re.sub(r"[\u2500-\u257f]", " ", text).split())


@pytest.mark.parametrize("width", [60, 80])
def test_a_table_with_a_stacked_form_shows_it_where_the_words_do_not_fit(width):
    shown = rich_text([_table(stacked=True)], width)
    assert all(w in _words(shown) for w in LONG)
    assert "M3" in shown and "╭─ M3" in shown  # the sections, one under another


def test_a_wide_terminal_and_a_document_keep_the_table():
    table = _table(stacked=True)
    assert "╭─ M3" not in rich_text([table], 200)
    assert "| M0 | M1 | M2 | M3 |" in to_markdown([table]).replace("|  |", "|").replace("| |", "|")


def test_plain_text_shows_the_stacked_form():
    shown = to_plain([_table(stacked=True)], 120)
    assert shown.startswith("M0\n--\n• Querschnittsaufgabe wird erkannt")


@pytest.mark.parametrize("width", [50, 80])
def test_a_table_without_another_form_becomes_records_rather_than_breaking_words(width):
    shown = rich_text([_table(stacked=False)], width)
    assert all(w in _words(shown) for w in LONG), shown
    assert "M0:" in shown and "Vorteile" in shown


def test_records_keep_the_highlight():
    table = Table(
        ["ID", "Variante", "Quelle"],
        [
            ["V6a", "a " * 3, "x"],
            [
                "V6b",
                "Stadtentwicklung/Regionalmanagement",
                "Tabelle 3.1 („Regionalmanagement/Stadtplanung“); Abbildung 5.1",
            ],
        ],
        {1},
    )
    shown = rich_text([table], 60)
    assert "» V6b" in shown and "» V6a" not in shown
    assert "Stadtentwicklung/Regionalmanagement" in shown


def test_the_block_api_stays_compatible():
    """Positional arguments as before; ``stacked`` is optional and last."""
    table = Table(["A", "B"], [["1", "2"]], {0}, "Titel", ["1: 2"])
    assert table.stacked is None and table.items == ["1: 2"] and table.title == "Titel"
    assert Table(["A"], [["1"]]) == Table(["A"], [["1"]], stacked=None)
    assert Table(["A"], [["1"]], stacked=[Para("x")]) != Table(["A"], [["1"]])
