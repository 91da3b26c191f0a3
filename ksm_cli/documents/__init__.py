"""The documents of ``ksm report``: what the Verwaltungsspitze, the council, the Personalamt and
the Projektträger read. Plain Python, no UI.

Each document is a list of blocks of the document model (``render.document``), built from the
Mappe's results by one function in this package; ``render`` writes it in a format (Word, ODF,
HTML or Markdown), each a backend of the same model, so that the formats cannot drift apart.
The terminal's views are built from the same parts (``render.assess``, ``render.tasks``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksm_cli.render.document import Block

# kind -> (the file's name in a Mappe without its extension, what it is)
KINDS: dict[str, tuple[str, str]] = {
    "empfehlung": ("empfehlungsbericht", "Empfehlungsbericht"),
    "beschlussvorlage": ("beschlussvorlage", "Beschlussvorlage (Entwurf)"),
    "stellenbeschreibung": ("stellenbeschreibung", "Stellenbeschreibung (Entwurf)"),
    "selbsteinschaetzung": ("selbsteinschaetzung-auswertung", "Auswertung der Selbsteinschätzung"),
    "mentoring": ("mentoring-nachweis", "Mentoring-Nachweis"),
    "gesamt": ("gesamtdokument", "Gesamtdokument mit Arbeitsteil"),
}
# format -> what it is; the first is the default (Word is the daily format of administrations)
FORMATS: dict[str, str] = {
    "docx": "Word",
    "odt": "OpenDocument (LibreOffice)",
    "html": "HTML (Browser)",
    "md": "Markdown",
}
DEFAULT_FORMAT = "docx"


# extensions that name a format of its own, not a Markdown file (``ksm assess --report``)
OTHER_DOCUMENTS = (
    "pdf",
    "doc",
    "docm",
    "dotx",
    "rtf",
    "xls",
    "xlsx",
    "xlsm",
    "csv",
    "ppt",
    "pptx",
    "ods",
    "odp",
)


def format_of(name: str) -> str | None:
    """The format a file name's extension names (".DOCX" too, ".htm" is HTML), or None."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in FORMATS else None


def other_document(name: str) -> bool:
    """Whether a file name's extension names a format ksm does not write (PDF, Excel …)."""
    return "." in name and name.rsplit(".", 1)[-1].lower() in OTHER_DOCUMENTS


def render(blocks: list[Block], fmt: str) -> bytes:
    """The document in ``fmt``, with ksm's mark (``outputs``), as the bytes of its file."""
    from ksm_cli.outputs import mark_text

    if fmt == "md":
        from ksm_cli.render.markdown import to_markdown

        return mark_text("md", to_markdown(blocks)).encode("utf-8")
    if fmt == "html":
        from ksm_cli.render.html import to_html

        return to_html(blocks).encode("utf-8")
    if fmt == "docx":
        from ksm_cli.render.docx import to_docx

        return to_docx(blocks)
    if fmt == "odt":
        from ksm_cli.render.odt import to_odt

        return to_odt(blocks)
    raise ValueError(f"unknown format {fmt!r}")
