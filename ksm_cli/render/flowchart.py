"""Views of the flowchart (Abbildung 5.1): a tree, a Mermaid diagram and the JSON graph."""

from __future__ import annotations

import re
from typing import Any

from ksm_cli.render.document import Heading, Para, Tree, clean

SCHEMA = "ksm.flowchart/1"


_MERMAID_CODES = {
    "#": "#35;",
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "|": "#124;",
    "`": "#96;",
}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_CODES)) + "]")


def mermaid_text(text: str) -> str:
    """A label inside ["..."]: on one line, control and invisible characters shown, quotes and
    markup-like characters as entity codes ("#" too, so that a typed "#lt;" stays text)."""
    text = re.sub(r"\s+", " ", clean(text)).strip()
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_CODES[m.group()], text)


_mermaid_text = mermaid_text  # the name the tests know


ADDED_NODE = "ksm_erstvorhaben"  # the box ksm adds in front of the figure for an Erstvorhaben


def mermaid(
    flowchart: dict[str, Any],
    taken: list[tuple[str, str]] | None = None,
    only_path: bool = False,
    added: str | None = None,
) -> str:
    """A Mermaid ``flowchart TD``. ``taken`` lists (question id, option id) of a path; its
    nodes and edges are highlighted, and with ``only_path`` nothing else is drawn. ``added`` is
    the label of a box ksm puts in front of the start (the Erstvorhaben path), drawn dashed and
    marked „ergänzt durch ksm“."""
    taken = taken or []
    chosen = dict(taken)
    nodes, results = flowchart["nodes"], flowchart["results"]
    on_path: set[str] = set()
    for question, option_id in taken:
        on_path.add(question)
        node = nodes.get(question)
        if node:
            on_path.add(next(o["next"] for o in node["options"] if o["id"] == option_id))

    lines = ["flowchart TD"]
    if added:
        lines.append(f'    {ADDED_NODE}["{mermaid_text(added)} (ergänzt durch ksm)"]')
        lines.append(f"    {ADDED_NODE} -.-> {flowchart['start']}")
        lines.append(f"    style {ADDED_NODE} stroke-dasharray: 5 5")
    shown = [n for n in nodes if not only_path or n in on_path]
    for name in shown:
        lines.append(f'    {name}["{mermaid_text(nodes[name]["label"])}"]')
    for name, result in results.items():
        if not only_path or name in on_path:
            lines.append(f'    {name}(["{mermaid_text(result["label"])}"])')
    edge_index = 1 if added else 0  # the dashed edge of the added box comes first
    highlighted: list[int] = []
    for name in shown:
        for option in nodes[name]["options"]:
            on = chosen.get(name) == option["id"]
            if only_path and not on:
                continue
            lines.append(f'    {name} -->|"{mermaid_text(option["label"])}"| {option["next"]}')
            if on:
                highlighted.append(edge_index)
            edge_index += 1
    if taken:
        lines.append("    classDef pfad fill:#d9f2d9,stroke:#2e7d32,stroke-width:2px")
        lines.append("    class " + ",".join(n for n in [*nodes, *results] if n in on_path) + " pfad")
        if highlighted:
            lines.append(f"    linkStyle {','.join(map(str, highlighted))} stroke:#2e7d32,stroke-width:3px")
    return "\n".join(lines) + "\n"


def tree_blocks(flowchart: dict[str, Any], taken: list[tuple[str, str]] | None = None) -> list:
    """Abbildung 5.1 as a tree from the start. A node reached a second time is not expanded
    again but points back ("siehe oben"). Options on the given path are highlighted."""
    chosen = dict(taken or [])
    stages = {s["id"]: s for s in flowchart["stages"]}
    total = len(flowchart["stages"])
    nodes, results = flowchart["nodes"], flowchart["results"]
    expanded: set[str] = set()

    def node_tree(name: str, on_path: bool) -> Tree:
        if name in results:
            result = results[name]
            return Tree(
                f"Ergebnis: {result['label']} ({', '.join(result['models'])})", "good" if on_path else None
            )
        node = nodes[name]
        stage = stages[node["stage"]]
        label = f"[{stage['number']}/{total} {stage['title']}] {node['label']}: {node['question']}"
        if node.get("reconstructed"):
            label += " (rekonstruiert)"
        if name in expanded:
            return Tree(f"→ {node['label']} (siehe oben)", "muted")
        expanded.add(name)
        children = []
        for option in node["options"]:
            taken_here = on_path and chosen.get(name) == option["id"]
            child = node_tree(option["next"], taken_here)
            children.append(Tree(f"{option['label']}", "path" if taken_here else None, [child]))
        return Tree(label, "path" if on_path else None, children)

    root = node_tree(flowchart["start"], bool(chosen))
    blocks: list = [
        Heading(
            "Flussdiagramm: Rahmenbedingungen und Möglichkeiten nach einer KSM-Förderung", flowchart["source"]
        ),
        Tree("Start", None, [root]),
        Para(flowchart["reconstruction_note"], "muted"),
    ]
    if chosen:
        blocks.insert(2, Para("Hervorgehoben (»): der Weg Ihrer Antworten.", "note"))
    return blocks


def flowchart_json(flowchart: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": flowchart["source"],
        "reconstruction_note": flowchart["reconstruction_note"],
        "start": flowchart["start"],
        "stages": [
            {k: s[k] for k in ("id", "number", "title", "question", "source")} for s in flowchart["stages"]
        ],
        "nodes": [
            {
                "id": name,
                "stage": node["stage"],
                "label": node["label"],
                "question": node["question"],
                "reconstructed": node["reconstructed"],
                "source": node["source"],
                "options": [{"id": o["id"], "label": o["label"], "next": o["next"]} for o in node["options"]],
            }
            for name, node in flowchart["nodes"].items()
        ],
        "results": [
            {
                "id": name,
                "label": result["label"],
                "models": result["models"],
                "alternatives": result["alternatives"],
                "variants": [
                    {"option": o["id"], "label": o["label"], "model": o["variant"]}
                    for o in (result["refine"] or {}).get("options", [])
                ],
                "variant_question": (result["refine"] or {}).get("id"),
                "source": result["source"],
            }
            for name, result in flowchart["results"].items()
        ],
    }
