"""The README documents every command and shows output that the tool really produces."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_readme_section():
    from ksm_cli.cli.app import walk_commands

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
