"""The cache of validated knowledge: public data only, never a source, never a user's file.

An entry is the compact form validated from the exact bytes of a knowledge directory. It is
trusted only if it carries ksm's version and format, and a checksum of its own payload that
matches: an entry that was changed, cut off or written by another version is ignored (and
rebuilt by the caller), never an error. Only the newest ``KEEP_ENTRIES`` entries are kept.

User files (mentoring log, self-assessment, answers) are never cached: they hold personal
working-time data, and a copy outside the files the user chose is not ours to make.
``KSM_CACHE_DIR`` moves the folder (the tests use it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ksm_cli.fs import cache_dir, digest

KEEP_ENTRIES = 3
ENTRY_PREFIX = "knowledge-"
# Folders of earlier versions that held copies of user files; removed when the cache is written.
LEGACY_FOLDERS = ("dateien",)


def entry_path(key: str) -> Path:
    return cache_dir() / f"{ENTRY_PREFIX}{key}.json"


def read_entry(path: Path, version: str) -> Any | None:
    """The payload of a cache entry, or None if it is missing, changed or of another version."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        head, _, payload = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("version") != version:
            return None
        if header.get("checksum") != digest(payload):
            return None
        return json.loads(payload)
    except (OSError, ValueError):
        return None


def write_entry(path: Path, version: str, data: Any) -> None:
    """Write an entry (header line with version and checksum, then the payload); prune old ones."""
    from ksm_cli.fs import atomic_write_text

    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    header = json.dumps({"version": version, "checksum": digest(payload.encode("utf-8"))})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, header + "\n" + payload)
    except Exception:  # OSError, FileProblem: a cache that cannot be written only costs speed
        return
    prune(path.parent, keep=path)


def prune(folder: Path, keep: Path) -> None:
    """Keep the newest ``KEEP_ENTRIES`` knowledge entries (``keep`` always); remove legacy folders."""
    import shutil

    try:
        entries = sorted(folder.glob(f"{ENTRY_PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    kept = 1
    for entry in entries:
        if entry == keep:
            continue
        kept += 1
        if kept > KEEP_ENTRIES:
            try:
                os.unlink(entry)
            except OSError:
                pass
    for name in LEGACY_FOLDERS:
        shutil.rmtree(folder / name, ignore_errors=True)
