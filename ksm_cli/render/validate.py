"""View of a validation report."""

from __future__ import annotations

from typing import Any

from ksm_cli.render.document import Bullets, Fields, Heading, Para, Section

COUNT_LABELS = {
    "modelle": "Modelle",
    "varianten": "Varianten",
    "stufen": "Stufen im Flussdiagramm",
    "knoten": "Entscheidungsknoten",
    "ergebnisse": "Ergebnisse",
    "aufgaben": "Aufgaben",
    "aufgabengruppen": "Aufgabengruppen",
    "arbeitsschwerpunkte": "Arbeitsschwerpunkte",
    "mentoring-formate": "Mentoring-Formate",
    "regelsaetze": "Regelsätze Mentoring",
}


def report_blocks(report) -> list:
    blocks: list = [
        Heading(f"Prüfung des Wissensverzeichnisses {report.directory}"),
        Section("Dateien", [Bullets(report.files)]),
        Section("Geprüft", [Bullets(report.checks)]),
    ]
    if report.ok:
        blocks.append(
            Section("Inhalt", [Fields([(COUNT_LABELS.get(k, k), str(v)) for k, v in report.counts.items()])])
        )
        blocks.append(Para("Keine Fehler gefunden.", "good"))
    else:
        blocks.append(
            Section(
                f"{len(report.issues)} Fehler", [Bullets([str(i) for i in report.issues], "✗", "bad")], "bad"
            )
        )
    return blocks


def report_json(report) -> dict[str, Any]:
    return {
        "schema": "ksm.validate/1",
        "directory": report.directory,
        "valid": report.ok,
        "files": report.files,
        "checks": report.checks,
        "counts": report.counts,
        "errors": [issue.as_dict() for issue in report.issues],
    }
