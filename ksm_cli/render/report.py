"""The Empfehlungsbericht for the Verwaltungsspitze, as German Markdown.

It shows the same rows as the terminal view (``render.assess``) and the decision path as a
Mermaid flowchart. Text from users and data files is escaped, so that it is shown as written.
"""

from __future__ import annotations

from ksm_cli import __version__
from ksm_cli.german import de_date
from ksm_cli.render.assess import (
    check_rows,
    context_rows,
    figure_rows,
    model_title,
    path_rows,
    sources,
    timeline_rows,
)
from ksm_cli.render.flowchart import mermaid
from ksm_cli.render.markdown import md, md_table


def report_markdown(knowledge, assessment) -> str:
    """The whole report; ``assessment`` must be complete."""
    flowchart = knowledge.flowchart
    timeline = assessment.timeline
    kommune = assessment.context.get("kommune")
    title = "Empfehlung zur Verstetigung des Klimaschutzmanagements"
    out: list[str] = [f"# {title}" + (f" – {md(kommune)}" if kommune else ""), ""]
    out += [
        f"Stand: {de_date(timeline['today'])}  ",
        f"Erstellt mit ksm {__version__} auf Grundlage des Leitfadens "
        "„Klimaschutzmanagement verstetigen“ (Klima-KomPakt).",
        "",
    ]

    recommended = " oder ".join(md(model_title(knowledge, m)) for m in assessment.recommended)
    out += ["## Zusammenfassung", "", f"**Empfohlenes Verstetigungsmodell: {recommended}**", ""]
    out += [f"Ergebnis im Flussdiagramm (Abbildung 5.1): {md(assessment.result_label)}", ""]
    for warning in assessment.warnings:
        out += [f"> **Achtung:** {md(warning['text'])} ({md(warning['source'])})", ""]

    out += ["## Angaben zur Kommune", ""]
    out += md_table(["Angabe", "Wert"], [[k, v] for k, v in context_rows(assessment.context)]) + [""]

    out += ["## Antworten", ""]
    out += md_table(["Stufe", "Frage", "Antwort"], path_rows(assessment)) + [""]

    out += ["## Empfehlung und Begründung", ""]
    entry = flowchart["results"][assessment.result_id]
    if entry.get("note") and len(assessment.recommended) > 1:
        out += [md(entry["note"]), ""]
    out += [f"- {md(r['text'])} ({md(r['source'])})" for r in assessment.reasons] + [""]
    if assessment.alternatives:
        out += ["Weitere Modelle, die in Frage kommen:", ""]
        rows = [
            [a["model"], knowledge.find(a["model"])[0]["name"], a["why"], a["source"]]
            for a in assessment.alternatives
        ]
        out += md_table(["Modell", "Name", "Warum", "Quelle"], rows) + [""]
    for question in assessment.open_questions:
        out += [f"Die Variante ist noch offen (Frage „{md(question)}“).", ""]

    for model_id in assessment.recommended:
        model = knowledge.model(model_id)
        out += [f"## Vorteile und Nachteile: {md(model['id'])} – {md(model['name'])}", "", "**Vorteile**", ""]
        out += [f"- {md(p['text'])}" for p in model["advantages"]] or ["- –"]
        out += ["", "**Nachteile**", ""]
        out += [f"- {md(p['text'])}" for p in model["disadvantages"]] or ["- –"]
        out += ["", f"Quelle: {md(model['source'])}", ""]

    out += ["## Prüfungen und Kennzahlen", ""]
    if assessment.checks:
        out += md_table(
            ["Kriterium (Steckbrief)", "Schwelle", "Kommune", "Ergebnis"], check_rows(assessment)
        ) + [""]
    else:
        out += [
            f"Für {md(', '.join(assessment.recommended))} nennt der Leitfaden keine prüfbaren Kriterien "
            "(Steckbrief nur für V7, Tabelle 3.2).",
            "",
        ]
    out += md_table(["Kennzahl", "Regel", "Für die Kommune", "Heute"], figure_rows(assessment)) + [""]

    out += ["## Fahrplan", ""]
    out += md_table(["Schritt", "Zeitpunkt laut Quelle", "Datum", "Status"], timeline_rows(timeline)) + [""]
    out += [f"- {md(h)}" for h in timeline["hints"]]
    out += [f"- Stichtag für „überfällig“: {de_date(timeline['today'])}", ""]

    out += ["## Nächste Schritte", ""]
    out += [f"{n}. {md(s['text'])}" for n, s in enumerate(assessment.next_steps, 1)] + [""]

    factors = flowchart["success_factors"]
    out += ["## Erfolgsfaktoren (Checkliste)", "", md(factors["intro"]), ""]
    out += [f"- [ ] **{md(f['label'])}:** {md(f['text'])}" for f in factors["items"]] + [""]

    out += ["## Entscheidungsweg", "", "```mermaid"]
    taken = [(s.node, s.option) for s in assessment.path if s.node in flowchart["nodes"]]
    out += [mermaid(flowchart, taken, only_path=True).rstrip("\n"), "```", ""]
    out += [f"*Hinweis: {md(flowchart['reconstruction_note'])}*", ""]

    out += ["## Quellen", ""]
    document = knowledge.models_file["document"]
    out += [f"- {md(document['title'])}, {md(document['publisher'])}: {md(document['project_page'])}"]
    out += [f"- {md(s)}" for s in sources(knowledge, assessment)]
    return "\n".join(out) + "\n"
