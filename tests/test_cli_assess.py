"""``ksm assess`` without a terminal: answers file, --set, errors, JSON, report, saved answers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ksm_cli import __version__

SNAPSHOTS = Path(__file__).parent / "snapshots"
TODAY = ["--stichtag", "21.11.2026"]

ANSWERS = """\
kommune: Musterstadt
kommunentyp: gemeinde
einwohner: 48.000
stellenumfang_vzae: "0,5"
budget_eur: 200000
ansiedlung_heute: V7
vorhaben: anschlussvorhaben
foerderende: 30.06.2027
klimaschutzkonzept: teilweise
laufende_prozesse: ja
eigenfinanzierung: moeglich
staerkung_ksm: nein
"""


@pytest.fixture
def answers_file(tmp_path) -> Path:
    path = tmp_path / "antworten.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def as_set_options(text: str) -> list[str]:
    options = []
    for line in text.splitlines():
        key, value = line.split(": ", 1)
        options += ["--set", f"{key}={value.strip(chr(34))}"]
    return options


def test_answers_file_gives_the_recommendation_and_documented_json(ksm, answers_file):
    result = ksm("assess", "--answers", str(answers_file), "--json", *TODAY)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "ksm.assess/1"
    assert data["recommended"] == ["V7"]
    assert [(p["stage"], p["question_id"], p["answer_id"]) for p in data["path"]] == [
        (1, "klimaschutzkonzept", "teilweise"),
        (1, "laufende_prozesse", "ja"),
        (2, "eigenfinanzierung", "moeglich"),
        (3, "staerkung_ksm", "nein"),
    ]
    assert {a["model"] for a in data["alternatives"]} == {"V8", "V9"}
    checks = {c["measure"]: c["status"] for c in data["checks"]}
    assert checks == {
        "einwohner": "erfüllt",
        "stellenumfang_vzae": "erfüllt",
        "budget_eur_pro_ew": "nicht erfüllt",
    }
    steps = {s["id"]: s for s in data["timeline"]["steps"]}
    assert steps["strategieworkshop"] == {
        **steps["strategieworkshop"],
        "latest": "2025-12-30",
        "status": "überfällig",
    }
    assert data["timeline"]["today"] == "2026-11-21"
    for key in ("warnings", "reasons", "figures", "next_steps", "answers", "open_questions", "missing"):
        assert key in data


def test_same_answers_from_file_and_from_set_give_the_same_json(ksm, answers_file):
    from_file = ksm("assess", "--answers", str(answers_file), "--json", *TODAY)
    from_set = ksm("assess", *as_set_options(ANSWERS), "--json", *TODAY)
    assert from_file.exit_code == from_set.exit_code == 0
    assert json.loads(from_file.stdout) == json.loads(from_set.stdout)


def test_set_wins_over_the_answers_file(ksm, answers_file):
    result = ksm(
        "assess",
        "--answers",
        str(answers_file),
        "--set",
        "kommunentyp=landkreis",
        "--set",
        "staerkung_ksm=ja",
        "--set",
        "sichtbarkeit_aussen=ja",
        "--set",
        "stellenausbau_ort=ausserhalb",
        "--json",
        *TODAY,
    )
    data = json.loads(result.stdout)
    assert data["recommended"] == ["V11"]
    assert data["context"]["kommunentyp"] == "landkreis"
    assert data["answers"]["staerkung_ksm"] == "ja"


def test_answers_off_the_path_are_ignored(ksm, answers_file):
    result = ksm(
        "assess", "--answers", str(answers_file), "--set", "externe_kooperation=ja", "--json", *TODAY
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["recommended"] == ["V7"]


def test_missing_answers_without_terminal_fail_fast_listing_ids_and_values(ksm):
    result = ksm("assess", "--set", "klimaschutzkonzept=umgesetzt")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Fehler: Es fehlen Antworten") and "'ideen_weiterentwicklung'" in lines[0]
    assert "  ideen_weiterentwicklung: moeglich | nicht_moeglich" in lines
    assert "  eigenfinanzierung: moeglich | nicht_moeglich" in lines
    assert not any(line.strip().startswith("laufende_prozesse") for line in lines)  # not on this path
    assert result.stdout == ""


def test_invalid_value_names_key_and_allowed_values(ksm, answers_file):
    result = ksm("assess", "--answers", str(answers_file), "--set", "staerkung_ksm=vielleicht")
    assert result.exit_code == 2
    assert result.stderr == "Fehler: --set staerkung_ksm: 'vielleicht': ungültiger Wert (erlaubt: ja, nein)\n"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "einwohner=viele",
            "--set einwohner: 'viele': keine ganze Zahl größer als 0 (z. B. 48000 oder 48.000)",
        ),
        (
            "foerderende=morgen",
            "--set foerderende: 'morgen': kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)",
        ),
        (
            "budget_eur=2,5e+06",
            "--set budget_eur: '2,5e+06': keine gültige Zahl ab 0 mit höchstens 2 Nachkommastellen",
        ),
        ("ansiedlung_heute=V99", "--set ansiedlung_heute: Unbekanntes Modell 'V99'."),
        (
            "klimaschutzkonzpt=ja",
            "--set klimaschutzkonzpt: unbekannte Frage – meinten Sie 'klimaschutzkonzept'?",
        ),
        (" einwohner =0", "--set einwohner: '0': keine ganze Zahl größer als 0"),
    ],
)
def test_set_errors_name_the_option_and_key_as_typed(ksm, item, message):
    result = ksm("assess", "--set", item)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Fehler: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_set_without_key_or_value_is_explained(ksm):
    result = ksm("assess", "--set", "kommunentyp")
    assert result.exit_code == 2 and "--set 'kommunentyp': bitte als SCHLÜSSEL=WERT angeben" in result.stderr
    result = ksm("assess", "--set", "=landkreis")
    assert result.exit_code == 2 and "--set '=landkreis': der Schlüssel vor '=' fehlt" in result.stderr


def test_the_last_set_for_a_key_wins(ksm, answers_file):
    result = ksm(
        "assess", "--answers", str(answers_file), "--set", "kommunentyp=landkreis", "--set", "kommunentyp=gemeinde",
        "--json", *TODAY,
    )  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.stdout)["context"]["kommunentyp"] == "gemeinde"


def test_bad_line_in_answers_file_is_named(ksm, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("klimaschutzkonzept: umgesetzt\nkommunentyp: Bezirk\n", encoding="utf-8")
    result = ksm("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: ") and len(result.stderr.splitlines()) == 1
    assert result.stderr.endswith(
        "a.yaml, Zeile 2: kommunentyp: 'Bezirk': ungültiger Wert (erlaubt: gemeinde, kreisfreie_stadt, landkreis)\n"
    )
    missing = ksm("assess", "--answers", str(tmp_path / "fehlt.yaml"))
    assert missing.exit_code == 2 and "Datei nicht gefunden" in missing.stderr


def test_saved_answers_replay_to_the_same_json(ksm, answers_file, tmp_path):
    saved = tmp_path / "gespeichert.yaml"
    first = ksm("assess", "--answers", str(answers_file), "--save-answers", str(saved), "--json", *TODAY)
    assert first.exit_code == 0 and "Geschrieben:" in first.stderr
    assert saved.read_text(encoding="utf-8").startswith("# ksm assess – Antworten")
    replay = ksm("assess", "--answers", str(saved), "--json", *TODAY)
    assert json.loads(replay.stdout) == json.loads(first.stdout)


def test_nothing_is_written_when_answers_are_missing(ksm, tmp_path):
    report, saved = tmp_path / "bericht.md", tmp_path / "antworten.yaml"
    result = ksm("assess", "--report", str(report), "--save-answers", str(saved))
    assert result.exit_code == 2
    assert not report.exists() and not saved.exists()


def test_an_output_never_replaces_an_input(ksm, answers_file, tmp_path):
    before = answers_file.read_bytes()
    clash = ksm("assess", "--answers", str(answers_file), "--report", str(answers_file), *TODAY)
    assert clash.exit_code == 2 and "--answers und --report nennen dieselbe Datei" in clash.stderr
    both = ksm(
        "assess",
        "--answers",
        str(answers_file),
        "--save-answers",
        str(tmp_path / "a.yaml"),
        "--report",
        str(tmp_path / "a.yaml"),
        *TODAY,
    )
    assert both.exit_code == 2 and "--save-answers und --report nennen dieselbe Datei" in both.stderr
    assert answers_file.read_bytes() == before and not (tmp_path / "a.yaml").exists()
    batch = tmp_path / "kommunen.csv"
    batch.write_text("kommune;klimaschutzkonzept\nAdorf;umgesetzt\n", encoding="utf-8")
    clash = ksm("assess", "--batch", str(batch), "--csv", str(batch))
    assert clash.exit_code == 2 and "--batch und --csv nennen dieselbe Datei" in clash.stderr
    assert batch.read_text(encoding="utf-8") == "kommune;klimaschutzkonzept\nAdorf;umgesetzt\n"
    # updating the answers file in place stays possible: that is how a run is replayed
    same = ksm("assess", "--answers", str(answers_file), "--save-answers", str(answers_file), *TODAY)
    assert same.exit_code == 0, same.stderr


def test_report_into_missing_directory_is_a_clear_error(ksm, answers_file, tmp_path):
    result = ksm("assess", "--answers", str(answers_file), "--report", str(tmp_path / "nein" / "b.md"))
    assert result.exit_code == 2 and "Verzeichnis existiert nicht" in result.stderr


def test_report_matches_the_snapshot(ksm, answers_file, tmp_path):
    report = tmp_path / "bericht.md"
    result = ksm("assess", "--answers", str(answers_file), "--report", str(report), *TODAY)
    assert result.exit_code == 0
    text = report.read_text(encoding="utf-8").replace(f"ksm {__version__}", "ksm VERSION")
    snapshot = SNAPSHOTS / "bericht_musterstadt.md"
    if os.environ.get("KSM_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_report_shows_hostile_names_literally(ksm, answers_file, tmp_path):
    report = tmp_path / "bericht.md"
    ksm(
        "assess",
        "--answers",
        str(answers_file),
        "--set",
        "kommune=<b>[rot]</b> | *x*",
        "--report",
        str(report),
    )
    text = report.read_text(encoding="utf-8")
    assert (
        "# Empfehlung zur Verstetigung des Klimaschutzmanagements – \\<b\\>\\[rot\\]\\</b\\> \\| \\*x\\*"
        in text
    )


def test_plain_output_has_the_panels_in_order(ksm, answers_file):
    result = ksm("assess", "--answers", str(answers_file), *TODAY)
    assert result.exit_code == 0
    out = result.stdout
    order = [
        "Empfehlung: V7 – KSM im Fachamt",
        "Entscheidungsweg",
        "Vorteile und Nachteile: V7",
        "Angaben, Prüfungen und Kennzahlen",
        "Fahrplan (Kapitel 5.1)",
        "Nächste Schritte",
        "Erfolgsfaktoren",
    ]
    positions = [out.index(title) for title in order]
    assert positions == sorted(positions)
    assert "[überfällig] Strategieworkshop durchführen: bis 30.12.2025" in out
    assert "\x1b[" not in out


def test_rich_output_on_a_terminal(ksm, answers_file):
    result = ksm("assess", "--answers", str(answers_file), *TODAY, env={"KSM_OUTPUT": "rich"})
    assert result.exit_code == 0
    assert "╭─ Empfehlung" in result.stdout and "╭─ Fahrplan (Kapitel 5.1)" in result.stdout


def test_variant_and_landkreis_resolution_from_answers(ksm):
    v6 = [
        "--set",
        "klimaschutzkonzept=umgesetzt",
        "--set",
        "ideen_weiterentwicklung=moeglich",
        "--set",
        "eigenfinanzierung=nicht_moeglich",
        "--set",
        "sponsoring_foerderung=nicht_moeglich",
        "--set",
        "neue_foerderung=nein",
        "--set",
        "stellenteilung_verwaltung=nein",
        "--set",
        "externe_kooperation=ja",
    ]
    assert json.loads(ksm("assess", *v6, "--json").stdout)["recommended"] == ["V6d-f"]
    data = json.loads(ksm("assess", *v6, "--set", "kooperationspartner=energieagentur", "--json").stdout)
    assert data["recommended"] == ["V6e"]


def test_batch_and_csv_only_where_they_belong(ksm, answers_file, tmp_path):
    result = ksm("assess", "--batch", str(tmp_path / "x.csv"), "--answers", str(answers_file))
    assert result.exit_code == 2 and "--batch lässt sich nicht" in result.stderr
    result = ksm("assess", "--answers", str(answers_file), "--csv", str(tmp_path / "o.csv"))
    assert result.exit_code == 2 and "--csv gilt nur zusammen mit --batch" in result.stderr
    result = ksm("assess", "--answers", str(answers_file), "--stichtag", "gestern")
    assert result.exit_code == 2
    assert (
        result.stderr == "Fehler: --stichtag: 'gestern': kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)\n"
    )


def test_a_stellenumfang_is_shown_and_written_as_given(ksm):
    """0,125 VZÄ is not shown as 0,13 (nor checked or written as 0.12)."""
    args = ["--set", "kommunentyp=gemeinde", "--set", "einwohner=30000", "--set", "stellenumfang_vzae=0,125"]
    args += ["--set", "klimaschutzkonzept=teilweise", "--set", "laufende_prozesse=ja"]
    args += ["--set", "eigenfinanzierung=moeglich", "--set", "staerkung_ksm=nein"]
    shown = " ".join(ksm("assess", *args).stdout.split())
    assert "0,125 VZÄ" in shown and "0,13 VZÄ" not in shown
    import json

    document = json.loads(ksm("assess", *args, "--json").stdout)
    values = [c["value"] for c in document["checks"] if c["measure"] == "stellenumfang_vzae"]
    assert values == [0.125]
