"""No Python traceback, ever, where CliRunner cannot go: a closed or broken stdout, a full disk,
Ctrl-C while ksm is still starting, bytes that are not UTF-8 and encodings that are not UTF-8.

Each test runs ksm as its own process. Every failure must be one German line on stderr with the
documented exit code, and nothing of Python's own ("Traceback", "Exception ignored").
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ksm_cli"
KSM = [sys.executable, "-m", "ksm_cli"]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors and signals")
NOT_WRITTEN = "Fehler: Ausgabe konnte nicht geschrieben werden"
ADD = ["mentoring", "add", "--date", "2026-03-12", "--kind", "webinar", "--hours", "2", "--participants", "3"]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("knowledge-cache")  # validated once, shared by the module's runs


@pytest.fixture
def env(tmp_path, cache_dir) -> dict[str, str]:
    environment = {
        **os.environ,
        "KSM_CACHE_DIR": str(cache_dir),
        "KSM_MENTORING_LOG": str(tmp_path / "mentoring.yaml"),
        "COLUMNS": "100",
    }
    for name in ("KSM_DATA_DIR", "KSM_OUTPUT", "KSM_DEBUG", "NO_COLOR", "FORCE_COLOR", "PYTHONIOENCODING"):
        environment.pop(name, None)
    return environment


def run(args, env, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [*KSM, *args], env=env, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60, **kwargs
    )


def stderr_lines(raw: bytes) -> list[str]:
    text = raw.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return [line for line in text.splitlines() if line.strip()]


def one_line(raw: bytes, start: str) -> str:
    lines = stderr_lines(raw)
    assert len(lines) == 1 and lines[0].startswith(start), lines
    return lines[0]


def init_log(env) -> None:
    result = run(["mentoring", "init", "--role", "mentor", "--vorhaben", "erstvorhaben"], env)
    assert result.returncode == 0, result.stderr


# --- 1. stdout closed, or a reader that stopped reading ------------------------------------------


@posix_only
@pytest.mark.parametrize("args", [["models", "list"], ["models", "list", "--json"], ["--version"], []])
def test_a_closed_stdout_is_one_german_line_and_exit_1(args, env):
    result = run(args, env, stdout=None, preexec_fn=lambda: os.close(1))  # ksm … >&-
    assert result.returncode == 1
    line = one_line(result.stderr, NOT_WRITTEN)
    assert line == f"{NOT_WRITTEN} (Standardausgabe ist geschlossen)."


@posix_only
def test_a_closed_stdout_is_refused_before_anything_is_saved(env):
    init_log(env)
    log = Path(env["KSM_MENTORING_LOG"])
    before = log.read_bytes()
    result = run([*ADD, "--title", "Forum"], env, stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    one_line(result.stderr, NOT_WRITTEN)
    assert log.read_bytes() == before


@posix_only
@pytest.mark.parametrize(
    "args, extra",
    [
        (["models", "list"], {}),
        (["models", "list"], {"KSM_OUTPUT": "rich"}),
        (["models", "list", "--json"], {}),
        (["flowchart", "--mermaid"], {}),
        (["--help"], {}),
        ([], {}),
    ],
)
def test_a_reader_that_closed_the_pipe_gets_silence_and_141(args, extra, env):
    """ksm … | true: the reader is gone before ksm writes. Like cat or grep: no message, 141."""
    proc = subprocess.Popen(
        [*KSM, *args],
        env={**env, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert stderr_lines(stderr) == []


@posix_only
@pytest.mark.parametrize("args", [["models", "show", "V8"], ["tasks", "list"], ["models", "list", "--json"]])
def test_head_reading_one_line_leaves_ksm_silent(args, env):
    proc = subprocess.Popen([*KSM, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) in (0, 141)  # 0 if everything was in the pipe before head left
    assert stderr_lines(stderr) == []


# --- 3. a full disk ----------------------------------------------------------------------------

full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")


@full
@pytest.mark.parametrize(
    "args, extra",
    [
        (["models", "list"], {}),
        (["models", "list"], {"KSM_OUTPUT": "rich"}),
        (["models", "list", "--json"], {}),
        (["flowchart", "--mermaid"], {}),
        (["--version"], {}),
        (["--help"], {}),
        ([], {}),
    ],
)
def test_a_full_disk_is_one_german_line_naming_the_reason(args, extra, env):
    with open("/dev/full", "w") as device:
        result = run(args, {**env, **extra}, stdout=device)
    assert result.returncode == 1
    assert one_line(result.stderr, NOT_WRITTEN) == f"{NOT_WRITTEN} (Datenträger ist voll)."


# --- 2. Ctrl-C while ksm starts ------------------------------------------------------------------


def _startup_noise(stderr: str) -> bool:
    """Ctrl-C before ksm's first line ran: in Python's own start-up or in the launcher pip wrote.

    Python prints these itself ("Fatal Python error: init_import_site", "Could not import runpy
    module", a KeyboardInterrupt in site, runpy or the script's ``import re``); no code of ksm can
    run that early. Such a traceback has no frame in the ksm_cli package."""
    frames = re.findall(r'File "([^"]+)", line', stderr)
    if any(Path(frame).is_relative_to(PACKAGE) for frame in frames):
        return False
    return "KeyboardInterrupt" in stderr or "Fatal Python error" in stderr


def _interrupt_while_starting(command: list[str], env, runs: int) -> None:
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    bare_python = time.monotonic() - start  # Python's start-up before any ksm code, on this machine
    outcomes = []
    for _ in range(runs):
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
        time.sleep(bare_python / 2 + random.uniform(0, 0.08))
        proc.send_signal(signal.SIGINT)
        stderr = proc.communicate(timeout=60)[1].decode("utf-8", "replace")
        outcomes.append((proc.returncode, stderr))
    ours = []
    for code, stderr in outcomes:
        if _startup_noise(stderr):
            continue
        lines = [line for line in stderr.splitlines() if line.strip()]
        ours.append(code)
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
        if code == 130:
            assert lines == ["Abgebrochen."], stderr
        else:  # finished first, or killed before Python had its Ctrl-C handler (the shell shows 130)
            assert code in (0, -signal.SIGINT) and lines == [], (code, stderr)
    assert ours.count(130) >= runs // 4, outcomes  # most Ctrl-Cs did come while ksm was importing


@pytest.mark.slow
@posix_only
def test_ctrl_c_while_python_m_ksm_cli_imports_is_abgebrochen_and_130(env):
    _interrupt_while_starting([*KSM, "models", "list"], env, runs=40)


@pytest.mark.slow
@posix_only
def test_ctrl_c_while_the_ksm_script_imports_is_abgebrochen_and_130(env):
    script = Path(sys.executable).parent / "ksm"
    if not script.exists():
        pytest.skip("the ksm console script is not installed beside this Python")
    _interrupt_while_starting([str(script), "models", "list"], env, runs=40)


# --- 4. bytes that are not UTF-8, encodings that are not UTF-8 ----------------------------------


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("locale", [{"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}])
@pytest.mark.parametrize(
    "args, start",
    [
        ([*ADD, "--title", b"M\xfcller"], "Fehler: --title: enthält Bytes, die kein gültiges UTF-8 sind"),
        ([*ADD, b"--note=Caf\xe9", "--title", "x"], "Fehler: --note: enthält Bytes, die kein gültiges UTF-8"),
        (
            ["models", "show", b"V\xfc"],
            "Fehler: Das Argument 'V\\xfc' enthält Bytes, die kein gültiges UTF-8",
        ),
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_with_exit_2(args, start, locale, env):
    init_log(env)
    log = Path(env["KSM_MENTORING_LOG"])
    before = log.read_bytes()
    result = run(args, {**env, **locale})
    assert result.returncode == 2
    line = one_line(result.stderr, start)
    assert "\\xfc" in line or "\\xe9" in line  # the bytes are shown, escaped
    assert log.read_bytes() == before


@posix_only
def test_utf8_text_under_a_c_locale_is_saved_as_typed(env):
    """LC_ALL=C without UTF-8 mode: Python decodes "ü" as two surrogates; ksm reads it as UTF-8."""
    c_locale = {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    init_log(env)
    title = "Müller „Wärmeplanung“ – 5 €"
    result = run([*ADD, "--title", title], c_locale)
    assert result.returncode == 0, result.stderr
    stderr_lines(result.stderr)
    listed = run(["mentoring", "list", "--json"], c_locale)
    assert listed.returncode == 0
    assert title in json.dumps(json.loads(listed.stdout), ensure_ascii=False)


ENCODINGS = [
    ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
    ({"PYTHONIOENCODING": "cp850"}, "cp850"),
    ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    ({"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, "utf-8"),  # a pipe gets UTF-8 whatever the locale
]
READ_COMMANDS = [
    ["models", "show", "V8"],
    ["models", "list"],
    ["models", "compare", "V7", "V8"],
    ["flowchart"],
    ["tasks", "list"],
    ["mentoring", "formats"],
    ["--help"],
]


@pytest.mark.slow
@pytest.mark.parametrize("extra, encoding", ENCODINGS)
def test_other_encodings_in_a_pipe_never_crash(extra, encoding, env):
    for args in READ_COMMANDS:
        result = run(args, {**env, **extra})
        assert result.returncode == 0, (args, result.stderr)
        assert stderr_lines(result.stderr) == []
        text = result.stdout.decode(encoding)  # strictly: all of it is in that encoding
        if encoding in ("cp1252", "utf-8"):
            assert "–" in text or "ä" in text or "ü" in text, args
    error = run(["models", "show", "V99"], {**env, **extra})
    assert error.returncode == 2
    one_line(error.stderr.decode(encoding).encode(), "Fehler: Unbekanntes Modell")


TERMINAL_ENCODINGS = [
    ({"PYTHONIOENCODING": "cp1252"}, "ä"),
    ({"PYTHONIOENCODING": "cp850"}, "ä"),
    ({"PYTHONIOENCODING": "ascii"}, "?"),  # asked for explicitly: kept, "ä" becomes "?"
    ({"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, "ä"),  # the C locale's ASCII: UTF-8 instead
]


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("extra, umlaut", TERMINAL_ENCODINGS)
def test_other_encodings_on_a_terminal_never_crash(extra, umlaut, env):
    pexpect = pytest.importorskip("pexpect")
    encoding = extra.get("PYTHONIOENCODING", "utf-8")
    for args in (["models", "show", "V8"], ["models", "list"], ["flowchart"], ["tasks", "list"]):
        child = pexpect.spawn(
            sys.executable,
            ["-m", "ksm_cli", *args],
            env={**env, **extra, "TERM": "xterm-256color"},
            encoding=encoding,
            timeout=30,
            dimensions=(50, 100),
        )
        child.expect(pexpect.EOF)
        child.close()
        output = child.before
        assert child.exitstatus == 0, output
        assert "Traceback" not in output and "Exception ignored" not in output
        assert umlaut in output, args
        if encoding == "utf-8":
            assert re.search("[─│╭]", output), args  # rich's box-drawing characters


def test_a_surrogate_escaped_argument_is_refused_in_process_too(ksm):
    result = ksm("models", "show", "V\udcfc")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Fehler: Das Argument 'V\\xfc' enthält Bytes, die kein gültiges UTF-8 sind"
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=12), max_size=4), st.sampled_from(["--title", "--note=", "show"]))
def test_arguments_are_their_utf8_text_or_refused_naming_the_option(raw_args, before):
    from ksm_cli.cli.boundary import utf8_arguments
    from ksm_cli.errors import UsageError

    args = [os.fsdecode(raw) for raw in raw_args]  # what Python makes of the bytes in sys.argv
    if before == "--note=":
        args = [before + arg for arg in args]
    else:
        args = [item for arg in args for item in (before, arg)]

    def utf8(arg: str) -> str | None:
        try:
            return os.fsencode(arg).decode("utf-8")
        except UnicodeDecodeError:
            return None

    bad = [arg for arg in args if utf8(arg) is None]
    if not bad:
        assert utf8_arguments(args) == [utf8(arg) for arg in args]
        return
    with pytest.raises(UsageError) as refused:
        utf8_arguments(args)
    message = refused.value.message
    assert "enthält Bytes, die kein gültiges UTF-8 sind" in message
    assert not any("\ud800" <= char <= "\udfff" for char in message)  # printable on any stream
    if before == "--note=" or (before == "--title" and not bad[0].startswith("-")):
        assert message.startswith(before.rstrip("=") + ": ")
    else:
        assert message.startswith("Das Argument '")
