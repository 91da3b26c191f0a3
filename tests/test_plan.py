"""``ksm plan`` (issue 17 §4): the Fahrplan tracked in the Mappe, and ``--ics`` read back by two parsers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

STICHTAG = ["--stichtag", "01.12.2026"]
ANGABEN = [
    "--set",
    "kommune=Musterstadt",
    "--set",
    "vorhaben=anschlussvorhaben",
    "--set",
    "foerderende=30.06.2029",
]


@pytest.fixture
def mappe(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert ksm("init", "M", *ANGABEN).exit_code == 0
    monkeypatch.chdir(tmp_path / "M")
    return tmp_path / "M"


def _plan(ksm, *args) -> dict:
    result = ksm("plan", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_plan_shows_the_same_steps_and_dates_as_assess(ksm, mappe):
    plan = _plan(ksm, *STICHTAG)
    flow = ["--set", "klimaschutzkonzept=teilweise", "--set", "laufende_prozesse=ja"]
    flow += ["--set", "eigenfinanzierung=moeglich", "--set", "staerkung_ksm=nein"]
    assessed = json.loads(ksm("assess", *flow, *STICHTAG, "--json").stdout)["timeline"]["steps"]
    assert [(s["id"], s["earliest"], s["latest"], s["status"]) for s in plan["steps"]] == [
        (s["id"], s["earliest"], s["latest"], s["status"]) for s in assessed
    ]
    assert plan["schema"] == "ksm.plan/1" and plan["kommune"] == "Musterstadt"
    assert all(s["source"] for s in plan["steps"])
    text = ksm("plan", *STICHTAG).stdout
    assert "Fahrplan Musterstadt" in text and "verstetigungsberatung" in text


def test_done_and_undo_are_kept_in_the_mappe_and_a_done_step_is_never_overdue(ksm, mappe):
    late = ["--stichtag", "01.06.2029"]
    overdue = _plan(ksm, *late)["overdue"]
    assert "verstetigungsberatung" in overdue
    marked = ksm("plan", "done", "Verstetigungsberatung", "--date", "15.11.2026")
    assert marked.exit_code == 0, marked.stderr
    assert "Erledigt am 15.11.2026" in marked.stdout
    text = (mappe / "fahrplan.yaml").read_text(encoding="utf-8")
    assert "verstetigungsberatung: '2026-11-15'" in text
    plan = _plan(ksm, *late)
    step = next(s for s in plan["steps"] if s["id"] == "verstetigungsberatung")
    assert step["status"] == "erledigt" and step["done"] == "2026-11-15"
    assert "verstetigungsberatung" not in plan["overdue"]
    status = json.loads(ksm("status", *late, "--json").stdout)
    assert "verstetigungsberatung" not in [d["id"] for d in status["overdue"]]
    assert status["plan"]["text"].startswith("1 von ")
    # a comment written by hand stays when another step is marked and the first one taken back
    (mappe / "fahrplan.yaml").write_text(text + "# Beratung war gut\n", encoding="utf-8")
    assert ksm("plan", "done", "strategieworkshop").exit_code == 0
    undone = ksm("plan", "undo", "verstetigungsberatung", "--json")
    assert json.loads(undone.stdout)["done"] is None and json.loads(undone.stdout)["changed"] is True
    text = (mappe / "fahrplan.yaml").read_text(encoding="utf-8")
    assert "# Beratung war gut" in text
    plan = _plan(ksm, *late)
    done = {s["id"]: s["done"] for s in plan["steps"] if s["done"]}
    assert done == {"strategieworkshop": dt.date.today().isoformat()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "workshop"], "SCHRITT: 'workshop': unbekannter Schritt"),
        (["done", "strategiewrokshop"], "meinten Sie 'strategieworkshop'?"),
        (["done", "haushalt", "--date", "morgen"], "--date: 'morgen'"),
    ],
)
def test_bad_steps_and_dates_are_named(ksm, mappe, args, message):
    result = ksm("plan", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (mappe / "fahrplan.yaml").exists()


def test_a_hand_edit_that_is_no_step_names_file_and_line(ksm, mappe):
    (mappe / "fahrplan.yaml").write_text("haushalt: 2029-01-01\nfeier: 2029-02-01\n", encoding="utf-8")
    result = ksm("plan")
    assert result.exit_code == 2 and "fahrplan.yaml, Zeile 2" in result.stderr and "feier" in result.stderr


def test_outside_a_mappe_plan_takes_set_and_done_is_refused(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = ksm("plan")
    assert missing.exit_code == 2 and "--set foerderende=TT.MM.JJJJ" in missing.stderr
    plan = _plan(ksm, "--set", "foerderende=30.06.2027", "--set", "vorhaben=erstvorhaben", *STICHTAG)
    assert plan["mappe"] is None and plan["end_estimated"] is True
    assert "anschlussantrag" in [s["id"] for s in plan["steps"]]
    refused = ksm("plan", "done", "haushalt")
    assert refused.exit_code == 2 and "ksm init" in refused.stderr and "--mappe" in refused.stderr
    assert list(tmp_path.iterdir()) == []


# --- the calendar file -------------------------------------------------------------------------


def _with_mentoring(ksm):
    assert ksm("mentoring", "init", "--role", "mentor", "--start", "2025-07-01").exit_code == 0
    added = ksm("mentoring", "add", "--date", "2025-09-01", "--kind", "praxistipp", "--title", "Tipp")
    assert added.exit_code == 0, added.stderr


def _events_icalendar(path):
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar


def test_ics_is_read_back_by_icalendar_and_vobject(ksm, mappe):
    import vobject

    _with_mentoring(ksm)
    assert ksm("plan", "done", "verstetigungsberatung", "--date", "15.11.2026").exit_code == 0
    result = ksm("plan", "--ics", "fristen.ics", *STICHTAG)
    assert result.exit_code == 0, result.stderr and "Geschrieben: fristen.ics" in result.stderr
    path = mappe / "fristen.ics"
    events, calendar = _events_icalendar(path)
    assert str(calendar["prodid"]).startswith("-//ksm//")
    plan = _plan(ksm, *STICHTAG)
    dated = [s for s in plan["steps"] if s["latest"]]
    for step in dated:
        event = events[f"ksm-musterstadt-{step['id']}@ksm.local"]
        assert event.decoded("dtstart") == dt.date.fromisoformat(step["latest"])
        assert "Quelle:" in str(event["description"])
        alarms = [c for c in event.walk("VALARM")]
        assert bool(alarms) == (step["done"] is None)  # a done step needs no reminder
    assert events["ksm-musterstadt-foerderende@ksm.local"].decoded("dtstart") == dt.date(2029, 6, 30)
    met = events["ksm-musterstadt-mentoring_projektjahr_1@ksm.local"]  # a Praxistipp: 5 Tage
    assert met.decoded("dtstart") == dt.date(2026, 6, 30) and "es fehlen" not in str(met["summary"])
    assert not list(met.walk("VALARM"))
    short = events["ksm-musterstadt-mentoring_projektjahr_2@ksm.local"]
    assert short.decoded("dtstart") == dt.date(2027, 6, 30) and "es fehlen 5 Tage" in str(short["summary"])
    assert list(short.walk("VALARM"))
    # the second, independent parser sees the same entries
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    by_uid = {e.uid.value: e for e in parsed.vevent_list}
    assert set(by_uid) == set(events)
    for uid, event in events.items():
        assert by_uid[uid].dtstart.value == event.decoded("dtstart")
        assert by_uid[uid].summary.value == str(event["summary"])
    assert "Erledigt: Verstetigungsberatung nutzen (Musterstadt)" in {
        str(e["summary"]) for e in events.values()
    }


def test_ics_uids_are_stable_and_a_new_export_replaces_ksms_own_file(ksm, mappe):
    assert ksm("plan", "--ics", "fristen.ics", *STICHTAG).exit_code == 0
    first, _ = _events_icalendar(mappe / "fristen.ics")
    assert ksm("plan", "done", "haushalt").exit_code == 0
    again = ksm("plan", "--ics", "fristen.ics", "--stichtag", "02.12.2026")
    assert again.exit_code == 0, again.stderr  # ksm's own file: no question, no --force
    second, _ = _events_icalendar(mappe / "fristen.ics")
    assert set(first) == set(second)
    assert (
        second["ksm-musterstadt-haushalt@ksm.local"]["sequence"]
        >= first["ksm-musterstadt-haushalt@ksm.local"]["sequence"]
    )


def test_ics_never_replaces_a_foreign_file_or_a_file_of_the_mappe(ksm, mappe):
    (mappe / "kalender.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n", encoding="utf-8")
    refused = ksm("plan", "--ics", "kalender.ics")
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (mappe / "kalender.ics").read_text(encoding="utf-8") == "BEGIN:VCALENDAR\nEND:VCALENDAR\n"
    assert ksm("plan", "--ics", "kalender.ics", "--force").exit_code == 0
    same = ksm("plan", "--ics", "kommune.yaml", "--force")
    assert same.exit_code == 2 and "dieselbe Datei" in same.stderr
    assert "kommune: Musterstadt" in (mappe / "kommune.yaml").read_text(encoding="utf-8")


def test_the_report_and_assess_show_a_done_step_as_done_and_not_overdue(ksm, mappe):
    flow = ["--set", "klimaschutzkonzept=teilweise", "--set", "laufende_prozesse=ja"]
    flow += ["--set", "eigenfinanzierung=moeglich", "--set", "staerkung_ksm=nein"]
    late = ["--stichtag", "01.06.2029"]
    before = json.loads(ksm("assess", *flow, *late, "--json").stdout)
    assert any("Verstetigungsberatung" in u["text"] for u in before["urgent"])
    assert ksm("plan", "done", "verstetigungsberatung").exit_code == 0
    after = json.loads(ksm("assess", *late, "--json").stdout)
    step = next(s for s in after["timeline"]["steps"] if s["id"] == "verstetigungsberatung")
    assert step["status"] == "erledigt"
    assert not any("Verstetigungsberatung" in u["text"] for u in after["urgent"])
    assert ksm("assess", *late, "--report", "empfehlungsbericht.md").exit_code == 0
    assert "| erledigt |" in (mappe / "empfehlungsbericht.md").read_text(encoding="utf-8")


def test_a_fahrplan_of_comments_only_keeps_them(ksm, mappe):
    for start in ("# nur Kommentar\n", "{}\n# leer\n"):
        (mappe / "fahrplan.yaml").write_text(start, encoding="utf-8")
        assert ksm("plan", "done", "haushalt", "--date", "01.12.2026").exit_code == 0
        text = (mappe / "fahrplan.yaml").read_text(encoding="utf-8")
        assert start.replace("{}\n", "") in text and "haushalt: '2026-12-01'" in text


def test_done_in_the_future_and_plan_options_before_a_command_are_refused(ksm, mappe):
    future = ksm("plan", "done", "haushalt", "--date", "01.01.2099")
    assert future.exit_code == 2 and "--date" in future.stderr and "Zukunft" in future.stderr
    misplaced = ksm("plan", "--stichtag", "01.01.2027", "done", "haushalt")
    assert misplaced.exit_code == 2 and "--stichtag" in misplaced.stderr
    assert not (mappe / "fahrplan.yaml").exists()


def test_ics_sequence_is_the_time_of_the_export_and_uids_hold_no_markup(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--set", "kommune=[bold]Neu-Stadt![/]", "--set", "foerderende=30.06.2027", "--ics", "f.ics"]
    assert ksm("plan", *args, "--stichtag", "01.01.2021").exit_code == 0
    events, _ = _events_icalendar(tmp_path / "f.ics")
    now = (dt.datetime.now(dt.UTC) - dt.datetime(2020, 1, 1, tzinfo=dt.UTC)).total_seconds() // 60
    (sequence,) = {int(e["sequence"]) for e in events.values()}
    assert now - 5 <= sequence <= now  # the time of the export, not the Stichtag of 2021
    assert all(uid.startswith("ksm-bold_neu_stadt-") and uid.endswith("@ksm.local") for uid in events)
    summaries = {str(e["summary"]) for e in events.values()}
    assert "Förderende ([bold]Neu-Stadt![/])" in summaries  # the name itself stays literal
