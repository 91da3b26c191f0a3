"""Every JSON document ksm writes (``ksm.*/1``) is pinned by its key tree.

A key that appears in or disappears from a public document changes its schema: it must be a
decision (README, and a new schema version where it breaks a reader), not an accident such as
an internal dict spread into the output. The trees are in tests/snapshots/json_keytrees.json;
after a deliberate change, write them anew with ``KSM_UPDATE_SNAPSHOTS=1``.

Keys that are ids from the knowledge (question ids, task ids …) are shown as ``{id}``, so that
editing the data does not change a schema.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "snapshots" / "json_keytrees.json"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def key_tree(value, prefix: str = "") -> set[str]:
    """Paths of every key: ``a.b``, ``a[].c``; a key that is an id of the knowledge is ``{id}``."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            name = "{id}" if key in knowledge_ids() else key
            path = f"{prefix}.{name}" if prefix else name
            paths.add(path)
            paths |= key_tree(item, path)
    elif isinstance(value, list):
        for item in value:
            paths |= key_tree(item, prefix + "[]")
    return paths


_IDS: set[str] = set()


def knowledge_ids() -> set[str]:
    """Every ``id`` in the shipped knowledge: models, variants, questions, answers, tasks …"""
    if not _IDS:
        from ksm_cli.knowledge.loader import load

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    _IDS.add(node["id"])
                for item in node.values():
                    walk(item)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        data = load().data
        walk(data)
        _IDS.update(data["flowchart"]["nodes"], data["flowchart"]["results"])  # mappings keyed by id
    return _IDS


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict]:
    """One document of every schema, written by the real commands."""
    import run  # benchmarks/run.py: the same answers, self-assessment and CSV as the benchmark
    from typer.testing import CliRunner

    from ksm_cli.cli.root import app

    folder = tmp_path_factory.mktemp("json")
    (folder / "a.yaml").write_text(run.ANSWERS, encoding="utf-8")
    (folder / "t.yaml").write_text(run.self_assessment(), encoding="utf-8")
    (folder / "b.csv").write_text(run.batch_csv(3), encoding="utf-8")
    log = str(folder / "m.yaml")
    runner = CliRunner()
    commands = [
        ["mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben", "--start", "2025-07-01"],
        ["mentoring", "add", "--date", "2026-01-10", "--kind", "forum", "--forum-weeks", "20"]
        + ["--title", "Forum", "--place", "Musterstadt", "--participants", "12", "--hours", "6,5"]
        + ["--posts", "3", "--note", "x"],
        ["mentoring", "add", "--date", "2026-02-10", "--kind", "webinar", "--title", "Webinar"],
        ["mentoring", "list"],
        ["mentoring", "credits", "--all"],
        ["mentoring", "report"],
        ["mentoring", "topics"],
        ["mentoring", "formats"],
        ["mentoring", "remove", "2", "--yes"],
        ["models", "list"],
        ["models", "show", "V8"],
        ["models", "show", "V6a"],
        ["models", "compare", "V7", "V8"],
        ["flowchart"],
        ["flowchart", "--answers", str(folder / "a.yaml")],
        ["validate"],
        ["tasks", "list"],
        ["tasks", "compare", str(folder / "t.yaml")],
        ["tasks", "assess", "--file", str(folder / "t.yaml")],
        ["assess", "--answers", str(folder / "a.yaml")],
        ["assess", "--batch", str(folder / "b.csv")],
    ]
    out: dict[str, dict] = {}
    for args in commands:
        env = {"KSM_MENTORING_LOG": log}
        result = runner.invoke(app, [*args, "--json"], env=env)
        assert result.exit_code == 0, (args, result.stderr)
        document = json.loads(result.stdout)
        schema = document["schema"]
        tree = out.setdefault(schema, {})
        tree.update(dict.fromkeys(key_tree(document)))
    # a Mappe with every part: ksm init, then ksm status
    mappe = folder / "Mappe"
    angaben = [
        "--set",
        "kommune=Musterstadt",
        "--set",
        "vorhaben=anschlussvorhaben",
        "--set",
        "foerderende=30.06.2027",
    ]
    import shutil

    in_mappe = ["--mappe", str(mappe)]
    for args in (
        ["init", str(mappe), *angaben],
        ["status", *in_mappe],
        ["plan", "done", "verstetigungsberatung", *in_mappe],
        ["plan", *in_mappe],
        ["report", "empfehlung", "--format", "md", *in_mappe],
    ):
        if args[0] == "status":
            shutil.copy(folder / "t.yaml", mappe / "selbsteinschaetzung.yaml")
            shutil.copy(log, mappe / "mentoring-protokoll.yaml")
            assert (
                runner.invoke(
                    app, ["assess", "--mappe", str(mappe), "--answers", str(folder / "a.yaml")]
                ).exit_code
                == 0
            )
        result = runner.invoke(app, [*args, "--json"], env={"KSM_MENTORING_LOG": log})
        assert result.exit_code == 0, (args, result.stderr)
        document = json.loads(result.stdout)
        out.setdefault(document["schema"], {}).update(dict.fromkeys(key_tree(document)))
    return out


def test_every_json_schema_has_the_pinned_key_tree(documents):
    trees = {schema: sorted(paths) for schema, paths in sorted(documents.items())}
    if os.environ.get("KSM_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(trees, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert set(trees) == set(pinned), "a schema was added or removed"
    for schema in pinned:
        added = sorted(set(trees[schema]) - set(pinned[schema]))
        gone = sorted(set(pinned[schema]) - set(trees[schema]))
        assert not added and not gone, f"{schema}: neu {added}, entfallen {gone}"


def test_every_schema_of_the_code_is_covered(documents):
    """A new ``ksm.*/1`` in the code needs a command above, so that its tree is pinned too."""
    import re

    root = Path(__file__).resolve().parent.parent / "ksm_cli"
    in_code = set()
    for path in root.rglob("*.py"):
        in_code |= set(re.findall(r'"(ksm\.[a-z.]+/\d+)"', path.read_text(encoding="utf-8")))
    assert in_code == set(documents)
