"""Every command's help: German, and each paragraph of its text kept together."""

from __future__ import annotations

import inspect

import pytest


def _commands():
    import typer.main

    from ksm_cli.cli.app import app

    root = typer.main.get_command(app)

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(root, []))


COMMANDS = _commands()


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) or "ksm" for p, _ in COMMANDS])
@pytest.mark.parametrize("output", ["rich", "plain"])
def test_every_help_is_german_and_keeps_its_paragraphs(ksm, path, command, output):
    result = ksm(*path, "--help", env={"COLUMNS": "400", "KSM_OUTPUT": output})
    assert result.exit_code == 0
    out = result.stdout
    assert "Aufruf: ksm" in out and "Diese Hilfe anzeigen und beenden." in out
    for english in ["Usage:", "Options", "Show this message", "Commands", "Arguments", "default", "required",
                    "x>=", "x<="]:
        assert english not in out, english
    assert command.help, f"{' '.join(path)} hat keinen Hilfetext"
    # plain help is at most 120 columns wide, so there a paragraph may wrap, but only at that width
    lines = [" ".join(line.strip(" │").split()) for line in out.splitlines()]
    text = " ".join(out.split())
    for paragraph in inspect.cleandoc(command.help).split("\n\n"):
        flat = " ".join(paragraph.split())
        assert flat in lines if output == "rich" or len(flat) < 110 else flat in text, paragraph


@pytest.mark.parametrize("path", [[], ["mentoring", "credits"], ["models", "show"]])
def test_help_on_a_terminal_is_rich_and_german(ksm, path):
    result = ksm(*path, "--help", env={"KSM_OUTPUT": "rich", "COLUMNS": "100"})
    assert result.exit_code == 0
    assert "╭─ Optionen" in result.stdout and "Diese Hilfe anzeigen und beenden." in result.stdout
    for english in ["Usage:", "Options ", "Commands", "Arguments", "default", "required", "x>="]:
        assert english not in result.stdout, english


def test_help_in_a_pipe_is_plain_text():
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "100"}
    env.pop("KSM_OUTPUT", None)
    out = subprocess.run([sys.executable, "-m", "ksm_cli", "mentoring", "credits", "--help"], capture_output=True,
                         text=True, env=env, stdin=subprocess.DEVNULL, timeout=60).stdout
    assert out.startswith("Aufruf: ksm mentoring credits [OPTIONEN]\n")
    assert "\nOptionen:\n" in out and "[mindestens 1]" in out
    assert "╭" not in out and "\x1b" not in out
