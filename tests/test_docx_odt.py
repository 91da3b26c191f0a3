"""The Word and ODF backends of the document model, read back as the libraries (and a plain XML
parser) see the files: headings with their levels and styles, tables with header rows,
pictures with alternative text and caption, numbered endnotes, ksm's generator mark, the page
fields in the footer, literal text, and the same document in both formats."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.render.document import Note, Para, Table, clean
from tests.office import DOCUMENT_ONLY, HOSTILE, SCREEN_ONLY, SOURCES, TITLE, all_blocks

SHOWN = clean(HOSTILE)  # the escape character made visible: \x1b
HEADINGS = [
    (1, "Kurzfassung"),
    (2, "Kosten"),
    (3, "Einzelheiten"),
    (1, "Weg zur Empfehlung"),
    (1, "Anmerkungen und Quellen"),
]
CAPTIONS = [
    "Abbildung 1: Die Kosten je Jahr",
    "Abbildung 2: Der Entscheidungsweg",
    "Abbildung 3: Das Diagramm",
]
ALTS = ["Ein Kasten mit der Aufschrift Kosten.", "Ein Kasten und ein Pfeil zum Ziel."]
REFS = ["1", "1", "2", "3", "3", "1"]  # in order of use: the same source keeps its number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    from ksm_cli.render.docx import to_docx

    return to_docx(all_blocks())


@pytest.fixture(scope="module")
def odt_bytes() -> bytes:
    from ksm_cli.render.odt import to_odt

    return to_odt(all_blocks())


def word(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


# --- reading the files back ------------------------------------------------------------------


def docx_outline(data: bytes) -> list[tuple]:
    """The document's parts in order: ("title"|"h1".."h9"|"toc"|"tochead"|"p", text), and
    ("table", rows of cell texts); empty paragraphs left out."""
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    document = word(data)
    out: list[tuple] = []
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            paragraph = Paragraph(element, document)
            name = paragraph.style.name
            kind = (
                "title"
                if name == "Title"
                else f"h{name[-1]}"
                if name.startswith("Heading ")
                else "tochead"
                if name == "TOC Heading"
                else f"toc{name[-1]}"
                if name.startswith("TOC ")
                else "p"
            )
            if paragraph.text or kind != "p":
                out.append((kind, paragraph.text))
        elif element.tag == W + "tbl":
            table = WordTable(element, document)
            out.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
    return out


def odt_text(element: ElementTree.Element) -> str:
    """The text of an ODF element as a reader sees it (spaces, tabs, line breaks; no frames)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == q("text:s"):
            parts.append(" " * int(child.get(q("text:c"), "1")))
        elif child.tag == q("text:tab"):
            parts.append("\t")
        elif child.tag == q("text:line-break"):
            parts.append("\n")
        elif child.tag != q("draw:frame"):
            parts.append(odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def odt_content(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(member(data, "content.xml"))


def odt_parents(data: bytes) -> dict[str, str]:
    """Automatic style name → the named style it is based on."""
    content = odt_content(data)
    return {
        style.get(q("style:name"), ""): style.get(q("style:parent-style-name"), "")
        for style in content.iter(q("style:style"))
    }


def odt_outline(data: bytes) -> list[tuple]:
    content = odt_content(data)
    parents = odt_parents(data)
    body = content.find("office:body/office:text", NS)
    assert body is not None
    out: list[tuple] = []

    def style_of(element: ElementTree.Element) -> str:
        name = element.get(q("text:style-name"), "")
        return parents.get(name) or name

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag == q("text:h"):
                out.append((f"h{child.get(q('text:outline-level'))}", odt_text(child)))
            elif child.tag == q("text:p"):
                name = style_of(child)
                kind = (
                    "title"
                    if name == "Title"
                    else f"toc{name[-1]}"
                    if name.startswith("Contents_20_") and name[-1].isdigit()
                    else "tochead"
                    if name == "Contents_20_Heading"
                    else "p"
                )
                shown = odt_text(child)
                if kind.startswith("toc") and kind != "tochead":
                    shown = re.sub(r"\t\d+$", "", shown)  # the page, which Word's cache lacks
                if shown or kind != "p":
                    out.append((kind, shown))
            elif child.tag == q("table:table"):
                rows = [
                    [odt_text(cell) for cell in row.iter(q("table:table-cell"))]
                    for row in child.iter(q("table:table-row"))
                ]
                out.append(("table", rows))
            elif child.tag in (
                q("text:list"),
                q("text:list-item"),
                q("text:table-of-content"),
                q("text:index-body"),
                q("text:index-title"),
            ):
                walk(child)

    walk(body)
    return out


# --- the same document in both formats ---------------------------------------------------------


def test_both_formats_hold_the_same_document(docx_bytes, odt_bytes):
    docx_parts, odt_parts = docx_outline(docx_bytes), odt_outline(odt_bytes)
    assert docx_parts == odt_parts
    texts = [part[1] for part in docx_parts if part[0] != "table"]
    assert texts[0] == TITLE and texts[1] == f"für {SHOWN}"
    assert f"Kommune: {SHOWN}" in texts
    assert DOCUMENT_ONLY in texts
    assert all(SCREEN_ONLY not in str(part) for part in docx_parts)
    assert "☒ Antrag: gestellt" in texts and "☐ Werbung für sich selbst machen" in texts
    for prefix, body in (
        ("Hinweis: ", "Die Angaben"),
        ("Achtung: ", "Die Frist"),
        ("Bitte ergänzen: ", "Sitzungs"),
    ):
        assert any(t.startswith(prefix + body) for t in texts), prefix
    assert "Bildbeschreibung: A führt zu B." in texts


def test_docx_headings_have_word_styles_and_levels(docx_bytes):
    document = word(docx_bytes)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == TITLE
    assert paragraphs[1].style.name == "Subtitle"
    headings = [(int(p.style.name[-1]), p.text) for p in paragraphs if p.style.name.startswith("Heading ")]
    assert headings == HEADINGS
    for level in (1, 2, 3):  # the outline level that Word's navigation pane and TOC read
        style = document.styles[f"Heading {level}"].element
        assert style.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == str(level - 1)
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "de-DE"
    styles = member(docx_bytes, "word/styles.xml").decode()
    assert 'w:lang w:val="de-DE"' in styles and 'w:ascii="Arial"' in styles


def test_odt_headings_are_text_h_with_outline_levels(odt_bytes):
    content = odt_content(odt_bytes)
    headings = [
        (int(h.get(q("text:outline-level"))), odt_text(h), h.get(q("text:style-name")))
        for h in content.iter(q("text:h"))
    ]
    parents = odt_parents(odt_bytes)
    assert [(level, title) for level, title, _ in headings] == HEADINGS
    for level, _title, name in headings:
        assert (parents.get(name) or name) == f"Heading_20_{level}"
    styles = ElementTree.fromstring(member(odt_bytes, "styles.xml"))
    named = {s.get(q("style:name")): s for s in styles.iter(q("style:style"))}
    for level in (1, 2, 3):
        style = named[f"Heading_20_{level}"]
        assert style.get(q("style:default-outline-level")) == str(level)
        assert style.get(q("style:display-name")) == f"Heading {level}"
    assert "Title" in named


def test_tables_have_header_rows_repeated_on_each_page(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    assert len(document.tables) == 2
    fields, costs = document.tables
    for table in (fields, costs):
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert [c.text for c in fields.rows[0].cells] == ["Angabe", "Wert"]
    assert [c.text for c in costs.rows[0].cells] == ["Jahr", "Anteil", "Kosten"]
    assert [c.text for c in costs.rows[1].cells] == ["2026", "50 %", "40.000 €3"]
    highlighted = costs.rows[2].cells
    assert all(run.bold for cell in highlighted for run in cell.paragraphs[0].runs)
    assert not any(run.bold for run in costs.rows[1].cells[0].paragraphs[0].runs)
    blank = costs.rows[3].cells[2].paragraphs[0].runs[0]
    assert blank.text == "[bitte ergänzen: Deckung]" and blank.font.highlight_color is not None
    assert fields.rows[1].cells[1].text == SHOWN
    title = [p for p in document.paragraphs if p.text == "Folgelasten je Jahr"]
    assert title and all(run.bold for run in title[0].runs)

    content = odt_content(odt_bytes)
    tables = list(content.iter(q("table:table")))
    assert len(tables) == 2
    for table, header in zip(tables, (["Angabe", "Wert"], ["Jahr", "Anteil", "Kosten"]), strict=True):
        head = table.find("table:table-header-rows", NS)
        assert head is not None
        assert [odt_text(cell) for cell in head.iter(q("table:table-cell"))] == header


def test_pictures_are_png_with_alternative_text_and_a_numbered_caption(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    shapes = document.inline_shapes
    assert len(shapes) == 2
    assert [shape._inline.docPr.get("descr") for shape in shapes] == ALTS
    for shape in shapes:
        assert shape.width.cm <= 16.0001
    assert shapes[0].width.cm == pytest.approx(16.0, abs=0.01)  # 600 pt is wider than the text
    assert shapes[1].width.cm == pytest.approx(400 / 72 * 2.54, abs=0.01)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == CAPTIONS
    names = zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    pngs = [n for n in names if n.startswith("word/media/")]
    assert len(pngs) == 2 and all(member(docx_bytes, n).startswith(b"\x89PNG") for n in pngs)

    content = odt_content(odt_bytes)
    frames = list(content.iter(q("draw:frame")))
    assert [frame.find("svg:desc", NS).text for frame in frames] == ALTS
    assert [frame.find("svg:title", NS).text for frame in frames] == CAPTIONS[:2]
    for frame in frames:
        href = frame.find("draw:image", NS).get(q("xlink:href"))
        assert member(odt_bytes, href).startswith(b"\x89PNG")
        assert float(frame.get(q("svg:width")).removesuffix("cm")) <= 16.0001
    manifest = member(odt_bytes, "META-INF/manifest.xml").decode()
    assert manifest.count("image/png") == 2
    parents = odt_parents(odt_bytes)
    odt_captions = [
        odt_text(p)
        for p in content.iter(q("text:p"))
        if (parents.get(p.get(q("text:style-name"), "")) or p.get(q("text:style-name"))) == "Caption"
    ]
    assert odt_captions == CAPTIONS


def test_endnotes_are_numbered_in_order_of_use_and_shared(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    refs = [run.text for p in document.paragraphs for run in p.runs if run.font.superscript]
    refs += [
        run.text
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for run in p.runs
        if run.font.superscript
    ]
    # paragraphs first, then tables: the numbers in the tables are the third source's
    assert sorted(refs) == sorted(REFS)
    texts = [p.text for p in document.paragraphs]
    start = len(texts) - 1 - texts[::-1].index("Anmerkungen und Quellen")  # the heading, not the TOC
    assert texts[start + 1 : start + 4] == [f"{n}.\t{source}" for n, source in enumerate(SOURCES, 1)]
    assert texts[start + 4 :] == []

    content = odt_content(odt_bytes)
    superscript = {
        s.get(q("style:name"))
        for s in content.iter(q("style:style"))
        if (props := s.find("style:text-properties", NS)) is not None
        and (props.get(q("style:text-position")) or "").startswith("super")
    }
    body = content.find("office:body/office:text", NS)
    odt_refs = [
        span.text for span in body.iter(q("text:span")) if span.get(q("text:style-name")) in superscript
    ]
    assert odt_refs == ["1", "1", "2", "3", "3", "1"]
    notes = [odt_text(p) for p in body.iter(q("text:p")) if re.match(r"\d+\.\t", odt_text(p))]
    assert notes == [f"{n}.\t{source}" for n, source in enumerate(SOURCES, 1)]


def test_the_generator_is_ksm_and_the_files_count_as_ksms(docx_bytes, odt_bytes, tmp_path):
    from ksm_cli.outputs import GENERATOR, written_by_ksm

    app = member(docx_bytes, "docProps/app.xml").decode()
    assert f"<Application>{GENERATOR}</Application>" in app
    core = member(docx_bytes, "docProps/core.xml").decode()
    assert "python-docx" not in core
    meta = ElementTree.fromstring(member(odt_bytes, "meta.xml"))
    assert meta.find("office:meta/meta:generator", NS).text == GENERATOR
    assert meta.find("office:meta/dc:language", NS).text == "de-DE"
    assert meta.find("office:meta/dc:title", NS).text == TITLE
    for name, data in (("bericht.docx", docx_bytes), ("bericht.odt", odt_bytes)):
        path = tmp_path / name
        path.write_bytes(data)
        assert written_by_ksm(path), name


def test_the_footer_counts_pages_and_the_page_is_a4(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.5
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(W + "instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    shown = "".join(t.text for t in footer.iter(W + "t"))
    assert shown == "Seite 1 von 1"  # the cached results; Word and LibreOffice count anew

    styles = ElementTree.fromstring(member(odt_bytes, "styles.xml"))
    footer_p = styles.find(".//style:footer/text:p", NS)
    assert footer_p is not None
    assert (
        footer_p.find("text:page-number", NS) is not None and footer_p.find("text:page-count", NS) is not None
    )
    assert footer_p.text == "Seite "
    layout = styles.find(".//style:page-layout-properties", NS)
    assert layout.get(q("fo:page-width")) == "21cm" and layout.get(q("fo:margin-left")) == "2.5cm"


def test_the_table_of_contents_lists_the_sections(docx_bytes, odt_bytes):
    expected = ["Kurzfassung", "Kosten", "Weg zur Empfehlung", "Anmerkungen und Quellen"]  # depth 2
    document = word(docx_bytes)
    xml = member(docx_bytes, "word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    assert "w:updateFields" in member(docx_bytes, "word/settings.xml").decode()
    toc = [p for p in document.paragraphs if re.fullmatch(r"TOC \d", p.style.name)]
    assert [p.text for p in toc] == expected
    assert [p.style.name for p in toc] == ["TOC 1", "TOC 2", "TOC 1", "TOC 1"]

    content = odt_content(odt_bytes)
    index = content.find(".//text:table-of-content", NS)
    assert index is not None
    assert index.find("text:table-of-content-source", NS).get(q("text:outline-level")) == "2"
    entries = index.find("text:index-body", NS).findall("text:p", NS)
    assert [odt_text(p).split("\t")[0] for p in entries] == expected
    # each entry links to its heading's bookmark and shows the page of that bookmark
    bookmarks = {
        h.find("text:bookmark", NS).get(q("text:name")): odt_text(h) for h in content.iter(q("text:h"))
    }
    for entry, title in zip(entries, expected, strict=True):
        target = entry.find("text:a", NS).get(q("xlink:href")).removeprefix("#")
        assert bookmarks[target] == title
        page = entry.find("text:bookmark-ref", NS)
        assert page.get(q("text:ref-name")) == target and page.get(q("text:reference-format")) == "page"

    body = document.element.body
    anchors = {
        mark.get(W + "name"): "".join(t.text for t in mark.getparent().iter(W + "t"))
        for mark in body.iter(W + "bookmarkStart")
    }
    links = [link.get(W + "anchor") for p in toc for link in p._p.iter(W + "hyperlink")]
    assert [anchors[link] for link in links] == expected


def test_a_page_break_starts_the_next_heading_on_a_new_page(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    costs = next(p for p in document.paragraphs if p.text == "Kosten" and p.style.name == "Heading 2")
    assert costs.paragraph_format.page_break_before

    content = odt_content(odt_bytes)
    heading = next(h for h in content.iter(q("text:h")) if odt_text(h) == "Kosten")
    style = next(
        s
        for s in content.iter(q("style:style"))
        if s.get(q("style:name")) == heading.get(q("text:style-name"))
    )
    assert style.find("style:paragraph-properties", NS).get(q("fo:break-before")) == "page"


def test_user_text_is_literal_in_the_files(docx_bytes, odt_bytes):
    for data, name in ((docx_bytes, "word/document.xml"), (odt_bytes, "content.xml")):
        xml = member(data, name)
        assert b"<img" not in xml and b"&lt;img src=x onerror=alert(1)&gt; &amp;" in xml
        assert b"\\x1b[31m" in xml
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".png", ".jpeg")):
                    assert b"\x1b" not in archive.read(info), info.filename
        assert SCREEN_ONLY.encode() not in xml


def test_odfpy_reads_the_odt_back(odt_bytes):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H

    document = load(io.BytesIO(odt_bytes))
    assert [teletype.extractText(h) for h in document.getElementsByType(H)] == [t for _, t in HEADINGS]


def test_the_fill_paragraph_is_a_framed_box(docx_bytes, odt_bytes):
    document = word(docx_bytes)
    box = next(p for p in document.paragraphs if p.text.startswith("Bitte ergänzen: "))
    assert box._p.find(f"{W}pPr/{W}pBdr/{W}left") is not None
    assert box.runs[0].bold and box.runs[0].text == "Bitte ergänzen: "
    styles = ElementTree.fromstring(member(odt_bytes, "styles.xml"))
    kasten = next(s for s in styles.iter(q("style:style")) if s.get(q("style:name")) == "Kasten")
    assert kasten.find("style:paragraph-properties", NS).get(q("fo:border")).endswith("#000000")


def test_a_non_character_does_not_break_the_xml():
    from ksm_cli.render.docx import text

    assert text("a\ufffeb\uffff") == "a\\ufffeb\\uffff"
    assert text("\x1b\u202e") == "\\x1b\\u202e"


# --- any text --------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


@settings(max_examples=60, deadline=None)
@given(paragraph=ANY_TEXT, cell=ANY_TEXT, source=ANY_TEXT)
def test_any_text_is_written_and_read_back_cleaned(paragraph, cell, source):
    from ksm_cli.render.docx import NOTES_TITLE, text, to_docx
    from ksm_cli.render.odt import to_odt

    blocks = [Para(paragraph), Table(["Spalte"], [[cell]]), Note("Notiz", source)]
    document = word(to_docx(blocks))
    assert document.paragraphs[0].text == text(paragraph)
    assert document.tables[0].rows[1].cells[0].text == text(cell)
    shown = [p.text for p in document.paragraphs]
    if source:
        assert shown[-2:] == [NOTES_TITLE, f"1.\t{text(source)}"]

    content = odt_content(to_odt(blocks))
    body = content.find("office:body/office:text", NS)
    assert odt_text(body.find("text:p", NS)) == text(paragraph)
    cells = list(body.iter(q("table:table-cell")))
    assert odt_text(cells[1]) == text(cell)
    if source:
        assert odt_text(list(body.iter(q("text:p")))[-1]) == f"1.\t{text(source)}"


@settings(max_examples=40, deadline=None)
@given(
    columns=st.lists(st.text(max_size=5), max_size=3),
    rows=st.lists(st.lists(st.text(max_size=5), max_size=4), max_size=3),
)
def test_tables_of_any_shape_are_written(columns, rows):
    from ksm_cli.render.docx import to_docx
    from ksm_cli.render.odt import to_odt

    blocks = [Table(columns, rows, title="Titel"), Para("danach")]
    document = word(to_docx(blocks))
    count = max([len(columns), *map(len, rows)])
    assert len(document.tables) == (1 if count else 0)
    if count:
        assert [len(row.cells) for row in document.tables[0].rows] == [count] * (len(rows) + 1)
    body = odt_content(to_odt(blocks)).find("office:body/office:text", NS)
    tables = list(body.iter(q("table:table")))
    assert len(tables) == (1 if count else 0)
    for row in tables[0].iter(q("table:table-row")) if tables else []:
        assert len(list(row.iter(q("table:table-cell")))) == count


def test_the_backends_load_their_libraries_only_when_writing():
    import subprocess
    import sys

    code = (
        "import sys, ksm_cli.render.docx, ksm_cli.render.odt;"
        "print(sorted(m for m in ('docx', 'odf', 'PIL', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == "[]"


@settings(max_examples=20, deadline=None)
@given(caption=ANY_TEXT.filter(str.strip), alt=ANY_TEXT.filter(str.strip))
def test_any_caption_and_alternative_text_are_kept(caption, alt):
    from ksm_cli.render.docx import text, to_docx
    from ksm_cli.render.figures import Chart, Figure
    from ksm_cli.render.odt import to_odt
    from tests.office import sample_drawing

    drawing = sample_drawing(width=60, height=30)
    blocks = [Figure(Chart(lambda: drawing), caption, alt)]
    document = word(to_docx(blocks))
    assert document.inline_shapes[0]._inline.docPr.get("descr") == text(alt)
    assert document.paragraphs[-1].text == f"Abbildung 1: {text(caption)}"
    frame = next(odt_content(to_odt(blocks)).iter(q("draw:frame")))
    assert frame.find("svg:desc", NS).text == text(alt)
    assert frame.find("svg:title", NS).text == f"Abbildung 1: {text(caption)}"
