"""ksm tasks: catalogue, IST/SOLL self-assessment file, comparison and exports (Kapitel 4)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ksm_cli.storage import FieldChecker, UserFileError
from ksm_cli.tasks.compare import compare
from ksm_cli.tasks.selfassessment import SelfAssessment, check_data, dump, sum_problems, visible_tasks

# Musterstadt: 100 % in both columns; the SOLL moves toward Pflichtaufgaben and Liegenschaften.
MUSTER = {
    "projektbezogene_beruecksichtigung": (5, 10),
    "aemteruebergreifende_zusammenarbeit": (5, 10),
    "liegenschaften": (0, 10),
    "beratung_aemter_standards": (5, 5),
    "prozessmanagement": (5, 5),
    "klimaschutzkonzepte": (10, 5),
    "controlling": (10, 10),
    "interne_schulungen": (5, 5),
    "aussendarstellung": (5, 5),
    "finanzierung_foerderung_koordination": (10, 10),
    "politische_gremien": (5, 5),
    "vernetzung_verwaltung_extern": (5, 5),
    "massnahmen_unterstuetzung": (10, 10),
    "arbeitskreise": (5, 0),
    "oeffentlichkeitsarbeit": (10, 5),
    "bildungsarbeit": (5, 0),
}
SET_ARGS = [arg for task, (ist, soll) in MUSTER.items() for arg in ("--set", f"{task}={ist}/{soll}")]


def _sa(values=MUSTER, **header) -> SelfAssessment:
    return SelfAssessment(
        values={t: {"ist": float(i), "soll": float(s)} for t, (i, s) in values.items()}, **header
    )


def _check(k, data):
    return check_data(data, k.tasks_file, FieldChecker("s.yaml", {}))


def test_landkreis_rows_only_for_a_landkreis(k):
    everything = visible_tasks(k.tasks_file, landkreis=True)
    municipal = visible_tasks(k.tasks_file, landkreis=False)
    landkreis_rows = {t["id"] for t in everything if t["landkreis_only"]}
    assert len(everything) == 31 and len(landkreis_rows) == 11
    assert {t["id"] for t in municipal} == {t["id"] for t in everything} - landkreis_rows


def test_sums_name_the_sum_and_the_difference(k):
    assert sum_problems(_sa()) == []
    short = _sa({**MUSTER, "controlling": (2.5, 10)})
    assert sum_problems(short) == ["IST ergibt 92,5 % statt 100 % (es fehlen 7,5 Prozentpunkte)"]
    over = _sa({**MUSTER, "bildungsarbeit": (5, 20)})
    assert sum_problems(over) == ["SOLL ergibt 120 % statt 100 % (20 Prozentpunkte zu viel)"]


def test_comparison_figures(k):
    result = compare(_sa(wochenstunden=39.0, kommune="Musterstadt"), k.tasks_file)
    assert [r["id"] for r in result["tasks"][:3]] == [
        "liegenschaften",
        "projektbezogene_beruecksichtigung",
        "aemteruebergreifende_zusammenarbeit",
    ]
    assert result["tasks"][0]["delta"] == 10
    assert result["tasks"][0]["soll_hours"] == 3.9
    sides = {s["id"]: (s["ist"], s["soll"], s["delta"]) for s in result["sides"]}
    assert sides == {"verwaltung": (65, 80, 15), "aussen": (35, 20, -15)}
    areas = {a["id"]: (a["ist"], a["soll"]) for a in result["areas"]}
    assert areas == {
        "pflichtaufgaben": (15, 35),
        "management": (50, 45),
        "vernetzung": (20, 15),
        "externe_akteure": (15, 5),
    }
    assert [g["id"] for g in result["groups"]] == ["pflichtaufgaben", "extern", "management", "vernetzung"]
    assert result["totals"]["ist"] == result["totals"]["soll"] == 100


def test_notes_of_kapitel_4_2_follow_the_shift(k):
    notes = {n["way"]: n for n in compare(_sa(), k.tasks_file)["notes"]}
    assert set(notes) == {"pflichtaufgaben", "dienstleister", "energiemanagement"}
    assert notes["energiemanagement"]["models"] == ["V5", "V6a"] and notes["energiemanagement"]["delta"] == 10
    assert notes["energiemanagement"]["tasks"] == ["liegenschaften"]  # the Landkreis row is not shown here
    assert notes["pflichtaufgaben"]["source"] == "Kapitel 4.2"
    backwards = _sa({**MUSTER, "liegenschaften": (10, 0), "bildungsarbeit": (0, 20)})
    assert "energiemanagement" not in {n["way"] for n in compare(backwards, k.tasks_file)["notes"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"aufgaben": {"controling": {"ist": 1, "soll": 1}}},
            "unbekannte Aufgabe 'controling' – meinten Sie 'controlling'?",
        ),
        (
            {"aufgaben": {"controlling": {"ist": "-5", "soll": "1"}}},
            "'-5' ist kein Prozentwert von 0 bis 100",
        ),
        ({"aufgaben": {"controlling": {"ist": "viel", "soll": "1"}}}, "'viel' ist kein Prozentwert"),
        ({"aufgaben": {"controlling": {"ist": "101", "soll": "1"}}}, "'101' ist kein Prozentwert"),
        ({"aufgaben": {"controlling": {"ist": "10"}}}, "aufgaben.controlling.soll: Spalte 'soll' fehlt"),
        ({"aufgaben": {"controlling": "10"}}, "erwartet werden die Spalten 'ist' und 'soll'"),
        ({"aufgaben": ["controlling"]}, "erwartet werden Einträge"),
        ({"aufgaben": {"controlling": {"ist": "1", "soll": "1", "plan": "2"}}}, "unbekannte Spalte 'plan'"),
        ({"farbe": "rot"}, "unbekannter Schlüssel 'farbe'"),
        ({"kommunentyp": "dorf"}, "ungültiger Wert 'dorf'"),
        (
            {"kommunentyp": "gemeinde", "aufgaben": {"regionale_netzwerke": {"ist": "1", "soll": "1"}}},
            "gilt nur für Landkreise",
        ),
        ({"wochenstunden": "200"}, "keine Wochenarbeitszeit"),
    ],
)
def test_bad_files_are_refused_with_the_field(k, data, message):
    with pytest.raises(UserFileError) as info:
        _check(k, data)
    assert message in info.value.message


def test_german_numbers_and_percent_signs_are_read(k):
    sa = _check(k, {"wochenstunden": "19,5", "aufgaben": {"controlling": {"ist": "12,5 %", "soll": "7.5"}}})
    assert sa.values == {"controlling": {"ist": 12.5, "soll": 7.5}} and sa.wochenstunden == 19.5


def test_dump_reads_back(k, tmp_path):
    from ksm_cli.tasks.selfassessment import read_file

    sa = _sa(kommune="Bad Nö: [bold]x[/bold]", kommunentyp="gemeinde", wochenstunden=19.5)
    sa.values["controlling"]["ist"] = 12.5
    path = tmp_path / "s.yaml"
    path.write_text(dump(sa, k.tasks_file), encoding="utf-8")
    assert read_file(path, k.tasks_file) == sa


# --- commands -----------------------------------------------------------------------------


@pytest.fixture
def muster(ksm, tmp_path):
    path = tmp_path / "selbsteinschaetzung.yaml"
    result = ksm(
        "tasks",
        "assess",
        "--file",
        str(path),
        "--kommune",
        "Musterstadt",
        "--kommunentyp",
        "gemeinde",
        "--hours-per-week",
        "39",
        *SET_ARGS,
    )
    assert result.exit_code == 0, result.stderr
    return path


def test_list_filters_landkreis_rows(ksm, muster, tmp_path):
    plain = json.loads(ksm("tasks", "list", "--json").stdout)
    ids = [t["id"] for table in plain["tables"] for g in table["groups"] for t in g["tasks"]]
    assert len(ids) == 20 and "regionale_netzwerke" not in ids
    assert [g["id"] for g in plain["tables"][1]["groups"]] == ["vernetzung", "extern"]
    landkreis = json.loads(ksm("tasks", "list", "--landkreis", "--json").stdout)
    assert sum(len(g["tasks"]) for t in landkreis["tables"] for g in t["groups"]) == 31
    text = ksm("tasks", "list").stdout
    assert "controlling" in text and "Landkreis]" not in text
    kreis = tmp_path / "kreis.yaml"
    kreis.write_text("kommunentyp: landkreis\naufgaben: {}\n", encoding="utf-8")
    assert "regionale_netzwerke" in ksm("tasks", "list", "--file", str(kreis)).stdout


def test_assess_from_flags_saves_and_sums_are_checked(ksm, muster):
    text = muster.read_text(encoding="utf-8")
    assert (
        "kommune: Musterstadt\n" in text
        and "entwurf: false\n" in text
        and "  liegenschaften:\n    ist: 0\n" in text
    )
    shown = json.loads(ksm("tasks", "assess", "--file", str(muster), "--json").stdout)
    assert shown["complete"] is True and shown["totals"]["ist"] == 100
    assert shown["saved"] is False  # only checked and shown
    changed = ksm("tasks", "assess", "--file", str(muster), "--set", "controlling=10/10")
    assert changed.exit_code == 0 and f"Gespeichert: {muster}" in changed.stdout
    before = muster.read_bytes()
    off = ksm("tasks", "assess", "--file", str(muster), "--set", "controlling=20/10")
    assert off.exit_code == 2
    assert "IST ergibt 110 % statt 100 % (10 Prozentpunkte zu viel)" in off.stderr
    assert muster.read_bytes() == before  # nothing written


def test_partial_draft_is_saved_and_marked(ksm, tmp_path):
    path = tmp_path / "entwurf.yaml"
    result = ksm(
        "tasks", "assess", "--file", str(path), "--set", "controlling=40/30", "--allow-partial", "--json"
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["draft"] is True and payload["complete"] is False
    assert payload["problems"][0] == "IST ergibt 40 % statt 100 % (es fehlen 60 Prozentpunkte)"
    assert "entwurf: true" in path.read_text(encoding="utf-8")
    refused = ksm("tasks", "compare", str(path))
    assert refused.exit_code == 2 and "--allow-partial" in refused.stderr
    assert ksm("tasks", "compare", str(path), "--allow-partial").exit_code == 0


def test_assess_without_terminal_or_file_names_the_flags(ksm):
    result = ksm("tasks", "assess")
    assert result.exit_code == 2 and "--file DATEI" in result.stderr and "--set" in result.stderr


def test_bad_set_values(ksm, tmp_path):
    path = str(tmp_path / "s.yaml")
    for value, message in (
        ("controlling=10", "AUFGABE=IST/SOLL"),
        ("controling=1/1", "meinten Sie 'controlling'"),
        ("controlling=-1/5", "--set 'controlling=-1/5' (IST): '-1': kein Prozentwert"),
        ("controlling=1/x", "--set 'controlling=1/x' (SOLL): 'x': kein Prozentwert"),
    ):
        result = ksm("tasks", "assess", "--file", path, "--set", value)
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_a_broken_file_is_never_overwritten(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("aufgaben:\n  controlling: {ist: 10, soll\n", encoding="utf-8")
    result = ksm("tasks", "assess", "--file", str(path), "--set", "klimaschutzkonzepte=5/5")
    assert result.exit_code == 2 and "s.yaml" in result.stderr and "Zeile" in result.stderr
    assert path.read_text(encoding="utf-8") == "aufgaben:\n  controlling: {ist: 10, soll\n"


def test_compare_terminal_markdown_csv_and_json(ksm, muster, tmp_path):
    md, table = tmp_path / "grundlage.md", tmp_path / "vergleich.csv"
    result = ksm("tasks", "compare", str(muster), "--markdown", str(md), "--csv", str(table))
    assert result.exit_code == 0, result.stderr
    first = next(line for line in result.stdout.splitlines() if line.startswith("+10"))
    assert "0 % (0 h)" in first and "10 % (3,9 h)" in first and "Klimaschutz-Aspekten" in first
    assert "+15  65 % (25,4 h)  80 % (31,2 h)  Klimaschutzaufgaben innerhalb der Verwaltung" in result.stdout
    assert "Das stützt V5, V6a" in " ".join(result.stdout.split())
    document = md.read_text(encoding="utf-8")
    assert document.startswith("# IST/SOLL-Vergleich der Aufgaben – Musterstadt\n")
    assert "| Kommunentyp | kreisangehörige Gemeinde/Stadt |" in document
    assert "| +10 | 0 % (0 h) | 10 % (3,9 h) | Berücksichtigung von Klimaschutz-Aspekten" in document
    assert "Weitere Möglichkeit: Die Stelle kann mit neuen Aufgaben" in document
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:8] == [
        "Tabelle",
        "Gruppe",
        "Arbeitsschwerpunkt",
        "Aufgaben-ID",
        "Aufgabe",
        "IST %",
        "SOLL %",
        "Delta %-Punkte",
    ]
    assert rows[1][3:8] == ["liegenschaften", rows[1][4], "0", "10", "10"] and rows[1][9] == "3,9"
    assert len(rows) == 1 + 20
    payload = json.loads(ksm("tasks", "compare", str(muster), "--json").stdout)
    assert payload["schema"] == "ksm.tasks.compare/1" and payload["notes"][0]["way"] == "pflichtaufgaben"


def test_hostile_names_stay_literal_in_markdown_and_csv(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    args = ["tasks", "assess", "--file", str(path), "--kommune", '=HYPERLINK("x") | # [bold]', *SET_ARGS]
    assert ksm(*args).exit_code == 0
    md = tmp_path / "g.md"
    ksm("tasks", "compare", str(path), "--markdown", str(md))
    assert '| Kommune | =HYPERLINK("x") \\| \\# \\[bold\\] |' in md.read_text(encoding="utf-8")


def test_readme_compare_example_is_current(ksm, muster):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    shown = ksm("tasks", "compare", str(muster), env={"COLUMNS": "100"}).stdout.splitlines()[:10]
    assert "\n".join(["$ ksm tasks compare selbsteinschaetzung.yaml", *shown, "…"]) in readme


# --- interactive entry, through prompt_toolkit's pipe input ---------------------------------

ENTER, DOWN, UP = "\r", "\x1b[B", "\x1b[A"


@pytest.fixture
def rows(k) -> int:
    """How many task rows the interview asks a Gemeinde for, from data/tasks.yaml: the keystroke
    scripts below follow the data, so an added row does not leave a test waiting for input."""
    return len(visible_tasks(k.tasks_file, False))


def _zeros(tasks: int) -> str:
    """Enter on the IST/SOLL prompt of ``tasks`` rows: each keeps its values (0/0 when new)."""
    return ENTER * tasks


@pytest.mark.slow
def test_interactive_entry_with_running_totals_back_and_the_100_limit(ksm, tmp_path, terminal, rows):
    path = tmp_path / "s.yaml"
    keys = (
        "Musterstadt"
        + ENTER
        + ENTER
        + "39"
        + ENTER  # Kommune, gemeinde, Wochenstunden
        + "60"
        + ENTER
        + "50"
        + ENTER  # task 1: the IST alone, then the SOLL
        + "<"
        + ENTER  # task 2: back to task 1 ...
        + "\x15"
        + "60"
        + ENTER
        + "\x15"
        + "40"
        + ENTER  # ... IST 60 again; SOLL now 40
        + "50"
        + ENTER
        + "\x7f\x7f"
        + "40"
        + ENTER  # task 2, IST: 50 is over 100 % and refused; 40
        + "60"
        + ENTER  # task 2, SOLL
        + _zeros(rows - 2)
    )  # the other tasks: 0
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["values"] == {
        "projektbezogene_beruecksichtigung": {"ist": 60, "soll": 40},
        "aemteruebergreifende_zusammenarbeit": {"ist": 40, "soll": 60},
    } | {
        t: {"ist": 0, "soll": 0}
        for t in payload["values"]
        if t not in ("projektbezogene_beruecksichtigung", "aemteruebergreifende_zusammenarbeit")
    }
    assert len(payload["values"]) == rows and payload["complete"] is True
    assert (
        "Bisher: IST 60 % = 23,4 h (frei 40 % = 15,6 h) · SOLL 50 % = 19,5 h (frei 50 % = 19,5 h)"
        in result.stderr
    )
    assert "kommune: Musterstadt" in path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_interactive_incomplete_sums_can_be_saved_as_draft(ksm, tmp_path, terminal, rows):
    path = tmp_path / "s.yaml"
    terminal.send_text(ENTER + ENTER + ENTER + "30" + ENTER + "20" + ENTER + _zeros(rows - 1) + DOWN + ENTER)
    result = ksm("tasks", "assess", "--file", str(path))
    assert result.exit_code == 0, result.stderr
    assert "IST ergibt 30 % statt 100 % (es fehlen 70 Prozentpunkte)" in result.stderr
    assert "entwurf: true" in path.read_text(encoding="utf-8")


def test_ctrl_c_in_the_entry_leaves_the_file_untouched(ksm, muster, terminal):
    before = muster.read_bytes()
    terminal.send_text(ENTER + ENTER + ENTER + "\x03")
    assert ksm("tasks", "assess", "--file", str(muster)).exit_code == 130
    assert muster.read_bytes() == before


def test_interactive_entry_wraps_long_task_texts_at_word_boundaries(ksm, tmp_path, terminal, rows):
    terminal.send_text(ENTER * 3 + "\x03")
    result = ksm("tasks", "assess", "--file", str(tmp_path / "s.yaml"), env={"COLUMNS": "60"})
    assert result.exit_code == 130
    first = [
        line
        for line in result.stderr.splitlines()
        if "Bauleitplanung" in line or line.startswith(f"1/{rows}")
    ]
    assert first[0].startswith(f"1/{rows}: Projektbezogene") and first[-1].endswith("Bauleitplanung)")
    assert all(len(line) < 60 for line in first) and len(first) >= 2
    assert all(line.startswith("      ") for line in first[1:])  # indented under the text


@pytest.mark.slow
def test_saving_over_an_existing_file_asks_first(ksm, tmp_path, terminal, monkeypatch, rows):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "selbsteinschaetzung.yaml"
    existing.write_text("alt", encoding="utf-8")
    keys = (
        ENTER * 3
        + "100"
        + ENTER
        + "100"
        + ENTER
        + _zeros(rows - 1)  # 100 % on the first task
        + ENTER  # Speichern unter: selbsteinschaetzung.yaml (the default) ...
        + ENTER  # ... exists: "Nein, anderen Namen wählen" comes first
        + "\x15"
        + "neu.yaml"
        + ENTER
    )
    terminal.send_text(keys)
    result = ksm("tasks", "assess")
    assert result.exit_code == 0, result.stderr
    assert existing.read_text(encoding="utf-8") == "alt"
    assert "projektbezogene_beruecksichtigung:\n    ist: 100\n" in (tmp_path / "neu.yaml").read_text(
        encoding="utf-8"
    )
    terminal.send_text(ENTER * 3 + "100" + ENTER + "100" + ENTER + _zeros(rows - 1) + ENTER + DOWN + ENTER)
    assert ksm("tasks", "assess").exit_code == 0
    assert "ist: 100" in existing.read_text(encoding="utf-8")


def test_switching_a_landkreis_to_a_gemeinde_says_which_values_go(ksm, tmp_path, terminal):
    path = tmp_path / "s.yaml"
    assert (
        ksm(
            "tasks",
            "assess",
            "--file",
            str(path),
            "--landkreis",
            "--allow-partial",
            "--set",
            "regionale_netzwerke=10/10",
            "--set",
            "controlling=10/10",
        ).exit_code
        == 0
    )
    terminal.send_text(ENTER + UP + UP + ENTER + ENTER + "\x03")  # Kommune; Gemeinde (two up from Landkreis)
    result = ksm("tasks", "assess", "--file", str(path))
    assert result.exit_code == 130
    assert (
        "Hinweis: Beim Speichern entfallen die Werte der Aufgaben, die nur für Landkreise gelten "
        "(regionale_netzwerke)"
    ) in " ".join(result.stderr.split())
    assert "regionale_netzwerke" in path.read_text(encoding="utf-8")  # aborted: nothing changed


def _readme_tasks_assess_section() -> str:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return readme.split("#### `ksm tasks assess", 1)[1].split("#### ", 1)[0]


def test_readme_entry_example_is_current(ksm, tmp_path, terminal):
    example = _readme_tasks_assess_section().split("```text\n", 1)[1].split("```", 1)[0]
    terminal.send_text(ENTER + ENTER + "39" + ENTER + "\x03")
    result = ksm("tasks", "assess", "--file", str(tmp_path / "s.yaml"))
    said = [line for line in example.splitlines() if not line.startswith("?")]
    assert len(said) == 4 and "\n".join(said) in result.stderr
    (prompt,) = [line for line in example.splitlines() if line.startswith("?")]
    assert prompt.rsplit(" ", 1)[0] in result.stderr  # the prompt as asked, without the answer


def test_readme_file_example_is_valid(ksm, tmp_path):
    sample = tmp_path / "beispiel.yaml"
    sample.write_text(
        _readme_tasks_assess_section().split("```yaml\n", 1)[1].split("```", 1)[0], encoding="utf-8"
    )
    shown = json.loads(ksm("tasks", "assess", "--file", str(sample), "--allow-partial", "--json").stdout)
    assert shown["values"] == {
        "controlling": {"ist": 10, "soll": 10},
        "liegenschaften": {"ist": 0, "soll": 10},
    }
    assert shown["draft"] is True and shown["saved"] is False and shown["wochenstunden"] == 39


def test_compare_never_writes_an_export_over_the_self_assessment(ksm, muster, tmp_path):
    before = muster.read_bytes()
    for option in ("--markdown", "--csv"):
        result = ksm("tasks", "compare", str(muster), option, str(tmp_path / "." / muster.name))
        assert result.exit_code == 2
        assert f"die Selbsteinschätzung und {option} nennen dieselbe Datei" in result.stderr
    same = ksm(
        "tasks", "compare", str(muster), "--markdown", str(tmp_path / "x"), "--csv", str(tmp_path / "x")
    )
    assert same.exit_code == 2 and "--markdown und --csv nennen dieselbe Datei" in same.stderr
    assert muster.read_bytes() == before and not (tmp_path / "x").exists()


def _set_many(path: str, tasks: list[str]) -> None:
    from typer.testing import CliRunner

    from ksm_cli.cli.root import app

    runner = CliRunner()
    for task in tasks:
        result = runner.invoke(
            app, ["tasks", "assess", "--file", path, "--set", f"{task}=1/1", "--allow-partial"]
        )
        assert result.exit_code == 0, result.stderr


@pytest.mark.slow
def test_two_processes_setting_values_at_once_lose_none(k, tmp_path):
    import multiprocessing

    ids = [t["id"] for t in visible_tasks(k.tasks_file, False)]
    path = str(tmp_path / "s.yaml")
    workers = [
        multiprocessing.get_context("spawn").Process(target=_set_many, args=(path, ids[i::2]))
        for i in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    from ksm_cli.tasks.selfassessment import read_file

    assert set(read_file(tmp_path / "s.yaml", k.tasks_file).values) == set(ids)


@pytest.mark.slow
def test_a_file_changed_during_the_interview_is_not_overwritten_unasked(
    ksm, muster, tmp_path, terminal, monkeypatch, rows
):
    from ksm_cli.cli import tasks_prompts

    real = tasks_prompts.ask_values

    def values_while_someone_else_edits(*args, **kwargs):
        real(*args, **kwargs)
        muster.write_text(
            muster.read_text(encoding="utf-8").replace("Musterstadt", "Andere Hand"), encoding="utf-8"
        )

    monkeypatch.setattr(tasks_prompts, "ask_values", values_while_someone_else_edits)
    keys = (
        ENTER * 3  # the header as it is
        + _zeros(rows)  # every task as it is
        + ENTER  # "Unter einem anderen Namen speichern" comes first
        + "\x15"
        + str(tmp_path / "meine.yaml")
        + ENTER
    )
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(muster))
    assert result.exit_code == 0, result.stderr
    assert "wurde geändert, während Sie die Werte eingegeben haben" in " ".join(result.stderr.split())
    assert "Andere Hand" in muster.read_text(encoding="utf-8")  # the other change stays
    assert "kommune: Musterstadt" in (tmp_path / "meine.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kommunentyp", "dorf"],
            "Fehler: --kommunentyp: 'dorf': ungültiger Wert (erlaubt: gemeinde, kreisfreie_stadt, landkreis)",
        ),
        (
            ["--hours-per-week", "100"],
            "Fehler: --hours-per-week: '100': keine Wochenarbeitszeit (Stunden über 0 bis 80,",
        ),
        (["--set", "controling=1/1"], "Fehler: --set 'controling=1/1': 'controling': unbekannte Aufgabe"),
    ],
)
def test_a_wrong_option_value_names_the_option(ksm, tmp_path, args, message):
    result = ksm("tasks", "assess", "--file", str(tmp_path / "s.yaml"), "--allow-partial", *args)
    assert result.exit_code == 2 and result.stderr.startswith(message), result.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_the_core_names_no_flag_the_cli_does(k, tmp_path):
    from ksm_cli.errors import UsageError
    from ksm_cli.tasks.selfassessment import read_file, require_complete

    with pytest.raises(UsageError) as missing:
        read_file(tmp_path / "fehlt.yaml", k.tasks_file)
    with pytest.raises(UsageError) as incomplete:
        require_complete(_sa({"controlling": (10, 10)}), "s.yaml", allow_partial=False)
    for error in (missing.value, incomplete.value):
        assert "--" not in error.message and "ksm " not in error.message, error.message


def test_switching_to_a_gemeinde_by_option_names_the_option_and_the_tasks(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    landkreis = ["--allow-partial", "--landkreis", "--set", "regionale_netzwerke=10/10"]
    assert ksm("tasks", "assess", "--file", str(path), *landkreis).exit_code == 0
    before = path.read_bytes()
    result = ksm("tasks", "assess", "--file", str(path), "--kommunentyp", "gemeinde", "--allow-partial")
    assert result.exit_code == 2 and result.stderr == (
        "Fehler: --kommunentyp: 'gemeinde': die Werte der Aufgaben regionale_netzwerke gelten nur für Landkreise\n"
    )
    assert path.read_bytes() == before
