"""The quick path: the common reading commands of ksm without typer.

Importing typer (and the click it brings) is most of every start-up: about 45 ms, more than
everything ksm does for ``ksm models show V8`` or ``ksm mentoring credits`` with 1,000 entries
(docs/performance.md). For the commands in ``QUICK``, ``ksm_cli.cli.app.main`` asks
``quick_call`` first. It parses the command line itself, from the description of the options
that ``ksm_cli.cli.quick_build`` writes out of the typer declarations into
``ksm_cli.cli.quick_spec`` (a test keeps it current), and runs the command's work in
``ksm_cli.commands``, the same function the typer declaration calls, through the same error
boundary (``ksm_cli.cli.guard``).

It parses only what it can parse with certainty, and gives everything else to typer, which
then shows the help, the completion or the German usage error as before: ``--help`` anywhere,
``--``, an option it does not know, a value that is missing, empty or begins with "-", a file or
folder that click's checks would refuse, arguments that are not valid UTF-8, and shell
completion. (Wildcards such as ``*.yaml`` are no reason: click expands them on Windows only when
it reads ``sys.argv`` itself, and ksm hands it the arguments.) So the quick path never says anything
typer would not say: ``tests/test_quick.py`` checks for many command lines that typer calls the
same function with the same values, and that the output is the same.

``KSM_QUICK=0`` turns it off (for comparing, and should it ever be in the way).

No typer, rich or questionary here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# The commands with a quick path: the command words and the function in ksm_cli.commands.
QUICK: dict[tuple[str, ...], tuple[str, str]] = {
    ("assess",): ("ksm_cli.commands.assess", "assess"),
    ("status",): ("ksm_cli.commands.status", "status"),
    ("flowchart",): ("ksm_cli.commands.flowchart", "flowchart"),
    ("models", "list"): ("ksm_cli.commands.models", "list_models"),
    ("models", "show"): ("ksm_cli.commands.models", "show_model"),
    ("models", "compare"): ("ksm_cli.commands.models", "compare_models"),
    ("tasks", "list"): ("ksm_cli.commands.tasks", "list_tasks"),
    ("tasks", "compare"): ("ksm_cli.commands.tasks", "compare_tasks"),
    ("mentoring", "list"): ("ksm_cli.commands.mentoring", "list_entries"),
    ("mentoring", "credits"): ("ksm_cli.commands.mentoring", "credits"),
    ("mentoring", "report"): ("ksm_cli.commands.mentoring", "report"),
    ("mentoring", "formats"): ("ksm_cli.commands.mentoring", "formats"),
    ("mentoring", "topics"): ("ksm_cli.commands.mentoring", "topics"),
}

GROUPS = {words[0] for words in QUICK if len(words) > 1}


class Parsed:
    """A command line the quick path can run: the command words, the root options, the values."""

    __slots__ = ("words", "data", "debug", "values")

    def __init__(self, words: tuple[str, ...], data: Path | None, debug: bool, values: dict[str, Any]):
        self.words = words
        self.data = data
        self.debug = debug
        self.values = values


def quick_call(args: Sequence[str]) -> Callable[[], object] | None:
    """The command to run for ``args`` without typer, or None: then typer runs them."""
    if os.environ.get("KSM_QUICK", "").strip() == "0":
        return None
    if list(args) == ["--version"]:  # typer's eager --version, alone: the same line
        return _version
    try:
        parsed = parse(args)
    except Exception:  # noqa: BLE001 - whatever it is, typer parses it and says it in German
        return None
    if parsed is None:
        return None

    def call() -> object:
        import importlib

        from ksm_cli.cli.run import Run

        module, name = QUICK[parsed.words]
        function = getattr(importlib.import_module(module), name)
        return function(Run(parsed.data, parsed.debug), **parsed.values)

    return call


def _version() -> None:
    from ksm_cli import __version__

    print(f"ksm {__version__}")


def parse(args: Sequence[str]) -> Parsed | None:
    """``args`` parsed as click would parse them, or None when that is not certain."""
    if "_KSM_COMPLETE" in os.environ:  # shell completion: typer's
        return None
    for arg in args:
        if not arg or "\x00" in arg or any("\ud800" <= char <= "\udfff" for char in arg):
            return None
    from ksm_cli.cli.quick_spec import COMMANDS, ROOT

    rest = list(args)
    root = _options(rest, ROOT["options"], stop_at_word=True)
    if root is None or not rest:
        return None
    words: tuple[str, ...] = (rest.pop(0),)
    if words[0] in GROUPS:
        if not rest:
            return None
        words += (rest.pop(0),)
    spec = COMMANDS.get(" ".join(words))
    if spec is None or words not in QUICK:
        return None
    values = _options(rest, spec["options"], stop_at_word=False)
    if values is None or not _arguments(rest, spec["arguments"], values):
        return None
    return Parsed(words, root.pop("data", None), bool(root.pop("debug", False)), values)


def _options(rest: list[str], options: dict[str, tuple], stop_at_word: bool) -> dict[str, Any] | None:
    """The options in ``rest`` by parameter name; what is left in ``rest`` are the words.

    ``stop_at_word``: a group's options, which end at the first word (its command)."""
    values: dict[str, Any] = {}
    words: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if not token.startswith("-") or token == "-":
            if token == "-":
                return None  # click's "-" is a value of its own kind
            if stop_at_word:
                words = [token, *rest[index:]]
                break
            words.append(token)
            continue
        name, equals, inline = token.partition("=")
        if not name.startswith("--") or name not in options:
            return None  # a short option, --help, --, or one ksm does not know here
        param, kind, *checks = options[name]
        if kind == "flag":
            if equals:
                return None
            values[param] = True
            continue
        if equals:
            value = inline
        elif index < len(rest):
            value = rest[index]
            index += 1
        else:
            return None  # the value is missing
        if not value or value.startswith("-"):
            return None
        if kind == "texts":
            values.setdefault(param, []).append(value)
            continue
        if kind == "path":  # given twice: the last one counts, as in click
            converted = _path(value, *checks)
            if converted is None:
                return None
            values[param] = converted
        else:
            values[param] = value
    rest[:] = words
    return values


def _arguments(words: list[str], arguments: list[tuple], values: dict[str, Any]) -> bool:
    """The positional arguments into ``values``; False when they do not fit."""
    for param, kind, many, required, *checks in arguments:
        if many:
            taken, words = words, []
        else:
            taken, words = words[:1], words[1:]
        if required and not taken:
            return False
        if kind == "path":
            paths = [_path(word, *checks) for word in taken]
            if None in paths:
                return False
            taken = paths  # type: ignore[assignment]
        if many:
            values[param] = list(taken)
        elif taken:
            values[param] = taken[0]
    return not words


def _path(value: str, file_okay: bool, dir_okay: bool) -> Path | None:
    """click's check of a path (typer's ``TyperPath``, readable, need not exist), or None where
    it would refuse: typer then says so in German."""
    import stat

    try:
        st = os.stat(value)
    except OSError:
        return Path(value)
    if not file_okay and stat.S_ISREG(st.st_mode):
        return None
    if not dir_okay and stat.S_ISDIR(st.st_mode):
        return None
    if not os.access(value, os.R_OK):
        return None
    return Path(value)
