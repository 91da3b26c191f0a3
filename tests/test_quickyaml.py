"""The quick reader agrees with PyYAML: whenever it returns data, it is exactly PyYAML's.

It may decline anything (then PyYAML reads the file); it may never read a file differently.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli import quickyaml
from ksm_cli.fs import FileProblem
from ksm_cli.storage import dump_yaml, parse_yaml

TRICKY = "aZ09 _-.:#'\"\\!&*|>%@`,?[]{}~äß€\t\u2028\x85"
keys = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
scalars = st.one_of(
    st.text(alphabet=TRICKY, max_size=12),
    st.sampled_from(["", "~", "null", "no", "48.000", "2027-06-30", "1e-05", "'", "''", "a #b", "a: b"]),
)


def _full(text: str):
    try:
        return ("ok", parse_yaml(text, raw_scalars=True).data)
    except FileProblem:
        return ("error", None)


def _agree(text: str) -> None:
    quick = quickyaml.parse(text)
    if quick is None:
        return
    assert _full(text) == ("ok", quick), text


data = st.recursive(
    st.dictionaries(keys, scalars, min_size=1, max_size=4),
    lambda children: st.dictionaries(
        keys,
        st.one_of(scalars, children, st.lists(st.one_of(scalars, children), max_size=3)),
        min_size=1,
        max_size=4,
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(data)
def test_what_ksm_writes_is_read_like_pyyaml_reads_it(value):
    text = dump_yaml(value)
    _agree(text)


def test_the_files_ksm_writes_take_the_quick_path():
    log = {
        "ksm_mentoring_log": 1,
        "rolle": "mentor",
        "eintraege": [{"id": 1, "datum": "2025-07-02", "titel": "Wärme: Planung #1", "stunden": "2,5"}],
    }
    assert quickyaml.parse("# Kopf\n" + dump_yaml(log)) == parse_yaml(dump_yaml(log), raw_scalars=True).data


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "a: 1",
                "b:",
                "  - x",
                "  - y: 2",
                "    z: 3",
                "- q",
                "c: 'it''s'  # comment",
                'd: "x"',
                "e: ~",
                "# comment",
                "",
                "   ",
                "f: a #b",
                "g: a#b",
                "  h: 1",
                "    i: 2",
                "j: [1, 2]",
                "k: &x 1",
                "l: 'open",
                "m: x: y",
                "- - n",
                "o:  ",
                "a: 2",
                "p: -1",
                "---",
            ]
        ),
        st.builds(lambda k, v: f"{k}: {v}", keys, st.text(alphabet=TRICKY, max_size=8)),
        st.builds(lambda n, k, v: " " * n + f"- {k}: {v}", st.integers(0, 4), keys, scalars),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_hand_written_block_yaml_is_read_like_pyyaml_reads_it(text):
    _agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: [1]\n",
        "a: &x 1\n",
        "a: |\n  b\n",
        "a: 1\na: 2\n",
        "- a\n",
        "a: b\n  c\n",
        "a:\tb\n",
        "%YAML 1.1\na: 1\n",
    ],
)
def test_anything_unusual_is_left_to_pyyaml(text):
    assert quickyaml.parse(text) is None


def test_deep_or_long_files_are_left_to_pyyaml():
    deep = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(100)) + " " * 200 + "x: 1\n"
    assert quickyaml.parse(deep) is None
    long = "eintraege:\n" + "- a\n" * (quickyaml.MAX_LINES + 1)
    assert quickyaml.parse(long) is None


def test_the_quick_check_for_unusual_characters_misses_none():
    """quickyaml skips its class of unusual characters for text that str.isprintable() accepts;
    that is only right while every character of the class is one isprintable() refuses."""
    import re

    from ksm_cli.quickyaml import _UNUSUAL, _unusual

    unusual = re.compile(_UNUSUAL)
    members = [chr(c) for c in range(0x110000) if unusual.match(chr(c))]
    assert len(members) > 2000  # controls, line separators, BOM, surrogates, non-characters
    assert not [hex(ord(c)) for c in members if c.isprintable()]
    assert _unusual("a: 1\nb: Ölheizung – „Wärme“\n") is False
    assert _unusual("a: 1\u2028b: 2\n") is True
    assert _unusual("a: 1\u00a0\n") is False  # not printable for Python, but not unusual for YAML
