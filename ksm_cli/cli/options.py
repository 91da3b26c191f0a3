"""Options shared by several commands, and access to the knowledge chosen with ``--data``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

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


def knowledge(ctx: typer.Context):
    """The knowledge selected by ``--data`` / ``KSM_DATA_DIR`` (validated, cached)."""
    from ksm_cli.knowledge.loader import load

    root = ctx.find_root()
    data_option = (root.obj or {}).get("data") if isinstance(root.obj, dict) else None
    return load(data_option)


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


def mappe_for(ctx: typer.Context):
    """The Mappe of this run (``ksm_cli.mappe.Mappe``) or None outside one: the command's own
    ``--mappe``, else ``KSM_MAPPE``, else the search upwards from the working directory. Found
    once per run; a folder named by ``--mappe`` or ``KSM_MAPPE`` that is no Mappe is a German
    error (exit 2)."""
    from ksm_cli.mappe import find

    root = ctx.find_root()
    cache = root.obj if isinstance(root.obj, dict) else {}
    if "mappe" not in cache:
        option = None
        current: Any = ctx
        while current is not None and option is None:
            option = current.params.get("mappe")
            current = current.parent
        cache["mappe"] = find(option)
    return cache["mappe"]


def format_option(raw: str | None) -> str | None:
    """``--format`` as given (``DOCX``, ``.odt``, ``htm`` too), or None; another is refused."""
    if raw is None:
        return None
    from ksm_cli.documents import FORMATS, format_of

    fmt = format_of("." + raw.strip().lstrip("."))
    if fmt is None:
        from ksm_cli.errors import UsageError

        raise UsageError(f"--format '{raw}': unbekanntes Format; möglich sind {', '.join(FORMATS)}.")
    return fmt
