"""Property tests for the mentoring log: what ksm writes reads back unchanged, and no input crashes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksm_cli.errors import KsmError
from ksm_cli.german import FIRST_DATE, HOURS_PLACES, LAST_DATE, MAX_ACTIVITY_HOURS, MAX_DIGITS
from ksm_cli.mentoring.credits import tally
from ksm_cli.mentoring.log import check_entry, dump_log, read_log
from ksm_cli.storage import FieldChecker

LARGEST = 10**MAX_DIGITS - 1  # the largest id or count the input takes

FORMATS = ["fachveranstaltung", "regionalveranstaltung", "webinar", "forum", "praxistipp"]
# Text a KSM might type, including YAML 1.1 traps (no, 1.0, 2026-03-01, ~) and markup.
TRAPS = st.sampled_from(
    [
        "no",
        "Yes",
        "~",
        "null",
        "1.0",
        "48.000",
        "2026-03-01",
        "- a",
        "a: b",
        "#x",
        "[bold]x[/bold]",
        "'",
        '"',
        "&a",
        "*a",
        "!!python/object",
    ]
)
TEXT = st.one_of(TRAPS, st.text(min_size=1, max_size=40)).filter(lambda t: t.strip() == t and t != "")


@st.composite
def entries(draw):
    kind = draw(st.sampled_from(FORMATS))
    entry = {
        "datum": draw(st.one_of(st.dates(dt.date(2025, 7, 1), LAST_DATE), st.just(LAST_DATE))),
        "format": kind,
        "titel": draw(TEXT),
    }
    for key in ("ort", "notiz"):
        if draw(st.booleans()):
            entry[key] = draw(TEXT)
    for key in ("personen", "beitraege"):
        if draw(st.booleans()):
            entry[key] = draw(st.one_of(st.integers(0, 100_000), st.just(LARGEST)))
    if draw(st.booleans()):
        entry["stunden"] = draw(
            st.one_of(
                st.sampled_from([0.0, 0.01, 0.5, 1.0, 6.25, 40.0, 1234.5, 9999.99, MAX_ACTIVITY_HOURS]),
                st.decimals(0, MAX_ACTIVITY_HOURS, places=HOURS_PLACES).map(float),
            )
        )
    if kind == "forum":
        entry["forum_wochen"] = draw(st.sampled_from([20, 40]))
    return entry


@st.composite
def logs(draw):
    items = draw(st.lists(entries(), max_size=6))
    return {
        "rolle": draw(st.sampled_from(["mentor", "mentee", "beide"])),
        "vorhaben": draw(st.sampled_from(["erstvorhaben", "anschlussvorhaben"])),
        "projektbeginn": draw(st.one_of(st.none(), st.sampled_from([FIRST_DATE, dt.date(2025, 7, 1)]))),
        "regelsatz": draw(st.sampled_from(["handreichung", "krl-2022"])),
        "eintraege": [
            {"id": n if n > 1 or not draw(st.booleans()) else LARGEST, **e}
            for n, e in enumerate(items, start=1)
        ],
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=logs())
def test_a_written_log_reads_back_identically(k, tmp_path, log):
    path = tmp_path / "mentoring.yaml"
    text = dump_log(log)
    assert not re.search(r"\b(id|personen|beitraege|stunden|forum_wochen): \S*[eE]", text)  # no exponent
    path.write_text(text, encoding="utf-8")
    back = read_log(path, k)
    assert back == log
    tally(k, back, today=LAST_DATE)  # and every date it holds can be computed with


TYPED = st.one_of(
    st.text(alphabet="0123456789,.-", max_size=12),
    st.sampled_from(["1" * 5000, "²", "①", "٣", "1e-05", "0,001", "9999-12-31", "1989-12-31", "2100-12-31"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    day=st.one_of(st.dates(FIRST_DATE, LAST_DATE).map(dt.date.isoformat), TYPED),
    people=st.one_of(st.integers(0, LARGEST).map(str), TYPED),
    hours=st.one_of(
        st.decimals(0, MAX_ACTIVITY_HOURS, places=HOURS_PLACES).map(lambda d: str(d).replace(".", ",")), TYPED
    ),
    weeks=st.one_of(st.sampled_from(["20", "40"]), TYPED),
)
def test_every_entry_the_input_takes_is_written_and_read_back(k, tmp_path, day, people, hours, weeks):
    """What check_entry accepts (as `ksm mentoring add` does) reads back unchanged and tallies."""
    formats = {f["id"]: f for f in k.mentoring["formats"]}
    raw = {"id": "1", "datum": day, "format": "forum", "titel": "x", "personen": people}
    raw.update({"stunden": hours, "forum_wochen": weeks})
    try:
        entry = check_entry(raw, formats, FieldChecker("--", {}), ())
    except KsmError as error:
        assert "\n" not in error.message and len(error.message) < 400
        return
    log = {"rolle": "mentor", "vorhaben": "anschlussvorhaben", "projektbeginn": None}
    log.update({"regelsatz": "handreichung", "eintraege": [entry]})
    path = tmp_path / "mentoring.yaml"
    path.write_text(dump_log(log), encoding="utf-8")
    assert read_log(path, k) == log
    tally(k, log, today=FIRST_DATE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.builds(
            lambda head, body: head + body,
            st.just("rolle: mentor\nvorhaben: anschlussvorhaben\nregelsatz: handreichung\neintraege:\n"),
            st.text(max_size=200),
        ),
        st.lists(
            st.sampled_from(
                [
                    "rolle: ",
                    "mentor",
                    "\n",
                    "eintraege:",
                    "- ",
                    "id: 1",
                    "datum: ",
                    "2026-02-30",
                    "format: forum",
                    "titel: ",
                    "forum_wochen: 30",
                    "  ",
                    "[",
                    "{",
                    "&a ",
                    "*a",
                    ": ",
                    "personen: -3",
                    "stunden: 1,5",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_any_text_is_read_or_refused_with_a_located_error(k, tmp_path, text):
    path = tmp_path / "mentoring.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_log(path, k)
    except KsmError as error:
        assert error.message.startswith("mentoring.yaml") or str(path) in error.message, error.message
        assert "\n" not in error.message


@pytest.mark.parametrize("raw", [b"\xff\xfe r\x00o\x00", b"rolle: m\xe4ntor\n", b"\x00\x01\x02"])
def test_bytes_that_are_not_utf8_are_refused(k, tmp_path, raw):
    path = tmp_path / "mentoring.yaml"
    path.write_bytes(raw)
    with pytest.raises(KsmError):
        read_log(path, k)
    assert path.read_bytes() == raw
