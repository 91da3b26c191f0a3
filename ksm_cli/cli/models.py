"""``ksm models``: list, show and compare the Verstetigungsmodelle."""

from __future__ import annotations

from typing import Annotated

import typer

from ksm_cli.cli.lazy import KsmCommand, KsmSubGroup
from ksm_cli.cli.options import JsonOption, knowledge, run_of

app = typer.Typer(
    cls=KsmSubGroup,
    help="Die Verstetigungsmodelle V1–V11 (Tabelle 3.1) anzeigen und vergleichen.",
    no_args_is_help=True,
)


def _complete_model_id(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        ids = knowledge(ctx).all_ids()
    except Exception:  # noqa: BLE001 - completion must never print an error
        return []
    return [i for i in ids if i.lower().startswith(incomplete.lower())]


@app.command("list", cls=KsmCommand)
def list_models(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Alle Modelle als Tabelle: ID, Name, Ansiedlung und Kurzbeschreibung."""
    from ksm_cli.commands.models import list_models as run

    return run(run_of(ctx), as_json=as_json)


@app.command("show", cls=KsmCommand)
def show_model(
    ctx: typer.Context,
    model_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Modell-ID, z. B. V8, v8, 8 oder eine Variante wie V6b.",
            autocompletion=_complete_model_id,
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Alles zu einem Modell: Beschreibung, Vorteile, Nachteile, Varianten und Steckbrief."""
    from ksm_cli.commands.models import show_model as run

    return run(run_of(ctx), model_id, as_json=as_json)


@app.command("compare", cls=KsmCommand)
def compare_models(
    ctx: typer.Context,
    model_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID ID [ID]...",
            help="Zwei oder mehr Modell-IDs, z. B. V7 V8.",
            autocompletion=_complete_model_id,
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Zwei oder mehr Modelle nebeneinander vergleichen."""
    from ksm_cli.commands.models import compare_models as run

    return run(run_of(ctx), model_ids, as_json=as_json)
