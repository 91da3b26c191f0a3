"""What ``ksm status`` does (options: ``ksm_cli.cli.status``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ksm_cli.errors import UsageError

if TYPE_CHECKING:
    from ksm_cli.cli.run import Run


def status(run: Run, stichtag: str | None = None, mappe: Path | None = None, as_json: bool = False) -> None:
    from ksm_cli.commands import stichtag_date
    from ksm_cli.status import mappe_status

    place = run.mappe(mappe)
    if place is None:
        raise UsageError(
            "Hier ist keine Mappe (kein kommune.yaml in diesem Ordner oder darüber). Eine Mappe anlegen "
            "mit ksm init ORDNER, oder eine nennen mit --mappe ORDNER."
        )
    k = run.knowledge()
    today = stichtag_date(stichtag)
    result = mappe_status(k, place, today)
    from ksm_cli.render import status as view
    from ksm_cli.render.output import emit, emit_json

    if as_json:
        emit_json(view.status_json(result))
    else:
        emit(view.status_blocks(result, today))
