"""The options of the commands with a quick path (``ksm_cli.cli.quick``), by command.

Written by ``python dev.py schemas`` (``ksm_cli.cli.quick_build``) from the typer declarations;
do not edit by hand. Options: flag -> (parameter, kind[, file_okay, dir_okay]), kind "flag",
"text", "texts" (repeatable) or "path". Arguments: (parameter, kind, many, required[, file_okay,
dir_okay]).
"""

from typing import Any

ROOT: dict[str, Any] = {
    "options": {
        "--data": ("data", "path", True, True),
        "--debug": ("debug", "flag"),
    },
    "arguments": [],
}

COMMANDS: dict[str, dict[str, Any]] = {
    "assess": {
        "options": {
            "--answers": ("answers_file", "path", True, False),
            "--set": ("set_values", "texts"),
            "--save-answers": ("save_answers", "path", True, False),
            "--report": ("report", "path", True, False),
            "--batch": ("batch", "path", True, False),
            "--csv": ("csv_out", "path", True, False),
            "--reports": ("reports", "path", False, True),
            "--format": ("fmt", "text"),
            "--stichtag": ("stichtag", "text"),
            "--mappe": ("mappe", "path", False, True),
            "--force": ("force", "flag"),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "flowchart": {
        "options": {
            "--mermaid": ("mermaid", "flag"),
            "--answers": ("answers_file", "path", True, False),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "mentoring credits": {
        "options": {
            "--year": ("year", "text"),
            "--all": ("all_years", "flag"),
            "--check": ("check", "flag"),
            "--log": ("log", "path", True, False),
            "--mappe": ("mappe", "path", False, True),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "mentoring formats": {
        "options": {
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "mentoring list": {
        "options": {
            "--year": ("year", "text"),
            "--log": ("log", "path", True, False),
            "--mappe": ("mappe", "path", False, True),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "mentoring report": {
        "options": {
            "--year": ("year", "text"),
            "--output": ("output", "path", True, False),
            "--log": ("log", "path", True, False),
            "--mappe": ("mappe", "path", False, True),
            "--force": ("force", "flag"),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "mentoring topics": {
        "options": {
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "models compare": {
        "options": {
            "--json": ("as_json", "flag"),
        },
        "arguments": [
            ("model_ids", "text", True, True),
        ],
    },
    "models list": {
        "options": {
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "models show": {
        "options": {
            "--json": ("as_json", "flag"),
        },
        "arguments": [
            ("model_id", "text", False, True),
        ],
    },
    "status": {
        "options": {
            "--stichtag": ("stichtag", "text"),
            "--mappe": ("mappe", "path", False, True),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
    "tasks compare": {
        "options": {
            "--markdown": ("markdown", "path", True, False),
            "--csv": ("csv_out", "path", True, False),
            "--allow-partial": ("allow_partial", "flag"),
            "--mappe": ("mappe", "path", False, True),
            "--force": ("force", "flag"),
            "--json": ("as_json", "flag"),
        },
        "arguments": [
            ("file", "path", False, False, True, False),
        ],
    },
    "tasks list": {
        "options": {
            "--landkreis": ("landkreis", "flag"),
            "--file": ("file", "path", True, False),
            "--json": ("as_json", "flag"),
        },
        "arguments": [],
    },
}
