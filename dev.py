#!/usr/bin/env python3
"""Set up ksm and start it, put the ``ksm`` command within reach, or run the tests.

Standard library only: this file runs before anything is installed, with any Python 3.11+, on
Windows, macOS and Linux. Everything it tells the user is German (HELP and every message); the
help is printed by ``python dev.py`` without arguments.
"""

from __future__ import annotations

import hashlib
import ntpath
import os
import shlex
import subprocess
import sys
import tempfile
import venv
from pathlib import Path, PurePath

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

HELP = """\
ksm einrichten und starten – braucht nur Python 3.11 oder neuer (Windows, macOS, Linux).

Für alle:
  python dev.py start          richtet ksm ein (beim ersten Mal einige Minuten) und startet das
                               Interview (ksm assess). Danach gibt es den Befehl ksm: in diesem
                               Ordner sofort, in jedem Ordner nach python dev.py pfad.
  python dev.py start models show V8
                               … oder einen anderen ksm-Befehl
  python dev.py pfad           den Befehl ksm in jedem Ordner aufrufbar machen: trägt unter
                               Windows diesen Ordner in die Umgebungsvariable Path Ihres
                               Benutzerkontos ein, unter macOS und Linux einen Starter in
                               ~/.local/bin; danach ein neues Fenster öffnen
  python dev.py pfad --entfernen
                               nimmt das wieder zurück

Für Mitwirkende (docs/entwicklung.md):
  python dev.py test           richtet ksm mit den Testwerkzeugen ein und führt die schnellen
                               Tests aus (unter einer Minute; ohne die als langsam markierten)
  python dev.py test --all     alle Tests, auch Absturz-, Wheel- und Pseudo-Terminal-Tests und
                               die vollen Beispielzahlen der Eigenschaftstests (wie die CI)
  python dev.py test -k models … weitere Angaben gehen an pytest; genannte Testdateien laufen
                               ganz, auch ihre langsamen Tests
  python dev.py neueste        alle Tests in .venv-neueste mit den neuesten Versionen, die
                               pyproject.toml erlaubt (so prüft CI, was 'pip install .' bekommt)
  python dev.py schemas        die JSON-Schemas der Wissensdateien (data/schema/) und die Optionen
                               des schnellen Pfads (ksm_cli/cli/quick_spec.py) neu erzeugen
  python dev.py lock           die Sperrdateien requirements*.lock neu erzeugen (braucht Netz)
  python dev.py hilfe          diese Hilfe

'start' und 'test' installieren genau die Versionen aus requirements.lock bzw.
requirements-test.lock, mit geprüften Prüfsummen: jede Maschine bekommt, was CI getestet hat.
Unter Windows heißt python oft py: dann py dev.py start."""

# After a failed install: the usual cause on a municipal laptop is the network (README, „Gut zu wissen“).
INSTALL_HINT = (
    "Meist fehlt die Verbindung zu pypi.org, von wo die Einrichtung einmal die Programmbibliotheken "
    "lädt. Im Netz einer Verwaltung braucht es dafür oft einen Proxy: fragen Sie Ihre IT nach seiner "
    "Adresse und geben Sie vor python dev.py start ein: set HTTPS_PROXY=http://ADRESSE:PORT "
    '(PowerShell: $env:HTTPS_PROXY="http://ADRESSE:PORT"; macOS, Linux: export HTTPS_PROXY=…). '
    "Oder versuchen Sie es in einem anderen Netz."
)

COMMANDS = ("start", "pfad", "test", "neueste", "schemas", "lock")

# The launchers `start` writes into this folder (.gitignore). The mark tells ksm's own launcher
# from a file of the user's, which is never replaced.
LAUNCHER_MARK = "ksm-Starter, geschrieben von python dev.py start"
# Where `pfad` puts the launcher outside Windows: the folder pipx and most distributions use for
# a user's own commands.
POSIX_USER_BIN = Path("~/.local/bin")


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
    """data/schema/*.schema.json anew from the pydantic models (ksm_cli/knowledge/editor_schema.py),
    and ksm_cli/cli/quick_spec.py from the typer declarations (ksm_cli/cli/quick_build.py)."""
    python = ensure_installed("test")  # the contributor's environment: no switch of the lock
    folder = ROOT / "data" / "schema"
    code = subprocess.call([str(python), "-m", "ksm_cli.knowledge.editor_schema", str(folder)], cwd=ROOT)
    # the options of the quick commands, read from their typer declarations (ksm_cli/cli/quick.py)
    return code or subprocess.call([str(python), "-m", "ksm_cli.cli.quick_build"], cwd=ROOT)


# --- the `ksm` command: launchers and the user's PATH ---------------------------------------


def cmd_launcher() -> str:
    """ksm.cmd for cmd and PowerShell: it calls the .venv's Python beside itself.

    ``%~dp0`` is the folder of the .cmd file, expanded by cmd at run time (with its trailing
    backslash). So the file holds no path of its own: nothing in it is expanded as ``%VAR%``,
    and it is pure ASCII, which matters because cmd reads a batch file in the console's code
    page (cp850 on a German Windows), not UTF-8 – a user folder such as ``C:\\Users\\Jürgen``
    would be garbled if written into the file. The message has no umlauts for the same reason."""
    python = '"%~dp0.venv\\Scripts\\python.exe"'
    lines = [
        "@echo off",
        f"rem {LAUNCHER_MARK} (schreibt ihn bei Bedarf neu)",
        f"if not exist {python} (",
        "  echo ksm ist in diesem Ordner nicht eingerichtet. Bitte hier python dev.py start eingeben. 1>&2",
        "  exit /b 1",
        ")",
        f"{python} -m ksm_cli %*",
        "",
    ]
    return "\r\n".join(lines)


def posix_launcher(python: PurePath) -> str:
    """A POSIX sh script that runs ksm with the .venv's Python, by its absolute path."""
    quoted = shlex.quote(str(python))
    return "\n".join(
        [
            "#!/bin/sh",
            f"# {LAUNCHER_MARK} (schreibt ihn bei Bedarf neu)",
            f"if [ ! -x {quoted} ]; then",
            f"  echo 'ksm ist nicht eingerichtet. Bitte im Ordner {_sh_text(str(ROOT))}"
            " python3 dev.py start eingeben.' >&2",
            "  exit 1",
            "fi",
            f'exec {quoted} -m ksm_cli "$@"',
            "",
        ]
    )


def _sh_text(text: str) -> str:
    """Text to go inside a single-quoted sh string."""
    return text.replace("'", "'\\''")


def launcher_path() -> Path:
    return ROOT / ("ksm.cmd" if os.name == "nt" else "ksm")


def launcher_text() -> str:
    return cmd_launcher() if os.name == "nt" else posix_launcher(venv_python(VENV))


def _is_ours(path: Path) -> bool:
    try:
        return LAUNCHER_MARK in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def write_launcher(path: Path, text: str) -> bool | None:
    """Write ksm's launcher at ``path``: True when written anew, False when it was current,
    None when ``path`` holds a file that is not ksm's (left alone)."""
    if path.is_symlink() or path.exists():
        if not path.is_file() or not _is_ours(path):
            return None
        if path.read_bytes() == text.encode("utf-8"):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".neu")
    temporary.write_bytes(text.encode("utf-8"))  # bytes: the .cmd keeps its CRLF
    if os.name != "nt":
        temporary.chmod(0o755)
    os.replace(temporary, path)
    return True


def path_with(current: str, folder: str) -> str | None:
    """A Windows PATH value with ``folder`` appended, or None when it is there already.

    Entries compare as Windows compares them (case, slashes, a trailing backslash, quotes);
    every other entry stays exactly as it was, empty ones included."""
    if any(_same_entry(entry, folder) for entry in current.split(";")):
        return None
    if not current or current.endswith(";"):
        return current + folder
    return current + ";" + folder


def path_without(current: str, folder: str) -> str | None:
    """The PATH value without ``folder``, or None when it is not in it."""
    entries = current.split(";")
    kept = [entry for entry in entries if not _same_entry(entry, folder)]
    return None if len(kept) == len(entries) else ";".join(kept)


def _same_entry(entry: str, folder: str) -> bool:
    entry = entry.strip().strip('"')
    if not entry:
        return False
    return ntpath.normcase(ntpath.normpath(entry)) == ntpath.normcase(ntpath.normpath(folder))


def _windows_user_path() -> tuple[str, int]:
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment") as key:
        try:
            value, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            return "", winreg.REG_EXPAND_SZ
    return str(value), int(kind)


def _set_windows_user_path(value: str, kind: int) -> None:
    """Set Path in HKCU\\Environment (what „Umgebungsvariablen für dieses Konto bearbeiten“
    edits) and tell running programs, so that a new window sees it. Not ``setx``: it cuts the
    value at 1024 characters and, as ``setx PATH "%PATH%;…"``, copies the system's Path into
    the user's."""
    import ctypes
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment", 0, winreg.KEY_SET_VALUE) as key:
        winreg.SetValueEx(key, "Path", 0, kind, value)
    try:  # WM_SETTINGCHANGE to every window, as the system dialog sends it
        result = ctypes.c_size_t()
        ctypes.windll.user32.SendMessageTimeoutW(  # Windows only
            0xFFFF, 0x001A, 0, "Environment", 0x0002, 5000, ctypes.byref(result)
        )
    except (AttributeError, OSError):
        pass  # then the change reaches new windows after the next sign-in


def on_path() -> bool:
    """Whether ``ksm`` can already be typed in any folder (in a new window)."""
    if os.name == "nt":
        try:
            user_path = _windows_user_path()[0]
        except OSError:
            user_path = ""
        entries = [*user_path.split(";"), *os.environ.get("PATH", "").split(";")]
        return any(_same_entry(entry, str(ROOT)) for entry in entries)
    import shutil

    return shutil.which("ksm") is not None


def pfad(args: list[str]) -> int:
    """Make ``ksm`` callable from any folder, or (``--entfernen``) take that back."""
    remove = "--entfernen" in args
    unknown = [a for a in args if a != "--entfernen"]
    if unknown:
        print(f"Unbekannte Angabe für pfad: {' '.join(unknown)}. Erlaubt ist --entfernen.", file=sys.stderr)
        return 2
    if os.name == "nt":
        return _pfad_windows(remove)
    return _pfad_posix(remove)


def _pfad_windows(remove: bool) -> int:
    folder = str(ROOT)
    if ";" in folder and not remove:  # Path separates its entries by ;
        print(f"Der Ordner {folder} enthält ein Semikolon und kann nicht in Path stehen.", file=sys.stderr)
        print("Benennen Sie ihn um (ohne ;) und rufen Sie python dev.py start dort auf.", file=sys.stderr)
        return 1
    current, kind = _windows_user_path()
    changed = path_without(current, folder) if remove else path_with(current, folder)
    if changed is None:
        state = "steht nicht" if remove else "steht schon"
        print(f"Der Ordner {folder} {state} in der Umgebungsvariable Path Ihres Benutzerkontos.")
        return 0
    _set_windows_user_path(changed, kind)
    if remove:
        print(f"Der Ordner {folder} ist aus der Umgebungsvariable Path Ihres Benutzerkontos entfernt.")
        return 0
    print(f"Der Ordner {folder} steht jetzt in der Umgebungsvariable Path Ihres Benutzerkontos.")
    print("Öffnen Sie ein neues Fenster (Eingabeaufforderung oder Terminal): dort geht ksm in jedem Ordner.")
    print("Rückgängig: python dev.py pfad --entfernen")
    return 0


def _pfad_posix(remove: bool) -> int:
    folder = POSIX_USER_BIN.expanduser()
    target = folder / "ksm"
    if remove:
        if target.is_file() and _is_ours(target):
            target.unlink()
            print(f"Entfernt: {target}")
        else:
            print(f"In {folder} liegt kein Starter von ksm.")
        return 0
    written = write_launcher(target, posix_launcher(venv_python(VENV)))
    if written is None:
        print(
            f"{target} gibt es schon und ist nicht von ksm; ich lasse die Datei, wie sie ist.",
            file=sys.stderr,
        )
        return 1
    print(f"Der Starter {target} ruft ksm aus {ROOT} auf.")
    entries = [Path(e).expanduser() for e in os.environ.get("PATH", "").split(os.pathsep) if e]
    if folder not in entries:
        print(f"{folder} steht noch nicht in PATH. Tragen Sie in ~/.profile (zsh: ~/.zprofile) ein:")
        print('    export PATH="$HOME/.local/bin:$PATH"')
        print("und öffnen Sie danach ein neues Terminal.")
    else:
        print(
            "In einem neuen Terminal geht ksm jetzt in jedem Ordner. Rückgängig: python3 dev.py pfad --entfernen"
        )
    return 0


def _python_word() -> str:
    """How the user starts Python here: python on Windows, python3 elsewhere."""
    return "python" if os.name == "nt" else "python3"


def set_up_command() -> None:
    """After `start` installed ksm: the launcher in this folder, and once per .venv the offer to
    make ``ksm`` callable from any folder. PATH is changed only when the user says so."""
    path = launcher_path()
    written = write_launcher(path, launcher_text())
    if written is None:
        print(
            f"Hinweis: {path.name} gibt es hier schon und ist nicht von ksm; ich lasse die Datei, wie sie ist."
        )
        return
    if not written:
        return
    print()
    print("Eingerichtet. Ab jetzt gibt es den Befehl ksm:")
    if os.name == "nt":
        print("  in diesem Ordner in der Eingabeaufforderung: ksm assess   (in PowerShell: .\\ksm assess)")
    else:
        print("  in diesem Ordner: ./ksm assess")
    if on_path():
        print("  in jedem Ordner: ksm assess (dieser Ordner steht schon im Suchpfad)")
        print()
        return
    print(f"  in jedem Ordner: nach {_python_word()} dev.py pfad, in einem neuen Fenster")
    asked = VENV / ".ksm-pfad-gefragt"
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or asked.exists():
        print()
        return
    asked.write_text("1\n", encoding="utf-8")
    where = (
        f"den Ordner {ROOT} in die Umgebungsvariable Path Ihres Benutzerkontos eintragen"
        if os.name == "nt"
        else f"einen Starter in {POSIX_USER_BIN} ablegen"
    )
    print()
    print(f"Soll ksm in jedem Ordner gehen? Dann würde ich {where}.")
    print(
        f"Das gilt nur für Ihr Konto und lässt sich mit {_python_word()} dev.py pfad --entfernen zurücknehmen."
    )
    try:
        answer = input("Eintragen? [J/n] ").strip().lower()
    except EOFError:
        answer = "n"
    if answer in ("", "j", "ja", "y", "yes"):
        pfad([])
    else:
        print(f"Nicht eingetragen. Später geht das mit: {_python_word()} dev.py pfad")
    print()


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        print("ksm braucht Python 3.11 oder neuer.", file=sys.stderr)
        return 1
    if not argv or argv[0] in ("-h", "--help", "hilfe", "help"):
        print(HELP)
        return 0
    if argv[0] not in COMMANDS:
        print(f"Unbekannter Befehl: {argv[0]}\n", file=sys.stderr)
        print(HELP, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "pfad":
            return pfad(rest)
        if command == "start":
            python = ensure_installed("")
            try:
                set_up_command()
            except OSError as exc:  # no launcher (a read-only folder, say): ksm starts all the same
                print(f"Hinweis: Der Befehl ksm ließ sich nicht einrichten ({exc.strerror or exc}).")
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
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fehler: {exc.strerror or exc} ({exc.filename or ''})".replace(" ()", ""), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # `python dev.py | more` closed early: quiet, as cat would be
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
