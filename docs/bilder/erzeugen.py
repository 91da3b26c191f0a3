#!/usr/bin/env python3
"""Erzeugt die Bilder der ersten Seiten in docs/bilder/ für das README neu.

Legt eine Beispiel-Mappe „Musterstadt“ in einem temporären Ordner an (Angaben, Interview,
Selbsteinschätzung, Mentoring-Protokoll), schreibt jedes Dokument von ``ksm report`` als Word-
Datei, wandelt es mit LibreOffice in PDF und die gewünschte Seite mit pdftoppm (poppler) in PNG.

    .venv/bin/python docs/bilder/erzeugen.py

Braucht ``soffice`` und ``pdftoppm`` (Debian: libreoffice-writer-nogui, poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_tasks import SET_ARGS  # noqa: E402 - a complete self-assessment

ANGABEN = {
    "kommune": "Musterstadt",
    "kommunentyp": "gemeinde",
    "einwohner": "48.000",
    "stellenumfang_vzae": "1",
    "budget_eur": "50.000",
    "personalkosten_je_vzae": "72.500",
    "ansiedlung_heute": "V7",
    "vorhaben": "anschlussvorhaben",
    "foerderende": "30.06.2027",
    "haushaltsbeschluss_monat": "12",
    "eingeworbene_foerdermittel_eur": "180.000",
    "eingesparte_kosten_eur": "24.000",
}
FLOW = {
    "klimaschutzkonzept": "teilweise",
    "laufende_prozesse": "ja",
    "eigenfinanzierung": "moeglich",
    "staerkung_ksm": "ja",
    "sichtbarkeit_aussen": "nein",
    "stellenausbau": "nein",
}
STICHTAG = ["--stichtag", "02.12.2026"]
# document -> (file of the Mappe, page to show)
PAGES = {
    "empfehlung": ("empfehlungsbericht", 1),
    "beschlussvorlage": ("beschlussvorlage", 1),
    "stellenbeschreibung": ("stellenbeschreibung", 1),
    "selbsteinschaetzung": ("selbsteinschaetzung-auswertung", 2),
    "mentoring": ("mentoring-nachweis", 1),
    "gesamt": ("gesamtdokument", 1),
}
NAMES = {"selbsteinschaetzung": "selbsteinschaetzung", "mentoring": "mentoring"}


def ksm(folder: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "ksm_cli", *args], cwd=folder, check=True, stdout=subprocess.DEVNULL
    )


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} fehlt (Debian: libreoffice-writer-nogui, poppler-utils).", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="ksm-bilder-") as temp:
        base = Path(temp)
        sets = [arg for key, value in ANGABEN.items() for arg in ("--set", f"{key}={value}")]
        ksm(base, "init", "Musterstadt", *sets)
        mappe = base / "Musterstadt"
        ksm(
            mappe, "assess", *[a for k, v in FLOW.items() for a in ("--set", f"{k}={v}")], "--json", *STICHTAG
        )
        ksm(mappe, "tasks", "assess", "--hours-per-week", "39", *SET_ARGS)
        ksm(mappe, "mentoring", "init", "--role", "mentor", "--start", "2025-07-01")
        for date, kind, title in (
            ("2025-09-10", "webinar", "Webinar Klimaschutz in der Verwaltung"),
            ("2025-11-20", "fachveranstaltung", "Fachtag Kommunaler Klimaschutz"),
            ("2026-03-05", "praxistipp", "Praxistipp Energiemanagement"),
            ("2026-09-15", "webinar", "Webinar Fördermittel"),
        ):
            ksm(mappe, "mentoring", "add", "--date", date, "--kind", kind, "--title", title)
        profile = (base / "lo").as_uri()
        for kind, (stem, page) in PAGES.items():
            ksm(mappe, "report", kind, *STICHTAG)
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
                + ["--outdir", str(base), str(mappe / f"{stem}.docx")],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=180,
            )
            target = HERE / (NAMES.get(kind, stem) + ".png")
            subprocess.run(
                ["pdftoppm", "-r", "45", "-png", "-f", str(page), "-l", str(page), "-singlefile"]
                + [str(base / f"{stem}.pdf"), str(target.with_suffix(""))],
                check=True,
            )
            print(f"Geschrieben: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
