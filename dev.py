#!/usr/bin/env python3
"""Set up ksm in a local virtualenv and run it, or run the test suite.

Needs nothing but Python 3.11+; works the same on Windows, macOS and Linux:

    python dev.py start        # installs ksm into .venv and starts the interview
    python dev.py test         # installs ksm with its test tools and runs all tests

Further arguments are passed on: ``python dev.py start models show V8``,
``python dev.py test -k models``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# `start` without arguments opens the interview.
DEFAULT_START = ["assess"]


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    name = "python.exe" if os.name == "nt" else "python"
    return VENV / scripts / name


def ensure_installed(extras: str) -> Path:
    """Create .venv if needed and (re)install when pyproject.toml or the extras changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit("ksm braucht Python 3.11 oder neuer.")
    python = venv_python()
    if not python.exists():
        print("Richte die virtuelle Umgebung .venv ein …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = VENV / ".ksm-install-stamp"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    installed = stamp.read_text(encoding="utf-8").split() if stamp.exists() else []
    if wanted not in installed:
        print("Installiere ksm und seine Abhängigkeiten …", flush=True)
        target = f".{extras}" if extras else "."
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target],
            cwd=ROOT,
            check=True,
        )
        stamp.write_text(" ".join([*installed, wanted]), encoding="utf-8")
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "start":
            python = ensure_installed("")
            return subprocess.call([str(python), "-m", "ksm_cli", *(rest or DEFAULT_START)], cwd=os.getcwd())
        python = ensure_installed("[test]")
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    except subprocess.CalledProcessError as exc:
        print(f"Installation fehlgeschlagen (Exit-Code {exc.returncode}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
