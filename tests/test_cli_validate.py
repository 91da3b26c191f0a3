"""`ksm validate`."""

from __future__ import annotations

import json
import re


def test_validate_shipped_data(ksm):
    result = ksm("validate")
    assert result.exit_code == 0
    assert "Keine Fehler gefunden." in result.stdout
    assert "Flussdiagramm: genau ein Start" in result.stdout
    assert "Modelle:" in result.stdout and "11" in result.stdout


def test_validate_json(ksm):
    payload = json.loads(ksm("validate", "--json").stdout)
    assert payload["schema"] == "ksm.validate/1"
    assert payload["valid"] is True and payload["errors"] == []
    assert payload["counts"]["aufgaben"] == 31


def test_validate_broken_copy_lists_all_errors(ksm, data_copy):
    flow = data_copy / "flowchart.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("next: v9", "next: v99"), encoding="utf-8")
    models = data_copy / "models.yaml"
    models.write_text(
        models.read_text(encoding="utf-8").replace("rank: 5\n", "rank: fünf\n"), encoding="utf-8"
    )
    result = ksm("validate", str(data_copy))
    assert result.exit_code == 2
    assert "3 Fehler" in result.stdout
    text = " ".join(result.stdout.split())  # undo line wrapping
    assert re.search(
        r"flowchart\.yaml, Zeile \d+: nodes\.stellenausbau\.options\[1\]\.next: unbekannter Knoten 'v99'",
        text,
    )
    assert re.search(r"models\.yaml, Zeile \d+: models\[2\]\.rank: muss eine ganze Zahl sein", text)
    payload = json.loads(ksm("validate", str(data_copy), "--json").stdout)
    assert payload["valid"] is False
    assert {e["path"] for e in payload["errors"]} == {
        "nodes.stellenausbau.options[0].next",
        "models[1].rank",
        "results.v9",
    }
    assert all(isinstance(e["line"], int) for e in payload["errors"])


def test_validate_uses_data_option(ksm, data_copy):
    (data_copy / "models.yaml").write_text("schema_version: 2\n", encoding="utf-8")
    result = ksm("--data", str(data_copy), "validate")
    assert result.exit_code == 2
    text = " ".join(result.stdout.split())
    assert "models.yaml, Zeile 1: schema_version: ungültiger Wert 2, erlaubt: 1" in text


def test_validate_missing_directory(ksm, tmp_path):
    result = ksm("validate", str(tmp_path / "fehlt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: Wissensverzeichnis nicht gefunden")
    assert "(aus dem Argument VERZEICHNIS)" in result.stderr  # not "--data", which was not typed
    result = ksm("--data", str(tmp_path / "fehlt"), "validate")
    assert "(aus --data)" in result.stderr


def test_an_invalid_directory_also_says_so_on_stderr(ksm, tmp_path):
    result = ksm("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Fehler: {tmp_path}: 4 Fehler in der Wissensbasis (Liste oben)\n"


def test_a_nul_in_a_path_is_a_usage_error(ksm):
    result = ksm("validate", "a\x00b")
    assert result.exit_code == 2 and "Nullzeichen" in result.stderr
