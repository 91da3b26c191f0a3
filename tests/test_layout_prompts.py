"""Interview texts wrap between words at the terminal's width; no "Ändern:" line is cut off (issue 16)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.prompts import POINTER_WIDTH, Interviewer, fit_choice, fit_message, wrap

SELECT = "(Pfeiltasten ↑/↓, Enter)"
TEXT = "(Enter = keine Angabe, < = zurück)"
WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß()?,.-/*", min_size=1, max_size=18),
    min_size=1,
    max_size=30,
)


def _drawn(message: str, instruction: str | None, gap: int) -> str:
    """What questionary draws: "?", a space, the message, the gap and the instruction."""
    return "? " + message + (" " * gap + instruction if instruction else "")


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize(("instruction", "gap"), [(SELECT, 1), (TEXT, 2), (None, 1)])
@given(words=WORDS)
def test_a_question_breaks_only_between_words(width, instruction, gap, words):
    title = " ".join(words)
    drawn = _drawn(fit_message(title, instruction, width, gap), instruction, gap)
    lines = drawn.split("\n")
    if max(len(w) for w in words) <= width - 8:  # a word longer than a line may overrun it
        assert all(len(line) < width for line in lines), lines
    assert " ".join(drawn.split()) == " ".join(["?", *words, *(instruction.split() if instruction else [])])
    if instruction:
        assert instruction in drawn  # whole, on one line
    assert all(line.startswith("  ") for line in lines[1:])  # continued below the message


def test_a_long_question_and_its_instruction_at_80_columns():
    title = "Wie groß ist der Stellenumfang des KSM heute (in Vollzeitäquivalenten)?"
    drawn = _drawn(fit_message(title, TEXT, 80, gap=2), TEXT, 2)
    assert drawn == f"? {title}\n  {TEXT}"  # once "(Ente" / "r = keine Angabe" at the edge


def test_an_answer_that_would_not_fit_goes_below_the_question():
    title = "Läuft gerade ein Erst- oder ein Anschlussvorhaben?"
    answers = [
        "keine Angabe",
        "Erstvorhaben (KSM1, Konzepterstellung)",
        "Anschlussvorhaben (KSM2, Umsetzung)",
    ]
    message = fit_message(title, SELECT, 80, answers=answers)
    assert message == title + "\n "  # questionary adds a space: the answer at column 2
    assert fit_message(title, SELECT, 120, answers=answers) == title


@pytest.mark.parametrize("width", [40, 80, 120])
@given(words=WORDS, lead=st.sampled_from(["", "   "]))
def test_a_choice_wraps_below_itself(width, words, lead):
    label = lead + " ".join(words)
    drawn = " » " + fit_choice(label, width)
    lines = drawn.split("\n")
    long_word = max(len(w) for w in words) > width - POINTER_WIDTH - len(lead) - 4
    assert long_word or all(len(line) < width for line in lines)
    assert " ".join(drawn.split()) == " ".join(["»", *words])
    assert drawn.startswith(" » " + lead)
    assert all(line.startswith(" " * (POINTER_WIDTH + len(lead) + 2)) for line in lines[1:])


def test_wrap_keeps_z_b_and_ids_together():
    text = "Ohne Personalkosten, wenn möglich; z. B. 250000 oder 250.000 und der Verweis auf (V 10, V 11)"
    for width in range(20, 60):
        lines = wrap(text, width).split("\n")
        assert not any(line.endswith(("z.", "(V", " V")) for line in lines), (width, lines)
        assert " ".join(" ".join(lines).split()) == text


def test_say_wraps_the_help_at_the_terminal_width(k, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    stream = io.StringIO()
    asker = Interviewer(k, stream)
    text = (
        "ksm assess – Verstetigung des Klimaschutzmanagements. Drei Rahmenfragen: strategische "
        "Grundlage, Finanzierung, politischer Rahmen. Abbrechen mit Strg+C."
    )
    asker.say(text)
    lines = stream.getvalue().rstrip("\n").split("\n")
    assert len(lines) == 2 and all(len(line) < 80 for line in lines)
    assert " ".join(lines) == text  # "Abb" / "rechen" once


def test_the_summary_shows_every_answer_whole_in_its_aendern_line(k, monkeypatch):
    import questionary

    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.interview import CONFIRM, question_by_id

    monkeypatch.setenv("COLUMNS", "80")
    seen = {}

    class Prompt:
        def unsafe_ask(self):
            return CONFIRM

    def select(message, choices, **kwargs):
        seen["message"], seen["choices"] = message, choices
        return Prompt()

    monkeypatch.setattr(questionary, "select", select)
    answers = Answers(
        flow={"klimaschutzkonzept": "teilweise", "eigenfinanzierung": "moeglich"},
        context={"kommune": "Verbandsgemeinde Musterstadt-Land am Rhein", "stellenumfang_vzae": 0.5},
    )
    ids = ["kommune", "stellenumfang_vzae", "klimaschutzkonzept", "eigenfinanzierung"]
    stream = io.StringIO()
    assert Interviewer(k, stream).review(ids, answers) == CONFIRM
    titles = [c.title for c in seen["choices"][1:]]
    assert len(titles) == len(ids)
    for question_id, title in zip(ids, titles, strict=True):
        question = question_by_id(k, question_id)
        assert " ".join(title.split()).startswith("Ändern: " + " ".join(question.title.split()))
        assert all(len(" » " + line) < 80 for line in title.split("\n")), title
    assert "(Verbandsgemeinde Musterstadt-Land am Rhein)" in " ".join(" ".join(titles).split())
    assert "(0,5)" in " ".join(titles)
    assert all(len(line) < 80 for line in stream.getvalue().split("\n"))
