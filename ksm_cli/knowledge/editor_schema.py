"""JSON Schemas of the knowledge files for editors: ``data/schema/<name>.schema.json``.

Each file in ``data/`` names its schema in its first line (``# yaml-language-server:
$schema=schema/models.schema.json``), so that VS Code (YAML extension) and other editors
complete keys and mark errors while a domain expert types. The schemas are generated from the
pydantic models in ``schema.py`` and committed; ``python dev.py schemas`` writes them anew and
``tests/test_editor_schema.py`` fails when a committed one is out of date.

They describe one file each. What only ``ksm validate`` checks (references between the files,
unique ids, the flowchart without cycles) is beyond a JSON Schema.

Run as ``python -m ksm_cli.knowledge.editor_schema [FOLDER]``; not imported by any command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ksm_cli.knowledge import FILE_NAMES

SCHEMA_FOLDER = "schema"

# German texts for the editor's hover, for fields that many models share (the models' own
# docstrings, where they have one, stay as pydantic writes them).
FIELD_DESCRIPTIONS = {
    "source": "Fundstelle in der Quelle, z. B. „Kapitel 3.1“ oder „Tabelle 4.2“.",
    "note": "Hinweis, wo der Text der Quelle nicht eindeutig ist; ksm zeigt ihn in der Ausgabe.",
    "schema_version": "Version des Dateiformats; derzeit 1.",
}


def schema_name(key: str) -> str:
    """``models`` -> ``models.schema.json``."""
    return f"{key}.schema.json"


def modeline(key: str) -> str:
    """The first line of ``data/<key>.yaml``: the schema, relative to the YAML file."""
    return f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{schema_name(key)}"


def _auto_title(name: str) -> str:
    """The title pydantic makes of a field name (``short_name`` -> ``Short Name``)."""
    return name.replace("_", " ").title()


def _tidy(schema: dict[str, Any]) -> None:
    """Drop pydantic's English field titles (noise in a German hover) and add German texts.

    Walks the schema keywords that hold schemas, so that a field called ``properties`` or
    ``title`` is never taken for the keyword."""
    for name, field in schema.get("properties", {}).items():
        if field.get("title") == _auto_title(name):
            del field["title"]
        if name in FIELD_DESCRIPTIONS and "description" not in field:
            field["description"] = FIELD_DESCRIPTIONS[name]
        _tidy(field)
    for keyword in ("$defs", "patternProperties"):
        for inner in schema.get(keyword, {}).values():
            _tidy(inner)
    for keyword in ("anyOf", "allOf", "oneOf", "prefixItems"):
        for inner in schema.get(keyword, []):
            _tidy(inner)
    for keyword in ("items", "additionalProperties", "propertyNames"):
        if isinstance(schema.get(keyword), dict):
            _tidy(schema[keyword])


def file_schema(key: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<key>.yaml``."""
    from ksm_cli.knowledge.schema import SCHEMAS

    model: Any = SCHEMAS[key]  # a pydantic model class, whatever type SCHEMAS is annotated with
    schema = model.model_json_schema()
    _tidy(schema)
    head = {
        "title": f"ksm-Wissensbasis: {FILE_NAMES[key]}",
        "description": (
            f"Aufbau von data/{FILE_NAMES[key]}. Erzeugt aus ksm_cli/knowledge/schema.py mit "
            "'python dev.py schemas'; bitte nicht von Hand ändern. Verweise zwischen den Dateien, "
            "eindeutige Kennungen und das Flussdiagramm prüft erst 'ksm validate'."
        ),
    }
    schema.pop("title", None)
    return {**head, **schema}


def schema_texts() -> dict[str, str]:
    """File name -> text of every schema, as committed (in the order of the models, two spaces, UTF-8)."""
    return {
        schema_name(key): json.dumps(file_schema(key), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        for key in FILE_NAMES
    }


def write(folder: Path) -> list[str]:
    """Write the schemas into ``folder``; the names of the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
    return changed


def main(argv: list[str]) -> int:
    from ksm_cli.knowledge.loader import shipped_data_dir

    folder = Path(argv[0]) if argv else shipped_data_dir() / SCHEMA_FOLDER
    changed = write(folder)
    for name in changed:
        print(f"Geschrieben: {folder / name}")
    if not changed:
        print(f"Die Schemas in {folder} sind aktuell.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
