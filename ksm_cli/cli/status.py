"""``ksm status``: the Mappe at a glance, each line with the command that continues the work."""

from __future__ import annotations

import typer

from ksm_cli.cli.options import JsonOption, MappeOption, StichtagOption, knowledge, mappe_for
from ksm_cli.errors import UsageError


def status_command(
    ctx: typer.Context,
    stichtag: StichtagOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Die Mappe auf einen Blick: Kommune, Empfehlung, nächste Fristen, Selbsteinschätzung, Mentoring und Dokumente.

    Jede Zeile nennt den Befehl, mit dem die Arbeit weitergeht. Läuft in der Mappe oder einem Ordner darunter (oder mit --mappe ORDNER); ohne Terminal genauso.
    """
    from ksm_cli.cli.assess import _today
    from ksm_cli.status import mappe_status

    place = mappe_for(ctx)
    if place is None:
        raise UsageError(
            "Hier ist keine Mappe (kein kommune.yaml in diesem Ordner oder darüber). Eine Mappe anlegen "
            "mit ksm init ORDNER, oder eine nennen mit --mappe ORDNER."
        )
    k = knowledge(ctx)
    today = _today(stichtag)
    result = mappe_status(k, place, today)
    from ksm_cli.render import status as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(view.status_json(result))
    else:
        emit(view.status_blocks(result, today))
