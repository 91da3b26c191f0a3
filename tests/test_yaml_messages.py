"""The contract with PyYAML: every library message that ksm translates, produced by the installed
PyYAML, with libyaml (CSafeLoader, what ksm uses where it exists) and with the Python parser.

When a PyYAML release changes a message, this test names it; the user still gets the German
text of the exception's class meanwhile, never the English one. PyYAML 6.0.4's new
"exceeded maximum nesting depth" is one such message.
"""

from __future__ import annotations

import pytest
import yaml

import ksm_cli.storage as storage
from ksm_cli.fs import FileProblem

C = getattr(yaml, "CSafeLoader", None)
PY = yaml.SafeLoader

# (loader, text, the library's problem text starts with, the line)
CASES = [
    (C, "a: b: c\n", "mapping values are not allowed", 1),
    (PY, "a: b: c\n", "mapping values are not allowed", 1),
    (PY, "a:\n\tb: 1\n", "found character '\\t' that cannot start any token", 2),
    (C, "a:\n\tb: 1\n", "found character", 2),
    (PY, "a: @x\n", "found character", 1),
    (C, "a: 1\n\tb: 2\n", "found a tab character", 2),
    (C, "a: - b\n", "block sequence entries are not allowed", 1),
    (PY, "a: - b\n", "sequence entries are not allowed", 1),
    (C, "a: 1\nb\nc: 2\n", "could not find expected ':'", 2),
    (PY, "a: 1\nb\nc: 2\n", "could not find expected ':'", 2),
    (C, "a: 'x\n", "found unexpected end of stream", 2),
    (C, 'a: "\\q"\n', "found unknown escape character", 1),
    (PY, 'a: "\\q"\n', "found unknown escape character", 1),
    (C, "a: [1, 2\n", "did not find expected ',' or", 2),
    (PY, "a: [1, 2\nb: 1\n", "expected ',' or", 2),
    (C, "a:\n  b: 1\n c: 2\n", "did not find expected key", 3),
    (PY, "a:\n  b: 1\n c: 2\n", "expected <block end>", 3),
    (C, "- a\nb: 1\n", "did not find expected '-' indicator", 2),
    (C, "a: 1\n- b\n", "did not find expected key", 2),
    (PY, "a: 1\n- b\n", "expected <block end>", 2),
    (PY, "a:\n  - b\n  c: 1\n", "expected <block end>", 3),
    (C, "- [\n", "did not find expected node content", 2),
    (C, "{a: 1}}\n", "did not find expected <document start>", 1),
    (PY, "{a: 1}}\n", "expected '<document start>'", 1),
    (C, "%YAML 2.0\n---\na: 1\n", "found incompatible YAML document", 1),
    (PY, "%YAML 2.0\n---\na: 1\n", "found incompatible YAML document", 1),
    (C, "a: " + "[" * 2000 + "\n", "exceeded maximum nesting depth", 1),
]


def _library_problem(loader, text: str) -> str:
    try:
        parser = loader(text)
        while parser.get_event():
            pass
    except yaml.YAMLError as exc:
        return getattr(exc, "problem", None) or str(exc)
    raise AssertionError("PyYAML accepted the text")


@pytest.mark.parametrize(("loader", "text", "english", "line"), [c for c in CASES if c[0] is not None])
def test_each_translated_message_is_what_the_installed_pyyaml_says(monkeypatch, loader, text, english, line):
    assert _library_problem(loader, text).startswith(english)
    monkeypatch.setattr(storage, "_yaml", lambda: (yaml, loader))
    with pytest.raises(FileProblem) as info:
        storage.parse_yaml(text)
    assert info.value.message == storage.YAML_PROBLEMS[english]
    if line is not None:
        assert info.value.line == line


def test_every_translation_is_covered_by_a_case():
    covered = {english for _, _, english, _ in CASES}
    assert covered == set(storage.YAML_PROBLEMS)


def test_an_unknown_message_gets_the_german_text_of_its_class():
    from yaml.parser import ParserError
    from yaml.scanner import ScannerError

    for klass in (ScannerError, ParserError):
        german = storage.german_yaml_problem(klass(problem="some new wording in a future PyYAML"))
        assert german and "wording" not in german
    assert storage.german_yaml_problem(yaml.YAMLError("x")) == "YAML-Syntaxfehler"
