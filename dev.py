#!/usr/bin/env python3
"""ksm einrichten und starten, oder die Tests ausführen.

Braucht nur Python 3.11 oder neuer; unter Windows, macOS und Linux gleich:

    python dev.py start          richtet ksm in .venv ein und startet das Interview (ksm assess)
    python dev.py start models show V8
                                 … oder einen anderen ksm-Befehl
    python dev.py test           richtet ksm mit den Testwerkzeugen ein und führt die schnellen
                                 Tests aus (unter einer Minute; ohne die als langsam markierten)
    python dev.py test --all     alle Tests, auch Absturz-, Wheel- und Pseudo-Terminal-Tests und
                                 die vollen Beispielzahlen der Eigenschaftstests (wie die CI)
    python dev.py test -k models … weitere Angaben gehen an pytest; genannte Testdateien laufen
                                 ganz, auch ihre langsamen Tests
    python dev.py neueste        alle Tests in .venv-neueste mit den neuesten Versionen, die
                                 pyproject.toml erlaubt (so prüft CI, was 'pip install .' bekommt)
    python dev.py schemas        die JSON-Schemas der Wissensdateien (data/schema/) neu erzeugen
    python dev.py lock           die Sperrdateien requirements*.lock neu erzeugen (braucht Netz)

'start' und 'test' installieren genau die Versionen aus requirements.lock bzw.
requirements-test.lock, mit geprüften Prüfsummen: jede Maschine bekommt, was CI getestet hat.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
NEWEST_VENV = ROOT / ".venv-neueste"
# `start` without arguments opens the interview.
DEFAULT_START = ["assess"]
LOCKS = {"": ROOT / "requirements.lock", "test": ROOT / "requirements-test.lock"}
# The fast tier of `test` leaves these out (pyproject.toml, [tool.pytest.ini_options] markers).
FAST_MARKERS = "not slow"
# The tool that writes the lock files (README: "Sperrdateien erneuern"); pinned so that a refresh
# does not change the lock format by accident.
UV = "uv==0.13.9"


def venv_python(folder: Path) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    name = "python.exe" if os.name == "nt" else "python"
    return folder / scripts / name


def _pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
        cwd=ROOT,
        check=True,
    )


def _create(folder: Path) -> Path:
    python = venv_python(folder)
    if not python.exists():
        print(f"Richte die virtuelle Umgebung {folder.name} ein …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    return python


def ensure_installed(extra: str) -> Path:
    """Create .venv if needed and install exactly the lock file (again when it or pyproject changed)."""
    python = _create(VENV)
    lock = LOCKS[extra]
    stamp = VENV / ".ksm-install-stamp"
    wanted = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else ""
    if wanted != installed:
        print(f"Installiere ksm und die Versionen aus {lock.name} …", flush=True)
        _pip(python, "--require-hashes", "--no-deps", "-r", str(lock))
        # ksm itself, from this folder; its build backend (hatchling) comes from the lock too
        _pip(python, "--no-deps", "--no-build-isolation", "--editable", ".")
        stamp.write_text(wanted, encoding="utf-8")
    return python


def newest() -> Path:
    """A fresh .venv-neueste with the newest versions that pyproject.toml's ranges allow."""
    import shutil

    shutil.rmtree(NEWEST_VENV, ignore_errors=True)
    python = _create(NEWEST_VENV)
    print("Installiere ksm mit den neuesten erlaubten Versionen …", flush=True)
    _pip(python, "--upgrade", "pip")
    _pip(python, "--upgrade", "--upgrade-strategy", "eager", "--editable", ".[test]")
    subprocess.run([str(python), "-m", "pip", "list", "--disable-pip-version-check"], cwd=ROOT, check=False)
    return python


def lock() -> int:
    """Write requirements.lock and requirements-test.lock anew with uv (all platforms, hashes)."""
    import tomllib

    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    with tempfile.TemporaryDirectory(prefix="ksm-lock-") as folder:
        tools = Path(folder) / "venv"
        python = _create(tools)
        _pip(python, UV)
        build_in = Path(folder) / "build.in"
        # hatchling's editable install (`pip install -e .` without build isolation) needs editables
        build_in.write_text("\n".join([*build, "editables>=0.3"]) + "\n", encoding="utf-8")
        for extra, target in LOCKS.items():
            command = [str(python), "-m", "uv", "pip", "compile", "pyproject.toml", str(build_in)]
            command += ["--extra", extra] if extra else []
            command += ["--universal", "--python-version", "3.11", "--generate-hashes", "--no-header"]
            command += ["--quiet", "--upgrade", "-o", str(target)]
            subprocess.run(command, cwd=ROOT, check=True)
            print(f"Geschrieben: {target.name}")
    return 0


def run_tests(python: Path, args: list[str]) -> int:
    """pytest with the fast tier, or with every test after ``--all``.

    The tier is chosen here and not in pyproject.toml, so that a plain ``pytest`` runs every
    test and nothing is left out without being asked for. An own ``-m`` replaces the fast tier's
    selection, and so does naming test files (``tests/test_crash.py``) or tests (``…::name``):
    what is named runs, slow or not."""
    every = "--all" in args
    args = [a for a in args if a != "--all"]
    env = dict(os.environ, KSM_TEST_TIER="alle" if every else "schnell")
    own_marks = any(a == "-m" or (a.startswith("-m") and not a.startswith("--")) for a in args)
    named = any(not a.startswith("-") and ("::" in a or a.endswith(".py")) for a in args)
    if not every and not own_marks and not named:
        args = ["-m", FAST_MARKERS, *args]
        print("Schnelle Tests; alle, wie in der CI: python dev.py test --all", flush=True)
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


def schemas() -> int:
    """data/schema/*.schema.json anew from the pydantic models (ksm_cli/knowledge/editor_schema.py)."""
    python = ensure_installed("test")  # the contributor's environment: no switch of the lock
    folder = ROOT / "data" / "schema"
    return subprocess.call([str(python), "-m", "ksm_cli.knowledge.editor_schema", str(folder)], cwd=ROOT)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        print("ksm braucht Python 3.11 oder neuer.", file=sys.stderr)
        return 1
    if not argv or argv[0] not in ("start", "test", "neueste", "schemas", "lock"):
        print(__doc__.strip())
        return 0 if not argv or argv[0] in ("-h", "--help", "hilfe") else 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "start":
            python = ensure_installed("")
            return subprocess.call([str(python), "-m", "ksm_cli", *(rest or DEFAULT_START)], cwd=os.getcwd())
        if command == "lock":
            return lock()
        if command == "schemas":
            return schemas()
        if command == "test":
            return run_tests(ensure_installed("test"), rest)
        # what `pip install .` gets today: checked with every test, as in CI
        return run_tests(newest(), ["--all", *rest])
    except subprocess.CalledProcessError as exc:
        print(f"Installation fehlgeschlagen (Exit-Code {exc.returncode}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
