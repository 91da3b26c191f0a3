"""Schema and cross-reference checks: one broken copy of data/ per kind of error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksm_cli.knowledge.validate import validate_directory


def one_based(path: str) -> str:
    """A field path as ksm shows it: list entries counted from 1, as an editor counts them."""
    import re

    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", path)


def _break(directory: Path, filename: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once; return the 1-based line where the change starts."""
    path = directory / filename
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {filename}"
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text[:index].count("\n") + 1


def _only_issue(directory: Path):
    report = validate_directory(directory)
    assert not report.ok
    return report.issues


def test_shipped_data_is_valid():
    report = validate_directory(Path(__file__).resolve().parent.parent / "data")
    assert report.ok, [str(i) for i in report.issues]
    assert report.counts["modelle"] == 11 and report.counts["aufgaben"] == 31


CASES = [
    # (file, old, new, expected path, expected message part)
    (
        "flowchart.yaml",
        "        label: möglich\n        next: staerkung_ksm\n        said: die Stelle nach der Förderung aus eigenen",
        "        label: möglich\n        next: politk\n        said: die Stelle nach der Förderung aus eigenen",
        "nodes.eigenfinanzierung.options[0].next",
        "unbekannter Knoten 'politk'",
    ),
    (
        "models.yaml",
        "    rank: 8\n",
        "    rank: 8\n    colour: blau\n",
        "models[7].colour",
        "unbekannter Schlüssel",
    ),
    (
        "models.yaml",
        "    placement: outside\n    for_landkreis: false\n    advantages:\n      - text: Klimaschutz jenseits",
        "    placement: draußen\n    for_landkreis: false\n    advantages:\n      - text: Klimaschutz jenseits",
        "models[10].placement",
        "ungültiger Wert 'draußen', erlaubt: 'inside', 'outside'",
    ),
    ("models.yaml", "  - id: V9\n", "  - id: V8\n", "models[8].id", "Modell-ID 'V8' ist doppelt vergeben"),
    (
        "models.yaml",
        "    rank: 9\n",
        "    rank: neun\n",
        "models[8].rank",
        "muss eine ganze Zahl sein (gefunden: 'neun')",
    ),
    (
        "models.yaml",
        "    short_description: Eine Stelle organisiert",
        "    kurz: Eine Stelle organisiert",
        "models[1].short_description",
        "Pflichtfeld fehlt",
    ),
    (
        "models.yaml",
        "    landkreis_model: V7a\n",
        "    landkreis_model: V7z\n",
        "models[4].landkreis_model",
        "unbekanntes Modell 'V7z'",
    ),
    (
        "flowchart.yaml",
        "    models: [V10]\n",
        "    models: [V12]\n",
        "results.v10.models[0]",
        "unbekanntes Modell 'V12'",
    ),
    (
        "flowchart.yaml",
        "start: klimaschutzkonzept",
        "start: eigenfinanzierung",
        "start",
        "darf keinen Vorgänger haben",
    ),
    (
        "flowchart.yaml",
        "          variant: V6b\n",
        "          variant: V6e\n",
        "results.v6a_c.refine.options[1].variant",
        "'V6e' ist keine Variante der Modelle V6a-c",
    ),
    (
        "flowchart.yaml",
        "        after: strategieworkshop\n        before: end\n      source: Kapitel 5.1\n    - id: verwaltungsspitze",
        "        after: dokumentation\n        before: end\n      source: Kapitel 5.1\n    - id: verwaltungsspitze",
        "fahrplan.steps[5].timing.after",
        "'dokumentation' ist kein Schritt mit Frist",
    ),
    (
        "flowchart.yaml",
        "        kind: deadline\n        months_before_end: 18\n",
        "        kind: deadline\n",
        "fahrplan.steps[4].timing",
        "braucht months_before_end",
    ),
    (
        "tasks.yaml",
        "  - id: controlling\n",
        "  - id: klimaschutzkonzepte\n",
        "tasks[7].id",
        "Aufgaben-ID 'klimaschutzkonzepte' ist doppelt vergeben",
    ),
    (
        "tasks.yaml",
        "    group: extern\n    text: Bildungsarbeit",
        "    group: extra\n    text: Bildungsarbeit",
        "tasks[20].group",
        "unbekannte Gruppe 'extra'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[4])
def test_each_kind_of_error_names_file_line_and_field(data_copy, case):
    filename, old, new, path, message = case
    line = _break(data_copy, filename, old, new)
    issues = _only_issue(data_copy)
    matching = [i for i in issues if i.path == path and message in i.message]
    assert matching, [str(i) for i in issues]
    issue = matching[0]
    assert issue.file.endswith(filename)
    text = (data_copy / filename).read_text(encoding="utf-8").splitlines()
    # the line points at the offending key (or the mapping that lacks it)
    assert issue.line is not None and abs(issue.line - line) <= 3, (issue.line, line, text[issue.line - 1])
    assert str(issue).startswith(f"{issue.file}, Zeile {issue.line}: {one_based(path)}: ")


def test_message_format_as_documented(data_copy):
    line = _break(data_copy, "flowchart.yaml", "        next: sponsoring_foerderung", "        next: politk")
    (issue,) = [i for i in _only_issue(data_copy) if "politk" in i.message]
    assert (
        str(issue)
        == f"{issue.file}, Zeile {line}: nodes.eigenfinanzierung.options[2].next: unbekannter Knoten 'politk'"
    )


def test_unreachable_node_and_second_start(data_copy):
    # the only way into 'laufende_prozesse' now goes elsewhere: it has no predecessor
    _break(
        data_copy,
        "flowchart.yaml",
        "        label: teilweise umgesetzt\n        next: laufende_prozesse",
        "        label: teilweise umgesetzt\n        next: ideen_weiterentwicklung",
    )
    messages = [str(i) for i in _only_issue(data_copy)]
    assert any("Knoten 'laufende_prozesse' hat keinen Vorgänger" in m for m in messages), messages


def test_cycle_is_reported(data_copy):
    _break(
        data_copy,
        "flowchart.yaml",
        "        label: Nein\n        next: v8",
        "        label: Nein\n        next: staerkung_ksm",
    )
    messages = [str(i) for i in _only_issue(data_copy)]
    assert any("Zyklus im Flussdiagramm" in m and "staerkung_ksm" in m for m in messages), messages


def test_going_back_a_stage_is_reported(data_copy):
    _break(
        data_copy,
        "flowchart.yaml",
        "        label: Nein\n        next: v7",
        "        label: Nein\n        next: eigenfinanzierung",
    )
    messages = [str(i) for i in _only_issue(data_copy)]
    assert any("führt zurück von Stufe 3 zu Stufe 2" in m for m in messages), messages


def test_unreachable_result(data_copy):
    _break(
        data_copy,
        "flowchart.yaml",
        "        label: außerhalb der Verwaltung\n        next: v11",
        "        label: außerhalb der Verwaltung\n        next: v10",
    )
    messages = [str(i) for i in _only_issue(data_copy)]
    assert any("Ergebnis 'v11' wird von keiner Antwort erreicht" in m for m in messages), messages


def test_yaml_syntax_error_has_line(data_copy):
    line = _break(
        data_copy, "tasks.yaml", "  - id: bildungsarbeit\n", "  - id: bildungsarbeit\n    text: a: b: c\n"
    )
    (issue,) = _only_issue(data_copy)
    assert issue.line == line + 1
    assert "Doppelpunkt" in issue.message


def test_duplicate_key_is_reported(data_copy):
    line = _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: 5\n    rank: 6\n")
    (issue,) = _only_issue(data_copy)
    assert issue.line == line + 1 and "'rank' kommt doppelt vor" in issue.message


def test_missing_file_and_all_errors_listed(data_copy):
    (data_copy / "tasks.yaml").unlink()
    _break(data_copy, "models.yaml", "    rank: 5\n", "    rank: 50\n")
    messages = [str(i) for i in _only_issue(data_copy)]
    assert any("tasks.yaml: Datei nicht gefunden" in m for m in messages)
    assert any("models[2].rank: darf höchstens 11 sein" in m for m in messages)


def test_not_utf8(data_copy):
    (data_copy / "models.yaml").write_bytes("schema_version: 1\nname: Gr\xfc\xdfe\n".encode("latin-1"))
    (issue,) = _only_issue(data_copy)
    assert issue.line == 2 and "UTF-8" in issue.message
