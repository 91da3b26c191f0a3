"""The Selbsteinschätzung as a document: the IST/SOLL comparison of ``render.tasks.compare_blocks``
(the Diskussionsgrundlage, with its introduction and the notes of Kapitel 4.2), arranged in main
parts with a page break between them, and the shift per group as a chart."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ksm_cli.documents.stelle import stand
from ksm_cli.render.document import Block, Heading, PageBreak, Para, Section, Table
from ksm_cli.render.tasks import compare_blocks

if TYPE_CHECKING:
    from ksm_cli.tasks.types import Comparison


def selbsteinschaetzung_blocks(
    knowledge, tasks_file: dict[str, Any], comparison: Comparison, today: dt.date
) -> list[Block]:
    """The blocks of ``compare_blocks`` (with what only a document shows) under a document title:
    the tasks, then the totals by side, working area and group with the chart, then the notes of
    Kapitel 4.2. ``knowledge`` is taken for the same call as the other documents."""
    from ksm_cli.render.charts import shift_figure

    base = compare_blocks(comparison, tasks_file, today)
    heading = base[0]
    assert isinstance(heading, Heading)
    tables = [b for b in base if isinstance(b, Table)]
    first_table = base.index(tables[0])
    front = base[1:first_table]  # the introduction (document only) and a draft's warning
    sections = [b for b in base[first_table:] if isinstance(b, Section)]
    back = [b for b in base[first_table:] if not isinstance(b, Table | Section)]
    kommune = comparison["kommune"]
    return [
        Heading(
            "Selbsteinschätzung des Klimaschutzmanagements: IST und SOLL"
            + (f" – {kommune}" if kommune else ""),
            stand(today, "des Leitfadens „Klimaschutzmanagement verstetigen“ (Klima-KomPakt), Kapitel 4"),
        ),
        *front,
        Section(
            "Aufgaben im Vergleich",
            [
                Para(
                    "IST ist der heutige, SOLL der künftig vorgesehene Anteil an der Arbeitszeit. Die "
                    "Spalte Δ nennt die Verschiebung vom IST zum SOLL in Prozentpunkten; die Aufgaben "
                    "sind nach der Größe dieser Verschiebung geordnet.",
                    "muted",
                ),
                tables[0],
            ],
        ),
        PageBreak(),
        Section("Verschiebung nach Bereichen und Gruppen", [*tables[1:], shift_figure(comparison)]),
        PageBreak(),
        *sections,
        *back,
    ]
