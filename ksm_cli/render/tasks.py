"""Views of the task catalogue, the self-assessment and the IST/SOLL comparison (Kapitel 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ksm_cli.german import de_date, de_number
from ksm_cli.render.document import Heading, Para, Section, Table

BAR_WIDTH = 10


def task_label(task: dict[str, Any]) -> str:
    text = " ".join(task["text"].split())
    return f"{text} (z. B. {', '.join(task['examples'])})" if task.get("examples") else text


def signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + de_number(abs(value), 1)


def percent(value: float, hours: float | None = None) -> str:
    text = f"{de_number(value, 1)} %"
    return f"{text} ({de_number(hours, 1)} h)" if hours is not None else text


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    filled = min(width, round(width * value / top)) if top > 0 else 0
    return "█" * filled + "·" * (width - filled)


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


def assessment_json(result: dict[str, Any], path: str, problems: list[str], saved: bool) -> dict[str, Any]:
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


def assessment_blocks(result: dict[str, Any], path: str, problems: list[str], saved: bool) -> list:
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


def _title(result: dict[str, Any]) -> str:
    return "IST/SOLL-Vergleich der Aufgaben" + (f" – {result['kommune']}" if result["kommune"] else "")


def _task_rows(result: dict[str, Any], with_bars: bool) -> list[list[str]]:
    top = max([max(r["ist"], r["soll"]) for r in result["tasks"]] + [1])
    rows = []
    for r in result["tasks"]:
        ist, soll = percent(r["ist"], r["ist_hours"]), percent(r["soll"], r["soll_hours"])
        if with_bars:
            ist, soll = f"{bar(r['ist'], top)} {ist}", f"{bar(r['soll'], top)} {soll}"
        rows.append(
            [
                signed(r["delta"]),
                ist,
                soll,
                task_label({"text": r["text"]}) + (" [Landkreis]" if r["landkreis_only"] else ""),
            ]
        )
    return rows


def _subtotal_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            signed(i["delta"]),
            percent(i["ist"], i["ist_hours"]),
            percent(i["soll"], i["soll_hours"]),
            i["name"],
        ]
        for i in items
    ]


def note_text(note: dict[str, Any]) -> str:
    return (
        f"Das SOLL verschiebt sich um {signed(note['delta'])} Prozentpunkte zu „{note['label']}“ "
        f"({note['source']}): {' '.join(note['text'].split())}"
    )


def note_support(note: dict[str, Any]) -> str:
    models = ", ".join(note["models"])
    text = f"Zugeordnete Aufgaben: {' '.join(note['tasks_note'].split())}"
    if models:
        text += f" Das stützt {models} ({' '.join(note['models_source'].split())})."
    return text


def compare_blocks(result: dict[str, Any]) -> list:
    hours = (
        f"; Wochenarbeitszeit {de_number(result['wochenstunden'], 1)} h" if result["wochenstunden"] else ""
    )
    blocks: list = [
        Heading(
            _title(result),
            "Selbsteinschätzung nach Kapitel 4.1 (Tabellen 4.2 und 4.3), "
            f"nach Größe der Verschiebung sortiert{hours}",
        )
    ]
    if result["draft"]:
        blocks.append(Para("Entwurf: Die Summen ergeben noch nicht je 100 %.", "warn"))
    blocks.append(Table(["Δ", "IST", "SOLL", "Aufgabe"], _task_rows(result, with_bars=True)))
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
    if result["notes"]:
        inner: list = []
        for note in result["notes"]:
            inner += [Para(note_text(note), "note"), Para(note_support(note), "muted")]
        blocks.append(Section("Hinweise zur Verstetigung (Kapitel 4.2)", inner))
    return blocks


def compare_json(result: dict[str, Any]) -> dict[str, Any]:
    return {"schema": "ksm.tasks.compare/1", **result}


def compare_markdown(result: dict[str, Any], tasks_file: dict[str, Any], today: dt.date) -> str:
    from ksm_cli import __version__
    from ksm_cli.render.markdown import md, md_table

    intro = tasks_file["self_assessment"]
    out = [
        f"# {md(_title(result))}",
        "",
        f"Diskussionsgrundlage zur inhaltlichen Ausrichtung des Klimaschutzmanagements, Stand {de_date(today)}.",
        "",
        f"> {md(' '.join(intro['text'].split()))} ({md(intro['source'])})",
        "",
    ]
    from ksm_cli.vocabulary import KOMMUNENTYPEN

    kind = KOMMUNENTYPEN.get(result["kommunentyp"] or "", "–")
    facts = [
        ["Kommune", result["kommune"] or "–"],
        ["Kommunentyp", kind],
        [
            "Wochenarbeitszeit",
            f"{de_number(result['wochenstunden'], 1)} h" if result["wochenstunden"] else "–",
        ],
    ]
    out += md_table(["Angabe", "Wert"], facts) + [""]
    if result["draft"]:
        out += ["**Entwurf:** Die Summen ergeben noch nicht je 100 %.", ""]
    out += ["## Aufgaben nach Größe der Verschiebung", ""]
    out += md_table(["Δ", "IST", "SOLL", "Aufgabe"], _task_rows(result, with_bars=False)) + [""]
    out += ["## Innerhalb der Verwaltung und nach außen", ""]
    out += md_table(["Δ", "IST", "SOLL", "Bereich"], _subtotal_rows(result["sides"])) + [""]
    out += ["## Arbeitsschwerpunkte (Abbildung 4.1)", ""]
    out += md_table(["Δ", "IST", "SOLL", "Arbeitsschwerpunkt"], _subtotal_rows(result["areas"])) + [""]
    out += ["## Gruppen", ""]
    out += md_table(["Δ", "IST", "SOLL", "Gruppe"], _subtotal_rows(result["groups"])) + [""]
    out += [
        "## Hinweise zur Verstetigung (Kapitel 4.2)",
        "",
        md(" ".join(result["anchoring"]["text"].split())) + ":",
        "",
    ]
    if result["notes"]:
        for note in result["notes"]:
            out += [f"- {md(note_text(note))}", f"  {md(note_support(note))}"]
    else:
        out.append("- Das SOLL verschiebt sich zu keinem der Wege aus Kapitel 4.2.")
    for way in result["other_ways"]:
        out.append(f"- Weitere Möglichkeit: {md(' '.join(way['text'].split()))} ({md(way['source'])})")
    out += [
        "",
        "---",
        "",
        f"Erstellt mit ksm {__version__}. Quelle: Klima-KomPakt, „Klimaschutzmanagement verstetigen“, "
        "Kapitel 4 (Abbildung 4.1, Tabellen 4.2 und 4.3). Die Zuordnung von Aufgaben und Modellen zu den "
        "Wegen aus Kapitel 4.2 ist eine Lesart von ksm; ihre Quellen stehen bei jedem Hinweis.",
    ]
    return "\n".join(out) + "\n"


def compare_csv(result: dict[str, Any]) -> str:
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
        ],
        rows,
    )
