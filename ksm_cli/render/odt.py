"""The ODF backend of the document model (``to_odt``): an OpenDocument text written with odfpy.

It draws the parts that ``render.docx.prepare`` makes of the blocks, the same parts the Word
backend draws, so both documents say the same in the same order. Headings are ``text:h`` with
their outline level in the styles "Heading 1" to "Heading 9", tables have a header row that is
repeated on each page, the footer says "Seite X von Y", ksm is the generator.

odfpy is imported inside ``to_odt`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ksm_cli.render.docx import (
    FONT,
    HEADING_COLOUR,
    HEADING_SIZES,
    MUTED_COLOUR,
    TEXT_WIDTH_CM,
    Prepared,
    Run,
    draw,
    prepare,
)

if TYPE_CHECKING:
    from ksm_cli.render.document import Block


def _safe_name(name: str) -> str:
    return name.replace(" ", "_20_")


class _Odf:
    def __init__(self, prepared: Prepared) -> None:
        from odf import dc, draw, meta, style, table, teletype
        from odf import text as odftext
        from odf.opendocument import OpenDocumentText

        self.style, self.odftext, self.table_mod, self.draw, self.teletype = (
            style,
            odftext,
            table,
            draw,
            teletype,
        )
        self.prepared = prepared
        self.doc = OpenDocumentText()
        self.page_break = False
        self.tables = self.indexes = 0
        self._auto: dict[str, Any] = {}
        self._setup(dc, meta)

    # -- set-up: styles, page, footer, properties
    def _paragraph_style(self, name: str, parent: str | None = "Standard", **props: Any) -> Any:
        style = self.style
        attrs: dict[str, Any] = {"name": _safe_name(name), "family": "paragraph", "displayname": name}
        if parent:
            attrs["parentstylename"] = _safe_name(parent)
        if "outline" in props:
            attrs["defaultoutlinelevel"] = str(props.pop("outline"))
        made = style.Style(**attrs)
        text_props = props.pop("text", None)
        if props:
            made.addElement(style.ParagraphProperties(**props))
        if text_props:
            made.addElement(style.TextProperties(**text_props))
        self.doc.styles.addElement(made)
        return made

    def _setup(self, dc: Any, meta: Any) -> None:
        style, doc = self.style, self.doc
        doc.fontfacedecls.addElement(
            style.FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss", fontpitch="variable")
        )
        default = style.DefaultStyle(family="paragraph")
        default.addElement(
            style.TextProperties(
                fontname=FONT,
                fontsize="10.5pt",
                language="de",
                country="DE",
                fontnameasian=FONT,
                fontnamecomplex=FONT,
            )
        )
        doc.styles.addElement(default)
        self.standard = self._paragraph_style("Standard", None, marginbottom="0.21cm", lineheight="115%")
        heading = {"color": "#" + HEADING_COLOUR, "fontweight": "bold", "fontweightasian": "bold"}
        self.headings = {}
        for level in range(1, 10):
            size = f"{HEADING_SIZES.get(level, 11)}pt"
            self.headings[level] = self._paragraph_style(
                f"Heading {level}",
                outline=level,
                margintop="0.63cm" if level == 1 else "0.42cm",
                marginbottom="0.21cm",
                keepwithnext="always",
                text={**heading, "fontsize": size},
            )
        self.title_style = self._paragraph_style(
            "Title",
            marginbottom="0.5cm",
            borderbottom="0.75pt solid #4f81bd",
            paddingbottom="0.14cm",
            lineheight="100%",
            text={**heading, "fontsize": "24pt"},
        )
        self.subtitle_style = self._paragraph_style(
            "Subtitle", marginbottom="0.35cm", text={"fontsize": "13pt", "color": "#" + MUTED_COLOUR}
        )
        self.quote_style = self._paragraph_style(
            "Quotations", marginleft="1cm", marginright="1cm", text={"fontstyle": "italic"}
        )
        self.caption_style = self._paragraph_style(
            "Caption", marginbottom="0.42cm", lineheight="100%", text={"fontsize": "9.5pt"}
        )
        self.cell_style = self._paragraph_style("Table Contents", marginbottom="0cm", lineheight="100%")
        self.box_style = self._paragraph_style(
            "Kasten",
            border="1pt solid #000000",
            padding="0.14cm",
            backgroundcolor="#fff8dc",
            margintop="0.21cm",
            marginbottom="0.35cm",
            marginleft="0.15cm",
            marginright="0.15cm",
        )
        self.list_style = self._paragraph_style("List", marginbottom="0.1cm")
        self.toc_heading_style = self._paragraph_style(
            "Contents Heading",
            margintop="0.63cm",
            marginbottom="0.21cm",
            text={**heading, "fontsize": "16pt"},
        )
        self.toc_styles = {level: self._contents_style(level) for level in range(1, 11)}
        footer_style = self._paragraph_style(
            "Footer", textalign="center", marginbottom="0cm", text={"fontsize": "9pt"}
        )
        self.styles_by_kind = {
            "b": self._text_style("T_b", fontweight="bold", fontweightasian="bold", fontweightcomplex="bold"),
            "i": self._text_style("T_i", fontstyle="italic"),
            "bi": self._text_style("T_bi", fontweight="bold", fontstyle="italic"),
            "blank": self._text_style("T_blank", fontweight="bold", backgroundcolor="#ffff00"),
            "ref": self._text_style("T_ref", textposition="super 58%"),
            # a link in the contents prints as text, not as a blue underlined web link; a
            # named style: LibreOffice ignores an automatic one on a link
            "link": self._text_style("Verzeichnis-Link", True, color="#000000", textunderlinestyle="none"),
            "muted": self._text_style("T_muted", fontsize="9pt", color="#" + MUTED_COLOUR),
            "mutedb": self._text_style(
                "T_mutedb", fontsize="9pt", color="#" + MUTED_COLOUR, fontweight="bold"
            ),
        }

        layout = style.PageLayout(name="Seite")
        layout.addElement(
            style.PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                printorientation="portrait",
                marginleft="2.5cm",
                marginright="2.5cm",
                margintop="2.5cm",
                marginbottom="1.2cm",
            )
        )
        footer_props = style.FooterStyle()
        footer_props.addElement(style.HeaderFooterProperties(minheight="0.6cm", margintop="0.4cm"))
        layout.addElement(footer_props)
        doc.automaticstyles.addElement(layout)
        master = style.MasterPage(name="Standard", pagelayoutname=layout)
        footer = style.Footer()
        line = self.odftext.P(stylename=footer_style, text="Seite ")
        line.addElement(self.odftext.PageNumber(selectpage="current", text="1"))
        line.addText(" von ")
        line.addElement(self.odftext.PageCount(text="1"))
        footer.addElement(line)
        master.addElement(footer)
        doc.masterstyles.addElement(master)

        from datetime import UTC, datetime

        from ksm_cli.outputs import GENERATOR

        # odfpy writes its own name as the generator when it saves: ksm's stays instead
        setattr(doc, "_OpenDocument__replaceGenerator", lambda: None)  # noqa: B010
        for element in doc.meta.childNodes[:]:
            if element.qname[1] == "generator":
                doc.meta.removeChild(element)
        doc.meta.addElement(meta.Generator(text=GENERATOR))
        if self.prepared.title:
            from ksm_cli.render.docx import short_title

            doc.meta.addElement(dc.Title(text=short_title(self.prepared.title)))
        doc.meta.addElement(dc.Language(text="de-DE"))
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
        doc.meta.addElement(meta.CreationDate(text=now))
        doc.meta.addElement(dc.Date(text=now))

    def _contents_style(self, level: int) -> Any:
        """A level of the contents: indented, the page number at the right margin after dots."""
        style = self.style
        indent = 0.6 * (level - 1)
        made = style.Style(name=f"Contents_20_{level}", family="paragraph", displayname=f"Contents {level}")
        made.setAttribute("parentstylename", "Standard")
        props = style.ParagraphProperties(marginleft=f"{indent:.1f}cm", marginbottom="0.1cm")
        stops = style.TabStops()
        stops.addElement(
            style.TabStop(
                position=f"{TEXT_WIDTH_CM - indent:.1f}cm", type="right", leaderstyle="dotted", leadertext="."
            )
        )
        props.addElement(stops)
        made.addElement(props)
        self.doc.styles.addElement(made)
        return made

    def _text_style(self, name: str, named: bool = False, **props: Any) -> Any:
        made = self.style.Style(name=name, family="text")
        made.addElement(self.style.TextProperties(**props))
        (self.doc.styles if named else self.doc.automaticstyles).addElement(made)
        return made

    def _auto_paragraph(self, key: str, parent: Any, **props: Any) -> Any:
        """An automatic paragraph style below ``parent`` (a page break before, an indent)."""
        if key not in self._auto:
            made = self.style.Style(name=key, family="paragraph", parentstylename=parent)
            made.addElement(self.style.ParagraphProperties(**props))
            self.doc.automaticstyles.addElement(made)
            self._auto[key] = made
        return self._auto[key]

    def _styled(self, base: Any, key: str, **props: Any) -> Any:
        """``base``, or a variant of it with ``props`` and the pending page break."""
        if self.page_break:
            props["breakbefore"] = "page"
            key += "_pb"
            self.page_break = False
        if not props:
            return base
        return self._auto_paragraph(f"P_{base.getAttribute('name')}_{key}", base, **props)

    # -- the parts
    def add_runs(self, element: Any, runs: list[Run], base: str = "") -> Any:
        odftext, addtext = self.odftext, self.teletype.addTextToElement
        for shown, kind in runs:
            if not shown:
                continue
            if kind == "ref":
                key = "ref"
            elif kind == "blank":
                key = "blank"
            elif base == "muted":
                key = "mutedb" if kind == "b" else "muted"
            else:
                key = "".join(sorted({k for k in (kind, base) if k in ("b", "i")}))
                key = "bi" if key == "bi" else key
            target = element
            if key:
                target = odftext.Span(stylename=self.styles_by_kind[key])
                element.addElement(target)
            if "\t" in shown or "\n" in shown or "  " in shown or shown[:1] == " " or shown[-1:] == " ":
                addtext(target, shown)
            else:
                target.addText(shown)
        return element

    def _p(self, style: Any, runs: list[Run], base: str = "", key: str = "", **props: Any) -> Any:
        paragraph = self.odftext.P(stylename=self._styled(style, key, **props))
        self.add_runs(paragraph, runs, base)
        self.doc.text.addElement(paragraph)
        return paragraph

    def para(self, style: str | None, runs: list[Run]) -> None:
        if style == "quote":
            self._p(self.quote_style, runs, "i")
        elif style == "fill":
            self._p(self.box_style, runs)
        else:
            standard = self.standard
            self._p(standard, runs, {"strong": "b", "muted": "muted"}.get(style or "", ""))

    def heading(self, level: int, title: str, anchor: str) -> None:
        element = self.odftext.H(outlinelevel=level, stylename=self._styled(self.headings[level], ""))
        element.addElement(self.odftext.Bookmark(name=anchor))  # the contents refer to its page
        self.add_runs(element, [(title, "")])
        self.doc.text.addElement(element)

    def title(self, title: str, subtitle: str | None) -> None:
        self._p(self.title_style, [(title, "")])
        if subtitle:
            self._p(self.subtitle_style, [(subtitle, "")])

    def _list(self, name: str, number: bool, items: list[list[Run]]) -> None:
        style = self.style
        if name not in self._auto:
            made = self.odftext.ListStyle(name=name)
            if number:
                level: Any = self.odftext.ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
            else:
                level = self.odftext.ListLevelStyleBullet(level=1, bulletchar="•")
            props = style.ListLevelProperties(listlevelpositionandspacemode="label-alignment")
            props.addElement(
                style.ListLevelLabelAlignment(
                    labelfollowedby="listtab",
                    listtabstopposition="0.63cm",
                    textindent="-0.63cm",
                    marginleft="0.63cm",
                )
            )
            level.addElement(props)
            made.addElement(level)
            self.doc.automaticstyles.addElement(made)
            self._auto[name] = made
        listing = self.odftext.List(stylename=self._auto[name])
        for runs in items:
            item = self.odftext.ListItem()
            paragraph = self.odftext.P(stylename=self._styled(self.list_style, ""))
            self.add_runs(paragraph, runs)
            item.addElement(paragraph)
            listing.addElement(item)
        self.doc.text.addElement(listing)

    def bullets(self, items: list[list[Run]]) -> None:
        self._list("L_bullets", False, items)

    def numbered(self, items: list[list[Run]]) -> None:
        self._list("L_numbers", True, items)

    def checklist(self, items: list[tuple[bool, list[Run]]]) -> None:
        standard = self.standard
        for _checked, runs in items:
            self._p(standard, runs, key="hang", marginleft="0.6cm", textindent="-0.6cm", marginbottom="0.1cm")

    def tree(self, lines: list[tuple[int, bool, list[Run]]]) -> None:
        standard = self.standard
        for index, (depth, _path, runs) in enumerate(lines):
            last = index == len(lines) - 1  # one tree, one page
            self._p(
                standard,
                [("– " if depth else "", ""), *runs],
                key=f"tree{depth}{'' if last else 'k'}",
                marginleft=f"{0.6 * depth:.1f}cm",
                marginbottom="0.07cm",
                keepwithnext="auto" if last else "always",
            )

    def table(
        self,
        title: str | None,
        header: list[list[Run]],
        rows: list[list[list[Run]]],
        highlight: set[int],
        widths: list[float],
    ) -> None:
        style, tables = self.style, self.table_mod
        if title:
            standard = self.standard
            self._p(standard, [(title, "b")], key="tabletitle", keepwithnext="always", margintop="0.21cm")
        if not widths:
            return  # a table without columns has no cells to show
        self.tables += 1
        name = f"Tabelle{self.tables}"
        table_style = style.Style(name=name, family="table")
        props: dict[str, Any] = {
            "width": f"{sum(widths):.2f}cm",
            "align": "margins",
            "marginbottom": "0.3cm",
            "bordermodel": "collapsing",
        }
        if self.page_break:
            props["breakbefore"] = "page"
            self.page_break = False
        table_style.addElement(style.TableProperties(**props))
        self.doc.automaticstyles.addElement(table_style)
        cells = {}
        for key, fill in (("head", "#d9d9d9"), ("mark", "#f2f2f2"), ("cell", None)):
            if key not in self._auto:
                made = style.Style(name=f"Zelle_{key}", family="table-cell")
                cell_props: dict[str, Any] = {
                    "border": "0.5pt solid #000000",
                    "paddingtop": "0.1cm",
                    "paddingbottom": "0.1cm",
                    "paddingleft": "0.15cm",
                    "paddingright": "0.15cm",
                }
                if fill:
                    cell_props["backgroundcolor"] = fill
                made.addElement(style.TableCellProperties(**cell_props))
                self.doc.automaticstyles.addElement(made)
                self._auto[key] = made
            cells[key] = self._auto[key]
        element = tables.Table(name=name, stylename=table_style)
        for index, width in enumerate(widths):
            column_style = style.Style(name=f"{name}.{index}", family="table-column")
            column_style.addElement(style.TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            self.doc.automaticstyles.addElement(column_style)
            element.addElement(tables.TableColumn(stylename=column_style))

        if "row" not in self._auto:
            row_style = style.Style(name="Zeile", family="table-row")
            row_style.addElement(style.TableRowProperties(keeptogether="always"))
            self.doc.automaticstyles.addElement(row_style)
            self._auto["row"] = row_style

        def row_of(cells_runs: list[list[Run]], cell_style: Any, strong: bool) -> Any:
            row = tables.TableRow(stylename=self._auto["row"])
            for runs in [*cells_runs, *[[]] * (len(widths) - len(cells_runs))]:
                cell = tables.TableCell(stylename=cell_style, valuetype="string")
                paragraph = self.odftext.P(stylename=self.cell_style)
                self.add_runs(paragraph, runs, "b" if strong else "")
                cell.addElement(paragraph)
                row.addElement(cell)
            return row

        head = tables.TableHeaderRows()
        head.addElement(row_of(header, cells["head"], True))
        element.addElement(head)
        for index, cells_runs in enumerate(rows):
            marked = index in highlight
            element.addElement(row_of(cells_runs, cells["mark" if marked else "cell"], marked))
        self.doc.text.addElement(element)

    def figure(
        self, number: int, caption: list[Run], alt: str, png: bytes | None, w: float, h: float
    ) -> None:
        standard = self.standard
        if png is None:
            self._p(standard, [("Bildbeschreibung: ", "b"), (alt, "")], key="keep", keepwithnext="always")
        else:
            href = self.doc.addPicture(f"Pictures/abbildung{number}.png", "image/png", png)
            paragraph = self.odftext.P(
                stylename=self._styled(standard, "picture", keepwithnext="always", margintop="0.21cm")
            )
            frame = self.draw.Frame(
                name=f"Abbildung {number}", anchortype="as-char", width=f"{w:.3f}cm", height=f"{h:.3f}cm"
            )
            frame.addElement(self.draw.Image(href=href))
            from odf import svg

            frame.addElement(svg.Title(text="".join(t for t, _ in caption)))
            frame.addElement(svg.Desc(text=alt))
            paragraph.addElement(frame)
            self.doc.text.addElement(paragraph)
        self._p(self.caption_style, caption)

    def contents(self, title: str, depth: int, entries: list[tuple[int, str, str]]) -> None:
        odftext = self.odftext
        self.indexes += 1
        index = odftext.TableOfContent(name=f"Inhaltsverzeichnis{self.indexes}", protected="true")
        source = odftext.TableOfContentSource(outlinelevel=depth, useindexmarks="false")
        source.addElement(odftext.IndexTitleTemplate(stylename=self.toc_heading_style, text=title))
        for level in range(1, depth + 1):
            template = odftext.TableOfContentEntryTemplate(
                outlinelevel=level, stylename=self.toc_styles[level]
            )
            template.addElement(odftext.IndexEntryLinkStart())
            template.addElement(odftext.IndexEntryChapter())
            template.addElement(odftext.IndexEntryText())
            template.addElement(odftext.IndexEntryTabStop(type="right", leaderchar="."))
            template.addElement(odftext.IndexEntryPageNumber())
            template.addElement(odftext.IndexEntryLinkEnd())
            source.addElement(template)
        index.addElement(source)
        body = odftext.IndexBody()
        heading = odftext.IndexTitle(name=f"Inhaltsverzeichnis{self.indexes}_Titel")
        heading.addElement(
            self.add_runs(odftext.P(stylename=self._styled(self.toc_heading_style, "")), [(title, "")])
        )
        body.addElement(heading)
        for level, entry, anchor in entries:
            # a link to the heading, a tab, the heading's page (LibreOffice counts it on layout)
            paragraph = odftext.P(stylename=self.toc_styles[level])
            link = odftext.A(
                href=f"#{anchor}",
                type="simple",
                stylename=self.styles_by_kind["link"],
                visitedstylename=self.styles_by_kind["link"],
            )
            self.add_runs(link, [(entry, "")])
            paragraph.addElement(link)
            paragraph.addElement(odftext.Tab())
            paragraph.addElement(odftext.BookmarkRef(referenceformat="page", refname=anchor, text="1"))
            body.addElement(paragraph)
        index.addElement(body)
        self.doc.text.addElement(index)

    def endnotes(self, notes: list[str]) -> None:
        standard = self.standard
        for number, note in enumerate(notes, 1):
            self._p(
                standard,
                [(f"{number}.\t", ""), (note, "")],
                key="note",
                marginleft="0.8cm",
                textindent="-0.8cm",
                marginbottom="0.1cm",
            )

    def pagebreak(self) -> None:
        self.page_break = True

    def finish(self) -> bytes:
        if self.page_break:
            standard = self.standard
            self._p(standard, [])
        import io

        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def to_odt(blocks: list[Block]) -> bytes:
    """An OpenDocument text of the blocks, the same document as ``render.docx.to_docx`` writes."""
    prepared = prepare(blocks)
    writer = _Odf(prepared)
    draw(prepared, writer)
    return writer.finish()
