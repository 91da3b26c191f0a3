"""The recommendation engine: walk the flowchart (Abbildung 5.1) with a set of answers.

Pure code over the validated knowledge (plain dicts): no UI, no files. ``assess`` returns an
``Assessment`` with the recommended model ids, the path taken, the reasons (help texts and
sources of the branches taken), alternatives and warnings. Answers for questions the path
never reaches are ignored; a question on the path without an answer ends the walk and is
reported in ``missing``.
"""

from __future__ import annotations

from typing import Any

KOMMUNENTYPEN = {
    "gemeinde": "kreisangehörige Gemeinde/Stadt",
    "kreisfreie_stadt": "kreisfreie Stadt",
    "landkreis": "Landkreis",
}


class Step:
    __slots__ = ("stage", "stage_title", "node", "question", "option", "answer", "help", "source", "warning")

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "stage_title": self.stage_title,
            "question_id": self.node,
            "question": self.question,
            "answer_id": self.option,
            "answer": self.answer,
            "source": self.source,
        }


class Assessment:
    """The result of one walk. ``complete`` is False while questions on the path are open."""

    def __init__(self) -> None:
        self.result_id: str | None = None
        self.result_label: str | None = None
        self.recommended: list[str] = []
        self.path: list[Step] = []
        self.reasons: list[dict[str, str]] = []
        self.alternatives: list[dict[str, str]] = []
        self.warnings: list[dict[str, str]] = []
        self.missing: list[str] = []

    @property
    def complete(self) -> bool:
        return self.result_id is not None


def walk(flowchart: dict[str, Any], answers: dict[str, str]) -> tuple[list[Step], str | None, str | None]:
    """Follow the answers from the start; returns (path, result id, first unanswered node)."""
    stages = {s["id"]: s for s in flowchart["stages"]}
    nodes, results = flowchart["nodes"], flowchart["results"]
    path: list[Step] = []
    current = flowchart["start"]
    while current in nodes:
        node = nodes[current]
        chosen = answers.get(current)
        option = next((o for o in node["options"] if o["id"] == chosen), None)
        if option is None:
            return path, None, current
        stage = stages[node["stage"]]
        path.append(Step(
            stage=stage["number"], stage_title=stage["title"], node=current, question=node["question"],
            option=option["id"], answer=option["label"], help=node["help"], source=node["source"],
            warning=option["warning"],
        ))
        current = option["next"]
    return path, (current if current in results else None), None


def _for_kommunentyp(models: list[dict[str, Any]], kommunentyp: str | None) -> list[dict[str, Any]]:
    """A Landkreis gets the models meant for a Landkreis (V7a instead of V7), others the rest."""
    if len(models) < 2:
        return models
    landkreis = [m for m in models if m["for_landkreis"]]
    others = [m for m in models if not m["for_landkreis"]]
    if not landkreis or not others:
        return models
    if kommunentyp == "landkreis":
        return landkreis
    if kommunentyp in ("gemeinde", "kreisfreie_stadt"):
        return others
    return models  # unknown: both stay, the report says which applies when


def _next_up(ordered: list[dict[str, Any]], model: dict[str, Any], kommunentyp: str | None) -> dict[str, Any] | None:
    """The next model up in the development order (Kapitel 3.1) among those the flowchart can
    recommend (so not V7b, the phase of writing the Konzept)."""
    candidates = [m for m in ordered if m["rank"] > model["rank"]]
    if not candidates:
        return None
    rank = candidates[0]["rank"]
    same_rank = [m for m in candidates if m["rank"] == rank]
    chosen = _for_kommunentyp(same_rank, kommunentyp)
    return chosen[0]


def assess(knowledge, answers: dict[str, str], context: dict[str, Any] | None = None) -> Assessment:
    """Walk the flowchart and build the recommendation with reasons, alternatives and warnings."""
    context = context or {}
    kommunentyp = context.get("kommunentyp")
    flowchart = knowledge.flowchart
    result = Assessment()
    result.path, result_id, missing = walk(flowchart, answers)
    if missing is not None:
        result.missing = [missing]

    for step in result.path:
        result.reasons.append({"question_id": step.node, "text": step.help, "source": step.source})
        if step.warning:
            result.warnings.append({"text": step.warning["text"], "source": step.warning["source"]})
    if result_id is None:
        return result

    entry = flowchart["results"][result_id]
    result.result_id = result_id
    result.result_label = entry["label"]
    chosen = _for_kommunentyp([knowledge.model(i) for i in entry["models"]], kommunentyp)
    result.recommended = [m["id"] for m in chosen]
    result.reasons.append({"question_id": None, "text": entry["label"], "source": entry["source"]})

    def add_alternative(model_id: str, why: str, source: str) -> None:
        if model_id in result.recommended or any(a["model"] == model_id for a in result.alternatives):
            return
        result.alternatives.append({"model": model_id, "why": why, "source": source})

    for model_id in entry["alternatives"]:
        add_alternative(model_id, "Alternative zu diesem Ergebnis im Flussdiagramm", entry["source"])
    last = result.path[-1] if result.path else None
    if last is not None:
        node = flowchart["nodes"][last.node]
        for option in node["options"]:
            if option["id"] == last.option or option["next"] not in flowchart["results"]:
                continue
            other = flowchart["results"][option["next"]]
            for m in _for_kommunentyp([knowledge.model(i) for i in other["models"]], kommunentyp):
                add_alternative(m["id"], f"bei der Antwort „{option['label']}“ auf „{node['label']}“", other["source"])
    recommendable = {i for r in flowchart["results"].values() for i in r["models"]}
    ordered = sorted((m for m in knowledge.models if m["id"] in recommendable), key=lambda m: m["rank"])
    for model in chosen:
        up = _next_up(ordered, model, kommunentyp)
        if up is not None:
            add_alternative(up["id"], "nächster Schritt in der Entwicklungsreihenfolge",
                            knowledge.models_file["development_order"]["source"])
        steckbrief = model.get("steckbrief")
        for rec in (steckbrief or {}).get("recommendations", []):
            for ref in rec["models"]:
                add_alternative(knowledge.model(ref)["id"], f"Empfehlung des Steckbriefs: {rec['label']}",
                                steckbrief["source"])
    return result
