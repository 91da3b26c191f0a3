"""Views of the task catalogue, the self-assessment and the IST/SOLL comparison (Kapitel 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import (
    DOCUMENT,
    Bar,
    Block,
    Bullets,
    Cell,
    Fields,
    Heading,
    Note,
    Only,
    Para,
    Section,
    Table,
)

if TYPE_CHECKING:
    from ksm_cli.tasks.types import Comparison


def task_label(task: Mapping[str, Any]) -> str:
    """The text of a task with its examples and, where there is one, its note (e.g. on the
    source's own wording, shown wherever the text is). "z. B." is joined by a no-break space,
    which the interview prints as a plain one."""
    text = " ".join(task["text"].split())
    if task.get("examples"):
        # a no-break space: "z." never ends a line of a table in plain text
        text += f" (z.\u00a0B. {', '.join(task['examples'])})"
    if task.get("note"):
        text += f" – Hinweis: {' '.join(task['note'].split())}"
    return text


class ShareBar(Bar):
    """A share of the working time as a bar scaled to 100 % in half blocks (5 % each, at the
    width of ten characters): a share greater than 0 always shows, at least as a half block."""

    def drawn(self, width: int = 10) -> str:
        halves = round(2 * width * min(self.value, self.top) / self.top) if self.top > 0 else 0
        if self.value > 0:
            halves = max(halves, 1)
        bar = "█" * (halves // 2) + "▌" * (halves % 2)
        return bar + "·" * (width - len(bar)) + " " + self.text


def signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + de_number(abs(value), 1)


def percent(value: float, hours: float | None = None) -> str:
    text = f"{de_number(value, 1)} %"
    return f"{text} ({de_number(hours, 1)} h)" if hours is not None else text


# --- ksm tasks list ---------------------------------------------------------------------


def catalogue(tasks_file: dict[str, Any], landkreis: bool) -> list[dict[str, Any]]:
    """Tables → groups → tasks, with the Landkreis rows only for a Landkreis."""
    out = []
    for table in tasks_file["tables"]:
        groups = []
        for group in (g for g in tasks_file["groups"] if g["table"] == table["id"]):
            tasks = [
                t
                for t in tasks_file["tasks"]
                if t["group"] == group["id"] and (landkreis or not t["landkreis_only"])
            ]
            if tasks:
                groups.append({**group, "tasks": tasks})
        out.append({**table, "groups": groups})
    return out


def list_blocks(tasks_file: dict[str, Any], landkreis: bool) -> list:
    shown = (
        "mit den Zeilen für Landkreise"
        if landkreis
        else "ohne die Zeilen für Landkreise (--landkreis zeigt sie)"
    )
    blocks: list = [
        Heading(
            "Aufgaben des Klimaschutzmanagements",
            f"Tabellen 4.2 und 4.3 für die IST/SOLL-Selbsteinschätzung; {shown}",
        )
    ]
    for table in catalogue(tasks_file, landkreis):
        inner: list = []
        for group in table["groups"]:
            rows = [
                [t["id"], task_label(t) + (" [Landkreis]" if t["landkreis_only"] else "")]
                for t in group["tasks"]
            ]
            inner.append(Table(["ID", "Aufgabe"], rows, title=group["name"]))
        blocks.append(Section(f"{table['name']} ({table['source']})", inner))
    return blocks


def list_json(tasks_file: dict[str, Any], landkreis: bool) -> dict[str, Any]:
    return {
        "schema": "ksm.tasks.list/1",
        "landkreis": landkreis,
        "tables": catalogue(tasks_file, landkreis),
        "areas": tasks_file["areas"],
    }


# --- ksm tasks assess -------------------------------------------------------------------


def assessment_json(result: Comparison, path: str, problems: list[str], saved: bool) -> dict[str, Any]:
    return {
        "schema": "ksm.tasks.assess/1",
        "file": path,
        "saved": saved,
        "draft": result["draft"],
        "complete": not problems,
        "problems": problems,
        "kommune": result["kommune"],
        "kommunentyp": result["kommunentyp"],
        "wochenstunden": result["wochenstunden"],
        "totals": result["totals"],
        "sides": result["sides"],
        "values": {r["id"]: {"ist": r["ist"], "soll": r["soll"]} for r in result["tasks"] if r["entered"]},
    }


def assessment_blocks(result: Comparison, path: str, problems: list[str], saved: bool) -> list:
    totals = result["totals"]
    blocks: list = [
        Heading("Selbsteinschätzung IST/SOLL" + (" (Entwurf)" if result["draft"] else ""), path),
        Table(
            ["Bereich", "IST", "SOLL"],
            [
                [s["name"], percent(s["ist"], s["ist_hours"]), percent(s["soll"], s["soll_hours"])]
                for s in result["sides"]
            ]
            + [
                [
                    "Summe",
                    percent(totals["ist"], totals["ist_hours"]),
                    percent(totals["soll"], totals["soll_hours"]),
                ]
            ],
        ),
    ]
    if problems:
        blocks.append(Para("Noch nicht vollständig: " + "; ".join(problems) + ".", "warn"))
    else:
        blocks.append(Para("IST und SOLL ergeben je 100 %.", "good"))
    blocks.append(Para(("Gespeichert" if saved else "Unverändert") + f": {path}", "muted"))
    shown = f'"{path}"' if " " in path else path  # quoted the same way in cmd.exe, PowerShell and sh
    blocks.append(
        Para(f"Vergleich: ksm tasks compare {shown}" + (" --allow-partial" if problems else ""), "muted")
    )
    return blocks


# --- ksm tasks compare ------------------------------------------------------------------


def _title(result: Comparison) -> str:
    return "IST/SOLL-Vergleich der Aufgaben" + (f" – {result['kommune']}" if result["kommune"] else "")


def _task_rows(result: Comparison) -> list[list[Cell]]:
    """One row per task; the bars are scaled to 100 % of the working time, so that a bar shows
    the share itself and not its size against the largest share."""
    rows: list[list[Cell]] = []
    for r in result["tasks"]:
        rows.append(
            [
                signed(r["delta"]),
                ShareBar(r["ist"], 100, percent(r["ist"], r["ist_hours"])),
                ShareBar(r["soll"], 100, percent(r["soll"], r["soll_hours"])),
                task_label({"text": r["text"], "note": r["note"]})
                + (" [Landkreis]" if r["landkreis_only"] else ""),
            ]
        )
    return rows


def _subtotal_rows(items: Sequence[Mapping[str, Any]]) -> list[list[Cell]]:
    return [
        [
            signed(i["delta"]),
            percent(i["ist"], i["ist_hours"]),
            percent(i["soll"], i["soll_hours"]),
            i["name"],
        ]
        for i in items
    ]


def note_text(note: Mapping[str, Any]) -> str:
    return (
        f"Das SOLL verschiebt sich um {signed(note['delta'])} Prozentpunkte zu „{note['label']}“ "
        f"({note['source']}): {' '.join(note['text'].split())}"
    )


def note_support(note: Mapping[str, Any]) -> str:
    models = ", ".join(note["models"])
    text = f"Zugeordnete Aufgaben: {' '.join(note['tasks_note'].split())}"
    if models:
        text += f" Das stützt {models} ({' '.join(note['models_source'].split())})."
    return text


def questions_blocks(questions: Mapping[str, Any]) -> list[Block]:
    """The two questions of Kapitel 4.2, in the source's words."""
    return [
        Para(f"{' '.join(questions['text'].split())} ({questions['source']}):"),
        Bullets([" ".join(item.split()) for item in questions["items"]]),
    ]


def _document_intro(result: Comparison, tasks_file: dict[str, Any], today: dt.date) -> list[Block]:
    """What only the Diskussionsgrundlage shows: its purpose and date, the source's own words on
    the self-assessment, and the facts of the Kommune."""
    from ksm_cli.vocabulary import KOMMUNENTYPEN

    intro = tasks_file["self_assessment"]
    kind = KOMMUNENTYPEN.get(result["kommunentyp"] or "", "–")
    hours = f"{de_number(result['wochenstunden'], 1)} h" if result["wochenstunden"] else "–"
    return [
        Para(
            "Diskussionsgrundlage zur inhaltlichen Ausrichtung des Klimaschutzmanagements, "
            f"Stand {de_date(today)}."
        ),
        Note(" ".join(intro["text"].split()), intro["source"], "quote"),
        *(
            [Para("Hinweis: " + " ".join(intro["wording_note"].split()), "muted")]
            if intro.get("wording_note")
            else []
        ),
        Fields([("Kommune", result["kommune"] or "–"), ("Kommunentyp", kind), ("Wochenarbeitszeit", hours)]),
    ]


def compare_blocks(
    result: Comparison, tasks_file: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[Block]:
    """The one description of a comparison: the terminal shows it, and ``compare_markdown``
    writes it as the Diskussionsgrundlage. ``tasks_file`` and ``today`` give what only the
    document shows (its introduction and date); a screen does without them."""
    from ksm_cli import __version__

    hours = (
        f"; Wochenarbeitszeit {de_number(result['wochenstunden'], 1)} h" if result["wochenstunden"] else ""
    )
    blocks: list[Block] = [
        Heading(
            _title(result),
            "Selbsteinschätzung nach Kapitel 4.1 (Tabellen 4.2 und 4.3), "
            f"nach Größe der Verschiebung sortiert{hours}",
        )
    ]
    if tasks_file is not None and today is not None:
        blocks.append(Only(DOCUMENT, _document_intro(result, tasks_file, today)))
    if result["draft"]:
        blocks.append(Note("Entwurf: Die Summen ergeben noch nicht je 100 %.", style="warn"))
    blocks.append(Table(["Δ", "IST", "SOLL", "Aufgabe"], _task_rows(result)))
    blocks.append(
        Table(
            ["Δ", "IST", "SOLL", "Bereich"],
            _subtotal_rows(result["sides"]),
            title="Innerhalb der Verwaltung und nach außen (Tabellen 4.2 und 4.3)",
        )
    )
    blocks.append(
        Table(
            ["Δ", "IST", "SOLL", "Arbeitsschwerpunkt"],
            _subtotal_rows(result["areas"]),
            title="Arbeitsschwerpunkte (Abbildung 4.1)",
        )
    )
    blocks.append(Table(["Δ", "IST", "SOLL", "Gruppe"], _subtotal_rows(result["groups"]), title="Gruppen"))

    inner: list[Block] = questions_blocks(result["anchoring"]["questions"])
    inner.append(Para(" ".join(result["anchoring"]["text"].split()) + ":"))
    for note in result["notes"]:
        inner += [Note(note_text(note)), Para(note_support(note), "muted")]
    if not result["notes"]:
        inner.append(Para("Das SOLL verschiebt sich zu keinem der Wege aus Kapitel 4.2.", "muted"))
    for way in result["other_ways"]:
        inner.append(Para(f"Weitere Möglichkeit: {' '.join(way['text'].split())} ({way['source']})"))
    blocks.append(Section("Hinweise zur Verstetigung (Kapitel 4.2)", inner))
    blocks.append(
        Only(
            DOCUMENT,
            [
                Para(
                    f"Erstellt mit ksm {__version__}. Quelle: Klima-KomPakt, „Klimaschutzmanagement "
                    "verstetigen“, Kapitel 4 (Abbildung 4.1, Tabellen 4.2 und 4.3). Die Zuordnung von "
                    "Aufgaben und Modellen zu den Wegen aus Kapitel 4.2 ist eine Lesart von ksm; ihre "
                    "Quellen stehen bei jedem Hinweis.",
                    "muted",
                )
            ],
        )
    )
    return blocks


# The public keys of ksm.tasks.compare/1, copied one by one: a key the core adds stays internal.
COMPARE_KEYS: tuple[str, ...] = (
    "kommune",
    "kommunentyp",
    "landkreis",
    "wochenstunden",
    "draft",
    "totals",
    "tasks",
)
COMPARE_KEYS += ("sides", "areas", "groups", "notes", "other_ways", "anchoring")


def compare_json(result: Comparison) -> dict[str, Any]:
    return {"schema": "ksm.tasks.compare/1", **{key: result[key] for key in COMPARE_KEYS}}  # type: ignore[literal-required]


def compare_markdown(result: Comparison, tasks_file: dict[str, Any], today: dt.date) -> str:
    """The Diskussionsgrundlage: the blocks of the terminal view, written as Markdown, with
    ksm's mark (``outputs.mark_text``)."""
    from ksm_cli.outputs import mark_text
    from ksm_cli.render.markdown import to_markdown

    return mark_text("md", to_markdown(compare_blocks(result, tasks_file, today)))


def compare_csv(result: Comparison) -> str:
    from ksm_cli.render.spreadsheet import excel_csv

    rows = [
        [
            r["table_name"],
            r["group_name"],
            r["area_name"],
            r["id"],
            " ".join(r["text"].split()),
            r["ist"],
            r["soll"],
            r["delta"],
            r["ist_hours"],
            r["soll_hours"],
            " ".join((r["note"] or "").split()),
        ]
        for r in result["tasks"]
    ]
    return excel_csv(
        [
            "Tabelle",
            "Gruppe",
            "Arbeitsschwerpunkt",
            "Aufgaben-ID",
            "Aufgabe",
            "IST %",
            "SOLL %",
            "Delta %-Punkte",
            "IST h/Woche",
            "SOLL h/Woche",
            "Hinweis",
        ],
        rows,
        marked=True,
    )
