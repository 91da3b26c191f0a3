"""Test helpers for the documents as a user opens them: LibreOffice converts DOCX and ODT to
PDF, poppler reads the PDF's text and pages, Chromium loads HTML; and a block list that uses
every block of the document model (``all_blocks``), for each backend's tests.

On a machine without a program its tests skip with a visible reason. With the environment
variable CI set (``.ci/run`` installs the programs) a missing program fails the test instead:
CI cannot pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE_TIMEOUT = 120  # seconds for one conversion; a first start builds the profile (~5 s)
IN_CI = bool(os.environ.get("CI"))

MISSING = {
    "soffice": "LibreOffice (soffice) fehlt – in der CI installiert .ci/run es",
    "pdftotext": "poppler (pdftotext, pdfinfo) fehlt – in der CI installiert .ci/run es",
    "chromium": "Chromium fehlt – in der CI installiert .ci/run es",
}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def poppler_path() -> str | None:
    return shutil.which("pdftotext") if shutil.which("pdfinfo") else None


def chromium_path() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _needs(found: str | None, reason: str) -> pytest.MarkDecorator:
    # In CI nothing is skipped: the helpers below fail the test when their program is missing.
    return pytest.mark.skipif(found is None and not IN_CI, reason=reason)


needs_soffice = _needs(soffice_path(), MISSING["soffice"])
needs_poppler = _needs(poppler_path(), MISSING["pdftotext"])
needs_chromium = _needs(chromium_path(), MISSING["chromium"])


def _require(found: str | None, what: str) -> str:
    if found is None:
        pytest.fail(MISSING[what] + (" (CI ist gesetzt: hier wird nicht übersprungen)" if IN_CI else ""))
    return found


_PROFILE: Path | None = None


def _profile() -> Path:
    """A LibreOffice profile of this test session's own: a user's open LibreOffice, or another
    session converting at the same time, does not lock it."""
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="ksm-lo-profile-"))
    return _PROFILE


TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def soffice_pdf(path: Path, outdir: Path, tagged: bool = False) -> Path:
    """``path`` (DOCX, ODT) converted to PDF by LibreOffice headless; the PDF's path.
    ``tagged``: a tagged PDF (its structure and the pictures' alternative texts, /Alt)."""
    soffice = _require(soffice_path(), "soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={_profile().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        TAGGED_PDF if tagged else "pdf",
        "--outdir",
        str(outdir),
        str(path),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # soffice starts soffice.bin: a timeout ends both
    )
    try:
        out, err = process.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"soffice hat {path.name} nicht in {SOFFICE_TIMEOUT} s umgewandelt")
    pdf = outdir / (path.stem + ".pdf")
    if process.returncode != 0 or not pdf.is_file():
        pytest.fail(f"soffice hat {path.name} nicht umgewandelt ({process.returncode}): {out!r} {err!r}")
    return pdf


def pdf_text(pdf: Path) -> str:
    """The text of a PDF as poppler reads it, with its layout (``pdftotext -layout``)."""
    pdftotext = _require(poppler_path(), "pdftotext")
    out = subprocess.run(
        [pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        timeout=60,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return out.stdout.decode("utf-8")


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF (``pdfinfo``)."""
    _require(poppler_path(), "pdftotext")
    out = subprocess.run(
        ["pdfinfo", str(pdf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo nennt keine Seitenzahl: {out.stdout!r}")


def pdf_bookmarks(pdf: Path) -> list[str]:
    """The titles in a PDF's outline (its bookmarks, from the document's headings) and in its
    document information, as LibreOffice writes them: UTF-16 strings in hex, not compressed."""
    return _strings(pdf, b"Title")


def pdf_alt_texts(pdf: Path) -> list[str]:
    """The alternative texts (/Alt) of a tagged PDF."""
    return _strings(pdf, b"Alt")


def _strings(pdf: Path, key: bytes) -> list[str]:
    import re

    found = re.findall(rb"/" + key + rb"\s*<FEFF([0-9A-Fa-f]*)>", pdf.read_bytes())
    return [bytes.fromhex(h.decode()).decode("utf-16-be") for h in found]


# --- a document with every block ----------------------------------------------------------------

HOSTILE = 'Musterstadt <img src=x onerror=alert(1)> & "Co" \x1b[31m'
SCREEN_ONLY = "Nur auf dem Bildschirm: ksm plan --weiter"
DOCUMENT_ONLY = "Nur im Dokument: die Anlagen folgen."
TITLE = "Empfehlungsbericht"
SOURCES = ("Leitfaden, Kapitel 5.1", "Leitfaden, Tabelle 3.1", "Förderrichtlinie, Nr. 4")


def sample_drawing(label: str = "Kasten", width: float = 400, height: float = 160):
    from ksm_cli.render.drawing import Drawing

    drawing = Drawing(width, height)
    drawing.rect(10, 10, 150, 70, fill="#dddddd")
    drawing.line([(160, 45), (300, 45)], arrow=True)
    drawing.line([(160, 100), (300, 100)], dash=(4, 3))
    drawing.text(20, 50, label, size=12, bold=True)
    drawing.text(310, 50, "Ziel", size=10)
    return drawing


def all_blocks() -> list:
    """Every block type of the document model, nested sections, text for SCREEN only (which no
    document shows) and for DOCUMENT only (which every document shows), a hostile Kommune."""
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
    )
    from ksm_cli.render.figures import Chart, Diagram, Figure

    first, second, third = SOURCES
    return [
        Only(DOCUMENT, [Heading(TITLE, f"für {HOSTILE}")]),
        Only(SCREEN, [Para(SCREEN_ONLY)]),
        Contents("Inhalt", 2),
        Section(
            "Kurzfassung",
            [
                Para(f"Kommune: {HOSTILE}"),
                Para("Empfohlen wird Modell V 8.", "strong"),
                Para("Stand der Angaben: heute", "muted"),
                Para("Die Angaben sind Schätzungen.", "note"),
                Para("Die Frist läuft bald ab.", "warn"),
                Para("Das spricht dafür.", "good"),
                Para("Das spricht dagegen.", "bad"),
                Para("Sitzungstermin des Rates", "fill"),
                Para(Cited("Die Stelle wird verstetigt.", first)),
                Note("Das Budget trägt die Kommune.", first),
                Note("Die Stelle ist im Stab angesiedelt.", second, "quote"),
                Note("Ohne Beschluss endet die Stelle.", None, "warn"),
                PageBreak(),
                Section(
                    "Kosten",
                    [
                        Fields(
                            [
                                ("Kommune", HOSTILE),
                                ("Produkt/Kostenstelle", Blank("Produkt/Kostenstelle")),
                                ("Stellenumfang", Cited("1,0 VZÄ", third)),
                            ]
                        ),
                        Table(
                            ["Jahr", "Anteil", "Kosten"],
                            [
                                ["2026", Bar(0.5, 1.0, "50 %"), Cited("40.000 €", third)],
                                ["2027", Bar(1.0, 1.0, "100 %"), "80.000 €"],
                                ["2028", "–", Blank("Deckung")],
                            ],
                            highlight={1},
                            title="Folgelasten je Jahr",
                        ),
                        Section(
                            "Einzelheiten",
                            [
                                Bullets(["Personalkosten", Cited("Sachkosten", first)]),
                                Numbered(["Beschluss vorbereiten", "Antrag stellen"]),
                                Numbered(["Erstens", "Zweitens"]),
                                Figure(
                                    Chart(lambda: sample_drawing("Kosten", 600, 300)),
                                    "Die Kosten je Jahr",
                                    "Ein Kasten mit der Aufschrift Kosten.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        ),
        Section(
            "Weg zur Empfehlung",
            [
                Checklist([("Antrag", "gestellt"), ("", "Werbung für sich selbst machen")], {0}),
                Tree(
                    "Start", children=[Tree("Frage 1", "path", [Tree("Modell V 8", "path")]), Tree("Frage 2")]
                ),
                Figure(
                    Chart(lambda: sample_drawing()),
                    "Der Entscheidungsweg",
                    "Ein Kasten und ein Pfeil zum Ziel.",
                ),
                Figure(Diagram("flowchart TD\n  A --> B"), "Das Diagramm", "A führt zu B."),
                Only(DOCUMENT, [Para(DOCUMENT_ONLY)]),
            ],
        ),
    ]
