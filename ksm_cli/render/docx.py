"""The Word backend of the document model (``to_docx``), and the walk over the blocks that it
shares with the ODF backend (``render.odt``), so that both formats show the same document.

``prepare`` turns the blocks into a flat list of parts (title, headings, paragraphs, lists,
tables, figures, the table of contents, page breaks) with every text already cleaned, the
endnotes numbered in order of first use (the same source, the same number) and the figures
numbered. The two writers only draw those parts: neither decides what the document says.

python-docx is imported inside ``to_docx`` only: ``render.odt`` imports ``prepare`` from here
without loading it, and no command's read path loads this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ksm_cli.render.document import (
    DOCUMENT,
    NOTES_TITLE,
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

if TYPE_CHECKING:
    from ksm_cli.render.document import Block

PREFIXES = {"warn": "Achtung: ", "note": "Hinweis: ", "fill": "Bitte ergänzen: "}
FONT = "Arial"  # on every Windows PC; LibreOffice shows Liberation Sans, of the same widths
TEXT_WIDTH_CM = 16.0  # A4, 2.5 cm margins left and right
MAX_PICTURE_HEIGHT_CM = 20.0

# What XML 1.0 cannot hold and clean() leaves: the non-characters U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# A run of text: (text, kind) with kind "" (as the paragraph), "b" bold, "i" italic, "blank" (a
# field to complete: highlighted), "ref" (an endnote's number, superscript).
Run = tuple[str, str]


def text(value: object) -> str:
    """Text for an office document: control and invisible characters made visible (``clean``),
    and nothing left that XML cannot hold."""
    shown = clean(value)
    if _XML_ILLEGAL.search(shown):
        shown = _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)
    return shown


def one_line(value: object) -> str:
    return " ".join(text(value).split())


class Prepared:
    """The document as the writers draw it: ``parts`` in order (tuples, the kind first)."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.parts: list[tuple[Any, ...]] = []
        self.notes: list[str] = []
        self._numbers: dict[str, int] = {}
        self.headings: list[tuple[int, str, str]] = []
        self.figures = 0
        self._contents: list[tuple[str, int, list[tuple[int, str, str]]]] = []

    def heading(self, level: int, title: str) -> None:
        """A heading, with the bookmark that the table of contents refers to for its page."""
        anchor = f"_Toc{100001 + len(self.headings)}"
        self.headings.append((level, title, anchor))
        self.parts.append(("heading", level, title, anchor))

    def note(self, source: str) -> int:
        shown = text(source)
        if shown not in self._numbers:
            self.notes.append(shown)
            self._numbers[shown] = len(self.notes)
        return self._numbers[shown]

    def runs(self, value: object, kind: str = "") -> list[Run]:
        if isinstance(value, Blank):
            return [(text(value), "blank")]
        if isinstance(value, Bar):
            return [(text(value.text), kind)]
        if isinstance(value, Cited) and value.source:
            return [(text(value.text), kind), (str(self.note(value.source)), "ref")]
        return [(text(value), kind)]


CHAR_CM = 0.2  # the width of a character of the table font, a little generous (bold, umlauts)
CELL_PAD_CM = 0.45  # the cell's padding and border
MAX_WORD_CM = 5.0  # a longer word (a URL) may break


TITLE_LIMIT = 255  # characters Word (and python-docx) allow in a document property


def short_title(title: str) -> str:
    """The title for the document's properties: Word allows 255 characters there (a Kommune's name
    may have 200); the heading on the page keeps the whole title."""
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


def _widths(rows: list[list[list[Run]]]) -> list[float]:
    """Column widths in cm over the text width: each column at least as wide as its longest word
    (so that "überfällig" or a date never breaks inside), the rest shared after the longest text
    of each column."""
    count = max((len(row) for row in rows), default=0)
    least, wanted = [], []
    for index in range(count):
        longest, word = 1, 1
        for row in rows:
            if index < len(row):
                cell = "".join(t for t, _ in row[index])
                longest = max(longest, len(cell))
                word = max(word, max((len(w) for w in cell.split()), default=1))
        least.append(min(word * CHAR_CM, MAX_WORD_CM) + CELL_PAD_CM)
        wanted.append(max(least[-1], min(longest, 60) * CHAR_CM + CELL_PAD_CM))
    if not count:
        return []
    if sum(wanted) <= TEXT_WIDTH_CM:
        return [TEXT_WIDTH_CM * w / sum(wanted) for w in wanted]
    if sum(least) >= TEXT_WIDTH_CM:
        return [TEXT_WIDTH_CM * w / sum(least) for w in least]
    spare = TEXT_WIDTH_CM - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / (sum(extra) or 1) for m, e in zip(least, extra, strict=True)]


def _tree_lines(tree: Tree, depth: int, prepared: Prepared, out: list[tuple[int, bool, list[Run]]]) -> None:
    path = tree.style == "path"
    out.append((depth, path, [("» " if path else "", "b"), *prepared.runs(tree.label, "b" if path else "")]))
    for child in tree.children:
        _tree_lines(child, depth + 1, prepared, out)


def _picture(figure: Any) -> tuple[bytes | None, float, float]:
    """The PNG of a figure's picture and its size in cm, or None where nothing can be drawn."""
    from ksm_cli.render.figures import Chart, Image

    picture = figure.picture
    if isinstance(picture, Chart):
        from ksm_cli.render.drawing import size_cm, to_png

        drawing = picture.drawing()
        width, height = size_cm(drawing)
        png = to_png(drawing, 200)
    elif isinstance(picture, Image):
        from pathlib import Path

        path = Path(picture.path)
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg") or not path.is_file():
            return None, 0.0, 0.0
        try:
            from PIL import Image as PILImage

            png = path.read_bytes()
            import io

            with PILImage.open(io.BytesIO(png)) as image:
                dpi = image.info.get("dpi", (96, 96))[0] or 96
                width, height = image.width / dpi * 2.54, image.height / dpi * 2.54
        except (OSError, ValueError):
            return None, 0.0, 0.0
    else:
        return None, 0.0, 0.0
    scale = min(
        1.0, TEXT_WIDTH_CM / width if width else 1.0, MAX_PICTURE_HEIGHT_CM / height if height else 1.0
    )
    return png, width * scale, height * scale


def _walk(blocks: list[Block], level: int, prepared: Prepared) -> None:
    from ksm_cli.render.figures import Chart, Diagram, Figure, Image

    parts = prepared.parts
    for block in blocks:
        if isinstance(block, Only):
            if block.target == DOCUMENT:
                _walk(block.content(), level, prepared)
        elif isinstance(block, Heading):
            title = one_line(block.text)
            if prepared.title is None:
                prepared.title = title
            if level == 0:
                parts.append(("title", title, text(block.subtitle) if block.subtitle else None))
            else:
                prepared.heading(level, title)
                if block.subtitle:
                    parts.append(("para", "muted", [(text(block.subtitle), "")]))
        elif isinstance(block, Section):
            prepared.heading(min(9, level + 1), one_line(block.title))
            _walk(block.blocks, level + 1, prepared)
        elif isinstance(block, PageBreak):
            parts.append(("pagebreak",))
        elif isinstance(block, Contents):
            entries: list[tuple[int, str, str]] = []
            depth = max(1, min(9, block.depth))
            prepared._contents.append((one_line(block.title), depth, entries))
            parts.append(("contents", one_line(block.title), depth, entries))
        elif isinstance(block, Para):
            prefix = PREFIXES.get(block.style or "")
            runs = [(prefix, "b")] if prefix else []
            parts.append(("para", block.style, runs + prepared.runs(block.text)))
        elif isinstance(block, Note):
            prefix = PREFIXES.get(block.style) if block.style != "fill" else None
            runs = [(prefix, "b")] if prefix else []
            runs += prepared.runs(block.text)
            if block.source:
                runs.append((str(prepared.note(block.source)), "ref"))
            parts.append(("para", "quote" if block.style == "quote" else block.style, runs))
        elif isinstance(block, Fields):
            header = [[(text(c), "")] for c in block.columns]
            rows = [[prepared.runs(key), prepared.runs(value)] for key, value in block.rows]
            parts.append(("table", None, header, rows, set(), _widths([header, *rows])))
        elif isinstance(block, Bullets):
            parts.append(("bullets", [prepared.runs(item) for item in block.items]))
        elif isinstance(block, Numbered):
            parts.append(("numbered", [prepared.runs(item) for item in block.items]))
        elif isinstance(block, Checklist):
            items = []
            for index, (label, item) in enumerate(block.items):
                runs = [("☒ " if index in block.checked else "☐ ", "")]
                if label:
                    runs += [*prepared.runs(label, "b"), (": ", "b")]
                items.append((index in block.checked, runs + prepared.runs(item)))
            parts.append(("checklist", items))
        elif isinstance(block, Table):
            header = [[(text(c), "")] for c in block.columns]
            rows = [[prepared.runs(cell) for cell in row] for row in block.rows]
            table_title = one_line(block.title) if block.title else None
            parts.append(("table", table_title, header, rows, set(block.highlight), _widths([header, *rows])))
        elif isinstance(block, Tree):
            lines: list[tuple[int, bool, list[Run]]] = []
            _tree_lines(block, 0, prepared, lines)
            parts.append(("tree", lines))
        elif isinstance(block, Figure):
            prepared.figures += 1
            png, width, height = _picture(block)
            caption = [(f"Abbildung {prepared.figures}: ", "b"), *prepared.runs(block.caption)]
            parts.append(("figure", prepared.figures, caption, text(block.alt), png, width, height))
        elif isinstance(block, Diagram | Chart | Image):
            raise TypeError("a picture belongs in a Figure, with a caption and an alternative text")
        else:
            raise TypeError(f"unknown block {block!r}")


def prepare(blocks: list[Block]) -> Prepared:
    """The parts of the document, its endnotes at the end, the tables of contents filled."""
    prepared = Prepared()
    _walk(blocks, 0, prepared)
    if prepared.notes:
        prepared.heading(1, NOTES_TITLE)
        prepared.parts.append(("endnotes", list(prepared.notes)))
    for _title, depth, entries in prepared._contents:
        entries.extend(heading for heading in prepared.headings if heading[0] <= depth)
    return prepared


# --- Word -------------------------------------------------------------------------------------

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def runs_xml(runs: list[Run], base: str = "") -> str:
    """WordprocessingML runs (``w:r``) of the runs, built as text: python-docx's run objects
    took most of the time of a long document. Tabs and line breaks become ``w:tab``/``w:br``."""
    out = []
    for shown, kind in runs:
        if not shown:
            continue
        if kind == "ref":
            props = '<w:vertAlign w:val="superscript"/>'
        else:
            bold = kind in ("b", "blank") or base == "b"
            italic = kind == "i" or base == "i"
            props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
            if base == "muted":
                props += f'<w:color w:val="{MUTED_COLOUR}"/><w:sz w:val="18"/><w:szCs w:val="18"/>'
            if kind == "blank":
                props += '<w:highlight w:val="yellow"/>'
        body = []
        for piece in re.split("([\t\n])", shown.translate(_XML_ESCAPES)):
            if piece == "\t":
                body.append("<w:tab/>")
            elif piece == "\n":
                body.append("<w:br/>")
            elif piece:
                body.append(f'<w:t xml:space="preserve">{piece}</w:t>')
        out.append(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(body)}</w:r>")
    return "".join(out)


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{generator}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
HEADING_SIZES = {1: 16, 2: 13, 3: 11.5}
HEADING_COLOUR = "1F3A5F"
MUTED_COLOUR = "595959"


class _Word:
    def __init__(self, prepared: Prepared) -> None:
        import docx
        from docx.enum.text import WD_BREAK
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        self.Cm, self.Pt, self.RGBColor, self.qn, self.E = Cm, Pt, RGBColor, qn, OxmlElement
        self.WD_BREAK = WD_BREAK
        self.prepared = prepared
        self.doc = docx.Document()
        self.body = self.doc
        self.page_break = False
        self._ids: dict[str, str] = {}
        self._bookmarks = 0
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls
        from docx.text.paragraph import Paragraph

        self.Paragraph, self.parse, self.W_NS = Paragraph, parse_xml, nsdecls("w")
        self.container = self.doc._body
        self.section_properties = self.doc.element.body.find(qn("w:sectPr"))
        self._setup()

    # -- set-up: styles, page, footer, properties
    def _setup(self) -> None:
        doc, qn, Pt, Cm = self.doc, self.qn, self.Pt, self.Cm
        styles_element = doc.styles.element
        defaults = styles_element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        for name in list(fonts.attrib):
            del fonts.attrib[name]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        lang = rpr.find(qn("w:lang"))
        lang.set(qn("w:val"), "de-DE")
        lang.set(qn("w:eastAsia"), "de-DE")
        for element in styles_element.iter(qn("w:rFonts")):
            if element is not fonts and any("Theme" in k or "theme" in k for k in element.attrib):
                element.getparent().remove(element)
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        for level in range(1, 10):
            style = styles[f"Heading {level}"]
            style.font.size = Pt(HEADING_SIZES.get(level, 11))
            style.font.color.rgb = self.RGBColor.from_string(HEADING_COLOUR)
            style.font.bold = True
            style.font.italic = False
            style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.font.size, title.font.bold = Pt(24), True
        title.font.color.rgb = self.RGBColor.from_string(HEADING_COLOUR)
        for name in ("Title", "Subtitle"):  # the template's letter spacing and kerning: none
            rpr_style = styles[name].element.find(qn("w:rPr"))
            for tag in ("w:spacing", "w:kern"):
                for element in rpr_style.findall(qn(tag)) if rpr_style is not None else []:
                    rpr_style.remove(element)
        subtitle = styles["Subtitle"]
        subtitle.font.size, subtitle.font.italic = Pt(13), False
        subtitle.font.color.rgb = self.RGBColor.from_string(MUTED_COLOUR)
        caption = styles["Caption"]
        caption.font.size, caption.font.bold = Pt(9.5), False
        caption.font.color.rgb = self.RGBColor.from_string("000000")
        caption.paragraph_format.space_after = Pt(12)
        quote = styles["Quote"]
        quote.paragraph_format.left_indent = Cm(1)
        quote.paragraph_format.right_indent = Cm(1)
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

        self.cell_style = styles.add_style("Tabelleninhalt", WD_STYLE_TYPE.PARAGRAPH)
        self.cell_style.base_style = normal
        self.cell_style.paragraph_format.space_after = Pt(0)
        self.cell_style.paragraph_format.line_spacing = 1.0
        self.toc_styles = {}
        for level in range(1, 10):
            name = f"TOC {level}"
            try:
                style = styles[name]
            except KeyError:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = normal
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
            style.paragraph_format.tab_stops.add_tab_stop(
                Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            self.toc_styles[level] = style
        toc_heading = styles["TOC Heading"]
        toc_heading.font.size = Pt(16)
        self.list_bullet, self.list_number = styles["List Bullet"], styles["List Number"]
        footer_style = styles["Footer"]
        footer_style.font.size = Pt(9)

        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.footer_distance = Cm(1.2)
        footer = section.footer.paragraphs[0]
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Seite ")
        self._field(footer, "PAGE", "1")
        footer.add_run(" von ")
        self._field(footer, "NUMPAGES", "1")

        settings = doc.settings.element
        update = self.E("w:updateFields")  # Word fills in the page numbers of the contents
        update.set(qn("w:val"), "true")
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(update)  # the place the schema gives it
        else:
            settings.append(update)
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), "de-DE")

        from datetime import UTC, datetime

        from ksm_cli.outputs import GENERATOR

        core = doc.core_properties
        core.title = short_title(self.prepared.title or "")
        core.language = "de-DE"
        core.author = core.comments = core.last_modified_by = core.subject = ""
        core.keywords = core.category = ""
        core.revision = 1
        core.created = core.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        package = doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[rid]
        for part in package.iter_parts():
            if str(part.partname) == "/docProps/app.xml":
                part._blob = _APP_XML.format(generator=GENERATOR).encode("utf-8")

    def _field(self, paragraph: Any, instruction: str, shown: str) -> None:
        self._fldchar(paragraph, "begin")
        run = paragraph.add_run()
        instr = self.E("w:instrText")
        instr.set(self.qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run._r.append(instr)
        self._fldchar(paragraph, "separate")
        paragraph.add_run(shown)
        self._fldchar(paragraph, "end")

    def _fldchar(self, paragraph: Any, kind: str) -> None:
        run = paragraph.add_run()
        char = self.E("w:fldChar")
        char.set(self.qn("w:fldCharType"), kind)
        run._r.append(char)

    def _style_id(self, style: Any) -> str:
        if not isinstance(style, str):
            return str(style.style_id)
        if style not in self._ids:
            self._ids[style] = self.doc.styles[style].style_id
        return self._ids[style]

    # -- the parts
    def paragraph(self, style: Any = None) -> Any:
        """A new paragraph at the end (python-docx's add_paragraph and its style setter search
        every style on each call: a long document took a second)."""
        element = self.E("w:p")
        self.section_properties.addprevious(element)
        if style is not None:
            element.style = self._style_id(style)
        paragraph = self.Paragraph(element, self.container)
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False
        return paragraph

    def add_runs(self, paragraph: Any, runs: list[Run], base: str = "") -> None:
        xml = runs_xml(runs, base)
        if xml:
            element = paragraph._p
            element.extend(self.parse(f"<w:p {self.W_NS}>{xml}</w:p>"))

    def para(self, style: str | None, runs: list[Run]) -> None:
        if style == "quote":
            paragraph = self.paragraph("Quote")
            self.add_runs(paragraph, runs, "i")
            return
        paragraph = self.paragraph()
        if style == "fill":
            self._box(paragraph)
        self.add_runs(paragraph, runs, {"strong": "b", "muted": "muted"}.get(style or "", ""))

    def _box(self, paragraph: Any) -> None:
        qn, E = self.qn, self.E
        ppr = paragraph._p.get_or_add_pPr()
        borders = E("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            border = E(f"w:{side}")
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), "8")
            border.set(qn("w:space"), "4")
            border.set(qn("w:color"), "000000")
            borders.append(border)
        ppr.append(borders)
        shading = E("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "FFF8DC")
        ppr.append(shading)
        paragraph.paragraph_format.left_indent = self.Cm(0.15)
        paragraph.paragraph_format.right_indent = self.Cm(0.15)
        paragraph.paragraph_format.space_before = self.Pt(6)
        paragraph.paragraph_format.space_after = self.Pt(10)

    def heading(self, level: int, title: str, anchor: str) -> None:
        paragraph = self.paragraph(f"Heading {level}")
        self._bookmarks += 1
        number = self._bookmarks
        xml = (
            f'<w:bookmarkStart w:id="{number}" w:name="{anchor}"/>'
            f'{runs_xml([(title, "")])}<w:bookmarkEnd w:id="{number}"/>'
        )
        paragraph._p.extend(self.parse(f"<w:p {self.W_NS}>{xml}</w:p>"))

    def title(self, title: str, subtitle: str | None) -> None:
        paragraph = self.paragraph("Title")
        paragraph.add_run(title)
        if subtitle:
            self.paragraph("Subtitle").add_run(subtitle)

    def bullets(self, items: list[list[Run]]) -> None:
        for runs in items:
            self.add_runs(self.paragraph(self.list_bullet), runs)

    def numbered(self, items: list[list[Run]]) -> None:
        qn, E = self.qn, self.E
        numbering = self.doc.part.numbering_part.element
        style_num = self.list_number.element.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId"))
        base = style_num.get(qn("w:val"))
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == base:
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        ids = [int(num.get(qn("w:numId"))) for num in numbering.findall(qn("w:num"))]
        new_id = str(max(ids, default=0) + 1)
        num = E("w:num")
        num.set(qn("w:numId"), new_id)
        abstract_id = E("w:abstractNumId")
        abstract_id.set(qn("w:val"), abstract or "0")
        num.append(abstract_id)
        override = E("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = E("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        numbering.append(num)
        for runs in items:
            paragraph = self.paragraph(self.list_number)
            ppr = paragraph._p.get_or_add_pPr()
            numpr = E("w:numPr")
            ilvl = E("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            numid = E("w:numId")
            numid.set(qn("w:val"), new_id)
            numpr.append(ilvl)
            numpr.append(numid)
            ppr.append(numpr)
            self.add_runs(paragraph, runs)

    def checklist(self, items: list[tuple[bool, list[Run]]]) -> None:
        for _checked, runs in items:
            paragraph = self.paragraph()
            paragraph.paragraph_format.left_indent = self.Cm(0.6)
            paragraph.paragraph_format.first_line_indent = self.Cm(-0.6)
            paragraph.paragraph_format.space_after = self.Pt(3)
            self.add_runs(paragraph, runs)

    def tree(self, lines: list[tuple[int, bool, list[Run]]]) -> None:
        for index, (depth, _path, runs) in enumerate(lines):
            paragraph = self.paragraph()
            paragraph.paragraph_format.left_indent = self.Cm(0.6 * depth)
            paragraph.paragraph_format.space_after = self.Pt(2)
            paragraph.paragraph_format.keep_with_next = index < len(lines) - 1  # one tree, one page
            self.add_runs(paragraph, [("– " if depth else "", ""), *runs])

    def table(
        self,
        title: str | None,
        header: list[list[Run]],
        rows: list[list[list[Run]]],
        highlight: set[int],
        widths: list[float],
    ) -> None:
        if title:
            caption = self.paragraph()
            caption.paragraph_format.keep_with_next = True
            caption.paragraph_format.space_before = self.Pt(6)
            caption.add_run(title).bold = True
        elif self.page_break:
            self.paragraph()  # carries the page break
        if not widths:
            return  # a table without columns has no cells to show
        twips = [round(cm * 567) for cm in widths]
        cell_style = self._style_id(self.cell_style)
        out = [
            f'<w:tbl {self.W_NS}><w:tblPr><w:tblStyle w:val="{self._style_id("Table Grid")}"/>'
            '<w:tblW w:w="5000" w:type="pct"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
            '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
            '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
        ]
        for index, row in enumerate([header, *rows]):
            out.append(
                "<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if index == 0 else "") + "</w:trPr>"
            )
            marked = index == 0 or index - 1 in highlight
            shading = (
                f'<w:shd w:val="clear" w:color="auto" w:fill="{"D9D9D9" if index == 0 else "F2F2F2"}"/>'
                if marked
                else ""
            )
            for column, width in enumerate(twips):
                runs = row[column] if column < len(row) else []
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{cell_style}"/></w:pPr>'
                    f"{runs_xml(runs, 'b' if marked else '')}</w:p></w:tc>"
                )
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.section_properties.addprevious(self.parse("".join(out)))
        after = self.paragraph()
        after.paragraph_format.space_after = self.Pt(4)

    def figure(
        self, number: int, caption: list[Run], alt: str, png: bytes | None, w: float, h: float
    ) -> None:
        if png is None:
            paragraph = self.paragraph()
            paragraph.paragraph_format.keep_with_next = True
            self.add_runs(paragraph, [("Bildbeschreibung: ", "b"), (alt, "")])
        else:
            import io

            paragraph = self.paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = self.Pt(6)
            run = paragraph.add_run()
            run.add_picture(io.BytesIO(png), width=self.Cm(w), height=self.Cm(h))
            for pr in run._r.iter(self.qn("wp:docPr")):
                pr.set("name", f"Abbildung {number}")
                pr.set("descr", alt)
                pr.set("title", "".join(t for t, _ in caption))
        self.add_runs(self.paragraph("Caption"), caption)

    def contents(self, title: str, depth: int, entries: list[tuple[int, str, str]]) -> None:
        heading = self.paragraph("TOC Heading")
        heading.add_run(title)
        shown = entries or [(1, "", "")]
        for index, (level, entry, anchor) in enumerate(shown):
            paragraph = self.paragraph(self.toc_styles[level])
            if index == 0:
                self._fldchar(paragraph, "begin")
                run = paragraph.add_run()
                instr = self.E("w:instrText")
                instr.set(self.qn("xml:space"), "preserve")
                instr.text = f' TOC \\o "1-{depth}" \\h \\z \\u '
                run._r.append(instr)
                self._fldchar(paragraph, "separate")
            if anchor:
                # A link to the heading. No page number: the cached result of a field is static
                # text to LibreOffice (a PAGEREF here would show its cached number, not the page),
                # and Word writes the page numbers itself when it updates the fields on opening.
                xml = (
                    f'<w:hyperlink w:anchor="{anchor}" w:history="1">{runs_xml([(entry, "")])}</w:hyperlink>'
                )
                paragraph._p.extend(self.parse(f"<w:p {self.W_NS}>{xml}</w:p>"))
            if index == len(shown) - 1:
                self._fldchar(paragraph, "end")

    def endnotes(self, notes: list[str]) -> None:
        for number, note in enumerate(notes, 1):
            paragraph = self.paragraph()
            paragraph.paragraph_format.left_indent = self.Cm(0.8)
            paragraph.paragraph_format.first_line_indent = self.Cm(-0.8)
            paragraph.paragraph_format.space_after = self.Pt(3)
            paragraph.add_run(f"{number}.\t")
            paragraph.add_run(note)

    def pagebreak(self) -> None:
        self.page_break = True

    def finish(self) -> bytes:
        if self.page_break:
            self.page_break = False
            self.paragraph().add_run().add_break(self.WD_BREAK.PAGE)
        import io

        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def draw(prepared: Prepared, writer: Any) -> None:
    """Hand each part to the writer's method of its kind (both backends have the same ones)."""
    for part in prepared.parts:
        getattr(writer, part[0])(*part[1:])


def to_docx(blocks: list[Block]) -> bytes:
    """A Word document (OOXML) of the blocks: real heading styles, a repeated header row in each
    table, "Seite X von Y" in the footer, the endnotes at the end, ksm as the application."""
    prepared = prepare(blocks)
    writer = _Word(prepared)
    draw(prepared, writer)
    return writer.finish()
