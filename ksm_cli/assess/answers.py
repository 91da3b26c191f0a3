"""Answers for the assessment: the context questions, parsing and validation (pure).

Answers come from an answers file (YAML), from ``--set key=value``, from a CSV row or from the
interview. All of them pass through ``parse_answers``, which checks every key and value and
returns the flowchart answers and the context separately. Errors name the key, where it came
from and the allowed values.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ksm_cli.errors import UsageError
from ksm_cli.german import (
    MAX_BUDGET,
    MAX_DIGITS,
    MAX_EINWOHNER,
    MAX_VZAE,
    MONEY_PLACES,
    VZAE_PLACES,
    date_problem,
    de_number,
    decimal_places,
    parse_date,
    parse_decimal,
    parse_whole,
    plain_decimal,
    shown,
)
from ksm_cli.knowledge.ids import closest
from ksm_cli.vocabulary import KOMMUNENTYPEN, VORHABEN


class ContextField:
    """One optional context question: how it is asked, parsed and shown."""

    __slots__ = ("key", "label", "question", "help", "kind", "choices", "example")

    def __init__(self, key, label, question, help, kind, choices=None, example=""):  # noqa: A002
        self.key, self.label, self.question, self.help = key, label, question, help
        self.kind, self.choices, self.example = kind, choices, example


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


def _fail(where: str, key: str, message: str, allowed: list[str] | None = None) -> UsageError:
    text = f"{where}'{key}': {message}"
    if allowed:
        text += ". Erlaubt: " + ", ".join(allowed)
    return UsageError(text)


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


def parse_context_value(field: ContextField, raw: Any, knowledge, where: str = "") -> Any:
    """Parse one context answer; '' or None means 'not given' and returns None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    key = field.key
    if field.kind == "text":
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise _fail(where, key, "bitte einen Text angeben")
        text = str(raw).strip()
        if len(text) > 200:
            raise _fail(where, key, "Text ist zu lang (höchstens 200 Zeichen)")
        return text
    if field.kind == "choice":
        value = slug(str(raw)) if not isinstance(raw, bool) else ""
        for choice, label in field.choices.items():
            if value in (choice, slug(label)):
                return choice
        if value == "kreisangehoerige_gemeinde_stadt" or value in ("stadt", "kreisangehoerige_gemeinde"):
            if key == "kommunentyp":
                return "gemeinde"
        raise _fail(where, key, f"ungültiger Wert '{raw}'", list(field.choices))
    if field.kind == "integer":
        value = _integer(raw)
        if (value is not None and value > MAX_EINWOHNER) or (value is None and _long_digits(raw)):
            raise _fail(
                where,
                key,
                f"{shown(raw)} ist nicht plausibel (höchstens {de_number(MAX_EINWOHNER)} Einwohner)",
            )
        if value is None or value < 1:
            raise _fail(
                where, key, f"'{shown(raw)}' ist keine ganze Zahl größer als 0 (z. B. 48000 oder 48.000)"
            )
        return value
    if field.kind in ("decimal", "money"):
        money = field.kind == "money"
        value = parse_decimal(raw, thousands_dot=money)
        limit, places = (MAX_BUDGET, MONEY_PLACES) if money else (MAX_VZAE, VZAE_PLACES)
        if value is None or value < 0:
            example = "250000 oder 250.000" if money else "0,5 oder 1"
            raise _fail(
                where,
                key,
                f"'{shown(raw)}' ist keine Zahl ab 0 mit höchstens {places} Nachkommastellen (z. B. {example})",
            )
        if value > limit:
            unit = " €" if money else " VZÄ"
            raise _fail(where, key, f"{shown(raw)} ist nicht plausibel (höchstens {de_number(limit)}{unit})")
        if decimal_places(value) > places:
            raise _fail(where, key, f"'{shown(raw)}': höchstens {places} Nachkommastellen")
        return value
    if field.kind == "date":
        value = parse_date(raw)
        if value is None:
            raise _fail(where, key, f"'{shown(raw)}': {date_problem(raw)}, z. B. 30.06.2027")
        return value
    if field.kind == "model":
        try:
            model, variant = knowledge.find(str(raw))
        except UsageError as exc:
            raise UsageError(f"{where}'{key}': {exc.message}") from None
        return (variant or model)["id"]
    raise AssertionError(field.kind)


def _long_digits(raw: Any) -> bool:
    """Only digits (and separators), but more of them than any count ksm takes."""
    text = re.sub(r"[.' \u00a0]", "", str(raw).strip())
    return len(text) > MAX_DIGITS and text.isascii() and text.isdigit()


def parse_flow_value(key: str, options: list[dict[str, Any]], raw: Any, where: str = "") -> str | None:
    """Parse a flowchart answer: an option id (or its label); None or '' means unanswered."""
    allowed = [o["id"] for o in options]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise _fail(
            where,
            key,
            f"'{raw}' wurde als Ja/Nein-Wert gelesen; bitte die Antwort-ID in Anführungszeichen setzen",
            allowed,
        )
    value = slug(str(raw))
    for option in options:
        if value in (option["id"], slug(option["label"])):
            return option["id"]
    raise _fail(where, key, f"ungültiger Wert '{raw}'", allowed)


def parse_answers(raw: dict[Any, Any], knowledge, where: str = "", line_of=None) -> Answers:
    """Check and parse a mapping of answers. ``where`` names the origin ("answers.yaml, ");
    ``line_of(key)`` gives a key's line in the file, so that errors name it (asked only then)."""
    questions = question_options(knowledge.flowchart)
    answers = Answers()

    def take(key: Any, value: Any, place: str) -> None:
        name = str(key).strip()
        if name in CONTEXT:
            parsed = parse_context_value(CONTEXT[name], value, knowledge, place)
            if parsed is not None:
                answers.context[name] = parsed
        elif name in questions:
            parsed = parse_flow_value(name, questions[name], value, place)
            if parsed is not None:
                answers.flow[name] = parsed
        else:
            keys = all_keys(knowledge.flowchart)
            hint = closest(name, keys)
            message = f"{place}unbekannte Frage '{name}'"
            message += f" – meinten Sie '{hint}'?" if hint else ""
            raise UsageError(message + " Erlaubt: " + ", ".join(keys))

    for key, value in raw.items():
        try:
            take(key, value, where)
        except UsageError:
            line = line_of(key) if line_of else None
            if line:
                take(key, value, f"{where}Zeile {line}: ")  # the same problem, now with its line
            raise
    return answers


def parse_set_options(items: list[str], knowledge) -> Answers:
    """``--set key=value`` (repeatable); the last one for a key wins."""
    raw: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(
                f"--set '{item}': bitte als SCHLÜSSEL=WERT angeben, z. B. --set kommunentyp=landkreis"
            )
        key, value = item.split("=", 1)
        if not key.strip():
            raise UsageError(f"--set '{item}': der Schlüssel vor '=' fehlt")
        raw[key.strip()] = value
    return parse_answers(raw, knowledge, "--set ")


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


def load_answers_file(path, knowledge) -> Answers:
    """Read an answers file (YAML mapping). Errors name the file and the line."""
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
    return parse_answers(data, knowledge, f"{name}, ", lambda key: checker.lines.get((key,)))


def _plain_answers(answers: Answers, knowledge) -> dict[str, Any]:
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


def dump_answers(answers: Answers, knowledge) -> str:
    """The answers as a commented YAML file that ``--answers`` reads back."""
    from ksm_cli.storage import dump_yaml

    plain = _plain_answers(answers, knowledge)
    body = dump_yaml(plain) if plain else "{}\n"
    return ANSWERS_HEADER + body


def answers_text(answers: Answers, knowledge, old_text: str | None) -> str:
    """The text to write for ``answers``: a new file, or the answers file ``old_text`` with only
    the changed answers edited, so that its comments stay. A file that is no answers file ksm can
    read is never replaced (``FileProblem``). What would be written is read back first."""
    from ksm_cli.fs import FileProblem
    from ksm_cli.storage import verify_readback

    if old_text is None:
        text = dump_answers(answers, knowledge)
    else:
        from ksm_cli import yamledit

        try:
            yaml, doc = yamledit.load(old_text)
            raw = yamledit.plain(doc)
            old = parse_answers(raw, knowledge) if isinstance(raw, dict) else None
        except (FileProblem, UsageError):
            old = None
        if old is None:
            raise FileProblem(
                "ist keine Antwortdatei, die ksm lesen kann; ksm ersetzt sie nicht – "
                "bitte einen anderen Dateinamen angeben"
            )
        if doc is None:
            text = dump_answers(answers, knowledge)
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
