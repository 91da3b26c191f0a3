"""Mentoring errors and layout (issue 16): ids folded as ksm assess folds answers, suggestions
that are valid ids, the years that have entries, the earlier year beside the current one, and no
word or id split across lines at 80 or 120 columns."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from ksm_cli.german import add_months


@pytest.fixture
def log(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "mentoring.yaml"
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    return path


def _begin_13_months_ago() -> dt.date:
    """A Projektbeginn such that today lies in project year 2."""
    today = dt.date.today()
    return add_months(dt.date(today.year, today.month, 1), -13)


def _ksm2_with_year_1(ksm) -> dt.date:
    """A KSM2 mentor who logged 7,5 days in project year 1; today is in project year 2."""
    begin = _begin_13_months_ago()
    init = ("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben")
    assert ksm(*init, "--start", begin.isoformat()).exit_code == 0
    day = (begin + dt.timedelta(days=10)).isoformat()
    assert ksm("mentoring", "add", "--date", day, "--kind", "webinar", "--title", "A").exit_code == 0
    forum = ("--kind", "forum", "--forum-weeks", "20", "--title", "B")
    assert ksm("mentoring", "add", "--date", day, *forum).exit_code == 0
    return begin


# --- ids as typed ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Forum", "FORUM", " forum "])
def test_kind_is_accepted_whatever_its_case(ksm, log, typed):
    assert ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben").exit_code == 0
    result = ksm(
        "mentoring",
        "add",
        "--date",
        "2026-03-01",
        "--kind",
        typed,
        "--forum-weeks",
        "20",
        "--title",
        "X",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["format"] == "forum"
    assert "format: forum\n" in log.read_text(encoding="utf-8")


def test_header_ids_fold_case_blanks_and_hyphens_as_assess_does(ksm, log):
    result = ksm(
        "mentoring",
        "init",
        "--role",
        "Mentor",
        "--vorhaben",
        "Anschlussvorhaben",
        "--rules",
        "KRL 2022",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["header"] == {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "regelsatz": "krl-2022",
        "projektbeginn": None,
    }
    from ksm_cli.assess.answers import slug
    from ksm_cli.mentoring.log import fold

    for text in ("Möglich", "nicht möglich", "KRL-2022", "Teil/Weise"):
        assert fold(text) == slug(text)


def test_the_kind_typed_in_a_terminal_session_is_folded_too(ksm, log, terminal):
    assert ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben").exit_code == 0
    terminal.send_text("\r" * 4)  # Ort, Personen, Stunden, Notiz: no answer
    result = ksm("mentoring", "add", "--date", "2026-03-01", "--kind", "Webinar", "--title", "X", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["format"] == "webinar"


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["add", "--date", "2026-03-01", "--kind", "seminar", "--title", "X"], "--kind"),
        (["init", "--role", "chef", "--vorhaben", "erstvorhaben"], "--role"),
        (["init", "--role", "mentor", "--vorhaben", "ksm3"], "--vorhaben"),
        (["init", "--role", "mentor", "--vorhaben", "erstvorhaben", "--rules", "krl"], "--rules"),
    ],
)
def test_every_suggested_id_is_accepted(ksm, log, args, flag):
    assert ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben").exit_code == 0
    result = ksm("mentoring", *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    allowed = re.search(r"\(erlaubt: (.+)\)$", result.stderr.strip()).group(1).split(", ")
    assert len(allowed) >= 2
    index = args.index(flag) + 1
    for value in allowed:
        again = [*args[:index], value, *args[index + 1 :]]
        if flag == "--kind" and value == "forum":
            again += ["--forum-weeks", "20"]
        accepted = ksm("mentoring", *again)
        assert accepted.exit_code == 0, (value, accepted.stderr)


# --- years -----------------------------------------------------------------------------------


def test_year_error_lists_only_the_years_that_have_entries(ksm, log):
    _ksm2_with_year_1(ksm)
    for command in ("credits", "report"):
        result = ksm("mentoring", command, "--year", "3")
        assert result.exit_code == 2
        assert result.stderr == "Fehler: --year 3: keine Einträge in diesem Jahr. Jahre mit Einträgen: 1\n"
    empty = ksm("mentoring", "credits", "--year", "2")  # the current year: shown, though empty
    assert empty.exit_code == 0 and "Keine Einträge in diesem Jahr." in empty.stdout


def test_plain_credits_after_logging_in_year_1_also_says_how_year_1_stands(ksm, log):
    begin = _ksm2_with_year_1(ksm)
    result = ksm("mentoring", "credits")
    assert result.exit_code == 0
    shown = " ".join(result.stdout.split())
    assert "Projektjahr 2 (" in shown and "Es fehlen 5 Tage" in shown
    end = add_months(begin, 12) - dt.timedelta(days=1)
    assert "Weitere Jahre mit Einträgen" in shown
    assert (
        f"Projektjahr 1 ({begin:%d.%m.%Y}–{end:%d.%m.%Y}): 7,5 von 5 Tagen angerechnet – Mindestzeit erfüllt"
        in shown
    )
    payload = json.loads(ksm("mentoring", "credits", "--json").stdout)
    assert [y["project_year"] for y in payload["years"]] == [2]
    assert [(y["project_year"], y["credited_days"], y["met"]) for y in payload["other_years"]] == [
        (1, 7.5, True)
    ]
    for narrowed in (["--year", "2"], ["--all"]):  # asked for a year, or all: nothing beside them
        assert json.loads(ksm("mentoring", "credits", *narrowed, "--json").stdout)["other_years"] == []
    assert "Weitere Jahre" not in ksm("mentoring", "credits", "--all").stdout


# --- no word or id split across lines --------------------------------------------------------

BORDERS = re.compile(r"[│╭╮╰╯─┃━]+")


def _words(text: str) -> set[str]:
    return set(BORDERS.sub(" ", text).split())


def _views(ksm, log) -> list[tuple[str, ...]]:
    init = (
        "mentoring",
        "init",
        "--role",
        "beide",
        "--vorhaben",
        "anschlussvorhaben",
        "--start",
        "2025-07-01",
    )
    assert ksm(*init).exit_code == 0
    long_title = ("--title", "Klimaschutzkonzeptfortschreibung und Öffentlichkeitsarbeit im Landkreis")
    details = ("--place", "Landratsamt Musterkreis", "--participants", "12000", "--hours", "6,5")
    entries = [
        ("--date", "2025-10-01", "--kind", "regionalveranstaltung", *long_title, *details),
        (
            "--date",
            "2026-02-01",
            "--kind",
            "forum",
            "--forum-weeks",
            "20",
            "--title",
            "Mobilität",
            "--posts",
            "150",
        ),
        ("--date", "2026-03-01", "--kind", "fachveranstaltung", "--title", "Kommunale Haushaltsplanung"),
    ]
    for entry in entries:
        assert ksm("mentoring", "add", *entry).exit_code == 0
    return [
        ("formats",),
        ("topics",),
        ("list",),
        ("credits",),
        ("credits", "--all"),
        ("credits", "--year", "1"),
        ("report",),
        ("init", "--rules", "krl-2022"),
        ("add", "--date", "2026-04-01", "--kind", "regionalveranstaltung", *long_title),
    ]


@pytest.mark.parametrize("output", ["rich", "plain"])
def test_no_word_or_id_is_split_at_80_or_120_columns(ksm, log, output, k):
    """Every word shown at 80 and 120 columns is a word of the same view at full width: a split
    'fachveranstal'/'tung' would be two words that the wide view does not have."""
    views = _views(ksm, log)
    ids = [f["id"] for f in k.mentoring["formats"]]
    for view in views:
        if view[0] in ("init", "add"):  # they change the log: shown once per width, compared with itself
            continue
        wide = _words(ksm("mentoring", *view, env={"KSM_OUTPUT": "rich", "COLUMNS": "400"}).stdout)
        wide |= _words(ksm("mentoring", *view, env={"KSM_OUTPUT": "plain", "COLUMNS": "120"}).stdout)
        for width in ("80", "120"):
            text = ksm("mentoring", *view, env={"KSM_OUTPUT": output, "COLUMNS": width}).stdout
            if (view, output) != (("report",), "plain"):  # a piped report is the unbroken free text
                assert max(len(line) for line in text.splitlines()) <= int(width), (view, width)
            split = _words(text) - wide
            assert not split, (view, width, sorted(split))
            if view == ("formats",):
                assert all(re.search(rf"(?<![\w-]){i}(?![\w-])", text) for i in ids)
    whole = {
        "init": ("Kommunalrichtlinie", "Fassung", "Anschlussvorhabens"),
        "add": ("Klimaschutzkonzeptfortschreibung", "regionalveranstaltung", "SK:KK-Mentoring-Sessions"),
    }
    for view in views[-2:]:
        for width in ("80", "120"):
            text = ksm("mentoring", *view, env={"KSM_OUTPUT": output, "COLUMNS": width}).stdout
            assert max(len(line) for line in text.splitlines()) <= int(width), (view, width)
            assert all(word in _words(text) for word in whole[view[0]]), (view, width, text)


def test_the_format_ids_stand_whole_in_the_first_column_at_80_columns(ksm, k):
    """The id the user must type (issue 16: 'fachveranstal'/'tung' at 80 columns)."""
    for output in ("rich", "plain"):
        text = ksm("mentoring", "formats", env={"KSM_OUTPUT": output, "COLUMNS": "80"}).stdout
        for fmt in k.mentoring["formats"]:
            assert re.search(rf"^\W*{fmt['id']}\b", text, re.MULTILINE), (output, fmt["id"])
        assert "fachveranstal\n" not in text.replace(" ", "").replace("│", "")


def test_the_report_breaks_between_words_on_a_terminal_and_not_in_a_file(ksm, log, tmp_path):
    _views(ksm, log)
    shown = ksm("mentoring", "report", env={"KSM_OUTPUT": "rich", "COLUMNS": "80"}).stdout
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "    Landratsamt" in shown or "Landratsamt Musterkreis" in shown  # continued under its text
    target = tmp_path / "bericht.txt"
    assert ksm("mentoring", "report", "--output", str(target)).exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert " ".join(shown.split()) == " ".join(written.split())
    assert any(len(line) > 80 for line in written.splitlines())  # the free text, unbroken
    piped = ksm("mentoring", "report", env={"KSM_OUTPUT": "plain", "COLUMNS": "80"}).stdout
    assert piped == written


def test_a_hand_edited_log_may_write_ids_as_a_person_does(ksm, log):
    log.write_text(
        "ksm_mentoring_log: 1\nrolle: Mentor\nvorhaben: Anschlussvorhaben\nregelsatz: Handreichung\n"
        "eintraege:\n- id: 1\n  datum: 2026-01-05\n  format: Forum\n  forum_wochen: 20\n  titel: A\n",
        encoding="utf-8",
    )
    listed = json.loads(ksm("mentoring", "list", "--json").stdout)["entries"]
    assert [e["format"] for e in listed] == ["forum"]
    added = ksm("mentoring", "add", "--date", "2026-02-01", "--kind", "webinar", "--title", "B")
    assert added.exit_code == 0, added.stderr
    text = log.read_text(encoding="utf-8")
    assert "  format: Forum\n" in text and "  format: webinar\n" in text  # the user's entry stays as typed
    assert (
        json.loads(ksm("mentoring", "credits", "--year", "2026", "--json").stdout)["years"][0][
            "credited_days"
        ]
        == 7.5
    )


def test_before_the_projektbeginn_credits_shows_the_first_year_not_a_year_0(ksm, log):
    begin = add_months(dt.date.today(), 3)
    init = ("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben")
    assert ksm(*init, "--start", begin.isoformat()).exit_code == 0
    result = ksm("mentoring", "credits")
    assert result.exit_code == 0, result.stderr
    assert f"Projektjahr 1 ({begin:%d.%m.%Y}–" in result.stdout and "--year 0" not in result.stderr
