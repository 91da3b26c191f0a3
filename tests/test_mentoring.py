"""Mentoring: credit rules, project years, rule sets, the log store, commands and the report."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from ksm_cli.mentoring.credits import credit_days, project_year, tally

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def formats(k):
    return {f["id"]: f for f in k.mentoring["formats"]}


@pytest.mark.parametrize(
    ("kind", "weeks", "expected"),
    [
        ("fachveranstaltung", None, 5),
        ("regionalveranstaltung", None, 5),
        ("webinar", None, 5),
        ("forum", 20, 2.5),
        ("forum", 40, 5),
        ("praxistipp", None, 5),
    ],
)
def test_credit_rule_of_each_format(formats, kind, weeks, expected):
    entry = {"format": kind, **({"forum_wochen": weeks} if weeks else {})}
    assert credit_days(entry, formats) == expected


def test_project_year_boundaries():
    begin = dt.date(2025, 7, 1)
    assert project_year(dt.date(2026, 6, 30), begin) == (1, dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert project_year(dt.date(2026, 7, 1), begin) == (2, dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert project_year(dt.date(2025, 7, 1), begin)[0] == 1
    leap = dt.date(2024, 2, 29)
    assert (
        project_year(dt.date(2025, 2, 27), leap)[0] == 1 and project_year(dt.date(2025, 2, 28), leap)[0] == 2
    )
    assert project_year(dt.date(2026, 3, 5), None) == (2026, dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _log(**overrides):
    base = {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "projektbeginn": dt.date(2025, 7, 1),
        "regelsatz": "handreichung",
        "eintraege": [
            {"id": 1, "datum": dt.date(2025, 10, 1), "format": "webinar", "titel": "A"},
            {"id": 2, "datum": dt.date(2026, 2, 1), "format": "forum", "forum_wochen": 20, "titel": "B"},
        ],
    }
    return {**base, **overrides}


def test_ksm2_with_webinar_and_20_week_forum_has_7_5_of_5_days(k):
    year = tally(k, _log())["years"][0]
    assert (year["project_year"], year["credited_days"], year["minimum_days"], year["met"]) == (
        1,
        7.5,
        5,
        True,
    )


def test_switching_the_rule_set_from_5_to_6_days(k):
    log = _log(eintraege=[{"id": 1, "datum": dt.date(2025, 10, 1), "format": "webinar", "titel": "A"}])
    assert tally(k, log)["years"][0]["met"] is True
    year = tally(k, {**log, "regelsatz": "krl-2022"})["years"][0]
    assert (year["minimum_days"], year["met"], year["shortfall_days"]) == (6, False, 1)
    first = year["suggestions"][0]
    assert {key: first[key] for key in ("format", "count", "weeks", "days")} == {
        "format": "forum",
        "count": 1,
        "weeks": 20,
        "days": 2.5,
    }


def test_no_minimum_in_the_erstvorhaben_in_any_role(k):
    for role in ("mentor", "mentee", "beide"):
        year = tally(k, _log(vorhaben="erstvorhaben", rolle=role))["years"][0]
        assert year["minimum_days"] is None and year["met"] is None


def test_a_ksm2_registered_as_mentee_keeps_the_minimum(k):
    """Handreichung 2 and footnote 2: „unerfahrene“ KSM2 can act as mentees and should tell the
    Projektträger early; no exemption from the minimum of 5.4 is stated (issue 16)."""
    result = tally(k, _log(rolle="mentee"))
    year = result["years"][0]
    assert result["obligated"] is True and (year["minimum_days"], year["met"]) == (5, True)
    texts = " ".join(n["text"] for n in result["notes"])
    assert "als Mentees agieren" in texts and "frühzeitig dem Projektträger Jülich" in texts
    assert any("Ausnahme von der Mindestzeit" in (n["note"] or "") for n in result["notes"])


def test_shortfall_names_formats_that_close_the_gap(k):
    from ksm_cli.render.mentoring import suggestion_text

    log = _log(
        eintraege=[
            {"id": 1, "datum": dt.date(2025, 10, 1), "format": "forum", "forum_wochen": 20, "titel": "A"}
        ]
    )
    year = tally(k, log)["years"][0]
    assert year["shortfall_days"] == 2.5
    assert suggestion_text(year) == (
        "Es fehlen 2,5 Tage – z. B. eine Forenpatenschaft über 20 Wochen (2,5 Tage) oder eine "
        "SK:KK-Fachveranstaltung mit Mentoring-Part (5 Tage) oder eine regionale Vernetzungsveranstaltung (5 Tage)"
    )
    # krl-2022 with nothing done: 6 days need two of a 5-day format, in the plural.
    empty = tally(k, _log(regelsatz="krl-2022", eintraege=[]), dt.date(2025, 10, 1))["years"][0]
    assert "2 Webinare/Videokonferenzen (10 Tage)" in suggestion_text(empty)


# --- commands -----------------------------------------------------------------------------


@pytest.fixture
def logfile(tmp_path, monkeypatch):
    path = tmp_path / "mentoring.yaml"
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    return path


def init_and_add(ksm):
    assert (
        ksm(
            "mentoring",
            "init",
            "--role",
            "mentor",
            "--vorhaben",
            "anschlussvorhaben",
            "--start",
            "2025-07-01",
        ).exit_code
        == 0
    )
    assert (
        ksm(
            "mentoring",
            "add",
            "--date",
            "2025-10-01",
            "--kind",
            "webinar",
            "--title",
            "Haushaltsplanung",
            "--participants",
            "30",
            "--place",
            "online",
        ).exit_code
        == 0
    )
    assert (
        ksm(
            "mentoring",
            "add",
            "--date",
            "2026-02-01",
            "--kind",
            "forum",
            "--forum-weeks",
            "20",
            "--title",
            "Forum Mobilität",
            "--posts",
            "12",
        ).exit_code
        == 0
    )


def test_add_prints_entry_and_running_total(ksm, logfile):
    init_and_add(ksm)
    result = ksm(
        "mentoring", "add", "--date", "2026-06-30", "--kind", "praxistipp", "--title", "Pressearbeit"
    )
    assert "Projektjahr 1 (01.07.2025–30.06.2026): 12,5 von 5 Tagen angerechnet." in result.stdout


def test_credits_json_and_check_exit_codes(ksm, logfile):
    init_and_add(ksm)
    result = ksm("mentoring", "credits", "--year", "1", "--json", "--check")
    assert result.exit_code == 0
    year = json.loads(result.stdout)["years"][0]
    assert {
        k: year[k]
        for k in ("project_year", "start", "end", "credited_days", "minimum_days", "met", "shortfall_days")
    } == {
        "project_year": 1,
        "start": "2025-07-01",
        "end": "2026-06-30",
        "credited_days": 7.5,
        "minimum_days": 5,
        "met": True,
        "shortfall_days": 0.0,
    }
    assert [a["id"] for a in year["activities"]] == [1, 2]
    ksm("mentoring", "add", "--date", "2026-08-01", "--kind", "forum", "--forum-weeks", "20", "--title", "C")
    failing = ksm("mentoring", "credits", "--year", "2", "--check")
    assert failing.exit_code == 1
    assert "Es fehlen 2,5 Tage" in failing.stdout
    assert ksm("mentoring", "credits", "--year", "2").exit_code == 0


def test_add_validates_before_writing(ksm, logfile):
    init_and_add(ksm)
    before = logfile.read_bytes()
    cases = [
        (
            ["--date", "2026-02-30", "--kind", "webinar", "--title", "X"],
            "--date: '2026-02-30': kein gültiges Datum (erlaubt: JJJJ-MM-TT, TT.MM.JJJJ)",
        ),
        (["--date", "2026-02-03", "--kind", "forum", "--title", "X"], "--forum-weeks: "),
        (
            ["--date", "2026-02-03", "--kind", "forum", "--forum-weeks", "30", "--title", "X"],
            "--forum-weeks: '30': ",
        ),
        (
            ["--date", "2026-02-03", "--kind", "seminar", "--title", "X"],
            "--kind: 'seminar': unbekanntes Format (erlaubt: fachveranstaltung, ",
        ),
        (["--date", "2026-02-03", "--kind", "webinar", "--title", "X", "--hours", "-2"], "--hours"),
        (["--date", "2026-02-03", "--kind", "webinar", "--title", " "], "--title: Titel bzw. Thema fehlt"),
        (
            ["--date", "2026-02-03", "--kind", "webinar", "--title", "X", "--forum-weeks", "20"],
            "--forum-weeks: '20': gilt nur für das Format 'forum', nicht für 'webinar'",
        ),
        (
            ["--date", "2025-02-03", "--kind", "webinar", "--title", "X"],
            "--date: '2025-02-03': liegt vor dem Projektbeginn (01.07.2025)",
        ),
        (["--kind", "webinar"], "--date, --title"),
    ]
    for args, message in cases:
        result = ksm("mentoring", "add", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Fehler: ") and message in result.stderr, (args, result.stderr)
        assert "--:" not in result.stderr and "forum_wochen" not in result.stderr
    assert logfile.read_bytes() == before


def test_a_wrong_date_names_the_flag_and_every_accepted_form(ksm, logfile):
    init_and_add(ksm)
    result = ksm("mentoring", "add", "--date", "morgen", "--kind", "webinar", "--title", "X")
    assert result.exit_code == 2
    assert (
        result.stderr == "Fehler: --date: 'morgen': kein gültiges Datum (erlaubt: JJJJ-MM-TT, TT.MM.JJJJ)\n"
    )
    start = ksm("mentoring", "init", "--start", "morgen")
    assert start.exit_code == 2
    assert start.stderr == (
        "Fehler: --start: 'morgen': kein gültiges Datum (erlaubt: JJJJ-MM-TT, TT.MM.JJJJ, kalenderjahre)\n"
    )
    for form in ("2026-03-01", "1.3.2026", "01.03.2026"):  # the accepted forms are accepted
        added = ksm("mentoring", "add", "--date", form, "--kind", "webinar", "--title", form)
        assert added.exit_code == 0, added.stderr


def test_a_forum_without_weeks_names_the_flag_and_the_weeks_of_the_data(ksm, logfile, k):
    init_and_add(ksm)
    weeks = [o["weeks"] for f in k.mentoring["formats"] if f["id"] == "forum" for o in f["credit_by_weeks"]]
    result = ksm("mentoring", "add", "--date", "2026-02-03", "--kind", "forum", "--title", "X")
    assert result.exit_code == 2
    expected = " oder ".join(str(w) for w in weeks)
    assert result.stderr == f"Fehler: --forum-weeks: ein Eintrag 'forum' braucht {expected} Wochen\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--role", "chef", "--vorhaben", "erstvorhaben"],
            "--role: 'chef': ungültiger Wert (erlaubt: mentor, mentee, beide)",
        ),
        (["--role", "mentor", "--vorhaben", "ksm3"], "--vorhaben: 'ksm3': ungültiger Wert (erlaubt: "),
        (
            ["--role", "mentor", "--vorhaben", "erstvorhaben", "--rules", "x"],
            "--rules: 'x': ungültiger Wert (erlaubt: handreichung, krl-2022)",
        ),
    ],
)
def test_init_names_the_flag_of_a_wrong_value(ksm, logfile, args, message):
    result = ksm("mentoring", "init", *args)
    assert result.exit_code == 2 and result.stderr.startswith("Fehler: " + message), result.stderr


def test_corrupt_log_is_never_overwritten(ksm, logfile):
    init_and_add(ksm)
    text = logfile.read_text(encoding="utf-8").replace(
        "  format: webinar\n", "  format: webinar\n  farbe: rot\n"
    )
    logfile.write_text(text, encoding="utf-8")
    result = ksm("mentoring", "add", "--date", "2026-03-01", "--kind", "webinar", "--title", "Y")
    assert result.exit_code == 2
    assert "Zeile" in result.stderr and "eintraege[1].farbe: unbekannter Schlüssel 'farbe'" in result.stderr
    assert logfile.read_text(encoding="utf-8") == text
    logfile.write_text("rolle: mentor\neintraege: [\n", encoding="utf-8")
    broken = ksm("mentoring", "add", "--date", "2026-03-01", "--kind", "webinar", "--title", "Y")
    assert broken.exit_code == 2 and "nicht verändert" in broken.stderr
    assert logfile.read_text(encoding="utf-8") == "rolle: mentor\neintraege: [\n"


def test_failed_write_leaves_the_old_log(ksm, logfile, monkeypatch):
    init_and_add(ksm)
    before = logfile.read_bytes()

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    result = ksm("mentoring", "add", "--date", "2026-03-01", "--kind", "webinar", "--title", "Y")
    assert (
        result.exit_code == 2
        and "Datenträger ist voll (Mentoring-Protokoll nicht geschrieben, die alte Datei ist unverändert)"
        in result.stderr
    )
    assert logfile.read_bytes() == before
    assert [p.name for p in logfile.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_remove_needs_yes_without_terminal(ksm, logfile):
    init_and_add(ksm)
    refused = ksm("mentoring", "remove", "1")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert ksm("mentoring", "remove", "1", "--yes").exit_code == 0
    listed = json.loads(ksm("mentoring", "list", "--json").stdout)["entries"]
    assert [e["id"] for e in listed] == [2]
    assert ksm("mentoring", "remove", "7", "--yes").exit_code == 2


def test_report_text_matches_the_snapshot(ksm, logfile):
    init_and_add(ksm)
    text = ksm("mentoring", "report").stdout
    snapshot = SNAPSHOTS / "mentoring_bericht.txt"
    if os.environ.get("KSM_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_formats_and_topics(ksm):
    formats = ksm("mentoring", "formats").stdout
    assert "2,5 Tage (20 Wochen) oder 5 Tage (40 Wochen)" in formats
    assert "Circa 12 (begrenzt seitens SK:KK)" in formats
    topics = ksm("mentoring", "topics").stdout
    assert "Kommunale Haushaltsplanung und die Integration von Klimaschutzprojekten" in topics


def _add_many(path: str, worker: int) -> None:
    os.environ["KSM_MENTORING_LOG"] = path
    from typer.testing import CliRunner

    from ksm_cli.cli.root import app

    runner = CliRunner()
    for i in range(50):
        result = runner.invoke(
            app,
            ["mentoring", "add", "--date", "2026-03-01", "--kind", "webinar", "--title", f"W{worker}-{i}"],
        )
        assert result.exit_code == 0, result.stderr


@pytest.mark.slow
def test_two_processes_adding_50_entries_each_end_with_100(ksm, logfile):
    assert ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben").exit_code == 0
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_many, args=(str(logfile), n)) for n in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    entries = json.loads(ksm("mentoring", "list", "--json").stdout)["entries"]
    assert len(entries) == 100
    assert sorted(e["id"] for e in entries) == list(range(1, 101))


# --- interactive paths, driven through prompt_toolkit's pipe input ------------------------

DOWN, ENTER = "\x1b[B", "\r"


def test_init_asks_role_vorhaben_start_and_rule_set(ksm, logfile, terminal):
    # Mentor*in (first), Vorhaben: Anschlussvorhaben (first), start, rule set: krl-2022 (second)
    terminal.send_text(ENTER + ENTER + "01.07.2025" + ENTER + DOWN + ENTER)
    result = ksm("mentoring", "init")
    assert result.exit_code == 0, result.stderr
    text = logfile.read_text(encoding="utf-8")
    assert (
        "rolle: mentor\nvorhaben: anschlussvorhaben\nprojektbeginn: '2025-07-01'\nregelsatz: krl-2022\n"
        in text
    )
    assert "Mentoring-Protokoll angelegt" in result.stdout


def test_add_asks_for_every_field_and_checks_them(ksm, logfile, terminal):
    init_and_add(ksm)
    keys = (
        "\x15"
        + "30.02.2026"
        + ENTER  # clear today's date; an impossible date is refused ...
        + "\x7f" * 10
        + "03.03.2026"
        + ENTER  # ... and a real one accepted
        + DOWN * 3
        + ENTER  # Forenpatenschaft
        + DOWN
        + ENTER  # 40 Wochen
        + "\x1b[A"
        + ENTER  # Fachforum: the last choice, another one (Handreichung 3.2.1 names its forums)
        + "Forum Wärmeplanung"
        + ENTER
        + ENTER  # Ort: keine Angabe
        + "viele"
        + ENTER
        + "\x7f" * 5
        + "25"
        + ENTER  # Personen: refused, then 25
        + "6,5"
        + ENTER  # Stunden
        + "14"
        + ENTER  # Beiträge (asked for a forum)
        + ENTER
    )  # Notiz
    terminal.send_text(keys)
    result = ksm("mentoring", "add", "--json")
    assert result.exit_code == 0, result.stderr
    entry = json.loads(result.stdout)["entry"]
    assert entry == {
        "id": 3,
        "datum": "2026-03-03",
        "format": "forum",
        "titel": "Forum Wärmeplanung",
        "personen": 25,
        "stunden": 6.5,
        "forum_wochen": 40,
        "beitraege": 14,
        "credit_days": 5.0,
    }


def test_add_asks_only_what_the_flags_leave_open(ksm, logfile, terminal):
    init_and_add(ksm)
    terminal.send_text("Pressearbeit" + ENTER + ENTER + ENTER + ENTER)  # title; Personen, Stunden, Notiz
    result = ksm("mentoring", "add", "--date", "2026-04-01", "--kind", "webinar", "--place", "Kiel", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["ort"] == "Kiel"


def test_remove_asks_and_no_is_the_default(ksm, logfile, terminal):
    init_and_add(ksm)
    before = logfile.read_bytes()
    terminal.send_text(ENTER)  # "Nein, behalten" comes first
    kept = ksm("mentoring", "remove", "1")
    assert kept.exit_code == 0 and "Nichts gelöscht." in kept.stdout
    assert logfile.read_bytes() == before
    terminal.send_text(DOWN + ENTER)
    removed = ksm("mentoring", "remove", "1", "--json")
    assert json.loads(removed.stdout)["removed"]["titel"] == "Haushaltsplanung"
    assert [e["id"] for e in json.loads(ksm("mentoring", "list", "--json").stdout)["entries"]] == [2]


def test_ctrl_c_in_add_writes_nothing(ksm, logfile, terminal):
    init_and_add(ksm)
    before = logfile.read_bytes()
    terminal.send_text(ENTER + "\x03")
    result = ksm("mentoring", "add")
    assert result.exit_code == 130
    assert logfile.read_bytes() == before


def test_init_again_changes_only_what_is_given(ksm, logfile):
    init_and_add(ksm)
    switched = ksm("mentoring", "init", "--rules", "krl-2022", "--json")
    assert switched.exit_code == 0
    payload = json.loads(switched.stdout)
    assert payload["created"] is False and payload["entries"] == 2
    assert payload["header"] == {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "regelsatz": "krl-2022",
        "projektbeginn": "2025-07-01",
    }
    year = json.loads(ksm("mentoring", "credits", "--year", "1", "--json").stdout)["years"][0]
    assert (year["minimum_days"], year["credited_days"], year["met"]) == (6, 7.5, True)
    assert ksm("mentoring", "init", "--start", "kalenderjahre").exit_code == 0
    years = json.loads(ksm("mentoring", "credits", "--all", "--json").stdout)["years"]
    assert [(y["project_year"], y["calendar_year"]) for y in years][:2] == [(2025, True), (2026, True)]
    late = ksm("mentoring", "init", "--start", "2026-01-01")
    assert late.exit_code == 2 and "Fehler: --start: '2026-01-01': die Einträge 1 liegen davor" in late.stderr


def test_init_without_terminal_names_the_flags(ksm, logfile):
    result = ksm("mentoring", "init")
    assert result.exit_code == 2 and "--role und --vorhaben" in result.stderr
    assert not logfile.exists()
    bad = ksm("mentoring", "init", "--role", "chef", "--vorhaben", "erstvorhaben")
    assert (
        bad.exit_code == 2
        and "--role: 'chef': ungültiger Wert (erlaubt: mentor, mentee, beide)" in bad.stderr
    )


def test_report_json_and_output_file(ksm, logfile, tmp_path):
    init_and_add(ksm)
    target = tmp_path / "bericht.txt"
    result = ksm("mentoring", "report", "--year", "1", "--output", str(target), "--json")
    payload = json.loads(result.stdout)
    assert payload["schema"] == "ksm.mentoring.report/1" and payload["output"] == str(target)
    assert payload["text"] == target.read_text(encoding="utf-8")
    assert [y["credited_days"] for y in payload["years"]] == [7.5]


def test_report_says_when_nothing_was_logged(ksm, logfile):
    ksm("mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben")
    text = ksm("mentoring", "report").stdout
    assert "keine Mentoring-Aktivitäten eingetragen" in text


def test_one_missing_day_is_singular(k):
    from ksm_cli.render.mentoring import suggestion_text

    year = tally(k, _log(regelsatz="krl-2022", eintraege=_log()["eintraege"][:1]))["years"][0]
    assert suggestion_text(year).startswith("Es fehlt 1 Tag – z. B. ")


def test_report_output_never_replaces_the_log(ksm, logfile):
    init_and_add(ksm)
    before = logfile.read_bytes()
    result = ksm("mentoring", "report", "--output", str(logfile))
    assert (
        result.exit_code == 2
        and "das Mentoring-Protokoll und --output nennen dieselbe Datei" in result.stderr
    )
    assert logfile.read_bytes() == before


def test_a_problem_in_the_log_names_file_line_and_key_as_the_editor_counts(ksm, logfile):
    """Lines count from 1 as in every editor, entries from 1 as a KSM counts them: the second
    entry, on line 12, is eintraege[2]; its bad value is named by its key."""
    logfile.write_text(
        "ksm_mentoring_log: 1\n"
        "rolle: mentor\n"
        "vorhaben: anschlussvorhaben\n"
        "regelsatz: handreichung\n"
        "eintraege:\n"
        "- id: 1\n"
        "  datum: 2026-01-05\n"
        "  format: webinar\n"
        "  titel: A\n"
        "- id: 2\n"
        "  format: webinar\n"
        "  datum: morgen\n"
        "  titel: B\n",
        encoding="utf-8",
    )
    result = ksm("mentoring", "list")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fehler: {logfile}, Zeile 12: eintraege[2].datum: 'morgen': kein gültiges Datum "
        "(erlaubt: JJJJ-MM-TT, TT.MM.JJJJ)\n"
    )


def test_the_formats_whose_posts_are_evidence_come_from_handreichung_5_5(k):
    """'Im Falle einer Betreuung von Community-Fachforen oder der Erstellung von Praxistipps …
    Anzahl der Beiträge als Aktivitätsnachweis': the entry asks for posts where the data says so."""
    import re

    marked = {f["id"]: f["posts_as_evidence"] for f in k.mentoring["formats"] if f.get("posts_as_evidence")}
    assert set(marked) == {"forum", "praxistipp"}
    seed = next(
        (
            p / "shared" / "seeds" / "004_51fb5d5373627752.txt"
            for p in Path(__file__).resolve().parents
            if (p / "shared" / "seeds" / "004_51fb5d5373627752.txt").exists()
        ),
        None,
    )
    if seed is None:
        pytest.skip("the seeds are not part of the checkout")
    text = " ".join(seed.read_text(encoding="utf-8").split())
    for source in marked.values():
        quoted = re.search(r"\(„(.+)“\)", source)
        assert source.startswith("Handreichung 5.5") and quoted and quoted.group(1) in text, source


def test_help_texts_repeat_no_fact_of_the_data(ksm, k):
    """Formats and rule sets are in data/mentoring.yaml; the help names the command that shows
    them, so an edited YAML is never contradicted by a help text (and --help reads no data)."""
    ids = [f["id"] for f in k.mentoring["formats"]]
    for command in ("add", "init"):
        shown = " ".join(ksm("mentoring", command, "--help").stdout.split())
        assert "ksm mentoring formats" in shown
        assert ", ".join(ids[:2]) not in shown and "praxistipp" not in shown
        assert not any(r["id"] in shown for r in k.mentoring["rule_sets"] if r["id"] != "handreichung")
        assert not any(f"({days} Tage" in shown for days in (5, 6))


def test_role_labels_come_from_the_data(ksm, data_copy, tmp_path):
    """roles[].label in data/mentoring.yaml is what every view shows (issue 15: defined once)."""
    path = data_copy / "mentoring.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "label: beide Rollen", "label: Mentor*in und Mentee zugleich"
        ),
        encoding="utf-8",
    )
    log = str(tmp_path / "m.yaml")
    args = ("--data", str(data_copy), "mentoring")
    result = ksm(*args, "init", "--role", "beide", "--vorhaben", "anschlussvorhaben", "--log", log)
    assert result.exit_code == 0, result.stderr
    assert "Mentor*in und Mentee zugleich" in " ".join(result.stdout.split())
    assert "Mentor*in und Mentee zugleich" in " ".join(ksm(*args, "list", "--log", log).stdout.split())
    report = " ".join(ksm(*args, "report", "--log", log).stdout.split())
    assert "(Rolle: Mentor*in und Mentee zugleich)" in report
