"""Bidi controls and invisible characters in user text are shown, never passed on.

A right-to-left override in a Kommune name reorders what the reader sees ("Trojan Source"); a zero
width space or a Hangul filler makes two names look alike. Like ESC, they are written visibly, as
Python writes them ("\\u202e"), on the terminal, in a pipe, in the Markdown reports, in the
mentoring report, in CSV files and in error lines. German text and emoji stay as they are; the
zero width joiner inside an emoji sequence is shown, too (it is a format character like the rest).
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata

import pytest

HIDDEN = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2060": "WJ",
    "\u2061": "function application",
    "\u2062": "invisible times",
    "\u2063": "invisible separator",
    "\u2064": "invisible plus",
    "\ufeff": "BOM",
    "\u00ad": "soft hyphen",
    "\u180e": "Mongolian vowel separator",
    "\u115f": "Hangul choseong filler",
    "\u1160": "Hangul jungseong filler",
    "\u3164": "Hangul filler",
    "\uffa0": "halfwidth Hangul filler",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\U000e0041": "tag latin capital letter A",
}
CHARS = pytest.mark.parametrize("char", list(HIDDEN), ids=list(HIDDEN.values()))

# German text that must come through every output unchanged
GERMAN = "Grüße aus Köln: „Maßnahmen“ ‚kurz‘ – 5 € — 3 ‰ z. B. 👍🏽 ❤️ 🇩🇪 Öl"
FLOW = ["--set", "klimaschutzkonzept=umgesetzt", "--set", "ideen_weiterentwicklung=nicht_moeglich"]


def shown(char: str) -> str:
    """As Python writes it: \\xad, \\u202e, \\U000e0041."""
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def kommune(char: str) -> str:
    return f"Muster{char}stadt {GERMAN}"


def test_every_format_character_is_made_visible_and_nothing_else_changes():
    """The explicit class in document.py against the Unicode database of this Python."""
    from ksm_cli.render.document import clean

    extra = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}  # default ignorable, not Cf
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if c not in (9, 10))
    cleaned = clean(every)
    kept = set(cleaned)
    for char in every:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") or ord(char) in extra:
            assert char not in kept, f"U+{ord(char):04X} ({category}) passes unmarked"
        elif category != "Cn":  # unassigned code points may be reserved as ignorable
            assert char in kept, f"U+{ord(char):04X} ({category}) is changed"
    assert clean(GERMAN) == GERMAN
    assert clean("👨\u200d👩\u200d👧") == "👨\\u200d👩\\u200d👧"


@pytest.mark.slow
@CHARS
def test_assess_shows_the_character_on_the_terminal_in_a_pipe_and_in_the_report(ksm, tmp_path, char):
    report = tmp_path / "bericht.md"
    for output in ("plain", "rich"):
        result = ksm(
            "assess",
            "--set",
            f"kommune={kommune(char)}",
            *FLOW,
            "--report",
            str(report),
            env={"KSM_OUTPUT": output, "COLUMNS": "200"},
        )
        assert result.exit_code == 0, result.stderr
        assert char not in result.stdout + result.stderr
        assert f"Muster{shown(char)}stadt" in result.stdout, output
        assert GERMAN in result.stdout
        document = report.read_text(encoding="utf-8")
        assert char not in document
        # Markdown escapes the backslash, so that the reader sees \u202e
        assert f"Muster\\{shown(char)}stadt" in document
        assert GERMAN in document


@pytest.mark.slow
@CHARS
def test_mentoring_list_and_report_show_the_character(ksm, started_log, tmp_path, char):
    text = kommune(char)
    added = ksm(
        "mentoring",
        "add",
        "--date",
        "2025-10-01",
        "--kind",
        "forum",
        "--forum-weeks",
        "20",
        "--title",
        text,
        "--place",
        text,
        "--note",
        text,
        "--posts",
        "3",
    )
    assert added.exit_code == 0, added.stderr
    out = tmp_path / "bericht.txt"
    assert ksm("mentoring", "report", "--output", str(out)).exit_code == 0
    runs = [
        ksm(*args, env={"KSM_OUTPUT": output, "COLUMNS": "300"})
        for args in (["mentoring", "list"], ["mentoring", "report"])
        for output in ("plain", "rich")
    ]
    for shown_text in [r.stdout for r in runs] + [out.read_text(encoding="utf-8")]:
        assert char not in shown_text
        assert f"Muster{shown(char)}stadt" in shown_text
    assert "".join(GERMAN.split()) in "".join(runs[-1].stdout.split())


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\u3164"])
def test_tasks_compare_shows_the_character_everywhere(ksm, tmp_path, char):
    path, md, table = tmp_path / "s.yaml", tmp_path / "g.md", tmp_path / "v.csv"
    made = ksm(
        "tasks", "assess", "--file", str(path), "--kommune", kommune(char), "--set", "controlling=100/100"
    )
    assert made.exit_code == 0, made.stderr
    for output in ("plain", "rich"):
        result = ksm("tasks", "compare", str(path), env={"KSM_OUTPUT": output, "COLUMNS": "200"})
        assert char not in result.stdout and f"Muster{shown(char)}stadt" in result.stdout
    assert ksm("tasks", "compare", str(path), "--markdown", str(md), "--csv", str(table)).exit_code == 0
    document = md.read_text(encoding="utf-8")
    assert char not in document and f"Muster\\{shown(char)}stadt" in document


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200b", "\ufeff"])
def test_batch_csv_shows_the_character_and_still_neutralises_formulas(ksm, tmp_path, start, char):
    """The CSV is read by people in Excel, so it shows hidden characters as every other output
    does (the exact text is in --json); a cell Excel would run as a formula gets an apostrophe."""
    batch, out = tmp_path / "k.csv", tmp_path / "e.csv"
    batch.write_text(
        "kommune;klimaschutzkonzept;ideen_weiterentwicklung\n"
        f"{start}SUM(A1){char}x;umgesetzt;nicht_moeglich\n"
        f"{char}=SUM(A1);umgesetzt;nicht_moeglich\n"
        f"Köln {char}– 5 €;umgesetzt;nicht_moeglich\n",
        encoding="utf-8",
    )
    result = ksm("assess", "--batch", str(batch), "--csv", str(out))
    assert result.exit_code == 0, result.stderr
    assert char not in result.stdout + result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert char not in text
    cells = [row[1] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    if char == "\ufeff":  # a BOM inside the input is taken out on reading (two files joined)
        assert cells == [f"'{start}SUM(A1)x", "'=SUM(A1)", "Köln – 5 €"]
        return
    assert cells == [f"'{start}SUM(A1){shown(char)}x", f"{shown(char)}=SUM(A1)", f"Köln {shown(char)}– 5 €"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_be_formulas_are_neutralised(start):
    from ksm_cli.render.spreadsheet import excel_csv

    rows = list(csv.reader(io.StringIO(excel_csv(["a"], [[f"{start}1+1\u202e"]])[1:]), delimiter=";"))
    cell = rows[1][0]
    assert "\u202e" not in cell and cell.endswith("1+1\\u202e")
    assert cell[0] in ("'", "\\")  # a quoted formula, or a visible \x0d: text either way


def test_an_error_line_shows_the_character(ksm):
    result = ksm("assess", "--set", "kommunentyp=gemein\u202ede", *FLOW)
    assert result.exit_code == 2
    assert "\u202e" not in result.stderr and "gemein\\u202ede" in result.stderr


def test_undecodable_bytes_in_an_argument_are_refused_not_a_crash(ksm, tmp_path):
    """On POSIX a byte that is not UTF-8 reaches Python as a lone surrogate (here 0xff): refused in
    one German line that shows it visibly, and nothing is written."""
    report = tmp_path / "bericht.md"
    result = ksm("assess", "--set", "kommune=Muster\udcffstadt", *FLOW, "--report", str(report))
    assert result.exit_code == 2, result.stderr
    assert "kein gültiges UTF-8" in result.stderr and "\udcff" not in result.stderr
    assert not report.exists()


def test_mermaid_labels_from_data_files_show_hidden_characters_and_typed_codes():
    from ksm_cli.render.flowchart import _mermaid_text

    assert _mermaid_text("a\u202eb #lt; &amp;") == "a\\u202eb #35;lt; #amp;amp;"


def test_the_quick_path_of_clean_misses_no_hidden_character():
    """``clean`` returns printable text as it is unless it holds one of PRINTABLE_HIDDEN: that
    set must be every character of the hidden class that this Python's str.isprintable() lets
    through (a new Unicode version may change it)."""
    from ksm_cli.render.document import PRINTABLE_HIDDEN, clean, hidden_pattern

    hidden = hidden_pattern()
    hidden_printable = {chr(c) for c in range(0x110000) if chr(c).isprintable() and hidden.match(chr(c))}
    assert hidden_printable, "the Hangul fillers are printable for Python"
    assert hidden_printable == PRINTABLE_HIDDEN
    for char in hidden_printable:
        assert clean(f"Muster{char}stadt") == f"Muster\\u{ord(char):04x}stadt"
