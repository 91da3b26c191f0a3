"""The benchmark keeps working: a short run prints its table with the reference rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # starts ksm 30 times
def test_a_short_benchmark_run_reports_ratios_and_targets():
    env = {k: v for k, v in os.environ.items() if k != "KSM_CACHE_DIR"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "10", "--only", "version"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [
        "python -c pass",
        "typer-Hallo-Welt --json (Vergleich)",
        "ksm --version",
    ]
    ratio = float(rows[2].split("|")[4])  # × python
    assert 1 < ratio < 100 and ("✓" in rows[2] or "✗" in rows[2])


def test_the_documented_command_lines_exist():
    doc = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    source = (ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8")
    for option in ("--update-doc", "--source", "--only", "--runs"):
        assert option in doc and f'"{option}"' in source
    assert "<!-- benchmark:start -->" in doc and "<!-- benchmark:end -->" in doc
