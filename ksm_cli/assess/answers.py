"""Answers for the assessment: the context questions, parsing and validation (pure).

Answers come from an answers file (YAML), from ``--set key=value``, from a CSV row or from the
interview. All of them pass through ``parse_answers``, which checks every key and value and
returns the flowchart answers and the context separately. A bad key or value is an
``InputError`` naming the key (``field``), the value and what is allowed; the caller names where
the key came from (``InputError.named``): ``load_answers_file`` the file and line, the CLI
``--set KEY``, the batch the CSV row and column. The core never names a CLI flag.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ksm_cli.errors import InputError, UsageError
from ksm_cli.german import (
    MAX_BUDGET,
    MAX_DIGITS,
    MAX_EINWOHNER,
    MAX_VZAE,
    MONEY_PLACES,
    MONTHS,
    VZAE_PLACES,
    date_problem,
    de_date,
    de_number,
    decimal_places,
    parse_date,
    parse_decimal,
    parse_month,
    parse_whole,
    plain_decimal,
)
from ksm_cli.knowledge.ids import closest
from ksm_cli.vocabulary import KOMMUNENTYPEN, VORHABEN

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Literal

    from ksm_cli.assess.types import Knowledge

    FieldKind = Literal["text", "choice", "integer", "decimal", "money", "date", "month", "model"]
    # A parsed context answer: text or id (text, choice, model), int (integer), float (decimal,
    # money) or a date.
    ContextValue = str | int | float | dt.date


class ContextField:
    """One optional context question: how it is asked, parsed and shown."""

    __slots__ = (
        "key",
        "label",
        "question",
        "help",
        "kind",
        "choices",
        "example",
        "question_landkreis",
        "minimum",
    )

    def __init__(
        self,
        key: str,
        label: str,
        question: str,
        help: str,  # noqa: A002
        kind: FieldKind,
        choices: dict[str, str] | None = None,
        example: str = "",
        question_landkreis: str | None = None,
        minimum: float | None = None,
    ) -> None:
        self.key, self.label, self.question, self.help = key, label, question, help
        self.kind, self.choices, self.example = kind, choices, example
        self.question_landkreis = question_landkreis
        self.minimum = minimum  # below it a value is not plausible (ksm's check, not a source's)

    def question_for(self, kommunentyp: str | None) -> str:
        """The question as this Kommune is asked it (a Landkreis about „der Landkreis“)."""
        if kommunentyp == "landkreis" and self.question_landkreis:
            return self.question_landkreis
        return self.question


CONTEXT_FIELDS = [
    ContextField(
        "kommune",
        "Kommune",
        "Name der Kommune",
        "Erscheint im Titel des Berichts.",
        "text",
        example="Musterstadt",
    ),
    ContextField(
        "kommunentyp",
        "Kommunentyp",
        "Welcher Kommunentyp?",
        "Ein Landkreis erhält V7a statt V7 (Tabelle 3.1).",
        "choice",
        KOMMUNENTYPEN,
        example="gemeinde",
    ),
    ContextField(
        "einwohner",
        "Einwohnerzahl",
        "Wie viele Einwohner*innen hat die Kommune?",
        "Für die Kriterien des Steckbriefs (Tabelle 3.2), z. B. 48000 oder 48.000.",
        "integer",
        example="48000",
        question_landkreis="Wie viele Einwohner*innen hat der Landkreis?",
    ),
    ContextField(
        "stellenumfang_vzae",
        "Stellenumfang heute (VZÄ)",
        "Wie groß ist der Stellenumfang des KSM heute (in Vollzeitäquivalenten)?",
        "z. B. 1 oder 0,5",
        "decimal",
        example="1,0",
    ),
    ContextField(
        "budget_eur",
        "Klimaschutzbudget (€ pro Jahr)",
        "Wie hoch ist das jährliche Klimaschutzbudget (in Euro)?",
        "Ohne Personalkosten, wenn möglich; z. B. 250000 oder 250.000",
        "money",
        example="250000",
    ),
    ContextField(
        "personalkosten_je_vzae",
        "Personalkosten je VZÄ (€/Jahr)",
        "Wie hoch sind die jährlichen Arbeitgeberkosten einer Vollzeitstelle (1 VZÄ) für die Stelle (in Euro)?",
        "Einschließlich Arbeitgeberanteilen, z. B. vom Personalamt; für die Folgelasten in der "
        "Beschlussvorlage, in Euro, z. B. 70000 oder 70.000",
        "money",
        example="70000",
        minimum=10_000,
    ),
    ContextField(
        "ansiedlung_heute",
        "Ansiedlung heute",
        "Wo ist die Stelle heute angesiedelt (Modell-ID)?",
        "z. B. V7 (Fachamt) oder V8 (Stabsstelle); Übersicht: ksm models list",
        "model",
        example="V7",
    ),
    ContextField(
        "vorhaben",
        "Vorhaben",
        "Läuft gerade ein Erst- oder ein Anschlussvorhaben?",
        "Erstvorhaben: Konzepterstellung (KSM1); Anschlussvorhaben: Umsetzung (KSM2).",
        "choice",
        VORHABEN,
        example="anschlussvorhaben",
    ),
    ContextField(
        "foerderende",
        "Förderende",
        "Wann endet die laufende Förderung (TT.MM.JJJJ)?",
        "Damit datiert ksm den Fahrplan, z. B. 30.06.2027.",
        "date",
        example="30.06.2027",
    ),
    ContextField(
        "haushaltsbeschluss_monat",
        "Haushaltsbeschluss (Monat)",
        "In welchem Monat beschließt der Rat üblicherweise den Haushalt für das Folgejahr?",
        "Damit datiert ksm, bis wann die Stelle im Haushalt verankert sein muss; z. B. 12 oder Dezember.",
        "month",
        example="12",
        question_landkreis="In welchem Monat beschließt der Kreistag üblicherweise den Haushalt für das Folgejahr?",
    ),
    ContextField(
        "eingeworbene_foerdermittel_eur",
        "Eingeworbene Fördermittel (€)",
        "Wie viele Fördermittel hat das Klimaschutzmanagement bisher eingeworben (in Euro, insgesamt)?",
        "Kapitel 2 des Leitfadens nennt sie als Erfolg, der nach außen getragen werden kann; die "
        "Beschlussvorlage stellt sie den Kosten gegenüber. Leer lassen, wenn nicht bekannt.",
        "money",
        example="120000",
    ),
    ContextField(
        "eingesparte_kosten_eur",
        "Eingesparte Kosten (€)",
        "Wie viel Geld hat die Kommune durch die Arbeit des Klimaschutzmanagements bisher eingespart "
        "(in Euro, insgesamt)?",
        "Etwa Energiekosten; Kapitel 2 des Leitfadens nennt „eingesparte Gelder“ als Erfolg. Leer "
        "lassen, wenn nicht bekannt.",
        "money",
        example="30000",
    ),
    ContextField(
        "haushalt_produkt",
        "Produkt/Kostenstelle",
        "Unter welchem Produkt oder welcher Kostenstelle wird die Stelle im Haushalt veranschlagt?",
        "Für die Beschlussvorlage, z. B. 56.10.01 Klimaschutz. Leer lassen: Dann bleibt dort ein "
        "Feld zum Ergänzen.",
        "text",
        example="56.10.01 Klimaschutz",
    ),
]
CONTEXT = {f.key: f for f in CONTEXT_FIELDS}


def slug(value: str) -> str:
    """Lower-case id form of a label: 'nicht möglich' -> 'nicht_moeglich'."""
    text = value.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[\s\-/]+", "_", text)


def question_options(flowchart: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every flowchart question (nodes and follow-up questions) with its options, in file order."""
    questions = {name: node["options"] for name, node in flowchart["nodes"].items()}
    for result in flowchart["results"].values():
        refine = result.get("refine")
        if refine:
            questions[refine["id"]] = refine["options"]
    return questions


def all_keys(flowchart: dict[str, Any]) -> list[str]:
    return [*CONTEXT, *question_options(flowchart)]


class Answers:
    """Validated answers: flowchart answers (question id -> option id) and the context."""

    def __init__(self, flow: dict[str, str] | None = None, context: dict[str, Any] | None = None) -> None:
        self.flow = dict(flow or {})
        self.context = dict(context or {})

    def merged(self, other: Answers) -> Answers:
        """These answers, overridden by ``other``."""
        return Answers({**self.flow, **other.flow}, {**self.context, **other.context})

    def as_plain(self, flowchart: dict[str, Any]) -> dict[str, Any]:
        """Key order: context first, then questions in file order; dates as ISO text."""
        out: dict[str, Any] = {}
        for key in CONTEXT:
            if self.context.get(key) is not None:
                value = self.context[key]
                out[key] = value.isoformat() if isinstance(value, dt.date) else value
        for key in question_options(flowchart):
            if key in self.flow:
                out[key] = self.flow[key]
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Answers) and (self.flow, self.context) == (other.flow, other.context)

    def __repr__(self) -> str:
        return f"Answers(flow={self.flow!r}, context={self.context!r})"


def _integer(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    text = str(raw).strip().replace("\u00a0", " ")
    if re.fullmatch(r"[0-9]{1,3}([.' ][0-9]{3})+", text):
        text = re.sub(r"[.' ]", "", text)
    return parse_whole(text)  # ASCII digits only, at most MAX_DIGITS


def parse_context_value(field: ContextField, raw: Any, knowledge: Knowledge | None) -> ContextValue | None:
    """Parse one context answer; '' or None means 'not given' and returns None. A bad value is an
    ``InputError`` for ``field.key`` (``knowledge`` is needed for model ids only)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    key = field.key
    if field.kind == "text":
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise InputError(key, "bitte einen Text angeben")
        text = str(raw).strip()
        if len(text) > 200:
            raise InputError(key, "Text ist zu lang (höchstens 200 Zeichen)", text)
        return text
    if field.kind == "choice":
        choices = field.choices or {}
        chosen = slug(str(raw)) if not isinstance(raw, bool) else ""
        for choice, label in choices.items():
            if chosen in (choice, slug(label)):
                return choice
        if chosen == "kreisangehoerige_gemeinde_stadt" or chosen in ("stadt", "kreisangehoerige_gemeinde"):
            if key == "kommunentyp":
                return "gemeinde"
        raise InputError(key, "ungültiger Wert", raw, accepted=list(choices))
    if field.kind == "integer":
        whole = _integer(raw)
        if (whole is not None and whole > MAX_EINWOHNER) or (whole is None and _long_digits(raw)):
            raise InputError(key, f"nicht plausibel (höchstens {de_number(MAX_EINWOHNER)} Einwohner)", raw)
        if whole is None or whole < 1:
            raise InputError(key, "keine ganze Zahl größer als 0 (z. B. 48000 oder 48.000)", raw)
        return whole
    if field.kind in ("decimal", "money"):
        money = field.kind == "money"
        number = parse_decimal(raw, thousands_dot=money)
        limit, places = (MAX_BUDGET, MONEY_PLACES) if money else (MAX_VZAE, VZAE_PLACES)
        if number is None or number < 0:
            example = "250000 oder 250.000" if money else "0,5 oder 1"
            raise InputError(
                key, f"keine gültige Zahl ab 0 mit höchstens {places} Nachkommastellen (z. B. {example})", raw
            )
        if number > limit:
            unit = " €" if money else " VZÄ"
            raise InputError(key, f"nicht plausibel (höchstens {de_number(limit)}{unit})", raw)
        if field.minimum is not None and number < field.minimum:
            raise InputError(
                key,
                f"nicht plausibel (mindestens {de_number(field.minimum)} € im Jahr; bitte in Euro angeben, "
                "z. B. 70.000, nicht in Tausend)",
                raw,
            )
        if decimal_places(number) > places:
            raise InputError(key, f"höchstens {places} Nachkommastellen", raw)
        return number
    if field.kind == "date":
        day = parse_date(raw)
        if day is None:
            raise InputError(key, f"{date_problem(raw)}, z. B. 30.06.2027", raw)
        return day
    if field.kind == "month":
        month = parse_month(raw)
        if month is None:
            raise InputError(key, "kein Monat (1 bis 12 oder der Name, z. B. 12 oder Dezember)", raw)
        return month
    if field.kind == "model":
        if knowledge is None:
            raise AssertionError("model ids need the knowledge")
        try:
            model, variant = knowledge.find(str(raw))
        except UsageError as exc:
            raise InputError(key, exc.message) from None  # the message names the value
        return str((variant or model)["id"])
    raise AssertionError(field.kind)


def context_text(field: ContextField, value: ContextValue) -> str:
    """A parsed context value as the user would type it, so that ``parse_context_value`` reads
    the text back to the same value (what the interview pre-fills and shows in its summary):
    48.000 (Einwohner), 2.500.000 or 1.250,5 (€), 0,125 (VZÄ), 30.06.2027."""
    if isinstance(value, dt.date):
        return de_date(value)
    if isinstance(value, bool):  # not a value of any field; shown as given
        return str(value)
    if field.kind == "month" and isinstance(value, int) and 1 <= value <= 12:
        return MONTHS[value - 1]  # "November" reads back as 11
    if field.kind in ("integer", "money") and isinstance(value, (int, float)):
        # Thousands dots are read back in these fields only: '1.000' is no Stellenumfang.
        return de_number(value, MONEY_PLACES if field.kind == "money" else 0)
    if isinstance(value, (int, float)):
        return plain_decimal(value, ",")
    return str(value)


def _long_digits(raw: Any) -> bool:
    """Only digits (and separators), but more of them than any count ksm takes."""
    text = re.sub(r"[.' \u00a0]", "", str(raw).strip())
    return len(text) > MAX_DIGITS and text.isascii() and text.isdigit()


def parse_flow_value(key: str, options: list[dict[str, Any]], raw: Any) -> str | None:
    """Parse a flowchart answer: an option id (or its label); None or '' means unanswered."""
    allowed = [o["id"] for o in options]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise InputError(
            key,
            "wurde als Ja/Nein-Wert gelesen; bitte die Antwort-ID in Anführungszeichen setzen",
            raw,
            accepted=allowed,
        )
    value = slug(str(raw))
    for option in options:
        if value in (option["id"], slug(option["label"])):
            return str(option["id"])
    raise InputError(key, "ungültiger Wert", raw, accepted=allowed)


def parse_answers(raw: dict[Any, Any], knowledge: Knowledge) -> Answers:
    """Check and parse a mapping of answers. A bad key or value is an ``InputError`` whose
    ``field`` is the key as given (stripped); the caller names where it came from."""
    questions = question_options(knowledge.flowchart)
    answers = Answers()
    for key, value in raw.items():
        name = str(key).strip()
        if name in CONTEXT:
            parsed = parse_context_value(CONTEXT[name], value, knowledge)
            if parsed is not None:
                answers.context[name] = parsed
        elif name in questions:
            flow = parse_flow_value(name, questions[name], value)
            if flow is not None:
                answers.flow[name] = flow
        else:
            keys = all_keys(knowledge.flowchart)
            hint = closest(name, keys)
            reason = "unbekannte Frage" + (f" – meinten Sie '{hint}'?" if hint else "")
            raise InputError(name, reason, accepted=keys)
    return answers


def missing_questions(flowchart: dict[str, Any], flow: dict[str, str], first: str) -> list[str]:
    """The first unanswered question and every unanswered question that may follow it."""
    order: list[str] = []
    queue = [first]
    while queue:
        name = queue.pop(0)
        if name in order or name not in flowchart["nodes"]:
            continue
        if name not in flow:
            order.append(name)
            queue.extend(o["next"] for o in flowchart["nodes"][name]["options"])
        else:
            chosen = next(o for o in flowchart["nodes"][name]["options"] if o["id"] == flow[name])
            queue.append(chosen["next"])
    return order


def load_answers_file(path: Path, knowledge: Knowledge) -> Answers:
    """Read an answers file (YAML mapping). Errors name the file, the line and the key
    (``antworten.yaml, Zeile 4: staerkung_ksm: 'vielleicht': ungültiger Wert (erlaubt: …)``)."""
    from ksm_cli.storage import display_path, read_user_file

    name = display_path(path)
    data, checker = read_user_file(path, "Datei nicht gefunden", max_bytes=1024 * 1024)
    if data is None:
        return Answers()
    if not isinstance(data, dict):
        raise UsageError(
            f"{name}: Die Antwortdatei muss Zuordnungen 'frage: antwort' enthalten, eine pro Zeile."
        )
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            raise checker.fail((key,), "erwartet wird ein einzelner Wert, keine Liste")
    try:
        return parse_answers(data, knowledge)
    except InputError as error:
        # The key as written in the file (``parse_answers`` names it stripped), with its line.
        written = next((key for key in data if str(key).strip() == error.field), error.field)
        line = checker.lines.get((written,))
        where = f"{name}, Zeile {line}: {error.field}" if line else f"{name}: {error.field}"
        raise error.named({error.field: where}) from None


def _plain_answers(answers: Answers, knowledge: Knowledge) -> dict[str, Any]:
    plain = answers.as_plain(knowledge.flowchart)
    for key, value in plain.items():
        if isinstance(value, float):
            # Integral numbers as integers; others in German notation, so that '123.456' can
            # never be read back as 123456 € (a dot may be a thousands separator in money).
            plain[key] = int(value) if value.is_integer() else plain_decimal(value, ",")
    return plain


ANSWERS_HEADER = (
    "# ksm assess – Antworten (mit 'ksm assess --answers DATEI' erneut verwenden)\n"
    "# Schlüssel: Frage-ID bzw. Angabe zur Kommune; Werte: Antwort-ID. Übersicht: ksm flowchart\n"
)


def dump_answers(answers: Answers, knowledge: Knowledge, header: str = ANSWERS_HEADER) -> str:
    """The answers as a commented YAML file that ``--answers`` reads back."""
    from ksm_cli.storage import dump_yaml

    plain = _plain_answers(answers, knowledge)
    body = dump_yaml(plain) if plain else "{}\n"
    return header + body


def answers_text(
    answers: Answers, knowledge: Knowledge, old_text: str | None, header: str = ANSWERS_HEADER
) -> str:
    """The text to write for ``answers``: a new file, or the answers file ``old_text`` with only
    the changed answers edited, so that its comments stay. A file that is no answers file ksm can
    read is never replaced (``FileProblem``). What would be written is read back first."""
    from ksm_cli.fs import FileProblem
    from ksm_cli.storage import verify_readback

    if old_text is None:
        text = dump_answers(answers, knowledge, header)
    else:
        from ksm_cli import yamledit

        try:
            yaml, doc = yamledit.load(old_text)
            raw = yamledit.plain(doc)
            old = parse_answers(raw, knowledge) if isinstance(raw, dict) else None
        except (FileProblem, UsageError):
            old = None
        if old is None:
            from ksm_cli.outputs import NotOurs

            raise NotOurs("ist keine Antwortdatei, die ksm lesen kann")
        if doc is None:
            text = dump_answers(answers, knowledge, header)
        else:
            plain = _plain_answers(answers, knowledge)
            order = list(plain)
            for key in [str(k) for k in doc]:
                if key not in plain:
                    yamledit.set_key(doc, key, None)
            for key, value in plain.items():
                before = old.context.get(key, old.flow.get(key))
                now = answers.context.get(key, answers.flow.get(key))
                if key not in doc or before != now:
                    yamledit.set_key(doc, key, value, order)
            text = yamledit.dump(yaml, doc)
    verify_readback(text, lambda data, _checker: parse_answers(data or {}, knowledge), answers)
    if old_text is not None:
        from ksm_cli.yamledit import check_comments

        check_comments(old_text, text)
    return text
