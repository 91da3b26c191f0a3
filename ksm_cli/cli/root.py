"""The typer application of ksm: the root options and the command groups, loaded on demand.

``ksm_cli.cli.app.main`` imports this module only when the quick path (``ksm_cli.cli.quick``)
leaves the command line to typer: help, completion, usage errors and every command without a
quick path.
"""

from pathlib import Path
from typing import Annotated

import typer

from ksm_cli import __version__
from ksm_cli.cli.boundary import KsmGroup


class RootGroup(KsmGroup):
    # One module per command group, imported only when its command runs. The short help is the
    # first sentence of the command's own help (tests/test_help.py keeps the two the same).
    lazy_commands = {
        "init": (
            "ksm_cli.cli.init",
            "init_command",
            "Eine Mappe für eine Kommune anlegen, oder die Angaben zur Kommune zeigen und ändern.",
        ),
        "assess": (
            "ksm_cli.cli.assess",
            "assess_command",
            "Interview zu den drei Rahmenfragen (Kapitel 5) mit Empfehlung eines Verstetigungsmodells.",
        ),
        "status": (
            "ksm_cli.cli.status",
            "status_command",
            "Die Mappe auf einen Blick: Kommune, Empfehlung, nächste Fristen, Selbsteinschätzung, "
            "Mentoring und Dokumente.",
        ),
        "plan": (
            "ksm_cli.cli.plan",
            "app",
            "Der Fahrplan der Verstetigung (Kapitel 5.1) mit Fristen, erledigten Schritten und einer "
            "Kalenderdatei.",
        ),
        "report": (
            "ksm_cli.cli.report",
            "report_command",
            "Ein Dokument für Verwaltungsspitze, Rat oder Projektträger schreiben: Word, ODF, HTML oder "
            "Markdown.",
        ),
        "flowchart": (
            "ksm_cli.cli.flowchart",
            "flowchart_command",
            "Das Flussdiagramm der drei Rahmenfragen (Abbildung 5.1) anzeigen.",
        ),
        "models": (
            "ksm_cli.cli.models",
            "app",
            "Die Verstetigungsmodelle V1–V11 (Tabelle 3.1) anzeigen und vergleichen.",
        ),
        "tasks": (
            "ksm_cli.cli.tasks",
            "app",
            "Aufgaben des Klimaschutzmanagements und die IST/SOLL-Selbsteinschätzung der Arbeitszeit "
            "(Leitfaden, Kapitel 4).",
        ),
        "mentoring": (
            "ksm_cli.cli.mentoring",
            "app",
            "Mentoring-Tage protokollieren, je Projektjahr anrechnen und den Text für den "
            "Schlussbericht schreiben (Handreichung zum Mentoring-Programm, SK:KK).",
        ),
        "validate": (
            "ksm_cli.cli.validate",
            "validate",
            "Das Wissensverzeichnis prüfen: YAML, Schemas und Verweise zwischen den Dateien.",
        ),
    }


app = typer.Typer(
    cls=RootGroup,
    name="ksm",
    help="ksm – Entscheidungshilfe für die Verstetigung des kommunalen Klimaschutzmanagements.\n\n"
    "Grundlage: Leitfaden „Klimaschutzmanagement verstetigen“ (Klima-KomPakt) und die "
    "Handreichung zum Mentoring-Programm (SK:KK).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"ksm {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="VERZEICHNIS",
            help="Anderes Wissensverzeichnis verwenden (statt des mitgelieferten). "
            "Auch über die Umgebungsvariable KSM_DATA_DIR.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Bei Fehlern die technischen Details für Entwickler zeigen."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Version anzeigen und beenden.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    from ksm_cli.cli.run import Run

    ctx.obj = Run(data, debug)


def walk_commands(group=None, path: tuple[str, ...] = ()):
    """Every command as (path, click command), the root first; loads every command module."""
    group = group if group is not None else typer.main.get_command(app)
    yield path, group
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if hasattr(command, "list_commands"):
            yield from walk_commands(command, (*path, name))
        else:
            yield (*path, name), command
