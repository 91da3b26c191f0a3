"""A recommendation a KSM can defend (issue 16): reasons from the answers, levers, no advice
against the post, urgency, the Erstvorhaben path and the budget cycle.

The three municipalities of the issue: a 48,000-inhabitant town whose funding ends in 8 months
(no way to finance the post: V1-4), a small Gemeinde with no money of its own (V7 through a new
Förderung), and a Landkreis that wants to expand (V10, in an Erstvorhaben)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ksm_cli.assess.engine import assess
from ksm_cli.assess.levers import levers, outcomes
from ksm_cli.assess.timeline import budget_cycle

TODAY = dt.date(2026, 12, 1)

TOWN = {
    "context": {
        "kommune": "Mittelstadt",
        "kommunentyp": "gemeinde",
        "einwohner": 48000,
        "stellenumfang_vzae": 1.0,
        "vorhaben": "anschlussvorhaben",
        "foerderende": dt.date(2027, 7, 31),
    },
    "flow": {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "nicht_moeglich",
        "sponsoring_foerderung": "nicht_moeglich",
        "neue_foerderung": "nein",
        "stellenteilung_verwaltung": "nein",
        "externe_kooperation": "nein",
    },
}
SMALL = {
    "context": {
        "kommune": "Kleindorf",
        "kommunentyp": "gemeinde",
        "einwohner": 3800,
        "stellenumfang_vzae": 0.5,
        "vorhaben": "anschlussvorhaben",
        "foerderende": dt.date(2028, 3, 31),
        "haushaltsbeschluss_monat": 12,
    },
    "flow": {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "nicht_moeglich",
        "sponsoring_foerderung": "nicht_moeglich",
        "neue_foerderung": "ja",
        "staerkung_ksm": "nein",
    },
}
LANDKREIS = {
    "context": {
        "kommune": "Landkreis Musterland",
        "kommunentyp": "landkreis",
        "einwohner": 250000,
        "stellenumfang_vzae": 2.0,
        "budget_eur": 500000.0,
        "vorhaben": "erstvorhaben",
        "foerderende": dt.date(2027, 4, 30),
    },
    "flow": {
        "klimaschutzkonzept": "umgesetzt",
        "ideen_weiterentwicklung": "moeglich",
        "eigenfinanzierung": "moeglich",
        "staerkung_ksm": "ja",
        "sichtbarkeit_aussen": "ja",
        "stellenausbau_ort": "innerhalb",
    },
}


def run(k, case, today=TODAY):
    return assess(k, case["flow"], case["context"], today)


# --- 1. reasons --------------------------------------------------------------------------


@pytest.mark.parametrize("case", [TOWN, SMALL, LANDKREIS], ids=["town", "small", "landkreis"])
def test_each_reason_is_the_consequence_of_an_answer_with_its_label_and_source(k, case):
    a = run(k, case)
    answered = [r for r in a.reasons if r["question_id"]]
    assert [r["question_id"] for r in answered] == [s.node for s in a.path]
    for reason, step in zip(answered, a.path, strict=True):
        assert reason["answer"] == step.answer
        assert reason["text"].startswith(f"Sie haben angegeben, dass {step.said} (Frage {step.stage}).")
        assert step.help not in reason["text"]  # the help text is shown once, elsewhere
        assert reason["source"]
    assert a.reasons[-1]["question_id"] is None and a.reasons[-1]["answer"] is None


def test_each_help_text_appears_once_in_the_terminal_and_in_the_report(k, ksm, tmp_path):
    args = ["assess", "--stichtag", "01.12.2026", "--report", str(tmp_path / "b.md")]
    for key, value in {**TOWN["flow"], "kommunentyp": "gemeinde", "foerderende": "31.07.2027"}.items():
        args += ["--set", f"{key}={value}"]
    result = ksm(*args, env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    report = " ".join((tmp_path / "b.md").read_text(encoding="utf-8").split())
    shown = " ".join(result.stdout.split())
    for node_id in TOWN["flow"]:
        first = " ".join(k.flowchart["nodes"][node_id]["help"].split())[:60]
        assert shown.count(first) == 1, node_id
        assert report.count(first) == 1, node_id


def test_reasons_in_json_carry_the_answer(ksm):
    args = ["assess", "--json"]
    for key, value in TOWN["flow"].items():
        args += ["--set", f"{key}={value}"]
    data = json.loads(ksm(*args).stdout)
    assert [r["answer"] for r in data["reasons"]][:3] == ["teilweise umgesetzt", "Ja", "nicht möglich"]


# --- 2. levers ---------------------------------------------------------------------------


def test_town_without_money_learns_that_own_financing_leads_to_v7_and_higher(k):
    a = run(k, TOWN)
    assert a.result_id == "v1_4"
    own = next(x for x in a.levers if x["question_id"] == "eigenfinanzierung")
    assert own["answer_id"] == "moeglich" and own["raises"]
    assert own["models"][0] == "V7" and own["models"][-1] == "V11"
    assert own["result"] is None and own["depends_on"][0] == "staerkung_ksm"
    assert {k.flowchart["nodes"][n]["stage"] for n in own["depends_on"]} == {"politik"}
    assert not own["current_possible"]
    # ordered by the development order, highest first
    tops = [max(k.model(m)["rank"] for m in x["models"]) for x in a.levers]
    assert tops == sorted(tops, reverse=True)
    # a single change to the last question decides alone
    shared = next(x for x in a.levers if x["question_id"] == "externe_kooperation")
    assert shared["result"] == "v6d_f" and shared["models"] == ["V6d-f"] and shared["depends_on"] == []


def test_lever_sentence_in_the_terminal_and_json(ksm):
    args = ["assess", "--json", "--set", "kommunentyp=gemeinde"]
    for key, value in TOWN["flow"].items():
        args += ["--set", f"{key}={value}"]
    data = json.loads(ksm(*args).stdout)
    own = next(x for x in data["levers"] if x["question_id"] == "eigenfinanzierung")
    assert own["text"] == (
        "Wenn die Stelle nach der Förderung aus eigenen Mitteln finanziert werden könnte, käme "
        "mindestens V7 (KSM im Fachamt) in Frage, je nach Frage 3 (Politischer Rahmen) auch V8, V9, "
        "V10 oder V11."
    )
    assert set(own) == {
        "question_id", "question", "answer_id", "answer", "result", "models", "depends_on",
        "raises", "also", "why", "source", "text",
    }  # fmt: skip
    assert data["without_post"] is True


def test_levers_appear_in_the_batch_json(ksm, tmp_path):
    header = "kommune," + ",".join(TOWN["flow"])
    (tmp_path / "k.csv").write_text(f"{header}\nMittelstadt," + ",".join(TOWN["flow"].values()) + "\n")
    data = json.loads(ksm("assess", "--batch", str(tmp_path / "k.csv"), "--json").stdout)
    row = data["rows"][0]
    assert any(x["question_id"] == "eigenfinanzierung" and x["models"][0] == "V7" for x in row["levers"])


PAIR_CHART = {
    "start": "a",
    "nodes": {
        "a": {"options": [{"id": "p", "next": "r1"}, {"id": "q", "next": "c"}]},
        "c": {"options": [{"id": "p", "next": "r1"}, {"id": "q", "next": "r2"}]},
    },
    "results": {"r1": {"models": ["M1"]}, "r2": {"models": ["M2"]}},
}
for _node in PAIR_CHART["nodes"].values():
    for _option in _node["options"]:
        _option.update(
            label=_option["id"],
            would=f"w{_option['id']}",
            lever=True,
            consequence={"text": "t", "source": "s"},
        )
    _node["label"] = "L"


def test_a_pair_of_changes_where_no_single_change_does():
    """a=p ends in r1; a=q alone also ends in r1, because c was answered p (an answers file).
    Only a=q together with c=q leads to r2."""
    rank = {"M1": 1, "M2": 2}

    def models_for(result):
        return [{"id": m, "rank": rank[m]} for m in PAIR_CHART["results"][result]["models"]]

    answers = {"a": "p", "c": "p"}
    found = levers(PAIR_CHART, answers, ["a"], "r1", models_for)
    assert len(found) == 1
    pair = found[0]
    assert (pair["question_id"], pair["answer_id"]) == ("a", "q")
    assert pair["also"] is not None and (pair["also"]["question_id"], pair["also"]["answer_id"]) == ("c", "q")
    assert pair["result"] == "r2" and pair["models"] == ["M2"]
    # where c is unanswered, the single change is a lever: r1 or r2, decided at c
    single = levers(PAIR_CHART, {"a": "p"}, ["a"], "r1", models_for)
    assert len(single) == 1 and single[0]["also"] is None and single[0]["depends_on"] == ["c"]
    assert single[0]["current_possible"]


def test_outcomes_follow_answers_and_branch_where_unanswered(k):
    reached, open_nodes = outcomes(
        k.flowchart, {"klimaschutzkonzept": "teilweise", "laufende_prozesse": "ja"}
    )
    assert open_nodes[0] == "eigenfinanzierung"
    assert {"v1_4", "v6a_c", "v6d_f", "v7", "v8", "v9", "v10", "v11"} == reached


# --- 3. no advice against the post ---------------------------------------------------------


def test_small_gemeinde_gets_no_staffing_figure_that_reads_as_cut_the_post(k, ksm):
    a = run(k, SMALL)
    assert a.recommended == ["V7"]
    assert a.figures == []
    assert a.figure_notes and "keinen Richtwert" in a.figure_notes[0]["text"]
    # the size is no "Rahmenbedingung" to work on
    assert not any("Kommunengröße" in s["text"] for s in a.next_steps)
    args = ["assess", "--stichtag", "01.12.2026"]
    for key, value in SMALL["flow"].items():
        args += ["--set", f"{key}={value}"]
    out = ksm(
        *args, "--set", "einwohner=3800", "--set", "stellenumfang_vzae=0,5", env={"COLUMNS": "100"}
    ).stdout
    assert "0,08" not in out and "Empfohlener Stellenumfang" not in out
    assert "sagen nichts darüber, wie groß die Stelle hier sein sollte" in " ".join(out.split())


def test_v1_4_is_never_a_neutral_recommendation(k, ksm):
    a = run(k, TOWN)
    assert a.without_post and a.meaning and "aktiver" in a.meaning["text"]
    args = ["assess", "--stichtag", "01.12.2026"]
    for key, value in TOWN["flow"].items():
        args += ["--set", f"{key}={value}"]
    out = " ".join(ksm(*args, env={"COLUMNS": "100"}).stdout.split())
    assert "Empfehlung: V1-4" not in out
    assert "Ergebnis: V1-4" in out and "Keine Empfehlung: Die Stelle würde nicht verstetigt." in out
    assert "Wege aus diesem Ergebnis:" in out
    assert "Vorteile und Nachteile: keine Angaben im Leitfaden." in out
    assert "+ –" not in out and "− –" not in out


def test_erstvorhaben_puts_the_anschlussvorhaben_first_and_asks_for_the_time_after(k):
    a = run(k, LANDKREIS)
    assert a.erstvorhaben is not None and "Anschlussvorhaben" in a.erstvorhaben["text"]
    assert "ksm" in a.erstvorhaben["note"]
    assert a.path[0].question.startswith(
        "Wie weit wird das Klimaschutzkonzept (KSK) am Ende des Anschlussvorhabens"
    )


def test_erstvorhaben_figure_marks_the_added_box(k, ksm, tmp_path):
    from ksm_cli.render.flowchart import ADDED_NODE, mermaid

    text = mermaid(
        k.flowchart, [("klimaschutzkonzept", "umgesetzt")], only_path=True, added="Anschlussvorhaben"
    )
    assert f'{ADDED_NODE}["Anschlussvorhaben (ergänzt durch ksm)"]' in text
    assert f"{ADDED_NODE} -.-> klimaschutzkonzept" in text
    assert "linkStyle 1 " in text  # the path's edge, after the dashed one


def test_a_landkreis_is_asked_about_der_landkreis(k):
    from ksm_cli.assess.answers import CONTEXT
    from ksm_cli.assess.interview import flow_question

    context = {"kommunentyp": "landkreis"}
    assert "des Landkreises" in flow_question(k, "klimaschutzkonzept", context).title
    assert "der Landkreis" in flow_question(k, "eigenfinanzierung", context).title
    assert "die Kommune" in flow_question(k, "eigenfinanzierung", {}).title
    assert CONTEXT["einwohner"].question_for("landkreis") == "Wie viele Einwohner*innen hat der Landkreis?"


# --- 4. urgency ----------------------------------------------------------------------------


def test_funding_ending_within_12_months_is_urgent_with_the_months_left(k):
    a = run(k, TOWN)
    assert a.urgent[0]["text"] == "Die Förderung endet in 7 Monaten (am 31.07.2027)."
    overdue = [u["text"] for u in a.urgent if u["text"].startswith("Überfällig:")]
    assert "Überfällig: Strategieworkshop durchführen (spätestens 31.01.2026)" in overdue


def test_funding_that_has_ended_says_so_and_ongoing_steps_do_not_pretend(k):
    a = run(k, TOWN, today=dt.date(2027, 9, 1))
    assert "ist am 31.07.2027 ausgelaufen" in a.urgent[0]["text"]
    ongoing = next(s for s in a.timeline["steps"] if s["id"] == "dokumentation")
    assert ongoing["status"] == "nach Förderende"


def test_far_funding_end_is_not_urgent(k):
    a = run(k, TOWN, today=dt.date(2025, 1, 1))
    assert not any("Förderung endet" in u["text"] for u in a.urgent)


def test_erstvorhaben_deadline_passed_or_near(k):
    passed = run(k, LANDKREIS)
    texts = [u["text"] for u in passed.urgent]
    assert "Die Frist für „Antrag auf das Anschlussvorhaben stellen“ (30.10.2026) ist verstrichen." in texts
    assert not any(t.startswith("Überfällig: Antrag") for t in texts)  # named once
    near = run(k, LANDKREIS, today=dt.date(2026, 7, 1))
    assert any("bleiben 3 Monate" in u["text"] for u in near.urgent)
    far = run(k, LANDKREIS, today=dt.date(2025, 1, 1))
    assert not any("Antrag auf das Anschlussvorhaben" in u["text"] for u in far.urgent)


def test_budget_cycle_names_the_haushalt_and_its_month(k):
    small = run(k, SMALL)
    step = next(s["text"] for s in small.next_steps if s["text"].startswith("Finanzierung im Haushalt"))
    assert "ab dem 01.04.2028" in step and "Haushalt 2028" in step and "Dezember 2027" in step
    town = run(k, TOWN)
    step = next(s["text"] for s in town.next_steps if s["text"].startswith("Finanzierung im Haushalt"))
    assert "Haushalt 2027" in step and "nicht bekannt" in step and "haushaltsbeschluss_monat" in step


def test_budget_cycle_dates():
    assert budget_cycle(dt.date(2027, 12, 31), 12) == {
        "year": 2028,
        "from_day": dt.date(2028, 1, 1),
        "month": 12,
        "decided": dt.date(2027, 12, 31),
    }
    assert budget_cycle(dt.date(2027, 7, 31), 11)["decided"] == dt.date(2026, 11, 30)
    assert budget_cycle(dt.date(2027, 7, 31), None)["decided"] is None


@pytest.mark.parametrize(
    ("raw", "month"),
    [("12", 12), ("Dezember", 12), ("dez", 12), ("März", 3), ("maerz", 3), (11, 11), ("3.", 3)],
)
def test_the_month_of_the_haushaltsbeschluss_is_read_as_typed(raw, month):
    from ksm_cli.german import parse_month

    assert parse_month(raw) == month


@pytest.mark.parametrize("raw", ["13", "0", "Ju", "Sommer", True, "", "１２"])
def test_no_month_is_invented(raw):
    from ksm_cli.german import parse_month

    assert parse_month(raw) is None


# --- 5. fidelity in the flowchart data ----------------------------------------------------------


def test_both_financing_ways_are_a_transitional_solution(k):
    for result_id in ("v6a_c", "v6d_f"):
        warning = k.flowchart["results"][result_id]["warning"]
        assert (
            "nur um eine Übergangslösung handeln kann" in warning["text"]
            and warning["source"] == "Kapitel 5.2"
        )


def test_the_second_stellenausbau_node_follows_v9_and_names_its_weakness(k):
    node = k.flowchart["nodes"]["stellenausbau"]
    assert (
        "Vertreter*innen anderer Ämter" in node["question"]
        and "Ausbau der Klimaschutzstellen" not in node["question"]
    )
    assert node["note"].startswith("Schwächste Stelle der Rekonstruktion")


def test_verstetigungsberatung_is_a_possibility_not_a_fact(k):
    step = next(s for s in k.flowchart["fahrplan"]["steps"] if s["id"] == "verstetigungsberatung")
    assert "können zwei Termine" in " ".join(step["text"].split())
    assert len(step["details"]) == 5


def test_zukunftsthemen_are_offered_where_ideas_are_missing(k):
    flow = {"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "nicht_moeglich"}
    a = assess(k, flow, {}, TODAY)
    assert a.ideas is not None and "Wirtschaftsförderung" in a.ideas["items"]
    assert run(k, TOWN).ideas is None


def test_the_batch_header_error_names_each_allowed_column_once(ksm, tmp_path):
    (tmp_path / "k.csv").write_text("kommune,einwohnr\nA,1\n", encoding="utf-8")
    result = ksm("assess", "--batch", str(tmp_path / "k.csv"))
    assert result.exit_code == 2
    allowed = result.stderr.split("Erlaubt: ", 1)[1].split(", ")
    allowed = [a.strip().rstrip(".") for a in allowed]
    assert allowed.count("kommune") == 1 and "haushaltsbeschluss_monat" in allowed


def test_the_month_is_shown_as_its_name_and_read_back(k):
    from ksm_cli.assess.answers import CONTEXT, context_text, parse_context_value

    field = CONTEXT["haushaltsbeschluss_monat"]
    assert context_text(field, 11) == "November"
    assert parse_context_value(field, "November", k) == 11


def test_a_landkreis_gives_the_angaben_zum_landkreis(k):
    from ksm_cli.assess.answers import CONTEXT
    from ksm_cli.assess.interview import context_question

    assert context_question(CONTEXT["einwohner"], k, {"kommunentyp": "landkreis"}).header.startswith(
        "Angaben zum Landkreis"
    )
    assert context_question(CONTEXT["einwohner"], k, {}).header.startswith("Angaben zur Kommune")


def test_the_summary_asks_a_landkreis_about_der_landkreis(k):
    """The summary shows each question as it was asked (``question_by_id`` with the context)."""
    from ksm_cli.assess.interview import question_by_id

    context = {"kommunentyp": "landkreis"}
    assert "des Landkreises" in question_by_id(k, "sichtbarkeit_aussen", context).title
    assert "Kreistag" in question_by_id(k, "haushaltsbeschluss_monat", context).title


def test_a_lever_that_leads_down_is_no_minimum(k):
    from ksm_cli.render.assess import lever_text

    down = next(x for x in run(k, SMALL).levers if x["question_id"] == "neue_foerderung")
    assert not down["raises"]
    text = lever_text(k, down)
    assert "mindestens" not in text
    assert (
        "käme je nach Frage 2 (Finanzierung/Verankerung im Haushalt) V1-4 (Kein zentraler Kümmerer)"
        in text.replace("kämen", "käme")
    )


def test_the_budget_year_of_an_erstvorhaben_is_marked_as_estimated(k):
    step = next(
        s["text"] for s in run(k, LANDKREIS).next_steps if s["text"].startswith("Finanzierung im Haushalt")
    )
    assert "ab dem 01.05.2030 (geschätzt) im Haushalt stehen, also im Haushalt 2030" in step


def test_no_lever_offers_a_weaker_strategy_as_a_way_out(k):
    """„Wenn keine laufenden Prozesse … weitergeführt würden, käme V5 in Frage“ read as advice to
    give up the strategy; the data marks such answers ``lever: false``."""
    for case in (TOWN, SMALL, LANDKREIS):
        for lever in run(k, case).levers:
            option = next(
                o
                for o in k.flowchart["nodes"][lever["question_id"]]["options"]
                if o["id"] == lever["answer_id"]
            )
            assert option["lever"], lever["question_id"]
    town = {x["question_id"] for x in run(k, TOWN).levers}
    assert "klimaschutzkonzept" not in town and "laufende_prozesse" not in town


def test_v1_4_is_no_floor_of_a_lever(k):
    """From V5, a further-developed concept may lead to V1-4 or up to V11: no „mindestens V1-4“."""
    from ksm_cli.render.assess import lever_items

    flow = {"klimaschutzkonzept": "umgesetzt", "ideen_weiterentwicklung": "nicht_moeglich"}
    a = assess(k, flow, {"kommunentyp": "gemeinde"}, TODAY)
    (text,) = lever_items(k, [x for x in a.levers if x["question_id"] == "ideen_weiterentwicklung"], 5)
    assert "mindestens" not in text and "V1-4" in text and "V11" in text


def test_levers_on_screen_state_no_possibility_as_fact(k):
    """The consequence is worded for an answer given; after „Wenn …“ only the source follows."""
    from ksm_cli.render.assess import lever_items

    a = run(k, TOWN)
    for item, lever in zip(lever_items(k, a.levers, 1), a.levers, strict=True):
        assert lever["why"] not in item and item.endswith(f"({lever['source']})")


def test_an_erstvorhaben_reason_speaks_of_the_end_of_the_anschlussvorhaben(k):
    reason = run(k, LANDKREIS).reasons[0]["text"]
    assert reason.startswith(
        "Sie haben angegeben, dass das Klimaschutzkonzept am Ende des Anschlussvorhabens"
    )


def test_one_month_left_is_said_in_the_singular(k):
    near = run(k, LANDKREIS, today=dt.date(2026, 9, 15))
    assert any("bleibt ein Monat." in u["text"] for u in near.urgent)


def test_the_open_variant_is_named_by_its_question(k, ksm):
    args = ["assess"]
    for key, value in {**TOWN["flow"], "stellenteilung_verwaltung": "ja"}.items():
        args += ["--set", f"{key}={value}"]
    out = " ".join(ksm(*args).stdout.split())
    assert "(Frage „Mit welcher weiteren Aufgabe innerhalb der Verwaltung würde die Stelle geteilt?“)" in out
    assert out.count("stellenteilung_aufgabe") == 1  # only as the id to give, after the question
    assert "(Frage-ID 'stellenteilung_aufgabe')" in out
