"""A quick reader for the plain block YAML that ksm writes, without importing PyYAML.

ksm's user files (mentoring log, self-assessment, answers) are read on every command, and
importing and running PyYAML costs more than the rest of a run. This reader understands only
the plain subset ksm writes and people keep when they edit by hand: block mappings and
sequences, plain and simply quoted scalars, comments and blank lines. For anything else it
returns ``None`` and the caller reads the text with PyYAML (``storage.parse_yaml``), which then
also reports every problem. So it never decides whether a file is valid; it only takes the
common case off PyYAML.

Its result must equal ``parse_yaml(text, raw_scalars=True).data`` whenever it returns one; the
differential property test in tests/test_quickyaml.py checks this against PyYAML.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$")
# Characters that make a text unusual enough for PyYAML: tabs, CR, YAML's other line breaks,
# control characters, a BOM, and the characters that start a flow, an anchor, a tag or a block
# scalar anywhere in a value.
_UNUSUAL = re.compile("[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_PLAIN_START_BAD = set("[]{}&*!|>%@`,?:'\"#-")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Within storage's limits (MAX_NODES, MAX_DEPTH): a file beyond them goes to PyYAML, which refuses it.
MAX_LINES = 40_000
MAX_DEPTH = 32


class _NotSimple(Exception):
    pass


def parse(text: str) -> Any | None:
    """The raw-scalar data of ``text`` if it is simple block YAML, else None (use PyYAML)."""
    if text.count("\n") > 2 * MAX_LINES or _UNUSUAL.search(text):
        return None
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith(("---", "...", "%")):
            return None
        lines.append((len(line) - len(stripped), stripped.rstrip(" ")))
        if len(lines) > MAX_LINES:
            return None
    if not lines or lines[0][0] != 0:
        return None
    try:
        data, end = _mapping(lines, 0, 0)
    except _NotSimple:
        return None
    return data if end == len(lines) else None


def _scalar(text: str) -> str | None:
    """A value as written after ``key: `` or ``- ``, without its comment; raises for other forms."""
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise _NotSimple
            if text.startswith("''", end):
                end += 2
                continue
            break
        _rest_is_comment(text[end + 1 :])
        return text[1:end].replace("''", "'")
    if text.startswith('"'):
        end = text.find('"', 1)
        if end < 0 or "\\" in text[1:end]:
            raise _NotSimple
        _rest_is_comment(text[end + 1 :])
        return text[1:end]
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if not value:
        return None
    if value[0] in _PLAIN_START_BAD or ": " in value or value.endswith(":") or " #" in value:
        raise _NotSimple
    return None if value in _NULLS else value


def _rest_is_comment(rest: str) -> None:
    if rest and not (rest.startswith(" ") and (not rest.strip() or rest.lstrip(" ").startswith("#"))):
        raise _NotSimple


def _mapping(lines, index: int, indent: int, depth: int = 0) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise _NotSimple
    result: dict[str, Any] = {}
    while index < len(lines):
        level, text = lines[index]
        if level < indent:
            break
        if level > indent or text.startswith("-"):
            raise _NotSimple
        match = _KEY.match(text)
        if match is None:
            raise _NotSimple
        key, value = match.group(1), match.group(2)
        if key in result:
            raise _NotSimple  # PyYAML's reader names the duplicate
        index += 1
        if value is not None and value.strip(" ") and not value.lstrip(" ").startswith("#"):
            result[key] = _scalar(value)
            continue
        # `key:` alone: a nested block, or nothing
        if index < len(lines):
            next_level, next_text = lines[index]
            if next_level > indent and not next_text.startswith("- ") and next_text != "-":
                result[key], index = _mapping(lines, index, next_level, depth + 1)
                continue
            if next_level >= indent and (next_text.startswith("- ") or next_text == "-"):
                result[key], index = _sequence(lines, index, next_level, depth + 1)
                continue
        result[key] = None
    return result, index


def _sequence(lines, index: int, indent: int, depth: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    while index < len(lines):
        level, text = lines[index]
        if level < indent or (level == indent and not text.startswith("- ")):
            break
        if level > indent or not text.startswith("- "):
            raise _NotSimple
        rest = text[2:]
        offset = len(rest) - len(rest.lstrip(" "))
        rest = rest.lstrip(" ")
        if not rest or rest.startswith("#") or rest.startswith("- "):
            raise _NotSimple
        if _KEY.match(rest):
            # `- key: value`: a mapping whose keys stand at the column of `key`
            column = indent + 2 + offset
            lines[index] = (column, rest)
            item, index = _mapping(lines, index, column, depth + 1)
            items.append(item)
            continue
        items.append(_scalar(rest))
        index += 1
    return items, index
