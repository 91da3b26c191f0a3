"""Options shared by several commands, and access to the knowledge chosen with ``--data``."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Ausgabe als JSON für Skripte (Schema im README)."),
]


def knowledge(ctx: typer.Context):
    """The knowledge selected by ``--data`` / ``KSM_DATA_DIR`` (validated, cached)."""
    from ksm_cli.knowledge.loader import load

    root = ctx.find_root()
    data_option = (root.obj or {}).get("data") if isinstance(root.obj, dict) else None
    return load(data_option)
