"""What ``ksm models list``, ``show`` and ``compare`` do (options: ``ksm_cli.cli.models``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run


def list_models(run: Run, as_json: bool = False) -> None:
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = run.knowledge()
    if as_json:
        emit_json(view.list_json(k.models))
    else:
        emit(view.list_blocks(k.models_file))


def show_model(run: Run, model_id: str, as_json: bool = False) -> None:
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = run.knowledge()
    model, variant = k.find(model_id)
    if as_json:
        emit_json(view.show_json(model, variant))
    else:
        emit(view.show_blocks(k.models_file, model, variant))


def compare_models(run: Run, model_ids: list[str], as_json: bool = False) -> None:
    from ksm_cli.render import models as view
    from ksm_cli.render.output import emit, emit_json

    k = run.knowledge()
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
