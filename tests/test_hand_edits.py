"""Hand edits survive: comments and formatting of the user's files stay through every ksm edit.

Seen before: every comment was dropped by the next ``mentoring add``.
"""

from __future__ import annotations

import pytest

LOG = """\
# Meine Notizen zum Mentoring (oben)
ksm_mentoring_log: 1
rolle: mentor   # so mit dem SK:KK abgesprochen
vorhaben: anschlussvorhaben
projektbeginn: 01.07.2025
regelsatz: handreichung
eintraege:
# vor dem ersten Eintrag
- id: 1
  datum: 2025-07-02  # Datum laut Einladung
  format: webinar
  titel: "Wärmeplanung"
  stunden: 2,5
# zwischen 1 und 2
- id: 2
  datum: '2025-09-03'
  format: webinar
  titel: Haushalt
# am Ende der Datei
"""


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "mentoring.yaml"
    path.write_text(LOG, encoding="utf-8")
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    return path


COMMENTS = [
    "# Meine Notizen zum Mentoring (oben)",
    "rolle: mentor   # so mit dem SK:KK abgesprochen",
    "# vor dem ersten Eintrag",
    "  datum: 2025-07-02  # Datum laut Einladung",
    "# zwischen 1 und 2",
    "# am Ende der Datei",
]


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_mentoring_add_keeps_every_comment_and_the_formatting(ksm, log):
    result = ksm("mentoring", "add", "--date", "2026-01-05", "--kind", "webinar", "--title", "null")
    assert result.exit_code == 0, result.stderr
    lines = _lines(log)
    for comment in COMMENTS:
        assert comment in lines
    assert "projektbeginn: 01.07.2025" in lines and '  titel: "Wärmeplanung"' in lines
    assert "  stunden: 2,5" in lines and "  datum: '2025-09-03'" in lines
    assert "  titel: 'null'" in lines  # a title that reads as empty is quoted
    listed = ksm("mentoring", "list", "--json")
    assert [e["titel"] for e in __import__("json").loads(listed.stdout)["entries"]] == [
        "Wärmeplanung",
        "Haushalt",
        "null",
    ]


@pytest.mark.parametrize("entry", ["1", "2"])
def test_mentoring_remove_keeps_the_comments_around_the_entry(ksm, log, entry):
    assert ksm("mentoring", "remove", entry, "--yes").exit_code == 0
    lines = _lines(log)
    kept = [c for c in COMMENTS if not (entry == "1" and "Einladung" in c)]  # that one was inside it
    for comment in kept:
        assert comment in lines, comment
    assert ("- id: " + entry) not in lines


def test_mentoring_init_changes_only_the_header_value(ksm, log):
    assert ksm("mentoring", "init", "--role", "beide", "--vorhaben", "anschlussvorhaben").exit_code == 0
    after = log.read_text(encoding="utf-8")
    assert after == LOG.replace("rolle: mentor   #", "rolle: beide    #")


def test_tasks_assess_set_keeps_comments_and_changes_only_the_values(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    assert ksm("tasks", "assess", "--file", str(path), "--set", "controlling=100/100").exit_code == 0
    text = path.read_text(encoding="utf-8")
    text = text.replace("    soll: 100", "    soll: 100  # mit dem Bürgermeister abgestimmt")
    text += "# Notiz am Ende\n"
    path.write_text(text, encoding="utf-8")
    result = ksm(
        "tasks", "assess", "--file", str(path), "--set", "controlling=60/100", "--set", "liegenschaften=40/0"
    )
    assert result.exit_code == 0, result.stderr
    lines = _lines(path)
    assert "    soll: 100  # mit dem Bürgermeister abgestimmt" in lines
    assert "# Notiz am Ende" in lines and "    ist: 60" in lines
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            assert line in lines


def test_save_answers_onto_an_answers_file_keeps_its_comments(ksm, tmp_path):
    path = tmp_path / "antworten.yaml"
    path.write_text(
        "# Stand nach der Sitzung am 3.11.\n"
        "klimaschutzkonzept: umgesetzt   # beschlossen 2023\n"
        "ideen_weiterentwicklung: moeglich\neigenfinanzierung: moeglich\nstaerkung_ksm: nein\n",
        encoding="utf-8",
    )
    result = ksm(
        "assess", "--answers", str(path), "--set", "kommune=Musterstadt", "--save-answers", str(path)
    )
    assert result.exit_code == 0, result.stderr
    lines = _lines(path)
    assert lines[0] == "# Stand nach der Sitzung am 3.11."
    assert "klimaschutzkonzept: umgesetzt   # beschlossen 2023" in lines and "kommune: Musterstadt" in lines


def test_save_answers_never_replaces_a_file_that_is_no_answers_file(ksm, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: moeglich\n"
        "eigenfinanzierung: moeglich\nstaerkung_ksm: nein\n",
        encoding="utf-8",
    )
    notes = tmp_path / "notizen.txt"
    notes.write_text("Meine Notizen: [wichtig\n", encoding="utf-8")
    result = ksm("assess", "--answers", str(answers), "--save-answers", str(notes))
    assert result.exit_code == 2
    assert "keine Antwortdatei" in result.stderr and "--save-answers" in result.stderr
    assert notes.read_text(encoding="utf-8") == "Meine Notizen: [wichtig\n"


def test_an_edit_that_would_lose_a_comment_is_refused():
    from ksm_cli.fs import FileProblem
    from ksm_cli.yamledit import check_comments

    with pytest.raises(FileProblem, match="# wichtig"):
        check_comments("a: 1\n# wichtig\n", "a: 2\n")
    check_comments("a: 1\n# wichtig\n", "a: 2\n# wichtig\n")
