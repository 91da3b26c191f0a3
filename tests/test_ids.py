"""Model ids as users type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.knowledge.ids import closest, listed, normalize_model_id


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("V8", "V8"),
        ("v8", "V8"),
        ("V 8", "V8"),
        ("8", "V8"),
        (" v08 ", "V8"),
        ("V6b", "V6b"),
        ("6B", "V6b"),
        ("V6a-6c", "V6a-c"),
        ("V6a–c", "V6a-c"),
        ("v6d bis 6f", "V6d-f"),
        ("V1-V4", "V1-4"),
        ("1–4", "V1-4"),
        ("V7a", "V7a"),
    ],
)
def test_spellings(raw, canonical):
    assert normalize_model_id(raw) == canonical


@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["", "a", "b", "f"]),
    st.sampled_from(["{}", "V{}", "v{}", "V {}", " v {} "]),
)
def test_every_spelling_of_a_single_id_normalizes_alike(number, letter, template):
    raw = template.format(f"{number}{letter}")
    assert normalize_model_id(raw) == f"V{number}{letter}"


@given(st.text(max_size=30))
def test_normalize_never_raises_and_is_idempotent(text):
    once = normalize_model_id(text)
    assert normalize_model_id(once) == once


MODEL_IDS = ["V1-4", "V5", "V6a-c", "V6d-f", "V7", "V7a", "V7b", "V8", "V9", "V10", "V11"]
# what the knowledge finds: the models, their variants and the ids a group covers
ALL_IDS = [*MODEL_IDS, "V6a", "V6b", "V6c", "V6d", "V6e", "V6f", "V1", "V2", "V3", "V4"]


def test_listed_folds_covered_ids_into_their_range():
    assert listed(ALL_IDS) == MODEL_IDS
    assert listed(["V1-4", "V2", "V5"]) == ["V1-4", "V5"]
    assert listed(["V6a-c", "V6b", "V6d"]) == ["V6a-c", "V6d"]  # V6d is no letter of a to c
    assert listed(["klimaschutzkonzept", "vorhaben"]) == ["klimaschutzkonzept", "vorhaben"]


@pytest.mark.parametrize(("wanted", "hint"), [("V12", "V11"), ("V13", "V11"), ("V8b", "V8"), ("X", None)])
def test_closest_suggests_only_listed_ids(wanted, hint):
    """ "V12" once suggested "V2", which ``ksm models list`` does not show."""
    assert closest(wanted, ALL_IDS) == hint


@given(st.text(max_size=12))
def test_every_suggestion_is_an_id_the_list_shows(text):
    hint = closest(normalize_model_id(text), ALL_IDS)
    assert hint is None or hint in MODEL_IDS


@given(st.integers(min_value=0, max_value=999), st.sampled_from(["", "a", "b", "g", "z"]))
def test_every_suggestion_for_a_model_shaped_id_is_listed(number, letter):
    hint = closest(f"V{number}{letter}", ALL_IDS)
    assert hint is None or hint in MODEL_IDS
