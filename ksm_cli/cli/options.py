"""Options shared by several commands, and access to the knowledge chosen with ``--data``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Ausgabe als JSON für Skripte (Aufbau: docs/json.md)."),
]

# For every command with an output flag (ksm_cli.cli.files.save_output).
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Eine vorhandene Datei, die nicht von ksm stammt, ohne Rückfrage überschreiben."
    ),
]


# the day from which deadlines are counted (ksm status, ksm report): a test or a look ahead
StichtagOption = Annotated[
    str | None,
    typer.Option(
        "--stichtag",
        metavar="DATUM",
        help="Stichtag für Fristen und überfällige Schritte (Standard: heute), z. B. 01.03.2027.",
    ),
]


def run_of(ctx: typer.Context) -> Run:
    """The ``Run`` of this command line (``--data``, ``--debug``, the Mappe found once), kept by
    the root callback in the root context."""
    from ksm_cli.cli.run import Run

    root = ctx.find_root()
    if not isinstance(root.obj, Run):
        root.obj = Run()
    return root.obj


def knowledge(ctx: typer.Context) -> Knowledge:
    """The knowledge selected by ``--data`` / ``KSM_DATA_DIR`` (validated, cached)."""
    return run_of(ctx).knowledge()


MappeOption = Annotated[
    Path | None,
    typer.Option(
        "--mappe",
        metavar="ORDNER",
        dir_okay=True,
        file_okay=False,
        show_default=False,
        help="Die Mappe der Kommune (Ordner mit kommune.yaml). Standard: die Mappe, in der oder "
        "unter der man gerade arbeitet; auch über KSM_MAPPE.",
    ),
]


def mappe_for(ctx: typer.Context) -> Mappe | None:
    """The Mappe of this run (``ksm_cli.mappe.Mappe``) or None outside one: the command's own
    ``--mappe``, else ``KSM_MAPPE``, else the search upwards from the working directory (see
    ``ksm_cli.cli.run.Run.mappe``)."""
    option = None
    current: Any = ctx
    while current is not None and option is None:
        option = current.params.get("mappe")
        current = current.parent
    return run_of(ctx).mappe(option)
