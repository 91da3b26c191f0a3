"""Knowledge that would produce nonsense is refused, with file, line and field, and all at once.

Each test breaks a copy of data/ and runs ``ksm validate`` and a command that loads the knowledge
(``--data``): exit 2, German messages that name file and line, JSON that a strict parser reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.knowledge.validate import validate_directory
from ksm_cli.storage import FileProblem, parse_yaml


def _break(directory: Path, filename: str, old: str, new: str) -> int:
    """Replace the first ``old`` by ``new``; the 1-based line where it starts."""
    path = directory / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {filename}"
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text[:index].count("\n") + 1


def _no_constant(name: str):
    raise AssertionError(f"not strict JSON: {name}")


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity."""
    return json.loads(text, parse_constant=_no_constant)


def one_based(path: str) -> str:
    """A field path as ksm shows it: list entries counted from 1, as an editor counts them."""
    import re

    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", path)


def _flat(text: str) -> str:
    return " ".join(text.split())  # undo line wrapping


def _refused(ksm, directory: Path, filename: str, line: int, path: str, message: str) -> None:
    """validate (text and JSON) and a loading command all refuse, naming file, line and field."""
    expected = f"{filename}, Zeile {line}: {one_based(path)}: {message}"
    result = ksm("validate", str(directory))
    assert result.exit_code == 2, result.stdout
    assert expected in _flat(result.stdout), result.stdout
    assert "Unerwarteter Fehler" not in result.stdout + result.stderr

    result = ksm("--data", str(directory), "validate", "--json")
    assert result.exit_code == 2
    payload = strict_json(result.stdout)
    assert payload["valid"] is False
    assert any(
        e["file"].endswith(filename) and e["line"] == line and e["path"] == path and message in e["message"]
        for e in payload["errors"]
    ), payload["errors"]

    result = ksm("--data", str(directory), "models", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: ") and result.stderr.count("\n") == 1
    assert "Unerwarteter Fehler" not in result.stderr
    report = validate_directory(directory)
    first = str(report.issues[0])
    assert first in result.stderr and re.search(r"\.yaml, Zeile \d+: ", first), result.stderr


# --- 1. NaN and infinity -------------------------------------------------------------------------

NOT_FINITE = [
    # file, old, new, field path
    ("models.yaml", "value: 25000", "value: .nan", "models[4].steckbrief.conditions[0].check.value"),
    ("models.yaml", "value: 25000", "value: .NaN", "models[4].steckbrief.conditions[0].check.value"),
    ("models.yaml", "vzae: 1\n", "vzae: .inf\n", "models[4].steckbrief.guide_values[0].vzae"),
    (
        "mentoring.yaml",
        "reference_days: [5, 10]",
        "reference_days: [5, .inf]",
        "rule_sets[0].reference_days[1]",
    ),
    ("mentoring.yaml", "minimum_days: 5", "minimum_days: -.inf", "rule_sets[0].minimum_days"),
    ("mentoring.yaml", "hours_per_day: 8", "hours_per_day: !!float nan", "hours_per_day"),
    (
        "mentoring.yaml",
        "credit_days: 2.5",
        "credit_days: 1.0e+400",
        "formats[3].credit_by_weeks[0].credit_days",
    ),
]


@pytest.mark.parametrize("case", NOT_FINITE, ids=lambda c: c[2])
def test_nan_and_infinity_are_refused_with_file_line_and_field(ksm, data_copy, case):
    filename, old, new, path = case
    line = _break(data_copy, filename, old, new)
    _refused(ksm, data_copy, filename, line, path, "muss eine endliche Zahl sein")


def test_nan_as_text_is_no_number(ksm, data_copy):
    """Strings are never made numbers: 'nan' in quotes is text, and refused as such."""
    line = _break(data_copy, "mentoring.yaml", "minimum_days: 5", "minimum_days: 'nan'")
    _refused(ksm, data_copy, "mentoring.yaml", line, "rule_sets[0].minimum_days", "muss eine Zahl sein")


JSON_COMMANDS = [
    ["models", "list", "--json"],
    ["models", "show", "V7", "--json"],
    ["models", "compare", "V7", "V8", "--json"],
    ["flowchart", "--json"],
    ["tasks", "list", "--json"],
    ["mentoring", "formats", "--json"],
    ["mentoring", "topics", "--json"],
    ["assess", "--set", "einwohner=48000", "--set", "stellenumfang_vzae=0,5", "--set", "budget_eur=200000"]
    + ["--set", "klimaschutzkonzept=teilweise", "--set", "laufende_prozesse=ja"]
    + ["--set", "eigenfinanzierung=moeglich", "--set", "staerkung_ksm=nein", "--json"],
    ["validate", "--json"],
]


@pytest.mark.parametrize("where", NOT_FINITE[:1] + NOT_FINITE[4:5], ids=lambda c: c[0])
def test_no_json_output_carries_nan(ksm, data_copy, where):
    """The NaN cannot reach a --json of the tool: the knowledge is refused before anything is shown."""
    filename, old, new, _path = where
    _break(data_copy, filename, old, new)
    for args in JSON_COMMANDS:
        result = ksm("--data", str(data_copy), *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "NaN" not in result.stdout and "Infinity" not in result.stdout
        if result.stdout:
            strict_json(result.stdout)
        assert re.search(
            rf"{filename}, Zeile \d+: |{filename}\", \"line\": \d+", result.stderr + result.stdout
        )


def test_every_json_output_of_the_shipped_knowledge_is_strict(ksm):
    for args in JSON_COMMANDS:
        result = ksm(*args)
        assert result.exit_code == 0, (args, result.stderr)
        strict_json(result.stdout)


def test_every_float_field_refuses_nan():
    """The generic mechanism: every schema forbids NaN and infinity, also models added later."""
    from pydantic import BaseModel

    from ksm_cli.knowledge import schema

    models = [v for v in vars(schema).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    assert len(models) > 30
    for model in models:
        if model is BaseModel:
            continue
        assert issubclass(model, schema.Strict), model
        assert model.model_config.get("allow_inf_nan") is False, model


# --- 2. node ids that are context keys -----------------------------------------------------------


def test_a_node_named_like_a_context_key_is_an_error(ksm, data_copy):
    flow = data_copy / "flowchart.yaml"
    text = flow.read_text(encoding="utf-8")
    assert text.count("next: stellenausbau\n") == 1 and text.count("  stellenausbau:\n") == 1
    flow.write_text(
        text.replace("next: stellenausbau\n", "next: einwohner\n").replace(
            "  stellenausbau:\n", "  einwohner:\n"
        ),
        encoding="utf-8",
    )
    line = text[: text.index("  stellenausbau:\n")].count("\n") + 1
    report = validate_directory(data_copy)
    assert [i.path for i in report.issues] == ["nodes.einwohner"], [str(i) for i in report.issues]
    _refused(
        ksm, data_copy, "flowchart.yaml", line, "nodes.einwohner", "Knoten 'einwohner' heißt wie eine Angabe"
    )


def test_every_context_key_is_refused_as_a_node_id(data_copy):
    from ksm_cli.assess.answers import CONTEXT

    flow = data_copy / "flowchart.yaml"
    original = flow.read_text(encoding="utf-8")
    for key in CONTEXT:
        flow.write_text(
            original.replace("next: stellenausbau\n", f"next: {key}\n").replace(
                "  stellenausbau:\n", f"  {key}:\n"
            ),
            encoding="utf-8",
        )
        messages = [str(i) for i in validate_directory(data_copy).issues]
        assert any(f"nodes.{key}: Knoten '{key}' heißt wie eine Angabe zur Kommune" in m for m in messages), (
            key
        )


def test_a_follow_up_question_named_like_a_context_key_is_an_error(ksm, data_copy):
    line = _break(
        data_copy, "flowchart.yaml", "      id: stellenteilung_aufgabe\n", "      id: kommunentyp\n"
    )
    _refused(
        ksm, data_copy, "flowchart.yaml", line, "results.v6a_c.refine.id", "Frage-ID 'kommunentyp' heißt wie"
    )


# --- 3. YAML tags and impossible dates ----------------------------------------------------------

BAD_VALUES = [
    # written value, message
    ("!!int abc", "ungültiger Wert für !!int: 'abc'"),
    ("!!int 0x", "ungültiger Wert für !!int: '0x'"),
    ("!!float x", "ungültiger Wert für !!float: 'x'"),
    ("!!timestamp foo", "ungültiges Datum 'foo'"),
    ("!!timestamp 2027-01-01 25:00:00", "ungültiges Datum '2027-01-01 25:00:00'"),
    ("!!bool maybe", "ungültiger Wert für !!bool: 'maybe'"),
    ("!!binary aGFsbG8=", "Binärdaten (!!binary) werden nicht unterstützt"),
    ("!!binary 'äö'", "Binärdaten (!!binary) werden nicht unterstützt"),
    ("2027-02-30", "ungültiges Datum '2027-02-30' (ist Text gemeint, bitte in Anführungszeichen setzen)"),
    ("2027-13-01", "ungültiges Datum '2027-13-01'"),
    ("!!python/object:os.system x", "unbekannter YAML-Tag '!!python/object:os.system'"),
    ("!foo x", "unbekannter YAML-Tag '!foo'"),
    ("!!seq x", "ungültiger Wert für !!seq: 'x'"),
    ("1" * 5000, "ungültiger Wert für !!int: '111111"),
]


@pytest.mark.parametrize("case", BAD_VALUES, ids=lambda c: c[0][:30])
def test_bad_tags_and_dates_give_file_line_and_field(ksm, data_copy, case):
    written, message = case
    line = _break(data_copy, "models.yaml", "    rank: 5\n", f"    rank: {written}\n")
    _refused(ksm, data_copy, "models.yaml", line, "models[1].rank", message)


@pytest.mark.parametrize("case", BAD_VALUES, ids=lambda c: c[0][:30])
def test_parse_yaml_locates_bad_values(case):
    written, message = case
    with pytest.raises(FileProblem) as info:
        parse_yaml(f"a: 1\nb:\n  - {written}\n")
    assert info.value.line == 3 and message in info.value.message


def test_a_bad_key_names_its_mapping(data_copy):
    line = _break(data_copy, "models.yaml", "    rank: 5\n", "    !!int x: 5\n")
    report = validate_directory(data_copy)
    # no "rank: Pflichtfeld fehlt" besides: the broken key may have been meant as rank
    assert [str(i) for i in report.issues] == [
        f"{report.files[0]}, Zeile {line}: models[2]: ungültiger Wert für !!int: 'x'"
    ]


TAGS = [
    "!!int",
    "!!float",
    "!!bool",
    "!!timestamp",
    "!!binary",
    "!!null",
    "!!str",
    "!!seq",
    "!!map",
    "!x",
    "",
]


@settings(max_examples=300, deadline=None)
@given(tag=st.sampled_from(TAGS), value=st.text(max_size=30))
def test_any_tagged_scalar_parses_or_is_a_located_problem(tag, value):
    text = f"a:\n  b: {tag} {json.dumps(value)}\n"
    try:
        parse_yaml(text)
    except FileProblem as problem:
        assert problem.message and "\n" not in problem.message
        assert problem.line is None or problem.line >= 1
    plain = f"a:\n  b: {tag} {value}\n"
    try:
        parse_yaml(plain)
    except FileProblem as problem:
        assert problem.message and "\n" not in problem.message


# --- 4. every problem, not only the first --------------------------------------------------------


def test_several_bad_values_in_one_file_are_all_reported(ksm, data_copy):
    first = _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: !!int abc\n")
    second = _break(data_copy, "models.yaml", "value: 25000", "value: 2027-02-30")
    third = _break(data_copy, "models.yaml", "    rank: 8\n", "    rank: acht\n")  # a schema error
    report = validate_directory(data_copy)
    assert [(i.line, i.path) for i in report.issues] == [
        (first, "models[1].rank"),
        (second, "models[4].steckbrief.conditions[0].check.value"),
        (third, "models[7].rank"),
    ], [str(i) for i in report.issues]
    payload = strict_json(ksm("validate", str(data_copy), "--json").stdout)
    assert len(payload["errors"]) == 3


def test_every_broken_file_is_reported(ksm, data_copy):
    models = _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: !!int abc\n")
    tasks = _break(
        data_copy, "tasks.yaml", "  - id: bildungsarbeit\n", "  - id: bildungsarbeit\n    text: a: b: c\n"
    )
    mentoring = _break(data_copy, "mentoring.yaml", "minimum_days: 5", "minimum_days: .nan")
    flow = data_copy / "flowchart.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(
        text.replace("next: stellenausbau\n", "next: vorhaben\n").replace(
            "  stellenausbau:\n", "  vorhaben:\n"
        ),
        encoding="utf-8",
    )
    result = ksm("validate", str(data_copy))
    assert result.exit_code == 2
    shown = _flat(result.stdout)
    assert "4 Fehler" in shown
    for expected in (
        f"models.yaml, Zeile {models}: models[2].rank: ungültiger Wert für !!int: 'abc'",
        f"tasks.yaml, Zeile {tasks + 1}: Doppelpunkt an unerwarteter Stelle",
        f"mentoring.yaml, Zeile {mentoring}: rule_sets[1].minimum_days: muss eine endliche Zahl sein",
        "flowchart.yaml, Zeile",
        "nodes.vorhaben: Knoten 'vorhaben' heißt wie eine Angabe zur Kommune",
    ):
        assert expected in shown, (expected, shown)
    payload = strict_json(ksm("validate", str(data_copy), "--json").stdout)
    assert len(payload["errors"]) == 4
    assert all(isinstance(e["line"], int) for e in payload["errors"])


def test_references_to_models_are_checked_though_models_yaml_has_errors(data_copy):
    _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: fünf\n")
    _break(data_copy, "flowchart.yaml", "    models: [V10]\n", "    models: [V12]\n")
    _break(data_copy, "tasks.yaml", "models: [V9]", "models: [V88]")
    messages = [str(i) for i in validate_directory(data_copy).issues]
    assert any("models[2].rank: muss eine ganze Zahl sein" in m for m in messages), messages
    assert any("results.v10.models[1]: unbekanntes Modell 'V12'" in m for m in messages), messages
    assert any("unbekanntes Modell 'V88'" in m for m in messages), messages
    assert len(messages) == 3, messages


def test_a_bad_value_does_not_hide_the_rest_of_its_file(data_copy):
    """After a value that is no valid YAML value, the file's schema is still checked."""
    # the unknown key comes first in the file and shifts the bad value one line down
    bad = _break(data_copy, "flowchart.yaml", "        next: staerkung_ksm\n", "        next: 2027-02-30\n")
    extra = _break(
        data_copy, "flowchart.yaml", "    stage: strategie\n", "    stage: strategie\n    farbe: blau\n"
    )
    issues = validate_directory(data_copy).issues
    assert [(i.line, i.message.split(" (")[0]) for i in issues] == [
        (bad + 1, "ungültiges Datum '2027-02-30'"),
        (extra + 1, "unbekannter Schlüssel"),
    ], [str(i) for i in issues]


def test_an_optional_bad_value_does_not_hide_the_checks_across_the_file(data_copy):
    bad = _break(
        data_copy,
        "flowchart.yaml",
        "        next: staerkung_ksm\n",
        "        next: staerkung_ksm\n        note: 2027-02-30\n",
    )
    unknown = _break(
        data_copy, "flowchart.yaml", "        next: sponsoring_foerderung", "        next: politk"
    )
    issues = [(i.line, i.message.split(" (")[0]) for i in validate_directory(data_copy).issues]
    assert issues[0] == (bad + 1, "ungültiges Datum '2027-02-30'"), issues
    assert (unknown, "unbekannter Knoten 'politk'") in issues, issues


def test_a_syntax_error_after_a_bad_value_is_reported_too(data_copy):
    bad = _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: !!int abc\n")
    dup = _break(data_copy, "models.yaml", "    rank: 8\n", "    rank: 8\n    rank: 9\n") + 1
    issues = validate_directory(data_copy).issues
    assert [i.line for i in issues] == [bad, dup], [str(i) for i in issues]
    assert "kommt doppelt vor" in issues[1].message


def test_many_bad_values_are_capped_and_quick(data_copy):
    import time

    from ksm_cli.knowledge.validate import MAX_VALUE_PROBLEMS

    (data_copy / "models.yaml").write_text(
        "schema_version: 1\nmodels:\n" + "  - !!int x\n" * 50_000, encoding="utf-8"
    )
    started = time.monotonic()
    issues = validate_directory(data_copy).issues
    assert time.monotonic() - started < 5
    assert len(issues) == MAX_VALUE_PROBLEMS + 1
    assert issues[-1].message == f"mehr als {MAX_VALUE_PROBLEMS} ungültige Werte"
