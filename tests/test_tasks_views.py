"""ksm tasks views: bars scaled to 100 %, the questions of Kapitel 4.2, the notes on the
source's own wording, German typography of data/tasks.yaml, and no word broken at 80 or
120 columns (issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ksm_cli.render.document import Bar
from ksm_cli.render.tasks import ShareBar, compare_blocks, task_label
from ksm_cli.tasks.compare import compare
from ksm_cli.tasks.selfassessment import SelfAssessment, visible_tasks

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_c3b6645380467456.txt"

# Every value at most 10 %: a bar scaled to the largest value would draw 10 % as a full bar.
SMALL = {
    "controlling": (10, 10),
    "liegenschaften": (0, 10),
    "klimaschutzkonzepte": (10, 5),
    "arbeitskreise": (5, 0),
}


def _sa(values=SMALL, **header) -> SelfAssessment:
    return SelfAssessment(
        values={t: {"ist": float(i), "soll": float(s)} for t, (i, s) in values.items()}, draft=True, **header
    )


@pytest.mark.parametrize(
    ("value", "drawn"),
    [
        (100, "██████████"),
        (50, "█████·····"),
        (10, "█·········"),
        (15, "█▌········"),
        (5, "▌·········"),  # round(0.5) would be 0: a share shows
        (0.5, "▌·········"),
        (0, "··········"),
        (7.4, "▌·········"),
        (7.6, "█·········"),
    ],
)
def test_a_share_bar_is_scaled_to_100_percent(value, drawn):
    assert ShareBar(value, 100, "x").drawn() == drawn + " x"
    assert isinstance(ShareBar(value, 100, "x"), Bar)  # a document shows only its text


def test_compare_bars_are_scaled_to_100_not_to_the_largest_value(k):
    table = next(b for b in compare_blocks(compare(_sa(), k.tasks_file)) if getattr(b, "columns", None))
    bars = {str(row[3]).split(" – ")[0]: (row[1], row[2]) for row in table.rows}
    ist, soll = bars["Controlling, Erfassung und Auswertung relevanter Daten im Klimaschutz"]
    assert (ist.top, soll.top) == (100, 100)
    assert ist.drawn().startswith("█·········")  # 10 %, the largest value here, is one block of ten


def test_the_terminal_draws_the_scaled_bars(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    sets = [arg for t, (i, s) in SMALL.items() for arg in ("--set", f"{t}={i}/{s}")]
    assert ksm("tasks", "assess", "--file", str(path), "--allow-partial", *sets).exit_code == 0
    out = ksm("tasks", "compare", str(path), "--allow-partial", env={"COLUMNS": "120"}).stdout
    line = next(line for line in out.splitlines() if line.startswith("+10"))  # liegenschaften
    assert "·········· 0 %" in line and "█········· 10 %" in line
    assert "██████████" not in out


# --- Kapitel 4.2: the two questions ------------------------------------------------------------


def _seed() -> str:
    if not SEED.exists():
        pytest.skip("the seeds are not part of the checkout")
    text = re.sub(r"(?<=[a-zäöüß])- *\n\s*(?=[a-zäöüß])", "", SEED.read_text(encoding="utf-8"))
    return " ".join(text.split()).replace("z.B.", "z. B.")  # ksm writes the abbreviation so


def test_the_questions_of_kapitel_4_2_are_quoted(k):
    questions = k.tasks_file["anchoring"]["questions"]
    assert questions["source"] == "Kapitel 4.2" and len(questions["items"]) == 2
    assert questions["items"][0].startswith("Ist die bisherige inhaltliche Ausrichtung")
    assert questions["items"][1].startswith("Erhöht eine neue inhaltliche Ausrichtung")
    seed = _seed()
    assert " ".join(questions["text"].split()) + ":" in seed
    for item in questions["items"]:
        assert "• " + " ".join(item.split()) in seed


def test_the_ways_of_kapitel_4_2_are_quoted_with_the_abbreviation_normalised(k):
    seed = _seed()
    for way in k.tasks_file["anchoring"]["ways"]:
        assert " ".join(way["text"].split()) in seed, way["id"]


def test_the_questions_stand_in_compare_json_markdown_and_the_assess_intro(ksm, k, tmp_path, terminal):
    path = tmp_path / "s.yaml"
    assert (
        ksm("tasks", "assess", "--file", str(path), "--allow-partial", "--set", "controlling=5/5").exit_code
        == 0
    )
    questions = k.tasks_file["anchoring"]["questions"]
    payload = json.loads(ksm("tasks", "compare", str(path), "--allow-partial", "--json").stdout)
    assert payload["anchoring"]["questions"] == questions
    md = tmp_path / "g.md"
    text = ksm("tasks", "compare", str(path), "--allow-partial", "--markdown", str(md)).stdout
    document = md.read_text(encoding="utf-8")
    for item in questions["items"]:
        assert item in " ".join(text.split()) and f"- {item}" in document
    terminal.send_text("\x03")
    intro = ksm("tasks", "assess", "--file", str(path)).stderr
    said = " ".join(intro.split())
    assert "stellen sich zwei Fragen (Kapitel 4.2):" in said
    assert all(f"• {item}" in said for item in questions["items"])


# --- the source's own wording ------------------------------------------------------------------


def test_the_seeds_own_wording_is_kept_with_a_note(k):
    task = next(t for t in k.tasks_file["tasks"] if t["id"] == "arbeitskreise")
    assert task["text"] == "Betreuung und Organisation von Klimaschutz Arbeitskreisen"
    assert "schreibt der Leitfaden so" in task["note"]
    intro = k.tasks_file["self_assessment"]
    assert "Ein IST/SOLL Vergleich der (zukünftigen) Aufgaben" in intro["text"]
    assert "„IST/SOLL Vergleich“" in intro["wording_note"] and "„IST/SOLL-Vergleich“" in intro["wording_note"]
    assert task_label(task).endswith(" – Hinweis: " + " ".join(task["note"].split()))


def test_the_wording_notes_are_shown_where_the_text_is(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    assert (
        ksm("tasks", "assess", "--file", str(path), "--allow-partial", "--set", "arbeitskreise=5/0").exit_code
        == 0
    )
    note = "„Klimaschutz Arbeitskreisen“ (ohne Bindestrich) schreibt der Leitfaden so"
    md, table = tmp_path / "g.md", tmp_path / "t.csv"
    shown = ksm("tasks", "compare", str(path), "--allow-partial", "--markdown", str(md), "--csv", str(table))
    for text in (shown.stdout, ksm("tasks", "list").stdout, md.read_text(encoding="utf-8")):
        assert note in " ".join(text.split())
    assert note in table.read_text(encoding="utf-8-sig")
    rows = json.loads(ksm("tasks", "compare", str(path), "--allow-partial", "--json").stdout)["tasks"]
    assert next(r for r in rows if r["id"] == "arbeitskreise")["note"].startswith(
        "„Klimaschutz Arbeitskreisen“"
    )
    assert all(r["note"] is None for r in rows if r["id"] != "arbeitskreise")
    document = " ".join(md.read_text(encoding="utf-8").split())
    assert "„IST/SOLL Vergleich“ (ohne Bindestrich) schreibt der Leitfaden so" in document
    # the tool's own texts write the compound with a hyphen; the unhyphened form only in quotes
    without_quotes = document.replace("Ein IST/SOLL Vergleich der", "").replace("„IST/SOLL Vergleich“", "")
    assert "IST/SOLL Vergleich" not in without_quotes and "IST/SOLL-Vergleich" in document


def test_tasks_yaml_writes_german_typography():
    text = (ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8")
    assert "z.B." not in text and "z. B." in text
    assert "„" in text
    # straight double quotes only where YAML needs them around a whole value
    for line in text.splitlines():
        if '"' in line:
            assert re.fullmatch(r'\s*[a-z_]+: ".*"', line), line


# --- no word broken ------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("columns", [80, 120])
def test_no_word_of_a_task_is_broken_in_list_and_compare(ksm, k, tmp_path, columns):
    path = tmp_path / "s.yaml"
    sets = [arg for t, (i, s) in SMALL.items() for arg in ("--set", f"{t}={i}/{s}")]
    assert (
        ksm(
            "tasks", "assess", "--file", str(path), "--allow-partial", "--hours-per-week", "39", *sets
        ).exit_code
        == 0
    )
    env = {"COLUMNS": str(columns)}
    outputs = [
        ksm("tasks", "list", "--landkreis", env=env).stdout,
        ksm("tasks", "compare", str(path), "--allow-partial", env=env).stdout,
        ksm("tasks", "assess", "--file", str(path), "--allow-partial", env=env).stdout,
    ]
    labels = [task_label(t) for t in visible_tasks(k.tasks_file, True)]
    questions = k.tasks_file["anchoring"]["questions"]["items"]
    for number, out in enumerate(outputs):
        assert all(len(line) <= columns for line in out.splitlines()), number
        shown = _words(out)
        wanted = labels if number == 0 else [task_label(t) for t in visible_tasks(k.tasks_file, False)]
        if number == 1:  # the compare table shows a task without its examples
            plain = [
                task_label({"text": t["text"], "note": t["note"]}) for t in visible_tasks(k.tasks_file, False)
            ]
            wanted = [*plain, *questions]
        if number == 2:
            wanted = ["Klimaschutzaufgaben innerhalb der Verwaltung", "Klimaschutzaufgaben nach außen"]
        for label in wanted:
            missing = _words(label) - shown
            assert not missing, (number, label, missing)


@pytest.mark.parametrize("columns", [60, 80, 100, 120])
def test_z_b_is_never_split_in_the_plain_task_list(ksm, columns):
    out = ksm("tasks", "list", "--landkreis", env={"COLUMNS": str(columns)}).stdout
    assert "z.\u00a0B." in out
    assert not any(line.rstrip().endswith("(z.") for line in out.splitlines())
