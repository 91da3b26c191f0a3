"""Property tests for the self-assessment: what ksm writes reads back, and no input crashes."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksm_cli.cli.tasks import apply_set
from ksm_cli.errors import KsmError
from ksm_cli.german import HOURS_PLACES, MAX_WEEKLY_HOURS, PERCENT_PLACES
from ksm_cli.tasks.selfassessment import (
    SelfAssessment,
    dump,
    parse_hours,
    parse_percent,
    read_file,
    visible_tasks,
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# every percentage input takes: whole, up to PERCENT_PLACES decimals, and the extremes
PERCENT = st.one_of(
    st.integers(0, 100).map(float),
    st.decimals(0, 100, places=PERCENT_PLACES).map(float),
    st.sampled_from([0.0, 0.01, 0.1, 99.99, 100.0]),
)
HOURS = st.one_of(
    st.decimals("0.01", MAX_WEEKLY_HOURS, places=HOURS_PLACES).map(float),
    st.sampled_from([0.01, 39.0, 19.5, 7.8, 79.99, 80.0]),
)
NAME = st.one_of(
    st.sampled_from(["no", "~", "null", "1.0", "[bold]x[/bold]", "'", "#x", "a: b", "Bad Wörth"]),
    st.text(min_size=1, max_size=30),
).filter(lambda t: t.strip() == t)


@st.composite
def assessments(draw, tasks_file):
    kind = draw(st.sampled_from([None, "gemeinde", "kreisfreie_stadt", "landkreis"]))
    tasks = visible_tasks(tasks_file, kind == "landkreis")
    chosen = draw(st.lists(st.sampled_from([t["id"] for t in tasks]), unique=True, max_size=8))
    order = [t["id"] for t in tasks]
    values = {t: {"ist": draw(PERCENT), "soll": draw(PERCENT)} for t in sorted(chosen, key=order.index)}
    landkreis_rows = any(t["landkreis_only"] for t in tasks if t["id"] in values)
    return SelfAssessment(
        values=values,
        kommune=draw(st.one_of(st.none(), NAME)),
        kommunentyp=kind or ("landkreis" if landkreis_rows else None),
        wochenstunden=draw(st.one_of(st.none(), HOURS)),
        draft=draw(st.booleans()),
    )


@SETTINGS
@given(data=st.data())
def test_a_written_self_assessment_reads_back_identically(k, tmp_path, data):
    sa = data.draw(assessments(k.tasks_file))
    path = tmp_path / "s.yaml"
    path.write_text(dump(sa, k.tasks_file), encoding="utf-8")
    assert read_file(path, k.tasks_file) == sa


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "ksm_selbsteinschaetzung: 1\n",
                    "kommunentyp: ",
                    "landkreis",
                    "gemeinde",
                    "\n",
                    "aufgaben:\n",
                    "  controlling:",
                    "  regionale_netzwerke:",
                    " {ist: ",
                    "soll: ",
                    "-5",
                    "101",
                    "12,5",
                    "no",
                    "~",
                    "}",
                    "[",
                    "&a ",
                    "*a",
                    ": ",
                    "wochenstunden: 0",
                    "entwurf: vielleicht",
                    "    ist: 10\n",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_any_text_is_read_or_refused_with_one_located_line(k, tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        read_file(path, k.tasks_file)
    except KsmError as error:
        assert str(path) in error.message or error.message.startswith("s.yaml"), error.message
        assert "\n" not in error.message
    assert path.read_bytes() == text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(
    items=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.builds(
                lambda t, a, b: f"{t}={a}/{b}",
                st.sampled_from(["controlling", "regionale_netzwerke", "x", ""]),
                st.text(max_size=6),
                st.text(max_size=6),
            ),
        ),
        max_size=4,
    )
)
def test_any_set_value_is_taken_or_refused_in_german(k, items):
    sa = SelfAssessment(kommunentyp="gemeinde")
    try:
        apply_set(items, k.tasks_file, sa)
    except KsmError as error:
        assert error.message.startswith("--set '")  # the shell prints it as one line (error_line)
    else:
        assert all(0 <= v <= 100 for value in sa.values.values() for v in value.values())


@given(raw=st.text(max_size=12))
def test_a_percentage_is_a_number_from_0_to_100_or_nothing(raw):
    value = parse_percent(raw)
    assert value is None or 0 <= value <= 100


TYPED = st.one_of(
    st.text(alphabet="0123456789,.% ", max_size=12),
    st.builds(lambda n, d: f"{n},{d}", st.integers(0, 100), st.text(alphabet="0123456789", max_size=6)),
    st.sampled_from(["0,01", "0.01", "1e-05", "0,00001", "99,99", "100", "²", "٣", "1" * 5000]),
)


@SETTINGS
@given(ist=TYPED, soll=TYPED, hours=TYPED)
def test_every_value_the_input_takes_is_written_and_read_back_identically(k, tmp_path, ist, soll, hours):
    """Whatever --set and --hours-per-week accept is what the file holds after reading it back."""
    sa = SelfAssessment(kommunentyp="gemeinde")
    sa.wochenstunden = parse_hours(hours)
    try:
        apply_set([f"controlling={ist}/{soll}"], k.tasks_file, sa)
    except KsmError as error:
        assert error.message.startswith("--set '") and len(error.message) < 400
        return
    path = tmp_path / "s.yaml"
    text = dump(sa, k.tasks_file)
    assert not re.search(r"\b(ist|soll|wochenstunden): \S*[eE]", text)  # no exponent notation anywhere
    path.write_text(text, encoding="utf-8")
    assert read_file(path, k.tasks_file) == sa
