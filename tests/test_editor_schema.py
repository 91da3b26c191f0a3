"""The JSON Schemas in data/schema/ that editors use while a domain expert types (issue 15, §7).

They are generated from the pydantic models (ksm_cli/knowledge/editor_schema.py) and committed;
these tests fail when one is out of date, when a knowledge file stops naming its schema, or when
a schema stops describing the shipped files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from ksm_cli.knowledge import FILE_NAMES
from ksm_cli.knowledge.editor_schema import SCHEMA_FOLDER, modeline, schema_name, schema_texts

DATA = Path(__file__).resolve().parent.parent / "data"
SCHEMAS = DATA / SCHEMA_FOLDER


def test_the_committed_schemas_are_those_of_the_models():
    wanted = schema_texts()
    stale = [
        name
        for name, text in wanted.items()
        if not (SCHEMAS / name).is_file() or (SCHEMAS / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"veraltet: {stale}; neu erzeugen mit: python dev.py schemas"
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(wanted)  # no leftover of a removed file


@pytest.mark.parametrize("key", list(FILE_NAMES))
def test_every_knowledge_file_names_its_schema_in_its_first_line(key):
    first = (DATA / FILE_NAMES[key]).read_text(encoding="utf-8").splitlines()[0]
    assert first == modeline(key)
    target = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
    assert (DATA / target).resolve() == (SCHEMAS / schema_name(key)).resolve()


def test_the_schemas_carry_german_texts_and_no_english_field_titles():
    schema = json.loads((SCHEMAS / "models.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "ksm-Wissensbasis: models.yaml"
    assert "python dev.py schemas" in schema["description"]
    model = schema["$defs"]["Model"]
    assert model["properties"]["source"]["description"].startswith("Fundstelle")
    assert "title" not in model["properties"]["short_description"]
    assert model["additionalProperties"] is False  # unknown keys are marked, as ksm refuses them


# A small validator for the keywords these schemas use; enough to show that a schema still
# describes the shipped file (the project has no JSON Schema library among its dependencies).


def _problems(value, schema: dict, root: dict, path: str = "") -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _problems(value, root["$defs"][name], root, path)
    if "anyOf" in schema:
        branches = [_problems(value, branch, root, path) for branch in schema["anyOf"]]
        return [] if any(not b for b in branches) else min(branches, key=len)
    problems: list[str] = []
    kind = schema.get("type")
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
        "integer": int,
        "number": (int, float),
    }
    if kind is not None and (
        not isinstance(value, types[kind]) or (kind in ("integer", "number") and isinstance(value, bool))
    ):
        return [f"{path}: kein {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} nicht in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: {value!r} ist nicht {schema['const']!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            problems.append(f"{path}: {value} außerhalb des Bereichs")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            problems.append(f"{path}: {value} zu klein")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            problems.append(f"{path}: zu kurz")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{path}: passt nicht zu {schema['pattern']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{path}: zu wenige Einträge")
        for i, item in enumerate(value):
            problems += _problems(item, schema.get("items", {}), root, f"{path}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}.{key}: fehlt")
        for key, item in value.items():
            if key in properties:
                problems += _problems(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}.{key}: unbekannter Schlüssel")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += _problems(item, schema["additionalProperties"], root, f"{path}.{key}")
            if "propertyNames" in schema:
                problems += _problems(key, schema["propertyNames"], root, f"{path}.{key} (Schlüssel)")
    return problems


def _schema(key: str) -> dict:
    return json.loads((SCHEMAS / schema_name(key)).read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", list(FILE_NAMES))
def test_the_shipped_file_fits_its_schema(key):
    data = yaml.safe_load((DATA / FILE_NAMES[key]).read_text(encoding="utf-8"))
    assert _problems(data, _schema(key), _schema(key)) == []


def test_a_schema_marks_what_ksm_refuses():
    data = yaml.safe_load((DATA / "models.yaml").read_text(encoding="utf-8"))
    data["models"][0]["rang"] = 1  # a typo of a key
    data["models"][1]["rank"] = "fünf"
    data["models"][2]["rank"] = 12
    del data["models"][3]["source"]
    problems = _problems(data, _schema("models"), _schema("models"))
    assert problems == [
        ".models[0].rang: unbekannter Schlüssel",
        ".models[1].rank: kein integer",
        ".models[2].rank: 12 außerhalb des Bereichs",
        ".models[3].source: fehlt",
    ]
