"""The mark of ksm's outputs, and how ksm recognises a file it wrote itself.

Plain Python, no UI. An output path that holds a file ksm did not write is never replaced
without the user's say-so (``ksm_cli.cli.files.save_output``); ksm's own earlier output is
regenerated without asking. To tell the two apart every output carries a mark that survives
where the file goes:

- Markdown: a last line ``<!-- erstellt mit ksm 0.1.0 … -->``. An HTML comment: no Markdown
  viewer shows it, pandoc drops it when converting, and a text editor shows what it means.
- HTML: ``<meta name="generator" content="ksm 0.1.0">`` in the head (``mark_text`` puts it
  after ``<head>``), or the Markdown comment.
- CSV (Excel): a last column whose header is ``erstellt mit ksm``, its cells empty
  (``CSV_MARK``, written by ``render.spreadsheet.excel_csv``). A first line would break Excel's
  headers, a last row would count as data; the column survives Excel saving the file again,
  in any encoding, and reading the table by column names is unaffected.
- iCalendar: ``PRODID:-//ksm//ksm 0.1.0//DE`` (``ICS_PRODID``).
- DOCX: ``<Application>`` in ``docProps/app.xml`` begins with ``ksm``; ODT: ``<meta:generator>``
  in ``meta.xml`` begins with ``ksm`` (``GENERATOR``). Word and LibreOffice write their own
  name there when they save, so a document edited and saved in them is no longer ksm's.
- The text for the Schlussbericht (``mentoring report --output``) carries no added line: the
  KSM pastes all of it into the NKI monitoring tool. It is recognised by its fixed first words
  (``TEXT_OPENINGS``), which ksm writes and no other program does.

A file that the user edited but whose mark is still there counts as ksm's: ksm cannot know
what changed, and a mark the user kept says "this is ksm's output". The Markdown mark says so
in words: whoever edits the file and wants to keep the edits deletes the mark line (or saves
under another name). Guessing edits from a checksum would ask again after Excel or an editor
merely re-saved a file, and would need the whole file read.

Only a bounded prefix and suffix of a regular file are read (``fs.read_prefix`` and
``fs.read_suffix``); a folder, a FIFO or a device is never opened in a way that could block.
"""

from __future__ import annotations

import re
from pathlib import Path

from ksm_cli import __version__
from ksm_cli.fs import FileProblem

GENERATOR = f"ksm {__version__}"
MARK_WORDS = "erstellt mit ksm"
MARKDOWN_MARK = (
    f"<!-- {MARK_WORDS} {__version__}: ksm ersetzt diese Datei beim nächsten Lauf ohne Rückfrage. "
    "Wer sie bearbeitet und die Änderungen behalten will, löscht diese Zeile. -->"
)
HTML_MARK = f'<meta name="generator" content="{GENERATOR}">'
CSV_MARK = MARK_WORDS
ICS_PRODID = f"PRODID:-//ksm//{GENERATOR}//DE"
# The first words of plain texts that ksm writes to be pasted elsewhere (render.mentoring).
MENTORING_REPORT_OPENING = "Mentoring-Aktivitäten im Rahmen des Mentoring-Programms des SK:KK"
TEXT_OPENINGS = (MENTORING_REPORT_OPENING,)

KINDS = ("md", "html", "ics")
WINDOW = 16 * 1024  # bytes read from each end of a file
MEMBER_LIMIT = 256 * 1024  # bytes read from one member of a DOCX or ODT archive


class NotOurs(FileProblem):
    """An edit found a file that it cannot edit and that is not its own (an answers file that
    is none): a caller offering to replace the file asks first, any other shows the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason}; ksm ersetzt sie nicht – bitte einen anderen Dateinamen angeben")
        self.reason = reason


_MARKDOWN = re.compile(rb"<!--\s*" + re.escape(MARK_WORDS.encode()) + rb"[ \d.]")
_HTML = re.compile(rb"""<meta\s+name=["']?generator["']?\s+content=["']ksm[ "'/]""", re.I)
_ICS = re.compile(rb"^PRODID:-//ksm//", re.M)
_CSV_HEADER_END = re.compile(rb"[;,\t]\"?" + re.escape(CSV_MARK.encode()) + rb"\"?\r?$")
_ZIP = b"PK\x03\x04"


def mark_text(kind: str, text: str) -> str:
    """``text`` with ksm's mark for ``kind`` ("md", "html" or "ics"); marking twice adds nothing.
    CSV is marked by its writer (a column, ``CSV_MARK``), DOCX and ODT by the generator property
    of the document (``GENERATOR``), ksm's plain texts by their opening (``TEXT_OPENINGS``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "md":
        if _MARKDOWN.search(raw[-WINDOW:]):
            return text
        return text.rstrip("\n") + "\n\n" + MARKDOWN_MARK + "\n"
    if kind == "html":
        if _HTML.search(raw[:WINDOW]) or _MARKDOWN.search(raw[-WINDOW:]):
            return text
        head = re.search(r"<head[^>]*>", text, re.I)
        if head is None:
            return text.rstrip("\n") + "\n" + f"<!-- {MARK_WORDS} {__version__} -->\n"
        return text[: head.end()] + "\n" + HTML_MARK + text[head.end() :]
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = [line for line in text.split(newline) if not line.startswith("PRODID:")]
    start = lines.index("BEGIN:VCALENDAR") + 1 if "BEGIN:VCALENDAR" in lines else 0
    return newline.join([*lines[:start], ICS_PRODID, *lines[start:]])


def is_marked(head: bytes, tail: bytes) -> bool:
    """Whether the first and last bytes of a file carry ksm's mark (any format but DOCX/ODT)."""
    if _MARKDOWN.search(head) or _MARKDOWN.search(tail):
        return True
    if _HTML.search(head) or _ICS.search(head):
        return True
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if _CSV_HEADER_END.search(first):
        return True
    text = first.decode("utf-8", "replace").lstrip("\ufeff")
    return text.startswith(TEXT_OPENINGS)


def written_by_ksm(path: Path) -> bool:
    """Whether ``path`` is a regular file that carries ksm's mark. A missing file, a folder, a
    device, a file that cannot be read: False (not ksm's, so never replaced unasked)."""
    from ksm_cli.fs import read_prefix, read_suffix

    try:
        head = read_prefix(path, WINDOW)
        if head.startswith(_ZIP):
            return _office_by_ksm(path)
        tail = read_suffix(path, WINDOW) if len(head) == WINDOW else head
    except FileProblem:
        return False
    return is_marked(head, tail)


def _office_by_ksm(path: Path) -> bool:
    """A DOCX whose application, or an ODT whose generator, is ksm."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for member, pattern in (
                ("docProps/app.xml", rb"<(?:\w+:)?Application>\s*ksm[\s/<]"),
                ("meta.xml", rb"<meta:generator>\s*ksm[\s/<]"),
            ):
                if member in names:
                    with archive.open(member) as handle:
                        if re.search(pattern, handle.read(MEMBER_LIMIT)):
                            return True
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return False
    return False
