"""Drafts of interrupted interviews: the core (ksm_cli.drafts) and the assess interview's state."""

from __future__ import annotations

import pytest

from ksm_cli.drafts import DraftProblem, Keeper, draft_text, is_draft, read_draft, remove_draft, write_draft


def test_a_written_draft_reads_back(tmp_path):
    path = tmp_path / "entwurf.yaml"
    write_draft(path, "assess", {"antworten": {"kommune": "Musterstadt"}, "gefragt": ["kommune"]})
    draft = read_draft(path)
    assert draft is not None and draft.command == "assess"
    assert draft.data == {"antworten": {"kommune": "Musterstadt"}, "gefragt": ["kommune"]}
    assert is_draft(path)


def test_no_file_is_no_draft(tmp_path):
    assert read_draft(tmp_path / "fehlt.yaml") is None


@pytest.mark.parametrize("text", ["meine Notizen\n", "ksm_selbsteinschaetzung: 1\n", "a: [\n"])
def test_a_file_without_the_mark_is_foreign_and_never_removed(tmp_path, text):
    path = tmp_path / "entwurf.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DraftProblem) as caught:
        read_draft(path)
    assert caught.value.foreign
    assert not remove_draft(path) and path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "text",
    [
        "ksm_entwurf: 1\nbefehl: [\n",
        "ksm_entwurf: 2\nbefehl: assess\ndaten: {}\n",
        "ksm_entwurf: 1\nbefehl: x\n",
    ],
)
def test_a_broken_draft_is_a_problem_but_ours(tmp_path, text):
    path = tmp_path / "entwurf.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DraftProblem) as caught:
        read_draft(path)
    assert not caught.value.foreign and caught.value.message
    assert remove_draft(path) and not path.exists()


def test_the_keeper_saves_finishes_and_says_where(tmp_path):
    path = tmp_path / "entwurf.yaml"
    keeper = Keeper(path, "tasks")
    assert keeper.interrupted_message("ksm tasks assess") is None
    assert keeper.save({"a": 1}) is None and path.exists()
    message = keeper.interrupted_message("ksm tasks assess")
    assert message and "entwurf.yaml" in message and "ksm tasks assess" in message
    keeper.finish()
    assert not path.exists()


def test_a_keeper_not_allowed_writes_nothing(tmp_path):
    path = tmp_path / "entwurf.yaml"
    path.write_text("fremd\n", encoding="utf-8")
    keeper = Keeper(path, "assess", allowed=False)
    keeper.save({"a": 1})
    keeper.finish()
    assert path.read_text(encoding="utf-8") == "fremd\n"


def test_a_draft_that_cannot_be_saved_says_so_once(tmp_path):
    keeper = Keeper(tmp_path / "fehlt" / "entwurf.yaml", "assess")
    first = keeper.save({"a": 1})
    assert first and first.startswith("Hinweis: Der Entwurf kann nicht gespeichert werden")
    assert keeper.save({"a": 2}) is None


def test_the_draft_text_has_the_mark_and_a_german_header():
    text = draft_text("assess", {})
    assert text.startswith("# ksm – Entwurf") and "\nksm_entwurf: 1\n" in text


def test_the_interview_state_round_trips_through_a_draft():
    from ksm_cli.assess import interview
    from ksm_cli.assess.answers import Answers
    from ksm_cli.knowledge.loader import load

    k = load()
    saved = []
    values = iter(["Musterstadt", "gemeinde", 48000, interview.SKIP])

    def ask(question, default, can_go_back):
        try:
            return next(values)
        except StopIteration:
            raise KeyboardInterrupt from None

    with pytest.raises(KeyboardInterrupt):
        interview.run(
            k,
            ask,
            lambda ids, a: interview.CONFIRM,
            on_change=lambda a, q: saved.append(interview.draft_data(k, a, q)),
        )
    assert len(saved) == 4
    answers, asked = interview.draft_answers(k, saved[-1])
    assert answers == Answers({}, {"kommune": "Musterstadt", "kommunentyp": "gemeinde", "einwohner": 48000})
    assert len(asked) == 4  # the skipped question is not asked again
    question = interview.next_question(k, answers, asked, True)
    assert question is not None and question.id not in asked


def test_a_draft_whose_answers_do_not_fit_is_none():
    from ksm_cli.assess import interview
    from ksm_cli.knowledge.loader import load

    assert interview.draft_answers(load(), {"antworten": {"unbekannt": "x"}}) is None
    assert interview.draft_answers(load(), {"antworten": []}) is None
