"""Steckbrief checks and municipality figures from the context answers."""

from __future__ import annotations

from ksm_cli.assess.checks import MET, NOT_MET, UNKNOWN, municipality_figures, steckbrief_checks


def _by_measure(checks):
    return {c["measure"]: c for c in checks}


def test_v7_checks_met(k):
    checks = _by_measure(
        steckbrief_checks(
            [k.model("V7")], {"einwohner": 60000, "stellenumfang_vzae": 1.0, "budget_eur": 360000}
        )
    )
    assert checks["einwohner"]["status"] == MET and checks["einwohner"]["value"] == 60000
    assert checks["stellenumfang_vzae"]["status"] == MET
    assert checks["budget_eur_pro_ew"]["status"] == MET and checks["budget_eur_pro_ew"]["value"] == 6.0
    assert all(c["source"].startswith("Tabelle 3.2") for c in checks.values())


def test_v7_checks_boundaries_and_unknown(k):
    checks = _by_measure(
        steckbrief_checks(
            [k.model("V7")], {"einwohner": 25000, "stellenumfang_vzae": 0.5, "budget_eur": 124999}
        )
    )
    assert checks["einwohner"]["status"] == NOT_MET  # "> 25.000 EW": exactly 25,000 is not more
    assert checks["stellenumfang_vzae"]["status"] == MET  # "mindestens halbe Stelle"
    assert checks["budget_eur_pro_ew"]["status"] == NOT_MET  # 4.99996 €/EW
    unknown = _by_measure(steckbrief_checks([k.model("V7")], {"stellenumfang_vzae": 0.5}))
    assert unknown["einwohner"]["status"] == UNKNOWN and unknown["budget_eur_pro_ew"]["status"] == UNKNOWN


def test_models_without_steckbrief_have_no_checks(k):
    assert steckbrief_checks([k.model("V8"), k.model("V5")], {"einwohner": 10}) == []


def test_municipality_figures(k):
    found, notes = municipality_figures([k.model("V7")], {"einwohner": 125000, "stellenumfang_vzae": 1.5})
    figures = {f["id"]: f for f in found}
    assert notes == []
    assert (
        figures["stellenumfang_empfohlen"]["value"] == 2.5
        and figures["stellenumfang_empfohlen"]["approximate"]
    )
    assert figures["stellenumfang_empfohlen"]["current"] == 1.5
    assert figures["budget_untergrenze"]["value"] == 625000
    # always labelled with the model and the condition
    for figure in found:
        assert figure["model"] == "V7" and "25.000" in figure["condition"]
        assert "Steckbrief V7" in figure["label"] and figure["condition"] in figure["label"]
    # "€ pro Jahr" is ksm's reading of "Mindestens 5 Euro/EW"
    assert "Lesart von ksm" in figures["budget_untergrenze"]["note"]
    blank = {f["id"]: f for f in municipality_figures([k.model("V7")], {})[0]}
    assert blank["budget_untergrenze"]["value"] is None


def test_no_steckbrief_figure_below_its_size_condition(k):
    """3.800 EW and 0,5 VZÄ: the V7 rule of thumb (for > 25.000 EW) would read "0,08 VZÄ", which
    a Kämmerer takes as "cut the post". Instead a note says what the source does not say."""
    figures, notes = municipality_figures([k.model("V7")], {"einwohner": 3800, "stellenumfang_vzae": 0.5})
    assert figures == []
    assert len(notes) == 1
    assert "25.000" in notes[0]["text"] and "keinen Richtwert" in notes[0]["text"]
    assert "sagen nichts darüber" in notes[0]["text"]


def test_no_steckbrief_figures_for_models_without_steckbrief(k):
    assert municipality_figures([k.model("V8"), k.model("V1-4")], {"einwohner": 48000}) == ([], [])
