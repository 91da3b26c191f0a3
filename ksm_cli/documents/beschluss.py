"""The draft Beschlussvorlage for the council, marked as „Entwurf“.

Its structure is the one municipal Vorlagen in Ratsinformationssystemen share (domain notes: a
public source outside the guide, ``flowchart.yaml`` ``beschlussvorlage.structure``): Betreff, Beschlussvorschlag,
Sachverhalt/Begründung, Finanzielle Auswirkungen (jährliche Folgelasten, Gesamtkosten,
Veranschlagung im Haushalt, Deckungsvorschlag), Klimawirkung, Anlagen. The recommendation and its
reasons come from the assessment; the money from the Angaben (``documents.finance``). What ksm
cannot know is a field to complete (``Blank``): Vorlagennummer, Gremium and Sitzungstermin,
Produkt/Kostenstelle where not given, the Deckung, the Klimawirkung.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ksm_cli.documents.empfehlung import stage_sentences, timeline_of
from ksm_cli.documents.finance import ASSUMPTION, costs, euro, returns_text
from ksm_cli.documents.stelle import statement
from ksm_cli.german import MONTHS, VZAE_PLACES, de_date, de_number
from ksm_cli.render.document import (
    Blank,
    Block,
    Bullets,
    Cited,
    Fields,
    Heading,
    Note,
    Numbered,
    Para,
    Section,
    Table,
)

if TYPE_CHECKING:
    from ksm_cli.assess.engine import Assessment


def funding_end(assessment: Assessment) -> tuple[Any, bool]:
    """The day the funding ends after which the post must stand on its own, and whether it is
    estimated: in an Erstvorhaben the end of the Anschlussvorhaben that follows (``timeline.end``)."""
    timeline = timeline_of(assessment)
    if assessment.erstvorhaben and timeline["end"] is not None:
        return timeline["end"], timeline["end_estimated"]
    return timeline["foerderende"], False


def own_funding(assessment: Assessment) -> bool:
    """Whether the answers say the Kommune can pay for the post itself (Frage 2); other ways are a
    transition (Kapitel 5.2), and the Vorlage says so."""
    return any(s.node == "eigenfinanzierung" and s.option == "moeglich" for s in assessment.path)


def council(context: dict[str, Any]) -> str:
    """Who decides: the Kreistag of a Landkreis, the Rat of a Gemeinde or Stadt."""
    return "Der Kreistag" if context.get("kommunentyp") == "landkreis" else "Der Rat"


def _ended(assessment: Assessment) -> str:
    end, estimated = funding_end(assessment)
    if end is None:
        return "nach dem Ende der Förderung"
    return f"nach dem Ende der Förderung am {de_date(end)}" + (" (voraussichtlich)" if estimated else "")


def _resolution(knowledge, assessment: Assessment) -> list[Block]:
    """What the council decides: to continue the post and to budget it. Where the post sits in
    the administration is the Verwaltung's recommendation (Sachverhalt), not the resolution."""
    context = assessment.context
    who = council(context)
    if assessment.without_post:
        return [
            Note(
                f"Das Ergebnis der Prüfung ({assessment.result_label}) ist kein Verstetigungsmodell: "
                "Die Stelle würde nicht verstetigt. Ein Beschlussvorschlag zur Verstetigung ergibt sich "
                "daraus nicht.",
                style="warn",
            ),
            Para("Beschlussvorschlag der Verwaltung", "fill"),
        ]
    vzae = context.get("stellenumfang_vzae")
    scope = f"im Umfang von {de_number(vzae, VZAE_PLACES)} VZÄ" if vzae else f"im Umfang von {Blank('VZÄ')}"
    end, _estimated = funding_end(assessment)
    money = costs(context, end)
    first_year = money["years"][0]["year"] if money["years"] else None
    items: list[str] = []
    if assessment.erstvorhaben:
        items.append(
            "Die Verwaltung wird beauftragt, das Anschlussvorhaben des Klimaschutzmanagements "
            "fristgerecht zu beantragen."
        )
    if own_funding(assessment):
        items.append(
            f"{who} beschließt, das Klimaschutzmanagement {_ended(assessment)} dauerhaft fortzuführen."
        )
        items.append(
            f"Die Verwaltung wird beauftragt, die Stelle {scope} "
            + (f"ab dem Haushaltsjahr {first_year} " if first_year else "")
            + "im Haushalt und im Stellenplan zu veranschlagen."
        )
    else:
        items.append(f"{who} beschließt, das Klimaschutzmanagement {_ended(assessment)} fortzuführen.")
        items.append(
            f"Die Verwaltung wird beauftragt, die Finanzierung der Stelle {scope} "
            + (f"ab dem Haushaltsjahr {first_year} " if first_year else "")
            + "wie in der Begründung beschrieben zu sichern und eine dauerhafte Lösung vorzubereiten."
        )
    return [Numbered(items)]


def _reasons(knowledge, assessment: Assessment) -> list[Block]:
    from ksm_cli.render.assess import model_title, pros_and_cons

    context = assessment.context
    blocks: list[Block] = []
    end, estimated = funding_end(assessment)
    if end is not None:
        intro = (
            f"Die Förderung des Klimaschutzmanagements endet {'voraussichtlich ' if estimated else ''}"
            f"am {de_date(end)}."
        )
    else:
        intro = "Die Förderung des Klimaschutzmanagements endet."
    blocks.append(
        Para(intro + " Damit die Stelle erhalten bleibt, muss über ihre Verstetigung entschieden werden.")
    )
    if not assessment.without_post:
        titles = " oder ".join(model_title(knowledge, m) for m in assessment.recommended)
        blocks.append(
            Para(
                Cited(
                    "Die Verwaltung hat die Verstetigung anhand der drei Rahmenfragen des Leitfadens "
                    "„Klimaschutzmanagement verstetigen“ geprüft (strategische Grundlage, Finanzierung, "
                    f"politischer Rahmen). Sie empfiehlt, die Stelle nach dem Modell {titles} anzusiedeln:",
                    "Leitfaden „Klimaschutzmanagement verstetigen“ (Klima-KomPakt), Kapitel 5, Abbildung 5.1",
                )
            )
        )
    blocks.append(Bullets(list(stage_sentences(knowledge, assessment))))
    for warning in assessment.warnings:
        blocks.append(Note(warning["text"], warning["source"], "warn"))
    if not assessment.without_post:
        for model_id in assessment.recommended:
            model = knowledge.model(model_id)
            blocks.append(
                Para(f"Vorteile und Nachteile des Modells {model['id']} nach dem Leitfaden", "strong")
            )
            blocks.extend(pros_and_cons(model))
    money = costs(context, end)
    brought = returns_text(money)
    if brought:
        blocks.append(
            Para(f"Bisherige Erfolge des Klimaschutzmanagements: {brought} (Angaben der Verwaltung).")
        )
        factors = knowledge.flowchart["success_factors"]
        werbung = next((f for f in factors["items"] if f["id"] == "werbung"), None)
        if werbung:
            blocks.append(
                Para(
                    Cited(
                        "Der Leitfaden rät, solche Erfolge nach außen zu tragen.",
                        f"Leitfaden „Klimaschutzmanagement verstetigen“, {werbung['source']}",
                    ),
                    "muted",
                )
            )
    blocks.append(
        Para("weitere Erfolge und Vorhaben des Klimaschutzmanagements aus Sicht der Verwaltung", "fill")
    )
    return blocks


def _finance(knowledge, assessment: Assessment) -> list[Block]:
    context = assessment.context
    if assessment.without_post:
        return [Para("Finanzielle Auswirkungen des Beschlussvorschlags der Verwaltung", "fill")]
    end, estimated = funding_end(assessment)
    money = costs(context, end)
    vzae = context.get("stellenumfang_vzae")
    rows: list[tuple[str, str | Blank]] = [
        ("Stellenumfang", f"{de_number(vzae, VZAE_PLACES)} VZÄ" if vzae else Blank("Stellenumfang in VZÄ")),
        (
            "Personalkosten je VZÄ und Jahr",
            euro(money["per_vzae"])
            if money["per_vzae"] is not None
            else Blank("Arbeitgeberkosten je VZÄ, vom Personalamt"),
        ),
        (
            "Jährliche Personalkosten",
            euro(money["personal"])
            if money["personal"] is not None
            else Blank("Stellenumfang × Personalkosten je VZÄ"),
        ),
        (
            "Klimaschutzbudget (Sachmittel) je Jahr",
            euro(money["budget"]) if money["budget"] is not None else "nicht angegeben",
        ),
        (
            "Jährliche Folgelasten",
            euro(money["total"]) if money["total"] is not None else Blank("jährliche Folgelasten"),
        ),
    ]
    blocks: list[Block] = [Fields(rows, ("Position", "Betrag"))]
    if money["years"]:
        table_rows: list[list[str | Blank]] = []
        for year in money["years"]:
            label = str(year["year"]) + ("" if year["months"] == 12 else f" (ab {de_date(year['start'])})")
            table_rows.append(
                [
                    label,
                    euro(year["personal"]) if year["personal"] is not None else Blank("Betrag"),
                    euro(year["budget"]) if year["budget"] is not None else "–",
                    euro(year["total"]) if year["total"] is not None else Blank("Betrag"),
                ]
            )
        first, last = money["years"][0]["year"], money["years"][-1]["year"]
        overall: str | Blank = euro(money["overall"]) if money["overall"] is not None else Blank("Summe")
        table_rows.append([f"Gesamtkosten {first}–{last}", "", "", overall])
        blocks.append(
            Table(
                ["Haushaltsjahr", "Personalkosten", "Klimaschutzbudget", "Summe"],
                table_rows,
                highlight={len(table_rows) - 1},
                title=f"Kosten je Haushaltsjahr ab dem Förderende ({first}–{last})",
            )
        )
        blocks.append(Para(ASSUMPTION, "muted"))
    else:
        blocks.append(
            Fields(
                [("Gesamtkosten", Blank("Zeitraum und Betrag; ohne Förderende rechnet ksm keine Jahre"))],
                ("Position", "Betrag"),
            )
        )
    product = context.get("haushalt_produkt")
    budget_step = next((s for s in timeline_of(assessment)["steps"] if s.get("budget")), None)
    veranschlagung: list[tuple[str, str | Blank]] = [
        ("Produkt/Kostenstelle", product if product else Blank("Produkt/Kostenstelle")),
    ]
    if budget_step and budget_step["budget"]:
        budget = budget_step["budget"]
        text = f"Haushalt {budget['year']}, ab {de_date(budget['from_day'])}"
        month = budget.get("month")
        if month:
            text += f"; Haushaltsbeschluss üblicherweise im {MONTHS[month - 1]}"
        veranschlagung.append(("Veranschlagung", text))
    else:
        veranschlagung.append(("Veranschlagung", Blank("Haushaltsjahr")))
    veranschlagung.append(("Deckungsvorschlag", Blank("Deckung der Folgelasten, z. B. durch die Kämmerei")))
    blocks.append(Para("Veranschlagung im Haushalt", "strong"))
    blocks.append(Fields(veranschlagung, ("Position", "Angabe")))
    if money["returns"] is not None and money["total"]:
        years = money["returns"] / money["total"]
        named = [
            name
            for name, value in (
                ("eingeworbenen Fördermittel", money["raised"]),
                ("eingesparten Kosten", money["saved"]),
            )
            if value is not None
        ]
        blocks.append(
            Para(
                Cited(
                    f"Gegenüberstellung: Die bisher {' und '.join(named)} ({euro(money['returns'])}) entsprechen "
                    f"rund {de_number(years, 1)} Jahren der jährlichen Folgelasten.",
                    "Rechnung von ksm aus den Angaben der Verwaltung",
                )
            )
        )
    blocks.append(statement(knowledge.flowchart["beschlussvorlage"]["cost_focus"]))
    return blocks


def beschlussvorlage_blocks(knowledge, assessment: Assessment, attachments: list[str]) -> list[Block]:
    """The draft Vorlage; ``attachments``: the documents it refers to (their titles)."""
    from ksm_cli import __version__

    context = assessment.context
    kommune = context.get("kommune")
    who = council(context).removeprefix("Der ")
    return [
        Heading(
            "ENTWURF – Beschlussvorlage" + (f" – {kommune}" if kommune else ""),
            f"Stand: {de_date(timeline_of(assessment)['today'])} · Entwurf, erstellt mit ksm {__version__}; "
            "vor der Einbringung von der Verwaltung zu prüfen und zu ergänzen.",
        ),
        Fields(
            [
                ("Vorlage-Nr.", Blank("Vorlagennummer")),
                ("Federführung", Blank("Amt/Fachbereich")),
                ("Beratungsfolge", Blank(f"Gremien und Sitzungstermine, z. B. Ausschuss, dann {who}")),
                ("Sitzungstermin", Blank("Datum der Sitzung")),
            ],
            ("Vorlage", "Angabe"),
        ),
        Section(
            "Betreff", [Para("Verstetigung des Klimaschutzmanagements nach dem Ende der Förderung", "strong")]
        ),
        Section("Beschlussvorschlag", _resolution(knowledge, assessment)),
        Section("Sachverhalt und Begründung", _reasons(knowledge, assessment)),
        Section("Finanzielle Auswirkungen", _finance(knowledge, assessment)),
        Section(
            "Klimawirkung",
            [
                Para("Einschätzung der Klimawirkung: positiv, keine oder negativ, mit Begründung", "fill"),
                Para(
                    "ksm schätzt die Klimawirkung nicht; sie ist von der Verwaltung einzuschätzen.", "muted"
                ),
            ],
        ),
        Section("Anlagen", [Numbered(attachments) if attachments else Para("keine")]),
        statement(knowledge.flowchart["beschlussvorlage"]["structure"]),
    ]
