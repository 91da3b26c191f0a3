"""File-system primitives: read only regular files, write atomically without losing anything.

Plain Python, no UI, no YAML. Every failure a KSM can cause is a ``FileProblem`` with a German
message. The rules, each tested in tests/test_fs.py:

- Only regular files are read. A FIFO, a device, a socket or a directory is refused at once and
  never opened in a way that could block (``O_NONBLOCK`` on POSIX).
- A write replaces a file atomically (temporary file in the same folder, fsync, ``os.replace``).
  It never replaces something that is not a regular file: writing to a device or a FIFO is
  refused. A symlink is followed: the target is written atomically and the link stays a link.
  The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
  A file without any write permission is not rewritten.
- Lock files live in ksm's own folder (the user cache folder), never beside the user's files,
  and the temporary file of a write has a short name, so a long but valid file name works.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Knowledge files and user files are small; anything larger is a mistake or an attack.
MAX_FILE_BYTES = 5 * 1024 * 1024
STALE_TEMPORARY_SECONDS = 3600
TEMP_PREFIX = ".ksm-"
TEMP_SUFFIX = ".tmp"


class FileProblem(Exception):
    """A file cannot be read, parsed or written. ``message`` is German, ``line`` 1-based or None.

    ``bad_value`` marks a problem with one value (a bad tag, an impossible date), after which the
    rest of a file can still be read, unlike a broken structure."""

    bad_value = False

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def located(self, path: Path) -> str:
        """'file, Zeile N: message' for the user."""
        line = f", Zeile {self.line}" if self.line else ""
        return f"{display_path(path)}{line}: {self.message}"


class FileMissing(FileProblem):
    """The file does not exist."""

    def __init__(self) -> None:
        super().__init__("Datei nicht gefunden")


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory where that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def os_reason(exc: OSError) -> str:
    """The German reason of a failed file operation."""
    reasons = {
        errno.ENOENT: "Verzeichnis existiert nicht",
        errno.EACCES: "keine Schreibberechtigung",
        errno.EPERM: "keine Schreibberechtigung",
        errno.EROFS: "Datenträger ist schreibgeschützt",
        errno.ENOSPC: "Datenträger ist voll",
        errno.ENAMETOOLONG: "Dateiname oder Pfad ist zu lang",
        errno.ENOTDIR: "ein Teil des Pfads ist kein Verzeichnis",
        errno.EISDIR: "ist ein Verzeichnis, keine Datei",
        errno.ELOOP: "zu viele symbolische Verknüpfungen",
        errno.EDQUOT: "Speicherkontingent erschöpft",
    }
    if exc.errno is None:
        return "unbekannter Fehler"
    return reasons.get(exc.errno, f"Betriebssystemfehler {exc.errno}")


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in German; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "ist ein Verzeichnis, keine Datei"
    if stat.S_ISFIFO(mode):
        return "ist eine benannte Pipe (FIFO), keine Datei"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "ist ein Gerät, keine Datei"
    if stat.S_ISSOCK(mode):
        return "ist ein Socket, keine Datei"
    return "ist keine gewöhnliche Datei"


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, with a size limit; every failure a ``FileProblem``, never a hang."""
    raw = read_prefix(path, max_bytes + 1)
    if len(raw) > max_bytes:
        raise FileProblem(f"Datei ist zu groß (mehr als {max_bytes // (1024 * 1024)} MiB)")
    return raw


def read_prefix(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; ``FileProblem`` for anything else, never a hang."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise FileMissing() from None
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({os_reason(exc)})") from None
    kind = _kind(before.st_mode)
    if kind:  # checked before opening: opening a FIFO on Windows or without O_NONBLOCK blocks
        raise FileProblem(kind)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileMissing() from None
    except PermissionError:
        raise FileProblem("keine Leseberechtigung") from None
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({os_reason(exc)})") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)  # the file opened, not one swapped in meanwhile
        if kind:
            raise FileProblem(kind)
        return _read_upto(fd, limit)
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({os_reason(exc)})") from None
    finally:
        os.close(fd)


def _read_upto(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``fd``'s position (``os.read`` may return fewer at a time)."""
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_suffix(path: Path, limit: int) -> bytes:
    """At most the last ``limit`` bytes of a regular file; the same guards as ``read_prefix``."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    read_prefix(path, 0)  # refuses what is not a regular file before opening it
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileMissing() from None
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({os_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            raise FileProblem(kind)
        os.lseek(fd, max(0, info.st_size - limit), os.SEEK_SET)
        return _read_upto(fd, limit)
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({os_reason(exc)})") from None
    finally:
        os.close(fd)


def write_target(path: Path) -> Path:
    """The file a write of ``path`` changes: a symlink's target (so the link stays), else ``path``.

    Raises ``FileProblem`` if that is not a regular file or cannot be changed."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target  # a new file (or a dangling link's future target)
    except OSError as exc:
        raise FileProblem(f"kann nicht geschrieben werden ({os_reason(exc)})") from None
    kind = _kind(info.st_mode)
    if kind:
        raise FileProblem(f"{kind}; ksm ersetzt nur gewöhnliche Dateien")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FileProblem("ist schreibgeschützt; ksm ändert sie nicht (Schreibschutz erst aufheben)")
    return target


def _new_file_mode() -> int:
    if os.name != "posix":
        return 0o666
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}
SAFE_NAME_LENGTH = 80


def safe_file_name(text: str, fallback: str = "ohne-namen") -> str:
    """A file name (without extension) from a user's text that Windows, macOS and Linux accept:
    no path separators, no characters Windows forbids (``<>:"/\\|?*``), no control or invisible
    characters, no trailing dots or spaces, no reserved device name (CON, NUL, COM1 …), at most
    ``SAFE_NAME_LENGTH`` characters. Umlauts stay."""
    import re
    import unicodedata

    name = unicodedata.normalize("NFC", text)
    name = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in name)
    name = re.sub(r'[<>:"/\\|?*]', "-", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = name[:SAFE_NAME_LENGTH].rstrip(" .")
    if not name or name.split(".")[0].lower() in _WINDOWS_RESERVED:
        name = f"{fallback}-{name}" if name else fallback
    return name


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 atomically (newlines as given); see ``atomic_write_bytes``."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` atomically; returns the file written (a symlink's target).

    The old file stays whole when anything fails. ``FileProblem`` for what the user can mend
    (not a regular file, write-protected); ``OSError`` for what the system refused."""
    import tempfile

    target = write_target(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    remove_stale_temporaries(directory)
    _fsync_directory(directory)
    return target


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def remove_stale_temporaries(directory: Path) -> None:
    """Temporary files of writes that a killed process left behind; never one still being written."""
    import time

    limit = time.time() - STALE_TEMPORARY_SECONDS
    for leftover in directory.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            pass


ENV_CACHE_DIR = "KSM_CACHE_DIR"


def cache_dir() -> Path:
    """ksm's own folder for caches and locks: ``KSM_CACHE_DIR`` or the user cache folder."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    return user_cache_dir()


def user_cache_dir() -> Path:
    """The user cache folder, as platformdirs names it (tests/test_fs.py compares the two), but
    without importing it, which costs about 4 ms on every command: ``%LOCALAPPDATA%\\ksm\\Cache``,
    ``$XDG_CACHE_HOME/ksm``, ``~/Library/Caches/ksm`` or ``~/.cache/ksm``. Where none of these
    applies, platformdirs decides. It is a cache: a folder elsewhere costs one rebuild."""
    import sys

    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "")
        if os.path.isabs(base):
            return Path(os.path.normpath(base)) / "ksm" / "Cache"
    elif sys.platform == "darwin" or sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if xdg.startswith("/"):
            return Path(xdg) / "ksm"
        home = os.environ.get("HOME", "")
        if home.startswith("/"):
            return Path(home, "Library/Caches" if sys.platform == "darwin" else ".cache", "ksm")
    import platformdirs

    return Path(platformdirs.user_cache_dir("ksm", appauthor=False))


def digest(*parts: bytes) -> str:
    """A short hash of the parts (BLAKE2; the builtin module spares importing hashlib's OpenSSL)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b

    hashed = blake2b(digest_size=16)
    for part in parts:
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()


def lock_dir() -> Path:
    """Where ksm keeps its lock files: ``sperren`` in the cache folder, away from the user's files."""
    return cache_dir() / "sperren"


class FileLock:
    """The lock of a user's file, held while it is read, changed and written.

    A lock of the operating system (``filelock``: fcntl on POSIX, msvcrt on Windows), so the
    system releases it when a process dies, killed or not. The lock file is named after the
    file's real path and lies in ``lock_dir()``: every process of the user that changes the file,
    through any link to it, takes the same lock, and no lock file appears beside the user's file.
    Waiting longer than ``timeout`` is a ``FileProblem``.
    """

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        from filelock import FileLock as _OsLock

        real = os.path.normcase(os.path.realpath(path))
        self.lock_path = lock_dir() / f"{digest(real.encode('utf-8', 'surrogatepass'))}.lock"
        self._lock = _OsLock(self.lock_path, timeout=timeout)

    def __enter__(self) -> FileLock:
        from filelock import Timeout

        try:  # a folder where no lock file can be made fails now, not after the whole timeout
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:
            raise FileProblem(
                f"Sperrdatei in {self.lock_path.parent} kann nicht angelegt werden "
                f"({os_reason(exc)}); nichts geschrieben"
            ) from None
        try:
            self._lock.acquire()
        except Timeout:
            raise FileProblem(
                "ist gesperrt: ein anderes ksm ändert sie gerade (läuft ksm noch in einem anderen Fenster?)"
            ) from None
        except OSError as exc:
            raise FileProblem(
                f"Sperrdatei in {self.lock_path.parent} kann nicht angelegt werden "
                f"({os_reason(exc)}); nichts geschrieben"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()
