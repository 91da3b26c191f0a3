"""The HTML backend of the document model (``to_html``): one self-contained file.

Standard library only. The page loads nothing (no font, script or picture by URL; a chart is
inline SVG), needs no script (a Content-Security-Policy forbids every one as well), is German
(``lang="de"``) and prints on A4 through its print stylesheet: a ``PageBreak`` starts a new page
there, headings stay with what follows, table header rows repeat on every page.

User and data text is literal: every text is ``clean``-ed and escaped, so it can neither close a
tag nor start markup, in text, attributes and the SVG alike. Newlines in a text are kept
(``white-space: pre-line``) instead of being turned into markup, so the text nodes of the page
are the cleaned texts, one for one.

Conventions shared with the DOCX and ODT backends (see ``render.document``): the first
``Heading`` is the title (``<h1>``), a top-level ``Section`` is ``<h2>``, nested ones ``<h3>``…;
``Cited`` text and ``Note.source`` become endnotes, numbered in order of first use, one number
per source text, listed in a last section "Anmerkungen und Quellen"; figures are numbered
"Abbildung N".
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import TYPE_CHECKING

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
from ksm_cli.render.figures import Chart, Diagram, Figure, Image

if TYPE_CHECKING:
    from ksm_cli.render.document import Block, Cell

NOTES_ID = "anmerkungen"
_LABELS = {"warn": "Achtung:", "note": "Hinweis:", "fill": "Bitte ergänzen:"}
_PARA_CLASS = {
    "warn": "achtung",
    "note": "hinweis",
    "fill": "ergaenzen",
    "muted": "leise",
    "strong": "stark",
    "good": "gut",
    "bad": "schlecht",
}
# A table this short is kept on one page in print; a longer one may break (its header repeats).
_SHORT_TABLE = 12

# Ids the page makes itself: a section's slug that looks like one of them gets a prefix.
_RESERVED = re.compile(r"^(?:anm-\d|ref-\d|abb\d|abbildung-\d|anmerkungen$|inhalt$|dokumenttitel$)")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})

STYLE = """
:root { color-scheme: light; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: #fff; color: #1b1b1b;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 1.05rem; line-height: 1.55;
}
main { max-width: 48em; margin: 0 auto; padding: 2.5em 1.25em 4em; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; font-weight: 700; }
h1 { font-size: 1.9em; margin-top: 0; }
h2 { font-size: 1.45em; padding-bottom: 0.15em; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.2em; }
h4, h5, h6 { font-size: 1.05em; }
p, li, td, th, caption, figcaption, h1, h2, h3, h4, h5, h6, blockquote { white-space: pre-line; }
p { margin: 0 0 0.8em; }
.untertitel { font-size: 1.15em; color: #444; margin-top: -0.2em; }
a { color: #0b4f8a; text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
sup { line-height: 0; font-size: 0.75em; }
sup a { padding: 0 0.1em; }
.leise { color: #595959; font-size: 0.9em; }
.stark { font-weight: 700; }
.hinweis, .achtung, .ergaenzen {
  padding: 0.6em 0.85em; margin: 1em 0; border: 1px solid #8a8a8a; border-left-width: 5px;
  border-radius: 3px; background: #f4f7fa;
}
.achtung { border-color: #7a4b00; border-width: 2px 2px 2px 6px; background: #fff6e5; }
.ergaenzen { border: 2px dashed #555; background: #fffbe6; }
.luecke {
  border: 1px dashed #555; background: #fff3b0; padding: 0 0.25em; border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
blockquote { margin: 1em 0 1em 1.5em; padding-left: 0.9em; border-left: 3px solid #c8c8c8; font-style: italic; }
ul, ol { padding-left: 1.6em; margin: 0 0 0.9em; }
li { margin: 0.2em 0; }
ul.checkliste { list-style: none; padding-left: 0.2em; }
ul.checkliste li { position: relative; padding-left: 1.5em; }
ul.checkliste .kaestchen { position: absolute; left: 0; }
ul.baum, ul.baum ul { list-style: none; padding-left: 1.2em; }
ul.baum { padding-left: 0.2em; }
ul.baum ul { border-left: 1px solid #bbb; margin: 0.1em 0 0.1em 0.35em; }
ul.baum li::before { content: "– "; color: #777; }
.pfad { font-weight: 700; }
.tabelle { overflow-x: auto; margin: 1em 0 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
caption { caption-side: top; text-align: left; font-weight: 700; padding-bottom: 0.35em; }
th, td { border: 1px solid #b5b5b5; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #eceff2; border-bottom: 2px solid #777; }
tbody th { font-weight: 600; background: #f7f8f9; }
tr.hervorgehoben td, tr.hervorgehoben th { font-weight: 700; background: #fff3c4; }
figure { margin: 1.4em 0; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure .alternativtext { border: 1px solid #b5b5b5; padding: 0.6em 0.85em; background: #fafafa; }
figcaption { font-size: 0.92em; color: #333; margin-top: 0.5em; }
figcaption .nummer { font-weight: 700; }
nav.inhalt { margin: 1.5em 0 2em; padding: 0.8em 1.1em; border: 1px solid #c8c8c8; border-radius: 3px; }
nav.inhalt h2 { margin-top: 0.2em; border: 0; font-size: 1.2em; }
nav.inhalt ul { list-style: none; padding-left: 1.2em; margin: 0.2em 0; }
nav.inhalt > ul { padding-left: 0; }
section.anmerkungen ol { font-size: 0.92em; }
.zurueck { margin-left: 0.4em; font-size: 0.9em; }
.zurueck a { padding: 0 0.1em; }
@page { size: A4; margin: 2cm 2.5cm; }
@media print {
  body { font-size: 10.5pt; line-height: 1.4; color: #000; }
  main { max-width: none; margin: 0; padding: 0; }
  a, a:hover { color: inherit; text-decoration: none; }
  .zurueck { display: none; }
  .neue-seite { break-before: page; }
  h1, h2, h3, h4, h5, h6, caption { break-after: avoid; break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
  figure, blockquote, .hinweis, .achtung, .ergaenzen, tr, .kurz { break-inside: avoid; }
  thead { display: table-header-group; }
  .tabelle { overflow: visible; }
  nav.inhalt { border: 0; padding: 0; }
  tr.hervorgehoben td, tr.hervorgehoben th { background: #ececec; }
}
"""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    slug = slug or "abschnitt"
    return f"abschnitt-{slug}" if _RESERVED.match(slug) else slug


def _letter(n: int) -> str:
    """a, b, … z, then aa, ab, …: the marks of the places an endnote is used."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _plain(text: object) -> str:
    """The text without its source, cleaned (for a title, a contents entry)."""
    return clean(text.text if isinstance(text, Cited) else text)


class _Page:
    """One rendering pass: the parts of the page, its ids, endnotes and figure numbers."""

    def __init__(self) -> None:
        self.parts: list[str | tuple[Contents, bool]] = []
        self.ids: set[str] = set()
        self.notes: dict[str, int] = {}  # source text -> number
        self.uses: dict[int, int] = {}  # number -> references so far
        self.headings: list[tuple[int, str, str]] = []  # (section depth, id, text)
        self.figures = 0
        self.title: str | None = None
        self.new_page = False

    # -- ids, endnotes ---------------------------------------------------------------------

    def unique(self, base: str) -> str:
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        return ident

    def note(self, source: str) -> str:
        """The reference mark for ``source``: its number, linked to the endnote."""
        text = clean(source)
        number = self.notes.setdefault(text, len(self.notes) + 1)
        self.uses[number] = self.uses.get(number, 0) + 1
        ref = f"ref-{number}-{self.uses[number]}"
        self.ids.add(ref)
        return f'<sup><a href="#anm-{number}" id="{ref}" role="doc-noteref">{number}</a></sup>'

    def inline(self, text: object) -> str:
        """Text escaped; a ``Cited`` text with its endnote mark."""
        if isinstance(text, Cited):
            shown = escape(clean(text.text))
            return shown + self.note(text.source) if text.source else shown
        return escape(clean(text))

    def cell(self, cell: Cell) -> str:
        if isinstance(cell, Blank):
            return f'<span class="luecke">{escape(clean(str(cell)))}</span>'
        if isinstance(cell, Bar):
            return self.inline(cell.text)
        return self.inline(cell)

    # -- blocks ----------------------------------------------------------------------------

    def open(self, tag: str, classes: str = "", attrs: str = "") -> str:
        """A block element's start tag; the first one after a ``PageBreak`` starts a page."""
        if self.new_page:
            classes = f"{classes} neue-seite".strip()
            self.new_page = False
        cls = f' class="{classes}"' if classes else ""
        return f"<{tag}{cls}{attrs}>"

    def emit(self, text: str) -> None:
        self.parts.append(text)

    def blocks(self, blocks: list[Block], depth: int) -> None:
        for block in blocks:
            self.block(block, depth)

    def block(self, block: Block, depth: int) -> None:
        if isinstance(block, Only):
            if block.target == DOCUMENT:
                self.blocks(block.content(), depth)
        elif isinstance(block, Heading):
            self.heading(block, depth)
        elif isinstance(block, PageBreak):
            self.new_page = True
        elif isinstance(block, Contents):
            # filled in at the end, when every heading is known
            self.parts.append((block, self.new_page))
            self.new_page = False
        elif isinstance(block, Para):
            self.para(block)
        elif isinstance(block, Note):
            self.note_block(block)
        elif isinstance(block, Fields):
            self.fields(block)
        elif isinstance(block, Bullets | Numbered):
            tag = "ul" if isinstance(block, Bullets) else "ol"
            muted = isinstance(block, Bullets) and block.style == "muted"
            items = "".join(f"<li>{self.cell(item)}</li>" for item in block.items)
            self.emit(f"{self.open(tag, 'leise' if muted else '')}{items}</{tag}>")
        elif isinstance(block, Checklist):
            self.checklist(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Tree):
            self.emit(self.open("ul", "baum") + self.tree(block) + "</ul>")
        elif isinstance(block, Section):
            self.section(block, depth)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, Diagram | Chart | Image):
            raise TypeError("a picture belongs in a Figure, with a caption and an alternative text")
        else:
            raise TypeError(f"unknown block {block!r}")

    def heading(self, block: Heading, depth: int) -> None:
        level = min(6, depth)
        if self.title is None:
            self.title = _plain(block.text)
            ident = self.unique("dokumenttitel")
        else:
            ident = self.unique(_slug(_plain(block.text)))
        start = self.open(f"h{level}", attrs=f' id="{ident}"')
        self.emit(f"{start}{self.inline(block.text)}</h{level}>")
        if block.subtitle:
            self.emit(f'<p class="untertitel">{self.inline(block.subtitle)}</p>')

    def para(self, block: Para) -> None:
        style = block.style or ""
        text = self.cell(block.text)
        if style in _LABELS:
            text = f"<strong>{_LABELS[style]}</strong> {text}"
        self.emit(f"{self.open('p', _PARA_CLASS.get(style, ''))}{text}</p>")

    def note_block(self, block: Note) -> None:
        text = self.inline(block.text) + (self.note(block.source) if block.source else "")
        if block.style == "quote":
            self.emit(f"{self.open('blockquote')}{text}</blockquote>")
            return
        label = _LABELS.get(block.style)
        if label:
            text = f"<strong>{label}</strong> {text}"
        self.emit(f"{self.open('p', _PARA_CLASS.get(block.style, ''))}{text}</p>")

    def fields(self, block: Fields) -> None:
        head = "".join(f'<th scope="col">{self.inline(c)}</th>' for c in block.columns)
        rows = "".join(
            f'<tr><th scope="row">{self.inline(label)}</th><td>{self.cell(value)}</td></tr>'
            for label, value in block.rows
        )
        classes = "tabelle kurz" if len(block.rows) <= _SHORT_TABLE else "tabelle"
        self.emit(
            f"{self.open('div', classes)}<table><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )

    def checklist(self, block: Checklist) -> None:
        items = []
        for index, (label, text) in enumerate(block.items):
            done = index in block.checked
            box = f'<span class="kaestchen">{"☒" if done else "☐"}</span>'
            shown = f"<strong>{self.inline(label)}:</strong> {self.cell(text)}" if label else self.cell(text)
            start = '<li class="erledigt">' if done else "<li>"
            items.append(f"{start}{box}{shown}</li>")
        self.emit(f"{self.open('ul', 'checkliste')}{''.join(items)}</ul>")

    def table(self, block: Table) -> None:
        caption = f"<caption>{self.inline(block.title)}</caption>" if block.title else ""
        head = "".join(f'<th scope="col">{self.inline(c)}</th>' for c in block.columns)
        rows = []
        for index, row in enumerate(block.rows):
            cls = ' class="hervorgehoben"' if index in block.highlight else ""
            rows.append(f"<tr{cls}>" + "".join(f"<td>{self.cell(c)}</td>" for c in row) + "</tr>")
        classes = "tabelle kurz" if len(block.rows) <= _SHORT_TABLE else "tabelle"
        self.emit(
            f"{self.open('div', classes)}<table>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def tree(self, tree: Tree) -> str:
        label = self.inline(tree.label)
        if tree.style == "path":
            label = f'<strong class="pfad">{label}</strong>'
        elif tree.style in ("muted", "good"):
            label = f'<span class="{_PARA_CLASS[tree.style]}">{label}</span>'
        children = "".join(self.tree(child) for child in tree.children)
        return f"<li>{label}" + (f"<ul>{children}</ul>" if children else "") + "</li>"

    def section(self, block: Section, depth: int) -> None:
        level = min(6, depth + 1)
        ident = self.unique(_slug(_plain(block.title)))
        self.headings.append((depth, ident, _plain(block.title)))
        self.emit(self.open("section"))
        self.emit(f'<h{level} id="{ident}">{self.inline(block.title)}</h{level}>')
        self.blocks(block.blocks, depth + 1)
        self.emit("</section>")

    def figure(self, block: Figure) -> None:
        self.figures += 1
        number = self.figures
        ident = self.unique(f"abbildung-{number}")
        picture = block.picture
        if isinstance(picture, Chart):
            from ksm_cli.render.drawing import to_svg

            # clean() over the whole SVG as well: its markup has no control characters, the
            # texts of the drawing may have
            shown = clean(
                to_svg(picture.drawing(), clean(block.caption), clean(block.alt), ident=f"abb{number}")
            )
            self.ids.update(f"abb{number}-{part}" for part in ("t", "d", "pfeil"))
        else:
            # a Mermaid diagram cannot be drawn without a script, an image file would be a
            # resource outside the page: the alternative text stands in for the picture
            shown = f'<p class="alternativtext">{escape(clean(block.alt))}</p>'
        caption = f'<span class="nummer">Abbildung {number}:</span> {self.inline(block.caption)}'
        start = self.open("figure", attrs=f' id="{ident}"')
        self.emit(f"{start}{shown}<figcaption>{caption}</figcaption></figure>")

    def back_links(self, number: int) -> str:
        """Links from an endnote back to where it is used: "↑" for one place, "↑ a b c" for
        several (as encyclopaedias do); shown on a screen only."""
        uses = self.uses[number]
        if uses == 1:
            return (
                f'<a class="zurueck" href="#ref-{number}-1" role="doc-backlink" '
                'aria-label="zurück zur Textstelle">↑</a>'
            )
        links = " ".join(
            f'<a href="#ref-{number}-{use}" role="doc-backlink" '
            f'aria-label="zurück zur Textstelle {use}">{_letter(use)}</a>'
            for use in range(1, uses + 1)
        )
        return f'<span class="zurueck">↑ {links}</span>'

    def endnotes(self) -> None:
        if not self.notes:
            return
        ident = NOTES_ID if NOTES_ID not in self.ids else self.unique(NOTES_ID)
        self.ids.add(ident)
        self.headings.append((1, ident, NOTES_TITLE))
        items = []
        for text, number in self.notes.items():
            items.append(f'<li id="anm-{number}">{escape(text)}{self.back_links(number)}</li>')
        self.emit(self.open("section", "anmerkungen", ' role="doc-endnotes"'))
        self.emit(f'<h2 id="{ident}">{NOTES_TITLE}</h2><ol>{"".join(items)}</ol></section>')

    def contents(self, block: Contents, new_page: bool) -> str:
        ident = self.unique("inhalt")
        entries = [(d, i, t) for d, i, t in self.headings if d <= block.depth]
        cls = "inhalt neue-seite" if new_page else "inhalt"
        html = [
            f'<nav class="{cls}" aria-labelledby="{ident}"><h2 id="{ident}">{escape(clean(block.title))}</h2>'
        ]
        level = 0
        for depth, target, text in entries:
            if depth > level:
                html.append("<ul><li>" * (depth - level))
            else:
                html.append("</li></ul>" * (level - depth) + "</li><li>")
            html.append(f'<a href="#{target}">{escape(text)}</a>')
            level = depth
        html.append("</li></ul>" * level)
        html.append("</nav>")
        return "".join(html)


def to_html(blocks: list[Block]) -> str:
    """A self-contained HTML page of the blocks, with ksm's generator mark."""
    from ksm_cli.outputs import mark_text

    page = _Page()
    page.blocks(blocks, 1)
    page.endnotes()
    body: list[str] = []
    for part in page.parts:
        if isinstance(part, tuple):
            body.append(page.contents(*part))
        else:
            body.append(part)
    title = page.title or "Dokument"
    text = (
        "<!DOCTYPE html>\n"
        '<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
    return mark_text("html", text)
