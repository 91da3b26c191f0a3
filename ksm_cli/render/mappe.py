"""Views of a Mappe: what ``ksm init`` shows and its JSON (``ksm.init/1``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ksm_cli.render.document import Block, Fields, Heading, Numbered, Para, Section

if TYPE_CHECKING:
    from ksm_cli.assess.answers import Answers
    from ksm_cli.assess.types import Knowledge
    from ksm_cli.mappe import Mappe


def angaben_rows(angaben: Answers) -> list[tuple[str, str]]:
    """Every Angabe with its label; an open one as „keine Angabe“."""
    from ksm_cli.assess.answers import CONTEXT_FIELDS, context_text

    rows = []
    for field in CONTEXT_FIELDS:
        value = angaben.context.get(field.key)
        if value is None:
            shown = "keine Angabe"
        elif field.kind == "choice":
            shown = (field.choices or {}).get(str(value), str(value))
        else:
            shown = context_text(field, value)
        rows.append((field.label, shown))
    return rows


def cd_hint(place: Mappe) -> str | None:
    """``cd ORDNER`` when the working directory is outside the Mappe, else None."""
    from ksm_cli.fs import display_path

    here = os.path.abspath(os.getcwd())
    root = os.path.abspath(place.root)
    try:
        inside = os.path.commonpath([here, root]) == root
    except ValueError:  # another drive on Windows
        inside = False
    if inside:
        return None
    shown = display_path(place.root)
    return f'cd "{shown}"' if " " in shown else f"cd {shown}"


def init_blocks(k: Knowledge, place: Mappe, angaben: Answers, created: bool, changed: bool) -> list[Block]:
    from ksm_cli.fs import display_path

    name = angaben.context.get("kommune")
    title = f"Mappe {name}" if name else "Mappe"
    if created:
        status = f"Neue Mappe angelegt: {display_path(place.root)}"
    elif changed:
        status = f"Angaben gespeichert: {display_path(place.file('kommune'))}"
    else:
        status = f"Angaben unverändert: {display_path(place.file('kommune'))}"
    steps = []
    hint = cd_hint(place)
    if hint:
        steps.append(f"In die Mappe wechseln: {hint}")
    steps += [
        "Interview zur Verstetigung: ksm assess",
        "Selbsteinschätzung der Arbeitszeit: ksm tasks assess",
        "Wo stehe ich? ksm status",
    ]
    return [
        Heading(title, subtitle=status),
        Section("Angaben zur Kommune", [Fields(angaben_rows(angaben))]),
        Para("Ändern: ksm init im Ordner der Mappe, oder ksm init --set SCHLÜSSEL=WERT.", style="muted"),
        Section("Weiter", [Numbered(steps)]),
    ]


def init_json(k: Knowledge, place: Mappe, angaben: Answers, created: bool, changed: bool) -> dict[str, Any]:
    from ksm_cli.assess.angaben import context_only

    return {
        "schema": "ksm.init/1",
        "mappe": str(place.root),
        "created": created,
        "changed": changed,
        "answers": context_only(angaben).as_plain(k.flowchart),
        "file": str(place.file("kommune")),
    }
