"""Validate a knowledge directory: YAML syntax, strict schemas and checks across files.

Every problem becomes an ``Issue`` naming the file, the line in the YAML and the field path,
with a German message. The result of a clean run is the compact, JSON-ready form of the
knowledge that the read path uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ksm_cli.knowledge import FILE_NAMES, read_sources
from ksm_cli.storage import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    FileProblem,
    YamlDocument,
    decode_utf8,
    display_path,
    parse_yaml,
)


@dataclass(frozen=True)
class Issue:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """As every file problem is shown (``storage.FieldChecker``): ``datei, Zeile N: feld:
        text``, lines and list entries counted from 1 as an editor counts them (``path`` in the
        JSON keeps the index from 0)."""
        where = self.file if self.line is None else f"{self.file}, Zeile {self.line}"
        shown = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", self.path)
        return f"{where}: {shown}: {self.message}" if shown else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


@dataclass
class Report:
    directory: str
    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.issues


def format_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _german_pydantic(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 60:
        shown = shown[:60] + "…"
    messages = {
        "missing": "Pflichtfeld fehlt",
        "extra_forbidden": "unbekannter Schlüssel",
        "string_type": "muss ein Text sein",
        "string_too_short": "darf nicht leer sein",
        "int_type": "muss eine ganze Zahl sein",
        "int_parsing": "muss eine ganze Zahl sein",
        "int_from_float": "muss eine ganze Zahl sein",
        "float_type": "muss eine Zahl sein",
        "float_parsing": "muss eine Zahl sein",
        "bool_type": "muss true oder false sein",
        "list_type": "muss eine Liste sein",
        "dict_type": "muss eine Zuordnung (Schlüssel: Wert) sein",
        "model_type": "muss eine Zuordnung (Schlüssel: Wert) sein",
        "model_attributes_type": "muss eine Zuordnung (Schlüssel: Wert) sein",
        "none_required": "muss leer sein",
        "finite_number": "muss eine endliche Zahl sein",
    }
    if kind in messages:
        text = messages[kind]
        shows_input = kind.endswith("_type") and kind != "none_required" and value is not None
        if shows_input or kind == "finite_number":
            text += f" (gefunden: {shown})"
        return text
    if kind == "string_pattern_mismatch":
        return f"ungültiges Format {shown}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"ungültiger Wert {shown}, erlaubt: {expected}"
    if kind == "too_short":
        return f"braucht mindestens {ctx.get('min_length')} Einträge"
    if kind == "too_long":
        return f"darf höchstens {ctx.get('max_length')} Einträge haben"
    bounds = {
        "greater_than": "muss größer als {gt} sein",
        "greater_than_equal": "muss mindestens {ge} sein",
        "less_than": "muss kleiner als {lt} sein",
        "less_than_equal": "darf höchstens {le} sein",
    }
    if kind in bounds:
        return bounds[kind].format(**ctx)
    return f"ungültiger Wert ({error.get('msg', kind)})"


class _FileCheck:
    """Collects issues for one file, with line lookup in its YAML document."""

    def __init__(self, report: Report, name: str, parsed: _Parsed) -> None:
        self.report = report
        self.name = name
        self.doc = parsed.doc
        self.parsed = parsed

    def add(self, loc: tuple[Any, ...], message: str) -> None:
        if self.parsed.hides(loc):
            return  # a consequence of a value already reported as no valid YAML value
        self.report.issues.append(Issue(self.name, self.doc.line_for(loc), format_path(loc), message))


def _parse(report: Report, name: str, raw: bytes | None) -> _Parsed | None:
    if raw is None:
        report.issues.append(Issue(name, None, "", "Datei nicht gefunden"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.issues.append(
            Issue(name, None, "", f"Datei ist zu groß (mehr als {MAX_FILE_BYTES // 2**20} MiB)")
        )
        return None
    try:
        text = decode_utf8(raw)
    except FileProblem as problem:
        report.issues.append(Issue(name, problem.line, "", problem.message))
        return None
    try:
        return _Parsed(parse_yaml(text))
    except FileProblem as problem:
        first = Issue(name, problem.line, "", problem.message)
        bad_value = getattr(problem, "bad_value", False)
    # the structure is broken: nothing more can be read; or the file is too large for a second
    # pass (the shipped files are about 100 kB; a hostile one must not cost a node tree)
    if not bad_value or len(text) > SECOND_PASS_LIMIT:
        report.issues.append(first)
        return None
    issues, parsed = _value_problems(name, text)
    if not any(i.line == first.line and i.message == first.message for i in issues):
        issues.append(first)
    report.issues.extend(sorted(issues, key=lambda i: i.line or 0))
    return parsed


@dataclass
class _Parsed:
    """A file's YAML document; ``blanked`` are the paths of values that were not valid YAML values
    and were read as empty so that the rest of the file can still be checked."""

    doc: YamlDocument
    blanked: list[tuple[Any, ...]] = field(default_factory=list)
    bad_key_in: list[tuple[Any, ...]] = field(default_factory=list)  # mappings with a blanked key

    def hides(self, loc: tuple[Any, ...]) -> bool:
        """Whether a problem at ``loc`` only follows from a value or key that was blanked out."""
        if any(isinstance(part, str) and part.startswith(_PLACEHOLDER) for part in loc):
            return True
        return any(loc[: len(path)] == path for path in self.blanked)


_PLACEHOLDER = "<ungültiger Schlüssel"
SECOND_PASS_LIMIT = 1024 * 1024
MAX_VALUE_PROBLEMS = 100
_LINE_BREAKS = "\r\n\x85\u2028\u2029"


def _value_problems(name: str, text: str) -> tuple[list[Issue], _Parsed | None]:
    """Every scalar of ``text`` that is no valid YAML value (``!!int abc``, ``2027-02-30``), with
    line and field, and the document read with those values blanked out, if it then parses.

    ``parse_yaml`` stops at the first problem; this finds the others, so that one broken value
    does not hide the rest of the file. Nothing is found where the text is no YAML at all."""
    import yaml

    loader = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)
    bad: list[tuple[Any, tuple[Any, ...], bool]] = []  # node, path, is a key
    try:
        root = loader.get_single_node()
        seen: set[int] = set()
        stack: list[tuple[Any, tuple[Any, ...], bool]] = [(root, (), False)] if root is not None else []
        while stack and len(bad) <= MAX_VALUE_PROBLEMS:
            node, path, is_key = stack.pop()
            if id(node) in seen or len(path) > MAX_DEPTH:
                continue
            seen.add(id(node))
            if len(seen) > MAX_NODES:  # parse_yaml refuses such a file anyway
                return [], None
            if isinstance(node, yaml.ScalarNode):
                if not _constructs(loader, node):
                    bad.append((node, path, is_key))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed([(item, (*path, i), False) for i, item in enumerate(node.value)]))
            elif isinstance(node, yaml.MappingNode):
                children = []
                for key_node, value_node in node.value:
                    key = _key(loader, key_node)
                    children += [(key_node, (*path, key), True), (value_node, (*path, key), False)]
                stack.extend(reversed(children))
    except Exception:  # not even composable (syntax): the first problem is all there is to say
        return [], None
    finally:
        loader.dispose()

    issues = []
    for node, path, is_key in bad[:MAX_VALUE_PROBLEMS]:
        source = text[node.start_mark.index : node.end_mark.index]
        try:
            parse_yaml(source)
            message = f"ungültiger Wert {node.value[:60]!r}"
        except FileProblem as problem:
            message = problem.message
        where = format_path(path[:-1] if is_key else path)  # a key: the mapping it is in
        issues.append(Issue(name, node.start_mark.line + 1, where, message))
    if len(bad) > MAX_VALUE_PROBLEMS:
        line = bad[MAX_VALUE_PROBLEMS][0].start_mark.line + 1
        issues.append(Issue(name, line, "", f"mehr als {MAX_VALUE_PROBLEMS} ungültige Werte"))
    if not bad or len(bad) > MAX_VALUE_PROBLEMS:
        return issues, None

    # the same text with every bad value empty (and every bad key a placeholder), lines kept
    pieces, end = [], 0
    for number, (node, _path, is_key) in enumerate(sorted(bad, key=lambda b: b[0].start_mark.index)):
        start, stop = node.start_mark.index, node.end_mark.index
        breaks = "".join(c for c in text[start:stop] if c in _LINE_BREAKS)
        pieces += [text[end:start], f"'{_PLACEHOLDER} {number + 1}>'" if is_key else "~", breaks]
        end = stop
    pieces.append(text[end:])
    try:
        doc = parse_yaml("".join(pieces))
    except FileProblem as problem:
        issues.append(Issue(name, problem.line, "", problem.message))
        return issues, None
    blanked = [path for _node, path, is_key in bad if not is_key]
    return issues, _Parsed(doc, blanked, [path[:-1] for _node, path, is_key in bad if is_key])


def _constructs(loader, node) -> bool:
    """Whether ``parse_yaml`` accepts this scalar (it refuses binary data)."""
    if node.tag == "tag:yaml.org,2002:binary":
        return False
    try:
        loader.construct_object(node, deep=True)
    except Exception:
        return False
    return True


def _key(loader, node) -> Any:
    """A mapping key as ``parse_yaml`` makes it; the placeholder where it is no valid value."""
    import yaml

    if not isinstance(node, yaml.ScalarNode) or not _constructs(loader, node):
        return _PLACEHOLDER + ">"
    key = loader.construct_object(node, deep=True)
    return key if isinstance(key, (str, int)) else str(key)


def _schema(check: _FileCheck, schema) -> Any:
    from pydantic import ValidationError

    if not isinstance(check.doc.data, dict):
        check.add((), "die Datei muss eine Zuordnung (Schlüssel: Wert) enthalten")
        return None
    try:
        return schema.model_validate(check.doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc and loc[-1] == "[key]":
                check.add(loc[:-1], f"ungültiger Schlüssel {loc[-2]!r}")
                continue
            if error["type"] == "missing" and loc[:-1] in check.parsed.bad_key_in:
                continue  # perhaps the key that was no valid YAML value
            check.add(loc, _german_pydantic(dict(error)))
        return None


def _unique(check: _FileCheck, items, loc_of, what: str) -> set[str]:
    seen: set[str] = set()
    for index, ident in items:
        if ident in seen:
            check.add(loc_of(index), f"{what} {ident!r} ist doppelt vergeben")
        seen.add(ident)
    return seen


def _check_models(check: _FileCheck, models_file) -> dict[str, str]:
    """Unique ids across models, variants and covered ids; returns id -> model id."""
    known: dict[str, str] = {}

    def claim(ident: str, owner: str, loc: tuple[Any, ...]) -> None:
        if ident in known:
            check.add(loc, f"Modell-ID {ident!r} ist doppelt vergeben")
        known[ident] = owner

    for i, model in enumerate(models_file.models):
        claim(model.id, model.id, ("models", i, "id"))
        for j, variant in enumerate(model.variants):
            claim(variant.id, model.id, ("models", i, "variants", j, "id"))
        for j, covered in enumerate(model.covers):
            claim(covered, model.id, ("models", i, "covers", j))
    by_id = {m.id: m for m in models_file.models}
    for i, model in enumerate(models_file.models):
        if model.landkreis_model is not None:
            target = by_id.get(model.landkreis_model)
            if target is None:
                check.add(
                    ("models", i, "landkreis_model"),
                    f"unbekanntes Modell {model.landkreis_model!r}",
                )
            elif not target.for_landkreis:
                check.add(
                    ("models", i, "landkreis_model"),
                    f"Modell {model.landkreis_model!r} ist nicht für Landkreise gekennzeichnet",
                )
        empty = not model.advantages and not model.disadvantages
        if empty and model.empty_reason is None:
            check.add(
                ("models", i),
                "keine Vor- und Nachteile: empty_reason sagt, warum (mit Quelle)",
            )
        elif not empty and model.empty_reason is not None:
            check.add(("models", i, "empty_reason"), "nur bei leeren Vor- und Nachteilen")
        if model.steckbrief is not None:
            for j, rec in enumerate(model.steckbrief.recommendations):
                for k, ref in enumerate(rec.models):
                    if ref not in known:
                        check.add(
                            ("models", i, "steckbrief", "recommendations", j, "models", k),
                            f"unbekanntes Modell {ref!r}",
                        )
    return known


def _check_tasks(check: _FileCheck, tasks_file, known_models: dict[str, str] | None) -> None:
    _unique(
        check, enumerate(a.id for a in tasks_file.areas), lambda i: ("areas", i, "id"), "Arbeitsschwerpunkt"
    )
    tables = _unique(
        check, enumerate(t.id for t in tasks_file.tables), lambda i: ("tables", i, "id"), "Tabelle"
    )
    areas = {a.id for a in tasks_file.areas}
    groups = _unique(
        check, enumerate(g.id for g in tasks_file.groups), lambda i: ("groups", i, "id"), "Gruppe"
    )
    for i, group in enumerate(tasks_file.groups):
        if group.table not in tables:
            check.add(("groups", i, "table"), f"unbekannte Tabelle {group.table!r}")
        if group.area not in areas:
            check.add(("groups", i, "area"), f"unbekannter Arbeitsschwerpunkt {group.area!r}")
    tasks = _unique(
        check, enumerate(t.id for t in tasks_file.tasks), lambda i: ("tasks", i, "id"), "Aufgaben-ID"
    )
    for i, task in enumerate(tasks_file.tasks):
        if task.group not in groups:
            check.add(("tasks", i, "group"), f"unbekannte Gruppe {task.group!r}")
    for i, way in enumerate(tasks_file.anchoring.ways):
        where = ("anchoring", "ways", i)
        for j, group in enumerate(way.groups):
            if group not in groups:
                check.add((*where, "groups", j), f"unbekannte Gruppe {group!r}")
        for j, task in enumerate(way.tasks):
            if task not in tasks:
                check.add((*where, "tasks", j), f"unbekannte Aufgabe {task!r}")
        for j, model in enumerate(way.models):
            if known_models is not None and model not in known_models:
                check.add((*where, "models", j), f"unbekanntes Modell {model!r}")
        if way.models and not way.models_source:
            check.add((*where, "models_source"), "Modelle ohne Quelle (models_source)")


def _check_flowchart(check: _FileCheck, flow, known_models: dict[str, str] | None) -> None:
    stages = {}
    for i, stage in enumerate(flow.stages):
        if stage.id in stages:
            check.add(("stages", i, "id"), f"Stufe {stage.id!r} ist doppelt vergeben")
        stages[stage.id] = stage.number
    for result_id in flow.results:
        if result_id in flow.nodes:
            check.add(("results", result_id), f"{result_id!r} ist schon ein Knoten-Name")
    context = _context_keys()
    for name in flow.nodes:
        if name in context:
            check.add(("nodes", name), _context_clash("Knoten", name))

    edges: dict[str, list[str]] = {}
    incoming: dict[str, int] = {name: 0 for name in [*flow.nodes, *flow.results]}
    for name, node in flow.nodes.items():
        if node.stage not in stages:
            check.add(("nodes", name, "stage"), f"unbekannte Stufe {node.stage!r}")
        targets = []
        option_ids: set[str] = set()
        for j, option in enumerate(node.options):
            if option.id in option_ids:
                check.add(("nodes", name, "options", j, "id"), f"Antwort {option.id!r} ist doppelt vergeben")
            option_ids.add(option.id)
            if option.next not in incoming:
                check.add(("nodes", name, "options", j, "next"), f"unbekannter Knoten {option.next!r}")
                continue
            incoming[option.next] += 1
            targets.append(option.next)
            target = flow.nodes.get(option.next)
            if target is not None and node.stage in stages and target.stage in stages:
                if stages[target.stage] < stages[node.stage]:
                    check.add(
                        ("nodes", name, "options", j, "next"),
                        f"führt zurück von Stufe {stages[node.stage]} zu Stufe {stages[target.stage]}",
                    )
        edges[name] = targets

    if flow.start not in flow.nodes:
        check.add(("start",), f"unbekannter Startknoten {flow.start!r}")
        return
    if incoming.get(flow.start):
        check.add(("start",), f"der Startknoten {flow.start!r} darf keinen Vorgänger haben")
    for name in flow.nodes:
        if name != flow.start and incoming[name] == 0:
            check.add(
                ("nodes", name),
                f"Knoten {name!r} hat keinen Vorgänger: es darf nur einen Start geben ({flow.start!r})",
            )

    # reachability and cycles in one depth-first walk
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    reported_cycle = False

    def visit(name: str, trail: list[str]) -> None:
        nonlocal reported_cycle
        state[name] = 1
        for target in edges.get(name, []):
            if state.get(target) == 1:
                if not reported_cycle:
                    cycle = (
                        trail[trail.index(target) :] + [name, target] if target in trail else [name, target]
                    )
                    check.add(
                        ("nodes", name),
                        "Zyklus im Flussdiagramm: " + " → ".join(dict.fromkeys(cycle)) + f" → {target}",
                    )
                    reported_cycle = True
            elif target not in state:
                visit(target, trail + [name])
        state[name] = 2

    visit(flow.start, [])
    for name in [*flow.nodes, *flow.results]:
        if name not in state and incoming.get(name):
            kind = "Knoten" if name in flow.nodes else "Ergebnis"
            section = "nodes" if name in flow.nodes else "results"
            check.add((section, name), f"{kind} {name!r} ist vom Start aus nicht erreichbar")
    for name in flow.results:
        if incoming[name] == 0:
            check.add(("results", name), f"Ergebnis {name!r} wird von keiner Antwort erreicht")

    if known_models is not None:
        for name, result in flow.results.items():
            for field_name in ("models", "alternatives"):
                for k, ref in enumerate(getattr(result, field_name)):
                    if ref not in known_models:
                        check.add(("results", name, field_name, k), f"unbekanntes Modell {ref!r}")
    _check_refine(check, flow, known_models)
    _check_fahrplan(check, flow)
    _check_future_topics(check, flow)


def _context_keys() -> dict[str, Any]:
    # Answers files, --set and CSV columns hold the questions and the context in one mapping.
    from ksm_cli.assess.answers import CONTEXT

    return CONTEXT


def _context_clash(kind: str, name: str) -> str:
    return (
        f"{kind} {name!r} heißt wie eine Angabe zur Kommune (in Antwortdateien mehrdeutig): bitte umbenennen"
    )


def _check_refine(check: _FileCheck, flow, known_models: dict[str, str] | None) -> None:
    """Follow-up questions: ids unique among all questions, options name variants of the result."""
    question_ids = set(flow.nodes)
    for name, result in flow.results.items():
        refine = result.refine
        if refine is None:
            continue
        if refine.id in question_ids:
            check.add(("results", name, "refine", "id"), f"Frage-ID {refine.id!r} ist schon vergeben")
        elif refine.id in _context_keys():
            check.add(("results", name, "refine", "id"), _context_clash("Frage-ID", refine.id))
        question_ids.add(refine.id)
        option_ids: set[str] = set()
        for j, option in enumerate(refine.options):
            if option.id in option_ids:
                check.add(
                    ("results", name, "refine", "options", j, "id"),
                    f"Antwort {option.id!r} ist doppelt vergeben",
                )
            option_ids.add(option.id)
            if known_models is None:
                continue
            owner = known_models.get(option.variant)
            if owner is None or owner == option.variant or owner not in result.models:
                check.add(
                    ("results", name, "refine", "options", j, "variant"),
                    f"{option.variant!r} ist keine Variante der Modelle {', '.join(result.models)}",
                )


def _check_future_topics(check: _FileCheck, flow) -> None:
    """``future_topics.shown_for`` names questions and answers of the flowchart."""
    for i, shown in enumerate(flow.future_topics.shown_for):
        node = flow.nodes.get(shown.question)
        if node is None:
            check.add(("future_topics", "shown_for", i, "question"), f"unbekannte Frage {shown.question!r}")
        elif shown.answer not in {o.id for o in node.options}:
            check.add(
                ("future_topics", "shown_for", i, "answer"),
                f"{shown.answer!r} ist keine Antwort auf {shown.question!r}",
            )


def _check_fahrplan(check: _FileCheck, flow) -> None:
    """Plan steps: unique ids; deadlines have months; windows point at dated steps or 'end'."""
    steps: dict[str, Any] = {}
    for i, step in enumerate(flow.fahrplan.steps):
        if step.id in steps:
            check.add(("fahrplan", "steps", i, "id"), f"Schritt {step.id!r} ist doppelt vergeben")
        steps[step.id] = step
    for i, step in enumerate(flow.fahrplan.steps):
        timing = step.timing
        where = ("fahrplan", "steps", i, "timing")
        if timing.kind == "deadline" and timing.months_before_end is None:
            check.add(where, "eine Frist (deadline) braucht months_before_end")
        if timing.kind != "deadline" and (timing.months_before_end is not None or timing.end is not None):
            check.add(where, "months_before_end und end gelten nur für kind: deadline")
        if timing.kind != "window" and (timing.after or timing.before):
            check.add(where, "after und before gelten nur für kind: window")
        if timing.kind == "window" and not timing.before:
            check.add(where, "ein Zeitfenster (window) braucht before")
        for field_name in ("after", "before"):
            ref = getattr(timing, field_name)
            if ref is None or (field_name == "before" and ref == "end"):
                continue
            target = steps.get(ref)
            if target is None or target.timing.kind != "deadline":
                check.add(
                    (*where, field_name),
                    f"{ref!r} ist kein Schritt mit Frist (kind: deadline)"
                    + (" oder 'end'" if field_name == "before" else ""),
                )


CHECKS = [
    "YAML-Syntax (UTF-8, keine doppelten Schlüssel, keine Aliase)",
    "Schema jeder Datei (strikt: unbekannte Schlüssel werden abgelehnt)",
    "Modell-IDs eindeutig (Modelle, Varianten, Gruppen)",
    "Verweise auf Modelle (Landkreis-Modell, Steckbrief, Flussdiagramm)",
    "Modelle ohne Vor- und Nachteile sagen, warum (empty_reason)",
    "Flussdiagramm: genau ein Start",
    "Flussdiagramm: Frage-IDs eindeutig, keine heißt wie eine Angabe zur Kommune (z. B. einwohner)",
    "Flussdiagramm: jeder Knoten erreichbar, jede Antwort führt zu einem Knoten oder Ergebnis",
    "Flussdiagramm: keine Zyklen, jeder Pfad endet in einem Ergebnis",
    "Flussdiagramm: Folgefragen nennen Varianten des Ergebnisses",
    "Fahrplan: Schritte eindeutig, Zeitfenster verweisen auf Schritte mit Frist",
    "Aufgaben: IDs eindeutig, Gruppen und Tabellen bekannt; Wege nach Kapitel 4.2 verweisen auf bekannte Aufgaben und Modelle",
    "Mentoring: Formate mit genau einer Anrechnung, genau ein Standard-Regelsatz, eine Rolle für die Mindestzeit",
]


def _check_mentoring(check: _FileCheck, mentoring) -> None:
    """Formats: unique ids, either fixed days or days by weeks; exactly one default rule set."""
    seen: set[str] = set()
    for i, fmt in enumerate(mentoring.formats):
        if fmt.id in seen:
            check.add(("formats", i, "id"), f"Format {fmt.id!r} ist doppelt vergeben")
        seen.add(fmt.id)
        if (fmt.credit_days is None) == (not fmt.credit_by_weeks):
            check.add(("formats", i), "genau eines von credit_days oder credit_by_weeks angeben")
        weeks = [w.weeks for w in fmt.credit_by_weeks]
        if len(set(weeks)) != len(weeks):
            check.add(("formats", i, "credit_by_weeks"), "Wochenzahl doppelt vergeben")
    ids = [r.id for r in mentoring.rule_sets]
    for i, rule in enumerate(mentoring.rule_sets):
        if ids.count(rule.id) > 1:
            check.add(("rule_sets", i, "id"), f"Regelsatz {rule.id!r} ist doppelt vergeben")
        low, high = rule.reference_days
        if not low <= high:
            check.add(("rule_sets", i, "reference_days"), "untere Bezugsgröße größer als obere")
    defaults = [r.id for r in mentoring.rule_sets if r.default]
    if len(defaults) != 1:
        check.add(("rule_sets",), f"genau ein Regelsatz braucht default: true (gefunden: {len(defaults)})")
    roles = [r.id for r in mentoring.roles]
    for i, role in enumerate(mentoring.roles):
        if roles.count(role.id) > 1:
            check.add(("roles", i, "id"), f"Rolle {role.id!r} ist doppelt vergeben")
    if not any(mentoring.obligation.role in r.acts_as for r in mentoring.roles):
        check.add(
            ("obligation", "role"),
            f"keine Rolle schließt {mentoring.obligation.role!r} ein (roles[].acts_as)",
        )


def _raw_model_ids(data: Any) -> dict[str, str] | None:
    """id -> model id as written in a models.yaml that did not pass its schema; None if it has
    no list of models at all. Entries that are broken are left out."""
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list):
        return None
    known: dict[str, str] = {}
    for model in models:
        if not isinstance(model, dict) or not isinstance(model.get("id"), str):
            continue
        known[model["id"]] = model["id"]
        variants = model.get("variants")
        for variant in variants if isinstance(variants, list) else []:
            if isinstance(variant, dict) and isinstance(variant.get("id"), str):
                known[variant["id"]] = model["id"]
        covers = model.get("covers")
        for covered in covers if isinstance(covers, list) else []:
            if isinstance(covered, str):
                known[covered] = model["id"]
    return known


def validate_sources(directory: Path, raw: dict[str, bytes | None]) -> Report:
    """Validate already-read file contents; ``raw`` maps a file key to bytes (None = missing)."""
    from ksm_cli.knowledge.schema import SCHEMAS

    report = Report(directory=display_path(directory))
    parsed: dict[str, Any] = {}
    checks: dict[str, _FileCheck] = {}
    for key, filename in FILE_NAMES.items():
        schema = SCHEMAS[key]
        name = display_path(directory / filename)
        report.files.append(name)
        loaded = _parse(report, name, raw.get(key))
        if loaded is None:
            continue
        checks[key] = _FileCheck(report, name, loaded)
        parsed[key] = _schema(checks[key], schema)

    known_models = None
    if parsed.get("models") is not None:
        known_models = _check_models(checks["models"], parsed["models"])
    elif "models" in checks:  # the other files' references are still checked against its ids
        known_models = _raw_model_ids(checks["models"].doc.data)
    if parsed.get("tasks") is not None:
        _check_tasks(checks["tasks"], parsed["tasks"], known_models)
    if parsed.get("flowchart") is not None:
        _check_flowchart(checks["flowchart"], parsed["flowchart"], known_models)
    if parsed.get("mentoring") is not None:
        _check_mentoring(checks["mentoring"], parsed["mentoring"])

    report.checks = list(CHECKS)
    if report.issues:
        return report
    models, flow, tasks, mentoring = (
        parsed["models"],
        parsed["flowchart"],
        parsed["tasks"],
        parsed["mentoring"],
    )
    report.counts = {
        "modelle": len(models.models),
        "varianten": sum(len(m.variants) for m in models.models),
        "stufen": len(flow.stages),
        "knoten": len(flow.nodes),
        "ergebnisse": len(flow.results),
        "aufgaben": len(tasks.tasks),
        "aufgabengruppen": len(tasks.groups),
        "arbeitsschwerpunkte": len(tasks.areas),
        "mentoring-formate": len(mentoring.formats),
        "regelsaetze": len(mentoring.rule_sets),
    }
    report.data = {key: value.model_dump(mode="json") for key, value in parsed.items()}
    return report


def validate_directory(directory: Path) -> Report:
    return validate_sources(directory, read_sources(directory))
