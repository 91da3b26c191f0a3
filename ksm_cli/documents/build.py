"""Which document is built from which files: ``build(kind, inputs)`` gives its blocks, or raises
``inputs.Missing`` when a file it needs is not there (``gesamt`` never does: it says what is
missing in the part concerned)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ksm_cli.documents.inputs import Inputs, Missing
from ksm_cli.render.document import Heading

if TYPE_CHECKING:
    from collections.abc import Callable

    from ksm_cli.render.document import Block

# the parts each document needs; "gesamt" takes what there is
NEEDS: dict[str, tuple[str, ...]] = {
    "empfehlung": ("antworten",),
    "beschlussvorlage": ("antworten",),
    "stellenbeschreibung": ("selbsteinschaetzung",),
    "selbsteinschaetzung": ("selbsteinschaetzung",),
    "mentoring": ("mentoring",),
    "gesamt": (),
}
PART_TITLES = {
    "empfehlung": "Empfehlungsbericht",
    "beschlussvorlage": "Beschlussvorlage (Entwurf)",
    "stellenbeschreibung": "Stellenbeschreibung (Entwurf)",
    "selbsteinschaetzung": "Selbsteinschätzung: IST und SOLL",
    "mentoring": "Nachweis der Mentoring-Aktivitäten",
}


def _available(inputs: Inputs, part: str) -> bool:
    return _missing(inputs, part) is None


def build(kind: str, inputs: Inputs) -> list[Block]:
    k, today = inputs.knowledge, inputs.today
    if kind == "empfehlung":
        from ksm_cli.documents.empfehlung import empfehlung_blocks

        return empfehlung_blocks(k, inputs.assessment())
    if kind == "beschlussvorlage":
        from ksm_cli.documents.beschluss import beschlussvorlage_blocks

        assessment = inputs.assessment()
        attachments = ["Empfehlungsbericht zur Verstetigung des Klimaschutzmanagements"]
        if _available(inputs, "selbsteinschaetzung") and not assessment.without_post:
            attachments.append("Stellenbeschreibung Klimaschutzmanagement (Entwurf)")
        return beschlussvorlage_blocks(k, assessment, attachments)
    if kind == "stellenbeschreibung":
        from ksm_cli.documents.stelle import stellenbeschreibung_blocks

        comparison = inputs.comparison()
        models = inputs.assessment().recommended if _available(inputs, "antworten") else None
        context = inputs.context()
        if not context and comparison["kommune"]:
            context = {"kommune": comparison["kommune"]}
        return stellenbeschreibung_blocks(k, k.tasks_file, comparison, context, models, today)
    if kind == "selbsteinschaetzung":
        from ksm_cli.documents.selbst import selbsteinschaetzung_blocks

        return selbsteinschaetzung_blocks(k, k.tasks_file, inputs.comparison(), today)
    if kind == "mentoring":
        from ksm_cli.documents.mentoring import mentoring_blocks

        tally, log = inputs.mentoring()
        blocks = mentoring_blocks(k, tally, log, today)
        kommune = inputs.context().get("kommune") if inputs.place is not None else None
        first = blocks[0]
        if kommune and isinstance(first, Heading):  # the proof names the Kommune of the Mappe
            blocks[0] = Heading(f"{first.text} – {kommune}", first.subtitle)
        return blocks
    if kind == "gesamt":
        return _gesamt(inputs)
    raise ValueError(f"unknown document {kind!r}")


def _gesamt(inputs: Inputs) -> list[Block]:
    from ksm_cli.documents.gesamt import gesamt_blocks
    from ksm_cli.documents.stelle import stand
    from ksm_cli.render.document import Note

    parts: list[tuple[str, Callable[[], list[Block]] | str]] = []
    for kind, part_title in PART_TITLES.items():
        missing = next(
            (reason for reason in (_missing(inputs, part) for part in NEEDS[kind]) if reason), None
        )
        parts.append((part_title, missing if missing else partial(build, kind, inputs)))
    if _available(inputs, "antworten"):
        from ksm_cli.documents.empfehlung import working_blocks

        working = working_blocks(inputs.knowledge, inputs.assessment())
    else:
        working = [Note(_missing(inputs, "antworten") or "", style="warn")]
    kommune = inputs.context().get("kommune")
    title = Heading(
        "Verstetigung des Klimaschutzmanagements: alle Unterlagen" + (f" – {kommune}" if kommune else ""),
        stand(
            inputs.today,
            "des Leitfadens „Klimaschutzmanagement verstetigen“ (Klima-KomPakt) und der "
            "Handreichung zum Mentoring-Programm (SK:KK)",
        ),
    )
    return gesamt_blocks(title, parts, working)


def _missing(inputs: Inputs, part: str) -> str | None:
    """Why ``part`` cannot be used, or None; a file that cannot be read stays an error."""
    try:
        if part == "antworten":
            inputs.assessment()
        elif part == "selbsteinschaetzung":
            inputs.comparison()
        else:
            inputs.mentoring()
    except Missing as missing:
        return missing.reason + "."
    return None
