"""The built wheel works on its own: installed into a fresh virtualenv, run outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from ksm_cli.knowledge import FILE_NAMES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("ksm-*.whl")
    # the knowledge and the JSON Schemas its first lines name (data/schema/) travel together
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for key in FILE_NAMES:
        assert f"ksm_cli/data/{key}.yaml" in names
        assert f"ksm_cli/data/schema/{key}.schema.json" in names
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )
    elsewhere = tmp_path / "irgendwo"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KSM_DATA_DIR", "PYTHONPATH")}
    env["KSM_CACHE_DIR"] = str(tmp_path / "cache")
    ksm = bindir / ("ksm.exe" if os.name == "nt" else "ksm")
    shown = subprocess.run(
        [str(ksm), "models", "show", "V8"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("V8 – Klimaschutz als Stabsstelle")
    assert "Nur geringes eigenes Budget" in shown.stdout
    # the knowledge comes from inside the installed package, not from this checkout
    where = subprocess.run(
        [str(python), "-c", "from ksm_cli.knowledge.loader import shipped_data_dir as d; print(d())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert str(env_dir) in where.stdout and (Path(where.stdout.strip()) / "flowchart.yaml").is_file()
    module = subprocess.run(
        [str(python), "-m", "ksm_cli", "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert module.returncode == 0 and "Keine Fehler gefunden." in module.stdout
