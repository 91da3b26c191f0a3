"""Bounded, safe YAML reading with line numbers, and YAML writing that reads back exactly.

Plain Python, no UI. Every reader here reports problems as ``FileProblem`` with the 1-based line
where it applies, so that callers can name file, line and field. The file-system primitives
(regular files only, atomic writes, locks) are in ``ksm_cli.fs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from ksm_cli.errors import UsageError
from ksm_cli.fs import MAX_FILE_BYTES, FileProblem, display_path, read_bytes

MAX_DEPTH = 64
# Nodes (scalars, lists, mappings) in one file: a real mentoring log has tens of entries, about
# ten nodes each; the largest knowledge file has a few thousand. 50,000 leaves ample room (a log
# of some 4,500 entries) and keeps a hostile file cheap to refuse.
MAX_NODES = 50_000

Path_ = tuple[Any, ...]


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


class YamlDocument(NamedTuple):
    """Parsed YAML plus the line of every mapping key and sequence item."""

    data: Any
    lines: dict[Path_, int]

    def line_for(self, path: Path_) -> int | None:
        """The line of ``path``, or of its longest prefix that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a regular UTF-8 file (a BOM is accepted) with a size limit."""
    return decode_utf8(read_bytes(path, max_bytes))


def read_user_file(path: Path, missing: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, FieldChecker]:
    """A user's YAML record (raw scalars) and the checker that locates its fields.

    A missing file is the ``UserFileError`` ``missing``; a file that cannot be read or parsed is a
    located one that says the file stayed as it was. The file is read from disk on every call,
    never from a cache. The line map is made only when a problem is reported, by parsing the
    text again.
    """
    from ksm_cli.fs import FileMissing

    name = display_path(path)
    try:
        raw = read_bytes(path, max_bytes)
    except FileMissing:
        raise UserFileError(f"{name}: {missing}") from None
    except FileProblem as problem:
        raise UserFileError(f"{problem.located(path)} (die Datei wurde nicht verändert)") from None
    try:
        text = decode_utf8(raw)
        from ksm_cli import quickyaml

        data = quickyaml.parse(text)  # the plain block YAML ksm writes, without PyYAML
        if data is None:
            data = parse_yaml(text, raw_scalars=True, track_lines=False).data
    except FileProblem as problem:
        raise UserFileError(f"{problem.located(path)} (die Datei wurde nicht verändert)") from None
    return data, FieldChecker(name, lambda: parse_yaml(text, raw_scalars=True).lines)


def verify_readback(text: str, check, expected: Any, max_bytes: int = MAX_FILE_BYTES) -> None:
    """What ksm is about to write must read back as ``expected`` through ``check(data, checker)``,
    within the read limits; otherwise ``FileProblem``, and the caller writes nothing."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise FileProblem(
            f"würde größer als {max_bytes // (1024 * 1024)} MiB, die ksm lesen kann; nichts geschrieben"
        )
    try:
        document = parse_yaml(text, raw_scalars=True)
        result = check(document.data, FieldChecker("", document.lines))
    except (FileProblem, UsageError) as problem:
        raise FileProblem(
            f"ksm könnte die geänderte Datei nicht wieder lesen ({getattr(problem, 'message', problem)}); "
            "nichts geschrieben"
        ) from None
    if result != expected:
        raise FileProblem("die geänderte Datei ergäbe andere Werte als beabsichtigt; nichts geschrieben")


def decode_utf8(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM is accepted; positions below count without it
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem("ist nicht UTF-8-kodiert (bitte als UTF-8 speichern)", line=line) from None


# PyYAML's and libyaml's messages that ksm translates, by the start of their "problem" text. The
# contract test (tests/test_yaml_messages.py) produces each one with the installed PyYAML, so a
# changed library message shows up as a failing test; an unknown message still gets the German
# text of its exception class (_PROBLEM_CLASSES), never the English one.
YAML_PROBLEMS = {
    "mapping values are not allowed": (
        "Doppelpunkt an unerwarteter Stelle (Text mit Doppelpunkt in Anführungszeichen setzen)"
    ),
    "found character '\\t' that cannot start any token": (
        "Tabulatorzeichen sind in YAML nicht erlaubt, bitte Leerzeichen verwenden"
    ),
    "found a tab character": "Tabulatorzeichen sind in YAML nicht erlaubt, bitte Leerzeichen verwenden",
    "found character": "unerlaubtes Zeichen an dieser Stelle (Tabulator statt Leerzeichen?)",
    "could not find expected ':'": "erwarteter Doppelpunkt fehlt",
    "found unexpected end of stream": "unerwartetes Dateiende (fehlt ein Anführungszeichen?)",
    "found unknown escape character": "unbekannte Escape-Sequenz in Text mit Anführungszeichen",
    "exceeded maximum nesting depth": "zu tief verschachtelt",
    "expected <block end>": "Einrückung passt nicht zur Struktur",
    "did not find expected key": "Einrückung passt nicht zur Struktur",
    "did not find expected '-' indicator": "Einrückung passt nicht zur Struktur",
    "block sequence entries are not allowed": "Einrückung passt nicht zur Struktur",
    "sequence entries are not allowed": "Einrückung passt nicht zur Struktur",
    "did not find expected ',' or": "Liste oder Zuordnung in Klammern ist nicht korrekt geschlossen",
    "expected ',' or": "Liste oder Zuordnung in Klammern ist nicht korrekt geschlossen",
    "did not find expected node content": "hier fehlt ein Wert",
    "did not find expected <document start>": "nach dem Ende der Daten folgt noch etwas (überzählige Klammer?)",
    "expected '<document start>'": "nach dem Ende der Daten folgt noch etwas (überzählige Klammer?)",
    "found incompatible YAML document": "nicht unterstützte YAML-Version (%YAML-Angabe entfernen)",
}
# The German text for a message not in YAML_PROBLEMS, by the class of the exception.
_PROBLEM_CLASSES = {
    "ScannerError": "ungültige YAML-Schreibweise",
    "ParserError": "Aufbau der Datei ist fehlerhaft (Einrückung, Klammern oder Anführungszeichen prüfen)",
    "ComposerError": "Aufbau der Datei ist fehlerhaft",
    "ReaderError": "unzulässiges Zeichen",
}


# Problems whose cause is where the parser's context began (a key without ':' is found missing
# only on the next line).
_AT_CONTEXT = ("could not find expected ':'",)


def german_yaml_problem(exc: Exception) -> str:
    """The German text of a PyYAML error: by its problem text where ksm knows it, else by its class."""
    problem = getattr(exc, "problem", None) or ""
    for english, german in YAML_PROBLEMS.items():
        if problem.startswith(english):
            return german
    for klass in type(exc).__mro__:
        if klass.__name__ in _PROBLEM_CLASSES:
            return _PROBLEM_CLASSES[klass.__name__]
    return "YAML-Syntaxfehler"


def _yaml():
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return yaml, loader


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"


def parse_yaml(text: str, raw_scalars: bool = False, track_lines: bool = True) -> YamlDocument:
    """Parse one YAML document, recording lines; rejects aliases, duplicate keys, deep nesting.

    The data is built from the parser's events with an explicit stack (no recursion), and the
    limits are checked while parsing: a hostile file is refused after ``MAX_NODES`` nodes or at
    depth ``MAX_DEPTH``, before it costs time or memory.

    With ``raw_scalars`` every value stays the text as written (no implicit types: ``no`` is not
    False, ``48.000`` is not 48.0, ``2027-06-30`` is not a date); user files are read this way.
    Without ``track_lines`` the line map stays empty, which makes long files quicker to read;
    problems found while parsing still carry their line."""
    yaml, loader_class = _yaml()
    from yaml import events as ev
    from yaml.nodes import ScalarNode

    def scalar(event):
        if raw_scalars:
            # plain style is None in PyYAML's Python parser and "" in libyaml's
            if not event.style and event.value in _NULLS:
                return None
            return event.value
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0] or (quick and value and value[0] not in first_chars):
                return value  # quoted, or plain text no implicit type starts with: quick
            tag = loader.resolve(ScalarNode, value, event.implicit)
            if tag == _INT_TAG and len(value) < 16 and value.isascii() and value.isdigit():
                if value[0] != "0" or value == "0":  # a leading 0 is octal in YAML 1.1
                    return int(value)  # a short plain decimal number; long ones are checked below
        if tag == _STR_TAG:
            return event.value  # text needs no constructor: the common case, and quick
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            if tag == "tag:yaml.org,2002:binary":
                raise ValueError("binary")  # no knowledge is binary data
            value = loader.construct_object(node, deep=True)
            loader.constructed_objects.clear()  # PyYAML keeps every node and value until dispose
            return value
        # PyYAML's scalar constructors fail with ValueError, KeyError, AttributeError and more
        # on values such as '!!int abc', '!!bool maybe', '!!timestamp foo' or 2027-02-30.
        except Exception as exc:
            short = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
            shown = repr(event.value if len(event.value) <= 60 else event.value[:60] + "…")
            if short == "!!binary":
                message = "Binärdaten (!!binary) werden nicht unterstützt"
            elif isinstance(exc, yaml.YAMLError) and "could not determine a constructor" in str(exc):
                message = f"unbekannter YAML-Tag {short!r}"
            elif short == "!!timestamp":
                message = f"ungültiges Datum {shown} (ist Text gemeint, bitte in Anführungszeichen setzen)"
            else:
                message = f"ungültiger Wert für {short}: {shown}"
            problem = FileProblem(message, line=event.start_mark.line + 1)
            problem.bad_value = True  # a value, not the structure: the rest can still be read
            raise problem from None

    def line_of(event) -> int:
        return event.start_mark.line + 1

    lines: dict[Path_, int] = {}
    loader: Any = None
    # the first characters of PyYAML's implicit types (bool, int, float, null, timestamp …); a
    # resolver without a first character would apply to every value, so then none is quick
    first_chars = loader_class.yaml_implicit_resolvers
    quick = None not in first_chars
    try:
        try:
            loader = loader_class(text)  # PyYAML's Python reader checks the characters here
            get_event = loader.get_event
            get_event()  # StreamStart
            if loader.check_event(ev.StreamEndEvent):
                return YamlDocument(None, {})
            get_event()  # DocumentStart
            root_line = None
            nodes = 0
            # A frame: [container, path, pending key (mappings; _NO_KEY when a key is expected)]
            stack: list[list[Any]] = []
            result: Any = None
            done = False
            while not done:
                event = get_event()
                kind = type(event)
                if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                    value = stack.pop()[0]
                else:
                    if kind is ev.AliasEvent:
                        raise FileProblem(
                            "Anker und Aliase (&, *) werden nicht unterstützt", line=line_of(event)
                        )
                    nodes += 1
                    if nodes > MAX_NODES:
                        raise FileProblem("zu viele Einträge", line=line_of(event))
                    if root_line is None:
                        root_line = line_of(event)
                    frame = stack[-1] if stack else None
                    if frame is not None and frame[2] is _NO_KEY:  # a mapping key
                        if kind is not ev.ScalarEvent:
                            raise FileProblem("Schlüssel muss ein einfacher Text sein", line=line_of(event))
                        if event.tag == "tag:yaml.org,2002:merge" or (
                            not event.style and event.value == "<<"
                        ):
                            raise FileProblem(
                                "Zusammenführen mit '<<' wird nicht unterstützt", line=line_of(event)
                            )
                        key = scalar(event)
                        if not isinstance(key, (str, int)):
                            key = str(key)
                        if key in frame[0]:
                            raise FileProblem(f"Schlüssel '{key}' kommt doppelt vor", line=line_of(event))
                        frame[2] = key
                        if track_lines:
                            lines[(*frame[1], key)] = line_of(event)
                        continue
                    if kind is ev.ScalarEvent:
                        value = scalar(event)
                    else:
                        if len(stack) >= MAX_DEPTH:
                            raise FileProblem("zu tief verschachtelt", line=line_of(event))
                        if frame is None:
                            path: Path_ = ()
                        elif track_lines:
                            path = (*frame[1], frame[2] if type(frame[0]) is dict else len(frame[0]))
                        else:
                            path = frame[1]
                        if track_lines and frame is not None and type(frame[0]) is list:
                            lines[path] = line_of(event)
                        if kind is ev.MappingStartEvent:
                            stack.append([{}, path, _NO_KEY])
                        else:
                            stack.append([[], path, None])
                        continue
                    if track_lines and frame is not None and type(frame[0]) is list:
                        lines[(*frame[1], len(frame[0]))] = line_of(event)
                # place the finished value
                if not stack:
                    result, done = value, True
                    continue
                frame = stack[-1]
                if type(frame[0]) is dict:
                    frame[0][frame[2]] = value
                    frame[2] = _NO_KEY
                else:
                    frame[0].append(value)
            get_event()  # DocumentEnd
            if not loader.check_event(ev.StreamEndEvent):
                raise FileProblem(
                    "enthält mehr als ein YAML-Dokument (---)", line=line_of(loader.peek_event())
                )
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if (exc.problem or "").startswith(_AT_CONTEXT) and exc.context_mark is not None:
                mark = exc.context_mark  # the line without its ':', not the next one
            line = mark.line + 1 if mark is not None else None
            raise FileProblem(german_yaml_problem(exc), line=line) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow
            line = text.count("\n", 0, exc.position) + 1
            raise FileProblem(f"unzulässiges Zeichen U+{exc.character:04X}", line=line) from None
        except yaml.YAMLError as exc:
            raise FileProblem(german_yaml_problem(exc)) from None
        lines[()] = root_line or 1
        return YamlDocument(result, lines)
    finally:
        if loader is not None:
            loader.dispose()


_NO_KEY = object()  # a mapping frame that waits for its next key


# Characters YAML treats as line breaks (NEL, LS, PS) or cannot print: PyYAML's emitter folds
# NEL inside single quotes into a space, so such text is written double-quoted, with escapes.
_ESCAPE_ONLY = frozenset("\x85\u2028\u2029")


def dump_yaml(data: Any) -> str:
    """Block-style YAML (UTF-8 text, key order kept) that reads back exactly as written."""
    yaml, _ = _yaml()

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):
        pass

    def text(dumper, value: str):
        style = '"' if any(c in _ESCAPE_ONLY or not (c.isprintable() or c in "\n") for c in value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def number(dumper, value: float):
        from ksm_cli.german import plain_decimal

        return dumper.represent_scalar("tag:yaml.org,2002:float", plain_decimal(value))

    Dumper.add_representer(str, text)
    Dumper.add_representer(float, number)
    return yaml.dump(
        data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
