"""``ksm assess``: the options of the Verstetigung interview (what it does: ``ksm_cli.commands.assess``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ksm_cli.cli.options import ForceOption, JsonOption, MappeOption, run_of

FileArg: dict[str, Any] = dict(metavar="DATEI", show_default=False, dir_okay=False)


def assess_command(
    ctx: typer.Context,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers", help="Antworten aus einer YAML-Datei lesen (Frage-ID: Antwort-ID).", **FileArg
        ),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FRAGE=ANTWORT",
            help="Eine Antwort setzen, wiederholbar; gilt vor der Datei. Beispiel: --set kommunentyp=landkreis",
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers", help="Die Antworten in eine YAML-Datei schreiben (zum Wiederholen).", **FileArg
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Den Empfehlungsbericht in diese Datei schreiben; die Endung wählt das Format: "
            ".docx (Word), .odt (LibreOffice), .html (Browser) oder .md (Markdown).",
            **FileArg,
        ),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch", help="Viele Kommunen aus einer CSV-Datei bewerten (eine Zeile je Kommune).", **FileArg
        ),
    ] = None,
    csv_out: Annotated[
        Path | None,
        typer.Option("--csv", help="Mit --batch: die Ergebnistabelle als CSV-Datei schreiben.", **FileArg),
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            metavar="ORDNER",
            file_okay=False,
            show_default=False,
            help="Mit --batch: je Kommune einen Empfehlungsbericht in diesen Ordner schreiben "
            "(empfehlungsbericht-KOMMUNE.docx).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="Mit --reports: docx (Word, Standard), odt (LibreOffice), html (Browser) oder md (Markdown).",
        ),
    ] = None,
    stichtag: Annotated[
        str | None,
        typer.Option(
            "--stichtag",
            metavar="DATUM",
            help="Stichtag für überfällige Schritte im Fahrplan (Standard: heute), z. B. 01.03.2027.",
        ),
    ] = None,
    mappe: MappeOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> int | None:
    """Interview zu den drei Rahmenfragen (Kapitel 5) mit Empfehlung eines Verstetigungsmodells.

    Im Terminal führt ksm durch die Fragen. Ohne Terminal (Skripte, CI) kommen die Antworten aus --answers und --set; fehlt eine, bricht ksm sofort ab und nennt die fehlenden Fragen.

    In einer Mappe (ksm init) kommen die Angaben zur Kommune aus kommune.yaml, und die Antworten werden in antworten.yaml aufbewahrt: der nächste Lauf beginnt mit ihnen.
    """
    from ksm_cli.commands.assess import assess

    return assess(
        run_of(ctx),
        answers_file=answers_file,
        set_values=set_values,
        save_answers=save_answers,
        report=report,
        batch=batch,
        csv_out=csv_out,
        reports=reports,
        fmt=fmt,
        stichtag=stichtag,
        mappe=mappe,
        force=force,
        as_json=as_json,
    )
