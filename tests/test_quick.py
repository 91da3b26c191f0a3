"""The quick path (ksm_cli/cli/quick.py): without typer, and never different from typer.

What is checked:
- the description of the options (ksm_cli/cli/quick_spec.py) is the one typer's declarations give;
- the work of every quick command takes exactly the options typer declares, with typer's defaults;
- for any command line the quick path takes, typer calls the same function with the same values
  (hypothesis over command lines built from the options, odd values and odd tokens);
- the common command lines do take the quick path (else it would quietly stop helping);
- a whole run gives the same output, errors and exit code both ways (KSM_QUICK=0 is typer's way).
"""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli_assess import ANSWERS
from test_startup import LOG, SELF_ASSESSMENT
from typer.testing import CliRunner

from ksm_cli.cli.quick import QUICK, parse, quick_call
from ksm_cli.cli.quick_spec import COMMANDS, ROOT

ROOT_DIR = Path(__file__).resolve().parent.parent


def _function(words: tuple[str, ...]):
    module, name = QUICK[words]
    return getattr(importlib.import_module(module), name)


def test_the_spec_is_current():
    from ksm_cli.cli.quick_build import TARGET, text

    assert TARGET.read_text(encoding="utf-8") == text(), "veraltet: python dev.py schemas"


def _typer_params(words: tuple[str, ...]) -> dict[str, object]:
    """The parameters typer declares for the command, with their defaults."""
    import typer.main

    from ksm_cli.cli.root import app

    command = typer.main.get_command(app)
    for word in words:
        command = command.get_command(None, word)
    return {p.name: p.default for p in command.params if p.name != "help"}


@pytest.mark.parametrize("words", sorted(QUICK), ids=" ".join)
def test_the_work_takes_the_declared_options_with_typers_defaults(words):
    signature = inspect.signature(_function(words))
    names = list(signature.parameters)
    assert names[0] == "run"
    declared = _typer_params(words)
    assert set(names[1:]) == set(declared)
    for name, default in declared.items():
        parameter = signature.parameters[name]
        if parameter.default is inspect.Parameter.empty:  # a required argument
            continue
        assert parameter.default == default or (default in ((), []) and parameter.default is None), name


SIGNATURES = {words: inspect.signature(_function(words)) for words in QUICK}  # before any spy


def _bound(words, run_data, run_debug, args, kwargs):
    signature = SIGNATURES[words]
    bound = signature.bind(None, *args, **kwargs)
    bound.apply_defaults()
    values = dict(bound.arguments)
    values.pop("run")
    # typer hands a repeatable option that was not given as None or as an empty list
    values = {key: (None if value == [] else value) for key, value in values.items()}
    return words, run_data, bool(run_debug), values


def _typer_would_call(args: list[str], monkeypatch) -> tuple | None:
    """What typer calls for ``args``: (words, --data, --debug, values), or None if it calls none."""
    from ksm_cli.cli.root import app

    calls = []
    with monkeypatch.context() as patch:
        for words, (module, name) in QUICK.items():

            def spy(run, *a, _words=words, **kw):
                calls.append(_bound(_words, run.data, run.debug, a, kw))

            patch.setattr(importlib.import_module(module), name, spy)
        CliRunner().invoke(app, args)
    assert len(calls) <= 1
    return calls[0] if calls else None


def _quick_would_call(args: list[str]) -> tuple | None:
    parsed = parse(args)
    if parsed is None:
        return None
    return _bound(parsed.words, parsed.data, parsed.debug, (), parsed.values)


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("quick")
    (folder / "datei.yaml").write_text("x: 1\n", encoding="utf-8")
    (folder / "ordner").mkdir()
    return {
        "file": str(folder / "datei.yaml"),
        "dir": str(folder / "ordner"),
        "new": str(folder / "neu.yaml"),
    }


VALUES = [
    "V8",
    "v7",
    "1",
    "0",
    "x",
    "ä Ö",
    "a=b",
    "kommunentyp=landkreis",
    "",
    "-",
    "-1",
    "--json",
    "2027-01-01",
]
ODD = ["--help", "-h", "--", "-", "--nope", "--json=1", "--all=ja", "-x", "--version", "extra", "--data"]


GOOD = ["V8", "v7", "1", "x", "ä Ö", "a=b", "kommunentyp=landkreis", "2027-01-01"]


@st.composite
def command_lines(draw, places):
    """Command lines of a quick command: mostly well formed, some with odd values or tokens."""
    words = draw(st.sampled_from(sorted(QUICK)))
    spec = COMMANDS[" ".join(words)]
    good = st.one_of(st.sampled_from(GOOD), st.sampled_from(sorted(places.values())))
    values = st.one_of(good, good, good, st.sampled_from(VALUES))

    def option(options: dict) -> list[str]:
        flag = draw(st.sampled_from(sorted(options)))
        if options[flag][1] == "flag":
            return [flag]
        if draw(st.booleans()):
            return [flag, draw(values)]
        return [f"{flag}={draw(values)}"]

    root: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        root += option(ROOT["options"]) if draw(st.integers(0, 9)) else ["--version"]
    tokens: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 14))
        if choice <= 10 and spec["options"]:
            tokens += option(spec["options"])
        elif choice <= 13:
            tokens.append(draw(values))  # a positional argument, or one too many
        else:
            tokens.append(draw(st.sampled_from(ODD)))
    if spec["arguments"] and draw(st.integers(0, 4)):
        tokens.append(draw(values))
    tokens = draw(st.permutations(tokens))
    return [*root, *words, *tokens]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_what_the_quick_path_runs_typer_runs_alike(data, places, monkeypatch):
    args = data.draw(command_lines(places))
    quick = _quick_would_call(args)
    if quick is not None:
        assert _typer_would_call(args, monkeypatch) == quick, args


COMMON = [
    ["models", "list"],
    ["models", "list", "--json"],
    ["models", "show", "V8"],
    ["models", "show", "v6b", "--json"],
    ["models", "compare", "V7", "V8", "V9"],
    ["flowchart"],
    ["flowchart", "--mermaid"],
    ["flowchart", "--answers", "antworten.yaml"],
    ["assess", "--answers", "antworten.yaml"],
    ["assess", "--answers", "antworten.yaml", "--json"],
    ["assess", "--set", "kommunentyp=landkreis", "--set", "klimaschutzkonzept=umgesetzt"],
    ["assess", "--answers=antworten.yaml", "--report", "bericht.docx", "--stichtag", "01.03.2027"],
    ["assess", "--batch", "kommunen.csv", "--csv", "ergebnis.csv"],
    ["assess"],
    ["status"],
    ["status", "--json", "--stichtag", "2027-01-01", "--mappe", "."],
    ["tasks", "compare", "selbsteinschaetzung.yaml"],
    ["tasks", "compare", "--json"],
    ["tasks", "compare", "s.yaml", "--markdown", "s.md", "--csv", "s.csv", "--force"],
    ["mentoring", "credits"],
    ["mentoring", "credits", "--all", "--json", "--log", "protokoll.yaml"],
    ["mentoring", "credits", "--year", "2", "--check"],
    ["mentoring", "list", "--year", "1"],
    ["mentoring", "report", "--output", "bericht.txt"],
    ["mentoring", "formats", "--json"],
    ["mentoring", "topics"],
    ["tasks", "list", "--landkreis"],
    ["tasks", "list", "--file", "s.yaml", "--json"],
    ["--debug", "models", "show", "V8"],
    ["--data", "wissen", "flowchart", "--json"],
]


@pytest.mark.parametrize("args", COMMON, ids=" ".join)
def test_common_command_lines_take_the_quick_path(args, monkeypatch):
    quick = _quick_would_call(args)
    assert quick is not None
    assert _typer_would_call(args, monkeypatch) == quick


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["models", "show", "--help"],
        ["models", "show", "V8", "-h"],
        ["--version"],
        ["models", "show"],  # the argument is missing: typer's German error
        ["models", "show", "V8", "V9"],
        ["mentoring", "credits", "--year"],
        ["mentoring", "credits", "--year", "-1"],
        ["mentoring", "credits", "--log", ""],
        ["mentoring", "credits", "--all=ja"],
        ["mentoring", "credits", "--json=ja"],
        ["assess", "--", "--json"],
        ["assess", "-"],
        ["init"],
        ["mentoring", "add"],
        ["mentoring"],
        ["--install-completion"],
        ["models", "show", "V\udcfc"],  # not valid UTF-8
        ["models", "show", "V\x008"],
    ],
    ids=repr,
)
def test_everything_else_is_left_to_typer(args):
    assert parse(args) is None


def test_paths_click_would_refuse_are_left_to_typer(places):
    assert parse(["mentoring", "credits", "--log", places["dir"]]) is None  # a folder as the log
    assert parse(["status", "--mappe", places["file"]]) is None  # a file as the Mappe
    assert parse(["mentoring", "credits", "--log", places["new"]]) is not None  # need not exist


def test_turned_off_and_in_completion(monkeypatch):
    assert quick_call(["models", "list"]) is not None
    monkeypatch.setenv("KSM_QUICK", "0")
    assert quick_call(["models", "list"]) is None
    monkeypatch.delenv("KSM_QUICK")
    monkeypatch.setenv("_KSM_COMPLETE", "bash_complete")
    assert quick_call(["models", "list"]) is None


def test_a_failure_while_parsing_leaves_the_line_to_typer(monkeypatch):
    import ksm_cli.cli.quick as quick

    def broken(args):
        raise OSError("kaputt")

    monkeypatch.setattr(quick, "parse", broken)
    assert quick_call(["models", "list"]) is None


# --- whole runs, both ways ---------------------------------------------------------------------

# the Musterstadt answers of the assess tests, the log and self-assessment of the start-up tests
RUNS = [
    ["--version"],
    ["models", "show", "V8"],
    ["models", "show", "v6b", "--json"],
    ["models", "show", "V99"],
    ["models", "compare", "V7", "V7"],
    ["models", "list"],
    ["flowchart", "--mermaid", "--answers", "antworten.yaml"],
    ["flowchart", "--json", "--mermaid"],
    ["flowchart", "--answers", "fehlt.yaml"],
    ["assess", "--answers", "antworten.yaml"],
    ["assess", "--answers", "antworten.yaml", "--json", "--stichtag", "01.07.2027"],
    ["assess", "--answers", "antworten.yaml", "--stichtag", "morgen"],
    ["assess", "--set", "kommunentyp=landkreis"],
    ["assess", "--answers", "antworten.yaml", "--csv", "x.csv"],
    ["status"],
    ["tasks", "compare", "s.yaml"],
    ["tasks", "compare", "s.yaml", "--json"],
    ["tasks", "compare", "fehlt.yaml"],
    ["tasks", "compare"],
    ["mentoring", "credits", "--all", "--log", "log.yaml"],
    ["mentoring", "credits", "--year", "1", "--check", "--log", "log.yaml"],
    ["mentoring", "credits", "--year", "0", "--log", "log.yaml"],
    ["mentoring", "credits", "--year", "²", "--log", "log.yaml"],
    ["mentoring", "credits", "--all", "--year", "1", "--log", "log.yaml"],
    ["mentoring", "list", "--json", "--log", "log.yaml"],
    ["mentoring", "credits", "--log", "fehlt.yaml"],
    ["mentoring", "report", "--log", "log.yaml"],
    ["mentoring", "report", "--log", "log.yaml", "--output", "log.yaml"],
    ["mentoring", "formats"],
    ["mentoring", "topics", "--json"],
    ["tasks", "list", "--file", "s.yaml"],
    ["--data", "kein-ordner", "models", "list"],
]


def _whole_run(args: list[str], folder: Path, quick: bool) -> tuple[int, str, str]:
    env = {**os.environ, "KSM_QUICK": "1" if quick else "0", "PYTHONPATH": str(ROOT_DIR)}
    env.pop("KSM_MENTORING_LOG", None)
    env["KSM_MENTORING_LOG"] = str(folder / "kein-protokoll.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "ksm_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        cwd=folder,
        env=env,
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("laeufe")
    (folder / "antworten.yaml").write_text(ANSWERS, encoding="utf-8")
    (folder / "log.yaml").write_text(LOG, encoding="utf-8")
    (folder / "s.yaml").write_text(SELF_ASSESSMENT, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [pytest.param(a, marks=[pytest.mark.slow] if i >= 4 else []) for i, a in enumerate(RUNS)],
    ids=" ".join,
)
def test_a_whole_run_is_the_same_both_ways(args, run_folder):
    assert quick_call(args) is not None or args[0] == "--data"
    quick = _whole_run(args, run_folder, quick=True)
    slow = _whole_run(args, run_folder, quick=False)
    assert quick == slow
    assert "Traceback" not in quick[2]


def test_a_quick_run_imports_no_typer(run_folder):
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('\\nMODULES:' + ','.join(sorted(sys.modules))))\n"
        "from ksm_cli.cli.app import main\n"
        "sys.argv = ['ksm', *sys.argv[1:]]\n"
        "main()\n"
    )
    for args in (["models", "show", "V8"], ["mentoring", "credits", "--all", "--log", "log.yaml"]):
        proc = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            stdin=subprocess.DEVNULL,
            cwd=run_folder,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        modules = {m.split(".")[0] for m in proc.stderr.rsplit("MODULES:", 1)[1].strip().split(",")}
        assert "typer" not in modules and "click" not in modules


@pytest.mark.parametrize(
    "declaration",
    [
        "count: int = typer.Option(1, '--count')",
        "name: str = typer.Option(..., '--name')",
        "short: bool = typer.Option(False, '--short', '-s')",
        "files: list[Path] = typer.Option(None, '--file')",
        "color: bool = typer.Option(True, '--color/--no-color')",
        "level: str = typer.Option('x', '--level', envvar='KSM_LEVEL')",
    ],
)
def test_an_option_the_quick_path_cannot_read_stops_the_spec(declaration):
    """A quick command that gets such an option must be left to typer, not parsed wrongly."""
    import typer
    import typer.main

    from ksm_cli.cli.quick_build import _options

    namespace: dict = {"typer": typer, "Path": Path}
    exec(f"def command({declaration}) -> None:\n    pass\n", namespace)  # noqa: S102
    single = typer.Typer()
    single.command()(namespace["command"])
    with pytest.raises(SystemExit, match="nicht im schnellen Pfad"):
        _options(typer.main.get_command(single), "ksm probe")
