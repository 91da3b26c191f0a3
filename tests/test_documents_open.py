"""The real documents of a full Mappe, opened as a user opens them (issue 18, §4): LibreOffice
turns each DOCX and ODT into PDF, Chromium prints the HTML; the PDF's text is checked. And a
snapshot of each document's text (Markdown), so that every change of wording is seen in review
(``KSM_UPDATE_SNAPSHOTS=1`` writes them anew)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ksm_cli import __version__
from tests.office import needs_poppler, needs_soffice, pdf_pages, pdf_text, soffice_pdf
from tests.test_report import FLOW_SET, INIT, STICHTAG
from tests.test_tasks import SET_ARGS

SNAPSHOTS = Path(__file__).parent / "snapshots" / "dokumente"
KINDS = (
    "empfehlung",
    "beschlussvorlage",
    "stellenbeschreibung",
    "selbsteinschaetzung",
    "mentoring",
    "gesamt",
)
STEMS = {
    "empfehlung": "empfehlungsbericht",
    "beschlussvorlage": "beschlussvorlage",
    "stellenbeschreibung": "stellenbeschreibung",
    "selbsteinschaetzung": "selbsteinschaetzung-auswertung",
    "mentoring": "mentoring-nachweis",
    "gesamt": "gesamtdokument",
}
HOSTILE_KOMMUNE = 'Musterstadt <img src=x onerror=alert(1)> & "Co"'


@pytest.fixture
def full_mappe(ksm, tmp_path, monkeypatch) -> Path:
    """A Mappe with Angaben, answers, a self-assessment and a mentoring log."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KSM_MAPPE", raising=False)
    assert ksm("init", "Musterstadt", *INIT).exit_code == 0
    folder = tmp_path / "Musterstadt"
    monkeypatch.chdir(folder)
    for args in (
        ["assess", *FLOW_SET, "--json", *STICHTAG],
        ["tasks", "assess", "--hours-per-week", "39", *SET_ARGS],
        ["mentoring", "init", "--role", "mentor", "--start", "2025-07-01"],
        ["mentoring", "add", "--date", "2025-09-10", "--kind", "webinar", "--title", "Webinar <b>A</b>"],
        ["mentoring", "add", "--date", "2026-09-15", "--kind", "fachveranstaltung", "--title", "Fachtag"],
    ):
        result = ksm(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return folder


def _write_all(ksm, fmt: str) -> None:
    for kind in KINDS:
        result = ksm("report", kind, "--format", fmt, *STICHTAG)
        assert result.exit_code == 0, (kind, result.stderr)


@pytest.mark.parametrize("kind", KINDS)
def test_each_documents_text_matches_its_snapshot(full_mappe, ksm, kind):
    result = ksm("report", kind, "--format", "md", *STICHTAG)
    assert result.exit_code == 0, result.stderr
    text = (full_mappe / f"{STEMS[kind]}.md").read_text(encoding="utf-8").replace(__version__, "VERSION")
    snapshot = SNAPSHOTS / f"{kind}.md"
    if os.environ.get("KSM_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def _pages(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


EXPECTED = {
    "empfehlung": ["Kurzfassung", "Was bis wann zu entscheiden", "Entscheidungsweg", "Abbildung 1:"],
    "beschlussvorlage": ["ENTWURF", "[bitte ergänzen: Produkt/Kostenstelle]", "122.500 €", "Anlagen"],
    "stellenbeschreibung": ["Messbare Ziele der Stelle", "100 %", "Eingruppierung"],
    "selbsteinschaetzung": ["IST", "SOLL", "Abbildung 1:"],
    "mentoring": ["Text für das NKI-Monitoring-Tool", "Webinar <b>A</b>", "Abbildung 1:"],
    "gesamt": ["Inhalt", "Arbeitsteil für das Klimaschutzmanagement", "Abbildung 4:"],
}


@pytest.mark.slow
@needs_soffice
@needs_poppler
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_opens_every_document_and_prints_it(full_mappe, ksm, tmp_path, fmt):
    _write_all(ksm, fmt)
    out = tmp_path / f"pdf-{fmt}"
    out.mkdir()
    for kind in KINDS:
        pdf = soffice_pdf(full_mappe / f"{STEMS[kind]}.{fmt}", out)
        pages = _pages(pdf)
        text = " ".join(" ".join(pages).split())
        for expected in EXPECTED[kind]:
            assert expected in text, (kind, fmt, expected)
        assert f"Seite 1 von {pdf_pages(pdf)}" in " ".join(pages[0].split()), (kind, fmt)
        if kind == "empfehlung":
            # the Kurzfassung is one page: the details begin on page 2
            assert "Kurzfassung" in pages[0] and "Was bis wann" in pages[0]
            assert pages[1].split()[0] == "Empfehlung", pages[1][:200]
        if kind in ("empfehlung", "beschlussvorlage", "gesamt"):
            assert HOSTILE_KOMMUNE in " ".join(pages[0].split())


@pytest.mark.slow
@needs_poppler
def test_chromium_prints_the_html_documents_and_runs_nothing(full_mappe, ksm, tmp_path):
    from tests.chromium import dump_dom, page_requests, print_pdf

    _write_all(ksm, "html")
    page = full_mappe / "empfehlungsbericht.html"
    assert page_requests(page) == []
    dom = dump_dom(page)
    assert "<img" not in dom and "&lt;img src=x onerror=alert(1)&gt;" in dom
    pdf = print_pdf(page, tmp_path / "empfehlung.pdf")
    pages = _pages(pdf)
    assert pdf_pages(pdf) > 2 and "Kurzfassung" in pages[0]
    whole = print_pdf(full_mappe / "gesamtdokument.html", tmp_path / "gesamt.pdf")
    assert pdf_pages(whole) > 10
    assert "Anmerkungen und Quellen" in pdf_text(whole)
