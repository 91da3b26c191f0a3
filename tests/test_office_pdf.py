"""The DOCX and ODT files as a user opens them: LibreOffice (headless) converts each to PDF, and
poppler reads the PDF's text and its pages. Without LibreOffice or poppler these tests skip with
a reason; in CI (the variable CI set) they fail instead."""

from __future__ import annotations

import re

import pytest

from ksm_cli.render.document import clean
from tests.office import (
    DOCUMENT_ONLY,
    HOSTILE,
    SCREEN_ONLY,
    SOURCES,
    TITLE,
    all_blocks,
    needs_poppler,
    needs_soffice,
    pdf_alt_texts,
    pdf_bookmarks,
    pdf_pages,
    pdf_text,
    soffice_pdf,
)

pytestmark = [pytest.mark.slow, needs_soffice, needs_poppler]


@pytest.fixture(scope="module", params=["docx", "odt"])
def document(request, tmp_path_factory):
    from ksm_cli.render.docx import to_docx
    from ksm_cli.render.odt import to_odt

    folder = tmp_path_factory.mktemp(request.param)
    path = folder / f"bericht.{request.param}"
    path.write_bytes((to_docx if request.param == "docx" else to_odt)(all_blocks()))
    return path


@pytest.fixture(scope="module")
def pdf(document):
    return soffice_pdf(document, document.parent / "pdf")


def flat(text: str) -> str:
    """The PDF text with each run of spaces and line breaks as one space (a long line wraps)."""
    return " ".join(text.split())


def test_the_pdf_shows_the_document(pdf):
    text = pdf_text(pdf)
    shown = flat(text)
    assert TITLE in shown
    for heading in ("Kurzfassung", "Kosten", "Einzelheiten", "Weg zur Empfehlung"):
        assert heading in shown
    for cell in ("Angabe", "Wert", "Jahr", "Anteil", "50 %", "80.000 €", "Produkt/Kostenstelle"):
        assert cell in shown
    assert "[bitte ergänzen: Deckung]" in shown and "[bitte ergänzen:" in shown
    assert "Bitte ergänzen: Sitzungstermin des Rates" in shown
    assert "Anmerkungen und Quellen" in shown
    for number, source in enumerate(SOURCES, 1):
        assert re.search(rf"{number}\.\s+{re.escape(source)}", shown), source
    assert "Abbildung 1: Die Kosten je Jahr" in shown and "Abbildung 3: Das Diagramm" in shown
    assert clean(HOSTILE) in shown  # literal, the escape character visible as \x1b
    assert DOCUMENT_ONLY in shown and SCREEN_ONLY not in shown
    assert "☒ Antrag: gestellt" in shown


def test_the_pdf_counts_its_pages_in_the_footer(pdf):
    pages = pdf_pages(pdf)
    assert pages > 1  # a page break at least
    text = pdf_text(pdf)
    assert "Seite 1 von" in text
    for page in range(1, pages + 1):
        assert f"Seite {page} von {pages}" in text


def test_the_table_of_contents_lists_the_headings(pdf, document):
    text = pdf_text(pdf)
    first_page = text.split("\f")[0]
    lines = [line.strip() for line in first_page.splitlines() if line.strip()]
    start = lines.index("Inhalt")
    listed = [re.sub(r"[ .]*\d*$", "", line) for line in lines[start + 1 : start + 5]]
    assert listed == ["Kurzfassung", "Kosten", "Weg zur Empfehlung", "Anmerkungen und Quellen"]
    if document.suffix == ".odt":
        # LibreOffice counts the pages of the ODF contents (bookmark references) as it lays
        # out; Word does so for a DOCX when it updates the fields on opening
        pages = [page.splitlines() for page in text.split("\f")]
        for title, line in zip(listed, lines[start + 1 : start + 5], strict=True):
            number = re.search(r"\.{3,}\s*(\d+)$", line)
            assert number is not None, line
            on = [n for n, page in enumerate(pages, 1) if any(row.strip() == title for row in page)]
            assert on == [int(number.group(1))], (title, line, on)
        assert lines[start + 2].endswith("2")  # after the page break


def test_the_headings_are_the_pdfs_bookmarks(pdf):
    """LibreOffice makes the PDF's outline from the headings it recognises as such: the same
    outline that Word's navigation pane and LibreOffice's navigator show."""
    titles = pdf_bookmarks(pdf)
    assert TITLE in titles  # the document's title property
    headings = [t for t in titles if t != TITLE]
    assert headings == [
        "Kurzfassung",
        "Kosten",
        "Einzelheiten",
        "Weg zur Empfehlung",
        "Anmerkungen und Quellen",
    ]


def test_the_pictures_keep_their_alternative_text_in_a_tagged_pdf(document):
    tagged = soffice_pdf(document, document.parent / "tagged", tagged=True)
    alts = pdf_alt_texts(tagged)
    # LibreOffice joins the frame's title (the caption) and its description (the alternative text)
    assert len(alts) == 2
    assert alts[0].startswith("Abbildung 1: Die Kosten je Jahr")
    assert alts[0].endswith("Ein Kasten mit der Aufschrift Kosten.")
    assert alts[1].endswith("Ein Kasten und ein Pfeil zum Ziel.")
