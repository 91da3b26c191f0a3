"""`ksm models` and the root options, through typer's CliRunner."""

from __future__ import annotations

import json

import pytest


def test_models_list(ksm):
    result = ksm("models", "list")
    assert result.exit_code == 0
    for model_id in ["V1-4", "V5", "V6a-c", "V6d-f", "V7", "V7a", "V7b", "V8", "V9", "V10", "V11"]:
        assert f"\n{model_id} " in result.stdout
    assert "Klimaschutz als Stabsstelle" in result.stdout
    assert "außerhalb" in result.stdout
    assert "\x1b[" not in result.stdout  # plain text in a pipe


def test_models_list_json_schema(ksm):
    result = ksm("models", "list", "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["schema"] == "ksm.models.list/1"
    first = payload["models"][0]
    assert set(first) == {
        "id",
        "name",
        "placement",
        "short_description",
        "rank",
        "for_landkreis",
        "funding_role",
        "variants",
        "has_steckbrief",
    }
    v7 = next(m for m in payload["models"] if m["id"] == "V7")
    assert v7["has_steckbrief"] is True and v7["placement"] == "inside"


@pytest.mark.parametrize("spelling", ["V8", "v8", "V 8", "8"])
def test_show_accepts_spellings(ksm, spelling):
    result = ksm("models", "show", spelling)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("V8 – Klimaschutz als Stabsstelle")


def test_show_v8_has_all_advantages_and_disadvantages(ksm):
    out = ksm("models", "show", "V8").stdout
    for text in [
        "Klimaschutz wird als Querschnittsaufgabe erkannt",
        "Direkte Anbindung an die Verwaltungsspitze",
        "Gute Koordinierungsmöglichkeiten innerhalb der Gesamtverwaltung",
        "Neutrale Position bei Abstimmungen zwischen Ämtern",
    ]:
        assert f"+ {text}" in out
    for text in [
        "Häufig nur bedingte Weisungsbefugnis",
        "Nur geringes eigenes Budget",
        "Kein direkt verfügbares Expertenwissen",
        "Schaffung zusätzlicher Strukturen und Koordinierungsaufwand",
        "Keine Ansiedlung in den Ämtern",
    ]:
        assert f"− {text}" in out
    assert "keinen Steckbrief" in out and "https://www.ifeu.de/projekt/klima-kompakt/" in out


def test_show_v7_renders_steckbrief(ksm):
    out = ksm("models", "show", "V7").stdout
    assert "Geeignete Ausgangslage" in out
    assert "Kommunengröße: mehr als 25.000 EW" in out  # German digits, as everywhere
    assert "Personal: mindestens 0,5 VZÄ" in out
    assert "Empfehlungen für die weitere Verstetigung" in out and "Klimaschutzfonds" in out
    assert "keinen Steckbrief" not in out


def test_variant_shows_group_with_variant_highlighted(ksm):
    out = ksm("models", "show", "V6b").stdout
    assert out.startswith("V6a-c – Stellenteilung innerhalb der Verwaltung")
    assert "Variante V6b: KSM + Quartiersmanagement" in out
    assert "» V6b" in out and "» V6a" not in out


def test_show_json_contains_whole_model(ksm):
    payload = json.loads(ksm("models", "show", "v6e", "--json").stdout)
    assert payload["schema"] == "ksm.models.show/1"
    assert payload["variant"] == "V6e"
    assert payload["model"]["id"] == "V6d-f"
    assert len(payload["model"]["disadvantages"]) == 2


def test_unknown_id_lists_valid_ids_and_closest(ksm):
    result = ksm("models", "show", "V12")
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line
    # V11, not V2: V2 is found (as V1-4), but `models list` does not show it
    assert line.startswith("Fehler: Unbekanntes Modell 'V12'. Meinten Sie V11?")
    assert "Gültig sind: V1-4, V5, V6a-c, V6d-f, V7, V7a, V7b, V8, V9, V10, V11" in line


@pytest.mark.parametrize("typed", ["V12", "V0", "V6g", "V6", "V3a", "V7c", "12", "v 13", "V1-5", "V6a-d"])
def test_every_suggestion_is_an_id_models_list_shows(ksm, typed):
    listed = json.loads(ksm("models", "list", "--json").stdout)["models"]
    result = ksm("models", "show", typed)
    assert result.exit_code == 2
    if "Meinten Sie " in result.stderr:
        hint = result.stderr.split("Meinten Sie ", 1)[1].split("?", 1)[0]
        assert hint in [m["id"] for m in listed], result.stderr


def test_compare_two_models(ksm):
    result = ksm("models", "compare", "V7", "V8")
    assert result.exit_code == 0
    assert "V7 – KSM im Fachamt" in result.stdout and "V8 – Klimaschutz als Stabsstelle" in result.stdout
    payload = json.loads(ksm("models", "compare", "V7", "v8", "9", "--json").stdout)
    assert [m["id"] for m in payload["models"]] == ["V7", "V8", "V9"]


def test_compare_needs_two_distinct_models(ksm):
    result = ksm("models", "compare", "V8", "v8")
    assert result.exit_code == 2
    assert "mindestens zwei verschiedene Modelle" in result.stderr


def test_compare_unknown_id(ksm):
    result = ksm("models", "compare", "V7", "X")
    assert result.exit_code == 2 and "Unbekanntes Modell 'X'" in result.stderr


def test_version(ksm):
    from ksm_cli import __version__

    result = ksm("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"ksm {__version__}"


def test_no_arguments_shows_help(ksm):
    result = ksm()
    assert result.exit_code == 0 and "Aufruf: ksm" in result.stdout
    result = ksm("models")
    assert result.exit_code == 0 and "Befehle" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["models", "show"], "Fehler: Das Argument ID fehlt. Hilfe: ksm models show --help"),
        (["models", "show", "V8", "--farbe"], "Fehler: Unbekannte Option '--farbe'."),
        (["modells"], "Fehler: Unbekannter Befehl 'modells'. Meinten Sie 'models'?"),
        (["models", "show", "V8", "V9"], "Fehler: Unerwartete zusätzliche Argumente: V9"),
        (["--data"], "Fehler: Die Option --data braucht einen Wert."),
    ],
)
def test_usage_errors_are_one_german_line(ksm, args, message):
    result = ksm(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_data_option_and_env_select_another_directory(ksm, data_copy):
    models = data_copy / "models.yaml"
    models.write_text(
        models.read_text(encoding="utf-8").replace(
            "name: Klimaschutz als Stabsstelle", "name: Stabsstelle Klimaschutz (geändert)"
        ),
        encoding="utf-8",
    )
    assert (
        "Stabsstelle Klimaschutz (geändert)" in ksm("--data", str(data_copy), "models", "show", "V8").stdout
    )
    result = ksm("models", "show", "V8", env={"KSM_DATA_DIR": str(data_copy)})
    assert "Stabsstelle Klimaschutz (geändert)" in result.stdout
    assert "Stabsstelle Klimaschutz (geändert)" not in ksm("models", "show", "V8").stdout


def test_changed_data_is_validated_again_not_served_from_cache(ksm, data_copy):
    assert ksm("--data", str(data_copy), "models", "list").exit_code == 0
    models = data_copy / "models.yaml"
    models.write_text(
        models.read_text(encoding="utf-8").replace("rank: 8\n", "rank: acht\n"), encoding="utf-8"
    )
    result = ksm("--data", str(data_copy), "models", "list")
    assert result.exit_code == 2
    assert (
        "models.yaml, Zeile" in result.stderr and "models[8].rank: muss eine ganze Zahl sein" in result.stderr
    )


def test_invalid_data_dir_gives_one_line_with_count(ksm, data_copy):
    (data_copy / "tasks.yaml").unlink()
    _ = (data_copy / "models.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    result = ksm("--data", str(data_copy), "models", "show", "V8")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "weitere Fehler – Details mit 'ksm validate'" in result.stderr


def test_missing_data_dir(ksm, tmp_path):
    result = ksm("--data", str(tmp_path / "nichts"), "models", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: Wissensverzeichnis nicht gefunden:")


def test_data_naming_a_file_says_it_is_no_folder(ksm, tmp_path, monkeypatch):
    file = tmp_path / "models.yaml"
    file.write_text("models: []\n", encoding="utf-8")
    result = ksm("--data", str(file), "models", "list")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Fehler: {file} (aus --data) ist kein Ordner; das Wissensverzeichnis ist der Ordner mit models.yaml, flowchart.yaml und tasks.yaml.\n"
    )
    monkeypatch.setenv("KSM_DATA_DIR", str(file))
    assert "(aus KSM_DATA_DIR) ist kein Ordner" in ksm("models", "list").stderr


def test_unexpected_error_no_traceback_unless_debug(ksm, monkeypatch):
    from ksm_cli.knowledge import loader

    def boom(*_args, **_kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(loader, "load", boom)
    result = ksm("models", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fehler: Unerwarteter Fehler (RuntimeError: kaputt).")
    debug = ksm("--debug", "models", "list")
    assert debug.exit_code == 1 and "Traceback" in debug.stderr


def test_keyboard_interrupt_exits_130(ksm, monkeypatch):
    from ksm_cli.knowledge import loader

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "load", interrupted)
    result = ksm("models", "list")
    assert result.exit_code == 130 and result.stderr == "Abgebrochen.\n"
