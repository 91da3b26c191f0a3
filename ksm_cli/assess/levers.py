"""Levers: which changed answers on the path lead to another result (pure).

For the given answers, each other option of a question on the path is tried with every other
answer kept. Where the changed branch reaches questions that were never answered, every answer
there is followed, so that a lever names all results that come into question and the questions
that decide between them (``depends_on``). Only where no single change leads anywhere else are
pairs tried: a change on the path and a second one on the path it opens. Levers are ordered by the development order of Kapitel 3.1, highest
first: the most any lever can reach comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksm_cli.assess.types import Change, Lever

    # result id -> the model dicts it recommends for this Kommune (``engine._for_kommunentyp``)
    ModelsFor = Callable[[str], list[dict[str, Any]]]


def outcomes(flowchart: dict[str, Any], answers: dict[str, str]) -> tuple[set[str], list[str]]:
    """Every result the answers can still reach from the start, and the unanswered questions
    where the branches part (in the order they are met)."""
    nodes, results = flowchart["nodes"], flowchart["results"]
    reached: set[str] = set()
    open_nodes: list[str] = []
    stack = [flowchart["start"]]
    seen: set[str] = set()
    while stack:
        current = stack.pop()
        if current in results:
            reached.add(current)
            continue
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        options = nodes[current]["options"]
        chosen = next((o for o in options if o["id"] == answers.get(current)), None)
        if chosen is not None:
            stack.append(chosen["next"])
            continue
        open_nodes.append(current)
        stack.extend(o["next"] for o in reversed(options))
    return reached, open_nodes


def _answered_path(flowchart: dict[str, Any], answers: dict[str, str]) -> list[str]:
    """The answered questions the answers lead through, from the start."""
    nodes = flowchart["nodes"]
    path: list[str] = []
    current = flowchart["start"]
    while current in nodes and current not in path:
        option = next((o for o in nodes[current]["options"] if o["id"] == answers.get(current)), None)
        if option is None:
            break
        path.append(current)
        current = option["next"]
    return path


def _change(flowchart: dict[str, Any], node_id: str, option: dict[str, Any]) -> Change:
    return {
        "question_id": node_id,
        "question": flowchart["nodes"][node_id]["label"],
        "answer_id": option["id"],
        "answer": option["label"],
        "would": option["would"],
    }


def _lever(
    flowchart: dict[str, Any],
    models_for: ModelsFor,
    current: str,
    changes: list[tuple[str, dict[str, Any]]],
    answers: dict[str, str],
) -> tuple[int, Lever] | None:
    changed = {**answers, **{node_id: option["id"] for node_id, option in changes}}
    reached, open_nodes = outcomes(flowchart, changed)
    others = reached - {current}
    if not others:
        return None
    models: list[dict[str, Any]] = []
    for result_id in (r for r in flowchart["results"] if r in others):  # file order, not set order
        for model in models_for(result_id):
            if all(m["id"] != model["id"] for m in models):
                models.append(model)
    models.sort(key=lambda m: m["rank"])
    (node_id, option), *rest = changes
    lever: Lever = {
        **_change(flowchart, node_id, option),
        "result": next(iter(others)) if len(reached) == 1 else None,
        "models": [m["id"] for m in models],
        "depends_on": open_nodes if len(reached) > 1 else [],
        "also": _change(flowchart, rest[0][0], rest[0][1]) if rest else None,
        "current_possible": current in reached,
        "raises": False,  # set by the engine: a model higher in the development order
        "why": option["consequence"]["text"],
        "source": option["consequence"]["source"],
    }
    return max(m["rank"] for m in models), lever


def levers(
    flowchart: dict[str, Any],
    answers: dict[str, str],
    path_nodes: list[str],
    current: str,
    models_for: ModelsFor,
) -> list[Lever]:
    """The levers for a walk that ended in ``current`` along ``path_nodes`` (node ids)."""
    nodes = flowchart["nodes"]
    alternatives = [
        (node_id, option)
        for node_id in path_nodes
        for option in nodes[node_id]["options"]
        if option["id"] != answers.get(node_id) and option["lever"]
    ]
    found = [
        ranked
        for node_id, option in alternatives
        if (ranked := _lever(flowchart, models_for, current, [(node_id, option)], answers)) is not None
    ]
    if not found:
        # A pair: the second change lies on the path the first one opens, where answers given
        # earlier (an answers file) lead back to the same result.
        for node_id, option in alternatives:
            changed = {**answers, node_id: option["id"]}
            for second in _answered_path(flowchart, changed):
                if second == node_id:
                    continue
                for other in nodes[second]["options"]:
                    if other["id"] == changed[second]:
                        continue
                    pair = [(node_id, option), (second, other)]
                    ranked = _lever(flowchart, models_for, current, pair, answers)
                    if ranked is not None:
                        found.append(ranked)
    # highest development order first; the order of the path among equals (sorted is stable)
    return [lever for _, lever in sorted(found, key=lambda ranked: -ranked[0])]


# The public keys of a lever in ``--json`` and the batch JSON (README, tests/snapshots): copied
# key by key, so that ``current_possible`` stays internal.
LEVER_KEYS = (
    "question_id",
    "question",
    "answer_id",
    "answer",
    "result",
    "models",
    "depends_on",
    "raises",
    "why",
    "source",
)
CHANGE_KEYS = ("question_id", "question", "answer_id", "answer")


def public_levers(
    found: list[Lever], keys: tuple[str, ...] = LEVER_KEYS, change_keys: tuple[str, ...] = CHANGE_KEYS
) -> list[dict[str, Any]]:
    """The levers as JSON, key by key; ``also`` (the second change of a pair) with ``change_keys``."""
    out = []
    for lever in found:
        item: dict[str, Any] = {key: lever[key] for key in keys}  # type: ignore[literal-required]
        also = lever["also"]
        item["also"] = {key: also[key] for key in change_keys} if also else None  # type: ignore[literal-required]
        out.append(item)
    return out


# In ``ksm assess --batch --json`` a lever is named by its ids only: 10,000 rows with the full
# texts would hold about 100 MiB; the texts are in ``ksm flowchart --json`` and ``assess --json``.
BATCH_LEVER_KEYS = ("question_id", "answer_id", "result", "models", "raises")


def batch_levers(found: list[Lever]) -> list[dict[str, Any]]:
    return public_levers(found, BATCH_LEVER_KEYS, ("question_id", "answer_id"))
