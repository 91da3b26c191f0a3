"""dev.py: its German help, the `ksm` launchers it writes (Windows and POSIX paths) and the
explicit registration in the user's PATH (`python dev.py pfad`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402

posix_only = pytest.mark.skipif(os.name == "nt", reason="runs a POSIX sh script")


def _dev(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=60,
    )


# --- the help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["hilfe"], ["--help"], ["-h"]])
def test_dev_without_a_command_shows_the_german_help(args):
    result = _dev(*args)
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("ksm einrichten und starten")
    for command in ("python dev.py start", "python dev.py pfad", "python dev.py test --all"):
        assert command in out
    # the English module docstring is not what the user sees
    assert dev.__doc__ is not None and dev.__doc__.strip().splitlines()[0] not in out
    for english in ("Usage", "usage:", "Set up", "run the tests", "Standard library"):
        assert english not in out


def test_the_help_names_every_command():
    for command in dev.COMMANDS:
        assert f"  python dev.py {command} " in dev.HELP, command


def test_dev_with_an_unknown_command_says_so_in_german():
    result = _dev("starten")
    assert result.returncode == 2
    assert result.stderr.startswith("Unbekannter Befehl: starten") and "python dev.py start" in result.stderr
    assert "Traceback" not in result.stderr


def test_pfad_with_an_unknown_option_is_refused():
    result = _dev("pfad", "--weg")
    assert result.returncode == 2 and "Erlaubt ist --entfernen" in result.stderr


def test_start_still_starts_the_interview_and_passes_its_arguments(monkeypatch, tmp_path):
    calls: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_installed", lambda extra: Path(sys.executable))
    monkeypatch.setattr(dev, "set_up_command", lambda: calls.append(["set_up"]))
    monkeypatch.setattr(dev.subprocess, "call", lambda command, cwd: calls.append(command) or 0)
    assert dev.main(["start"]) == 0
    assert calls == [["set_up"], [sys.executable, "-m", "ksm_cli", "assess"]]
    calls.clear()
    assert dev.main(["start", "models", "show", "V8"]) == 0
    assert calls[-1] == [sys.executable, "-m", "ksm_cli", "models", "show", "V8"]


def test_a_failed_install_says_why_it_usually_fails(monkeypatch, capsys):
    def fail(extra):
        raise subprocess.CalledProcessError(1, ["pip"])

    monkeypatch.setattr(dev, "ensure_installed", fail)
    assert dev.main(["start"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Installation fehlgeschlagen (Exit-Code 1).") and "HTTPS_PROXY" in err


def test_start_runs_ksm_even_when_no_launcher_can_be_written(monkeypatch, capsys):
    calls: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_installed", lambda extra: Path(sys.executable))

    def read_only():
        raise PermissionError(13, "Keine Berechtigung")

    monkeypatch.setattr(dev, "set_up_command", read_only)
    monkeypatch.setattr(dev.subprocess, "call", lambda command, cwd: calls.append(command) or 0)
    assert dev.main(["start"]) == 0 and calls
    assert "Keine Berechtigung" in capsys.readouterr().out


def test_ctrl_c_during_set_up_ends_with_130(monkeypatch, capsys):
    def interrupted(extra):
        raise KeyboardInterrupt

    monkeypatch.setattr(dev, "ensure_installed", interrupted)
    assert dev.main(["start"]) == 130 and capsys.readouterr().err == "Abgebrochen.\n"


# --- ksm.cmd, for Windows paths ----------------------------------------------------------------


def _windows_argv(line: str) -> list[str]:
    """Split a command line as the C runtime of a Windows program does (quotes group, no
    backslash escapes before anything but a quote; a path has no quote)."""
    args, current, quoted, started = [], "", False, False
    for char in line:
        if char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + char, True
    assert not quoted, f"unbalanced quotes: {line}"
    if started:
        args.append(current)
    return args


def _outside_quotes(line: str) -> str:
    return "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)


WINDOWS_FOLDERS = [
    r"C:\ksm",
    r"C:\Users\Eva Maria\Downloads\ksm-main",
    r"D:\Klimaschutz & Energie (2026)\ksm",
    r"C:\Users\Jürgen Müßig\Desktop\ksm 100%",
    r"\\server\freigabe\KSM\ksm",
    r"C:\Program Files (x86)\ksm^1!",
]


def test_cmd_launcher_is_ascii_with_crlf_and_holds_no_path():
    text = dev.cmd_launcher()
    text.encode("ascii")  # cmd reads it in the console's code page: ASCII is the same in all
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert dev.LAUNCHER_MARK in text
    # the only expansions: its own folder and the arguments; nothing a folder name could start
    assert text.replace("%~dp0", "").replace("%*", "").count("%") == 0
    assert "%* " not in text and text.count("%*") == 1


@pytest.mark.parametrize("folder", WINDOWS_FOLDERS)
def test_cmd_launcher_quotes_every_windows_folder(folder):
    root = PureWindowsPath(folder)
    expected_python = str(root / ".venv" / "Scripts" / "python.exe")
    # cmd expands %~dp0 to the drive and folder of the .cmd file, with a trailing backslash
    lines = dev.cmd_launcher().replace("%~dp0", str(root) + "\\").split("\r\n")
    run = [line for line in lines if line.endswith("-m ksm_cli %*")]
    assert len(run) == 1
    argv = _windows_argv(run[0].removesuffix(" %*"))
    assert argv == [expected_python, "-m", "ksm_cli"]
    # what cmd parses outside quotes (operators such as & ( ) ^ %) does not depend on the folder
    neutral = dev.cmd_launcher().replace("%~dp0", "C:\\x\\").split("\r\n")
    assert [_outside_quotes(line) for line in lines] == [_outside_quotes(line) for line in neutral]
    (check,) = [line for line in lines if line.startswith("if not exist ")]
    assert _windows_argv(check.removeprefix("if not exist ").removesuffix(" ("))[0] == expected_python


def test_cmd_launcher_message_has_no_umlauts_and_fits_a_block():
    (echo,) = [line for line in dev.cmd_launcher().split("\r\n") if "echo ksm" in line]
    assert "(" not in echo and ")" not in echo  # inside the if (…) block a ) would end it
    assert "python dev.py start" in echo and echo.endswith("1>&2")


# --- the POSIX launcher, really run -----------------------------------------------------------


def _fake_python(folder: Path) -> Path:
    """A 'python' in ``folder`` that is this test's Python, so ksm_cli is importable."""
    folder.mkdir(parents=True)
    python = folder / "python"
    python.write_text(f'#!/bin/sh\nexec {dev.shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    return python


@posix_only
@pytest.mark.parametrize("name", ["ksm", "Eva's Ordner $HOME `x` ü"])
def test_posix_launcher_runs_ksm_from_any_folder(tmp_path, name):
    python = _fake_python(tmp_path / name / ".venv" / "bin")
    launcher = tmp_path / "bin" / "ksm"
    assert dev.write_launcher(launcher, dev.posix_launcher(python)) is True
    assert os.access(launcher, os.X_OK)
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    env = dict(os.environ, COLUMNS="100", KSM_OUTPUT="plain")
    # "$@" keeps an argument with a space as one argument
    result = subprocess.run(
        [str(launcher), "models", "show", "V 8"], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("V8 – Klimaschutz als Stabsstelle")
    result = subprocess.run(
        [str(launcher), "models", "show", "V12"], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 2 and result.stderr.startswith("Fehler: Unbekanntes Modell")


@posix_only
def test_posix_launcher_without_its_python_says_what_to_do(tmp_path):
    launcher = tmp_path / "ksm"
    dev.write_launcher(launcher, dev.posix_launcher(PurePosixPath(tmp_path / "fehlt" / "python")))
    result = subprocess.run([str(launcher), "--version"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("ksm ist nicht eingerichtet.") and "dev.py start" in result.stderr


# --- writing a launcher -----------------------------------------------------------------------


def test_write_launcher_leaves_a_foreign_file_alone(tmp_path):
    path = tmp_path / "ksm"
    path.write_text("meine eigenen Notizen\n", encoding="utf-8")
    assert dev.write_launcher(path, dev.posix_launcher(PurePosixPath("/x/python"))) is None
    assert path.read_text(encoding="utf-8") == "meine eigenen Notizen\n"
    folder = tmp_path / "ordner"
    folder.mkdir()
    assert dev.write_launcher(folder, "x") is None and folder.is_dir()


def test_write_launcher_renews_its_own_and_keeps_crlf(tmp_path):
    path = tmp_path / "ksm.cmd"
    assert dev.write_launcher(path, dev.cmd_launcher()) is True
    assert path.read_bytes() == dev.cmd_launcher().encode("ascii")  # CRLF kept on every system
    assert dev.write_launcher(path, dev.cmd_launcher()) is False
    newer = dev.cmd_launcher().replace("ksm_cli", "ksm_cli --debug")
    assert dev.write_launcher(path, newer) is True and b"--debug" in path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ksm.cmd"]  # no temporary file left


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "ksm-main"
    (root / ".venv").mkdir(parents=True)
    monkeypatch.setattr(dev, "ROOT", root)
    monkeypatch.setattr(dev, "VENV", root / ".venv")
    return root


def _tty(monkeypatch, answer: str | None) -> list[str]:
    """A terminal on stdin and stdout; ``answer`` is typed at the question (None: never asked)."""
    asked: list[str] = []

    def fake_input(prompt: str) -> str:
        asked.append(prompt)
        assert answer is not None, "dev.py asked although it must not"
        return answer

    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    sys.stdout.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("builtins.input", fake_input)
    return asked


def test_start_writes_the_launcher_once_and_never_asks_without_a_terminal(project, monkeypatch, capsys):
    monkeypatch.setattr(dev, "on_path", lambda: False)
    monkeypatch.setattr(dev, "pfad", lambda args: pytest.fail("PATH changed without being asked"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    dev.set_up_command()
    out = capsys.readouterr().out
    assert dev.launcher_path().parent == project and dev.launcher_path().is_file()
    assert (
        "Eingerichtet. Ab jetzt gibt es den Befehl ksm:" in out and f"{dev._python_word()} dev.py pfad" in out
    )
    dev.set_up_command()
    assert capsys.readouterr().out == ""  # current: nothing to say


@pytest.mark.parametrize("answer,registered", [("", True), ("j", True), ("nein", False), ("n", False)])
def test_start_asks_once_before_it_changes_path(project, monkeypatch, answer, registered):
    monkeypatch.setattr(dev, "on_path", lambda: False)
    calls: list[list[str]] = []
    monkeypatch.setattr(dev, "pfad", lambda args: calls.append(args) or 0)
    asked = _tty(monkeypatch, answer)
    dev.set_up_command()
    assert asked == ["Eintragen? [J/n] "] and calls == ([[]] if registered else [])
    said = sys.stdout.getvalue()
    assert (
        "Soll ksm in jedem Ordner gehen?" in said and f"{dev._python_word()} dev.py pfad --entfernen" in said
    )
    dev.launcher_path().unlink()
    dev.set_up_command()  # written again, but the question was answered for this .venv
    assert len(asked) == 1


def test_start_does_not_ask_when_ksm_is_on_path(project, monkeypatch):
    monkeypatch.setattr(dev, "on_path", lambda: True)
    _tty(monkeypatch, None)
    dev.set_up_command()
    assert "schon im Suchpfad" in sys.stdout.getvalue()


# --- PATH on Windows: the value, and the registry through a stand-in for winreg -----------------


def test_path_with_appends_once_and_leaves_every_other_entry():
    current = r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;C:\Python312\Scripts\;;D:\tools"
    folder = r"C:\Users\Eva Maria\ksm"
    added = dev.path_with(current, folder)
    assert added == current + ";" + folder
    assert dev.path_with(added, folder) is None
    for same in (r"c:\users\eva maria\KSM\\", '"C:\\Users\\Eva Maria\\ksm"', "C:/Users/Eva Maria/ksm"):
        assert dev.path_with(f"D:\\x;{same}", folder) is None
    assert dev.path_with("", folder) == folder
    assert dev.path_with("D:\\x;", folder) == "D:\\x;" + folder
    assert dev.path_without(added, folder) == current
    assert dev.path_without(current, folder) is None
    assert dev.path_with(r"C:\Users\Eva Maria\ksm-alt", folder) is not None  # a prefix is not it


entry = st.text(st.characters(blacklist_characters=';"\x00', blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(entry, max_size=6), st.sampled_from(WINDOWS_FOLDERS))
def test_path_with_then_without_gives_back_the_old_value(entries, folder):
    current = ";".join(entries)
    if any(dev._same_entry(e, folder) for e in entries) or current.endswith(";") or not current:
        return
    added = dev.path_with(current, folder)
    assert added is not None and dev.path_with(added, folder) is None
    assert dev.path_without(added, folder) == current


class _Key:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeWinreg(types.ModuleType):
    HKEY_CURRENT_USER, KEY_SET_VALUE, REG_SZ, REG_EXPAND_SZ = object(), 2, 1, 2

    def __init__(self, values: dict[str, tuple[str, int]]) -> None:
        super().__init__("winreg")
        self.values = values

    def OpenKey(self, root, name, reserved=0, access=0):  # noqa: N802 - winreg's names
        assert root is self.HKEY_CURRENT_USER and name == "Environment"
        return _Key()

    def QueryValueEx(self, key, name):  # noqa: N802
        if name not in self.values:
            raise FileNotFoundError(name)
        return self.values[name]

    def SetValueEx(self, key, name, reserved, kind, value):  # noqa: N802
        self.values[name] = (value, kind)


@pytest.fixture
def registry(monkeypatch, project):
    fake = FakeWinreg({"Path": (r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps", 2)})
    monkeypatch.setitem(sys.modules, "winreg", fake)
    return fake


def test_pfad_on_windows_adds_the_folder_to_the_user_path_once(registry, project, capsys):
    assert dev._pfad_windows(remove=False) == 0
    value, kind = registry.values["Path"]
    assert value == r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;" + str(project)
    assert kind == FakeWinreg.REG_EXPAND_SZ  # the type of the value is kept
    assert "neues Fenster" in capsys.readouterr().out
    assert dev._pfad_windows(remove=False) == 0 and registry.values["Path"][0] == value
    assert "steht schon" in capsys.readouterr().out
    assert dev._pfad_windows(remove=True) == 0
    assert registry.values["Path"][0] == r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps"


def test_pfad_on_windows_without_a_user_path_creates_one(registry, project):
    del registry.values["Path"]
    dev._pfad_windows(remove=False)
    assert registry.values["Path"] == (str(project), FakeWinreg.REG_EXPAND_SZ)


# --- PATH elsewhere: a launcher in ~/.local/bin -----------------------------------------------


@pytest.fixture
def user_bin(tmp_path, monkeypatch, project):
    folder = tmp_path / "home" / ".local" / "bin"
    monkeypatch.setattr(dev, "POSIX_USER_BIN", folder)
    return folder


@posix_only
def test_pfad_on_posix_puts_a_launcher_into_the_user_bin(user_bin, monkeypatch, capsys):
    monkeypatch.setenv("PATH", "/usr/bin")
    assert dev._pfad_posix(remove=False) == 0
    assert dev._is_ours(user_bin / "ksm") and os.access(user_bin / "ksm", os.X_OK)
    assert 'export PATH="$HOME/.local/bin:$PATH"' in capsys.readouterr().out
    monkeypatch.setenv("PATH", f"{user_bin}:/usr/bin")
    assert dev._pfad_posix(remove=False) == 0
    assert "jedem Ordner" in capsys.readouterr().out
    assert dev._pfad_posix(remove=True) == 0 and not (user_bin / "ksm").exists()


@posix_only
def test_pfad_on_posix_leaves_another_ksm_alone(user_bin, capsys):
    user_bin.mkdir(parents=True)
    (user_bin / "ksm").write_text("#!/bin/sh\necho anderes ksm\n", encoding="utf-8")
    assert dev._pfad_posix(remove=False) == 1
    assert "nicht von ksm" in capsys.readouterr().err
    assert dev._pfad_posix(remove=True) == 0 and (user_bin / "ksm").exists()


def test_pfad_on_windows_refuses_a_folder_with_a_semicolon(registry, project, monkeypatch, capsys):
    monkeypatch.setattr(dev, "ROOT", project.parent / "ksm;alt")
    before = dict(registry.values)
    assert dev._pfad_windows(remove=False) == 1
    assert registry.values == before and "Semikolon" in capsys.readouterr().err
