"""``ksm models``: list, show and compare the Verstetigungsmodelle."""

from __future__ import annotations

from typing import Annotated

import typer

from ksm_cli.cli.lazy import KsmCommand, KsmSubGroup
from ksm_cli.cli.options import JsonOption, knowledge
from ksm_cli.errors import UsageError

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
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = knowledge(ctx)
    if as_json:
        emit_json(view.list_json(k.models))
    else:
        emit(view.list_blocks(k.models_file))


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
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = knowledge(ctx)
    model, variant = k.find(model_id)
    if as_json:
        emit_json(view.show_json(model, variant))
    else:
        emit(view.show_blocks(k.models_file, model, variant))


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
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = knowledge(ctx)
    chosen = []
    for raw in model_ids:
        model = k.find(raw)[0]
        if model not in chosen:
            chosen.append(model)
    if len(chosen) < 2:
        raise UsageError(
            "Zum Vergleichen bitte mindestens zwei verschiedene Modelle angeben, z. B. 'ksm models compare V7 V8'."
        )
    if as_json:
        emit_json(view.compare_json(chosen))
    else:
        emit(view.compare_blocks(k.models_file, chosen))
