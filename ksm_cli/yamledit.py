"""Round-trip edits of a user's YAML file: change only what changed, keep everything else.

The mentoring log, the self-assessment and answers files say "Von Hand änderbar". When ksm
changes such a file, the user's comments (comment lines, inline and trailing comments), key
order, quoting and blank lines stay as they were; only the values that changed are written.
ruamel.yaml does the round trip, imported only here, on the write path.

Every scalar is read as text (like ksm's own reader, ``storage.parse_yaml(raw_scalars=True)``),
so a value the user wrote is never re-typed or re-formatted. A new text value that ksm's reader
would take for something else (``null``, ``~``, an empty string, leading blanks) is quoted.

``check_comments`` is the safety net: a change that would lose a comment line of the user is
refused, with nothing written.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ksm_cli.fs import FileProblem

_NULLS = ("", "~", "null", "Null", "NULL")


def _yaml(text: str):
    """A round-trip ruamel.yaml instance set up to write the way ``text`` is indented."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class TextResolver(VersionedResolver):
        """Plain scalars are text, except the nulls ksm's reader knows."""

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode and implicit[0]:
                if value in _NULLS:
                    return Tag(suffix="tag:yaml.org,2002:null")
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    yaml = YAML(typ="rt")
    yaml.Resolver = TextResolver
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of the user's
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indentation(text: str) -> tuple[int, int, int]:
    """The indentation ``text`` uses (ruamel's own guess), for mapping, sequence and dash offset."""
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:
        return 2, 2, 0
    indent = indent or 2
    offset = offset or 0
    return indent, max(indent, offset + 2), offset


def load(text: str) -> tuple[Any, Any]:
    """The ruamel instance and the round-trip document of ``text``."""
    yaml = _yaml(text)
    try:
        return yaml, yaml.load(text)
    except Exception:  # ksm's own reader accepted the file: a ruamel quirk, not the user's fault
        raise FileProblem(
            "kann nicht verändert werden, ohne Formatierung oder Kommentare zu verlieren; "
            "ksm hat nichts geschrieben"
        ) from None


def dump(yaml, doc) -> str:
    import io

    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    return buffer.getvalue()


def plain(node) -> Any:
    """A round-trip document as plain dicts, lists and text, as ksm's reader gives it."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return None if node is None else str(node)


def new_map(values: dict[str, Any]):
    """A mapping to insert, in block style, with text values."""
    from ruamel.yaml.comments import CommentedMap

    result = CommentedMap()
    for key, value in values.items():
        result[key] = new_value(value)
    return result


def new_value(value: Any):
    if isinstance(value, dict):
        return new_map(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        from ksm_cli.german import plain_decimal

        return plain_decimal(value)  # never exponent notation, which ksm would not read back
    return str(value)


def set_key(mapping, key: str, value: Any, order: list[str] | None = None) -> None:
    """Set ``key`` to ``value`` (None removes it), keeping the key's comments; a new key goes to
    its place in ``order`` (the order ksm writes), else to the end."""
    if value is None:
        if key in mapping:
            _remove_key(mapping, key)
        return
    if key in mapping:
        mapping[key] = new_value(value)
        return
    position = len(mapping)
    if order is not None and key in order:
        later = set(order[order.index(key) + 1 :])
        position = next((i for i, k in enumerate(mapping) if k in later), len(mapping))
    # The comment lines above a mapping's first key belong, in ruamel, to what stands before the
    # mapping: a key put in front of the first one would slip under them. So it goes second.
    position = max(position, 1) if len(mapping) else 0
    mapping.insert(position, key, new_value(value))


def _remove_key(mapping, key: str) -> None:
    """Remove ``key``; the comment lines after its value move to the key before it."""
    keys = list(mapping)
    index = keys.index(key)
    following = _following_comment(mapping, key)
    del mapping[key]
    if following and index > 0:
        _append_following(mapping, keys[index - 1], following)


def remove_item(sequence, index: int, yaml) -> Counter[str]:
    """Remove item ``index`` of a sequence of mappings; the comment lines after it stay in place.

    Returns the comment lines inside the removed item, which go with it."""
    item = sequence[index]
    following = None
    if hasattr(item, "ca") and len(item):
        following = _following_comment(item, list(item)[-1])
    gone = comment_lines(dump(yaml, [item]))
    del sequence[index]
    if following:
        if index > 0 and hasattr(sequence[index - 1], "ca") and len(sequence[index - 1]):
            previous = sequence[index - 1]
            _append_following(previous, list(previous)[-1], following)
        elif index < len(sequence):  # the first item went: the lines now stand before the new first
            comment = sequence.ca.comment
            if comment is None:
                comment = sequence.ca.comment = [None, None]
            if comment[1] is None:
                comment[1] = []
            comment[1].append(_comment_token(following))
        else:
            sequence.ca.end = (sequence.ca.end or []) + [_comment_token(following)]
    return gone


def clear_to_null(mapping, key) -> None:
    """Set an emptied list's value to nothing (``key:``), keeping the comment lines it carried."""
    sequence = mapping[key]
    texts = []
    comment = getattr(sequence, "ca", None)
    if comment is not None:
        if comment.comment and len(comment.comment) > 1 and comment.comment[1]:
            texts += [token.value for token in comment.comment[1]]
        texts += [token.value for token in comment.end or []]
    mapping[key] = None
    lines = "".join(t if t.endswith("\n") else t + "\n" for t in texts).lstrip("\n")
    if lines.strip():
        entry = mapping.ca.items.get(key)
        if entry and len(entry) > 3 and entry[3]:  # comment lines before the list, kept by ruamel here
            entry[3] = None
        _append_following(mapping, key, lines)


def _following_comment(mapping, key) -> str | None:
    """The comment lines that follow ``key``'s value (not its inline comment)."""
    entry = mapping.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    text = entry[2].value
    first, newline, rest = text.partition("\n")
    if not newline or not rest.strip():
        return None
    entry[2].value = first + "\n"
    return rest


def _append_following(mapping, key, lines: str) -> None:
    entry = mapping.ca.items.get(key)
    if entry and len(entry) > 2 and entry[2] is not None:
        entry[2].value = entry[2].value.rstrip("\n") + "\n" + lines
        return
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    entry[2] = _comment_token("\n" + lines)


def _comment_token(text: str):
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(text, CommentMark(0), None)


def comment_lines(text: str) -> Counter[str]:
    """The user's whole-line comments of ``text`` (stripped), counted."""
    return Counter(line.strip() for line in text.splitlines() if line.lstrip().startswith("#"))


def check_comments(old: str, new: str, allowed_to_go: Counter[str] | None = None) -> None:
    """Refuse (``FileProblem``) a change that loses a comment line, other than ``allowed_to_go``."""
    lost = comment_lines(old) - comment_lines(new) - (allowed_to_go or Counter())
    if lost:
        sample = next(iter(lost))
        raise FileProblem(
            f"die Änderung würde den Kommentar „{sample}“ verlieren; ksm hat nichts geschrieben"
        )
