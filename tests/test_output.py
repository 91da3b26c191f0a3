"""Output: plain text in a pipe, rich on a terminal, NO_COLOR, and literal user/data text."""

from __future__ import annotations

import io
import json
import re

import pytest

from ksm_cli.render.document import Bullets, Fields, Heading, Para, Section, Table, clean, to_plain

ANSI = re.compile(r"\x1b\[")


def test_plain_output_has_no_ansi(ksm):
    for args in (
        ["models", "list"],
        ["models", "show", "V7"],
        ["models", "compare", "V7", "V8"],
        ["validate"],
    ):
        result = ksm(*args)
        assert result.exit_code == 0
        assert not ANSI.search(result.stdout), args


def test_rich_output_on_request_draws_panels(ksm):
    result = ksm("models", "show", "V8", env={"KSM_OUTPUT": "rich", "COLUMNS": "100"})
    assert result.exit_code == 0
    assert "╭" in result.stdout and "Vorteile" in result.stdout
    assert "Direkte Anbindung an die Verwaltungsspitze" in result.stdout


def test_rich_compare_is_side_by_side(ksm):
    result = ksm("models", "compare", "V7", "V8", env={"KSM_OUTPUT": "rich", "COLUMNS": "140"})
    header = next(line for line in result.stdout.splitlines() if "V7" in line and "V8" in line)
    assert header.index("V7") < header.index("V8")


def test_no_color_is_respected(ksm):
    result = ksm(
        "models", "show", "V8", env={"KSM_OUTPUT": "rich", "NO_COLOR": "1", "TERM": "xterm-256color"}
    )
    assert result.exit_code == 0
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", result.stdout)  # no foreground colours


def test_control_characters_and_markup_are_shown_literally():
    hostile = "[bold red]rot[/] \x1b[31mESC\x1b]8;;http://x\x07link\x08\x00"
    assert clean(hostile) == "[bold red]rot[/] \\x1b[31mESC\\x1b]8;;http://x\\x07link\\x08\\x00"
    text = to_plain(
        [
            Heading(hostile),
            Para(hostile),
            Fields([(hostile, hostile)]),
            Bullets([hostile]),
            Table(["a", "b"], [[hostile, hostile]]),
            Section(hostile, [Para(hostile)]),
        ]
    )
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    assert "[bold red]rot[/]" in text


def test_rich_backend_does_not_interpret_markup():
    from rich.console import Console

    from ksm_cli.render.rich_backend import render

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None, markup=False)
    render([Para("[bold red]rot[/] und [link=http://x]Link[/link]"), Bullets(["\x1b[31mESC"])], console)
    out = buffer.getvalue()
    assert "[bold red]rot[/]" in out and "[link=http://x]Link[/link]" in out
    assert "\x1b[31m" not in out and "\\x1b[31mESC" in out


def test_narrow_and_wide_plain_output(ksm):
    narrow = ksm("models", "show", "V8", env={"COLUMNS": "40"}).stdout
    wide = ksm("models", "show", "V8", env={"COLUMNS": "120"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert len(narrow.splitlines()) > len(wide.splitlines())
    assert "Nur geringes eigenes Budget" in narrow


def test_json_is_utf8_and_not_escaped(ksm):
    out = ksm("models", "show", "V10", "--json").stdout
    assert "Fachämtern" in out


@pytest.mark.parametrize("width,whole", [(90, True), (60, False)])
def test_rich_tables_keep_leading_columns_whole_while_the_last_has_room(width, whole):
    from rich.console import Console

    from ksm_cli.render.rich_backend import render

    buffer = io.StringIO()
    cell = "██████████ 20 % (7,8 h)"
    render(
        [
            Table(
                ["Δ", "IST", "SOLL", "Aufgabe"],
                [["−10", cell, cell, "Einholung und Vermittlung von Informationen " * 3]],
            )
        ],
        Console(file=buffer, width=width, color_system=None),
    )
    assert (cell in buffer.getvalue()) is whole


def test_rich_never_cuts_a_long_word_off():
    from rich.console import Console

    from ksm_cli.render.rich_backend import render

    word = "Regionalmanagement/Stadtplanung"
    buffer = io.StringIO()
    render(
        [
            Table(["ID", "Kurzbeschreibung"], [["V6a-c", f"Aufgabenfelder ({word})"]]),
            Fields([("Feld", word * 2)]),
            Bullets([word * 2]),
        ],
        Console(file=buffer, width=30, color_system=None),
    )
    out = buffer.getvalue()
    assert "…" not in out
    joined = "".join(line.strip(" │") for line in out.splitlines())
    assert joined.count(word) >= 5


def test_json_is_indented_on_a_terminal_and_one_line_in_a_pipe(ksm):
    piped = ksm("models", "list", "--json").stdout
    shown = ksm("models", "list", "--json", env={"KSM_OUTPUT": "rich"}).stdout
    assert piped.count("\n") == 1 and shown.startswith('{\n  "schema": "ksm.models.list/1"')
    assert json.loads(piped) == json.loads(shown)


@pytest.mark.parametrize(
    "text,escaped",
    [
        ("- a", "\\- a"),
        ("+ a", "\\+ a"),
        ("1. a", "1\\. a"),
        ("12) a", "12\\) a"),
        ("a\n===", "a↵==="),  # one line: the newline is shown, no heading underline
        ("a - b", "a - b"),
        ("2026", "2026"),
        ("48.000", "48.000"),
        ("+10", "+10"),
        ("-5", "-5"),
    ],
)
def test_markdown_text_cannot_start_a_list_or_heading(text, escaped):
    from ksm_cli.render.markdown import md

    assert md(text) == escaped
