"""The README documents every command and shows output that the tool really produces; it leads a
KSM from set-up to a recommendation, and what is for programmers lives in docs/."""

from __future__ import annotations

import json
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_readme_section():
    from ksm_cli.cli.root import walk_commands

    paths = [
        "ksm " + " ".join(path) for path, command in walk_commands() if not hasattr(command, "list_commands")
    ]
    assert "ksm models show" in paths and "ksm tasks compare" in paths and "ksm assess" in paths
    headings = [line for line in README.splitlines() if line.startswith("###")]
    for path in paths:
        assert any(f"`{path}" in h for h in headings), f"{path} fehlt im README"


def test_readme_example_output_is_current(ksm):
    shown = ksm("models", "show", "V8", env={"COLUMNS": "100"}).stdout.rstrip("\n")
    assert shown in README
    listed = ksm("models", "list", env={"COLUMNS": "100"}).stdout.splitlines()
    assert "\n".join(listed[:16]) in README


def test_readme_gives_the_two_contributor_commands():
    assert "python dev.py start" in README and "python dev.py test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci


def test_ci_runs_every_tier_and_the_readme_names_both():
    root = Path(__file__).resolve().parent.parent
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test --all" in ci and "python3 dev.py neueste" in ci and "/mypy" in ci
    assert "python dev.py test --all" in README
    assert "python dev.py test --all" in (root / "dev.py").read_text(encoding="utf-8")  # its help


def test_readme_missing_answers_example_is_current(ksm):
    result = ksm("assess", "--set", "klimaschutzkonzept=umgesetzt")
    lines = result.stderr.splitlines()
    assert "\n".join(["$ ksm assess --set klimaschutzkonzept=umgesetzt", *lines[:3]]) in README


def test_readme_answers_example_is_valid(ksm, tmp_path):
    block = README.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "antworten.yaml"
    path.write_text(block, encoding="utf-8")
    result = ksm("assess", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.stderr


def test_readme_validate_example_is_current(ksm, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    shown = ksm("validate", env={"COLUMNS": "100"}).stdout
    assert shown in README


def _readme_block(start: str) -> str:
    return README.split(start, 1)[1].split("```", 1)[0].rstrip("\n")


def test_readme_mentoring_examples_are_current(ksm, tmp_path):
    env = {"KSM_MENTORING_LOG": str(tmp_path / "mentoring.yaml"), "COLUMNS": "100"}
    ksm(
        "mentoring",
        "init",
        "--role",
        "mentor",
        "--vorhaben",
        "anschlussvorhaben",
        "--start",
        "2025-07-01",
        env=env,
    )
    added = ksm(
        "mentoring",
        "add",
        "--date",
        "2025-10-01",
        "--kind",
        "webinar",
        "--title",
        "Kommunale Haushaltsplanung",
        env=env,
    )
    assert added.stdout.rstrip("\n") == _readme_block(
        '$ ksm mentoring add --date 2025-10-01 --kind webinar --title "Kommunale Haushaltsplanung"\n'
    )
    ksm(
        "mentoring",
        "add",
        "--date",
        "2026-02-01",
        "--kind",
        "forum",
        "--forum-weeks",
        "20",
        "--title",
        "Forum Mobilität",
        env=env,
    )
    credits = ksm("mentoring", "credits", "--year", "1", env=env)
    assert credits.stdout.rstrip("\n") == _readme_block("$ ksm mentoring credits --year 1\n")


# --- the README for a KSM: set-up, the worked path, privacy; the rest in docs/ -----------------

ROOT = Path(__file__).resolve().parent.parent


def _section(heading: str) -> str:
    return README.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def test_readme_starts_with_set_up_then_the_worked_path_then_privacy():
    headings = [line for line in README.splitlines() if line.startswith("## ")]
    assert headings[:4] == [
        "## Einrichten",
        "## Erste Schritte: eine Mappe für Ihre Kommune",
        "## Datenschutz",
        "## Befehle",
    ]
    set_up = _section("## Einrichten")
    for step in (
        "Add python.exe to PATH",
        "`cmd`",
        "Adresszeile",
        "In Terminal öffnen",
        "python dev.py start",
    ):
        assert step in set_up
    assert "python3 dev.py start" in set_up  # macOS and Linux


def test_readme_worked_path_runs_init_assess_tasks_status_plan_in_order():
    path = _section("## Erste Schritte: eine Mappe für Ihre Kommune")
    commands = [line for line in path.splitlines() if line.startswith("ksm ") or line.startswith("cd ")]
    order = ["ksm init Musterstadt", "cd Musterstadt", "ksm assess", "ksm tasks assess", "ksm status"]
    order += ["ksm plan --ics fristen.ics"]
    positions = [next(i for i, c in enumerate(commands) if c.startswith(step)) for step in order]
    assert positions == sorted(positions), commands
    assert (
        "ksm init Musterstadt --set kommune=Musterstadt --set einwohner=48.000 --set foerderende=30.06.2027"
        in path
    )


def test_readme_for_a_ksm_has_nothing_for_programmers_before_the_reference():
    before = README.split("\n## Befehle\n", 1)[0]
    for word in ("pytest", "ksm_cli", "JSON", "Schema", "mypy", "requirements", "pip install", "--json"):
        assert word not in before, word


def test_readme_names_every_file_of_the_mappe_in_its_table_and_in_the_privacy_section():
    from ksm_cli.mappe import DRAFTS, FILES, README_NAME

    table = README.split("### Die Mappe:", 1)[1].split("\n### ", 1)[0]
    privacy = _section("## Datenschutz")
    for name, _what in FILES.values():
        assert f"| `{name}` |" in table, name
        assert f"`{name}`" in privacy, name
    assert f"`{README_NAME}`" in table and f"`{README_NAME}`" in privacy
    assert all(name.startswith("entwurf-") for name in DRAFTS.values())
    assert "`entwurf-….yaml`" in table and "`entwurf-….yaml`" in privacy


def test_readme_privacy_section_says_where_the_files_are(monkeypatch):
    import os
    import sys

    from platformdirs import user_cache_dir, user_data_dir

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)  # the defaults, as a KSM has them
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    privacy = _section("## Datenschutz")
    for point in ("arbeitet offline", "sendet nichts", "eigenen Schätzungen", "Nur die KSM entscheidet"):
        assert point in privacy
    home = os.path.expanduser("~")
    data, cache = user_data_dir("ksm", appauthor=False), user_cache_dir("ksm", appauthor=False)
    if sys.platform == "win32":
        named = [p.replace(home, "C:\\Users\\NAME") for p in (data + "\\mentoring.yaml", cache)]
    else:
        named = [p.replace(home, "~", 1) for p in (data + "/mentoring.yaml", cache)]
    for path in named:  # the mentoring log's default and the cache, as platformdirs names them here
        assert f"`{path}`" in privacy, path


def test_json_schemas_and_contributor_notes_live_in_docs():
    json_doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    keytrees = json.loads((ROOT / "tests" / "snapshots" / "json_keytrees.json").read_text(encoding="utf-8"))
    for schema in keytrees:
        assert f'schema: "{schema}"' in json_doc, f"{schema} fehlt in docs/json.md"
        assert f'"{schema}"' not in README
    development = (ROOT / "docs" / "entwicklung.md").read_text(encoding="utf-8")
    for topic in ("python dev.py lock", "@pytest.mark.slow", "benchmarks/run.py", "ksm_cli/cli/", ".ci/run"):
        assert topic in development and topic not in README
    assert "(docs/json.md)" in README and "(docs/entwicklung.md)" in README


def test_every_relative_link_in_the_readme_and_docs_resolves():
    import re

    for document in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            assert (document.parent / target).exists(), f"{document.name}: {target}"
        for anchor in re.findall(r"\]\(#([^)]+)\)", text):
            slugs = {
                re.sub(r"[^\w\- ]", "", h.lstrip("#").strip().lower()).replace(" ", "-")
                for h in text.splitlines()
                if h.startswith("#")
            }
            assert anchor in slugs, f"{document.name}: #{anchor}"


def test_readme_init_example_is_current(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = (
        "ksm init Musterstadt --set kommune=Musterstadt --set einwohner=48.000 --set foerderende=30.06.2027"
    )
    shown = ksm(*command.split()[1:], env={"COLUMNS": "100"}).stdout.rstrip("\n")
    assert f"$ {command}\n{shown}\n```" in README
