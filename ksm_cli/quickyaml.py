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

# One line: its indent, then a comment, or an optional "- " and a "key: value" or a bare value.
# Every line matches (the last alternative takes anything), so the lines are split in one pass.
_LINE = re.compile(
    r"^( *)(?:(#.*)|(- +)?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$|(.*)))",
    re.MULTILINE,
)
# Characters that make a text unusual enough for PyYAML: tabs, CR, YAML's other line breaks,
# control characters, a BOM, and the characters that start a flow, an anchor, a tag or a block
# scalar anywhere in a value.
_UNUSUAL = "[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
_PLAIN_START_BAD = frozenset("[]{}&*!|>%@`,?:'\"#-")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Within storage's limits (MAX_NODES, MAX_DEPTH): a file beyond them goes to PyYAML, which refuses it.
MAX_LINES = 16_000  # at most 3 nodes a line (a list item, its key, its value)
MAX_DEPTH = 32


class _NotSimple(Exception):
    pass


def _unusual(text: str) -> bool:
    """Whether ``text`` holds a character of _UNUSUAL. Every one of them is one that
    str.isprintable() refuses, so printable text (newlines aside) is checked quickly; only other
    text costs compiling the class (about 1 ms)."""
    if text.replace("\n", "").isprintable():
        return False
    return re.search(_UNUSUAL, text) is not None


def parse(text: str) -> Any | None:
    """The raw-scalar data of ``text`` if it is simple block YAML, else None (use PyYAML)."""
    if text.count("\n") > 2 * MAX_LINES or _unusual(text):
        return None
    if "\n---" in text or "\n..." in text or text.startswith(("---", "...", "%")):
        return None
    # (indent, dash, key, value, bare value) of every line that is not blank or a comment
    lines = [
        (len(indent), dash, key, value, bare)
        for indent, comment, dash, key, value, bare in _LINE.findall(text)
        if not comment and (dash or key or bare.strip(" "))
    ]
    if len(lines) > MAX_LINES or not lines or lines[0][0] != 0:
        return None
    try:
        data, end = _mapping(lines, 0, 0)
    except _NotSimple:
        return None
    return data if end == len(lines) else None


def _scalar(text: str) -> str | None:
    """A value as written after ``key: `` or ``- ``, without its comment; raises for other forms."""
    if text[0] not in _PLAIN_START_BAD and ": " not in text and " #" not in text and text[-1] != ":":
        return None if text in _NULLS else text  # the common case: a plain value, no comment
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
    count = len(lines)
    while index < count:
        level, dash, key, value, bare = lines[index]
        if level < indent:
            break
        if level > indent or dash or not key:
            raise _NotSimple
        if key in result:
            raise _NotSimple  # PyYAML's reader names the duplicate
        index += 1
        if value and value[-1] == " ":
            value = value.rstrip(" ")
        if value:
            first = value[:1]
            # the common cases inline (a plain value; a quoted one such as a date), else _scalar
            if first not in _PLAIN_START_BAD and ": " not in value and " #" not in value and value[-1] != ":":
                result[key] = None if value in _NULLS else value
                continue
            if first == "'" and value[-1] == "'" and len(value) > 1 and value.count("'") == 2:
                result[key] = value[1:-1]
                continue
            if first != "#":
                result[key] = _scalar(value)
                continue
        # `key:` alone: a nested block, or nothing
        if index < count:
            next_level, next_dash = lines[index][0], lines[index][1]
            if next_dash and next_level >= indent:
                result[key], index = _sequence(lines, index, next_level, depth + 1)
                continue
            if next_level > indent:
                result[key], index = _mapping(lines, index, next_level, depth + 1)
                continue
        result[key] = None
    return result, index


def _sequence(lines, index: int, indent: int, depth: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    count = len(lines)
    while index < count:
        level, dash, key, value, bare = lines[index]
        if level < indent or (level == indent and not dash):
            break
        if level > indent or not dash:
            raise _NotSimple
        if key:
            # `- key: value`: a mapping whose keys stand at the column of `key`
            column = indent + len(dash)
            lines[index] = (column, "", key, value, bare)
            item, index = _mapping(lines, index, column, depth + 1)
            items.append(item)
            continue
        bare = bare.rstrip(" ")
        if not bare or bare.startswith(("#", "-")):
            raise _NotSimple
        items.append(_scalar(bare))
        index += 1
    return items, index
