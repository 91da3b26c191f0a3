"""Views of the Verstetigungsmodelle: list, one model, comparison; and their JSON shapes."""

from __future__ import annotations

from typing import Any

from ksm_cli.german import de_number, decimal_places
from ksm_cli.render.document import Block, Bullets, Fields, Heading, Note, Numbered, Para, Section, Table

PLACEMENT = {"inside": "innerhalb der Verwaltung", "outside": "außerhalb der Verwaltung"}
OPERATORS = {">": "mehr als", ">=": "mindestens", "<": "weniger als", "<=": "höchstens"}


def placement(model: dict[str, Any]) -> str:
    return PLACEMENT[model["placement"]]


def funding_label(models_file: dict[str, Any], model: dict[str, Any]) -> str:
    role = model.get("funding_role")
    if not role:
        return "–"
    return models_file["funding_roles"][role]["label"]


def rank_label(models_file: dict[str, Any], model: dict[str, Any]) -> str:
    """ "8 von 11": the last step is the highest rank in the data."""
    last = max(m["rank"] for m in models_file["models"])
    if model["covers"]:
        return f"{model['rank']} (umfasst {', '.join(model['covers'])}) von {last}"
    return f"{model['rank']} von {last}"


def _reference(source: str) -> str:
    """The first reference of a source: "Tabelle 3.2" of "Tabelle 3.2 (Beispielsteckbrief …)"."""
    return source.split(";", 1)[0].split(" (", 1)[0].strip()


def steckbrief_label(model: dict[str, Any]) -> str:
    """ "ja (Tabelle 3.2)" or "nein", for the comparison."""
    steckbrief = model.get("steckbrief")
    return f"ja ({_reference(steckbrief['source'])})" if steckbrief else "nein"


def steckbrief_scope(models: list[dict[str, Any]]) -> str:
    """Which models the guide has a Steckbrief for, from the data: "nur für V7, Tabelle 3.2"."""
    having = [m for m in models if m.get("steckbrief")]
    if not having:
        return "für keines der Modelle"
    return "nur für " + "; ".join(f"{m['id']}, {_reference(m['steckbrief']['source'])}" for m in having)


def threshold(value: float) -> str:
    """A threshold from the data, with every digit it has (German, reads back exactly)."""
    return de_number(value, decimal_places(value))


def list_blocks(models_file: dict[str, Any]) -> list:
    models = models_file["models"]
    rows = [
        [m["id"], m["name"], PLACEMENT[m["placement"]].split()[0], m["short_description"]] for m in models
    ]
    return [
        Heading(
            "Verstetigungsmodelle (Tabelle 3.1)",
            "Je höher die Nummer, desto breiter ist Klimaschutz in der Verwaltung verankert.",
        ),
        central_questions_section(models_file["central_questions"]),
        Table(["ID", "Name", "Ansiedlung", "Kurzbeschreibung"], rows),
        Para("Details: ksm models show ID   ·   Vergleich: ksm models compare ID ID", "muted"),
    ]


def central_questions_section(questions: dict[str, Any]) -> Section:
    """The four central questions of Kapitel 3.1, and where ksm takes them up (ksm's own words)."""
    return Section(
        f"Vier zentrale Fragen ({questions['source']})",
        [
            Numbered(questions["questions"]),
            Para(
                "In ksm: die Modelle und ihre Vor- und Nachteile mit ksm models list, show und "
                "compare; Weiterentwicklung und Rahmenbedingungen im Steckbrief (ksm models show V7) "
                "und mit ksm assess.",
                "muted",
            ),
        ],
        "muted",
    )


def point_text(point: dict[str, Any]) -> str:
    """A Vorteil or Nachteil as it is shown: its note, where it has one, on the line below."""
    return f"{point['text']}\nHinweis: {point['note']}" if point.get("note") else point["text"]


def _point_items(points: list[dict[str, Any]]) -> list[str]:
    return [point_text(p) for p in points]


def _source_notes(model: dict[str, Any]) -> list[str]:
    """The notes of a model that are not shown beside a point: variants and the model's own."""
    notes = []
    for variant in model["variants"]:
        if variant.get("note"):
            notes.append(f"{variant['id']}: {variant['note']}")
    notes.extend(model["notes"])
    return notes


def _criterion_rows(criteria: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for c in criteria:
        name = f"{c['group']}: {c['criterion']}" if c.get("group") else c["criterion"]
        comment = f"{c['comment']}\nHinweis: {c['note']}" if c.get("note") else c["comment"]
        rows.append([name, c["result"], comment])
    return rows


def steckbrief_blocks(steckbrief: dict[str, Any]) -> list:
    blocks: list = [
        Para(f"{steckbrief['title']} – Quelle: {steckbrief['source']}", "muted"),
        Table(
            ["Kriterium", "Ergebnis", "Kommentar"],
            _criterion_rows(steckbrief["conditions"]),
            title="Geeignete Ausgangslage",
        ),
    ]
    checks = []
    for c in steckbrief["conditions"]:
        if c.get("check"):
            chk = c["check"]
            value = threshold(chk["value"])
            line = f"{c['criterion']}: {OPERATORS[chk['operator']]} {value} {chk['unit']}"
            checks.append(line + (f" (Hinweis: {c['note']})" if c.get("note") else ""))
    for g in steckbrief["guide_values"]:
        checks.append(f"Richtwert: {g['text']}")
    if checks:
        blocks.append(Section("Prüfbare Kriterien", [Bullets(checks)], "muted"))
    if steckbrief["properties"]:
        blocks.append(
            Table(
                ["Eigenschaft", "Ergebnis", "Kommentar"],
                _criterion_rows(steckbrief["properties"]),
                title="Eigenschaften des Modells",
            )
        )
    if steckbrief["recommendations"]:
        blocks.append(
            Section(
                "Empfehlungen für die weitere Verstetigung",
                [Fields([(r["label"], r["text"]) for r in steckbrief["recommendations"]])],
            )
        )
    return blocks


def points_blocks(model: dict[str, Any]) -> list[Block]:
    """Vorteile and Nachteile, each with its note; where the source gives none, why."""
    if model["advantages"] or model["disadvantages"]:
        return [
            Section("Vorteile", [Bullets(_point_items(model["advantages"]) or ["–"], "+", "good")], "good"),
            Section("Nachteile", [Bullets(_point_items(model["disadvantages"]) or ["–"], "−", "bad")], "bad"),
        ]
    reason = model["empty_reason"]
    return [Section("Vorteile und Nachteile", [Note(reason["text"], reason["source"])], "muted")]


def show_blocks(
    models_file: dict[str, Any], model: dict[str, Any], variant: dict[str, Any] | None
) -> list[Block]:
    fields = [
        ("Kurzbeschreibung", model["short_description"]),
        ("Ansiedlung", placement(model)),
        ("Für Landkreise", "ja" if model["for_landkreis"] else "nein"),
        ("Entwicklungsstufe", rank_label(models_file, model)),
        ("Förderphase", funding_label(models_file, model)),
    ]
    if model.get("landkreis_model"):
        fields.append(("Im Landkreis", model["landkreis_model"]))
    if model["covers"]:
        fields.append(("Umfasst", ", ".join(model["covers"])))
    fields.append(("Quelle", model["source"]))
    subtitle = f"Variante {variant['id']}: {variant['name']}" if variant else None
    blocks: list = [Heading(f"{model['id']} – {model['name']}", subtitle), Fields(fields)]

    if model["variants"]:
        highlight = {i for i, v in enumerate(model["variants"]) if variant and v["id"] == variant["id"]}
        rows = [[v["id"], v["name"], v["source"]] for v in model["variants"]]
        blocks.append(Section("Varianten", [Table(["ID", "Variante", "Quelle"], rows, highlight)]))

    blocks.extend(points_blocks(model))

    if model.get("steckbrief"):
        blocks.append(Section("Steckbrief", steckbrief_blocks(model["steckbrief"])))
    else:
        info = models_file["steckbrief_info"]
        blocks.append(
            Section(
                "Steckbrief",
                [
                    Para(
                        f"Der Leitfaden enthält für {model['id']} keinen Steckbrief "
                        f"({steckbrief_scope(models_file['models'])}). "
                        f"Alle Modellsteckbriefe finden Sie auf der Projektseite: {info['url']}",
                        "note",
                    )
                ],
                "muted",
            )
        )

    notes = _source_notes(model)
    if notes:
        blocks.append(Section("Hinweise zur Quelle", [Bullets(notes, "–", "muted")], "muted"))
    return blocks


class _Footnotes:
    """Notes of a comparison, numbered in the order they are first referred to."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def mark(self, text: str) -> str:
        self.items.append(text)
        return f"(Hinweis {len(self.items)})"


def _compare_points(
    model: dict[str, Any], key: str, label: str, notes: _Footnotes, marks: dict[tuple[str, str, int], str]
) -> list[str]:
    """The points of one list of a model, each note as a footnote mark, the same in both forms."""
    points = model[key]
    if not points:
        if model.get("empty_reason"):
            reason = model["empty_reason"]
            if (model["id"], "empty", 0) not in marks:
                marks[(model["id"], "empty", 0)] = notes.mark(
                    f"{model['id']}: {reason['text']} ({reason['source']})"
                )
            return [f"– {marks[(model['id'], 'empty', 0)]}"]
        return ["–"]
    shown = []
    for index, point in enumerate(points):
        if point.get("note"):
            if (model["id"], key, index) not in marks:
                marks[(model["id"], key, index)] = notes.mark(
                    f"{model['id']}, {label} „{point['text']}“: {point['note']}"
                )
            shown.append(f"{point['text']} {marks[(model['id'], key, index)]}")
        else:
            shown.append(point["text"])
    return shown


def compare_blocks(models_file: dict[str, Any], models: list[dict[str, Any]]) -> list:
    """The models side by side; where the words do not fit side by side (plain text, a narrow
    terminal), one under another. The notes of the points are footnotes, the same in both."""
    notes = _Footnotes()
    marks: dict[tuple[str, str, int], str] = {}
    points = {
        m["id"]: (
            _compare_points(m, "advantages", "Vorteil", notes, marks),
            _compare_points(m, "disadvantages", "Nachteil", notes, marks),
        )
        for m in models
    }

    def bullets(items: list[str]) -> str:
        return "\n".join(item if item.startswith("–") else f"• {item}" for item in items)

    rows = [
        ["Name"] + [m["name"] for m in models],
        ["Kurzbeschreibung"] + [m["short_description"] for m in models],
        ["Ansiedlung"] + [placement(m) for m in models],
        ["Für Landkreise"] + ["ja" if m["for_landkreis"] else "nein" for m in models],
        ["Entwicklungsstufe"] + [rank_label(models_file, m) for m in models],
        ["Förderphase"] + [funding_label(models_file, m) for m in models],
        ["Varianten"] + [variants_label(m) for m in models],
        ["Vorteile"] + [bullets(points[m["id"]][0]) for m in models],
        ["Nachteile"] + [bullets(points[m["id"]][1]) for m in models],
        ["Steckbrief"] + [steckbrief_label(m) for m in models],
    ]
    stacked: list[Block] = []
    for m in models:
        advantages, disadvantages = points[m["id"]]
        stacked.append(
            Section(
                f"{m['id']} – {m['name']}",
                [
                    Fields(
                        [
                            ("Kurzbeschreibung", m["short_description"]),
                            ("Ansiedlung", placement(m)),
                            ("Für Landkreise", "ja" if m["for_landkreis"] else "nein"),
                            ("Entwicklungsstufe", rank_label(models_file, m)),
                            ("Förderphase", funding_label(models_file, m)),
                            ("Varianten", variants_label(m)),
                            ("Steckbrief", steckbrief_label(m)),
                        ]
                    ),
                    *_stacked_points("Vorteile", advantages, "+", "good"),
                    *_stacked_points("Nachteile", disadvantages, "−", "bad"),
                ],
            )
        )
    blocks: list = [
        Heading("Vergleich: " + " · ".join(m["id"] for m in models)),
        Table([""] + [m["id"] for m in models], rows, stacked=stacked),
    ]
    if notes.items:
        blocks.append(
            Section(
                "Hinweise zur Quelle",
                [Numbered(notes.items)],
                "muted",
            )
        )
    return blocks


def _stacked_points(label: str, items: list[str], marker: str, style: str) -> list[Block]:
    if len(items) == 1 and items[0].startswith("–"):  # none, and why in a footnote
        return [Para(f"{label}: {items[0]}")]
    return [Para(f"{label}:"), Bullets(items, marker, style)]


def variants_label(model: dict[str, Any]) -> str:
    return ", ".join(f"{v['id']} {v['name']}" for v in model["variants"]) or "–"


# --- JSON ------------------------------------------------------------------------------


def model_summary(model: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": model["id"],
        "name": model["name"],
        "placement": model["placement"],
        "short_description": model["short_description"],
        "rank": model["rank"],
        "for_landkreis": model["for_landkreis"],
        "funding_role": model["funding_role"],
        "variants": [v["id"] for v in model["variants"]],
        "has_steckbrief": model["steckbrief"] is not None,
    }


def list_json(models: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": "ksm.models.list/1", "models": [model_summary(m) for m in models]}


def show_json(model: dict[str, Any], variant: dict[str, Any] | None) -> dict[str, Any]:
    return {"schema": "ksm.models.show/1", "variant": variant["id"] if variant else None, "model": model}


def compare_json(models: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": "ksm.models.compare/1", "models": models}
