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
FORMAT_VERSION = "5"


def read_sources(directory: Path) -> dict[str, bytes | None]:
    """The raw bytes of every knowledge file; None where a file cannot be read."""
    raw: dict[str, bytes | None] = {}
    for key, filename in FILE_NAMES.items():
        try:
            raw[key] = (directory / filename).read_bytes()
        except OSError:
            raw[key] = None
    return raw
