"""German for what typer and its copy of click show: help texts and usage errors.

typer 0.27 vendors click (``typer._click``) with English texts and no gettext catalogue. What a
KSM can see is translated here, and only here:

- the help: the usage line, the section and panel titles, the help option and the completion
  options, and typer's few words of plain help (``germanize_help``, ``GermanFormatter``);
- the usage errors, matched by the type of click's exception and its attributes
  (``german_usage_message``). Where click raises a bare ``UsageError`` that carries no data (an
  unknown command, a missing command, extra arguments), ksm's command classes raise a typed error
  of this module instead (``GermanUsageError``).

The command classes (``ksm_cli.cli.lazy``) import this module only when a help or a usage error
is shown: a command that runs does not load it.

The internals of typer this depends on are those of typer 0.27.3, pinned in ``pyproject.toml``:
the module globals of ``typer.rich_utils``, typer's gettext alias ``typer.core._``, and the way
each parameter type words its complaint. ``tests/test_click_contract.py`` raises every usage
error and fails on any English word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typer._click import exceptions as click_exc
from typer._click.formatting import HelpFormatter

if TYPE_CHECKING:
    from typer._click.core import Context, Parameter
    from typer._click.types import ParamType

HELP_OPTION_TEXT = "Diese Hilfe anzeigen und beenden."
PARAM_HELP = {
    "install_completion": "Befehlsergänzung (Tab) für die aktuelle Shell einrichten.",
    "show_completion": "Skript für die Befehlsergänzung der aktuellen Shell anzeigen.",
}
# Module globals of typer.rich_utils (the rich help), set before the rich help is drawn.
RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumente",
    "OPTIONS_PANEL_TITLE": "Optionen",
    "COMMANDS_PANEL_TITLE": "Befehle",
    "ERRORS_PANEL_TITLE": "Fehler",
    "ABORTED_TEXT": "Abgebrochen.",
    "DEFAULT_STRING": "[Standard: {}]",
    "ENVVAR_STRING": "[Umgebungsvariable: {}]",
    "REQUIRED_LONG_STRING": "[erforderlich]",
    "DEPRECATED_STRING": "(veraltet) ",
}
SECTIONS = {"Options": "Optionen", "Commands": "Befehle", "Arguments": "Argumente"}
# The words typer's plain help looks up with gettext (``typer.core._``).
PLAIN_TEXTS = {
    "required": "erforderlich",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "(dynamic)": "(dynamisch)",
}
USAGE_PREFIX = "Aufruf: "
OPTIONS_METAVAR = "[OPTIONEN]"
SUBCOMMAND_METAVAR = "BEFEHL [ARGUMENTE]..."


# --- help --------------------------------------------------------------------------------------


def reflow(text: str | None) -> str | None:
    """Join the wrapped lines of each paragraph: typer 0.27 keeps them in all but the first one."""
    if not text:
        return text
    import inspect

    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


def _plain_gettext(message: str) -> str:
    return PLAIN_TEXTS.get(message, message)


class GermanFormatter(HelpFormatter):
    """click's plain help layout with German headings, as wide as the other plain output."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None:
            from ksm_cli.render.output import plain_width

            width = plain_width() - 2
        super().__init__(indent_increment, width, max_width)

    def write_heading(self, heading: str) -> None:
        super().write_heading(SECTIONS.get(heading, heading))


def germanize_help(command: Any, ctx: Context, rich: bool) -> None:
    """Put the German texts in place just before the help of ``command`` is drawn."""
    if rich:
        from typer import rich_utils

        for name, text in RICH_TEXTS.items():
            setattr(rich_utils, name, text)
    else:
        command.rich_markup_mode = None  # typer then leaves the layout to click (no rich import)
        import typer.core

        # typer's plain help looks its few words up with gettext, which has no German catalogue
        typer.core._ = _plain_gettext
    command.help = reflow(command.help)
    command.options_metavar = OPTIONS_METAVAR
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    germanize_options(command, ctx)


def germanize_options(command: Any, ctx: Context) -> None:
    """The help texts of the options typer and click add: shown in the help and, by zsh and fish,
    next to the completions."""
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = HELP_OPTION_TEXT
    for param in command.params:
        if param.name in PARAM_HELP:
            param.help = PARAM_HELP[param.name]


# --- typed usage errors where click raises a bare UsageError ------------------------------------


class GermanUsageError(click_exc.UsageError):
    """A usage error whose message is already German.

    click raises an unknown command, a missing command and extra arguments as a bare
    ``UsageError`` with English text and no data; ksm's command classes raise one of these
    instead (``no_such_command``, ``missing_command``, ``extra_arguments``). One class, not one
    per case: each class costs start-up time, and the message is all the boundary needs.
    """


def no_such_command(name: str, possibilities: Sequence[str], ctx: Context | None) -> GermanUsageError:
    text = f"Unbekannter Befehl {name!r}."
    if possibilities:
        text += " Meinten Sie " + ", ".join(map(repr, possibilities)) + "?"
    return GermanUsageError(text, ctx)


def missing_command(ctx: Context | None) -> GermanUsageError:
    return GermanUsageError("Es fehlt ein Befehl.", ctx)


def extra_arguments(extra: Sequence[str], ctx: Context | None) -> GermanUsageError:
    return GermanUsageError("Unerwartete zusätzliche Argumente: " + " ".join(extra), ctx)


# --- usage errors in German ---------------------------------------------------------------------


def german_range(kind: Any) -> str:
    """The range of an ``IntRange``/``FloatRange`` in words, from its bounds."""
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        if not kind.min_open and not kind.max_open:
            return f"{low} bis {high}"
        return f"zwischen {low} und {high}"
    if low is not None:
        return f"{'größer als' if kind.min_open else 'mindestens'} {low}"
    if high is not None:
        return f"{'kleiner als' if kind.max_open else 'höchstens'} {high}"
    return "jeder Wert"


def param_name(param: Parameter | None, hint: Sequence[str] | str | None = None) -> str:
    """The parameter as the user typed it: ``--year``, or the metavar of an argument (``ID``)."""
    if param is None:
        if isinstance(hint, str):
            return hint
        return " / ".join(hint) if hint else "?"
    if param.param_type_name == "argument":
        return (param.human_readable_name or param.name or "?").upper()
    opts = param.opts or [param.name or "?"]
    return sorted(opts, key=len, reverse=True)[0]


def _value_before(message: str, suffix: str) -> str | None:
    """The value click put in front of ``suffix``, if ``message`` is exactly that text."""
    if message.endswith(suffix) and len(message) > len(suffix):
        return message[: -len(suffix)]
    return None


def _allowed_choices(kind: Any, ctx: Context | None) -> str:
    return ", ".join(repr(kind.normalize_choice(choice, ctx)) for choice in kind.choices)


def _path_problem(kind: Any, message: str) -> str | None:
    """TyperPath's texts: "<File|Directory|Path> '<name>' <problem>." (typer/models.py)."""
    words = {"file": "Die Datei", "directory": "Das Verzeichnis", "path": "Der Pfad"}
    problems = {
        " does not exist.": "existiert nicht.",
        " is a file.": "ist eine Datei, kein Verzeichnis.",
        " is a directory.": "ist ein Verzeichnis, keine Datei.",
        " is not readable.": "ist nicht lesbar (keine Leseberechtigung).",
        " is not writable.": "ist nicht beschreibbar (keine Schreibberechtigung).",
    }
    prefix = kind.name.title() + " "
    for suffix, german in problems.items():
        location = _value_before(message, suffix)
        if location is not None and location.startswith(prefix):
            return f"{words.get(kind.name, 'Der Pfad')} {location[len(prefix) :]} {german}"
    return None


def german_bad_value(exc: click_exc.BadParameter, kind: ParamType | None = None) -> str | None:
    """What is wrong with the value, in German; ``None`` for a text this module does not know.

    Each parameter type of click and typer words its complaint in one fixed way around the value
    typed; the type (``exc.param.type``) and its attributes give that wording exactly, so the value
    is what stands before it. No text is guessed from its English words.
    """
    from typer._click import types

    message, ctx = exc.message, exc.ctx
    if kind is None and exc.param is not None:
        kind = exc.param.type
    if exc.param is not None:  # Parameter.type_cast_value (typer/_click/core.py)
        if message == "Value must be an iterable.":
            return "erwartet werden mehrere Werte."
        if message.startswith(f"Takes {exc.param.nargs} values but ") and message.endswith(" given."):
            return f"erwartet werden {exc.param.nargs} Werte."
    if isinstance(kind, (types.IntRange, types.FloatRange)):
        value = _value_before(message, f" is not in the range {kind._describe_range()}.")
        if value is not None:
            return f"{value} ist nicht erlaubt (erlaubt: {german_range(kind)})."
    if isinstance(kind, (types.IntParamType, types.FloatParamType)):
        value = _value_before(message, f" is not a valid {kind.name}.")
        if value is not None:
            whole = isinstance(kind, types.IntParamType)
            return f"{value} ist keine {'ganze Zahl' if whole else 'gültige Zahl'}."
    if isinstance(kind, types.BoolParamType):
        states = ", ".join(sorted(kind.bool_states))
        value = _value_before(message, f" is not a valid boolean. Recognized values: {states}")
        if value is not None:
            shown = ", ".join(state for state in sorted(kind.bool_states) if state)
            return f"{value} ist kein Wahrheitswert (erlaubt: {shown})."
    if isinstance(kind, types.UUIDParameterType):
        value = _value_before(message, " is not a valid UUID.")
        if value is not None:
            return f"{value} ist keine gültige UUID."
    if isinstance(kind, types.DateTime):
        formats = ", ".join(map(repr, kind.formats))
        value = _value_before(message, f" does not match the formats {formats}.")
        if value is not None:
            return f"{value} passt zu keinem der Formate {formats}."
    if isinstance(kind, types.Tuple):
        count = len(kind.types)
        if message.startswith(f"{count} values are required, but ") and message.endswith(" given."):
            return f"erwartet werden {count} Werte."
        for part in kind.types:  # one of the values did not convert: its type's text
            problem = german_bad_value(click_exc.BadParameter(message, ctx, exc.param), part)
            if problem is not None:
                return problem
    if isinstance(kind, types.File) and message.startswith("'"):  # "'<name>': <strerror>"
        name, _, reason = message[1:].partition("': ")
        return f"Die Datei '{name}' lässt sich nicht öffnen ({os_reason(reason)})."
    if isinstance(kind, types.FuncParamType):  # typer's parser=: the message is the value itself
        return f"'{message}' ist ungültig."
    from typer._types import TyperChoice
    from typer.models import TyperPath

    if isinstance(kind, TyperChoice):
        # the suffix of the text for an empty value: " is not one of 'a', 'b'."
        suffix = kind.get_invalid_choice_message(value="", ctx=ctx)[len(repr("")) :]
        value = _value_before(message, suffix)
        if value is not None:
            return f"{value} ist keiner der erlaubten Werte ({_allowed_choices(kind, ctx)})."
    if isinstance(kind, TyperPath):
        return _path_problem(kind, message)
    return None


def _option_of(ctx: Context | None, name: str) -> Parameter | None:
    if ctx is None:
        return None
    for param in ctx.command.get_params(ctx):
        if name in param.opts or name in param.secondary_opts:
            return param
    return None


def german_usage_message(exc: click_exc.UsageError) -> str:
    """A German sentence for a usage error of click or typer, chosen by its type and attributes."""
    if isinstance(exc, GermanUsageError):
        return exc.message
    if isinstance(exc, click_exc.NoSuchOption):
        text = f"Unbekannte Option {exc.option_name!r}."
        if exc.possibilities:
            text += " Meinten Sie " + " oder ".join(repr(p) for p in sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, click_exc.MissingParameter):
        kind = exc.param.param_type_name if exc.param is not None else exc.param_type
        name = param_name(exc.param, exc.param_hint)
        if kind != "argument":
            text = f"Die Option {name} fehlt."
        elif exc.param is not None and exc.param.nargs != 1:
            text = f"Es fehlen Argumente: {name}" + ("" if name.endswith(".") else ".")
        else:
            text = f"Das Argument {name} fehlt."
        from typer._types import TyperChoice

        if exc.param is not None and isinstance(exc.param.type, TyperChoice):
            text += f" Erlaubt: {_allowed_choices(exc.param.type, exc.ctx)}."
        return text
    if isinstance(exc, click_exc.BadParameter):
        name = param_name(exc.param, exc.param_hint)
        problem = german_bad_value(exc)
        return f"Ungültiger Wert für {name}: {problem}" if problem else f"Ungültiger Wert für {name}."
    if isinstance(exc, click_exc.BadOptionUsage):
        option = _option_of(exc.ctx, exc.option_name)
        if option is None:
            return f"Die Option {exc.option_name} ist hier falsch verwendet."
        if getattr(option, "is_flag", False) or getattr(option, "count", False):
            return f"Die Option {exc.option_name} nimmt keinen Wert."
        if option.nargs > 1:
            return f"Die Option {exc.option_name} braucht {option.nargs} Werte."
        return f"Die Option {exc.option_name} braucht einen Wert."
    if isinstance(exc, click_exc.BadArgumentUsage):
        # The only text (typer/_click/parser.py): "Argument '<dest>' takes <n> values." The type
        # carries neither the argument nor the number, so they are read from the text.
        import re

        match = re.fullmatch(r"Argument '(.*)' takes (\d+) values\.", exc.message)
        if match:
            return f"Das Argument {match[1].upper()} braucht {match[2]} Werte."
        return "Die Argumente passen nicht zum Befehl."
    return "Der Aufruf ist ungültig."


def os_reason(strerror: str) -> str:
    """The German for the operating system's text of an error (click keeps only that text)."""
    import errno
    import os

    reasons = {
        errno.ENOENT: "Datei oder Verzeichnis existiert nicht",
        errno.EACCES: "keine Berechtigung",
        errno.EPERM: "keine Berechtigung",
        errno.EISDIR: "ist ein Verzeichnis, keine Datei",
        errno.ENOTDIR: "ein Teil des Pfads ist kein Verzeichnis",
        errno.ENAMETOOLONG: "Dateiname oder Pfad ist zu lang",
        errno.EROFS: "Datenträger ist schreibgeschützt",
        errno.ENOSPC: "Datenträger ist voll",
        errno.ELOOP: "zu viele symbolische Verknüpfungen",
    }
    german = {os.strerror(number): text for number, text in reasons.items()}
    if strerror == "unknown error":  # click's text when the system gave none
        return "unbekannter Fehler"
    return german.get(strerror, f"Betriebssystem: {strerror}")


def german_file_error(exc: click_exc.FileError) -> str:
    """click's ``FileError`` (a ``File`` parameter that cannot be opened), in German."""
    return f"Die Datei {exc.ui_filename!r} lässt sich nicht öffnen ({os_reason(exc.message)})."
