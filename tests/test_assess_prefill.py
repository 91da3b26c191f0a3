"""The numbers of the interview read back: what the summary shows and "Ändern" pre-fills is
accepted by the interview's own validator and gives the same value (a budget of 2.500.000 €
was once shown and pre-filled as ``2,5e+06``, which the validator then refused)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.assess.answers import CONTEXT, Answers, context_text, parse_context_value
from ksm_cli.assess.interview import CONFIRM, context_question
from ksm_cli.german import MAX_BUDGET, MAX_EINWOHNER, MAX_VZAE, MONEY_PLACES, VZAE_PLACES, parse_decimal

ENTER = "\r"

VALUES = {
    "budget_eur": st.one_of(
        st.decimals(0, Decimal(repr(MAX_BUDGET)), places=MONEY_PLACES, allow_nan=False).map(float),
        st.sampled_from([0.0, 0.01, 1234.5, 2_500_000.0, 1e6, 1e7, MAX_BUDGET - 0.01, MAX_BUDGET]),
    ),
    "stellenumfang_vzae": st.one_of(
        st.decimals(0, Decimal(repr(MAX_VZAE)), places=VZAE_PLACES, allow_nan=False).map(float),
        st.sampled_from([0.0, 0.001, 0.125, 0.5, 1.0, 999.999, MAX_VZAE]),
    ),
    "einwohner": st.one_of(
        st.integers(1, MAX_EINWOHNER), st.sampled_from([1, 999, 1000, 48_000, MAX_EINWOHNER])
    ),
}


@st.composite
def typed_values(draw):
    key = draw(st.sampled_from(sorted(VALUES)))
    return key, draw(VALUES[key])


@settings(max_examples=500, deadline=None)
@given(typed_values())
def test_the_prefilled_text_is_accepted_by_the_validator_and_gives_the_same_value(k, item):
    from ksm_cli.prompts import Interviewer

    key, value = item
    interviewer = Interviewer(k, stream=io.StringIO())
    question = context_question(CONTEXT[key], k)
    text = interviewer.prefill(question, value)
    assert "e" not in text.lower()  # never exponent notation
    assert interviewer.validator(question, can_go_back=False)(text) is True, text
    back = parse_context_value(CONTEXT[key], text, k)
    assert back == value and type(back) is type(value), (text, back)


@settings(max_examples=300, deadline=None)
@given(st.decimals(0, Decimal(repr(MAX_BUDGET)), places=MONEY_PLACES, allow_nan=False).map(float))
def test_money_is_shown_in_german_notation_that_reads_back(value):
    text = context_text(CONTEXT["budget_eur"], value)
    assert parse_decimal(text, thousands_dot=True) == value


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("budget_eur", 2_500_000.0, "2.500.000"),
        ("budget_eur", 1250.5, "1.250,5"),
        ("budget_eur", 0.01, "0,01"),
        ("stellenumfang_vzae", 0.125, "0,125"),
        ("stellenumfang_vzae", 1000.0, "1000"),  # '1.000' would be refused as a Stellenumfang
        ("einwohner", 48_000, "48.000"),
        ("einwohner", 10_000_000, "10.000.000"),
    ],
)
def test_the_text_of_a_number_as_the_user_would_type_it(key, value, text):
    assert context_text(CONTEXT[key], value) == text


def test_the_validator_names_value_and_reason_but_not_the_key(k):
    from ksm_cli.prompts import Interviewer

    question = context_question(CONTEXT["budget_eur"], k)
    message = Interviewer(k, stream=io.StringIO()).validator(question, can_go_back=False)("2,5e+06")
    assert (
        message
        == "'2,5e+06': keine gültige Zahl ab 0 mit höchstens 2 Nachkommastellen (z. B. 250000 oder 250.000)"
    )


@pytest.fixture
def pipe():
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("budget_eur", 2_500_000.0),
        ("budget_eur", 1250.5),
        ("stellenumfang_vzae", 1000.0),
        ("einwohner", 48_000),
    ],
)
def test_aendern_then_enter_keeps_the_value(k, pipe, key, value):
    """The real prompt: the summary shows the number as typed, and "Ändern" + Enter keeps it."""
    from ksm_cli.assess.interview import run
    from ksm_cli.prompts import Interviewer

    out = io.StringIO()
    interviewer = Interviewer(k, stream=out)
    flow = {"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "nicht_moeglich"}
    initial = Answers(flow, {key: value})
    reviews = iter([key, CONFIRM])  # first "Ändern" of the number, then confirm

    def review(ids, answers):
        return next(reviews)

    def ask(question, default, can_go_back):
        pipe.send_text(ENTER)  # accept what is pre-filled
        return interviewer.ask(question, default, can_go_back)

    answers = run(k, ask, review, initial=initial, ask_context=False)
    assert answers.context[key] == value
    assert "e+" not in out.getvalue()


def test_the_summary_shows_money_in_german_notation(k, pipe):
    from ksm_cli.prompts import Interviewer

    out = io.StringIO()
    answers = Answers(
        {"klimaschutzkonzept": "umgesetzt"}, {"budget_eur": 2_500_000.0, "stellenumfang_vzae": 0.125}
    )
    pipe.send_text(ENTER)
    Interviewer(k, stream=out).review(["budget_eur", "stellenumfang_vzae", "klimaschutzkonzept"], answers)
    assert "→  2.500.000" in out.getvalue() and "→  0,125" in out.getvalue()
    assert "e+06" not in out.getvalue()
