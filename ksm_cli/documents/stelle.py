"""The draft Stellenbeschreibung: the tasks of the post from the SOLL side of the self-assessment
(Tabellen 4.2 and 4.3), its place in the organisation after the recommended model (Tabelle 3.1),
the Stellenumfang, a part for measurable goals and a note on the Eingruppierung.

The shares are the SOLL shares of the tasks with a SOLL above 0, brought to exactly 100 % by the
largest-remainder method (in tenths of a percent), so that the rows, the subtotals and the total
of the printed table agree to the digit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ksm_cli.german import VZAE_PLACES, de_date, de_number
from ksm_cli.render.document import (
    Blank,
    Block,
    Cell,
    Cited,
    Fields,
    Heading,
    Note,
    PageBreak,
    Para,
    Section,
    Table,
)
from ksm_cli.render.tasks import catalogue, task_label

if TYPE_CHECKING:
    from ksm_cli.tasks.types import Comparison

GUIDE = "Leitfaden „Klimaschutzmanagement verstetigen“ (Klima-KomPakt)"
OUTSIDE = "öffentliche Quelle außerhalb des Leitfadens"

SHARE_UNITS = 1000  # tenths of a percent: the shares are shown with at most one decimal
# tenths of an hour, or hundredths where the weekly hours have two decimals (39,25 h)
HOUR_PLACES = (1, 2)
GOAL_ROWS = 3
PLACEMENT = {
    "inside": "innerhalb der Verwaltung",
    "outside": "außerhalb der Verwaltung",
}


def stand(today: dt.date, basis: str) -> str:
    """The subtitle of a document: its date, ksm's version and what it rests on."""
    from ksm_cli import __version__

    return f"Stand: {de_date(today)} · Erstellt mit ksm {__version__} auf Grundlage {basis}."


def guide(source: str) -> str:
    """A source of the guide, named with the guide (an endnote stands alone)."""
    return f"{GUIDE}, {' '.join(source.split())}"


def statement(item: dict[str, Any], style: str = "note") -> Note:
    """A statement of the data (``Statement``: text, source, outside) as a note whose source says
    whether it is the guide or a public source beside it."""
    source = " ".join(item["source"].split())
    return Note(
        " ".join(item["text"].split()),
        f"{source} ({OUTSIDE})" if item.get("outside") else guide(source),
        style,
    )


def largest_remainder(values: Sequence[float], units: int) -> list[int]:
    """``values`` (weights, at least one above 0) as whole ``units`` that sum to ``units``
    exactly: each gets its floor, and the units left over go to the largest remainders (ties in
    the order given)."""
    total = sum(values)
    if total <= 0:
        raise ValueError("no weight above 0")
    exact = [v * units / total for v in values]
    whole = [int(x) for x in exact]
    left = units - sum(whole)
    order = sorted(range(len(values)), key=lambda i: -(exact[i] - whole[i]))
    for i in order[:left]:
        whole[i] += 1
    return whole


def share_text(units: int) -> str:
    return f"{de_number(units / (SHARE_UNITS / 100), 1)} %"


def hour_units(weekly: float) -> int:
    """The units of an hour the weekly hours are split into: 10, or 100 for 39,25 h."""
    return next((10**p for p in HOUR_PLACES if abs(weekly * 10**p - round(weekly * 10**p)) < 1e-6), 100)


def _table_source(source: str) -> str:
    """A model's source without its remarks in parentheses ("Tabelle 3.1; Tabelle 3.2")."""
    return re.sub(r" \([^)]*\)", "", " ".join(source.split()))


def soll_shares(comparison: Comparison) -> dict[str, int]:
    """Task id → share in tenths of a percent, for the tasks with a SOLL above 0 (catalogue
    order is kept by the callers); empty when no SOLL is entered."""
    rows = [r for r in comparison["tasks"] if r["soll"] > 0]
    if not rows:
        return {}
    units = largest_remainder([r["soll"] for r in rows], SHARE_UNITS)
    return {r["id"]: u for r, u in zip(rows, units, strict=True)}


def _hours(shares: dict[str, int], weekly: float | None) -> dict[str, int]:
    if not weekly or not shares:
        return {}
    ids = list(shares)
    units = largest_remainder([shares[i] for i in ids], round(weekly * hour_units(weekly)))
    return dict(zip(ids, units, strict=True))


class _Rows:
    """Rows of share (and hours, where the weekly hours are known) under a label."""

    def __init__(self, weekly: float | None, hours: dict[str, int]) -> None:
        self.unit = hour_units(weekly) if weekly and hours else 0

    def row(self, label: str, share: int, hours: int) -> list[Cell]:
        row: list[Cell] = [label, share_text(share)]
        if self.unit:
            row.append(f"{de_number(hours / self.unit, 2)} h")
        return row


def _tasks_part(tasks_file: dict[str, Any], comparison: Comparison) -> list[Block]:
    shares = soll_shares(comparison)
    if not shares:
        return [
            Para(
                "Die Selbsteinschätzung enthält noch keine SOLL-Anteile. Die Aufgaben der Stelle "
                "und ihre Anteile an der Arbeitszeit sind zu ergänzen.",
                "warn",
            ),
            Table(["Aufgabe", "Anteil an der Arbeitszeit"], [[Blank("Aufgabe"), Blank("Anteil in %")]]),
        ]
    weekly = comparison["wochenstunden"]
    hours = _hours(shares, weekly)
    columns = ["Aufgabe", "Anteil an der Arbeitszeit"] + (["Stunden je Woche"] if hours else [])
    blocks: list[Block] = []
    entered = sum(r["soll"] for r in comparison["tasks"] if r["soll"] > 0)
    intro = (
        "Die Aufgaben und ihre Anteile an der Arbeitszeit folgen dem SOLL der Selbsteinschätzung "
        "des Klimaschutzmanagements, gegliedert wie der Aufgabenkatalog des Leitfadens."
    )
    blocks.append(Para(Cited(intro, guide("Kapitel 4; Tabellen 4.2 und 4.3"))))
    if comparison["draft"]:
        blocks.append(
            Note(
                "Die Selbsteinschätzung ist noch ein Entwurf: Ihre Summen ergeben nicht je 100 %.",
                style="warn",
            )
        )
    if abs(entered - 100) > 1e-6:
        blocks.append(
            Note(
                f"Die eingetragenen SOLL-Anteile ergeben zusammen {de_number(entered, 2)} %. Für diese "
                "Stellenbeschreibung sind sie im selben Verhältnis auf 100 % umgerechnet."
            )
        )
    blocks.append(
        Para(
            "Aufgeführt sind die Aufgaben mit einem SOLL-Anteil. Die Anteile sind auf eine "
            "Nachkommastelle gerundet, und zwar so, dass sie zusammen genau 100 % ergeben.",
            "muted",
        )
    )
    rows_of = _Rows(weekly, hours)
    parts = [
        t
        for t in catalogue(tasks_file, comparison["landkreis"])
        if any(task["id"] in shares for group in t["groups"] for task in group["tasks"])
    ]
    overview: list[list[Cell]] = []
    highlight: set[int] = set()
    first = len(blocks)
    for table in parts:
        inner: list[Block] = []
        table_share, table_hours = 0, 0
        for group in table["groups"]:
            tasks = [t for t in group["tasks"] if t["id"] in shares]
            if not tasks:
                continue
            group_share = sum(shares[t["id"]] for t in tasks)
            group_hours = sum(hours.get(t["id"], 0) for t in tasks)
            rows = [rows_of.row(task_label(t), shares[t["id"]], hours.get(t["id"], 0)) for t in tasks]
            rows.append(rows_of.row(f"Summe {group['name']}", group_share, group_hours))
            inner.append(Table(columns, rows, highlight={len(rows) - 1}, title=group["name"]))
            overview.append(rows_of.row(group["name"], group_share, group_hours))
            table_share += group_share
            table_hours += group_hours
        if len(parts) > 1:
            overview.append(
                rows_of.row(f"Summe {table['name']} ({table['source']})", table_share, table_hours)
            )
            highlight.add(len(overview) - 1)
        blocks.append(Section(f"{table['name']} ({table['source']})", inner))
    overview.append(rows_of.row("Gesamt", SHARE_UNITS, sum(hours.values())))
    highlight.add(len(overview) - 1)
    title = "Anteile an der Arbeitszeit nach Gruppen"
    # the overview first: the reader sees the whole post before its rows
    blocks.insert(first, Section("Übersicht", [Table(["Gruppe", *columns[1:]], overview, highlight, title)]))
    return blocks


def _model_blocks(knowledge, model_id: str, landkreis: bool, label: str) -> list[Block]:
    model, variant = knowledge.find(model_id)
    if landkreis and model.get("landkreis_model"):
        model, variant = knowledge.find(model["landkreis_model"])
    shown = variant or model
    source = guide(_table_source(shown["source"]))
    blocks: list[Block] = [
        Para(f"{label}: {shown['id']} – {shown['name']}", "strong"),
        Para(Cited(" ".join(model["short_description"].split()), source)),
    ]
    if model["covers"]:  # V1 to V4: no post of its own
        blocks.append(
            Note(
                "In diesem Modell gibt es keine eigene Stelle für den Klimaschutz: Tabelle 3.1 führt nur "
                "die Modelle auf, in denen Personalstellen für die Klimaschutzarbeit geschaffen werden "
                "(V5 bis V11).",
                guide("Kapitel 3.1; Tabelle 3.1"),
                "warn",
            )
        )
    blocks.append(
        Fields(
            [
                ("Ansiedlung", Cited(PLACEMENT[model["placement"]], source)),
                (
                    "Organisationseinheit",
                    Blank(f"Organisationseinheit nach Modell {shown['id']}"),
                ),
                ("Unterstellung (Berichtsweg)", Blank("Vorgesetzte Stelle")),
            ]
        )
    )
    steckbrief = model.get("steckbrief")
    if steckbrief and not variant:
        for item in steckbrief["properties"]:
            if item["id"] in ("strukturelle_einbindung", "stellenbeschreibung"):
                text = f"{item['criterion']}: {item['result']}. {' '.join(item['comment'].split())}"
                blocks.append(Note(text, guide(steckbrief["source"])))
    return blocks


def _placement_part(knowledge, models: Sequence[str], landkreis: bool) -> list[Block]:
    if not models:
        blocks: list[Block] = [
            Para(
                "Ein Verstetigungsmodell ist noch nicht bestimmt. Die Einordnung der Stelle in die "
                "Organisation folgt aus der Entscheidung über das Modell."
            ),
            Fields(
                [
                    ("Verstetigungsmodell", Blank("gewähltes Modell")),
                    ("Organisationseinheit", Blank("Amt, Fachbereich oder Stabsstelle")),
                    ("Unterstellung (Berichtsweg)", Blank("Vorgesetzte Stelle")),
                ]
            ),
        ]
    else:
        blocks = []
        if len(models) > 1:
            blocks.append(
                Para("Die Empfehlung lässt mehrere Modelle offen; die Einordnung folgt dem gewählten.")
            )
        label = "Empfohlenes Verstetigungsmodell" if len(models) == 1 else "In Frage kommendes Modell"
        for model_id in models:
            blocks += _model_blocks(knowledge, model_id, landkreis, label)
    return blocks


def _goals_part(shares: dict[str, int], tasks_file: dict[str, Any]) -> list[Block]:
    text = {t["id"]: " ".join(t["text"].split()) for t in tasks_file["tasks"]}
    top = sorted(shares, key=lambda i: -shares[i])[:GOAL_ROWS]
    rows: list[list[Cell]] = [
        [text[i], Blank("Ziel"), Blank("Messgröße"), Blank("Zielwert und Termin")] for i in top
    ]
    rows += [[Blank("Aufgabe"), Blank("Ziel"), Blank("Messgröße"), Blank("Zielwert und Termin")]] * (
        GOAL_ROWS - len(rows)
    )
    return [
        statement(tasks_file["job_description"]["goals"]),
        Para(
            "Die Ziele der Stelle, woran ihre Erreichung gemessen wird und bis wann. Vorgeschlagen sind "
            "Zeilen für die Aufgaben mit den größten Anteilen an der Arbeitszeit.",
            "fill",
        ),
        Table(["Aufgabe", "Ziel", "Messgröße", "Zielwert und Termin"], rows, title="Messbare Ziele"),
    ]


def _pay_part(tasks_file: dict[str, Any]) -> list[Block]:
    return [
        Note(
            "Die Eingruppierung der Stelle ist nicht Gegenstand dieses Entwurfs. Sie richtet sich nach "
            "dem geltenden Tarifrecht und wird vom Personalamt auf Grundlage der abgestimmten "
            "Stellenbeschreibung bewertet."
        ),
        statement(tasks_file["job_description"]["pay_grade"]),
        Fields([("Entgeltgruppe", Blank("Bewertung durch das Personalamt"))]),
    ]


def stellenbeschreibung_blocks(
    knowledge,
    tasks_file: dict[str, Any],
    comparison: Comparison,
    context: dict[str, Any],
    recommended_model: str | Sequence[str] | None,
    today: dt.date,
) -> list[Block]:
    """The draft Stellenbeschreibung (a document only: nothing in it is for a screen)."""
    kommune = context.get("kommune") or comparison["kommune"]
    landkreis = context.get("kommunentyp") == "landkreis" or comparison["landkreis"]
    if recommended_model is None:
        models: list[str] = []
    elif isinstance(recommended_model, str):
        models = [recommended_model]
    else:
        models = list(recommended_model)
    shares = soll_shares(comparison)
    weekly = comparison["wochenstunden"]
    vzae = context.get("stellenumfang_vzae")
    return [
        Heading(
            "Stellenbeschreibung Klimaschutzmanagement (Entwurf)" + (f" – {kommune}" if kommune else ""),
            stand(
                today,
                "des Leitfadens „Klimaschutzmanagement verstetigen“ (Klima-KomPakt) und der "
                "Selbsteinschätzung des Klimaschutzmanagements",
            ),
        ),
        Para(
            "Entwurf zur Abstimmung mit dem Personalamt. Die markierten Felder sind zu ergänzen.",
            "strong",
        ),
        Section(
            "Angaben zur Stelle",
            [
                Fields(
                    [
                        ("Bezeichnung der Stelle", "Klimaschutzmanagement (KSM)"),
                        ("Kommune", kommune or Blank("Kommune")),
                        (
                            "Stellenumfang",
                            f"{de_number(vzae, VZAE_PLACES)} VZÄ (Vollzeitäquivalent{'' if vzae == 1 else 'e'})"
                            if vzae
                            else Blank("Stellenumfang in VZÄ"),
                        ),
                        (
                            "Wochenarbeitszeit",
                            f"{de_number(weekly, 2)} Stunden"
                            if weekly
                            else Blank("Wochenarbeitszeit in Stunden"),
                        ),
                    ]
                ),
                Section("Einordnung in die Organisation", _placement_part(knowledge, models, landkreis)),
            ],
        ),
        PageBreak(),
        Section(
            "Aufgaben und Anteile an der Arbeitszeit",
            [
                statement(tasks_file["job_description"]["purpose"], "quote"),
                *_tasks_part(tasks_file, comparison),
            ],
        ),
        PageBreak(),
        Section("Messbare Ziele der Stelle", _goals_part(shares, tasks_file)),
        Section("Eingruppierung", _pay_part(tasks_file)),
    ]
