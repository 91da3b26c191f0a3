"""The recommendation engine: every result of the flowchart is reachable and recommended."""

from __future__ import annotations

import pytest

from ksm_cli.assess.engine import assess, walk


def all_paths(flowchart):
    """Every answer set from the start to a result, generated from the graph itself."""
    out = []

    def go(node_id, answers):
        if node_id in flowchart["results"]:
            out.append((node_id, dict(answers)))
            return
        for option in flowchart["nodes"][node_id]["options"]:
            answers[node_id] = option["id"]
            go(option["next"], answers)
            del answers[node_id]

    go(flowchart["start"], {})
    return out


def test_every_result_node_is_reached_and_recommended(k):
    paths = all_paths(k.flowchart)
    reached = {result for result, _ in paths}
    assert reached == set(k.flowchart["results"])
    for result_id, answers in paths:
        assessment = assess(k, answers, {"kommunentyp": "gemeinde"})
        assert assessment.complete and assessment.result_id == result_id
        expected = [m for m in k.flowchart["results"][result_id]["models"] if m != "V7a"]
        assert assessment.recommended == expected
        assert [s.node for s in assessment.path] == list(answers)


def _answers_to(k, result_id):
    return next(a for r, a in all_paths(k.flowchart) if r == result_id)


def test_landkreis_gets_v7a_instead_of_v7(k):
    answers = _answers_to(k, "v7")
    assert assess(k, answers, {"kommunentyp": "landkreis"}).recommended == ["V7a"]
    assert assess(k, answers, {"kommunentyp": "kreisfreie_stadt"}).recommended == ["V7"]
    assert assess(k, answers, {}).recommended == ["V7", "V7a"]


def test_v7_alternatives_include_next_model_up_and_steckbrief_recommendation(k):
    answers = _answers_to(k, "v7")
    alternatives = {a["model"]: a for a in assess(k, answers, {"kommunentyp": "gemeinde"}).alternatives}
    assert "V8" in alternatives and "Entwicklungsreihenfolge" in alternatives["V8"]["why"]
    assert "V9" in alternatives and "Steckbrief" in alternatives["V9"]["why"]


def test_other_results_of_the_last_decision_are_alternatives(k):
    answers = _answers_to(k, "v10")
    alternatives = [a["model"] for a in assess(k, answers).alternatives]
    assert alternatives[0] == "V11"


def test_v5_has_v1_4_as_alternative_and_the_risk_warning(k):
    answers = {"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "nicht_moeglich"}
    result = assess(k, answers)
    assert result.recommended == ["V5"]
    assert result.alternatives[0]["model"] == "V1-4"
    assert any("abgeschafft" in w["text"] and w["source"] == "Kapitel 5.1" for w in result.warnings)


@pytest.mark.parametrize("node", ["sponsoring_foerderung", "neue_foerderung"])
def test_transitional_financing_warns(k, node):
    answers = {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "nicht_moeglich",
        "sponsoring_foerderung": "nicht_moeglich",
        "staerkung_ksm": "nein",
    }
    answers[node] = "moeglich" if node == "sponsoring_foerderung" else "ja"
    result = assess(k, answers, {"kommunentyp": "gemeinde"})
    assert result.recommended == ["V7"]
    assert any("Übergangslösung" in w["text"] and w["source"] == "Kapitel 5.2" for w in result.warnings)


def test_reasons_carry_help_and_sources_of_the_branches_taken(k):
    result = assess(k, _answers_to(k, "v6a_c"))
    assert [r["question_id"] for r in result.reasons[:-1]] == [s.node for s in result.path]
    assert all(r["source"] for r in result.reasons)


def test_unreached_answers_are_ignored_and_missing_ones_reported(k):
    answers = {"klimaschutzkonzept": "umgesetzt", "laufende_prozesse": "ja"}  # never reached
    path, result_id, missing = walk(k.flowchart, answers)
    assert result_id is None and missing == "ideen_weiterentwicklung"
    result = assess(k, answers)
    assert not result.complete and result.missing == ["ideen_weiterentwicklung"]
    assert [s.node for s in path] == ["klimaschutzkonzept"]


@pytest.mark.parametrize(
    ("result_id", "question", "option", "variant"),
    [
        ("v6a_c", "stellenteilung_aufgabe", "quartiersmanagement", "V6b"),
        ("v6d_f", "kooperationspartner", "stadtwerke", "V6d"),
    ],
)
def test_follow_up_question_resolves_the_variant(k, result_id, question, option, variant):
    answers = _answers_to(k, result_id)
    open_result = assess(k, answers)
    assert open_result.recommended == [k.flowchart["results"][result_id]["models"][0]]
    assert open_result.open_questions == [question]
    resolved = assess(k, {**answers, question: option})
    assert resolved.recommended == [variant] and resolved.open_questions == []
    assert resolved.path[-1].node == question


def test_recommendation_below_todays_placement_warns(k):
    answers = _answers_to(k, "v5")
    warned = assess(k, answers, {"ansiedlung_heute": "V8"})
    assert any(w["source"] == "Kapitel 3.1" and "(V8)" in w["text"] for w in warned.warnings)
    assert not any(
        w["source"] == "Kapitel 3.1" for w in assess(k, answers, {"ansiedlung_heute": "V5"}).warnings
    )


def test_next_steps_start_with_overdue_plan_steps(k):
    import datetime as dt

    answers = _answers_to(k, "v8")
    result = assess(
        k,
        answers,
        {"foerderende": dt.date(2027, 6, 30), "vorhaben": "anschlussvorhaben"},
        today=dt.date(2026, 11, 21),
    )
    assert result.next_steps[0]["text"].startswith("Überfällig: ")
    undated = assess(k, answers, {}, today=dt.date(2026, 11, 21))
    assert any("Förderende angeben" in s["text"] for s in undated.next_steps)
