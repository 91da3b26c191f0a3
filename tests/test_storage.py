"""Bounded YAML reading with line numbers, and atomic writes."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.fs import FileProblem, atomic_write_text
from ksm_cli.storage import dump_yaml, parse_yaml, read_text


def test_lines_of_keys_and_items():
    doc = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n")
    assert doc.data == {"a": 1, "b": ["x", {"y": 2, "z": 3}]}
    assert doc.lines[("a",)] == 1
    assert doc.lines[("b", 1)] == 4
    assert doc.lines[("b", 1, "z")] == 5
    assert doc.line_for(("b", 1, "z", "unknown")) == 5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "Schlüssel 'a' kommt doppelt vor"),
        ("a: &x [1]\nb: *x\n", 2, "Anker und Aliase"),
        ("a: [1, 2\n", 2, "nicht korrekt geschlossen"),
        ("a:\n\tb: 1\n", 2, "Tabulator"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, None),
        ("a: 1\nb: x\x1fy\n", 2, "unzulässiges Zeichen U+001F"),
    ],
)
def test_yaml_problems_have_german_messages_and_lines(text, line, message):
    with pytest.raises(FileProblem) as info:
        parse_yaml(text)
    if line is not None:
        assert info.value.line == line
    if message is not None:
        assert message in info.value.message


def test_billion_laughs_is_rejected_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(FileProblem, match="Aliase"):
        parse_yaml(bomb)


def test_deep_nesting_is_rejected():
    with pytest.raises(FileProblem, match="zu tief verschachtelt"):
        parse_yaml("a: " + "[" * 200 + "]" * 200 + "\n")


def test_bom_accepted_and_non_utf8_rejected(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("\ufeffname: Größe\n".encode())
    assert parse_yaml(read_text(path)).data == {"name": "Größe"}
    path.write_bytes("name: Gr\xf6\xdfe\n".encode("latin-1"))
    with pytest.raises(FileProblem, match="UTF-8") as info:
        read_text(path)
    assert info.value.line == 1


def test_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(FileProblem, match="zu groß"):
        read_text(path, max_bytes=50)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_parses_or_gives_file_problem(text):
    try:
        parse_yaml(text)
    except FileProblem as problem:
        assert problem.message and "\n" not in problem.message
        assert problem.line is None or problem.line >= 1


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10), st.one_of(st.text(max_size=30), st.integers()), max_size=5
    )
)
def test_dump_yaml_reads_back_as_written(data):
    assert parse_yaml(dump_yaml(data)).data == data


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "log.yaml"
    path.write_text("alt\n", encoding="utf-8")
    atomic_write_text(path, "neu: ä\n")
    assert path.read_bytes() == "neu: ä\n".encode()
    assert sorted(os.listdir(tmp_path)) == ["log.yaml"]


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "log.yaml"
    path.write_text("alt\n", encoding="utf-8")

    def failing_replace(*_args):
        raise OSError("kein Platz")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        atomic_write_text(path, "neu\n")
    assert path.read_text(encoding="utf-8") == "alt\n"
    assert sorted(os.listdir(tmp_path)) == ["log.yaml"]


YAMLISH = st.lists(
    st.sampled_from(
        [
            "a: 1\n",
            "b:\n",
            "  - x\n",
            "  - no\n",
            "  c: 2027-06-30\n",
            "d: [1, 2]\n",
            "e: {f: ~}\n",
            "a: 2\n",
            "<<: {}\n",
            "g: &x 1\n",
            "h: *x\n",
            "- 1\n",
            "  \t\n",
            "i: '48.000'\n",
            'j: "\\x41"\n',
            "k: 1.0\n",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(YAMLISH, st.text(max_size=120)))
def test_raw_parse_without_line_map_reads_the_same_and_refuses_the_same(text):
    """The quick read of long user files gives the data and the problems of the full one."""
    try:
        full = parse_yaml(text, raw_scalars=True)
    except FileProblem as problem:
        with pytest.raises(FileProblem) as quick:
            parse_yaml(text, raw_scalars=True, track_lines=False)
        assert (quick.value.message, quick.value.line) == (problem.message, problem.line)
    else:
        quick = parse_yaml(text, raw_scalars=True, track_lines=False)
        assert quick.data == full.data
        assert set(quick.lines) <= {()}  # no line map beyond the document's own line


def test_raw_scalars_keep_the_text_as_written():
    data = parse_yaml("a: no\nb: 48.000\nc: 2027-06-30\nd: ~\ne: '~'\nf: 1e3\n", raw_scalars=True).data
    assert data == {"a": "no", "b": "48.000", "c": "2027-06-30", "d": None, "e": "~", "f": "1e3"}


def test_a_located_problem_in_a_user_file_finds_its_line_on_demand(tmp_path):
    from ksm_cli.storage import read_user_file

    path = tmp_path / "log.yaml"
    path.write_text("rolle: mentor\neintraege:\n- id: 1\n  titel: A\n- id: x\n", encoding="utf-8")
    data, checker = read_user_file(path, "fehlt")
    assert data["eintraege"][1]["id"] == "x"
    assert checker.fail(("eintraege", 1, "id"), "keine Zahl").message.endswith(
        ", Zeile 5: eintraege[2].id: keine Zahl"
    )


def test_a_user_file_is_read_from_disk_every_time_and_never_copied_to_the_cache(tmp_path):
    """Personal data (DSGVO) is never copied outside the files the user chose."""
    import os
    from pathlib import Path

    import ksm_cli.storage as storage

    def files_in_the_cache() -> dict[Path, bytes]:
        cache = Path(os.environ["KSM_CACHE_DIR"])  # holds the validated knowledge (conftest.py)
        return {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} if cache.exists() else {}

    before = files_in_the_cache()
    path = tmp_path / "s.yaml"
    path.write_text("a: 1\nb: [x, y]\n", encoding="utf-8")
    data, checker = storage.read_user_file(path, "fehlt")
    assert data == {"a": "1", "b": ["x", "y"]}
    assert checker.fail(("b", 1), "x").message.endswith("Zeile 2: b[2]: x")  # lines on demand
    path.write_text("a: 2\n", encoding="utf-8")
    assert storage.read_user_file(path, "fehlt")[0] == {"a": "2"}
    assert files_in_the_cache() == before


def test_a_lock_held_by_a_living_process_makes_the_next_wait_and_fail_in_german(tmp_path):
    import subprocess
    import sys

    from ksm_cli.fs import FileLock

    path = tmp_path / "log.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\nfrom pathlib import Path\nfrom ksm_cli.fs import FileLock\n"
                f"with FileLock(Path({str(path)!r})):\n    print('held', flush=True)\n    time.sleep(30)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(FileProblem, match="ist gesperrt"):
            with FileLock(path, timeout=0.3):
                pass
        holder.kill()  # SIGKILL: no chance to clean up ...
        holder.wait()
        with FileLock(path, timeout=2):  # ... and the lock is free at once
            pass
    finally:
        holder.kill()
        holder.wait()


def test_temporaries_left_by_a_killed_write_are_removed_once_stale(tmp_path):
    import time

    target = tmp_path / "log.yaml"
    stale, fresh, other = (
        tmp_path / ".ksm-abc.tmp",
        tmp_path / ".ksm-def.tmp",
        tmp_path / ".andere.yaml.ghi.tmp",  # not ksm's
    )
    for leftover in (stale, fresh, other):
        leftover.write_text("halb", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    atomic_write_text(target, "a: 1\n")
    assert not stale.exists() and fresh.exists() and other.exists()  # only ksm's own, only old ones
    assert target.read_text(encoding="utf-8") == "a: 1\n"


SCALARS = st.one_of(
    st.text(alphabet="0123456789_-+.:eExXoObB", max_size=20),
    st.sampled_from(["yes", "No", "on", "OFF", "null", "~", "true", "2027-06-30", "1_000", "012", "0o17"]),
    st.sampled_from(["0x1F", ".inf", "-.NaN", "1e3", "1.5", "190:20:30", "'5'", '"x"', "k1", "Ölheizung"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(SCALARS, min_size=1, max_size=6))
def test_implicit_types_are_those_of_pyyaml_itself(values):
    """The quick paths for plain text and short decimal numbers in ``parse_yaml`` give exactly
    what PyYAML's own safe loader gives (types included: 012 is octal in YAML 1.1, 1_000 is 1000)."""
    import math

    import yaml

    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(values))
    try:
        expected = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return  # refused by PyYAML: parse_yaml's refusals are tested above
    try:
        got = parse_yaml(text).data
    except FileProblem:
        return  # ksm is stricter on a few values (binary, impossible dates)
    for key, value in expected.items():
        mine = got[key]
        assert type(mine) is type(value), (key, text)
        assert mine == value or (isinstance(value, float) and math.isnan(value) and math.isnan(mine))
