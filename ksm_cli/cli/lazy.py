"""Commands built only when they are asked for.

A run of ksm needs one command. Importing every command module and letting typer read every
signature would be most of the start-up (docs/performance.md), so:

- the root group (``LazyGroup``) knows its commands by name, module and short help
  (``lazy_commands``) and imports a module only when its command runs; ``ksm --help`` shows the
  short help texts without importing any command module;
- a command group (``KsmSubGroup``) keeps typer's command infos and builds a command only when
  it is asked for.

This uses typer's own builders (``typer.main.get_group``, ``get_command``,
``get_command_from_info``) and two attributes of ``typer.Typer`` (``registered_commands`` and
``_add_completion``) as they are in typer 0.27.3, pinned in ``pyproject.toml``.
"""

from __future__ import annotations

from typing import Any

from typer._click import exceptions as click_exc
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from ksm_cli.cli.translations import (
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    German,
    KsmCommand,
    MissingCommand,
    NoSuchCommand,
)


class KsmSubGroup(German, TyperGroup):
    """A command group whose commands typer builds only when they are asked for.

    Building a command means reading its signature; for a run that needs one command of eight
    that is most of the group's start-up. ``_pending`` holds typer's command infos until then.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = OPTIONS_METAVAR
        self.subcommand_metavar = SUBCOMMAND_METAVAR
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
        """click's lookup; a name that is no command is ``NoSuchCommand``, with close matches
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

            matches = get_close_matches(args[0], self.list_commands(ctx))
            raise NoSuchCommand(args[0], matches, ctx) from None

    def invoke(self, ctx: Context) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:  # options, but no command
            raise MissingCommand(ctx)
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
