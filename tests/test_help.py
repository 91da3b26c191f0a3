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
def test_every_help_is_german_and_keeps_its_paragraphs(ksm, path, command):
    result = ksm(*path, "--help", env={"COLUMNS": "400"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Aufruf: ksm" in out and "Diese Hilfe anzeigen und beenden." in out
    for english in ["Usage:", "Options", "Show this message", "Commands", "Arguments", "[default"]:
        assert english not in out, english
    assert command.help, f"{' '.join(path)} hat keinen Hilfetext"
    lines = [" ".join(line.strip(" │").split()) for line in out.splitlines()]
    for paragraph in inspect.cleandoc(command.help).split("\n\n"):
        assert " ".join(paragraph.split()) in lines, paragraph
