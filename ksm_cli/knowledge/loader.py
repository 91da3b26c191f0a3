"""The read path: locate a knowledge directory and load its validated compact form.

The YAML files are the one source. On a read, their bytes are hashed; if a compact form
validated from exactly these bytes is cached, it is used (a JSON read, no pydantic, no YAML).
Otherwise the directory is validated in full and the result cached for the next run. So the
shipped knowledge and a ``--data`` directory go through the same validation, and a changed
file is always validated again before use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ksm_cli import __version__
from ksm_cli.cache import entry_path, read_entry, write_entry
from ksm_cli.errors import KnowledgeError, UsageError
from ksm_cli.fs import digest
from ksm_cli.knowledge import FILE_NAMES, FORMAT_VERSION, read_sources
from ksm_cli.knowledge.ids import closest, normalize_model_id

ENV_DATA_DIR = "KSM_DATA_DIR"


def shipped_data_dir() -> Path:
    """``data/`` inside the installed wheel, or at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "data"
    if inside.is_dir():
        return inside
    return package.parent / "data"


def data_dir(option: str | Path | None = None, given_as: str = "--data") -> Path:
    """The knowledge directory: ``--data``, then ``KSM_DATA_DIR``, then the shipped one.

    ``given_as`` names where ``option`` came from in the error (``--data``, or the argument of
    ``ksm validate``)."""
    chosen = option or os.environ.get(ENV_DATA_DIR) or None
    if chosen is None:
        return shipped_data_dir()
    path = Path(chosen).expanduser()
    if not path.is_dir():
        source = given_as if option else ENV_DATA_DIR
        if path.exists():  # a file, say: found, but no folder
            raise UsageError(
                f"{path} (aus {source}) ist kein Ordner; das Wissensverzeichnis ist der Ordner mit "
                "models.yaml, flowchart.yaml und tasks.yaml."
            )
        raise UsageError(f"Wissensverzeichnis nicht gefunden: {path} (aus {source})")
    return path


CACHE_VERSION = f"ksm {__version__} format {FORMAT_VERSION}"


def _digest(raw: dict[str, bytes | None]) -> str:
    parts = [CACHE_VERSION.encode()]
    for key in FILE_NAMES:
        content = raw.get(key)
        parts += [key.encode(), b"-" if content is None else b"+" + content]
    return digest(*parts)


def load(option: str | Path | None = None) -> Knowledge:
    """Load the knowledge; raises ``KnowledgeError`` listing every problem if it is invalid.

    A cache entry is used only if its checksum matches and it has the shape of the knowledge;
    anything else is ignored, and the sources are validated again and the entry rewritten."""
    directory = data_dir(option)
    raw = read_sources(directory)
    cache_path = entry_path(_digest(raw))
    data = read_entry(cache_path, CACHE_VERSION)
    if data is not None:
        try:
            return Knowledge(data, directory)
        except (KeyError, TypeError, AttributeError, IndexError):
            pass  # an entry of the wrong shape: rebuilt from the sources below
    from ksm_cli.knowledge.validate import validate_sources

    report = validate_sources(directory, raw)
    if not report.ok or report.data is None:
        raise KnowledgeError(report.issues)
    write_entry(cache_path, CACHE_VERSION, report.data)
    return Knowledge(report.data, directory)


class Knowledge:
    """Validated knowledge as plain dicts, with lookups. No UI, no I/O."""

    def __init__(self, data: dict[str, Any], directory: Path) -> None:
        self.data = data
        self.directory = directory
        self.models_file: dict[str, Any] = data["models"]
        self.flowchart: dict[str, Any] = data["flowchart"]
        self.tasks_file: dict[str, Any] = data["tasks"]
        self.mentoring: dict[str, Any] = data["mentoring"]
        self.models: list[dict[str, Any]] = self.models_file["models"]
        self._index: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        for model in self.models:
            self._index[model["id"]] = (model, None)
            for variant in model["variants"]:
                self._index[variant["id"]] = (model, variant)
            for covered in model["covers"]:
                self._index[covered] = (model, None)

    def model_ids(self) -> list[str]:
        return [m["id"] for m in self.models]

    def all_ids(self) -> list[str]:
        return list(self._index)

    def find(self, raw_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """A model (and the variant, if a variant id was given) for a user-typed id."""
        wanted = normalize_model_id(raw_id)
        if wanted in self._index:
            return self._index[wanted]
        hint = closest(wanted, self.all_ids())
        message = f"Unbekanntes Modell {raw_id!r}."
        if hint:
            message += f" Meinten Sie {hint}?"
        message += f" Gültig sind: {', '.join(self.model_ids())}"
        variants = [v["id"] for m in self.models for v in m["variants"]]
        if variants:
            message += f"; Varianten: {', '.join(variants)}"
        raise UsageError(message + ".")

    def model(self, model_id: str) -> dict[str, Any]:
        return self.find(model_id)[0]
