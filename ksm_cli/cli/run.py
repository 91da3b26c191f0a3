"""What a command needs of its run besides its own options: ``--data``, ``--debug`` and the Mappe.

A command's work (``ksm_cli.commands``) gets a ``Run`` instead of typer's context, so that it
can run without typer: typer builds one in the root callback (``ksm_cli.cli.root``), the quick
path (``ksm_cli.cli.quick``) builds one from the arguments it parsed itself. No typer, rich or
questionary here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe

_UNSET = object()


class Run:
    """The root options of one run, and the Mappe it works in (found once)."""

    __slots__ = ("data", "debug", "_mappe")

    def __init__(self, data: Path | None = None, debug: bool = False) -> None:
        self.data = data
        self.debug = debug
        self._mappe: object = _UNSET

    def knowledge(self) -> Knowledge:
        """The knowledge selected by ``--data`` / ``KSM_DATA_DIR`` (validated, cached)."""
        from ksm_cli.knowledge.loader import load

        return load(self.data)

    def mappe(self, option: Path | None = None) -> Mappe | None:
        """The Mappe of this run, or None outside one: ``option`` (the command's ``--mappe``),
        else ``KSM_MAPPE``, else the search upwards from the working directory. Found once per
        run; a folder named by ``--mappe`` or ``KSM_MAPPE`` that is no Mappe is a German error
        (exit 2)."""
        if self._mappe is _UNSET:
            from ksm_cli.mappe import find

            self._mappe = find(option)
        return self._mappe  # type: ignore[return-value]
