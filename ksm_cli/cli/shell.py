"""The thin shell around typer: German help texts, German usage errors, exit codes.

typer 0.27 vendors click with English texts and no gettext. ``KsmGroup`` and ``KsmCommand``
translate what a KSM can see: the usage line, the panel titles, the help option, and every
usage error. ``KsmGroup.main`` is the one place where errors become a German line on stderr:
2 for bad input, 1 for other failures, 130 for Ctrl-C, and a traceback only with ``--debug``.
It also guards stdout while the command runs (see ``ksm_cli.render.output``): a closed stdout or
a full disk is "Ausgabe konnte nicht geschrieben werden (…)" with 1, a reader that closed the
pipe ends ksm silently with 141; and it refuses arguments that are not valid UTF-8 (exit 2).
"""

from __future__ import annotations

import os
import sys

from typer._click import exceptions as click_exc
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

from ksm_cli.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, KsmError, UsageError
from ksm_cli.render.document import clean
from ksm_cli.render.output import (
    EXIT_BROKEN_PIPE,
    GuardedStream,
    OutputError,
    configure_streams,
    error_line,
    notice,
    silence_stdout,
)

HELP_OPTION_TEXT = "Diese Hilfe anzeigen und beenden."
PARAM_HELP = {
    "install_completion": "Befehlsergänzung (Tab) für die aktuelle Shell einrichten.",
    "show_completion": "Skript für die Befehlsergänzung der aktuellen Shell anzeigen.",
}
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


def _reflow(text: str | None) -> str | None:
    """Join the wrapped lines of each paragraph: typer 0.27 keeps them in all but the first one."""
    if not text:
        return text
    import inspect

    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


SECTIONS = {"Options": "Optionen", "Commands": "Befehle", "Arguments": "Argumente"}
PLAIN_TEXTS = {
    "required": "erforderlich",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "(dynamic)": "(dynamisch)",
}


class _GermanFormatter(HelpFormatter):
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


class _GermanContext(Context):
    formatter_class = _GermanFormatter


def _german_ranges() -> None:
    """Ranges in help as words ("mindestens 1"), not click's notation ("x>=1")."""
    from typer._click import types

    describe = types._NumberRangeBase._describe_range
    if not getattr(describe, "german", False):

        def german(self) -> str:
            return _german_range(describe(self))

        german.german = True
        types._NumberRangeBase._describe_range = german


def _germanize_help(command, rich: bool) -> None:
    _german_ranges()
    if rich:
        from typer import rich_utils

        for name, text in RICH_TEXTS.items():
            setattr(rich_utils, name, text)
    else:
        command.rich_markup_mode = None  # typer then leaves the layout to click (no rich import)
        import typer.core

        # typer's plain help looks its few words up with gettext, which has no German catalogue
        typer.core._ = lambda text: PLAIN_TEXTS.get(text, text)
    command.help = _reflow(command.help)
    for param in command.params:
        if param.name in PARAM_HELP:
            param.help = PARAM_HELP[param.name]


def _show_help(ctx, param, value: bool) -> None:
    """click's help callback, writing to ``sys.stdout`` itself: click's ``echo`` replaces an ASCII
    stdout by a UTF-8 writer of its own, past the encoding chosen and past the write guard."""
    if value and not ctx.resilient_parsing:
        sys.stdout.write(ctx.get_help() + "\n")
        ctx.exit()


class _German:
    """Mixin for typer's command classes."""

    context_class = _GermanContext

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
            option.callback = _show_help
        return option

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Aufruf: ")

    def format_help(self, ctx, formatter):
        """rich panels on a terminal; in a pipe plain text, which also spares importing rich."""
        from ksm_cli.render.output import use_rich

        _germanize_help(self, use_rich())
        return super().format_help(ctx, formatter)


class KsmCommand(_German, TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[OPTIONEN]"


class KsmSubGroup(_German, TyperGroup):
    """A command group whose commands typer builds only when they are asked for.

    Building a command means reading its signature; for a run that needs one command of eight
    that is most of the group's start-up. ``_pending`` holds typer's command infos until then.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[OPTIONEN]"
        self.subcommand_metavar = "BEFEHL [ARGUMENTE]..."
        self._pending: dict[str, tuple] = {}

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *self._pending]

    def get_command(self, ctx, name: str):
        if name in self._pending:
            import typer.main

            info, typer_app = self._pending.pop(name)
            self.commands[name] = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=typer_app.pretty_exceptions_short,
                rich_markup_mode=typer_app.rich_markup_mode,
            )
        return super().get_command(ctx, name)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click_exc.UsageError as exc:  # typer suggests only from the commands it has built
            if args and "Did you mean" not in exc.message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    exc.message = (
                        exc.message.rstrip(".") + ". Did you mean " + ", ".join(map(repr, matches)) + "?"
                    )
            raise


def _param_name(param) -> str:
    if param is None:
        return "?"
    if getattr(param, "param_type_name", "") == "argument":
        return (param.human_readable_name or param.name or "?").upper()
    opts = getattr(param, "opts", None) or [param.name]
    return "/".join(sorted(opts, key=len, reverse=True)[:1])


def _german_range(described: str) -> str:
    """click's range notation ("x>=0", "1<=x<=10") in words."""
    import re

    both = re.fullmatch(r"(.+?)(<=?)x(<=?)(.+)", described)
    if both:
        low, high = both[1], both[4]
        return f"{low} bis {high}" if both[2] == both[3] == "<=" else f"zwischen {low} und {high}"
    one = re.fullmatch(r"x(>=|>|<=|<)(.+)", described)
    if one:
        words = {">=": "mindestens", ">": "größer als", "<=": "höchstens", "<": "kleiner als"}
        return f"{words[one[1]]} {one[2]}"
    return described


def _german_bad_value(message: str) -> str:
    import re

    number = re.fullmatch(r"(.*) is not a valid (int|integer|float)( range)?\.", message, re.S)
    if number:
        return f"{number[1]} ist keine {'Zahl' if number[2] == 'float' else 'ganze Zahl'}."
    outside = re.fullmatch(r"(.*) is not in the range (.*)\.", message, re.S)
    if outside:
        return f"{outside[1]} ist nicht erlaubt (erlaubt: {_german_range(outside[2])})."
    boolean = re.fullmatch(r"(.*) is not a valid boolean\..*", message, re.S)
    if boolean:
        return f"{boolean[1]} ist kein Wahrheitswert (ja/nein)."
    replacements = [
        (" is not one of ", " ist keiner der erlaubten Werte: "),
        (" does not exist.", " existiert nicht."),
        (" is a directory.", " ist ein Verzeichnis."),
        (" is a file.", " ist eine Datei."),
    ]
    for english, german in replacements:
        message = message.replace(english, german)
    return message.replace("File ", "Datei ").replace("Directory ", "Verzeichnis ").replace("Path ", "Pfad ")


def german_usage_message(exc: click_exc.UsageError) -> str:
    """A German sentence for a click usage error."""
    if isinstance(exc, click_exc.NoSuchOption):
        text = f"Unbekannte Option {exc.option_name!r}."
        if exc.possibilities:
            text += " Meinten Sie " + " oder ".join(repr(p) for p in sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, click_exc.MissingParameter):
        kind = getattr(exc.param, "param_type_name", "") if exc.param else exc.param_type
        name = _param_name(exc.param)
        if kind == "argument":
            return f"Das Argument {name} fehlt."
        return f"Die Option {name} fehlt."
    if isinstance(exc, click_exc.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Die Option {exc.option_name} braucht einen Wert."
        if "does not take a value" in exc.message:
            return f"Die Option {exc.option_name} nimmt keinen Wert."
        return exc.message
    if isinstance(exc, click_exc.BadParameter):
        return f"Ungültiger Wert für {_param_name(exc.param)}: {_german_bad_value(exc.message)}"
    message = exc.message
    if message.startswith("No such command"):
        name = message[len("No such command ") :].split(".")[0]
        text = f"Unbekannter Befehl {name}."
        if "Did you mean" in message:
            text += " Meinten Sie " + message.split("Did you mean ", 1)[1].rstrip("?") + "?"
        return text
    if message.startswith("Missing command"):
        return "Es fehlt ein Befehl."
    if message.startswith("Got unexpected extra argument"):
        extra = message.rsplit("(", 1)[-1].rstrip(")")
        return f"Unerwartete zusätzliche Argumente: {extra}"
    return message


def _debug_requested(args: list[str]) -> bool:
    if os.environ.get("KSM_DEBUG", "").strip() not in ("", "0"):
        return True
    head = args[: args.index("--")] if "--" in args else args
    return "--debug" in head


def _utf8_arguments(args: list[str]) -> list[str]:
    """The arguments as text; one that is not valid UTF-8 is refused, naming its option.

    Python hands bytes it cannot decode to ``sys.argv`` as lone surrogates. Under a C locale
    without UTF-8 mode ("ä" typed in a UTF-8 terminal, ``LC_ALL=C PYTHONUTF8=0``) that is every
    non-ASCII character: those bytes are valid UTF-8 and are decoded as such here. Bytes that are
    not UTF-8 at all (a Latin-1 "ü", ``$'M\\xfcller'``) would fail later, when the text is saved
    or shown, so they are a usage error now.
    """
    result = []
    for index, arg in enumerate(args):
        if not any("\ud800" <= char <= "\udfff" for char in arg):
            result.append(arg)
            continue
        try:
            result.append(os.fsencode(arg).decode("utf-8"))
            continue
        except UnicodeError:
            pass
        try:
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
        except UnicodeError:
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
        problem = "enthält Bytes, die kein gültiges UTF-8 sind"
        advice = "Bitte den Text als UTF-8 übergeben (Terminal bzw. Skript auf UTF-8 umstellen)."
        previous = args[index - 1] if index else ""
        if arg.startswith("--") and "=" in arg:
            option, _, value = shown.partition("=")
            message = f"{option}: {problem} ('{value}'). {advice}"
        elif (
            previous.startswith("-") and previous != "--" and "=" not in previous and not arg.startswith("-")
        ):
            message = f"{previous}: {problem} ('{shown}'). {advice}"
        else:
            message = f"Das Argument '{shown}' {problem}. {advice}"
        raise UsageError(message)
    return result


def _load_command(name: str, module: str, attribute: str):
    """The click command of a command module: a typer app (a group) or one command function."""
    import importlib

    import typer.main

    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False)
        single.command(name, cls=KsmCommand)(target)
        target = single
    target._add_completion = False  # completion is set up once, at the top: ksm --install-completion
    infos = target.registered_commands
    if len(infos) > 1 and all(info.name for info in infos) and not target.registered_groups:
        target.registered_commands = []  # build the group alone; each command when it is asked for
        try:
            command = typer.main.get_group(target)
        finally:
            target.registered_commands = infos
        command._pending = {info.name: (info, target) for info in infos}
    else:
        command = typer.main.get_command(target)
    command.name = name
    return command


class KsmGroup(KsmSubGroup):
    """The root group: runs the command and turns every failure into a German line.

    Its commands are loaded on demand from ``lazy_commands`` (name → module, attribute, short
    help): a run imports and builds only the command it runs, and the overview in ``ksm --help``
    comes from the short help texts, without importing any command module.
    """

    lazy_commands: dict[str, tuple[str, str, str]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, object] = {}

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy_commands]

    def get_command(self, ctx, name: str):
        if name not in self.lazy_commands:
            return super().get_command(ctx, name)
        if name not in self._loaded:
            module, attribute, _ = self.lazy_commands[name]
            self._loaded[name] = _load_command(name, module, attribute)
        return self._loaded[name]

    def format_commands(self, ctx, formatter) -> None:
        rows = [(name, short) for name, (_, _, short) in self.lazy_commands.items()]
        with formatter.section("Commands"):  # "Befehle" (_GermanFormatter)
            formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        debug = _debug_requested(args)
        configure_streams()
        if sys.stdout is None:  # started with >&- : refuse before doing anything
            error_line(OutputError().message)
            sys.exit(EXIT_FAILURE)
        stdout = sys.stdout
        sys.stdout = GuardedStream(stdout)
        try:
            code = self._run(args, prog_name, complete_var, debug, extra)
        finally:
            sys.stdout = stdout
        sys.exit(code)

    def _run(self, args, prog_name, complete_var, debug: bool, extra: dict) -> int:
        code = 0
        try:
            try:
                result = super().main(
                    args=_utf8_arguments(args),
                    prog_name=prog_name or "ksm",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
                code = result if isinstance(result, int) else 0
                if code == EXIT_INTERRUPTED:
                    notice("Abgebrochen.")
            except click_exc.NoArgsIsHelpError as exc:
                sys.stdout.write(exc.ctx.get_help() + "\n")
            except click_exc.UsageError as exc:
                code = EXIT_USAGE
                hint = f" Hilfe: {exc.ctx.command_path} --help" if exc.ctx is not None else ""
                error_line(german_usage_message(exc) + hint)
            except KsmError as exc:
                code = exc.exit_code
                if debug:
                    import traceback

                    traceback.print_exc()
                error_line(exc.message)
                for detail in exc.details:
                    notice("  " + clean(detail).replace("\n", " "))
            except (Abort, KeyboardInterrupt, EOFError):  # EOFError: Ctrl-D in a prompt
                code = EXIT_INTERRUPTED
                notice("Abgebrochen.")
            except click_exc.ClickException as exc:
                code = exc.exit_code or EXIT_FAILURE
                error_line(exc.format_message())
            except BrokenPipeError as exc:  # written past the guard (click's Windows console writer)
                raise OutputError(exc) from exc
            except ValueError as exc:
                if "null byte" in str(exc):  # a path with a NUL character, which no file system allows
                    code = EXIT_USAGE
                    error_line("Ein Dateiname oder Wert enthält ein Nullzeichen (\\x00); bitte korrigieren.")
                else:
                    code = _unexpected(exc, debug)
            except OutputError:
                raise
            except Exception as exc:  # noqa: BLE001 - the last line of defence
                code = _unexpected(exc, debug)
            sys.stdout.flush()  # what is still buffered: a full disk may only show here
        except OutputError as exc:
            code = _output_failed(exc, debug)
        return code


def _output_failed(exc: OutputError, debug: bool) -> int:
    """stdout cannot be written: silent for a reader that closed the pipe, else one line."""
    silence_stdout()
    if exc.broken_pipe:
        return EXIT_BROKEN_PIPE
    if debug:
        import traceback

        traceback.print_exception(exc)
    error_line(exc.message)
    return EXIT_FAILURE


def _unexpected(exc: Exception, debug: bool) -> int:
    """The last line of defence: one line, and the traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    error_line(
        f"Unerwarteter Fehler ({type(exc).__name__}: {exc}). "
        "Mit --debug erneut ausführen und den Fehler bitte melden."
    )
    return EXIT_FAILURE
