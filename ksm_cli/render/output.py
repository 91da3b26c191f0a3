"""Where output goes: rich on a terminal, plain text in a pipe, JSON for scripts.

``KSM_OUTPUT=plain`` or ``KSM_OUTPUT=rich`` overrides the detection. ``NO_COLOR`` and
``TERM=dumb`` are honoured by rich; plain output never contains ANSI codes.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import Any

from ksm_cli.render.document import clean, to_plain


def use_rich(stream=None) -> bool:
    mode = os.environ.get("KSM_OUTPUT", "").strip().lower()
    if mode == "plain":
        return False
    if mode == "rich":
        return True
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def plain_width() -> int:
    try:
        return max(40, min(120, int(os.environ.get("COLUMNS", ""))))
    except ValueError:
        return max(40, min(120, shutil.get_terminal_size((100, 24)).columns))


def emit(blocks: list) -> None:
    """Show document blocks on stdout."""
    if use_rich():
        from ksm_cli.render.rich_backend import make_console, render

        render(blocks, make_console())
    else:
        sys.stdout.write(to_plain(blocks, plain_width()))
        sys.stdout.flush()


def _json_value(value: Any) -> Any:
    """Dates as ISO 8601 text; anything else unknown is a programming error."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(payload: dict[str, Any]) -> None:
    """Write JSON (UTF-8, stable key order as built by the caller, dates as ISO 8601) on stdout.

    Indented for a person on a terminal; one compact line for a program reading a pipe, which
    json's C encoder writes several times faster (it does not indent)."""
    indent = 2 if use_rich() else None
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=indent, default=_json_value) + "\n")
    sys.stdout.flush()


def error_line(message: str) -> None:
    """One German error line on stderr, control characters made visible."""
    text = clean(message).replace("\n", " ")
    sys.stderr.write(f"Fehler: {text}\n")
    sys.stderr.flush()
