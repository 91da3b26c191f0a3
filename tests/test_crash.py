"""Killed mid-write: ``ksm`` is stopped with SIGKILL at random moments, hundreds of times.

After every kill the file must still parse, and it must hold every entry (mentoring log) or at
least the state (self-assessment) that a run reported as saved. The two loops run at the same
time, each on its own file. Set KSM_CRASH_REPORT to a path to get the figures as JSON (they go
into docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork timing are POSIX"),
]

KILLS_PER_COMMAND = 100  # two commands: at least 200 kills in all
MAX_RUNS = 600
TIMEOUT = 150  # seconds for the whole test (per-test limit in pyproject.toml: 120 s by default)


def _env(tmp_path: Path, log: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "KSM_MENTORING_LOG": str(log),
        "KSM_CACHE_DIR": str(tmp_path / "cache"),
        "KSM_OUTPUT": "plain",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path, rng: random.Random) -> tuple[bool, str]:
    """Start ``ksm``, kill it after a random delay unless it ended. (killed, stdout of a success)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ksm_cli", *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=rng.uniform(0.0, 0.45))
    except subprocess.TimeoutExpired:
        process.kill()  # SIGKILL
        process.communicate()
        return True, ""
    assert process.returncode == 0, err  # a run that was not killed succeeds
    return False, out


def _mentoring_loop(tmp_path: Path, report: dict) -> None:
    from ksm_cli.knowledge.loader import load
    from ksm_cli.mentoring.log import read_log

    log = tmp_path / "mentoring" / "mentoring.yaml"
    env = _env(tmp_path, log)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ksm_cli",
            "mentoring",
            "init",
            "--role",
            "mentor",
            "--vorhaben",
            "anschlussvorhaben",
            "--start",
            "2025-07-01",
        ],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    k = load()
    rng = random.Random(20261122)
    confirmed: set[str] = set()
    kills = runs = 0
    while (kills < KILLS_PER_COMMAND or not confirmed) and runs < MAX_RUNS:
        runs += 1
        title = f"Lauf {runs}"
        killed, out = _run(
            ["mentoring", "add", "--date", "2026-03-01", "--kind", "webinar", "--title", title, "--json"],
            env,
            tmp_path,
            rng,
        )
        if killed:
            kills += 1
        else:
            assert json.loads(out)["entry"]["titel"] == title
            confirmed.add(title)
        entries = read_log(log, k)["eintraege"]  # parses after every run, killed or not
        titles = [e["titel"] for e in entries]
        assert confirmed <= set(titles), sorted(confirmed - set(titles))
        assert len(titles) == len(set(titles)) and len({e["id"] for e in entries}) == len(entries)
    report["mentoring"] = {
        "runs": runs,
        "kills": kills,
        "confirmed": len(confirmed),
        "lost": 0,
        "entries": len(titles),
    }


def _tasks_loop(tmp_path: Path, report: dict) -> None:
    from ksm_cli.knowledge.loader import load
    from ksm_cli.tasks.selfassessment import read_file

    path = tmp_path / "selbsteinschaetzung.yaml"
    env = _env(tmp_path, tmp_path / "unused.yaml")
    tasks_file = load().tasks_file
    rng = random.Random(4711)
    last_confirmed = 0
    kills = runs = 0
    while (kills < KILLS_PER_COMMAND or not last_confirmed) and runs < MAX_RUNS:
        runs += 1
        killed, out = _run(
            [
                "tasks",
                "assess",
                "--file",
                str(path),
                "--kommune",
                f"Lauf {runs}",
                "--set",
                f"controlling={runs % 100}/{(runs * 7) % 100}",
                "--allow-partial",
                "--json",
            ],
            env,
            tmp_path,
            rng,
        )
        if killed:
            kills += 1
        else:
            assert json.loads(out)["saved"] is True
            last_confirmed = runs
        if not path.exists():
            assert last_confirmed == 0
            continue
        saved = read_file(path, tasks_file)  # parses after every run, killed or not
        written_by = int(saved.kommune.removeprefix("Lauf "))
        assert last_confirmed <= written_by <= runs  # never older than what was reported as saved
        assert saved.values["controlling"] == {"ist": written_by % 100, "soll": (written_by * 7) % 100}
    report["tasks"] = {"runs": runs, "kills": kills, "last_confirmed": last_confirmed, "lost": 0}


@pytest.mark.timeout(300)
def test_sigkill_at_random_moments_never_costs_a_saved_entry(tmp_path):
    report: dict = {}
    errors: list[BaseException] = []

    def guarded(loop, folder: Path) -> None:
        try:
            folder.mkdir()
            loop(folder, report)
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)

    started = time.monotonic()
    threads = [
        threading.Thread(target=guarded, args=(_mentoring_loop, tmp_path / "m")),
        threading.Thread(target=guarded, args=(_tasks_loop, tmp_path / "t")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    if errors:
        raise errors[0]
    assert report["mentoring"]["kills"] + report["tasks"]["kills"] >= 2 * KILLS_PER_COMMAND
    report["seconds"] = round(time.monotonic() - started, 1)
    if os.environ.get("KSM_CRASH_REPORT"):
        Path(os.environ["KSM_CRASH_REPORT"]).write_text(json.dumps(report, indent=2), encoding="utf-8")
