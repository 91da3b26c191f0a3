"""``ksm flowchart``: tree, Mermaid, JSON, and the highlighted path of an answers file."""

from __future__ import annotations

import json
import re


def test_tree_shows_every_question_and_result(ksm, k):
    result = ksm("flowchart")
    assert result.exit_code == 0
    flat = " ".join(re.sub("[│├└]─?", " ", result.stdout).split())  # without tree guides and wraps
    for node in k.flowchart["nodes"].values():
        assert node["question"] in flat
    for entry in k.flowchart["results"].values():
        assert f"Ergebnis: {entry['label']}" in flat
    assert "[1/3 Strategische Grundlage]" in result.stdout
    assert "(siehe oben)" in result.stdout  # shared nodes are expanded once
    assert "»" not in result.stdout


def test_mermaid_has_every_node_and_edge(ksm, k):
    result = ksm("flowchart", "--mermaid")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    edges = [line for line in lines if "-->" in line]
    assert len(edges) == sum(len(n["options"]) for n in k.flowchart["nodes"].values())
    declared = {
        re.match(r"\s+(\w+)[\[(]", line).group(1) for line in lines[1:] if re.match(r"\s+\w+[\[(]", line)
    }
    assert declared == set(k.flowchart["nodes"]) | set(k.flowchart["results"])


def test_json_exports_the_graph(ksm, k):
    data = json.loads(ksm("flowchart", "--json").stdout)
    assert data["schema"] == "ksm.flowchart/1"
    assert data["start"] == "klimaschutzkonzept"
    node = next(n for n in data["nodes"] if n["id"] == "stellenausbau_ort")
    assert node["options"] == [
        {"id": "innerhalb", "label": "innerhalb der Verwaltung", "next": "v10"},
        {"id": "ausserhalb", "label": "außerhalb der Verwaltung", "next": "v11"},
    ]
    results = {r["id"]: r for r in data["results"]}
    assert results["v7"]["models"] == ["V7", "V7a"]
    assert [v["model"] for v in results["v6a_c"]["variants"]] == ["V6a", "V6b", "V6c"]


def test_answers_highlight_the_path(ksm, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: nicht_moeglich\n", encoding="utf-8"
    )
    tree = ksm("flowchart", "--answers", str(path))
    marked = [line for line in tree.stdout.splitlines() if "» " in line]
    assert any("Klimaschutzkonzept (KSK)" in line for line in marked)
    assert any("» nicht möglich" in line for line in marked)
    assert not any("» teilweise" in line for line in marked)
    mermaid = ksm("flowchart", "--mermaid", "--answers", str(path)).stdout
    assert "class klimaschutzkonzept,ideen_weiterentwicklung,v5 pfad" in mermaid
    data = json.loads(ksm("flowchart", "--json", "--answers", str(path)).stdout)
    assert data["path"] == [
        {"question": "klimaschutzkonzept", "answer": "umgesetzt"},
        {"question": "ideen_weiterentwicklung", "answer": "nicht_moeglich"},
    ]


def test_mermaid_labels_cannot_break_the_diagram():
    from ksm_cli.render.flowchart import _mermaid_text

    assert _mermaid_text('a "b" [c] <d> | e') == "a #quot;b#quot; #91;c#93; #lt;d#gt; #124; e"


def test_mermaid_and_json_together_is_a_usage_error(ksm):
    result = ksm("flowchart", "--mermaid", "--json")
    assert result.exit_code == 2 and "nur eines" in result.stderr
