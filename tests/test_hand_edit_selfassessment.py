"""Property test: comments in a self-assessment survive every `tasks assess --set`."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksm_cli.storage import FieldChecker, parse_yaml
from ksm_cli.tasks.selfassessment import SelfAssessment, check_data, dump, file_text
from ksm_cli.yamledit import comment_lines


@pytest.fixture(scope="module")
def tasks_file():
    from ksm_cli.knowledge.loader import load

    return load().tasks_file


PERCENT = st.integers(0, 10_000).map(lambda n: n / 100)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_changed_values_are_written_and_every_comment_stays(tasks_file, data):
    ids = [t["id"] for t in tasks_file["tasks"] if not t["landkreis_only"]]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
    sa = SelfAssessment(
        values={t: {"ist": 10.0, "soll": 10.0} for t in chosen}, kommune="Musterstadt", draft=True
    )
    lines = dump(sa, tasks_file).splitlines()
    for number, at in enumerate(data.draw(st.lists(st.integers(0, 80), max_size=5))):
        index = at % (len(lines) + 1)
        lines.insert(
            index, f"{'  ' if index < len(lines) and lines[index].startswith('  ') else ''}# mein {number}"
        )
    for number, at in enumerate(data.draw(st.lists(st.integers(0, 80), max_size=3))):
        index = at % len(lines)
        if ":" in lines[index] and not lines[index].lstrip().startswith("#"):
            lines[index] += f"  # am Ende {number}"
    old = "\n".join(lines) + "\n"
    before = check_data(parse_yaml(old, raw_scalars=True).data, tasks_file, FieldChecker("", {}))

    after = SelfAssessment(
        values={t: dict(v) for t, v in before.values.items()}, kommune=before.kommune, draft=before.draft
    )
    for task in data.draw(st.lists(st.sampled_from(ids), max_size=3)):
        after.values[task] = {"ist": data.draw(PERCENT), "soll": data.draw(PERCENT)}
    order = [t["id"] for t in tasks_file["tasks"]]
    after.values = {t: after.values[t] for t in order if t in after.values}
    after.draft = data.draw(st.booleans())

    written = file_text(after, tasks_file, old)
    assert check_data(parse_yaml(written, raw_scalars=True).data, tasks_file, FieldChecker("", {})) == after
    assert not comment_lines(old) - comment_lines(written)
    for line in old.splitlines():
        if "  # am Ende" in line:
            assert line.split("  # am Ende")[1] in written
