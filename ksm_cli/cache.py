"""The user's cache directory: parsed and validated forms of files, to skip work on the next run.

Nothing here is ever a source. Every entry is keyed by the exact bytes it was made from, so a
changed file can never be read from a stale entry; an entry that cannot be read is ignored and
a failed write only costs speed. ``KSM_CACHE_DIR`` moves the directory (the tests use it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENV_CACHE_DIR = "KSM_CACHE_DIR"


def cache_dir() -> Path:
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ksm", appauthor=False))


def digest(*parts: bytes) -> str:
    """A short hash of the parts (BLAKE2; the builtin module spares importing hashlib's OpenSSL)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b

    hashed = blake2b(digest_size=16)
    for part in parts:
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()


def read_json(path: Path) -> Any | None:
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    from ksm_cli.storage import atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs speed
