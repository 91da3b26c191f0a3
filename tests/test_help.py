"""Every command's help: German, and each paragraph of its text kept together."""

from __future__ import annotations

import inspect

import pytest

from ksm_cli.cli.root import RootGroup, walk_commands

COMMANDS = [(list(path), command) for path, command in walk_commands()]


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) or "ksm" for p, _ in COMMANDS])
@pytest.mark.parametrize("output", ["rich", "plain"])
def test_every_help_is_german_and_keeps_its_paragraphs(ksm, path, command, output):
    result = ksm(*path, "--help", env={"COLUMNS": "400", "KSM_OUTPUT": output})
    assert result.exit_code == 0
    out = result.stdout
    assert "Aufruf: ksm" in out and "Diese Hilfe anzeigen und beenden." in out
    for english in [
        "Usage:",
        "Options",
        "Show this message",
        "Commands",
        "Arguments",
        "default",
        "required",
        "x>=",
        "x<=",
    ]:
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
    out = subprocess.run(
        [sys.executable, "-m", "ksm_cli", "mentoring", "credits", "--help"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    ).stdout
    assert out.startswith("Aufruf: ksm mentoring credits [OPTIONEN]\n")
    assert "\nOptionen:\n" in out and "[mindestens 1]" in out
    assert "╭" not in out and "\x1b" not in out


@pytest.mark.parametrize("name", list(RootGroup.lazy_commands))
def test_the_overview_in_ksm_help_is_the_first_sentence_of_each_command(ksm, name):
    short = RootGroup.lazy_commands[name][2]
    command = dict((tuple(p), c) for p, c in COMMANDS)[(name,)]
    assert " ".join(inspect.cleandoc(command.help).split()).startswith(short)
    assert " ".join(short.split()) in " ".join(ksm("--help").stdout.split())


def test_a_mistyped_command_gets_a_suggestion(ksm):
    result = ksm("modls", "list")
    assert result.exit_code == 2 and "Unbekannter Befehl 'modls'. Meinten Sie 'models'?" in result.stderr


def test_shell_completion_knows_the_lazily_loaded_commands_and_model_ids():
    import os
    import subprocess
    import sys

    def complete(words: str, index: int) -> list[str]:
        env = {**os.environ, "_KSM_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        return subprocess.run(
            [sys.executable, "-c", "from ksm_cli.cli.app import main; main()"],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        ).stdout.split()

    assert complete("ksm mo", 1) == ["models"]
    assert complete("ksm models s", 2) == ["show"]
    assert "V8" in complete("ksm models show V", 3)


def test_a_mistyped_subcommand_gets_a_suggestion(ksm):
    result = ksm("mentoring", "credit")
    assert result.exit_code == 2 and "Unbekannter Befehl 'credit'. Meinten Sie 'credits'?" in result.stderr


def test_a_group_builds_only_the_command_it_runs():
    from ksm_cli.cli.lazy import load_command

    module, attribute, _ = RootGroup.lazy_commands["mentoring"]
    mentoring = load_command("mentoring", module, attribute)
    assert mentoring.commands == {} and len(mentoring.list_commands(None)) == 8
    assert mentoring.get_command(None, "credits").name == "credits"
    assert list(mentoring.commands) == ["credits"]
