"""``ksm status`` (issue 17 §3) on an empty, a half-done and a complete Mappe."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from test_mappe import FLOW_SET
from test_tasks import SET_ARGS

STICHTAG = ["--stichtag", "01.12.2026"]
KEYS = {
    "schema",
    "kommune",
    "recommendation",
    "deadlines",
    "overdue",
    "tasks",
    "mentoring",
    "documents",
    "next_commands",
}


@pytest.fixture
def mappe(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    init = [
        "--set",
        "kommune=Musterstadt",
        "--set",
        "vorhaben=anschlussvorhaben",
        "--set",
        "foerderende=30.06.2029",
    ]
    assert ksm("init", "M", *init).exit_code == 0
    monkeypatch.chdir(tmp_path / "M")
    return tmp_path / "M"


def _status(ksm) -> dict:
    result = ksm("status", *STICHTAG, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_outside_a_mappe_status_says_how_to_begin(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ksm("status")
    assert result.exit_code == 2 and "ksm init" in result.stderr and result.stdout == ""


def test_an_empty_mappe_names_the_first_commands(ksm, mappe):
    data = _status(ksm)
    assert KEYS <= set(data) and data["schema"] == "ksm.status/1"
    assert data["kommune"]["name"] == "Musterstadt"
    assert data["recommendation"]["state"] == "fehlt" and data["recommendation"]["models"] == []
    assert data["tasks"]["state"] == "fehlt" and data["mentoring"]["state"] == "fehlt"
    assert data["next_commands"][:3] == ["ksm assess", "ksm tasks assess", "ksm mentoring init"]
    # the Fahrplan is dated from kommune.yaml alone: the next three deadlines, in order
    dates = [d["date"] for d in data["deadlines"]]
    assert len(dates) == 3 and dates == sorted(dates) and all(d >= "2026-12-01" for d in dates)
    assert [d["exists"] for d in data["documents"]] == [False] * 7  # six of ksm report, the calendar
    kinds = [d["kind"] for d in data["documents"]]
    assert kinds[0] == "empfehlung" and kinds[-1] == "kalender"
    text = ksm("status", *STICHTAG).stdout
    for line in ("Verstetigung:", "Selbsteinschätzung:", "Mentoring:", "Nächste Fristen", "→ ksm assess"):
        assert line in text


def test_a_half_done_mappe(ksm, mappe):
    assert ksm("assess", *FLOW_SET, *STICHTAG).exit_code == 0
    assert ksm("tasks", "assess", "--set", "controlling=10/15", "--allow-partial").exit_code == 0
    data = _status(ksm)
    assert data["recommendation"]["state"] == "fertig" and data["recommendation"]["models"] == ["V7", "V7a"]
    assert data["recommendation"]["date"] == time.strftime("%Y-%m-%d")
    assert data["tasks"]["state"] == "offen" and data["tasks"]["ist"] == 10 and data["tasks"]["soll"] == 15
    assert "ksm tasks assess" in data["next_commands"]
    assert "ksm report empfehlung" in data["next_commands"]
    assert "ksm report beschlussvorlage" not in data["next_commands"]  # on request only


def test_overdue_steps_and_a_stichtag_after_them(ksm, mappe):
    result = ksm("status", "--stichtag", "01.06.2029", "--json")
    data = json.loads(result.stdout)
    assert data["overdue"] and all(d["date"] < "2029-06-01" for d in data["overdue"])
    assert data["next_commands"][0] == f"ksm plan done {data['overdue'][0]['id']}"
    assert "Überfällig" in ksm("status", "--stichtag", "01.06.2029").stdout


def test_a_complete_mappe_and_a_document_older_than_its_inputs(ksm, mappe):
    assert ksm("assess", *FLOW_SET, *STICHTAG, "--report", "empfehlungsbericht.md").exit_code == 0
    assert ksm("tasks", "assess", *SET_ARGS).exit_code == 0
    started = ksm("mentoring", "init", "--role", "mentor", "--start", "2026-07-01")
    assert started.exit_code == 0, started.stderr
    added = ksm("mentoring", "add", "--date", "2026-09-01", "--kind", "webinar", "--title", "Webinar")
    assert added.exit_code == 0, added.stderr
    data = _status(ksm)
    assert (
        data["tasks"]["state"] == "fertig"
        and "IST" in data["tasks"]["text"]
        and "SOLL" in data["tasks"]["text"]
    )
    assert data["mentoring"]["project_year"] == 1 and data["mentoring"]["credited_days"] > 0
    assert data["mentoring"]["minimum_days"] == 5
    report = next(d for d in data["documents"] if d["file"] == "empfehlungsbericht.md")
    assert report["exists"] and not report["stale"]
    # the answers change after the report: the report is older than its inputs
    later = time.time() + 5
    os.utime(mappe / "antworten.yaml", (later, later))
    report = next(d for d in _status(ksm)["documents"] if d["file"] == "empfehlungsbericht.md")
    assert report["stale"] and report["inputs"] == ["antworten.yaml"]
    assert "älter als antworten.yaml" in ksm("status", *STICHTAG).stdout


def test_a_broken_file_is_one_line_and_the_rest_still_shows(ksm, mappe):
    (mappe / "selbsteinschaetzung.yaml").write_text("werte: [\n", encoding="utf-8")
    data = _status(ksm)
    assert data["tasks"]["state"] == "fehler" and "selbsteinschaetzung.yaml" in data["tasks"]["text"]
    assert data["kommune"]["name"] == "Musterstadt"


def test_a_broken_fahrplan_is_one_line_too(ksm, mappe):
    (mappe / "fahrplan.yaml").write_text("anschlussantrag: [2026\n", encoding="utf-8")
    data = _status(ksm)
    assert data["plan"]["state"] == "fehler" and "fahrplan.yaml" in data["plan"]["text"]
    assert data["kommune"]["name"] == "Musterstadt" and data["recommendation"]["state"] == "fehlt"


def test_from_a_subfolder_the_document_commands_name_the_mappes_files(ksm, mappe, monkeypatch):
    sub = mappe / "Unterlagen"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert ksm("assess", *FLOW_SET, *STICHTAG).exit_code == 0
    commands = _status(ksm)["next_commands"]
    assert "ksm report empfehlung" in commands
    assert ksm("report", "empfehlung", *STICHTAG).exit_code == 0  # found from below, written in it
    assert (mappe / "empfehlungsbericht.docx").exists() and not (sub / "empfehlungsbericht.docx").exists()
    (calendar,) = [c for c in commands if c.startswith("ksm plan --ics ")]
    assert (
        Path(calendar.removeprefix("ksm plan --ics ").strip('"')).resolve()
        == (mappe / "fristen.ics").resolve()
    )
    assert not any(c.startswith("ksm assess --report") for c in _status(ksm)["next_commands"])


def test_in_an_erstvorhaben_mentoring_is_not_pressed(ksm, mappe):
    assert ksm("init", "--set", "vorhaben=erstvorhaben").exit_code == 0
    data = _status(ksm)
    assert data["mentoring"]["state"] == "fehlt" and "erst im Anschlussvorhaben" in data["mentoring"]["text"]
    assert "ksm mentoring init" not in data["next_commands"]
