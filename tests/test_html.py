"""The HTML backend (render.html.to_html): one self-contained, script-free German page whose
structure follows the blocks, and in which user text stays text.

The page is parsed with the standard library's html.parser: elements, attributes and text
nodes are checked directly, not by searching the markup. tests/test_html_chromium.py opens
the same page in a browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_cli.render.document import (
    DOCUMENT,
    SCREEN,
    Bar,
    Blank,
    Bullets,
    Checklist,
    Cited,
    Contents,
    Fields,
    Heading,
    Note,
    Numbered,
    Only,
    PageBreak,
    Para,
    Section,
    Table,
    Tree,
    clean,
)
from ksm_cli.render.drawing import Drawing
from ksm_cli.render.figures import Chart, Diagram, Figure
from ksm_cli.render.html import to_html

HOSTILE = "Musterstadt <img src=x onerror=alert(1)>"
TITLE = f"Empfehlungsbericht {HOSTILE}"
SOURCE_A = "Handreichung, Kapitel 5.1"
SOURCE_B = "Merkblatt Förderung, S. 3 <b>fett</b>"
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "wbr"}


def drawing() -> Drawing:
    d = Drawing(300, 120)
    d.rect(10, 10, 120, 40, fill="#dde8f3", stroke="#000000", width=2)
    d.rect(170, 10, 120, 40, stroke="#555555", dash=(4, 2))
    d.line([(130, 30), (170, 30)], arrow=True)
    d.text(70, 35, "Ja </text><script>alert(1)</script>", anchor="middle")
    d.text(230, 35, "Nein\x1b[31m", anchor="middle", bold=True)
    d.text(10, 100, HOSTILE, size=8)
    return d


def all_blocks() -> list:
    """A document with every block type, twice nested sections, hostile text in every place."""
    bars = Drawing(200, 60)
    bars.rect(0, 0, 150, 20, fill="#888888")
    bars.line([(0, 40), (200, 40)], dash=(3, 3), arrow=True)
    bars.text(0, 55, "2026")
    return [
        Only(DOCUMENT, [Heading(TITLE, f"Für die Verwaltungsspitze von {HOSTILE}")]),
        Only(SCREEN, [Para("NUR-AUF-DEM-BILDSCHIRM")]),
        Only(SCREEN, lambda: [Para(str(1 / 0))]),  # what only a screen shows is never built
        Contents("Inhalt", depth=2),
        PageBreak(),
        Section(
            "Kurzfassung",
            [
                Para(Cited("Empfohlen wird Modell V 9.", SOURCE_A)),
                Para(f"Die Kommune {HOSTILE} hat geantwortet."),
                Para("Wichtig", "strong"),
                Para("Leise Zeile", "muted"),
                Para("Bitte prüfen", "note"),
                Para("Frist läuft ab", "warn"),
                Para("Gut so", "good"),
                Para("Schlecht so", "bad"),
                Para("Sitzungstermin des Rates", "fill"),
                Para("Zeile eins\nZeile zwei"),
                Only(DOCUMENT, lambda: [Para("NUR-IM-DOKUMENT")]),
            ],
        ),
        PageBreak(),
        Section(
            "Details",
            [
                Section(
                    "Antworten und Gründe",
                    [
                        Bullets([Cited("Vorteil eins", SOURCE_A), HOSTILE, "Vorteil drei"]),
                        Numbered(["Schritt eins", Cited("Schritt zwei", SOURCE_B)]),
                        Note("Das sagt die Quelle selbst.", SOURCE_A, "quote"),
                        Note("Ein Hinweis mit Quelle.", SOURCE_B, "note"),
                        Note("Eine Warnung.", None, "warn"),
                        Section(
                            "Tiefer",
                            [Para("Ganz unten."), Section("Noch tiefer", [Para("Am tiefsten.")])],
                        ),
                    ],
                ),
                Section(
                    "Kosten",
                    [
                        Fields(
                            [
                                ("Kommune", HOSTILE),
                                ("Produkt/Kostenstelle", Blank("Produkt im Haushalt")),
                                ("Personalkosten", Cited("65.000 €", SOURCE_A)),
                            ]
                        ),
                        Table(
                            ["Jahr", "Anteil", "Betrag"],
                            [
                                ["2026", Bar(0.5, 1.0, "50 %"), "32.500 €"],
                                ["2027", Bar(1.0, 1.0, "100 %"), Blank("Deckung")],
                                [HOSTILE, Bar(0.2, 1.0, Cited("20 %", SOURCE_B)), "1 €"],
                            ],
                            highlight={1},
                            title=f"Folgelasten {HOSTILE}",
                            items=["NUR-FUER-TEXT"],
                            stacked=[Para("NUR-GESTAPELT")],
                        ),
                    ],
                ),
                Figure(
                    Chart(drawing),
                    f"Entscheidungspfad {HOSTILE}",
                    f"Kästchen und Pfeile; {HOSTILE} am Ende",
                ),
                Figure(
                    Chart(lambda: bars),
                    "Zeitleiste\x1b[2J",
                    "Balken\u202eje Jahr",
                ),
                Figure(
                    Diagram("flowchart TD\n  A --> B"),
                    "Ablauf als Diagramm",
                    "Von A führt ein Pfeil zu B.",
                ),
                Checklist([("Rat", "Termin anfragen"), ("", HOSTILE)], checked={0}),
                Tree(
                    "Start",
                    children=[
                        Tree("Frage 1", "path", [Tree("Antwort ja", "path"), Tree("Antwort nein", "muted")]),
                        Tree(HOSTILE),
                    ],
                ),
            ],
        ),
        Section("Kurzfassung", [Para("Derselbe Titel noch einmal.")]),
    ]


class Page(HTMLParser):
    """Elements with their attributes, text nodes with the open elements around them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.texts: list[tuple[str, tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.decl: list[str] = []
        self.joined = False
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"attribute twice in <{tag}>: {names}"
        self.joined = False
        self.elements.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.joined = False
        self.elements.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        self.joined = False
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.joined:  # one text node, handed over in parts
            self.texts[-1] = (self.texts[-1][0] + data, self.texts[-1][1])
        else:
            self.texts.append((data, tuple(self.stack)))
        self.joined = True

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs, _ in self.elements if tag == name]

    def text_in(self, name: str) -> list[str]:
        return [text for text, stack in self.texts if name in stack]

    def ids(self) -> list[str]:
        return [str(attrs["id"]) for _, attrs, _ in self.elements if "id" in attrs]


@pytest.fixture(scope="module")
def page_text() -> str:
    return to_html(all_blocks())


@pytest.fixture(scope="module")
def page(page_text) -> Page:
    return Page(page_text)


def element_text(text: str, tag: str, attr: str, value: str) -> list[str]:
    """The text (markup removed) of each element ``tag`` whose ``attr`` contains ``value``."""
    found = []
    pattern = re.compile(
        rf"<{tag}\b[^>]*\b{attr}=\"[^\"]*\b{re.escape(value)}\b[^\"]*\"[^>]*>(.*?)</{tag}>", re.S
    )
    for match in pattern.finditer(text):
        inner = Page(match.group(1))
        found.append("".join(t for t, _ in inner.texts))
    return found


def test_a_german_page_with_title_mark_and_viewport(page, page_text, tmp_path):
    from ksm_cli.outputs import written_by_ksm

    assert page.decl == ["DOCTYPE html"]
    assert page.tags("html") == [{"lang": "de"}]
    assert {"charset": "utf-8"} in page.tags("meta")
    assert any(m.get("name") == "viewport" for m in page.tags("meta"))
    assert any(
        m.get("name") == "generator" and str(m.get("content")).startswith("ksm") for m in page.tags("meta")
    )
    assert [t for t, stack in page.texts if stack[-2:] == ("head", "title")] == [TITLE]
    path = tmp_path / "bericht.html"
    path.write_text(page_text, encoding="utf-8")
    assert written_by_ksm(path)
    assert to_html([Para("ohne Titel")]).count("<title>Dokument</title>") == 1


def test_nothing_runs_and_nothing_loads(page, page_text):
    assert "<script" not in page_text.lower()
    assert page.tags("script") == [] and page.tags("img") == [] and page.tags("iframe") == []
    for tag, attrs, _ in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "action", "formaction", "background"), (tag, name)
            if name in ("href", "xlink:href"):
                assert str(value).startswith("#"), (tag, value)
            if name in ("marker-end", "fill", "stroke", "style") and "url(" in str(value):
                assert re.fullmatch(r"url\(#[a-z0-9-]+\)", str(value)), (tag, value)
    style = "".join(page.text_in("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    csp = [m for m in page.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in str(csp[0]["content"])


def test_hostile_text_is_text_everywhere(page, page_text):
    texts = [text for text, _ in page.texts]
    assert HOSTILE in texts  # a list item, a cell, a tree label: the whole text node
    assert sum(HOSTILE in text for text in texts) >= 10
    assert TITLE in page.text_in("h1") and TITLE in page.text_in("title")
    # the drawing's texts stay text in the SVG, its control character made visible
    svg_texts = page.text_in("text")
    assert "Ja </text><script>alert(1)</script>" in svg_texts
    assert "Nein\\x1b[31m" in svg_texts and HOSTILE in svg_texts
    assert "\x1b" not in page_text
    assert "&lt;b&gt;fett&lt;/b&gt;" in page_text and "<b>" not in page_text


def test_only_the_document_part_is_shown(page_text):
    for screen_only in ("NUR-AUF-DEM-BILDSCHIRM", "NUR-FUER-TEXT", "NUR-GESTAPELT"):
        assert screen_only not in page_text
    assert "NUR-IM-DOKUMENT" in page_text


def test_heading_levels_and_unique_ids(page):
    levels = [(tag, text) for text, stack in page.texts for tag in stack[-1:] if re.fullmatch(r"h[1-6]", tag)]
    assert levels == [
        ("h1", TITLE),
        ("h2", "Inhalt"),
        ("h2", "Kurzfassung"),
        ("h2", "Details"),
        ("h3", "Antworten und Gründe"),
        ("h4", "Tiefer"),
        ("h5", "Noch tiefer"),
        ("h3", "Kosten"),
        ("h2", "Kurzfassung"),
        ("h2", "Anmerkungen und Quellen"),
    ]
    ids = page.ids()
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
    section_ids = [
        str(a["id"]) for tag, a, _ in page.elements if tag in ("h2", "h3", "h4", "h5") and "id" in a
    ]
    assert "kurzfassung" in section_ids and "kurzfassung-2" in section_ids
    assert "antworten-und-gruende" in section_ids


def test_contents_links_every_section_down_to_its_depth(page):
    links = [
        (a["href"], stack.count("ul")) for tag, a, stack in page.elements if tag == "a" and "nav" in stack
    ]
    assert links == [
        ("#kurzfassung", 1),
        ("#details", 1),
        ("#antworten-und-gruende", 2),
        ("#kosten", 2),
        ("#kurzfassung-2", 1),
        ("#anmerkungen", 1),
    ]


def test_every_link_has_its_target(page):
    ids = set(page.ids())
    for _tag, attrs, _ in page.elements:
        if "href" in attrs:
            assert str(attrs["href"])[1:] in ids, attrs["href"]
        for name in ("aria-labelledby", "aria-describedby"):
            if name in attrs:
                assert all(part in ids for part in str(attrs[name]).split()), attrs


def test_endnotes_numbered_in_order_of_use_and_deduplicated(page, page_text):
    refs = [
        (a["href"], a["id"]) for tag, a, _ in page.elements if tag == "a" and a.get("role") == "doc-noteref"
    ]
    assert [href for href, _ in refs] == [
        "#anm-1",  # Kurzfassung, SOURCE_A
        "#anm-1",  # the first bullet
        "#anm-2",  # Numbered, SOURCE_B
        "#anm-1",  # the quote
        "#anm-2",  # the note
        "#anm-1",  # Fields
        "#anm-2",  # a bar's text
    ]
    assert [i for _, i in refs] == [
        "ref-1-1",
        "ref-1-2",
        "ref-2-1",
        "ref-1-3",
        "ref-2-2",
        "ref-1-4",
        "ref-2-3",
    ]
    # each reference is a superscript number
    marks = [text for text, stack in page.texts if stack[-2:] == ("sup", "a")]
    assert marks == ["1", "1", "2", "1", "2", "1", "2"]
    notes = [a.get("id") for tag, a, _ in page.elements if tag == "li" and str(a.get("id")).startswith("anm")]
    assert notes == ["anm-1", "anm-2"]
    note_texts = [t for t, stack in page.texts if stack[-1:] == ("li",) and "ol" in stack][-2:]
    assert note_texts == [SOURCE_A, SOURCE_B]
    backs = [a["href"] for tag, a, _ in page.elements if tag == "a" and a.get("role") == "doc-backlink"]
    assert backs == ["#ref-1-1", "#ref-1-2", "#ref-1-3", "#ref-1-4", "#ref-2-1", "#ref-2-2", "#ref-2-3"]
    letters = [t for t, stack in page.texts if stack[-2:] == ("span", "a") and "ol" in stack]
    assert letters == ["a", "b", "c", "d", "a", "b", "c"]
    single = Page(to_html([Para(Cited("x", "Quelle"))]))
    assert [a["href"] for a in single.tags("a") if a.get("role") == "doc-backlink"] == ["#ref-1-1"]
    # a source appears in the text only in its note: "text (source)" is for screens
    assert page_text.count(SOURCE_A) == 1
    assert "Empfohlen wird Modell V 9." in [t for t, _ in page.texts]


def test_tables_have_header_rows_captions_and_highlights(page, page_text):
    for th in page.tags("th"):
        assert th.get("scope") in ("col", "row")
    heads = [text for text, stack in page.texts if "thead" in stack]
    assert heads == ["Angabe", "Wert", "Jahr", "Anteil", "Betrag"]
    assert page.text_in("caption") == [f"Folgelasten {HOSTILE}"]
    rows = [attrs for tag, attrs, stack in page.elements if tag == "tr" and "tbody" in stack]
    assert [r.get("class") for r in rows] == [None, None, None, None, "hervorgehoben", None]
    assert re.search(r"tr\.hervorgehoben td[^{]*\{[^}]*font-weight: 700", page_text)
    cells = [text for text, stack in page.texts if "td" in stack]
    assert "50 %" in cells and "20 %" in cells  # a bar shows its text
    assert not any("█" in c for c in cells)
    blanks = [t for t, stack in page.texts if "span" in stack and "td" in stack]
    assert blanks == ["[bitte ergänzen: Produkt im Haushalt]", "[bitte ergänzen: Deckung]"]
    assert element_text(page_text, "span", "class", "luecke") == blanks
    assert re.search(r"\.luecke \{[^}]*dashed", page_text)


def test_figures_are_numbered_with_accessible_pictures(page, page_text):
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page_text, re.S)
    shown = ["".join(t for t, _ in Page(c).texts) for c in captions]
    assert shown == [
        f"Abbildung 1: Entscheidungspfad {HOSTILE}",
        "Abbildung 2: Zeitleiste\\x1b[2J",
        "Abbildung 3: Ablauf als Diagramm",
    ]
    svgs = page.tags("svg")
    assert [svg["role"] for svg in svgs] == ["img", "img"]
    assert [svg["aria-labelledby"] for svg in svgs] == ["abb1-t abb1-d", "abb2-t abb2-d"]
    titles = [t for t, stack in page.texts if stack[-2:] == ("svg", "title")]
    assert titles == [f"Entscheidungspfad {HOSTILE}", "Zeitleiste\\x1b[2J"]
    assert page.text_in("desc") == [f"Kästchen und Pfeile; {HOSTILE} am Ende", "Balken\\u202eje Jahr"]
    # every id in the pictures is the figure's own (two SVGs in one page never share an id)
    ids = [a["id"] for tag, a, _ in page.elements if "id" in a and tag in ("title", "desc", "marker")]
    assert ids == ["abb1-t", "abb1-d", "abb2-t", "abb2-d"]
    # a Mermaid diagram: its alternative text stands in the figure, there is no picture
    assert [t for t, stack in page.texts if "figure" in stack and stack[-1] == "p"] == [
        "Von A führt ein Pfeil zu B."
    ]
    figures = [a["id"] for tag, a, _ in page.elements if tag == "figure"]
    assert figures == ["abbildung-1", "abbildung-2", "abbildung-3"]


def test_paragraph_styles_lists_checklist_and_tree(page, page_text):
    paras = {text: stack for text, stack in page.texts}
    labelled = re.findall(
        r'<p class="(\w+)"><strong>([^<]*)</strong> ([^<]*)(?:<sup>.*?</sup>)?</p>', page_text
    )
    assert ("hinweis", "Hinweis:", "Bitte prüfen") in labelled
    assert ("achtung", "Achtung:", "Frist läuft ab") in labelled
    assert ("ergaenzen", "Bitte ergänzen:", "Sitzungstermin des Rates") in labelled
    assert ("hinweis", "Hinweis:", "Ein Hinweis mit Quelle.") in labelled
    assert ("achtung", "Achtung:", "Eine Warnung.") in labelled
    assert '<p class="leise">Leise Zeile</p>' in page_text and '<p class="stark">Wichtig</p>' in page_text
    assert re.search(r"\.ergaenzen \{[^}]*dashed", page_text)
    assert paras["Das sagt die Quelle selbst."][-1] == "blockquote"
    assert "Zeile eins\nZeile zwei" in paras  # a newline is kept as text, shown by pre-line
    assert paras["Schritt eins"][-2:] == ("ol", "li") and paras["Vorteil drei"][-2:] == ("ul", "li")
    checks = re.findall(r'<span class="kaestchen">(.)</span>', page_text)
    assert checks == ["☒", "☐"]
    assert "<strong>Rat:</strong> Termin anfragen" in page_text
    assert paras["Antwort ja"].count("ul") == 3 and paras["Antwort ja"][-1] == "strong"
    assert paras[HOSTILE] is not None


def test_page_breaks_and_print_rules(page, page_text):
    breaks = [(tag, a) for tag, a, _ in page.elements if "neue-seite" in str(a.get("class"))]
    assert [tag for tag, _ in breaks] == ["section", "section"]
    assert re.search(r"@media print \{.*\.neue-seite \{ break-before: page; \}", page_text, re.S)
    assert "@page { size: A4; margin: 2cm 2.5cm; }" in page_text
    assert "thead { display: table-header-group; }" in page_text
    assert re.search(r"h1, h2, h3, h4, h5, h6, caption \{ break-after: avoid", page_text)
    # the break before the contents is kept, too
    nav = Page(to_html([Heading("T"), PageBreak(), Contents(), Section("A", [])]))
    assert nav.tags("nav")[0]["class"] == "inhalt neue-seite"


def test_a_section_cannot_take_an_id_the_page_makes_itself():
    blocks = [
        Heading("Dokumenttitel"),
        Contents(),
        Section("Anm 1", [Para(Cited("Text", "Quelle"))]),
        Section("Ref 1 1", []),
        Section("Inhalt", []),
        Section("Anmerkungen", []),
        Section("Abb1 t", [Figure(Chart(drawing), "Bild", "Kästchen")]),
        Section("Abbildung 1", []),
        Section("Ä Ö Ü ß", []),
        Section("🙂", []),
        Section("🙂", []),
    ]
    page = Page(to_html(blocks))
    ids = page.ids()
    assert len(ids) == len(set(ids)), ids
    sections = [str(a["id"]) for tag, a, stack in page.elements if tag == "h2" and "nav" not in stack]
    assert sections == [
        "abschnitt-anm-1",
        "abschnitt-ref-1-1",
        "abschnitt-inhalt",
        "abschnitt-anmerkungen",
        "abschnitt-abb1-t",
        "abschnitt-abbildung-1",
        "ae-oe-ue-ss",
        "abschnitt",
        "abschnitt-2",
        "anmerkungen",
    ]
    assert [a.get("id") for tag, a, _ in page.elements if tag == "figure"] == ["abbildung-1"]


def test_a_picture_outside_a_figure_is_refused():
    with pytest.raises(TypeError):
        to_html([Chart(drawing)])


def structure(document: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(tag, tuple(sorted(attrs))) for tag, attrs, _ in Page(document).elements]


def small(text: str) -> list:
    def picture() -> Drawing:
        d = Drawing(100, 20)
        d.text(0, 10, text)
        return d

    return [
        Heading("Bericht"),
        Section(
            text,
            [
                Para(text),
                Table(["Spalte"], [[text]], title=text),
                Bullets([text]),
                Figure(Chart(picture), f"Bild {text}", f"Alt {text}"),
            ],
        ),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_text_stays_text(text):
    """Text in a heading, a paragraph, a cell, a caption, a list item, a figure and its SVG:
    the page has the elements and attributes of the same page with a plain word, and its text
    nodes are the text, its controls made visible."""
    document = to_html(small(text))
    page = Page(document)
    assert structure(document) == structure(to_html(small("Text")))
    expected = clean(text)
    for tag in ("h2", "p", "td", "caption", "li", "text"):
        shown = ["".join(t for t, stack in page.texts if stack and stack[-1] == tag and "nav" not in stack)]
        assert shown == [expected], tag
    assert [t for t, stack in page.texts if stack[-1:] == ("figcaption",)] == [f" Bild {expected}"]
    assert [t for t, stack in page.texts if stack[-2:] == ("svg", "title")] == [f"Bild {expected}"]
    assert page.text_in("desc") == [f"Alt {expected}"]
    ids = page.ids()
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert "\x00" not in document and "\x1b" not in document
