"""Real terminals and real pipes: no TTY, TERM=dumb, NO_COLOR, narrow and wide, Ctrl-C everywhere.

Each runs ksm as its own process: in a pseudo-terminal (pexpect) or with its output in a pipe.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.slow  # a process per case, most of them in a pseudo-terminal
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal")

COLOR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7]|38;|48;)[0-9;]*m")
ANSI = re.compile(r"\x1b[\[\]]")
READ_COMMANDS = [
    ["models", "show", "V8"],
    ["models", "list"],
    ["flowchart"],
    ["tasks", "list"],
    ["mentoring", "formats"],
    ["--help"],
]


def _env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "KSM_MENTORING_LOG": str(tmp_path / "mentoring.yaml"),
        "KSM_CACHE_DIR": str(tmp_path / "cache"),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
    }
    for name in ("NO_COLOR", "FORCE_COLOR", "KSM_OUTPUT", "COLUMNS", "LINES"):
        env.pop(name, None)
    env.update(extra)
    return env


def _in_terminal(tmp_path, args, columns: int = 100, **extra: str) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ksm_cli", *args],
        cwd=str(tmp_path),
        env=_env(tmp_path, **extra),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def _in_pipe(tmp_path, args, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ksm_cli", *args],
        cwd=tmp_path,
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )


@posix_only
@pytest.mark.parametrize("args", READ_COMMANDS)
def test_a_terminal_gets_colour_and_no_color_or_term_dumb_take_it_away(tmp_path, args):
    if args != ["--help"]:
        assert "\x1b[" in _in_terminal(tmp_path, args)  # a terminal: rich styles (colour where there is any)
    if args in (["models", "show", "V8"], ["tasks", "list"]):
        assert COLOR.search(_in_terminal(tmp_path, args))
    assert not COLOR.search(_in_terminal(tmp_path, args, NO_COLOR="1"))
    assert not COLOR.search(_in_terminal(tmp_path, args, TERM="dumb"))


@posix_only
@pytest.mark.parametrize("columns", [40, 200])
@pytest.mark.parametrize("args", READ_COMMANDS)
def test_narrow_and_wide_terminals_are_filled_not_overrun(tmp_path, args, columns):
    shown = ANSI.sub("", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", _in_terminal(tmp_path, args, columns=columns)))
    lines = [line.rstrip("\r") for line in shown.split("\n")]
    assert max(len(line) for line in lines) <= columns
    if columns == 200 and args != ["mentoring", "formats"]:
        assert max(len(line) for line in lines) > 100  # a wide terminal is used


@pytest.mark.parametrize("args", READ_COMMANDS + [["models", "list", "--json"]])
def test_a_pipe_gets_no_terminal_codes(tmp_path, args):
    for extra in ({}, {"TERM": "xterm-256color", "FORCE_COLOR": "1"}):
        result = _in_pipe(tmp_path, args, **extra)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr


INTERACTIVE = {  # command without its answers: the flags the error must name
    "assess": (["assess"], ["--answers", "--set"]),
    "tasks assess": (["tasks", "assess"], ["--file", "--set"]),
    "mentoring init": (["mentoring", "init"], ["--role", "--vorhaben"]),
    "mentoring add": (["mentoring", "add"], ["--date", "--kind", "--title"]),
    "mentoring remove": (["mentoring", "remove", "1"], ["--yes"]),
}


@pytest.mark.parametrize("name", list(INTERACTIVE))
def test_without_a_terminal_interactive_commands_fail_at_once_naming_the_flags(tmp_path, name):
    args, flags = INTERACTIVE[name]
    if name.startswith("mentoring") and name != "mentoring init":
        _in_pipe(tmp_path, ["mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben"])
        _in_pipe(tmp_path, ["mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "A"])
    result = _in_pipe(tmp_path, args)  # stdin is /dev/null; subprocess.run's timeout stops a hang
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("Fehler: ") and all(flag in result.stderr for flag in flags), (
        result.stderr
    )


CTRL_C = {  # command, the prompt to wait for
    "assess": (["assess"], "Name der Kommune"),
    "tasks assess": (["tasks", "assess", "--file", "s.yaml"], "Name der Kommune"),
    "mentoring init": (["mentoring", "init"], "Ihre Rolle"),
    "mentoring add": (["mentoring", "add"], "Datum"),
    "mentoring remove": (["mentoring", "remove", "1"], "löschen"),
}


@posix_only
@pytest.mark.parametrize("name", list(CTRL_C))
def test_ctrl_c_in_every_interactive_command_exits_130_and_changes_nothing(tmp_path, name):
    args, prompt = CTRL_C[name]
    if name in ("mentoring add", "mentoring remove"):
        _in_pipe(tmp_path, ["mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben"])
        _in_pipe(tmp_path, ["mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "A"])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ksm_cli", *args],
        cwd=str(tmp_path),
        env=_env(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.expect(prompt)
    child.sendcontrol("c")
    child.expect("Abgebrochen.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    after = {
        p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith(".lock")
    }
    assert after == {k: v for k, v in before.items() if not k.endswith(".lock")}
