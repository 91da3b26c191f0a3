"""The Mappe (issue 17 §1): ``ksm init``, finding the Mappe, and every command using its files."""

from __future__ import annotations

import json
import os
from pathlib import Path, PureWindowsPath

import pytest
from test_cli_assess import TODAY
from test_tasks import SET_ARGS

from ksm_cli import mappe as m

INIT = ["--set", "kommune=Musterstadt", "--set", "einwohner=48.000", "--set", "foerderende=30.06.2027"]
# the answers of the README example (V7) without the Angaben
FLOW = {
    "klimaschutzkonzept": "teilweise",
    "laufende_prozesse": "ja",
    "eigenfinanzierung": "moeglich",
    "staerkung_ksm": "nein",
}
FLOW_SET = [arg for key, value in FLOW.items() for arg in ("--set", f"{key}={value}")]


@pytest.fixture
def folder(ksm, tmp_path, monkeypatch) -> Path:
    """A new Mappe Musterstadt under tmp_path; the working directory is tmp_path (outside it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KSM_MAPPE", raising=False)
    result = ksm("init", "Musterstadt", *INIT)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "Musterstadt"


def test_init_creates_kommune_yaml_and_liesmich(folder, ksm, k):
    from ksm_cli.assess.angaben import load_angaben

    angaben = load_angaben(folder / "kommune.yaml", k).context
    assert angaben["kommune"] == "Musterstadt" and angaben["einwohner"] == 48000
    assert str(angaben["foerderende"]) == "2027-06-30"
    readme = (folder / "LIESMICH.txt").read_text(encoding="utf-8")
    for name, _ in m.FILES.values():
        assert name in readme
    assert sorted(p.name for p in folder.iterdir()) == ["LIESMICH.txt", "kommune.yaml"]


def test_init_without_terminal_and_values_names_set(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ksm("init", "Neu")
    assert result.exit_code == 2 and "--set SCHLÜSSEL=WERT" in result.stderr
    assert not (tmp_path / "Neu").exists()


def test_init_in_a_mappe_shows_and_edits_the_angaben(folder, ksm, monkeypatch):
    (folder / "kommune.yaml").write_text(
        (folder / "kommune.yaml").read_text(encoding="utf-8") + "# meine Notiz\n", encoding="utf-8"
    )
    sub = folder / "Unterlagen"
    sub.mkdir()
    monkeypatch.chdir(sub)
    shown = ksm("init")
    assert shown.exit_code == 0 and "Angaben unverändert" in shown.stdout and "48.000" in shown.stdout
    edited = ksm("init", "--set", "vorhaben=erstvorhaben", "--set", "einwohner=", "--json")
    data = json.loads(edited.stdout)
    assert data["schema"] == "ksm.init/1" and data["created"] is False and data["changed"] is True
    assert data["answers"] == {
        "kommune": "Musterstadt",
        "vorhaben": "erstvorhaben",
        "foerderende": "2027-06-30",
    }
    text = (folder / "kommune.yaml").read_text(encoding="utf-8")
    assert "# meine Notiz" in text and "einwohner" not in text  # comments stay, the cleared key goes
    assert not (sub / "kommune.yaml").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("klimaschutzkonzept=umgesetzt", "ist eine Frage des Interviews"),
        ("einwohnr=5", "unbekannte Angabe"),
        ("einwohner=viele", "--set einwohner"),
    ],
)
def test_init_refuses_bad_keys_by_the_flag(folder, ksm, monkeypatch, value, message):
    monkeypatch.chdir(folder)
    before = (folder / "kommune.yaml").read_bytes()
    result = ksm("init", "--set", value)
    assert result.exit_code == 2 and message in result.stderr
    assert (folder / "kommune.yaml").read_bytes() == before


def test_init_keeps_a_foreign_liesmich(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Alt").mkdir()
    (tmp_path / "Alt" / "LIESMICH.txt").write_text("meine eigene Notiz\n", encoding="utf-8")
    result = ksm("init", "Alt", *INIT)
    assert result.exit_code == 0
    assert (tmp_path / "Alt" / "LIESMICH.txt").read_text(encoding="utf-8") == "meine eigene Notiz\n"
    assert "nicht verändert" in result.stderr


def test_a_flow_answer_in_kommune_yaml_is_an_error_with_the_line(folder, ksm, monkeypatch):
    with open(folder / "kommune.yaml", "a", encoding="utf-8") as handle:
        handle.write("staerkung_ksm: ja\n")
    monkeypatch.chdir(folder)
    result = ksm("assess")
    assert result.exit_code == 2
    assert "kommune.yaml, Zeile 6: staerkung_ksm" in result.stderr and "antworten.yaml" in result.stderr


def test_the_mappe_is_found_from_a_subfolder(folder, ksm, monkeypatch):
    deeper = folder / "a" / "b"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    result = ksm("assess", *FLOW_SET, *TODAY, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["kommune"] == "Musterstadt" and data["answers"]["einwohner"] == 48000
    assert (folder / "antworten.yaml").exists() and not (deeper / "antworten.yaml").exists()


def test_mappe_option_and_environment_variable(folder, ksm, tmp_path, monkeypatch):
    other = tmp_path / "anderswo"
    other.mkdir()
    monkeypatch.chdir(other)
    by_option = ksm("assess", "--mappe", str(folder), *FLOW_SET, "--json")
    assert json.loads(by_option.stdout)["answers"]["kommune"] == "Musterstadt"
    monkeypatch.setenv("KSM_MAPPE", str(folder))
    by_env = ksm("status", "--json")
    assert by_env.exit_code == 0 and json.loads(by_env.stdout)["kommune"]["name"] == "Musterstadt"
    # --mappe wins over KSM_MAPPE, and a folder that is no Mappe is refused by its name
    refused = ksm("status", "--mappe", str(other))
    assert refused.exit_code == 2 and "--mappe" in refused.stderr and "ksm init" in refused.stderr
    monkeypatch.setenv("KSM_MAPPE", str(other))
    assert "KSM_MAPPE" in ksm("status").stderr


@pytest.mark.parametrize(
    "command", [["credits", "--all"], ["list"], ["report"], ["credits", "--all", "--json"]], ids=" ".join
)
def test_a_named_log_needs_no_mappe_even_when_one_is_named_wrongly(command, ksm, tmp_path, monkeypatch):
    """--log names the file: a KSM_MAPPE (or --mappe) that is no Mappe does not stop the run."""
    log = tmp_path / "protokoll.yaml"
    log.write_text(
        "ksm_mentoring_log: 1\nrolle: mentor\nvorhaben: anschlussvorhaben\nprojektbeginn: 2025-07-01\n"
        "regelsatz: handreichung\neintraege:\n- id: 1\n  datum: 2025-10-01\n  format: webinar\n  titel: A\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KSM_MAPPE", str(tmp_path))  # a folder without kommune.yaml
    result = ksm("mentoring", *command, "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert ksm("mentoring", *command, "--log", str(log), "--mappe", str(tmp_path)).exit_code == 0
    monkeypatch.delenv("KSM_MAPPE")
    assert ksm("mentoring", *command, "--mappe", str(tmp_path)).exit_code == 2  # without --log: refused


def test_search_stops_at_the_nearest_mappe_and_outside_finds_none(tmp_path):
    outer, inner = tmp_path / "Kreis", tmp_path / "Kreis" / "Gemeinde"
    inner.mkdir(parents=True)
    for folder in (outer, inner):
        (folder / "kommune.yaml").write_text("kommune: x\n", encoding="utf-8")
    (inner / "sub").mkdir()
    assert m.search(inner / "sub") == m.Mappe(inner)
    assert m.search(outer) == m.Mappe(outer)
    assert m.find(None, environ={}, cwd=tmp_path) is None


def test_draft_paths_on_windows_and_posix_paths():
    assert m.draft_path("assess", m.Mappe(Path("/x/M")), None) == Path("/x/M/entwurf-interview.yaml")
    target = PureWindowsPath(r"C:\Users\Anna Muster\Klimaschutz\selbst.yaml")
    assert (
        str(target.parent / m.DRAFTS["tasks"])
        == r"C:\Users\Anna Muster\Klimaschutz\entwurf-selbsteinschaetzung.yaml"
    )
    assert m.draft_path("tasks", None, None) == Path(".") / "entwurf-selbsteinschaetzung.yaml"


def test_assess_keeps_the_answers_and_starts_from_them(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    first = ksm("assess", *FLOW_SET, "--json")
    assert first.exit_code == 0, first.stderr
    kept = (folder / "antworten.yaml").read_text(encoding="utf-8")
    assert "staerkung_ksm: nein" in kept and "kommune:" not in kept  # the Angaben stay in kommune.yaml
    again = ksm("assess", "--json")  # no terminal: the kept answers, no question asked
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["recommended"] == json.loads(first.stdout)["recommended"]
    more = ["--set", "staerkung_ksm=ja", "--set", "sichtbarkeit_aussen=nein", "--set", "stellenausbau=nein"]
    changed = ksm("assess", *more, "--json")
    assert changed.exit_code == 0, changed.stderr
    text = (folder / "antworten.yaml").read_text(encoding="utf-8")
    assert "staerkung_ksm: ja" in text and "stellenausbau: nein" in text
    incomplete = ksm("assess", "--set", "sichtbarkeit_aussen=ja")  # names what is missing, keeps the file
    assert incomplete.exit_code == 2 and (folder / "antworten.yaml").read_text(encoding="utf-8") == text


def test_an_angabe_set_in_assess_counts_for_this_run_only(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    result = ksm("assess", *FLOW_SET, "--set", "einwohner=20000", "--json")
    assert json.loads(result.stdout)["answers"]["einwohner"] == 20000
    assert "gilt nur für diesen Lauf" in result.stderr and "ksm init --set einwohner" in result.stderr
    assert "48000" in (folder / "kommune.yaml").read_text(encoding="utf-8")
    two = ksm("assess", *FLOW_SET, "--set", "einwohner=20000", "--set", "kommunentyp=gemeinde", "--json")
    assert "einwohner, kommunentyp gelten nur für diesen Lauf" in two.stderr


def test_report_may_not_replace_a_file_of_the_mappe(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    before = (folder / "kommune.yaml").read_bytes()
    result = ksm("assess", *FLOW_SET, "--report", "kommune.yaml")
    assert result.exit_code == 2 and "dieselbe Datei" in result.stderr
    assert (folder / "kommune.yaml").read_bytes() == before


def test_tasks_and_mentoring_live_in_the_mappe(folder, ksm, monkeypatch, tmp_path):
    monkeypatch.chdir(folder)
    saved = ksm("tasks", "assess", *SET_ARGS, "--json")
    assert saved.exit_code == 0, saved.stderr
    data = json.loads(saved.stdout)
    assert data["kommune"] == "Musterstadt"  # from kommune.yaml, not typed again
    assert (folder / "selbsteinschaetzung.yaml").exists()
    compared = ksm("tasks", "compare", "--json")
    assert compared.exit_code == 0, compared.stderr
    # the mentoring log of the Mappe wins over KSM_MENTORING_LOG (which the tests always set)
    started = ksm(
        "mentoring", "init", "--role", "mentor", "--start", "2025-07-01", "--vorhaben", "anschlussvorhaben"
    )
    assert started.exit_code == 0, started.stderr
    assert (folder / "mentoring-protokoll.yaml").exists()
    assert not Path(os.environ["KSM_MENTORING_LOG"]).exists()
    added = ksm(
        "mentoring", "add", "--date", "2025-09-01", "--kind", "praxistipp", "--title", "Tipp", "--json"
    )
    assert added.exit_code == 0, added.stderr
    listed = json.loads(ksm("mentoring", "list", "--json").stdout)
    assert [e["titel"] for e in listed["entries"]] == ["Tipp"]


def test_mentoring_init_takes_the_vorhaben_from_the_mappe(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    assert ksm("init", "--set", "vorhaben=anschlussvorhaben").exit_code == 0
    result = ksm("mentoring", "init", "--role", "mentor", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["header"]["vorhaben"] == "anschlussvorhaben"


def test_outside_a_mappe_everything_works_as_before(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ksm("assess", *FLOW_SET, "--json")
    assert result.exit_code == 0 and not list(tmp_path.iterdir())  # nothing written unasked
    missing = ksm("tasks", "compare")
    assert missing.exit_code == 2 and "Das Argument DATEI fehlt" in missing.stderr


DOWN, ENTER = "\x1b[B", "\r"


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_init_on_a_terminal_asks_every_angabe_then_the_summary(ksm, tmp_path, monkeypatch, terminal, k):
    from ksm_cli.assess.angaben import load_angaben

    monkeypatch.chdir(tmp_path)
    from ksm_cli.assess.answers import CONTEXT_FIELDS

    # every Angabe in the order of CONTEXT_FIELDS (Enter: keine Angabe), then "Angaben speichern"
    typed = {
        "kommune": "Musterstadt" + ENTER,
        "kommunentyp": DOWN + ENTER,  # keine Angabe, gemeinde …
        "einwohner": "48.000" + ENTER,
        "personalkosten_je_vzae": "70.000" + ENTER,
        "foerderende": "30.06.2027" + ENTER,
        "haushaltsbeschluss_monat": "Dezember" + ENTER,
        "eingeworbene_foerdermittel_eur": "120.000" + ENTER,
        "haushalt_produkt": "56.10.01 Klimaschutz" + ENTER,
    }
    keys = [typed.get(f.key, ENTER) for f in CONTEXT_FIELDS] + [ENTER]
    terminal.send_text("".join(keys))
    result = ksm("init", "Neu")
    assert result.exit_code == 0, result.stderr
    angaben = load_angaben(tmp_path / "Neu" / "kommune.yaml", k).context
    assert angaben == {
        "kommune": "Musterstadt",
        "kommunentyp": "gemeinde",
        "einwohner": 48000,
        "personalkosten_je_vzae": 70000,
        "foerderende": __import__("datetime").date(2027, 6, 30),
        "haushaltsbeschluss_monat": 12,
        "eingeworbene_foerdermittel_eur": 120000,
        "haushalt_produkt": "56.10.01 Klimaschutz",
    }


def test_assess_on_a_terminal_confirms_the_kept_answers_and_offers_the_report(
    folder, ksm, monkeypatch, terminal
):
    monkeypatch.chdir(folder)
    assert ksm("assess", *FLOW_SET, "--json").exit_code == 0
    terminal.send_text(ENTER + ENTER)  # "Ergebnis anzeigen" in the summary, then "Ja, als Markdown"
    result = ksm("assess")
    assert result.exit_code == 0, result.stderr
    report = folder / "empfehlungsbericht.docx"
    assert report.exists() and "Musterstadt" in _docx_text(report)
    assert "Geschrieben: empfehlungsbericht.docx" in result.stderr


def test_tasks_assess_in_a_mappe_asks_no_angabe_again(folder, ksm, monkeypatch, terminal, k):

    from ksm_cli.tasks.selfassessment import visible_tasks

    monkeypatch.chdir(folder)
    assert ksm("init", "--set", "kommunentyp=gemeinde").exit_code == 0
    count = len(visible_tasks(k.tasks_file, False))
    # no name, no type: the first prompt is the weekly hours; then 100/100 for the first task
    terminal.send_text(ENTER + "100/100" + ENTER + ENTER * (count - 1))
    result = ksm("tasks", "assess", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kommune"] == "Musterstadt" and data["kommunentyp"] == "gemeinde" and data["complete"]
    assert "Kommune: Musterstadt (aus der Mappe)" in result.stderr
    assert (folder / "selbsteinschaetzung.yaml").exists() and not (
        folder / "entwurf-selbsteinschaetzung.yaml"
    ).exists()


def test_mentoring_init_in_a_mappe_does_not_ask_the_vorhaben_again(folder, ksm, monkeypatch, terminal):
    monkeypatch.chdir(folder)
    # erstvorhaben: asked, Enter would choose the first answer, „Anschlussvorhaben“
    assert ksm("init", "--set", "vorhaben=erstvorhaben").exit_code == 0
    # role (Mentor*in), Projektbeginn, rule set (the first): no question about the Vorhaben
    terminal.send_text(ENTER + "01.07.2025" + ENTER + ENTER)
    result = ksm("mentoring", "init", "--json")
    assert result.exit_code == 0, result.stderr
    header = json.loads(result.stdout)["header"]
    assert header["vorhaben"] == "erstvorhaben" and header["projektbeginn"] == "2025-07-01"


def test_a_draft_continued_in_a_mappe_takes_the_angaben_of_kommune_yaml_now(
    folder, ksm, monkeypatch, terminal, k
):
    import datetime as dt

    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.interview import draft_data
    from ksm_cli.drafts import write_draft

    monkeypatch.chdir(folder)
    # a draft from before the Angaben were corrected: another name and Förderende
    old = Answers(dict(FLOW), {"kommune": "Altstadt", "foerderende": dt.date(2026, 1, 1)})
    write_draft(folder / "entwurf-interview.yaml", "assess", draft_data(k, old, list(FLOW)))
    # continue the draft, confirm the summary, save the report in the Mappe
    terminal.send_text(ENTER + ENTER + ENTER)
    result = ksm("assess")
    assert result.exit_code == 0, result.stderr
    report = _docx_text(folder / "empfehlungsbericht.docx")
    assert "Musterstadt" in report and "30.06.2027" in report
    assert "Altstadt" not in report and "01.01.2026" not in report
    assert not (folder / "entwurf-interview.yaml").exists()


def test_init_inside_a_mappe_creates_no_mappe_in_the_mappe(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    result = ksm("init", "Musterstadt", "--set", "kommune=X")
    assert (
        result.exit_code == 2
        and "eine Mappe in einer Mappe" in result.stderr
        and "ksm init --set" in result.stderr
    )
    assert not (folder / "Musterstadt").exists()


def test_a_log_from_before_the_mappe_is_pointed_out(folder, ksm, monkeypatch):
    earlier = Path(os.environ["KSM_MENTORING_LOG"])
    assert ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben").exit_code == 0
    assert earlier.exists()
    monkeypatch.chdir(folder)
    result = ksm("mentoring", "list")
    assert (
        result.exit_code == 2
        and "früheres Protokoll" in result.stderr
        and "mentoring-protokoll.yaml" in result.stderr
    )


def test_compare_in_a_mappe_without_a_self_assessment_names_tasks_assess(folder, ksm, monkeypatch):
    monkeypatch.chdir(folder)
    result = ksm("tasks", "compare")
    assert result.exit_code == 2 and result.stderr.rstrip().endswith("Anlegen mit: ksm tasks assess")
