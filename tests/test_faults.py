"""Writes that fail: a full disk, a read-only folder, a missing folder.

Each gives one German line and exit code 2, and the file that was there stays as it was. The
failures are injected where the operating system would report them (``tempfile.mkstemp``, the
write, ``os.replace``), because the tests may run as root, for whom a read-only folder is not.
"""

from __future__ import annotations

import errno
import os

import pytest

FAULTS = {  # the fault, where it strikes, and how ksm names it
    "Datenträger ist voll": ("write", OSError(errno.ENOSPC, "No space left on device")),
    "keine Schreibberechtigung": ("mkstemp", PermissionError(errno.EACCES, "Permission denied")),
    "Datenträger ist schreibgeschützt": ("replace", OSError(errno.EROFS, "Read-only file system")),
}


def _inject(monkeypatch, where: str, error: OSError) -> None:
    import tempfile

    def fail(*args, **kwargs):
        raise error

    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    elif where == "replace":
        monkeypatch.setattr("ksm_cli.fs.os.replace", fail)
    else:
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, text):
                raise error

        monkeypatch.setattr("ksm_cli.fs.os.fdopen", lambda *a, **kw: Failing(real_fdopen(*a, **kw)))


@pytest.fixture
def files(ksm, tmp_path, started_log):
    """A mentoring log, a self-assessment and an answers file, each with known content."""
    log = started_log
    assert ksm("mentoring", "add", "--date", "2025-10-01", "--kind", "webinar", "--title", "A").exit_code == 0
    selfassessment = tmp_path / "s.yaml"
    assert (
        ksm("tasks", "assess", "--file", str(selfassessment), "--set", "controlling=100/100").exit_code == 0
    )
    answers = tmp_path / "antworten.yaml"
    answers.write_text(
        "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: moeglich\n"
        "eigenfinanzierung: moeglich\nstaerkung_ksm: nein\n",
        encoding="utf-8",
    )
    return {"log": log, "selfassessment": selfassessment, "answers": answers, "dir": tmp_path}


def _commands(f):
    d = f["dir"]
    return {
        "mentoring add": (
            ["mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "B"],
            f["log"],
        ),
        "mentoring init": (["mentoring", "init", "--rules", "krl-2022"], f["log"]),
        "mentoring remove": (["mentoring", "remove", "1", "--yes"], f["log"]),
        "tasks assess": (
            [
                "tasks",
                "assess",
                "--file",
                str(f["selfassessment"]),
                "--set",
                "controlling=50/50",
                "--allow-partial",
            ],
            f["selfassessment"],
        ),
        "tasks compare --markdown": (
            ["tasks", "compare", str(f["selfassessment"]), "--markdown", str(d / "g.md")],
            d / "g.md",
        ),
        "assess --save-answers": (
            ["assess", "--answers", str(f["answers"]), "--save-answers", str(f["answers"])],
            f["answers"],
        ),
        "assess --report": (
            ["assess", "--answers", str(f["answers"]), "--report", str(d / "b.md")],
            d / "b.md",
        ),
        "mentoring report --output": (["mentoring", "report", "--output", str(d / "r.txt")], d / "r.txt"),
    }


COMMANDS = [
    "mentoring add",
    "mentoring init",
    "mentoring remove",
    "tasks assess",
    "tasks compare --markdown",
    "assess --save-answers",
    "assess --report",
    "mentoring report --output",
]


# Every command with every fault; the fast tier runs each command with one of the faults, so that
# every command and every fault is still seen there.
FAILED_WRITES = [
    pytest.param(
        command,
        fault,
        id=f"{command}-{fault}",
        marks=[] if i % len(FAULTS) == list(FAULTS).index(fault) else [pytest.mark.slow],
    )
    for i, command in enumerate(COMMANDS)
    for fault in FAULTS
]


@pytest.mark.parametrize("command, fault", FAILED_WRITES)
def test_a_failed_write_is_one_line_and_keeps_the_old_file(ksm, files, monkeypatch, command, fault):
    args, target = _commands(files)[command]
    from ksm_cli.outputs import mark_text

    old = target.read_text(encoding="utf-8") if target.exists() else mark_text("md", "alt\n")  # ksm's
    target.write_text(old, encoding="utf-8")
    before = target.read_bytes()
    _inject(monkeypatch, *FAULTS[fault])
    result = ksm(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and target.name in lines[0]
    assert f": {fault} (" in lines[0] and "nicht geschrieben" in lines[0]
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.glob(".*.tmp")) == []  # no temporary left behind


@pytest.mark.parametrize(
    "command", ["tasks assess", "tasks compare --markdown", "assess --report", "mentoring report --output"]
)
def test_a_missing_folder_is_named(ksm, files, command):
    args, target = _commands(files)[command]
    missing = files["dir"] / "fehlt" / target.name
    args = [str(missing) if a == str(target) else a for a in args]
    result = ksm(*args)
    assert result.exit_code == 2
    assert "Verzeichnis existiert nicht" in result.stderr and not missing.parent.exists()


def test_a_folder_where_no_lock_can_be_made_fails_at_once(ksm, files, monkeypatch):
    import time

    real_open = os.open

    def refuse_locks(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("ksm_cli.fs.os.open", refuse_locks)
    before = files["log"].read_bytes()
    started = time.monotonic()
    result = ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "B")
    assert time.monotonic() - started < 5  # not after the lock's 15 s timeout
    assert result.exit_code == 2
    assert "Sperrdatei in " in result.stderr
    assert "kann nicht angelegt werden (keine Schreibberechtigung)" in result.stderr
    assert files["log"].read_bytes() == before
