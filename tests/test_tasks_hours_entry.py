"""ksm tasks assess: hours as well as percentages, IST/SOLL in one prompt, the jump to a task,
and the labels that say what Enter keeps (issue 16, section 6)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksm_cli.german import HOURS_PLACES, MAX_WEEKLY_HOURS, decimal_places, plain_decimal
from ksm_cli.tasks.selfassessment import (
    HOURS_NEED_WEEKLY,
    STORED_PLACES,
    SelfAssessment,
    ShareProblem,
    parse_percent,
    parse_share,
    set_value,
    split_hours,
    sums,
    visible_tasks,
)

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WEEKLY = st.one_of(
    st.integers(1, int(MAX_WEEKLY_HOURS)).map(float),
    st.decimals("0.01", MAX_WEEKLY_HOURS, places=HOURS_PLACES).map(float),
    st.sampled_from([39.0, 19.5, 40.0, 7.8, 0.01]),
)
UNITS = st.sampled_from(["h", " h", "H", " Std.", "Std.", " Std", " Stunden", " Stunde", "h "])


def _typed(hours: float, unit: str, comma: bool) -> str:
    return plain_decimal(hours, "," if comma else ".") + unit


# --- the parser ------------------------------------------------------------------------------


def test_the_example_of_the_issue():
    assert parse_share("3,9h", 39.0) == 10 and parse_share("7,8h", 39.0) == 20
    assert parse_share("3,9 h", 39.0) == parse_share("3,9 Std.", 39.0) == 10
    assert parse_share("19,5", 39.0) == 19.5  # no unit: a percentage, as before
    assert split_hours("3,9 Std.") == ("3,9", True) and split_hours("h") == ("h", False)


@pytest.mark.parametrize("raw", ["3,9h", "3,9 h", "3,9 Std.", "1 Stunde"])
def test_hours_without_weekly_hours_are_refused(raw):
    with pytest.raises(ShareProblem) as info:
        parse_share(raw, None)
    assert info.value.reason == HOURS_NEED_WEEKLY


@pytest.mark.parametrize("raw", ["40h", "-1h", "1,234h", "xh", "1.000h", "h", "3,9 Minuten"])
def test_bad_hours_are_refused(raw):
    with pytest.raises(ShareProblem):
        parse_share(raw, 39.0)


@SETTINGS
@given(
    weekly=WEEKLY,
    data=st.data(),
    unit=UNITS,
    comma=st.booleans(),
)
def test_hours_become_the_percentage_of_the_week(weekly, data, unit, comma):
    cents = data.draw(st.integers(0, round(weekly * 100)))
    hours = cents / 100
    value = parse_share(_typed(hours, unit, comma), weekly)
    assert 0 <= value <= 100 and decimal_places(value) <= STORED_PLACES
    assert value == pytest.approx(hours * 100 / weekly, abs=0.5 * 10**-STORED_PLACES + 1e-9)


@SETTINGS
@given(raw=st.text(max_size=12), weekly=st.one_of(st.none(), WEEKLY))
def test_any_text_is_a_value_from_0_to_100_or_a_german_reason(raw, weekly):
    try:
        value = parse_share(raw, weekly)
    except ShareProblem as problem:
        assert problem.reason and problem.reason.isprintable()
        return
    assert 0 <= value <= 100 and decimal_places(value) <= STORED_PLACES
    if not split_hours(raw)[1]:
        assert value == parse_percent(raw)  # a percentage reads as it always did


@SETTINGS
@given(weekly=WEEKLY, data=st.data())
def test_hours_that_fill_the_week_give_exactly_100_percent(k, weekly, data):
    """However the weekly hours are split over tasks, typed as hours they add up to 100 %."""
    ids = [t["id"] for t in visible_tasks(k.tasks_file, False)]
    total = round(weekly * 100)
    count = data.draw(st.integers(1, min(len(ids), total)))
    cuts = []
    if count > 1:
        cut = st.integers(1, total - 1)
        cuts = sorted(data.draw(st.lists(cut, min_size=count - 1, max_size=count - 1, unique=True)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    sa = SelfAssessment(wochenstunden=weekly)
    for task_id, cents in zip(ids[:count], parts, strict=True):
        typed = _typed(cents / 100, "h", comma=True)
        set_value(sa, k.tasks_file, task_id, typed, typed)
    assert sums(sa) == {"ist": 100, "soll": 100}


# --- --set -------------------------------------------------------------------------------------


def test_set_takes_hours_with_the_weekly_hours(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    args = ["tasks", "assess", "--file", str(path), "--allow-partial", "--json"]
    result = ksm(*args, "--hours-per-week", "39", "--set", "controlling=3,9h/7,8h")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["values"] == {"controlling": {"ist": 10, "soll": 20}}
    # the weekly hours of the file serve as well; German forms of the unit
    again = ksm(*args, "--set", "controlling=3,9 Std./7,8 h", "--set", "liegenschaften=19,5 h/50")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["values"] == {
        "liegenschaften": {"ist": 50, "soll": 50},
        "controlling": {"ist": 10, "soll": 20},
    }
    assert "    ist: 10\n    soll: 20\n" in path.read_text(encoding="utf-8")  # the file keeps %


def test_set_hours_without_weekly_hours_name_the_flag(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    result = ksm("tasks", "assess", "--file", str(path), "--allow-partial", "--set", "controlling=3,9h/7,8h")
    assert result.exit_code == 2
    assert result.stderr == (
        "Fehler: --set 'controlling=3,9h/7,8h' (IST): '3,9h': Stunden gehen nur mit bekannter "
        "Wochenarbeitszeit – bitte mit --hours-per-week H angeben, z. B. --hours-per-week 39\n"
    )
    assert not path.exists()
    over = ksm(
        "tasks",
        "assess",
        "--file",
        str(path),
        "--allow-partial",
        "--hours-per-week",
        "39",
        "--set",
        "controlling=10/40h",
    )
    assert over.exit_code == 2 and "(SOLL): '40h': keine Stundenzahl von 0 bis 39 h" in over.stderr


# --- the prompts, through prompt_toolkit's pipe input -------------------------------------------

ENTER = "\r"


@pytest.fixture
def rows(k) -> int:
    return len(visible_tasks(k.tasks_file, False))


@pytest.fixture
def asked(monkeypatch):
    """Every text prompt as shown: its title and the instruction beside it."""
    from ksm_cli.cli import tasks_prompts

    shown: list[str] = []
    real = tasks_prompts.ask_text

    def ask_text(title, validate=None, default="", instruction=None):
        shown.append(f"? {title}  {instruction or ''}".rstrip())
        return real(title, validate=validate, default=default, instruction=instruction)

    monkeypatch.setattr(tasks_prompts, "ask_text", ask_text)
    return shown


def test_ist_and_soll_in_one_prompt_in_percent_or_hours(ksm, tmp_path, terminal, rows, asked):
    path = tmp_path / "s.yaml"
    keys = (
        ENTER * 2  # Kommune, Kommunentyp
        + "39"
        + ENTER
        + "10/20"
        + ENTER  # task 1: both at once
        + "3,9h/7,8 Std."
        + ENTER  # task 2: both in hours
        + "30"
        + ENTER
        + "20"
        + ENTER  # task 3: IST alone, then the SOLL
        + ENTER * (rows - 3)
        + "\x1b[B"
        + ENTER  # incomplete: save as a draft
    )
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    tasks = list(values)
    assert [values[t] for t in tasks[:3]] == [
        {"ist": 10, "soll": 20},
        {"ist": 10, "soll": 20},
        {"ist": 30, "soll": 20},
    ]
    assert all(values[t] == {"ist": 0, "soll": 0} for t in tasks[3:])
    said = " ".join(result.stderr.split())
    assert "10/15 heißt IST 10 %, SOLL 15 %" in said and "z. B. 3,9h/7,8h" in said
    assert asked[2] == "? IST/SOLL in % oder h  (Enter = 0/0)"
    assert asked[5] == "? SOLL in % oder h  (Enter = 0, < = zurück)"


def test_going_back_the_label_shows_what_enter_keeps(ksm, tmp_path, terminal, rows, asked):
    path = tmp_path / "s.yaml"
    keys = (
        ENTER * 3
        + "60/40"
        + ENTER  # task 1
        + "<"
        + ENTER  # task 2: back to task 1 ...
        + ENTER  # ... Enter keeps 60/40
        + "40"
        + ENTER  # task 2: IST alone ...
        + "<"
        + ENTER  # ... back from the SOLL to this task's IST/SOLL
        + "40/60"
        + ENTER
        + ENTER * (rows - 2)
    )
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert list(values.values())[:2] == [{"ist": 60, "soll": 40}, {"ist": 40, "soll": 60}]
    task_prompts = [a for a in asked if "IST/SOLL" in a or "SOLL in" in a]
    assert task_prompts[:6] == [
        "? IST/SOLL in %  (Enter = 0/0)",
        "? IST/SOLL in %  (Enter = 0/0, < = zurück)",
        "? IST/SOLL in %  (Enter = 60/40)",  # back on task 1: Enter keeps its values
        "? IST/SOLL in %  (Enter = 0/0, < = zurück)",
        "? SOLL in %  (Enter = 0, < = zurück)",
        "? IST/SOLL in %  (Enter = 0/0, < = zurück)",
    ]


def test_going_through_again_starts_at_the_chosen_task(ksm, muster_partial, terminal, rows, asked):
    keys = (
        ENTER * 3
        + ENTER * rows  # every task as it is: 10 % are missing
        + ENTER  # "Werte nochmal durchgehen" ...
        + "3"
        + ENTER  # ... from task 3
        + "20/20"
        + ENTER  # task 3 (controlling) gets the rest
        + ENTER * (rows - 3)
    )
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(muster_partial), "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["complete"] is True
    third = visible_tasks_ids(rows)[2]
    assert payload["values"][third] == {"ist": 20, "soll": 20}
    said = result.stderr.splitlines()
    assert [line.split(":")[0] for line in said if line.startswith(("1/", "3/"))] == [
        f"1/{rows}",
        f"3/{rows}",
        f"3/{rows}",  # the second round began at task 3
    ]
    assert any(
        line.startswith(" 3. 10/10  ") for line in said
    )  # the overview names each task with its number and values
    assert f"? Ab welcher Aufgabe (1–{rows})?  (Enter = 1)" in asked
    assert "? IST/SOLL in %  (Enter = 10/10, < = zurück)" in asked


def visible_tasks_ids(rows: int) -> list[str]:
    from ksm_cli.knowledge.loader import load

    ids = [t["id"] for t in visible_tasks(load().tasks_file, False)]
    assert len(ids) == rows
    return ids


@pytest.fixture
def muster_partial(ksm, tmp_path, rows):
    """A draft whose first three tasks have 10/10 and 40/40, and 30/30: 10 % missing."""
    ids = visible_tasks_ids(rows)
    path = tmp_path / "s.yaml"
    result = ksm(
        "tasks",
        "assess",
        "--file",
        str(path),
        "--allow-partial",
        "--set",
        f"{ids[0]}=40/40",
        "--set",
        f"{ids[1]}=40/40",
        "--set",
        f"{ids[2]}=10/10",
    )
    assert result.exit_code == 0, result.stderr
    return path


def test_every_prompt_fits_80_columns(ksm, tmp_path, terminal, rows, asked):
    """A prompt with its longest answer stays within 80 columns: the terminal would break it
    anywhere, inside a word too."""
    keys = ENTER * 2 + "19,5" + ENTER + "12,25/17,75" + ENTER + "<" + ENTER + "\x03"
    terminal.send_text(keys)
    result = ksm("tasks", "assess", "--file", str(tmp_path / "s.yaml"), env={"COLUMNS": "80"})
    assert result.exit_code == 130
    assert len(asked) >= 4
    for prompt in asked:
        answer = " 12,25 h/17,75 h" if "SOLL" in prompt else " 19,5"
        assert len(prompt + answer) < 80, prompt
    from ksm_cli.cli import tasks_prompts

    for message in (
        tasks_prompts._problem(SelfAssessment(wochenstunden=39.0), "soll", "abc", 100.0),
        tasks_prompts._problem(SelfAssessment(wochenstunden=39.0), "soll", "50h", 100.0),
        tasks_prompts._problem(SelfAssessment(), "soll", "3h", 100.0),
        tasks_prompts._problem(SelfAssessment(wochenstunden=39.0), "soll", "90", 12.5),
        tasks_prompts._problem(SelfAssessment(), "soll", "abc", 100.0),
    ):
        assert message is not None and len(message) < 78, message
    for line in result.stderr.splitlines():
        if line.strip() and not line.strip().startswith("?"):  # what ksm says, wrapped at words
            assert len(line) < 80, line


def test_a_value_from_hours_keeps_four_decimals_in_the_file(ksm, tmp_path):
    path = tmp_path / "s.yaml"
    args = ["tasks", "assess", "--file", str(path), "--hours-per-week", "39", "--json"]
    result = ksm(*args, "--set", "controlling=1h/13h", "--set", "liegenschaften=13h/13h", "--allow-partial")
    assert json.loads(result.stdout)["values"]["controlling"] == {"ist": 2.5641, "soll": 33.3333}
    assert "    ist: 2.5641\n    soll: 33.3333\n" in path.read_text(encoding="utf-8")
    # the third 13 h is the rest of the week: SOLL is exactly 100 %
    done = ksm(*args, "--set", "klimaschutzkonzepte=38h/13h", "--allow-partial")
    assert done.exit_code == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["totals"]["soll"] == 100 and payload["values"]["klimaschutzkonzepte"]["soll"] == 33.3334
    assert len(payload["problems"]) == 1 and payload["problems"][0].startswith("IST ergibt 133,33 % statt")
    hand = tmp_path / "hand.yaml"
    hand.write_text("aufgaben:\n  controlling: {ist: 2.56415, soll: 1}\n", encoding="utf-8")
    refused = ksm("tasks", "assess", "--file", str(hand))
    assert refused.exit_code == 2 and "höchstens 4 Nachkommastellen" in refused.stderr


@pytest.mark.parametrize("columns", range(40, 81, 3))
def test_the_entry_never_ends_a_line_with_half_an_abbreviation(columns, monkeypatch, capsys):
    from ksm_cli.cli import tasks_prompts

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(tasks_prompts, "prompt_stream", lambda: __import__("sys").stderr)
    text = "Beratung von Ämtern bei der Entwicklung konkreter Qualitätsziele (z. B. Beschaffung, z. B. Bau)"
    tasks_prompts.say(text, indent="  ")
    said = capsys.readouterr().err
    assert " ".join(said.split()) == text and "\xa0" not in said
    assert not any(line.rstrip().endswith("z.") for line in said.splitlines())
