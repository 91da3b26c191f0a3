"""The knowledge base: the one way to read ``data/``.

This package's top level stays light (no pydantic, no YAML): the read path of every
command goes through ``ksm_cli.knowledge.loader``.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAMES = {
    "models": "models.yaml",
    "flowchart": "flowchart.yaml",
    "tasks": "tasks.yaml",
    "mentoring": "mentoring.yaml",
}

# Bump when the compact form or the schemas change, so that cached forms are rebuilt.
FORMAT_VERSION = "8"


def read_sources(directory: Path) -> dict[str, bytes | None]:
    """The raw bytes of every knowledge file; None where a file does not exist.

    At most one byte more than a knowledge file may have is read, so a huge file costs no
    memory; the validation reports it as too large. Something that is not a regular file (a
    FIFO, a device, a folder) or cannot be read is a ``UsageError`` at once, never a hang."""
    from ksm_cli.errors import UsageError
    from ksm_cli.fs import MAX_FILE_BYTES, FileMissing, FileProblem, read_prefix

    raw: dict[str, bytes | None] = {}
    for key, filename in FILE_NAMES.items():
        path = directory / filename
        if not os.path.lexists(path):
            raw[key] = None
            continue
        try:
            raw[key] = read_prefix(path, MAX_FILE_BYTES + 1)
        except FileMissing:  # a dangling link
            raw[key] = None
        except FileProblem as problem:
            raise UsageError(problem.located(path)) from None
    return raw
