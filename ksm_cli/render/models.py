"""Views of the Verstetigungsmodelle: list, one model, comparison; and their JSON shapes."""

from __future__ import annotations

from typing import Any

from ksm_cli.german import de_number, decimal_places
from ksm_cli.render.document import Block, Bullets, Fields, Heading, Para, Section, Table

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


def list_blocks(models: list[dict[str, Any]]) -> list:
    rows = [
        [m["id"], m["name"], PLACEMENT[m["placement"]].split()[0], m["short_description"]] for m in models
    ]
    return [
        Heading(
            "Verstetigungsmodelle (Tabelle 3.1)",
            "Je höher die Nummer, desto breiter ist Klimaschutz in der Verwaltung verankert.",
        ),
        Table(["ID", "Name", "Ansiedlung", "Kurzbeschreibung"], rows),
        Para("Details: ksm models show ID   ·   Vergleich: ksm models compare ID ID", "muted"),
    ]


def _point_items(points: list[dict[str, Any]]) -> list[str]:
    return [p["text"] for p in points]


def _source_notes(model: dict[str, Any]) -> list[str]:
    notes = []
    for label, points in (("Vorteil", model["advantages"]), ("Nachteil", model["disadvantages"])):
        for point in points:
            if point.get("note"):
                notes.append(f"{label} „{point['text']}“: {point['note']}")
    for variant in model["variants"]:
        if variant.get("note"):
            notes.append(f"{variant['id']}: {variant['note']}")
    notes.extend(model["notes"])
    return notes


def _criterion_rows(criteria: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for c in criteria:
        name = f"{c['group']}: {c['criterion']}" if c.get("group") else c["criterion"]
        rows.append([name, c["result"], c["comment"]])
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
            checks.append(f"{c['criterion']}: {OPERATORS[chk['operator']]} {value} {chk['unit']}")
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

    if model["advantages"] or model["disadvantages"]:
        blocks.append(Section("Vorteile", [Bullets(_point_items(model["advantages"]), "+", "good")], "good"))
        blocks.append(
            Section("Nachteile", [Bullets(_point_items(model["disadvantages"]), "−", "bad")], "bad")
        )
    else:
        blocks.append(Para("Für dieses Modell nennt die Quelle keine Vor- und Nachteile.", "muted"))

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


def compare_blocks(models_file: dict[str, Any], models: list[dict[str, Any]]) -> list:
    def bullets(points: list[dict[str, Any]]) -> str:
        return "\n".join(f"• {p['text']}" for p in points) or "–"

    rows = [
        ["Name"] + [m["name"] for m in models],
        ["Kurzbeschreibung"] + [m["short_description"] for m in models],
        ["Ansiedlung"] + [placement(m) for m in models],
        ["Für Landkreise"] + ["ja" if m["for_landkreis"] else "nein" for m in models],
        ["Entwicklungsstufe"] + [rank_label(models_file, m) for m in models],
        ["Förderphase"] + [funding_label(models_file, m) for m in models],
        ["Varianten"] + [", ".join(f"{v['id']} {v['name']}" for v in m["variants"]) or "–" for m in models],
        ["Vorteile"] + [bullets(m["advantages"]) for m in models],
        ["Nachteile"] + [bullets(m["disadvantages"]) for m in models],
        ["Steckbrief"] + [steckbrief_label(m) for m in models],
    ]
    return [
        Heading("Vergleich: " + " · ".join(m["id"] for m in models)),
        Table([""] + [m["id"] for m in models], rows),
    ]


def compare_plain_blocks(models_file: dict[str, Any], models: list[dict[str, Any]]) -> list:
    """In a pipe, side-by-side columns do not fit: one section per model, same fields."""
    blocks: list = [Heading("Vergleich: " + " · ".join(m["id"] for m in models))]
    for m in models:
        blocks.append(
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
                            ("Steckbrief", steckbrief_label(m)),
                        ]
                    ),
                    Para("Vorteile:"),
                    Bullets(_point_items(m["advantages"]) or ["–"], "+"),
                    Para("Nachteile:"),
                    Bullets(_point_items(m["disadvantages"]) or ["–"], "−"),
                ],
            )
        )
    return blocks


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
