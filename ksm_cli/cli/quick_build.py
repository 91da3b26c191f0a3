"""Write ``ksm_cli/cli/quick_spec.py``: the options of the quick commands, read from typer.

The quick path (``ksm_cli.cli.quick``) parses a command line without typer. What it knows of
the options comes from here, out of the typer declarations themselves, so that the options are
declared once. Run it after changing an option of a command in ``ksm_cli.cli.quick.QUICK``:

    python dev.py schemas        (or: .venv/bin/python -m ksm_cli.cli.quick_build)

``tests/test_quick.py`` fails while the file is out of date. An option of a kind the quick path
does not parse (a number, a choice, a callback) stops this script with the reason: extend
``ksm_cli.cli.quick`` first, or leave the command to typer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TARGET = Path(__file__).with_name("quick_spec.py")

HEADER = '''"""The options of the commands with a quick path (``ksm_cli.cli.quick``), by command.

Written by ``python dev.py schemas`` (``ksm_cli.cli.quick_build``) from the typer declarations;
do not edit by hand. Options: flag -> (parameter, kind[, file_okay, dir_okay]), kind "flag",
"text", "texts" (repeatable) or "path". Arguments: (parameter, kind, many, required[, file_okay,
dir_okay]).
"""

from typing import Any
'''


def _kind(param: Any, where: str) -> tuple[Any, ...]:
    from typer._click import types as click_types
    from typer.models import TyperPath

    kind = param.type
    if isinstance(kind, TyperPath):
        if getattr(param, "multiple", False):
            raise SystemExit(f"{where}: wiederholbarer Pfad: nicht im schnellen Pfad")
        wanted = dict(exists=False, readable=True, writable=False, resolve_path=False, allow_dash=False)
        found = {key: getattr(kind, key) for key in wanted}
        if found != wanted or kind.type is not None:
            raise SystemExit(f"{where}: Pfad mit {found}: nicht im schnellen Pfad")
        return ("path", kind.file_okay, kind.dir_okay)
    if isinstance(kind, click_types.StringParamType):
        return ("texts",) if getattr(param, "multiple", False) else ("text",)
    if isinstance(kind, click_types.BoolParamType) and getattr(param, "is_flag", False):
        if param.default not in (False, None) or getattr(param, "flag_value", True) is not True:
            raise SystemExit(f"{where}: Schalter mit Standard {param.default!r}: nicht im schnellen Pfad")
        return ("flag",)
    raise SystemExit(f"{where}: Typ {kind!r}: nicht im schnellen Pfad")


def _plain(param: Any, where: str) -> None:
    """Refuse what the quick path does not do: callbacks, environment variables, prompts."""
    if param.callback is not None or param.envvar or getattr(param, "prompt", None) or param.is_eager:
        raise SystemExit(
            f"{where}: Rückruf, Umgebungsvariable, Rückfrage oder eager: nicht im schnellen Pfad"
        )
    if getattr(param, "secondary_opts", None) or getattr(param, "count", False):
        raise SystemExit(f"{where}: --no-… oder Zähler: nicht im schnellen Pfad")


def _options(command: Any, path: str, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    from typer.core import TyperOption as Option

    options: dict[str, tuple] = {}
    arguments: list[tuple] = []
    for param in command.params:
        where = f"{path} {param.name}"
        if isinstance(param, Option):
            if param.name == "help" or (only is not None and param.name not in only):
                continue
            _plain(param, where)
            if param.required:  # missing, it is typer's German usage error
                raise SystemExit(f"{where}: Pflichtoption: nicht im schnellen Pfad")
            if param.nargs != 1:
                raise SystemExit(f"{where}: nargs {param.nargs}: nicht im schnellen Pfad")
            for flag in param.opts:
                if not flag.startswith("--"):
                    raise SystemExit(f"{where}: kurze Option {flag}: nicht im schnellen Pfad")
                options[flag] = (param.name, *_kind(param, where))
        else:
            _plain(param, where)
            if param.nargs not in (1, -1):
                raise SystemExit(f"{where}: nargs {param.nargs}: nicht im schnellen Pfad")
            kind, *checks = _kind(param, where)
            arguments.append((param.name, kind, param.nargs == -1, bool(param.required), *checks))
    return {"options": options, "arguments": arguments}


def spec() -> dict[str, Any]:
    """The root options and those of every command in ``QUICK``, from the typer declarations."""
    import typer.main

    from ksm_cli.cli.quick import QUICK
    from ksm_cli.cli.root import app

    group = typer.main.get_command(app)
    root = _options(group, "ksm", only=("data", "debug"))  # --version and completion: typer's
    commands = {}
    for words in sorted(QUICK):
        command: Any = group
        for word in words:
            command = command.get_command(None, word)
        if getattr(command, "deprecated", False) or command.context_settings:
            raise SystemExit(
                f"ksm {' '.join(words)}: veraltet oder eigene Einstellungen: nicht im schnellen Pfad"
            )
        commands[" ".join(words)] = _options(command, "ksm " + " ".join(words))
    return {"ROOT": root, "COMMANDS": commands}


def _literal(value: Any) -> str:
    """A str, bool or tuple of them as Python, in the style ruff formats it (double quotes)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        items = ", ".join(_literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    return repr(value)


def text() -> str:
    lines = [HEADER]
    for name, value in spec().items():
        lines.append(
            f"{name}: {'dict[str, dict[str, Any]]' if name == 'COMMANDS' else 'dict[str, Any]'} = {{"
        )
        for key, entry in value.items() if name == "COMMANDS" else [(None, value)]:
            indent = "    " if key is None else "        "
            if key is not None:
                lines.append(f"    {_literal(key)}: {{")
            lines.append(f'{indent}"options": {{')
            lines += [
                f"{indent}    {_literal(flag)}: {_literal(kind)}," for flag, kind in entry["options"].items()
            ]
            lines.append(f"{indent}}},")
            if entry["arguments"]:
                lines.append(f'{indent}"arguments": [')
                lines += [f"{indent}    {_literal(argument)}," for argument in entry["arguments"]]
                lines.append(f"{indent}],")
            else:
                lines.append(f'{indent}"arguments": [],')
            if key is not None:
                lines.append("    },")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(text(), encoding="utf-8", newline="\n")
    print(f"geschrieben: {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
