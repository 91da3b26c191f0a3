"""Property test: whatever comments a KSM puts into the log, ksm's edits keep them all.

Comment lines and inline comments go to random places of a log that ksm wrote; then ksm adds an
entry, removes one or changes the header. Every comment stays, except those inside the removed
entry itself, and the log reads back as exactly what was intended.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksm_cli.mentoring.log import dump_log, log_text, read_log
from ksm_cli.yamledit import comment_lines

TITLES = st.text(alphabet="abcäöüß XYZ-:#'\"", min_size=1, max_size=12).map(str.strip).filter(bool)


def _log(titles: list[str]) -> dict:
    return {
        "rolle": "mentor",
        "vorhaben": "anschlussvorhaben",
        "projektbeginn": dt.date(2025, 7, 1),
        "regelsatz": "handreichung",
        "eintraege": [
            {
                "id": i + 1,
                "datum": dt.date(2025, 8, 1) + dt.timedelta(days=i),
                "format": "webinar",
                "titel": t,
            }
            for i, t in enumerate(titles)
        ],
    }


@pytest.fixture(scope="module")
def knowledge():
    from ksm_cli.knowledge.loader import load

    return load()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(TITLES, min_size=1, max_size=4),
    places=st.lists(st.integers(0, 60), max_size=6),
    inline=st.lists(st.integers(0, 60), max_size=4),
    operation=st.sampled_from(["add", "remove-first", "remove-last", "remove-middle", "role"]),
)
def test_every_comment_outside_a_removed_entry_survives(
    tmp_path_factory, knowledge, titles, places, inline, operation
):
    log = _log(titles)
    lines = dump_log(log).splitlines()
    for number, at in enumerate(inline):
        index = at % len(lines)
        if lines[index].strip() and not lines[index].lstrip().startswith("#") and ":" in lines[index]:
            lines[index] += f"  # inline {number}"
    for number, at in enumerate(places):
        index = at % (len(lines) + 1)
        indent = "" if index == len(lines) or not lines[index].startswith("  ") else "  "
        lines.insert(index, f"{indent}# note {number}")
    text = "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("log") / "m.yaml"
    path.write_text(text, encoding="utf-8")
    old = read_log(path, knowledge)

    new = {**old, "eintraege": list(old["eintraege"])}
    removed_lines: list[str] = []
    if operation == "add":
        new["eintraege"].append(
            {"id": len(titles) + 1, "datum": dt.date(2026, 1, 1), "format": "webinar", "titel": "Neu"}
        )
    elif operation == "role":
        new["rolle"] = "beide"
    else:
        count = len(new["eintraege"])
        index = {"remove-first": 0, "remove-last": count - 1, "remove-middle": count // 2}[operation]
        ident = new["eintraege"].pop(index)["id"]
        all_lines = text.splitlines()
        start = next(i for i, line in enumerate(all_lines) if line.split("  #")[0] == f"- id: {ident}")
        end = start + 1
        while end < len(all_lines) and not all_lines[end].startswith("- id: "):
            end += 1
        # the entry's own lines: up to its last key line; comment lines after that stay
        last_key = max(i for i in range(start, end) if not all_lines[i].lstrip().startswith("#"))
        removed_lines = all_lines[start : last_key + 1]

    written = log_text(new, text, knowledge)
    path.write_text(written, encoding="utf-8")
    assert read_log(path, knowledge) == new
    expected = comment_lines(text) - comment_lines("\n".join(removed_lines))
    inline_gone = [line.split("#", 1)[1] for line in removed_lines if "  # inline" in line]
    for comment, count in expected.items():
        assert comment_lines(written)[comment] >= count, (comment, text, written)
    for line in text.splitlines():
        if "  # inline" in line and line not in removed_lines:
            assert line.split("  # inline")[1] in written, (line, written)
    assert inline_gone is not None
