"""``ksm report`` and the documents built from the assessment (issue 18): the Empfehlungsbericht
with its one-page Kurzfassung, the Beschlussvorlage with its finance block, the Gesamtdokument,
``assess --report`` in every format, ``assess --batch --reports``, and ``ksm status``."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.documents.finance import costs, euro
from ksm_cli.fs import SAFE_NAME_LENGTH, safe_file_name
from ksm_cli.outputs import written_by_ksm
from ksm_cli.render.document import Blank, Cited, Fields, Heading, Numbered, Section, Table
from tests.test_tasks import SET_ARGS

FLOW = {
    "klimaschutzkonzept": "teilweise",
    "laufende_prozesse": "ja",
    "eigenfinanzierung": "moeglich",
    "staerkung_ksm": "ja",
    "sichtbarkeit_aussen": "nein",
    "stellenausbau": "nein",
}
FLOW_SET = [arg for key, value in FLOW.items() for arg in ("--set", f"{key}={value}")]
HOSTILE = 'Musterstadt <img src=x onerror=alert(1)> & "Co"'
INIT = [
    "--set",
    f"kommune={HOSTILE}",
    "--set",
    "kommunentyp=gemeinde",
    "--set",
    "einwohner=48.000",
    "--set",
    "foerderende=30.06.2027",
    "--set",
    "stellenumfang_vzae=1",
    "--set",
    "personalkosten_je_vzae=72.500",
    "--set",
    "budget_eur=50.000",
    "--set",
    "haushaltsbeschluss_monat=12",
    "--set",
    "eingeworbene_foerdermittel_eur=180.000",
    "--set",
    "vorhaben=anschlussvorhaben",
]
STICHTAG = ("--stichtag", "02.12.2026")


@pytest.fixture
def mappe(ksm, tmp_path, monkeypatch):
    """A Mappe with Angaben and answers; the working directory is the Mappe."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KSM_MAPPE", raising=False)
    assert ksm("init", "Musterstadt", *INIT).exit_code == 0
    folder = tmp_path / "Musterstadt"
    monkeypatch.chdir(folder)
    result = ksm("assess", *FLOW_SET, "--json", *STICHTAG)
    assert result.exit_code == 0, result.stderr
    return folder


def _assessment(k, **context):
    from ksm_cli.assess.engine import assess

    base = {
        "kommune": "Musterstadt",
        "foerderende": dt.date(2027, 6, 30),
        "stellenumfang_vzae": 1.0,
        "personalkosten_je_vzae": 72500,
        "budget_eur": 50000,
        "haushaltsbeschluss_monat": 12,
        "vorhaben": "anschlussvorhaben",
    }
    base.update(context)
    base = {key: value for key, value in base.items() if value is not None}
    return assess(k, FLOW, base, dt.date(2026, 12, 2))


def _walk(blocks):
    from ksm_cli.render.document import Only

    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from _walk(block.blocks)
        elif isinstance(block, Only):
            yield from _walk(block.content())


def _section(blocks, title):
    return next(b for b in _walk(blocks) if isinstance(b, Section) and b.title == title)


def _text(blocks) -> str:
    from ksm_cli.render.markdown import to_markdown

    return to_markdown(blocks)


# --- the money -------------------------------------------------------------------------------


@given(
    vzae=st.sampled_from([0.5, 1.0, 1.5, 2.25]),
    per=st.integers(1, 200_000),
    budget=st.one_of(st.none(), st.integers(0, 2_000_000)),
    day=st.dates(dt.date(2024, 1, 31), dt.date(2035, 12, 31)),
)
def test_folgelasten_are_stellenumfang_times_personalkosten_plus_budget(vzae, per, budget, day):
    money = costs(
        {"stellenumfang_vzae": vzae, "personalkosten_je_vzae": per, "budget_eur": budget, "foerderende": day}
    )
    assert money["personal"] == pytest.approx(vzae * per)
    assert money["total"] == pytest.approx(vzae * per + (budget or 0))
    years = money["years"]
    start = day + dt.timedelta(days=1)
    assert years[0]["start"] == start and [y["year"] for y in years] == list(
        range(start.year, start.year + 4)
    )
    assert all(y["months"] == 12 and y["start"] == dt.date(y["year"], 1, 1) for y in years[1:])
    rest = (dt.date(start.year, 12, 31) - start).days + 1
    length = (dt.date(start.year, 12, 31) - dt.date(start.year, 1, 1)).days + 1
    share = (13 - start.month) / 12 if start.day == 1 else rest / length
    assert years[0]["personal"] == pytest.approx(vzae * per * share, abs=0.01)
    assert money["overall"] == pytest.approx(sum(y["total"] for y in years), abs=0.05)


def test_a_foerderende_in_the_middle_of_a_month_counts_its_days():
    money = costs(
        {"stellenumfang_vzae": 1.0, "personalkosten_je_vzae": 36500, "foerderende": dt.date(2027, 1, 15)}
    )
    first = money["years"][0]
    assert first["start"] == dt.date(2027, 1, 16) and first["personal"] == 35000.0  # 350 of 365 days


def test_without_personal_costs_there_are_no_folgelasten_and_no_total():
    money = costs({"stellenumfang_vzae": 1.0, "budget_eur": 1000, "foerderende": dt.date(2027, 6, 30)})
    assert money["personal"] is None and money["total"] is None and money["overall"] is None
    assert money["returns"] is None


def test_euro_is_written_as_a_german_document_writes_it():
    assert [euro(70000), euro(1234.5), euro(0.1), euro(1_000_000)] == [
        "70.000 €",
        "1.234,50 €",
        "0,10 €",
        "1.000.000 €",
    ]


# --- the Empfehlungsbericht --------------------------------------------------------------------


def test_the_kurzfassung_names_model_reasons_costs_and_deadlines(k):
    from ksm_cli.documents.empfehlung import empfehlung_blocks

    blocks = empfehlung_blocks(k, _assessment(k, eingeworbene_foerdermittel_eur=180000))
    assert isinstance(blocks[0], Heading) and "Musterstadt" in blocks[0].text
    short = _section(blocks, "Kurzfassung")
    text = _text([short])
    assert "Empfohlen wird das Verstetigungsmodell V8" in text
    reasons = next(b for b in short.blocks if getattr(b, "items", None) and isinstance(b.items[0], Cited))
    assert len(reasons.items) == 3  # one sentence per framework question
    assert [r.split(" – ")[0] for r in reasons.items] == [
        "Strategische Grundlage",
        "Finanzierung/Verankerung im Haushalt",
        "Politischer Rahmen",
    ]
    assert "72.500 € Personalkosten (1 VZÄ × 72.500 €)" in text and "zusammen 122.500 € pro Jahr" in text
    assert "180.000 €" in text
    table = next(b for b in short.blocks if isinstance(b, Table))
    assert table.columns == ["Frist", "Schritt", "Stand"] and len(table.rows) <= 4
    assert {table.rows[i][2] for i in table.highlight} == {"überfällig"}


def test_the_kurzfassung_leaves_the_costs_to_complete_without_personal_costs(k):
    from ksm_cli.documents.empfehlung import kurzfassung

    short = kurzfassung(k, _assessment(k, personalkosten_je_vzae=None))
    fields = next(b for b in short.blocks if isinstance(b, Fields))
    assert isinstance(fields.rows[0][1], Blank) and "Personalkosten je VZÄ" in fields.rows[0][1].hint


def document_title(k) -> str:
    return k.models_file["document"]["title"]


def test_the_empfehlungsbericht_keeps_internal_checklists_for_the_working_part(k):
    from ksm_cli.documents.empfehlung import empfehlung_blocks, working_blocks

    assessment = _assessment(k)
    text = _text(empfehlung_blocks(k, assessment))
    assert "Werbung für sich selbst machen" not in text and "Erfolgsfaktoren" not in text
    assert "Nächste Schritte" not in text
    working = _text(working_blocks(k, assessment))
    assert "Werbung für sich selbst machen" in working and "Nächste Schritte" in working
    for part in ("Entscheidungsweg", "Vorteile und Nachteile", "Fahrplan", document_title(k)):
        assert part in text


def test_the_decision_path_and_the_fahrplan_are_pictures_in_the_document(k):
    from ksm_cli.documents.empfehlung import empfehlung_blocks
    from ksm_cli.render.figures import Chart, Figure

    figures = [b for b in _walk(empfehlung_blocks(k, _assessment(k))) if isinstance(b, Figure)]
    assert len(figures) == 2 and all(isinstance(f.picture, Chart) for f in figures)
    assert "Abbildung 5.1" in figures[0].caption
    assert all(f.picture.drawing().shapes for f in figures)


# --- the Beschlussvorlage ----------------------------------------------------------------------


def test_the_beschlussvorlage_has_the_structure_of_municipal_vorlagen(k):
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    blocks = beschlussvorlage_blocks(k, _assessment(k), ["Empfehlungsbericht"])
    assert blocks[0].text.startswith("ENTWURF")
    titles = [b.title for b in blocks if isinstance(b, Section)]
    assert titles == [
        "Betreff",
        "Beschlussvorschlag",
        "Sachverhalt und Begründung",
        "Finanzielle Auswirkungen",
        "Klimawirkung",
        "Anlagen",
    ]
    resolution = _section(blocks, "Beschlussvorschlag").blocks[0]
    assert isinstance(resolution, Numbered) and resolution.items[0].startswith("Der Rat beschließt")
    assert "30.06.2027 dauerhaft fortzuführen" in resolution.items[0]  # the Kommune pays: for good
    assert "ab dem Haushaltsjahr 2027" in resolution.items[1] and "Stellenplan" in resolution.items[1]
    # where the post sits is the Verwaltung's recommendation, not the council's resolution
    assert "V8" not in resolution.items[0]
    assert "Sie empfiehlt, die Stelle nach dem Modell V8" in _text(blocks)
    head = blocks[1]
    assert isinstance(head, Fields)
    assert {label for label, value in head.rows if isinstance(value, Blank)} >= {
        "Vorlage-Nr.",
        "Sitzungstermin",
    }


def test_the_finance_block_has_folgelasten_gesamtkosten_veranschlagung_and_deckung(k):
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    assessment = _assessment(k, eingeworbene_foerdermittel_eur=180000, eingesparte_kosten_eur=20000)
    finance = _section(beschlussvorlage_blocks(k, assessment, []), "Finanzielle Auswirkungen")
    first = dict(finance.blocks[0].rows)
    assert first["Jährliche Personalkosten"] == "72.500 €"
    assert first["Jährliche Folgelasten"] == "122.500 €"
    years = next(b for b in finance.blocks if isinstance(b, Table))
    assert years.rows[0][0] == "2027 (ab 01.07.2027)" and years.rows[0][3] == "61.250 €"  # half a year
    assert years.rows[-1] == ["Gesamtkosten 2027–2030", "", "", "428.750 €"]
    fields = [b for b in finance.blocks if isinstance(b, Fields)]
    veranschlagung = dict(fields[-1].rows)
    assert isinstance(veranschlagung["Produkt/Kostenstelle"], Blank)
    assert isinstance(veranschlagung["Deckungsvorschlag"], Blank)
    assert "Haushalt 2027" in veranschlagung["Veranschlagung"]
    text = _text([finance])
    assert "200.000 €" in text and "rund 1,6 Jahren" in text  # raised and saved against the costs


def test_a_given_produkt_fills_the_field_and_a_landkreis_is_decided_by_the_kreistag(k):
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    assessment = _assessment(k, haushalt_produkt="56.10.01 Klimaschutz", kommunentyp="landkreis")
    blocks = beschlussvorlage_blocks(k, assessment, [])
    fields = [b for b in _walk(blocks) if isinstance(b, Fields)]
    assert ("Produkt/Kostenstelle", "56.10.01 Klimaschutz") in fields[-1].rows
    assert _section(blocks, "Beschlussvorschlag").blocks[0].items[0].startswith("Der Kreistag beschließt")


def test_an_erstvorhaben_resolves_on_the_anschlussvorhaben_and_the_end_after_it(k):
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    blocks = beschlussvorlage_blocks(k, _assessment(k, vorhaben="erstvorhaben"), [])
    items = _section(blocks, "Beschlussvorschlag").blocks[0].items
    assert items[0].startswith("Die Verwaltung wird beauftragt, das Anschlussvorhaben")
    assert "am 30.06.2030 (voraussichtlich) dauerhaft fortzuführen" in items[1]
    years = next(b for b in _walk(blocks) if isinstance(b, Table))
    assert years.rows[0][0].startswith("2030")


def test_a_transition_is_not_resolved_as_for_good(k):
    from ksm_cli.assess.engine import assess
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    flow = {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "nicht_moeglich",
        "sponsoring_foerderung": "moeglich",
        "staerkung_ksm": "nein",
    }
    context = {"foerderende": dt.date(2027, 6, 30), "stellenumfang_vzae": 1.0}
    blocks = beschlussvorlage_blocks(k, assess(k, flow, context, dt.date(2026, 12, 2)), [])
    items = _section(blocks, "Beschlussvorschlag").blocks[0].items
    assert "dauerhaft" not in items[0] and "eine dauerhafte Lösung vorzubereiten" in items[1]
    assert "Übergangslösung" in _text([_section(blocks, "Sachverhalt und Begründung")])


def test_without_a_model_there_is_no_resolution_to_keep_the_post(k):
    from ksm_cli.assess.engine import assess
    from ksm_cli.documents.beschluss import beschlussvorlage_blocks

    flow = {
        "klimaschutzkonzept": "teilweise",
        "laufende_prozesse": "ja",
        "eigenfinanzierung": "nicht_moeglich",
        "sponsoring_foerderung": "nicht_moeglich",
        "neue_foerderung": "nein",
        "stellenteilung_verwaltung": "nein",
        "externe_kooperation": "nein",
    }
    assessment = assess(k, flow, {"foerderende": dt.date(2027, 6, 30)}, dt.date(2026, 12, 2))
    assert assessment.without_post
    resolution = _section(beschlussvorlage_blocks(k, assessment, []), "Beschlussvorschlag")
    assert "ergibt sich daraus nicht" in _text([resolution])


# --- ksm report --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt", "html", "md"])
def test_report_writes_each_document_in_the_mappe_marked_as_ksms(mappe, ksm, fmt):
    for kind in ("empfehlung", "beschlussvorlage", "gesamt"):
        result = ksm("report", kind, "--format", fmt, *STICHTAG)
        assert result.exit_code == 0, result.stderr
        assert "Geschrieben:" in result.stderr
    names = ("empfehlungsbericht", "beschlussvorlage", "gesamtdokument")
    for name in names:
        path = mappe / f"{name}.{fmt}"
        assert written_by_ksm(path), path
    if fmt == "docx":
        import docx

        document = docx.Document(str(mappe / "empfehlungsbericht.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert HOSTILE in text and "Kurzfassung" in text
    if fmt == "html":
        page = (mappe / "empfehlungsbericht.html").read_text(encoding="utf-8")
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_json_and_the_default_format_is_word(mappe, ksm):
    result = ksm("report", "empfehlung", "--json", *STICHTAG)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "ksm.report/1" and data["document"] == "empfehlung"
    assert data["format"] == "docx" and data["file"] == "empfehlungsbericht.docx"
    assert zipfile.is_zipfile(mappe / "empfehlungsbericht.docx")


def test_the_gesamtdokument_says_which_parts_are_missing(mappe, ksm):
    assert ksm("report", "gesamt", "-o", "alles.md", *STICHTAG).exit_code == 0
    text = (mappe / "alles.md").read_text(encoding="utf-8")
    assert "Es gibt noch keine Selbsteinschätzung." in text
    assert "Es gibt noch kein Mentoring-Protokoll." in text
    assert "Arbeitsteil für das Klimaschutzmanagement" in text and "Werbung für sich selbst machen" in text


def test_report_with_every_part_of_the_mappe(mappe, ksm):
    started = ksm("mentoring", "init", "--role", "mentor", "--start", "2026-07-01")
    assert started.exit_code == 0, started.stderr
    added = ksm("mentoring", "add", "--date", "2026-09-01", "--kind", "webinar", "--title", "Webinar")
    assert added.exit_code == 0, added.stderr
    sa = ksm("tasks", "assess", "--hours-per-week", "39", *SET_ARGS)
    assert sa.exit_code == 0, sa.stderr
    for kind in ("stellenbeschreibung", "selbsteinschaetzung", "mentoring", "gesamt"):
        result = ksm("report", kind, "--format", "md", *STICHTAG)
        assert result.exit_code == 0, (kind, result.stderr)
    whole = (mappe / "gesamtdokument.md").read_text(encoding="utf-8")
    assert "Es gibt noch" not in whole
    for part in ("Stellenbeschreibung", "Messbare Ziele der Stelle", "Text für das NKI-Monitoring-Tool"):
        assert part in whole
    vorlage = ksm("report", "beschlussvorlage", "--format", "md", *STICHTAG)
    assert vorlage.exit_code == 0
    anlagen = (mappe / "beschlussvorlage.md").read_text(encoding="utf-8").split("## Anlagen")[1]
    assert "Stellenbeschreibung" in anlagen


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["bericht"], "ART 'bericht': unbekanntes Dokument; möglich sind empfehlung"),
        (["empfehlung", "--format", "pdf"], "--format 'pdf': unbekanntes Format"),
        (["empfehlung", "-o", "x.docx", "--format", "odt"], "widersprechen sich"),
        (["empfehlung", "-o", "bericht.txt"], "die Endung nennt kein Format"),
        (["empfehlung", "-o", "verweis.md"], "kommune.yaml der Mappe und -o nennen dieselbe Datei"),
        (["empfehlung", "-o", "antworten.md", "--answers", "antworten.md"], "nennen dieselbe Datei"),
        (["stellenbeschreibung"], "Es gibt noch keine Selbsteinschätzung – ohne sie entsteht kein Dokument"),
        (["mentoring"], "zuerst ksm mentoring init und ksm mentoring add"),
    ],
)
def test_report_refuses_bad_input_with_one_german_line(mappe, ksm, args, fragment):
    (mappe / "verweis.md").symlink_to(mappe / "kommune.yaml")  # a link to the Mappe's own file
    before = (mappe / "kommune.yaml").read_bytes()
    result = ksm("report", *args)
    assert (mappe / "kommune.yaml").read_bytes() == before
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_outside_a_mappe_report_needs_o_and_the_answers(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KSM_MAPPE", raising=False)
    result = ksm("report", "empfehlung")
    assert (
        result.exit_code == 2
        and "-o DATEI" in result.stderr
        and "-o empfehlungsbericht.docx" in result.stderr
    )
    missing = ksm("report", "empfehlung", "-o", "b.docx")
    assert missing.exit_code == 2 and "--answers DATEI" in missing.stderr
    answers = tmp_path / "a.yaml"
    saved = ksm("assess", *FLOW_SET, "--save-answers", str(answers), "--json")
    assert saved.exit_code == 0
    made = ksm("report", "empfehlung", "-o", "b", "--format", "html", "--answers", str(answers))
    assert made.exit_code == 0, made.stderr
    assert (tmp_path / "b.html").exists() and not (tmp_path / "b").exists()


def test_report_never_replaces_a_file_ksm_did_not_write(mappe, ksm):
    own = mappe / "empfehlungsbericht.docx"
    own.write_bytes(b"my own notes")
    result = ksm("report", "empfehlung", *STICHTAG)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert own.read_bytes() == b"my own notes"
    assert ksm("report", "empfehlung", "--force", *STICHTAG).exit_code == 0
    assert written_by_ksm(own)


def test_an_unfinished_interview_is_named(mappe, ksm):
    (mappe / "antworten.yaml").write_text("klimaschutzkonzept: teilweise\n", encoding="utf-8")
    result = ksm("report", "beschlussvorlage")
    assert result.exit_code == 2 and "Das Interview ist nicht abgeschlossen" in result.stderr
    assert "zuerst ksm assess" in result.stderr


# --- assess --report and --batch --reports ------------------------------------------------------


@pytest.mark.parametrize("name", ["bericht.docx", "bericht.ODT", "bericht.html", "bericht.md", "bericht.txt"])
def test_assess_report_takes_the_format_from_the_extension(ksm, tmp_path, name):
    target = tmp_path / name
    result = ksm("assess", *FLOW_SET, "--report", str(target), *STICHTAG)
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert zipfile.is_zipfile(target) == name.lower().endswith((".docx", ".odt"))
    if name.endswith(".txt"):
        assert data.decode("utf-8").startswith("# Empfehlung")  # any other name: Markdown, as before
    assert written_by_ksm(target)


def test_batch_reports_one_document_per_valid_row_named_safely(ksm, tmp_path):
    csv = tmp_path / "k.csv"
    header = "kommune;" + ";".join(FLOW)
    values = ";".join(FLOW.values())
    csv.write_text(
        f"{header}\nAdorf;{values}\nAdorf;{values}\nCON;{values}\nA/B: *Süd*?;{values}\nLeer;nix;;;;;\n",
        encoding="utf-8",
    )
    folder = tmp_path / "berichte"
    result = ksm("assess", "--batch", str(csv), "--reports", str(folder), "--format", "html", "--json")
    assert result.exit_code == 2  # the bad row
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "empfehlungsbericht-A-B- -Süd--.html",
        "empfehlungsbericht-Adorf-2.html",
        "empfehlungsbericht-Adorf.html",
        "empfehlungsbericht-CON.html",
    ]
    rows = json.loads(result.stdout)["rows"]
    assert [r["report"] is not None for r in rows] == [True, True, True, True, False]


def test_reports_and_format_belong_to_batch(ksm, tmp_path):
    alone = ksm("assess", *FLOW_SET, "--reports", str(tmp_path))
    assert alone.exit_code == 2 and "--reports gilt nur zusammen mit --batch" in alone.stderr
    csv = tmp_path / "k.csv"
    csv.write_text("kommune;" + ";".join(FLOW) + "\nA;" + ";".join(FLOW.values()) + "\n", encoding="utf-8")
    wrong = ksm("assess", "--batch", str(csv), "--format", "docx")
    assert wrong.exit_code == 2 and "--format gilt nur zusammen mit --reports" in wrong.stderr


@given(st.text(max_size=300))
def test_safe_file_names_are_accepted_everywhere(text):
    name = safe_file_name(text)
    assert name and len(name) <= SAFE_NAME_LENGTH + len("ohne-namen-")
    assert not set(name) & set('<>:"/\\|?*') and name == name.strip(" .")
    assert all(c.isprintable() for c in name)
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


# --- status and the Angaben ----------------------------------------------------------------------


def test_status_lists_the_documents_and_what_they_need(mappe, ksm):
    assert ksm("report", "empfehlung", "--format", "odt", *STICHTAG).exit_code == 0
    status = json.loads(ksm("status", "--json", *STICHTAG).stdout)
    documents = {d["kind"]: d for d in status["documents"]}
    assert documents["empfehlung"]["file"] == "empfehlungsbericht.odt" and documents["empfehlung"]["exists"]
    assert documents["empfehlung"]["command"] == "ksm report empfehlung --format odt"
    assert documents["stellenbeschreibung"]["command"] == "ksm tasks assess"
    assert documents["beschlussvorlage"]["command"] == "ksm report beschlussvorlage"
    assert "ksm report beschlussvorlage" not in status["next_commands"]  # only on request


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("personalkosten_je_vzae", "-5", "keine gültige Zahl ab 0"),
        ("personalkosten_je_vzae", "72,5", "nicht plausibel (mindestens 10.000 € im Jahr"),
        ("eingeworbene_foerdermittel_eur", "viel", "keine gültige Zahl ab 0"),
        ("eingesparte_kosten_eur", "1,234", "höchstens 2 Nachkommastellen"),
        ("haushalt_produkt", "x" * 201, "zu lang"),
    ],
)
def test_the_new_angaben_are_validated_and_named(ksm, tmp_path, monkeypatch, key, raw, fragment):
    monkeypatch.chdir(tmp_path)
    result = ksm("init", "M", "--set", f"{key}={raw}")
    assert result.exit_code == 2 and key in result.stderr and fragment in result.stderr
    assert not (tmp_path / "M").exists()


def test_a_kommune_name_of_the_longest_length_allowed_makes_every_format(ksm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KSM_MAPPE", raising=False)
    name = "Gemeinde " + "Langername" * 19  # 199 characters: ksm allows 200
    assert ksm("init", "L", "--set", f"kommune={name}", "--set", "foerderende=30.06.2027").exit_code == 0
    monkeypatch.chdir(tmp_path / "L")
    assert ksm("assess", *FLOW_SET, "--json").exit_code == 0
    for fmt in ("docx", "odt"):
        result = ksm("report", "empfehlung", "--format", fmt)
        assert result.exit_code == 0, result.stderr
    import docx

    document = docx.Document(str(tmp_path / "L" / "empfehlungsbericht.docx"))
    assert len(document.core_properties.title) <= 255 and document.core_properties.title.endswith("…")
    assert name in document.paragraphs[0].text  # the heading keeps the whole name


@pytest.mark.parametrize("name", ["bericht.pdf", "bericht.xlsx", "bericht.doc"])
def test_assess_report_refuses_formats_it_does_not_write(ksm, tmp_path, name):
    result = ksm("assess", *FLOW_SET, "--report", str(tmp_path / name))
    assert result.exit_code == 2 and "dieses Format schreibt ksm nicht" in result.stderr
    assert not (tmp_path / name).exists()


def test_the_mappes_name_of_the_kommune_is_used_in_every_part(mappe, ksm):
    assert ksm("tasks", "assess", "--hours-per-week", "39", *SET_ARGS).exit_code == 0
    assert ksm("init", "--set", "kommune=Neustadt").exit_code == 0
    assert ksm("report", "gesamt", "--format", "md", *STICHTAG).exit_code == 0
    text = (mappe / "gesamtdokument.md").read_text(encoding="utf-8")
    assert "Neustadt" in text and "Musterstadt" not in text


def test_a_named_answers_file_that_is_missing_is_not_found(mappe, ksm):
    result = ksm("report", "empfehlung", "--answers", "fehlt.yaml")
    assert result.exit_code == 2 and "fehlt.yaml: Datei nicht gefunden" in result.stderr


def test_outside_sources_live_in_the_data_with_their_address_and_are_marked(k):
    """The statements of public sources beside the guide are data (with their address, as the
    reference notes name them), and a document marks them as outside the guide."""
    from ksm_cli.documents.stelle import OUTSIDE, statement

    items = [*k.tasks_file["job_description"].values(), *k.flowchart["beschlussvorlage"].values()]
    outside = [i for i in items if i["outside"]]
    assert len(outside) == 4 and all("https://" in i["source"] for i in outside)
    assert all(statement(i).source.endswith(f"({OUTSIDE})") for i in outside)
    guide = statement(k.tasks_file["job_description"]["purpose"])
    assert guide.source.startswith("Leitfaden „Klimaschutzmanagement verstetigen“")
