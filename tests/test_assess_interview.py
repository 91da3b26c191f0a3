"""The interview: its logic with a scripted ``ask``, and the real prompts through pipe input."""

from __future__ import annotations

import io

import pytest

from ksm_cli.assess.answers import CONTEXT_FIELDS, Answers
from ksm_cli.assess.interview import BACK, CONFIRM, SKIP, next_question, run


class Script:
    """Answers questions from a list of (question id, value); records what was asked."""

    def __init__(self, steps, reviews=(CONFIRM,)):
        self.steps = list(steps)
        self.reviews = list(reviews)
        self.asked: list[tuple[str, object, bool]] = []
        self.reviewed: list[list[str]] = []

    def ask(self, question, default, can_go_back):
        self.asked.append((question.id, default, can_go_back))
        expected, value = self.steps.pop(0)
        assert question.id == expected, f"asked {question.id}, script expected {expected}"
        return value

    def review(self, ids, answers):
        self.reviewed.append(ids)
        return self.reviews.pop(0)


def test_interview_walks_context_then_the_three_stages(k):
    script = Script(
        [
            # every Angabe in the order of CONTEXT_FIELDS, two answered, the others skipped
            *[
                (f.key, {"kommune": "Musterstadt", "kommunentyp": "landkreis"}.get(f.key, SKIP))
                for f in CONTEXT_FIELDS
            ],
            ("klimaschutzkonzept", "teilweise"),
            ("laufende_prozesse", "ja"),
            ("eigenfinanzierung", "moeglich"),
            ("staerkung_ksm", "nein"),
        ]
    )
    answers = run(k, script.ask, script.review)
    assert answers.context == {"kommune": "Musterstadt", "kommunentyp": "landkreis"}
    assert answers.flow == {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "moeglich",
        "staerkung_ksm": "nein",
    }
    assert script.reviewed[0][:2] == ["kommune", "kommunentyp"]
    assert script.reviewed[0][-1] == "staerkung_ksm"
    assert script.asked[0][2] is False and script.asked[1][2] is True  # no "zurück" on the first


def test_back_returns_to_the_previous_question_with_its_answer_as_default(k):
    script = Script(
        [
            ("klimaschutzkonzept", "umgesetzt"),
            ("ideen_weiterentwicklung", BACK),
            ("klimaschutzkonzept", "teilweise"),
            ("laufende_prozesse", "nein"),
            ("ideen_weiterentwicklung", "nicht_moeglich"),
        ]
    )
    answers = run(k, script.ask, script.review, ask_context=False)
    assert script.asked[2] == ("klimaschutzkonzept", "umgesetzt", False)
    assert answers.flow == {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "nein",
        "ideen_weiterentwicklung": "nicht_moeglich",
    }


def test_changing_an_answer_in_the_summary_asks_the_new_path(k):
    script = Script(
        [
            ("klimaschutzkonzept", "umgesetzt"),
            ("ideen_weiterentwicklung", "nicht_moeglich"),
            ("ideen_weiterentwicklung", "moeglich"),
            ("eigenfinanzierung", "moeglich"),
            ("staerkung_ksm", "nein"),
        ],
        reviews=["ideen_weiterentwicklung", CONFIRM],
    )
    answers = run(k, script.ask, script.review, ask_context=False)
    assert answers.flow["staerkung_ksm"] == "nein"
    assert script.asked[2] == ("ideen_weiterentwicklung", "nicht_moeglich", False)
    assert script.reviewed[-1] == [
        "klimaschutzkonzept",
        "ideen_weiterentwicklung",
        "eigenfinanzierung",
        "staerkung_ksm",
    ]


def test_the_variant_question_follows_a_v6_result_and_may_stay_open(k):
    path = [
        ("klimaschutzkonzept", "umgesetzt"),
        ("ideen_weiterentwicklung", "moeglich"),
        ("eigenfinanzierung", "nicht_moeglich"),
        ("sponsoring_foerderung", "nicht_moeglich"),
        ("neue_foerderung", "nein"),
        ("stellenteilung_verwaltung", "ja"),
    ]
    answers = run(
        k, Script([*path, ("stellenteilung_aufgabe", SKIP)]).ask, Script([]).review, ask_context=False
    )
    assert "stellenteilung_aufgabe" not in answers.flow
    answers = run(
        k, Script([*path, ("stellenteilung_aufgabe", "kem")]).ask, Script([]).review, ask_context=False
    )
    assert answers.flow["stellenteilung_aufgabe"] == "kem"


def test_given_answers_are_not_asked_again(k):
    initial = Answers({"klimaschutzkonzept": "umgesetzt"}, {"kommunentyp": "gemeinde"})
    question = next_question(k, initial, [], ask_context=False)
    assert question.id == "ideen_weiterentwicklung"
    assert question.header == "1/3 Strategische Grundlage"


# --- the real prompts, driven through prompt_toolkit's pipe input ------------------------

DOWN, ENTER = "\x1b[B", "\r"


@pytest.fixture
def pipe():
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


def test_select_prompt_shows_stage_header_and_help_and_goes_back(k, pipe):
    from ksm_cli.assess.interview import flow_question
    from ksm_cli.prompts import Interviewer

    out = io.StringIO()
    interviewer = Interviewer(k, stream=out)
    pipe.send_text(DOWN + ENTER)
    assert interviewer.ask(flow_question(k, "klimaschutzkonzept"), None, True) == "teilweise"
    assert "── 1/3 Strategische Grundlage ──" in out.getvalue()
    assert "(Kapitel 5.1; Abbildung 5.1)" in out.getvalue()
    pipe.send_text(DOWN + DOWN + ENTER)  # Ja, Nein, ← zurück
    assert interviewer.ask(flow_question(k, "laufende_prozesse"), None, True) == BACK
    assert out.getvalue().count("── 1/3") == 1  # the header once per stage


def test_text_prompt_validates_and_parses_german_numbers(k, pipe):
    from ksm_cli.assess.answers import CONTEXT
    from ksm_cli.assess.interview import context_question
    from ksm_cli.prompts import Interviewer

    interviewer = Interviewer(k, stream=io.StringIO())
    question = context_question(CONTEXT["einwohner"], k)
    # "viele" is refused by the validator; after deleting it, 48.000 is accepted.
    pipe.send_text("viele" + ENTER + "\x7f" * 5 + "48.000" + ENTER)
    assert interviewer.ask(question, None, True) == 48000
    pipe.send_text(ENTER)
    assert interviewer.ask(question, None, True) == SKIP
    pipe.send_text("<" + ENTER)
    assert interviewer.ask(question, None, True) == BACK


def test_optional_select_defaults_to_no_answer(k, pipe):
    from ksm_cli.assess.answers import CONTEXT
    from ksm_cli.assess.interview import context_question
    from ksm_cli.prompts import Interviewer

    pipe.send_text(ENTER)
    assert (
        Interviewer(k, stream=io.StringIO()).ask(context_question(CONTEXT["kommunentyp"], k), None, False)
        == SKIP
    )


def test_ctrl_c_is_not_swallowed(k, pipe):
    from ksm_cli.assess.interview import flow_question
    from ksm_cli.prompts import Interviewer

    pipe.send_text("\x03")
    with pytest.raises(KeyboardInterrupt):
        Interviewer(k, stream=io.StringIO()).ask(flow_question(k, "klimaschutzkonzept"), None, False)


def test_review_lists_answers_and_returns_the_choice(k, pipe):
    from ksm_cli.prompts import Interviewer

    out = io.StringIO()
    answers = Answers({"klimaschutzkonzept": "teilweise"}, {"kommune": "Musterstadt"})
    pipe.send_text(DOWN + DOWN + ENTER)
    choice = Interviewer(k, stream=out).review(["kommune", "klimaschutzkonzept"], answers)
    assert choice == "klimaschutzkonzept"
    assert "teilweise umgesetzt" in out.getvalue() and "Musterstadt" in out.getvalue()
