"""``ksm status``: the Mappe at a glance (what it does: ``ksm_cli.commands.status``)."""

from __future__ import annotations

import typer

from ksm_cli.cli.options import JsonOption, MappeOption, StichtagOption, run_of


def status_command(
    ctx: typer.Context,
    stichtag: StichtagOption = None,
    mappe: MappeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Die Mappe auf einen Blick: Kommune, Empfehlung, nächste Fristen, Selbsteinschätzung, Mentoring und Dokumente.

    Jede Zeile nennt den Befehl, mit dem die Arbeit weitergeht. Läuft in der Mappe oder einem Ordner darunter (oder mit --mappe ORDNER); ohne Terminal genauso.
    """
    from ksm_cli.commands.status import status

    return status(run_of(ctx), stichtag=stichtag, mappe=mappe, as_json=as_json)
