"""Safe file access: bounded YAML reading with line numbers, and atomic writes.

Plain Python, no UI. Every reader here reports problems as ``FileProblem`` with the
1-based line where it applies, so that callers can name file, line and field.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ksm_cli.errors import UsageError

# Knowledge files and user files are small; anything larger is a mistake or an attack.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[Any, ...]


class FileProblem(Exception):
    """A file cannot be read or parsed. ``message`` is German, ``line`` 1-based or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def located(self, path: Path) -> str:
        """'file, Zeile N: message' for the user."""
        line = f", Zeile {self.line}" if self.line else ""
        return f"{display_path(path)}{line}: {self.message}"


class UserFileError(UsageError):
    """A user's file cannot be used; the message names file, line and field (exit 2)."""


class FieldChecker:
    """Turns a problem at a field path of a parsed user file into a located ``UserFileError``.

    ``lines`` maps field paths to lines; it may also be a function that returns that map, which
    is then called only when a problem is reported (a long valid file needs no line map).
    """

    def __init__(self, name: str, lines) -> None:
        self.name, self._lines = name, lines

    @property
    def lines(self) -> dict:
        if callable(self._lines):
            self._lines = self._lines()
        return self._lines

    def fail(self, path: tuple, message: str) -> UserFileError:
        line = None
        probe = tuple(path)
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe[:-1]
        where = f"{self.name}, Zeile {line}" if line else self.name
        field = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path).replace(".[", "[")
        return UserFileError(f"{where}: {field}: {message}" if field else f"{where}: {message}")


@dataclass
class YamlDocument:
    """Parsed YAML plus the line of every mapping key and sequence item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_for(self, path: Path_) -> int | None:
        """The line of ``path``, or of its longest prefix that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory where that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, with a size limit; every failure a ``FileProblem``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FileProblem("Datei nicht gefunden") from None
    except IsADirectoryError:
        raise FileProblem("ist ein Verzeichnis, keine Datei") from None
    except PermissionError:
        raise FileProblem("keine Leseberechtigung") from None
    except OSError as exc:
        raise FileProblem(f"kann nicht gelesen werden ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise FileProblem(f"Datei ist zu groß (mehr als {max_bytes // (1024 * 1024)} MiB)")
    return raw


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file (a BOM is accepted) with a size limit."""
    return decode_utf8(read_bytes(path, max_bytes))


# Bump when parse_yaml's raw reading changes: cached parses of user files then no longer match.
RAW_PARSE_VERSION = 1


def _parse_user_yaml(path: Path, raw: bytes) -> Any:
    """The raw-scalar data of a user's YAML file, from the cache when these exact bytes were parsed
    before. Only the parse is cached: the caller validates the data on every read."""
    from ksm_cli import __version__
    from ksm_cli.cache import cache_dir, digest, read_json, write_json

    content = digest(f"ksm {__version__} raw {RAW_PARSE_VERSION}".encode(), raw)
    entry = cache_dir() / "dateien" / f"{digest(str(path.resolve()).encode())}.json"
    cached = read_json(entry)
    if isinstance(cached, dict) and cached.get("digest") == content and "data" in cached:
        return cached["data"]
    data = parse_yaml(decode_utf8(raw), raw_scalars=True, track_lines=False).data
    write_json(entry, {"digest": content, "data": data})
    return data


def read_user_file(path: Path, missing: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, FieldChecker]:
    """A user's YAML record (raw scalars) and the checker that locates its fields.

    A missing file is the ``UserFileError`` ``missing``; a file that cannot be read or parsed is a
    located one that says the file stayed as it was. The line map is made only when a problem
    is reported, by parsing the text again.
    """
    name = display_path(path)
    if not path.exists():
        raise UserFileError(f"{name}: {missing}")
    try:
        raw = read_bytes(path, max_bytes)
        data = _parse_user_yaml(path, raw)
    except FileProblem as problem:
        raise UserFileError(f"{problem.located(path)} (die Datei wurde nicht verändert)") from None
    return data, FieldChecker(name, lambda: parse_yaml(decode_utf8(raw), raw_scalars=True).lines)


def decode_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem("ist nicht UTF-8-kodiert (bitte als UTF-8 speichern)", line=line) from None


_YAML_PROBLEMS = {
    "mapping values are not allowed": (
        "Doppelpunkt an unerwarteter Stelle (Text mit Doppelpunkt in Anführungszeichen setzen)"
    ),
    "found character '\\t' that cannot start any token": (
        "Tabulatorzeichen sind in YAML nicht erlaubt, bitte Leerzeichen verwenden"
    ),
    "found character that cannot start any token": (
        "unerlaubtes Zeichen an dieser Stelle (Tabulator statt Leerzeichen?)"
    ),
    "could not find expected ':'": "erwarteter Doppelpunkt fehlt",
    "found unexpected end of stream": "unerwartetes Dateiende (fehlt ein Anführungszeichen?)",
    "found undefined alias": "unbekannter Alias",
    "found unknown escape character": "unbekannte Escape-Sequenz in Text mit Anführungszeichen",
    "found unacceptable character": "unzulässiges Steuerzeichen",
}


def _german_yaml_problem(problem: str | None) -> str:
    problem = problem or ""
    for english, german in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return german
    if problem.startswith("expected <block end>") or "block collection" in problem:
        return "Einrückung passt nicht zur Struktur"
    if "expected ',' or" in problem or "expected ','" in problem:
        return "Liste oder Zuordnung in Klammern ist nicht korrekt geschlossen"
    return f"YAML-Syntaxfehler ({problem or 'unbekannt'})"


def _yaml():
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return yaml, loader


_raw_loaders: dict[type, type] = {}


def _raw_loader(yaml, base: type) -> type:
    """``base`` without implicit typing: every plain scalar is a string.

    The values of user files stay the text as written anyway, so PyYAML's regular-expression
    resolver would only cost time (most of the parse of a long mentoring log)."""
    if base not in _raw_loaders:
        tags = {
            yaml.ScalarNode: "tag:yaml.org,2002:str",
            yaml.SequenceNode: "tag:yaml.org,2002:seq",
            yaml.MappingNode: "tag:yaml.org,2002:map",
        }

        class RawLoader(base):
            def resolve(self, kind, value, implicit):
                return tags[kind]

        _raw_loaders[base] = RawLoader
    return _raw_loaders[base]


def parse_yaml(text: str, raw_scalars: bool = False, track_lines: bool = True) -> YamlDocument:
    """Parse one YAML document, recording lines; rejects aliases, duplicate keys, deep nesting.

    With ``raw_scalars`` every value stays the text as written (no implicit types: ``no`` is not
    False, ``48.000`` is not 48.0, ``2027-06-30`` is not a date); user files are read this way.
    Without ``track_lines`` the line map stays empty, which makes long files quicker to read;
    problems found while parsing still carry their line."""
    yaml, loader_class = _yaml()
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if raw_scalars:
        loader_class = _raw_loader(yaml, loader_class)
    loader = loader_class(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            raise FileProblem(_german_yaml_problem(exc.problem), line=line) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow
            line = text.count("\n", 0, exc.position) + 1
            raise FileProblem(f"unzulässiges Zeichen U+{exc.character:04X}", line=line) from None
        except yaml.YAMLError as exc:
            raise FileProblem(_german_yaml_problem(str(exc))) from None
        except RecursionError:
            raise FileProblem("zu tief verschachtelt") from None

        lines: dict[Path_, int] = {}
        seen: set[int] = set()
        counter = [0]

        def scalar(node):
            if raw_scalars:
                # plain style is None in PyYAML's Python parser and "" in libyaml's
                if not node.style and node.value in ("", "~", "null", "Null", "NULL"):
                    return None
                return node.value
            try:
                if node.tag == "tag:yaml.org,2002:binary":
                    raise ValueError("binary")  # no knowledge is binary data
                return loader.construct_object(node, deep=True)
            # PyYAML's scalar constructors fail with ValueError, KeyError, AttributeError and more
            # on values such as '!!int abc', '!!bool maybe', '!!timestamp foo' or 2027-02-30.
            except Exception as exc:
                tag = node.tag
                short = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
                shown = repr(node.value if len(node.value) <= 60 else node.value[:60] + "…")
                if short == "!!binary":
                    message = "Binärdaten (!!binary) werden nicht unterstützt"
                elif isinstance(exc, yaml.YAMLError) and "could not determine a constructor" in str(exc):
                    message = f"unbekannter YAML-Tag {short!r}"
                elif short == "!!timestamp":
                    message = (
                        f"ungültiges Datum {shown} (ist Text gemeint, bitte in Anführungszeichen setzen)"
                    )
                else:
                    message = f"ungültiger Wert für {short}: {shown}"
                problem = FileProblem(message, line=node.start_mark.line + 1)
                problem.bad_value = True  # a value, not the structure: the rest can still be read
                raise problem from None

        def build(node, path: Path_, depth: int):
            if id(node) in seen:
                raise FileProblem(
                    "Anker und Aliase (&, *) werden nicht unterstützt",
                    line=node.start_mark.line + 1,
                )
            seen.add(id(node))
            counter[0] += 1
            if counter[0] > MAX_NODES:
                raise FileProblem("zu viele Einträge", line=node.start_mark.line + 1)
            if depth > MAX_DEPTH:
                raise FileProblem("zu tief verschachtelt", line=node.start_mark.line + 1)
            kind = type(node)
            if kind is ScalarNode:
                return scalar(node)
            if kind is MappingNode:
                result: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    if type(key_node) is not ScalarNode:
                        raise FileProblem(
                            "Schlüssel muss ein einfacher Text sein",
                            line=key_node.start_mark.line + 1,
                        )
                    if key_node.tag == "tag:yaml.org,2002:merge" or (
                        not key_node.style and key_node.value == "<<"
                    ):
                        raise FileProblem(
                            "Zusammenführen mit '<<' wird nicht unterstützt",
                            line=key_node.start_mark.line + 1,
                        )
                    key = scalar(key_node)
                    if not isinstance(key, (str, int)):
                        key = str(key)
                    if key in result:
                        raise FileProblem(
                            f"Schlüssel '{key}' kommt doppelt vor",
                            line=key_node.start_mark.line + 1,
                        )
                    if track_lines:
                        lines[path + (key,)] = key_node.start_mark.line + 1
                        result[key] = build(value_node, path + (key,), depth + 1)
                    else:
                        result[key] = build(value_node, path, depth + 1)
                return result
            if kind is SequenceNode:
                items = []
                for index, item in enumerate(node.value):
                    if track_lines:
                        lines[path + (index,)] = item.start_mark.line + 1
                        items.append(build(item, path + (index,), depth + 1))
                    else:
                        items.append(build(item, path, depth + 1))
                return items
            return scalar(node)

        if root is None:
            return YamlDocument(None, {})
        lines[()] = root.start_mark.line + 1
        return YamlDocument(build(root, (), 0), lines)
    finally:
        loader.dispose()


# Characters YAML treats as line breaks (NEL, LS, PS) or cannot print: PyYAML's emitter folds
# NEL inside single quotes into a space, so such text is written double-quoted, with escapes.
_ESCAPE_ONLY = frozenset("\x85\u2028\u2029")


def dump_yaml(data: Any) -> str:
    """Block-style YAML (UTF-8 text, key order kept) that reads back exactly as written."""
    yaml, _ = _yaml()

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        pass

    def text(dumper, value: str):
        style = '"' if any(c in _ESCAPE_ONLY or not (c.isprintable() or c in "\n") for c in value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(
        data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8: temporary file in the same directory, fsync, os.replace."""
    import tempfile

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    _remove_stale_temporaries(directory, path.name)
    if os.name == "posix":
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


def os_reason(exc: OSError) -> str:
    """The German reason of a failed file operation."""
    import errno

    reasons = {
        errno.ENOENT: "Verzeichnis existiert nicht",
        errno.EACCES: "keine Schreibberechtigung",
        errno.EPERM: "keine Schreibberechtigung",
        errno.EROFS: "Datenträger ist schreibgeschützt",
        errno.ENOSPC: "Datenträger ist voll",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


STALE_TEMPORARY_SECONDS = 3600


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Temporary files of writes that a killed process left behind; never one still being written."""
    import time

    limit = time.time() - STALE_TEMPORARY_SECONDS
    for leftover in directory.glob(f".{name}.*.tmp"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            pass


class FileLock:
    """The lock of a user's file, held while it is read, changed and written.

    A lock of the operating system on ``<name>.lock`` beside the file (``filelock``: fcntl on
    POSIX, msvcrt on Windows), so the system releases it when a process dies, killed or not: a
    crashed ``ksm`` never blocks the next one. Waiting longer than ``timeout`` is a ``FileProblem``.
    """

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        from filelock import FileLock as _OsLock

        self.lock_path = Path(str(path) + ".lock")
        self._lock = _OsLock(self.lock_path, timeout=timeout)

    def __enter__(self) -> FileLock:
        from filelock import Timeout

        try:  # a folder where no lock file can be made fails now, not after the whole timeout
            os.close(os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as exc:
            raise FileProblem(
                f"Sperrdatei {self.lock_path.name} kann nicht angelegt werden "
                f"({os_reason(exc)}); nichts geschrieben"
            ) from None
        try:
            self._lock.acquire()
        except Timeout:
            raise FileProblem(
                f"ist gesperrt ({self.lock_path.name}); läuft ksm noch in einem anderen Fenster?"
            ) from None
        except OSError as exc:
            raise FileProblem(
                f"Sperrdatei {self.lock_path.name} kann nicht angelegt werden "
                f"({os_reason(exc)}); nichts geschrieben"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()
