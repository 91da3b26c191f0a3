"""Model ids as users type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.knowledge.ids import normalize_model_id


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
