"""Hostile text in titles, notes, places and names reaches every output as inert text.

Rich markup stays literal, terminal control sequences (ESC, CSI, OSC 8 links, BEL, backspace,
NUL) are made visible, Markdown is escaped, CSV cells that Excel would run as formulas are
neutralised, and JSON carries the text exactly.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

MARKUP = "[bold red]rot[/] [link=https://evil.example]klick[/link]"
CONTROL = "\x1b[31mESC\x1b]8;;https://evil.example\x07OSC\x1b\\ \x08BS\x00NUL"
FORMULA = '=HYPERLINK("https://evil.example","x")'
HOSTILE = f"{FORMULA} {MARKUP} {CONTROL} | # *fett* `code` <b>"
RAW_CONTROLS = ["\x1b", "\x07", "\x08", "\x00"]


def inert(text: str) -> None:
    for char in RAW_CONTROLS:
        assert char not in text, repr(char)


@pytest.fixture
def log(ksm, started_log):
    path = started_log
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
        HOSTILE,
        "--place",
        HOSTILE,
        "--note",
        HOSTILE,
        "--posts",
        "3",
    )
    assert added.exit_code == 0, added.stderr
    return path


@pytest.mark.parametrize("output", ["plain", "rich"])
@pytest.mark.parametrize(
    "args", [["mentoring", "list"], ["mentoring", "credits", "--all"], ["mentoring", "report"]]
)
def test_mentoring_text_is_inert_on_the_terminal_and_in_a_pipe(ksm, log, args, output):
    result = ksm(*args, env={"KSM_OUTPUT": output, "COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    inert(result.stdout)
    flat = "".join(result.stdout.split())
    assert "".join(MARKUP.split()) in flat  # shown as typed, not styled or turned into a link
    assert "\\x1b[31mESC" in result.stdout


def test_mentoring_json_and_the_file_keep_the_text_exactly(ksm, log):
    entries = json.loads(ksm("mentoring", "list", "--json").stdout)["entries"]
    assert entries[0]["titel"] == HOSTILE.strip() and entries[0]["notiz"] == HOSTILE.strip()
    assert "\x1b" not in log.read_text(encoding="utf-8")  # the YAML file escapes it ("\e")


@pytest.fixture
def selfassessment(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    assert (
        ksm(
            "tasks", "assess", "--file", str(path), "--kommune", HOSTILE, "--set", "controlling=100/100"
        ).exit_code
        == 0
    )
    return path


def test_tasks_outputs_are_inert(ksm, selfassessment, tmp_path):
    md, table = tmp_path / "g.md", tmp_path / "v.csv"
    for output in ("plain", "rich"):
        shown = ksm("tasks", "compare", str(selfassessment), env={"KSM_OUTPUT": output, "COLUMNS": "200"})
        inert(shown.stdout)
        assert "".join(MARKUP.split()) in "".join(shown.stdout.split())
    assert (
        ksm("tasks", "compare", str(selfassessment), "--markdown", str(md), "--csv", str(table)).exit_code
        == 0
    )
    document = md.read_text(encoding="utf-8")
    inert(document)
    assert "\\[bold red\\]rot\\[/\\]" in document and "\\| \\# \\*fett\\* \\`code\\` \\<b\\>" in document
    assert (
        json.loads(ksm("tasks", "compare", str(selfassessment), "--json").stdout)["kommune"]
        == HOSTILE.strip()
    )


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "a.yaml"
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted string: the escapes stay escapes
    path.write_text(
        f"kommune: {quoted}\nklimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: nicht_moeglich\n",
        encoding="utf-8",
    )
    return path


def test_assess_outputs_are_inert(ksm, answers, tmp_path):
    report = tmp_path / "bericht.md"
    for output in ("plain", "rich"):
        shown = ksm(
            "assess",
            "--answers",
            str(answers),
            "--report",
            str(report),
            env={"KSM_OUTPUT": output, "COLUMNS": "200"},
        )
        assert shown.exit_code == 0, shown.stderr
        inert(shown.stdout + shown.stderr)
    document = report.read_text(encoding="utf-8")
    inert(document)
    assert "\\[bold red\\]rot\\[/\\]" in document and "\\<b\\>" in document


def test_batch_names_are_inert_in_the_table_the_csv_and_json(ksm, tmp_path):
    batch, out = tmp_path / "k.csv", tmp_path / "e.csv"
    name = HOSTILE.replace(";", ",").replace("\x00", "")  # a CSV cell; NUL cannot stand in a CSV file
    batch.write_text(
        f'kommune;klimaschutzkonzept;ideen_weiterentwicklung\n"{name.replace(chr(34), 2 * chr(34))}";'
        "umgesetzt;nicht_moeglich\n+SUM(A1);umgesetzt;nicht_moeglich\n",
        encoding="utf-8",
    )
    for output in ("plain", "rich"):
        shown = ksm(
            "assess", "--batch", str(batch), "--csv", str(out), env={"KSM_OUTPUT": output, "COLUMNS": "200"}
        )
        assert shown.exit_code == 0, shown.stderr
        inert(shown.stdout + shown.stderr)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    cells = [row[1] for row in rows[1:]]
    assert cells[0].startswith("'=HYPERLINK(") and cells[1] == "'+SUM(A1)"  # Excel shows them as text
    inert(out.read_text(encoding="utf-8-sig"))
    payload = json.loads(ksm("assess", "--batch", str(batch), "--json").stdout)
    assert payload["rows"][0]["kommune"] == name.strip()
