"""Drafts in a real pseudo-terminal: Ctrl-C keeps the answers, the next start continues."""

from __future__ import annotations

import json

import pytest

from tests.test_interview_pty import DOWN, ENTER, answer_angaben, pexpect, spawn, step

pytestmark = [pytest.mark.slow]

ARGS = ("--stichtag", "21.11.2026", "--json", "--save-answers", "antworten.yaml")


def _context(child):
    step(child, "Name der Kommune", "Musterstadt" + ENTER)
    step(child, "Welcher Kommunentyp", DOWN + ENTER)  # Gemeinde
    step(child, "Einwohner", "48.000" + ENTER)


def _rest(child):
    answer_angaben(
        child,
        {
            "vorhaben": DOWN + DOWN + ENTER,
            "foerderende": "30.06.2027" + ENTER,
            "haushaltsbeschluss_monat": "Dezember" + ENTER,
        },
        kommunentyp="gemeinde",
        first="stellenumfang_vzae",
    )
    step(child, "Klimaschutzkonzept", DOWN + ENTER)
    step(child, "laufende Prozesse", ENTER)
    step(child, "eigenen Mitteln", ENTER)
    step(child, "politischen Willen", DOWN + ENTER)
    step(child, "Stimmen die Antworten", ENTER)


def _finish(child) -> dict:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = child.before
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def test_assess_interrupted_then_continued_gives_the_same_result(tmp_path):
    once = tmp_path / "once"
    once.mkdir()
    child = spawn(once, *ARGS)
    _context(child)
    _rest(child)
    expected = _finish(child)
    assert not (once / "entwurf-interview.yaml").exists()

    twice = tmp_path / "twice"
    twice.mkdir()
    child = spawn(twice, *ARGS)
    _context(child)
    child.expect("Stellenumfang")
    child.sendcontrol("c")
    child.expect(r"Ihre bisherigen Antworten sind gespeichert in\s+entwurf-interview.yaml")
    child.expect(r"Start\s+von\s+ksm\s+assess\s+--save-answers\s+antworten.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    assert sorted(p.name for p in twice.iterdir()) == ["entwurf-interview.yaml"]

    child = spawn(twice, *ARGS)
    child.expect("Bisher beantwortet")
    child.expect("Musterstadt")
    child.expect("48.000")
    step(child, "Dort weitermachen", ENTER)
    _rest(child)
    assert _finish(child) == expected
    assert (twice / "antworten.yaml").read_text(encoding="utf-8") == (once / "antworten.yaml").read_text(
        encoding="utf-8"
    )
    assert not (twice / "entwurf-interview.yaml").exists()


def test_declining_the_draft_starts_fresh_and_replaces_it(tmp_path):
    child = spawn(tmp_path)
    step(child, "Name der Kommune", "Altstadt" + ENTER)
    child.expect("Welcher Kommunentyp")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn(tmp_path)
    child.expect("Altstadt")
    step(child, "Dort weitermachen", DOWN + ENTER)  # Nein, neu beginnen
    step(child, "Name der Kommune", "Neustadt" + ENTER)
    child.expect("Welcher Kommunentyp")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    draft = (tmp_path / "entwurf-interview.yaml").read_text(encoding="utf-8")
    assert "Neustadt" in draft and "Altstadt" not in draft


def test_a_foreign_file_in_the_drafts_place_is_not_replaced_without_a_yes(tmp_path):
    own = tmp_path / "entwurf-interview.yaml"
    own.write_text("meine Notizen\n", encoding="utf-8")
    child = spawn(tmp_path)
    step(child, "ist kein Entwurf von ksm", ENTER)  # Nein, ohne Entwurf weiter
    step(child, "Name der Kommune", "Musterstadt" + ENTER)
    child.expect("Welcher Kommunentyp")
    child.sendcontrol("c")
    child.expect("Abgebrochen.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert own.read_text(encoding="utf-8") == "meine Notizen\n"


def _tasks(child, numbers):
    values = {1: ("50", "40"), 31: ("50", "60")}
    for number in numbers:
        child.expect(f"{number}/31: ")
        ist, soll = values.get(number, ("", ""))
        step(child, "IST/SOLL in", (f"{ist}/{soll}" if ist else "") + ENTER)


def _tasks_header(child):
    step(child, "Name der Kommune", "Landkreis Muster" + ENTER)
    step(child, "Welcher Kommunentyp", DOWN + DOWN + ENTER)
    step(child, "Wochenarbeitszeit", "39" + ENTER)


def _tasks_end(child, folder):
    step(child, "Speichern unter", ENTER)
    child.expect("Gespeichert: selbsteinschaetzung.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return (folder / "selbsteinschaetzung.yaml").read_text(encoding="utf-8")


def test_tasks_assess_interrupted_then_continued_gives_the_same_file(tmp_path):
    once, twice = tmp_path / "once", tmp_path / "twice"
    once.mkdir()
    twice.mkdir()
    child = spawn(once, command=("tasks", "assess"))
    _tasks_header(child)
    _tasks(child, range(1, 32))
    expected = _tasks_end(child, once)

    child = spawn(twice, command=("tasks", "assess"))
    _tasks_header(child)
    _tasks(child, range(1, 4))
    child.expect("4/31: ")
    child.expect("IST/SOLL in")
    child.sendcontrol("c")
    child.expect(r"gespeichert\s+in\s+entwurf-selbsteinschaetzung.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn(twice, command=("tasks", "assess"))
    child.expect("Kommune: Landkreis Muster")
    child.expect("1. 50/40")
    step(child, "Dort weitermachen", ENTER)
    _tasks(child, range(4, 32))
    assert _tasks_end(child, twice) == expected
    assert not (twice / "entwurf-selbsteinschaetzung.yaml").exists()


def test_mentoring_add_interrupted_then_continued(tmp_path):
    log = tmp_path / "mentoring.yaml"
    log.write_text(
        "rolle: mentor\nvorhaben: anschlussvorhaben\nregelsatz: handreichung\nprojektbeginn: 2025-07-01\n"
        "eintraege: []\n",
        encoding="utf-8",
    )
    child = spawn(tmp_path, "--date", "12.03.2026", command=("mentoring", "add"))
    step(child, "Welches Format", DOWN + DOWN + ENTER)  # Webinar
    step(child, "Titel", "Wärmeplanung im Dialog" + ENTER)
    step(child, "Ort", "Rathaus" + ENTER)
    child.expect("Erreichte Personen")
    child.sendcontrol("c")
    child.expect(r"gespeichert\s+in\s+entwurf-mentoring.yaml")
    child.expect(r"ksm\s+mentoring\s+add")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "eintraege: []" in log.read_text(encoding="utf-8")

    child = spawn(tmp_path, "--date", "12.03.2026", command=("mentoring", "add"))
    child.expect("Titel: Wärmeplanung im Dialog")
    step(child, "Dort weitermachen", ENTER)
    for prompt in ("Erreichte Personen", "Aufwand", "Notiz"):
        step(child, prompt, ENTER)
    child.expect("5 von 5 Tagen angerechnet")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = log.read_text(encoding="utf-8")
    assert "titel: Wärmeplanung im Dialog" in saved and "ort: Rathaus" in saved
    assert not (tmp_path / "entwurf-mentoring.yaml").exists()
