"""What the commands do, given their parsed options: plain Python, no typer, rich or questionary.

Each function takes a ``ksm_cli.cli.run.Run`` (``--data``, ``--debug``, the Mappe found once)
and the command's options by name, and returns None or an exit code. The typer declarations of
the options (``ksm_cli.cli``) call them, and so does the quick path (``ksm_cli.cli.quick``),
which runs the common reading commands without importing typer.
"""

from __future__ import annotations

import datetime as dt


def stichtag_date(raw: str | None) -> dt.date:
    """``--stichtag`` as a date (today without it); a bad one names the flag and the forms."""
    if raw is None:
        return dt.date.today()
    from ksm_cli.errors import InputError
    from ksm_cli.german import date_problem, parse_date

    day = parse_date(raw)
    if day is None:
        raise InputError("stichtag", date_problem(raw), raw, where="--stichtag")
    return day
