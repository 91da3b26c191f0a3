"""The ``ksm`` command: the root options and the command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksm_cli import __version__
from ksm_cli.cli import assess, flowchart, mentoring, models, tasks, validate
from ksm_cli.cli.shell import KsmCommand, KsmGroup

app = typer.Typer(
    cls=KsmGroup,
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
    ctx.obj = {"data": data, "debug": debug}


app.command("assess", cls=KsmCommand)(assess.assess_command)
app.command("flowchart", cls=KsmCommand)(flowchart.flowchart_command)
app.add_typer(mentoring.app, name="mentoring")
app.add_typer(models.app, name="models")
app.add_typer(tasks.app, name="tasks")
app.command("validate", cls=KsmCommand)(validate.validate)


def main() -> None:
    typer.main.get_command(app).main(prog_name="ksm")
