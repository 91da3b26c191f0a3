"""File systems as they are: FIFOs, devices, symlinks, permissions, read-only files, long names.

Each case was seen to hang ksm or to cost data before ksm_cli/fs.py; each test fails without it.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and modes are POSIX")

ANSWERS = (
    "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: moeglich\n"
    "eigenfinanzierung: moeglich\nstaerkung_ksm: nein\n"
)


def _one_german_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: "), result.stderr
    return lines[0]


def _fifo_inputs(tmp_path: Path) -> dict[str, list[str]]:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    knowledge = tmp_path / "wissen"
    shutil.copytree(DATA, knowledge)
    (knowledge / "tasks.yaml").unlink()
    os.mkfifo(knowledge / "tasks.yaml")
    return {
        "assess --answers": ["assess", "--answers", str(fifo), "--json"],
        "assess --batch": ["assess", "--batch", str(fifo)],
        "mentoring list --log": ["mentoring", "list", "--log", str(fifo)],
        "tasks compare": ["tasks", "compare", str(fifo)],
        "--data mit FIFO": ["--data", str(knowledge), "models", "list"],
    }


@posix_only
@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "case", ["assess --answers", "assess --batch", "mentoring list --log", "tasks compare", "--data mit FIFO"]
)
def test_a_fifo_as_input_is_refused_at_once_and_never_hangs(ksm, tmp_path, case):
    result = ksm(*_fifo_inputs(tmp_path)[case])
    assert result.exit_code == 2
    assert "benannte Pipe (FIFO)" in _one_german_line(result)


@pytest.mark.parametrize("kind", ["Verzeichnis", "Gerät"])
def test_a_directory_or_device_as_input_is_refused(ksm, tmp_path, kind):
    if kind == "Gerät" and not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    target = str(tmp_path) if kind == "Verzeichnis" else "/dev/null"
    result = ksm("mentoring", "list", "--log", target)
    assert result.exit_code == 2
    assert kind in _one_german_line(result)


@posix_only
def test_a_device_is_never_replaced_by_a_report(ksm, tmp_path):
    """Seen as root: --report /dev/null turned /dev/null into a regular file holding the report."""
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = ksm("assess", "--answers", str(answers), "--report", "/dev/null")
    assert result.exit_code == 2
    line = _one_german_line(result)
    assert "ist ein Gerät" in line and "nicht geschrieben" in line
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix_only
@pytest.mark.timeout(20)
def test_a_fifo_is_never_replaced_and_never_blocks_a_write(ksm, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    fifo = tmp_path / "bericht.md"
    os.mkfifo(fifo)
    result = ksm("assess", "--answers", str(answers), "--report", str(fifo))
    assert result.exit_code == 2 and "benannte Pipe" in _one_german_line(result)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@posix_only
def test_a_symlinked_log_stays_a_link_and_its_target_is_written(ksm, tmp_path, started_log):
    """Seen: the link was replaced by a regular file, and the synced target silently fell behind."""
    synced = tmp_path / "sync"
    synced.mkdir()
    target = synced / "mentoring.yaml"
    started_log.rename(target)
    started_log.symlink_to(target)
    result = ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "Über Links")
    assert result.exit_code == 0, result.stderr
    assert started_log.is_symlink() and started_log.resolve() == target.resolve()
    assert "Über Links" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in synced.iterdir()) == ["mentoring.yaml"]


@posix_only
@pytest.mark.parametrize("mode", [0o640, 0o664, 0o600])
def test_a_rewritten_file_keeps_its_permission_bits(ksm, started_log, mode):
    """Seen: everything became 0600."""
    os.chmod(started_log, mode)
    assert ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "A").exit_code == 0
    assert stat.S_IMODE(os.stat(started_log).st_mode) == mode


@posix_only
def test_a_new_file_gets_the_usual_mode(ksm, tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "s.yaml"
        assert ksm("tasks", "assess", "--file", str(path), "--set", "controlling=100/100").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


@posix_only
def test_a_read_only_file_is_not_rewritten(ksm, started_log):
    os.chmod(started_log, 0o444)
    before = started_log.read_bytes()
    result = ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "A")
    assert result.exit_code == 2
    assert "schreibgeschützt" in _one_german_line(result)
    assert started_log.read_bytes() == before and stat.S_IMODE(os.stat(started_log).st_mode) == 0o444


def test_no_lock_or_temporary_file_is_left_beside_the_users_files(ksm, tmp_path, started_log):
    """Seen: mentoring.yaml.lock stayed next to the log."""
    assert ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "A").exit_code == 0
    assert ksm("mentoring", "remove", "1", "--yes").exit_code == 0
    path = tmp_path / "s.yaml"
    assert ksm("tasks", "assess", "--file", str(path), "--set", "controlling=100/100").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentoring.yaml", "s.yaml"]


def test_the_lock_is_shared_by_every_path_to_one_file(tmp_path, monkeypatch):
    from ksm_cli.fs import FileLock, FileProblem

    path = tmp_path / "m.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with FileLock(path):
        with pytest.raises(FileProblem, match="ist gesperrt"):
            with FileLock(tmp_path / "." / "m.yaml", timeout=0.2):
                pass
    monkeypatch.chdir(tmp_path)
    with FileLock(Path("m.yaml")):  # released: taken again at once, by a relative path
        pass


def test_a_long_but_valid_file_name_can_be_written(ksm, tmp_path):
    """ksm's temporary name is short: a file name near the limit of 255 bytes works."""
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    report = tmp_path / ("b" * 250 + ".md")
    result = ksm("assess", "--answers", str(answers), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    assert report.read_text(encoding="utf-8").startswith("#")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@posix_only
def test_a_file_name_that_is_too_long_is_one_german_line(ksm, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = ksm("assess", "--answers", str(answers), "--report", str(tmp_path / ("b" * 300 + ".md")))
    assert result.exit_code == 2
    line = _one_german_line(result)
    assert "zu lang" in line and "File name too long" not in line


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_CACHE_HOME": "/srv/cache", "HOME": "/home/ksm"},
        {"XDG_CACHE_HOME": "relativ/cache", "HOME": "/home/ksm"},
        {"XDG_CACHE_HOME": "", "HOME": "/home/ksm"},
        {"HOME": "/home/ksm"},
        {"HOME": "/home/ksm/"},
    ],
)
def test_the_cache_folder_is_the_one_platformdirs_names(monkeypatch, env):
    """ksm names the user cache folder itself (start-up time); it must stay platformdirs' folder."""
    import sys

    import platformdirs

    from ksm_cli.fs import user_cache_dir

    if sys.platform not in ("linux", "darwin"):
        pytest.skip("the POSIX rules; Windows is compared below")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert user_cache_dir() == Path(platformdirs.user_cache_dir("ksm", appauthor=False))


def test_the_windows_cache_folder_is_the_one_platformdirs_names(monkeypatch):
    import sys

    from platformdirs.windows import Windows, get_win_folder_from_env_vars

    from ksm_cli import fs

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "/Users/ksm/AppData/Local")
    monkeypatch.setattr(
        "platformdirs.windows._RESOLVE_WIN_FOLDER", get_win_folder_from_env_vars, raising=False
    )
    expected = Windows(appname="ksm", appauthor=False).user_cache_dir
    assert fs.user_cache_dir() == Path(expected)
