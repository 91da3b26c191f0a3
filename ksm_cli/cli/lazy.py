"""ksm's command classes: commands built only when they are asked for, help and errors in German.

A run of ksm needs one command. Importing every command module and letting typer read every
signature would be most of the start-up (docs/performance.md), so:

- the root group (``LazyGroup``) knows its commands by name, module and short help
  (``lazy_commands``) and imports a module only when its command runs; ``ksm --help`` shows the
  short help texts without importing any command module;
- a command group (``KsmSubGroup``) keeps typer's command infos and builds a command only when
  it is asked for.

The classes hand their help and their usage errors to ``ksm_cli.cli.translations``, which is
imported only when a help or a usage error is shown (the mixin ``German``).

This uses typer's own builders (``typer.main.get_group``, ``get_command``,
``get_command_from_info``), two attributes of ``typer.Typer`` (``registered_commands`` and
``_add_completion``) and one of click's context (``_protected_args``) as they are in typer 0.27.3,
pinned in ``pyproject.toml``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from typer._click import exceptions as click_exc
from typer._click.core import Command, Context
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer._click.core import Parameter
    from typer._click.formatting import HelpFormatter
    from typer._click.shell_completion import CompletionItem

    _CommandBase = Command
else:
    _CommandBase = object


def _show_help(ctx: Context, param: Parameter, value: bool) -> None:
    """click's help callback, writing to ``sys.stdout`` itself: click's ``echo`` replaces an ASCII
    stdout by a UTF-8 writer of its own, past the encoding chosen and past the write guard."""
    if value and not ctx.resilient_parsing:
        sys.stdout.write(ctx.get_help() + "\n")
        ctx.exit()


class GermanContext(Context):
    def make_formatter(self) -> HelpFormatter:
        from ksm_cli.cli.translations import GermanFormatter

        return GermanFormatter(width=self.terminal_width, max_width=self.max_content_width)


class German(_CommandBase):
    """Mixin for typer's command classes: German help, and typed errors for bare click ones."""

    context_class: type[Context] = GermanContext

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.callback = _show_help
        return option

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        from ksm_cli.cli.translations import USAGE_PREFIX

        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """rich panels on a terminal; in a pipe plain text, which also spares importing rich."""
        from ksm_cli.cli.translations import germanize_help
        from ksm_cli.render.output import use_rich

        germanize_help(self, ctx, use_rich())
        super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """Completions of options carry their help (zsh, fish show it): German, as in the help."""
        from ksm_cli.cli.translations import germanize_options

        germanize_options(self, ctx)
        return super().shell_complete(ctx, incomplete)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """click's parsing; arguments left over are a German error instead of click's text.

        click's parser raises some errors without their context (``BadOptionUsage``); it is
        added here, so that the message can look at the option and name the command's help.
        """
        group = ctx.allow_extra_args  # a group: what is left is its command and its arguments
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except click_exc.UsageError as exc:
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
        finally:
            ctx.allow_extra_args = group
        if rest and not group and not ctx.resilient_parsing:
            from ksm_cli.cli.translations import extra_arguments

            raise extra_arguments(rest, ctx)
        return rest


class KsmCommand(German, TyperCommand):
    """A command of ksm (``cls=KsmCommand``)."""


class KsmSubGroup(German, TyperGroup):
    """A command group whose commands typer builds only when they are asked for.

    Building a command means reading its signature; for a run that needs one command of eight
    that is most of the group's start-up. ``_pending`` holds typer's command infos until then.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, tuple[Any, Any]] = {}

    def list_commands(self, ctx: Context | None) -> list[str]:
        return [*super().list_commands(ctx), *self._pending]  # type: ignore[arg-type]

    def get_command(self, ctx: Context | None, name: str) -> Command | None:
        if name in self._pending:
            import typer.main

            info, typer_app = self._pending.pop(name)
            self.commands[name] = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=typer_app.pretty_exceptions_short,
                rich_markup_mode=typer_app.rich_markup_mode,
            )
        return super().get_command(ctx, name)  # type: ignore[arg-type]

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        """click's lookup; a name that is no command is a German error, with close matches
        among all commands (typer suggests only from those it has built)."""
        try:
            return super().resolve_command(ctx, args)
        except click_exc.UsageError as exc:
            # click's bare UsageError ("No such command …"); an option in the place of the
            # command is parsed first and fails with its own, typed error
            known = bool(args) and self.get_command(ctx, args[0]) is not None
            if type(exc) is not click_exc.UsageError or not args or known:
                raise
            from difflib import get_close_matches

            from ksm_cli.cli.translations import no_such_command

            matches = get_close_matches(args[0], self.list_commands(ctx))
            raise no_such_command(args[0], matches, ctx) from None

    def invoke(self, ctx: Context) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:  # options, but no command
            from ksm_cli.cli.translations import missing_command

            raise missing_command(ctx)
        return super().invoke(ctx)


def load_command(name: str, module: str, attribute: str) -> Command:
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
    command: Command
    if len(infos) > 1 and all(info.name for info in infos) and not target.registered_groups:
        target.registered_commands = []  # build the group alone; each command when it is asked for
        try:
            group = typer.main.get_group(target)
        finally:
            target.registered_commands = infos
        if isinstance(group, KsmSubGroup):
            group._pending = {str(info.name): (info, target) for info in infos}
        command = group
    else:
        command = typer.main.get_command(target)
    command.name = name
    return command


class LazyGroup(KsmSubGroup):
    """The root group: its commands are loaded on demand from ``lazy_commands``.

    ``lazy_commands`` maps a name to (module, attribute, short help): a run imports and builds
    only the command it runs, and the overview in ``ksm --help`` comes from the short help
    texts, without importing any command module.
    """

    lazy_commands: dict[str, tuple[str, str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, Command] = {}

    def list_commands(self, ctx: Context | None) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy_commands]

    def get_command(self, ctx: Context | None, name: str) -> Command | None:
        if name not in self.lazy_commands:
            return super().get_command(ctx, name)
        if name not in self._loaded:
            module, attribute, _ = self.lazy_commands[name]
            self._loaded[name] = load_command(name, module, attribute)
        return self._loaded[name]

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        if not self.lazy_commands:  # a group with its commands given to typer
            return super().format_commands(ctx, formatter)
        rows = [(name, short) for name, (_, _, short) in self.lazy_commands.items()]
        with formatter.section("Commands"):  # "Befehle" (translations.GermanFormatter)
            formatter.write_dl(rows)
