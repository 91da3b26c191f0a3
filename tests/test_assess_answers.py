"""Parsing and validating answers: context values, flowchart answers, answers files."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.assess.answers import (
    CONTEXT,
    Answers,
    dump_answers,
    load_answers_file,
    missing_questions,
    parse_answers,
    parse_context_value,
)
from ksm_cli.errors import InputError, UsageError
from ksm_cli.german import (
    FIRST_DATE,
    LAST_DATE,
    MAX_BUDGET,
    MAX_EINWOHNER,
    MAX_VZAE,
    MONEY_PLACES,
    VZAE_PLACES,
)


def _german_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("einwohner", "48000", 48000),
        ("einwohner", "48.000", 48000),
        ("einwohner", "1 250 000", 1250000),
        ("stellenumfang_vzae", "0,5", 0.5),
        ("stellenumfang_vzae", "1.5", 1.5),
        ("budget_eur", "250.000", 250000.0),
        ("budget_eur", "1.250,50", 1250.5),
        ("budget_eur", "250000 €", 250000.0),
        ("foerderende", "30.06.2027", dt.date(2027, 6, 30)),
        ("foerderende", "2027-06-30", dt.date(2027, 6, 30)),
        ("kommunentyp", "Landkreis", "landkreis"),
        ("kommunentyp", "kreisfreie Stadt", "kreisfreie_stadt"),
        ("vorhaben", "Anschlussvorhaben", "anschlussvorhaben"),
    ],
)
def test_context_values_in_german_and_english_notation(k, key, raw, expected):
    assert parse_context_value(CONTEXT[key], raw, k) == expected


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("einwohner", "48,5", "keine ganze Zahl"),
        ("einwohner", "-3", "keine ganze Zahl"),
        ("einwohner", "99999999999", "nicht plausibel"),
        ("stellenumfang_vzae", "1.500", "keine gültige Zahl"),
        ("stellenumfang_vzae", "viel", "keine gültige Zahl"),
        ("foerderende", "31.02.2027", "kein gültiges Datum"),
        ("foerderende", "morgen", "kein gültiges Datum"),
        ("kommunentyp", "Bezirk", "(erlaubt: gemeinde, kreisfreie_stadt, landkreis)"),
        ("ansiedlung_heute", "V99", "Unbekanntes Modell"),
    ],
)
def test_bad_context_values_name_the_key_and_what_is_allowed(k, key, raw, fragment):
    """The core names the key as its field, never a CLI flag; the caller names the source."""
    with pytest.raises(InputError) as info:
        parse_context_value(CONTEXT[key], raw, k)
    assert info.value.field == key
    assert info.value.message.startswith(f"{key}: ")
    assert "--" not in info.value.message
    assert fragment in info.value.message
    assert info.value.named({key: f"--set {key}"}).message.startswith(f"--set {key}: ")


def test_model_context_keeps_the_variant(k):
    assert parse_context_value(CONTEXT["ansiedlung_heute"], "v6b", k) == "V6b"


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=10_000_000))
def test_any_population_in_german_notation_parses_back(n):
    field = CONTEXT["einwohner"]
    assert parse_context_value(field, _german_thousands(n), None) == n
    assert parse_context_value(field, str(n), None) == n


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False))
def test_any_budget_in_german_notation_parses_back(value):
    whole, _, cents = f"{value:.2f}".partition(".")
    text = _german_thousands(int(whole)) + "," + cents
    assert parse_context_value(CONTEXT["budget_eur"], text, None) == pytest.approx(float(value))


@settings(max_examples=300)
@given(st.sampled_from(sorted(CONTEXT)), st.text(max_size=30))
def test_arbitrary_text_never_crashes_the_parser(k, key, raw):
    try:
        parse_context_value(CONTEXT[key], raw, k)
    except InputError as exc:
        assert exc.field == key and exc.message.startswith(f"{key}: ")


def test_flow_answers_accept_ids_and_labels(k):
    answers = parse_answers(
        {"eigenfinanzierung": "nicht möglich", "klimaschutzkonzept": "Teilweise umgesetzt"}, k
    )
    assert answers.flow == {"eigenfinanzierung": "nicht_moeglich", "klimaschutzkonzept": "teilweise"}


def test_invalid_flow_answer_names_key_and_allowed_values(k):
    with pytest.raises(InputError) as info:
        parse_answers({" staerkung_ksm": "vielleicht"}, k)
    error = info.value
    assert (error.field, error.value, error.accepted) == ("staerkung_ksm", "vielleicht", ["ja", "nein"])
    assert error.message == "staerkung_ksm: 'vielleicht': ungültiger Wert (erlaubt: ja, nein)"
    assert (
        error.named({"staerkung_ksm": "a.yaml, Zeile 4: staerkung_ksm"}).message
        == "a.yaml, Zeile 4: staerkung_ksm: 'vielleicht': ungültiger Wert (erlaubt: ja, nein)"
    )


def test_a_yes_no_value_for_a_flow_answer_is_explained(k):
    with pytest.raises(InputError) as info:
        parse_answers({"staerkung_ksm": True}, k)
    assert "wurde als Ja/Nein-Wert gelesen" in info.value.message
    assert info.value.accepted == ["ja", "nein"]


def test_unknown_key_suggests_the_closest(k):
    with pytest.raises(InputError) as info:
        parse_answers({"klimaschutzkonzpt": "umgesetzt"}, k)
    assert info.value.field == "klimaschutzkonzpt"
    assert info.value.message.startswith("klimaschutzkonzpt: unbekannte Frage")
    assert "meinten Sie 'klimaschutzkonzept'" in info.value.message
    assert "klimaschutzkonzept" in info.value.accepted and "einwohner" in info.value.accepted


def test_the_core_never_names_a_cli_flag():
    """The texts of the core name keys; only the CLI knows --set, --answers, --batch … (except
    the header of a saved answers file, which says how to use the file again)."""
    import ast
    import inspect

    from ksm_cli.assess import answers, batch, checks, engine, interview, timeline

    for module in (answers, batch, checks, engine, interview, timeline):
        tree = ast.parse(inspect.getsource(module))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        texts = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        ]
        flags = [t for t in texts if re.search(r"--[a-z]", t) and t not in answers.ANSWERS_HEADER]
        assert not flags, (module.__name__, flags)


def test_answers_file_keeps_values_as_written(k, tmp_path):
    """YAML would read 48.000 as 48.0, no as False and a date as a date; answers files do not."""
    path = tmp_path / "antworten.yaml"
    path.write_text(
        "einwohner: 48.000\nfoerderende: 2027-06-30\nstaerkung_ksm: nein\nkommune:\n", encoding="utf-8"
    )
    answers = load_answers_file(path, k)
    assert answers.context == {"einwohner": 48000, "foerderende": dt.date(2027, 6, 30)}
    assert answers.flow == {"staerkung_ksm": "nein"}


def test_answers_file_errors_name_file_and_line(k, tmp_path):
    path = tmp_path / "antworten.yaml"
    path.write_text("klimaschutzkonzept: umgesetzt\nstaerkung_ksm: no\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_answers_file(path, k)
    assert info.value.message.endswith(
        "antworten.yaml, Zeile 2: staerkung_ksm: 'no': ungültiger Wert (erlaubt: ja, nein)"
    )
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(UsageError, match="Zuordnungen"):
        load_answers_file(path, k)
    path.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"antworten.yaml, Zeile \d"):
        load_answers_file(path, k)


answer_sets = st.fixed_dictionaries(
    {},
    optional={
        "kommune": st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
        ).filter(lambda s: s.strip() == s and s.strip()),
        "einwohner": st.one_of(st.integers(1, MAX_EINWOHNER), st.sampled_from([1, MAX_EINWOHNER])),
        "stellenumfang_vzae": st.one_of(
            st.decimals(0, MAX_VZAE, places=VZAE_PLACES).map(float),
            st.sampled_from([0.001, 0.5, 999.999, MAX_VZAE]),
        ),
        "budget_eur": st.one_of(
            st.decimals(0, MAX_BUDGET, places=MONEY_PLACES).map(float),
            st.sampled_from([0.01, 1234.5, MAX_BUDGET - 0.01, MAX_BUDGET]),
        ),
        "foerderende": st.one_of(st.dates(FIRST_DATE, LAST_DATE), st.sampled_from([FIRST_DATE, LAST_DATE])),
        "kommunentyp": st.sampled_from(["gemeinde", "kreisfreie_stadt", "landkreis"]),
        "ansiedlung_heute": st.sampled_from(["V5", "V6b", "V7", "V8", "V11"]),
    },
)


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_saved_answers_read_back_identically(k, tmp_path_factory, context):
    original = Answers({"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "moeglich"}, context)
    path = tmp_path_factory.mktemp("save") / "antworten.yaml"
    path.write_text(dump_answers(original, k), encoding="utf-8")
    assert load_answers_file(path, k) == original


TYPED = st.one_of(
    st.text(alphabet="0123456789,. €-", max_size=16),
    st.builds(lambda n, d: f"{n},{d}", st.integers(0, 10**11), st.text(alphabet="0123456789", max_size=5)),
    st.sampled_from(["0,00001", "1e-05", "1" * 5000, "²", "٣", "31.12.9999", "01.01.1990", "31.12.2100"]),
)


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["einwohner", "stellenumfang_vzae", "budget_eur", "foerderende"]), raw=TYPED)
def test_every_value_the_input_takes_is_saved_and_read_back(k, tmp_path_factory, key, raw):
    """Whatever --set or an answers file accepts, --save-answers writes so that it reads back."""
    try:
        value = parse_context_value(CONTEXT[key], raw, k)
    except InputError as error:
        assert error.message.startswith(f"{key}: ") and len(error.message) < 300
        return
    if value is None:
        return
    original = Answers({}, {key: value})
    text = dump_answers(original, k)
    assert not re.search(r"\b(einwohner|stellenumfang_vzae|budget_eur): \S*[eE]", text)  # no exponent
    path = tmp_path_factory.mktemp("save") / "antworten.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_answers_file(path, k) == original


def test_missing_questions_follow_the_given_answers(k):
    flow = {"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "nicht_moeglich"}
    assert missing_questions(k.flowchart, flow, "klimaschutzkonzept") == []
    partial = missing_questions(k.flowchart, {"klimaschutzkonzept": "umgesetzt"}, "ideen_weiterentwicklung")
    assert partial[0] == "ideen_weiterentwicklung" and "laufende_prozesse" not in partial
