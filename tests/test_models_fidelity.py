"""models.yaml against a close reading of Tabelle 3.1 and 3.2 (issue 16, section 5), and that every
note on the source's text is shown wherever that text is shown."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import DATA


def _show(ksm, model_id: str) -> str:
    result = ksm("models", "show", model_id, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())  # words, whatever the wrapping


def _compare(ksm, *ids: str, rich: bool = False) -> str:
    env = {"COLUMNS": "120", **({"KSM_OUTPUT": "rich", "NO_COLOR": "1"} if rich else {})}
    result = ksm("models", "compare", *ids, env=env)
    assert result.exit_code == 0, result.stderr
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", result.stdout).split())


def _words(text: str) -> str:
    return " ".join(text.split())


def test_v8_v9_boundary_notes_cite_the_layout_of_the_text(k):
    """Seed lines 595-605: the only cell of Tabelle 3.1 printed without blank lines between its
    points. The notes said the text did not separate V 8 and V 9 visibly; it does."""
    v8, v9 = k.model("V8"), k.model("V9")
    notes = [v8["disadvantages"][3]["note"], v8["disadvantages"][4]["note"], *v9["notes"]]
    for note in notes:
        assert "nicht sichtbar" not in note
        assert "ohne Leerzeilen zwischen den Punkten" in note and "Satzbild" in note
    assert [p["text"] for p in v8["disadvantages"]][3:] == [
        "Schaffung zusätzlicher Strukturen und Koordinierungsaufwand",
        "Keine Ansiedlung in den Ämtern und entsprechende Anbindung an konkrete Verwaltungsaktivitäten "
        "und entsprechende Unterstützung durch Amtsleitung",
    ]
    assert v9["disadvantages"][0]["text"].startswith("Einbindung externer Akteure")


def test_v8_first_advantage_is_assigned_by_the_pattern_of_v9_and_v10(k):
    point = k.model("V8")["advantages"][0]
    assert point["text"] == "Klimaschutz wird als Querschnittsaufgabe erkannt"
    assert "könnte aber auch" not in point["note"]
    assert "V9" in point["note"] and "V10" in point["note"]
    for model_id in ("V9", "V10"):  # the pattern the note names: their first point
        assert k.model(model_id)["advantages"][0]["text"] in point["note"]


def test_finanzielles_budget_personal_is_one_criterion(k):
    """ "Finanzielles Budget / Personal" wraps as "Zeitliche Auslegung / der Stelle" does: one
    label, not a group over two rows ("Zeitliche Auslegung" stands between them)."""
    conditions = k.model("V7")["steckbrief"]["conditions"]
    assert [c["criterion"] for c in conditions] == [
        "Kommunengröße",
        "Finanzielles Budget Personal",
        "Zeitliche Auslegung der Stelle",
        "Budget Klimaschutz",
        "Historie Klimaschutz",
        "Relevanz für Schlüsselakteure",
    ]
    assert all(c["group"] is None for c in conditions)
    personal = next(c for c in conditions if c["id"] == "personal")
    assert personal["note"].startswith("Lesart von ksm: ein Kriterium, keine Obergruppe")
    assert "Zeitliche Auslegung der Stelle“ unterbrochen" in personal["note"]


def test_the_per_year_budget_is_marked_as_ksms_reading(k):
    budget = next(c for c in k.model("V7")["steckbrief"]["conditions"] if c["id"] == "budget_klimaschutz")
    assert budget["result"] == "Mindestens 5 Euro/EW"  # the seed's words
    assert "ohne Zeitraum" in budget["note"] and "Lesart von ksm" in budget["note"]


def test_slips_of_the_source_keep_their_wording_and_carry_a_note(k):
    v7 = k.model("V7")
    slip = v7["disadvantages"][1]
    assert slip["text"] == (
        "Handlungsmöglichkeiten innerhalb der Gesamtverwaltung Entscheidungsträger*innen in anderen "
        "Ämtern abhängig."
    )
    assert "Wortlaut der Quelle" in slip["note"] and "„von“ fehlt" in slip["note"]
    timing = next(c for c in v7["steckbrief"]["conditions"] if c["id"] == "zeitliche_auslegung")
    assert timing["comment"] == "Erfolge der KSM-Arbeit benötigt Zeit und Vorlauf."
    assert "Wortlaut der Quelle" in timing["note"] and "benötigen" in timing["note"]


def test_models_show_v7_shows_every_criterion_note_beside_its_criterion(ksm, k):
    shown = _show(ksm, "V7")
    for condition in k.model("V7")["steckbrief"]["conditions"]:
        if condition["note"]:
            assert _words(f"Hinweis: {condition['note']}") in shown, condition["id"]
    # the checkable criteria repeat the criterion, and its note with it
    assert "Finanzielles Budget Personal: mindestens 0,5 VZÄ (Hinweis: Lesart von ksm" in shown
    assert "Budget Klimaschutz: mindestens 5 €/EW (Hinweis: Die Quelle nennt" in shown


def _points_with_notes(k):
    for model in k.models:
        for label, key in (("Vorteil", "advantages"), ("Nachteil", "disadvantages")):
            for point in model[key]:
                if point["note"]:
                    yield model, label, point


def test_every_note_of_a_point_is_shown_beside_it_in_models_show(ksm, k):
    found = list(_points_with_notes(k))
    assert len(found) >= 6
    for model, _label, point in found:
        shown = _show(ksm, model["id"])
        assert _words(f"{point['text']} Hinweis: {point['note']}") in shown, (model["id"], point["text"])


@pytest.mark.parametrize("rich", [False, True])
def test_every_note_of_a_point_is_shown_in_models_compare(ksm, k, rich):
    ids = [m["id"] for m in k.models]
    shown = _compare(ksm, *ids, rich=rich)
    for model, label, point in _points_with_notes(k):
        assert _words(f"{model['id']}, {label} „{point['text']}“: {point['note']}") in shown
    reason = k.model("V1-4")["empty_reason"]
    assert _words(f"V1-4: {reason['text']} ({reason['source']})") in shown
    # each note once, each with its mark beside the point
    assert shown.count("Wortlaut der Quelle, in Tabelle 3.1") == 1
    assert "abhängig. (Hinweis" in shown


def test_v1_4_says_why_it_has_no_advantages(ksm, k):
    group = k.model("V1-4")
    assert group["advantages"] == [] and group["disadvantages"] == []
    reason = group["empty_reason"]
    assert reason["source"].startswith("Kapitel 3.1") and "Tabelle 3.1" in reason["source"]
    assert "ohne zentralen Kümmerer durch die bestehende Verwaltung umgesetzt" in reason["text"]
    shown = _show(ksm, "V1-4")
    assert _words(f"{reason['text']} ({reason['source']})") in shown
    assert "Vorteile und Nachteile" in shown
    assert "+ –" not in shown and "− –" not in shown
    assert all(m["empty_reason"] is None for m in k.models if m["advantages"] or m["disadvantages"])


def test_v1_4_in_compare_gives_the_reason_instead_of_a_bare_dash(ksm):
    shown = _compare(ksm, "V1-4", "V7")
    assert "Vorteile: – (Hinweis 1) Nachteile: – (Hinweis 1)" in shown
    assert shown.count("Die Quelle nennt für V1 bis V4 keine Vor- und Nachteile") == 1


def _validate(ksm, data_copy, change) -> list[dict]:
    models = data_copy / "models.yaml"
    models.write_text(change(models.read_text(encoding="utf-8")), encoding="utf-8")
    result = ksm("validate", str(data_copy), "--json")
    assert result.exit_code == 2
    return json.loads(result.stdout)["errors"]


def test_validation_requires_a_reason_where_the_lists_are_empty(ksm, data_copy):
    def drop_reason(text: str) -> str:
        cut = re.sub(r"    empty_reason:\n(      .*\n|        .*\n)+", "", text, count=1)
        assert cut != text
        return cut

    errors = _validate(ksm, data_copy, drop_reason)
    assert [(e["path"], e["message"]) for e in errors] == [
        ("models[0]", "keine Vor- und Nachteile: empty_reason sagt, warum (mit Quelle)")
    ]


def test_validation_refuses_a_reason_where_the_source_gives_points(ksm, data_copy):
    def add_reason(text: str) -> str:
        old = "    advantages:\n      - text: Darstellbare Erfolge"
        assert text.count(old) == 1
        return text.replace(old, "    empty_reason:\n      text: x\n      source: y\n" + old)

    errors = _validate(ksm, data_copy, add_reason)
    assert [(e["path"], e["message"]) for e in errors] == [
        ("models[1].empty_reason", "nur bei leeren Vor- und Nachteilen")
    ]


def test_the_four_central_questions_of_kapitel_3_1(ksm, k):
    questions = k.models_file["central_questions"]
    assert questions["source"] == "Kapitel 3.1"
    assert questions["intro"].endswith("Vier zentrale Fragen werden hierzu behandelt:")
    assert questions["questions"] == [
        "Welche Modelle gibt es, Klimaschutz innerhalb einer Kommune zu verankern?",
        "Was sind die wesentlichen Vor- und Nachteile der einzelnen Modelle?",
        "Wie kann das Thema Klimaschutz im Rahmen des jeweiligen Modells innerhalb der Verwaltung "
        "weiterentwickelt werden?",
        "Welche Rahmenbedingungen braucht es für die einzelnen Modelle in der jeweiligen Kommune/Verwaltung?",
    ]
    listed = " ".join(ksm("models", "list", env={"COLUMNS": "120"}).stdout.split())
    assert "Vier zentrale Fragen (Kapitel 3.1)" in listed
    for number, question in enumerate(questions["questions"], 1):
        assert f"{number}. {question}" in listed
    assert listed.index("Vier zentrale Fragen") < listed.index("V1-4")  # the list's intro


def test_german_typography_of_models_yaml():
    text = (DATA / "models.yaml").read_text(encoding="utf-8")
    assert "z.B." not in text and "u.a." not in text
    assert text.count("z. B.") >= 10
    # straight double quotes only around YAML values that need them, never as quotation marks
    for line in text.splitlines():
        if '"' in line:
            assert re.match(r'^\s*(- )?[a-z_]+: "[^"]*"$', line), line


@pytest.mark.parametrize(
    "args", [["models", "list"], ["models", "show", "V7"], ["models", "compare", "V7", "V8"]]
)
def test_model_views_write_z_b_with_a_space(ksm, args):
    out = ksm(*args).stdout
    assert "z.B." not in out and "z. B." in out
