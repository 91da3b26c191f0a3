"""The contract with typer 0.27.3 (pinned in pyproject.toml): no English of click or typer reaches
the user.

ksm's German usage errors and help (``ksm_cli/cli/translations.py``) depend on how this release of
typer and its copy of click (``typer._click``) word and raise their errors. This test raises every
exception type of click and every usage error that click and typer can produce, through ksm's
real commands and through a small app with every parameter type of click, and checks the line the
user sees: the exit code, one line on stderr in ksm's format, and not one English text of
click's or typer's message catalogue. The catalogue is read from the installed typer's source,
so a message a new release adds is in it: take a new typer by changing the pin and running this.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer._click import exceptions as click_exc
from typer.testing import CliRunner

from ksm_cli.cli.boundary import KsmGroup
from ksm_cli.cli.lazy import KsmCommand
from ksm_cli.cli.translations import german_usage_message

TYPER = Path(typer.__file__).parent
SOURCES = [
    *sorted((TYPER / "_click").glob("*.py")),
    TYPER / "core.py",
    TYPER / "_types.py",
    TYPER / "models.py",
    TYPER / "main.py",
    TYPER / "rich_utils.py",
    TYPER / "_completion_shared.py",
]
# Calls whose arguments are texts for the user: click's exceptions, ParamType.fail and
# Context.fail, gettext's ``_`` and ``echo``.
MESSAGE_CALLS = {
    "fail",
    "_",
    "echo",
    "ClickException",
    "UsageError",
    "BadParameter",
    "MissingParameter",
    "NoSuchOption",
    "BadOptionUsage",
    "BadArgumentUsage",
    "FileError",
}
# Functions whose returned texts are messages.
MESSAGE_FUNCTIONS = {"format_message", "get_missing_message", "get_invalid_choice_message", "show"}
# Words the issue names, whatever the source says.
ALWAYS = ["Usage", "Error", "No such", "Missing", "Invalid", "Try", "is not", "option", "argument"]
ALWAYS += ["Got unexpected", "requires", "Did you mean", "Aborted", "Possible options", "Choose from"]
# English words of the catalogue that are German words too, and appear in ksm's German texts.
SAME_IN_GERMAN = {"Option", "Argument", "Parameter", "Shell", "Path"}


def _texts(node: ast.AST) -> list[str]:
    """The literal pieces of the strings in ``node``, split where values go in."""
    pieces = []
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            pieces.extend(re.split(r"\{[^{}]*\}|%[rsd]", child.value))
    return pieces


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _message_nodes(path: Path) -> list[ast.AST]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    if path.name == "exceptions.py":  # every text of click's exceptions
        return [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        ]
    nodes: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MESSAGE_CALLS:
            nodes.extend(node.args)
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Attribute) and target.attr == "message" for target in node.targets
        ):
            nodes.append(node.value)  # e.message = f"… Did you mean …?"
        elif isinstance(node, ast.FunctionDef) and node.name in MESSAGE_FUNCTIONS:
            nodes.extend(
                child.value for child in ast.walk(node) if isinstance(child, ast.Return) and child.value
            )
    return nodes


@cache
def catalogue() -> frozenset[str]:
    """The English texts of click and typer: each literal piece of a message with a word in it."""
    found = set(ALWAYS)
    for path in SOURCES:
        for node in _message_nodes(path):
            for piece in _texts(node):
                text = " ".join(piece.split()).strip(" .:,;()[]'\"!?*-=<>/|")
                if re.search(r"[A-Za-z]{3,}", text) and text not in SAME_IN_GERMAN:
                    found.add(text)
    return frozenset(found)


def english_in(text: str) -> list[str]:
    """The texts of the catalogue in ``text``, as whole words."""
    return sorted(
        english
        for english in catalogue()
        if re.search(r"(?<![A-Za-zÄÖÜäöüß])" + re.escape(english) + r"(?![A-Za-zÄÖÜäöüß])", text)
    )


def assert_one_german_line(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: "), lines
    assert english_in(result.stderr) == [], result.stderr
    assert result.stdout == ""
    return lines[0]


def test_the_catalogue_is_read_from_typers_source():
    texts = catalogue()
    assert len(texts) > 60, sorted(texts)
    for english in [
        "No such option",
        "is not a valid",
        "is not in the range",
        "is not one of",
        "does not exist",
        "is a directory",
        "Got unexpected extra argument(s",
        "Missing argument",
        "Missing command",
        "No such command",
        "requires",
        "does not take a value",
        "Could not open file",
        "Did you mean",
        "Aborted",
    ]:
        assert english in texts, english


# --- through ksm's real commands ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        # unknown command, with and without a close match, at the top and in a group
        (["modls"], "Unbekannter Befehl 'modls'. Meinten Sie 'models'?"),
        (["xyzzy"], "Unbekannter Befehl 'xyzzy'. Hilfe: ksm --help"),
        (["mentoring", "lsit"], "Unbekannter Befehl 'lsit'. Meinten Sie 'list'?"),
        (["models", "zeigen"], "Unbekannter Befehl 'zeigen'."),
        # options, but no command
        (["--debug"], "Es fehlt ein Befehl."),
        (["mentoring", "--json"], "Unbekannte Option '--json'."),
        # unknown option, with and without a close match, long and short
        (["mentoring", "add", "--dat", "2025-01-01"], "Unbekannte Option '--dat'. Meinten Sie '--date'?"),
        (["models", "list", "--xyz"], "Unbekannte Option '--xyz'."),
        (["models", "list", "-x"], "Unbekannte Option '-x'."),
        (["--verbose", "models", "list"], "Unbekannte Option '--verbose'."),
        # missing argument, missing value of an option, a value for a flag
        (["models", "show"], "Das Argument ID fehlt."),
        (["models", "compare"], "Es fehlen Argumente: ID ID [ID]... Hilfe:"),
        (["tasks", "compare"], "Das Argument DATEI fehlt."),
        (["mentoring", "add", "--date"], "Die Option --date braucht einen Wert."),
        (["--data"], "Die Option --data braucht einen Wert."),
        (["models", "list", "--json=ja"], "Die Option --json nimmt keinen Wert."),
        # extra arguments
        (["models", "list", "extra"], "Unerwartete zusätzliche Argumente: extra"),
        (["models", "show", "V8", "V9", "--json"], "Unerwartete zusätzliche Argumente: V9"),
        (["flowchart", "a", "b"], "Unerwartete zusätzliche Argumente: a b"),
        # paths: ksm checks them itself (exists=False), so these are ksm's own German lines
        (["--data", "/nonexistent/wissen", "models", "list"], "Wissensverzeichnis nicht gefunden"),
        (["tasks", "compare", "/nonexistent/sa.yaml"], "/nonexistent/sa.yaml: Datei nicht gefunden."),
    ],
)
def test_usage_errors_of_ksms_commands_are_one_german_line(ksm, args, start):
    line = assert_one_german_line(ksm(*args))
    assert line.startswith("Fehler: " + start), line
    if start.startswith(("Unbekannt", "Es fehl", "Die Option", "Das Argument", "Unerwartete")):
        assert " Hilfe: ksm" in line and line.endswith(" --help")


@pytest.mark.parametrize(
    "args", [["models", "--help"], ["mentoring", "add", "--help"], ["models", "show", "-h"]]
)
def test_help_of_a_subcommand_is_no_error(ksm, args):
    result = ksm(*args)
    if args[-1] == "-h":  # ksm has no short help option: a German usage error
        assert "Unbekannte Option '-h'." in assert_one_german_line(result)
        return
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("Aufruf: ksm") or "Aufruf: ksm" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


def test_an_option_given_twice_is_taken_the_last_time(ksm):
    """click has no error for a repeated option: the last value counts (nothing English either)."""
    result = ksm("models", "show", "V8", "--json", "--json")
    assert result.exit_code == 0 and result.stderr == ""


def _every_command():
    from ksm_cli.cli.root import walk_commands

    return [list(path) for path, _ in walk_commands()]


@pytest.mark.parametrize("output", ["rich", "plain"])
def test_no_help_of_ksm_has_english_of_click(ksm, output):
    for path in _every_command():
        result = ksm(*path, "--help", env={"COLUMNS": "100", "KSM_OUTPUT": output})
        assert result.exit_code == 0 and english_in(result.stdout) == [], (path, english_in(result.stdout))


def test_a_group_without_a_command_shows_its_help(ksm):
    result = ksm("mentoring")
    assert result.exit_code == 0 and result.stderr == "" and "Aufruf: ksm mentoring" in result.stdout


# --- every parameter type of click and typer ---------------------------------------------------


class Colour(enum.StrEnum):
    red = "rot"
    green = "grün"


def _parse_year(text: str | int) -> int:
    if not str(text).isdigit():
        raise ValueError(text)
    return int(text)


contract = typer.Typer(cls=KsmGroup, name="ksm", add_completion=False, pretty_exceptions_enable=False)


@contract.command("kinds", cls=KsmCommand)
def kinds(
    number: Annotated[int, typer.Option("--number")] = 0,
    ratio: Annotated[float, typer.Option("--ratio")] = 0.0,
    count: Annotated[int, typer.Option("--count", min=1)] = 1,
    share: Annotated[float, typer.Option("--share", min=0, max=1)] = 0.5,
    between: Annotated[int, typer.Option("--between", min=1, max=10)] = 5,
    colour: Annotated[Colour, typer.Option("--colour")] = Colour.red,
    when: Annotated[dt.datetime | None, typer.Option("--when")] = None,
    ident: Annotated[uuid.UUID | None, typer.Option("--ident")] = None,
    existing: Annotated[Path | None, typer.Option("--existing", exists=True)] = None,
    folder: Annotated[Path | None, typer.Option("--folder", exists=True, file_okay=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", exists=True, dir_okay=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", writable=True)] = None,
    pair: Annotated[tuple[int, int], typer.Option("--pair")] = (0, 0),
    opened: Annotated[typer.FileText | None, typer.Option("--open")] = None,
    year: Annotated[int, typer.Option("--year", parser=_parse_year)] = 2025,
) -> None:
    """Every type of click."""


@contract.command("answer", cls=KsmCommand)
def answer(
    value: Annotated[bool, typer.Argument()], numbers: Annotated[tuple[int, int], typer.Argument()]
) -> None:
    """A boolean argument and one of two values."""


@contract.command("needs", cls=KsmCommand)
def needs(colour: Annotated[Colour, typer.Option("--colour")]) -> None:
    """A required choice."""


@contract.command("write", cls=KsmCommand)
def write(target: Annotated[typer.FileTextWrite, typer.Option("--to")]) -> None:
    """A file opened when it is first written (click's FileError)."""
    target.write("x")


RAISED = {
    "UsageError": lambda ctx: click_exc.UsageError("No such command 'x'.", ctx),
    "BadParameter": lambda ctx: click_exc.BadParameter(
        "Value must be an iterable.", ctx, param_hint="--name"
    ),
    "MissingParameter": lambda ctx: click_exc.MissingParameter(
        ctx=ctx, param_hint="--name", param_type="option"
    ),
    "NoSuchOption": lambda ctx: click_exc.NoSuchOption("--nam", possibilities=["--name"], ctx=ctx),
    "BadOptionUsage": lambda ctx: click_exc.BadOptionUsage(
        "--name", "Option '--name' requires an argument.", ctx
    ),
    "BadArgumentUsage": lambda ctx: click_exc.BadArgumentUsage("Argument 'name' takes 2 values.", ctx),
    "FileError": lambda ctx: click_exc.FileError("notes.txt"),
    "ClickException": lambda ctx: click_exc.ClickException(
        "Too many CLI parameter callback function parameters"
    ),
    "Abort": lambda ctx: typer.Abort(),
    "Exit": lambda ctx: typer.Exit(3),
}


@contract.command("raise", cls=KsmCommand)
def raise_(ctx: typer.Context, kind: Annotated[str, typer.Argument()]) -> None:
    """Raise one exception type of click."""
    raise RAISED[kind](ctx)


def run_contract(*args: str):
    result = CliRunner().invoke(contract, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["kinds", "--number", "viel"], "Ungültiger Wert für --number: 'viel' ist keine ganze Zahl."),
        (["kinds", "--ratio", "1,5"], "Ungültiger Wert für --ratio: '1,5' ist keine gültige Zahl."),
        (
            ["kinds", "--count", "0"],
            "Ungültiger Wert für --count: 0 ist nicht erlaubt (erlaubt: mindestens 1).",
        ),
        (["kinds", "--share", "2"], "Ungültiger Wert für --share: 2.0 ist nicht erlaubt (erlaubt: 0 bis 1)."),
        (
            ["kinds", "--between", "11"],
            "Ungültiger Wert für --between: 11 ist nicht erlaubt (erlaubt: 1 bis 10).",
        ),
        (
            ["kinds", "--colour", "blau"],
            "Ungültiger Wert für --colour: 'blau' ist keiner der erlaubten Werte",
        ),
        (["kinds", "--when", "morgen"], "Ungültiger Wert für --when: 'morgen' passt zu keinem der Formate"),
        (["kinds", "--ident", "x"], "Ungültiger Wert für --ident: 'x' ist keine gültige UUID."),
        (["kinds", "--existing", "/nonexistent"], "Ungültiger Wert für --existing: Der Pfad '/nonexistent'"),
        (
            ["kinds", "--folder", "/nonexistent"],
            "Ungültiger Wert für --folder: Das Verzeichnis '/nonexistent'",
        ),
        (["kinds", "--pair", "1"], "Die Option --pair braucht 2 Werte."),
        (["kinds", "--pair", "1", "x"], "Ungültiger Wert für --pair: 'x' ist keine ganze Zahl."),
        (
            ["kinds", "--open", "/nonexistent/x.txt"],
            "Ungültiger Wert für --open: Die Datei '/nonexistent/x.txt' lässt sich nicht öffnen (Datei oder",
        ),
        (["kinds", "--year", "zwanzig"], "Ungültiger Wert für --year: 'zwanzig' ist ungültig."),
        (
            ["answer", "vielleicht", "1", "2"],
            "Ungültiger Wert für VALUE: 'vielleicht' ist kein Wahrheitswert",
        ),
        (["answer", "ja", "1"], "Das Argument NUMBERS braucht 2 Werte."),
        (["needs"], "Die Option --colour fehlt. Erlaubt: 'rot', 'grün'."),
        (["raise", "UsageError"], "Der Aufruf ist ungültig."),
        (["raise", "BadParameter"], "Ungültiger Wert für --name."),
        (["raise", "MissingParameter"], "Die Option --name fehlt."),
        (["raise", "NoSuchOption"], "Unbekannte Option '--nam'. Meinten Sie '--name'?"),
        (["raise", "BadOptionUsage"], "Die Option --name ist hier falsch verwendet."),
        (["raise", "BadArgumentUsage"], "Das Argument NAME braucht 2 Werte."),
    ],
)
def test_every_usage_error_of_click_is_one_german_line(args, start):
    line = assert_one_german_line(run_contract(*args))
    assert line.startswith("Fehler: " + start), line


def test_a_path_of_the_wrong_kind_is_named_in_german(tmp_path, monkeypatch):
    import os

    file = tmp_path / "datei.txt"
    file.write_text("x", encoding="utf-8")
    line = assert_one_german_line(run_contract("kinds", "--folder", str(file)))
    assert f"Ungültiger Wert für --folder: Das Verzeichnis '{file}' ist eine Datei, kein Verzeichnis." in line
    line = assert_one_german_line(run_contract("kinds", "--file", str(tmp_path)))
    assert f"Ungültiger Wert für --file: Die Datei '{tmp_path}' ist ein Verzeichnis, keine Datei." in line
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: path != str(file) and real_access(path, mode))
    line = assert_one_german_line(run_contract("kinds", "--existing", str(file)))
    assert f"Der Pfad '{file}' ist nicht lesbar (keine Leseberechtigung)." in line
    line = assert_one_german_line(run_contract("kinds", "--output", str(file)))
    assert f"Der Pfad '{file}' ist nicht lesbar" in line  # readable is checked first
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: mode == os.R_OK or path != str(file))
    line = assert_one_german_line(run_contract("kinds", "--output", str(file)))
    assert f"Der Pfad '{file}' ist nicht beschreibbar (keine Schreibberechtigung)." in line


def test_a_file_that_cannot_be_opened_is_german_with_exit_code_1(tmp_path):
    line = assert_one_german_line(run_contract("write", "--to", str(tmp_path / "fehlt" / "x.txt")), code=1)
    assert line.startswith(f"Fehler: Die Datei '{tmp_path / 'fehlt' / 'x.txt'}' lässt sich nicht öffnen (")
    line = assert_one_german_line(run_contract("raise", "FileError"), code=1)
    assert line == "Fehler: Die Datei 'notes.txt' lässt sich nicht öffnen (unbekannter Fehler)."


def test_a_bare_click_exception_is_an_unexpected_error():
    """typer raises a bare ClickException only for a command function it cannot use."""
    result = run_contract("raise", "ClickException")
    assert result.exit_code == 1 and result.stderr.startswith("Fehler: Unerwarteter Fehler (ClickException")


def test_abort_and_exit():
    result = run_contract("raise", "Abort")
    assert result.exit_code == 130 and result.stderr == "Abgebrochen.\n"
    result = run_contract("raise", "Exit")
    assert result.exit_code == 3 and result.stderr == "" and result.stdout == ""


def test_no_arguments_show_the_help():
    contract_with_help = typer.Typer(cls=KsmGroup, add_completion=False, no_args_is_help=True)
    contract_with_help.command("eins", cls=KsmCommand)(lambda: None)
    contract_with_help.command("zwei", cls=KsmCommand)(lambda: None)
    result = CliRunner().invoke(contract_with_help, [])
    assert result.exit_code == 0 and result.stderr == "" and "Aufruf:" in result.stdout


@pytest.mark.parametrize("kind", [name for name in RAISED if name not in ("Abort", "Exit")])
def test_the_catalogue_finds_clicks_own_text_of_each_error(kind):
    """The check of English is not empty: click's own message of each error is caught by it."""
    exc = RAISED[kind](None)
    assert english_in(exc.format_message()), exc.format_message()
    if isinstance(exc, click_exc.UsageError):
        assert english_in(german_usage_message(exc)) == []


@pytest.mark.parametrize(
    ("args", "loaded"), [(["--version"], False), (["models", "list"], False), (["--help"], True)]
)
def test_the_translations_are_loaded_only_for_a_help_or_an_error(args, loaded):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from ksm_cli.cli.app import main\n"
        f"sys.argv = ['ksm', *{args!r}]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write(str('ksm_cli.cli.translations' in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )
    assert result.stderr.endswith(str(loaded)), result.stderr


@pytest.mark.parametrize("words", ["ksm --", "ksm models list --", "ksm mentoring add --"])
def test_completions_show_german_help(words):
    """zsh and fish show each option's help next to it: German, as in the help."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "_KSM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    out = subprocess.run(
        [sys.executable, "-c", "from ksm_cli.cli.app import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    ).stdout
    assert '"--help":"Diese Hilfe anzeigen und beenden."' in out
    assert english_in(out) == [] and "Show this message" not in out, out
