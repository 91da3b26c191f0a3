"""The knowledge base: the one way to read ``data/``.

This package's top level stays light (no pydantic, no YAML): the read path of every
command goes through ``ksm_cli.knowledge.loader``.
"""

from __future__ import annotations

from pathlib import Path

FILE_NAMES = {
    "models": "models.yaml",
    "flowchart": "flowchart.yaml",
    "tasks": "tasks.yaml",
    "mentoring": "mentoring.yaml",
}

# Bump when the compact form or the schemas change, so that cached forms are rebuilt.
FORMAT_VERSION = "6"


def read_sources(directory: Path) -> dict[str, bytes | None]:
    """The raw bytes of every knowledge file; None where a file cannot be read.

    At most one byte more than a knowledge file may have is read, so a huge file costs no
    memory; the validation reports it as too large."""
    from ksm_cli.storage import MAX_FILE_BYTES

    raw: dict[str, bytes | None] = {}
    for key, filename in FILE_NAMES.items():
        try:
            with open(directory / filename, "rb") as handle:
                raw[key] = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            raw[key] = None
    return raw
