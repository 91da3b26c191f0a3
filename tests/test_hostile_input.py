"""Every file a user hands to ksm, fed hazards: each ends in success or one German line, exit 2.

The loaders: answers file (``assess --answers``, ``flowchart --answers``), batch CSV
(``assess --batch``), mentoring log, self-assessment, and a knowledge directory (``--data``).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).resolve().parent.parent / "data"

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

HAZARDS = {  # name: (bytes, what the single error line must say)
    "Alias-Bombe": (BOMB.encode(), "Anker und Aliase"),
    "tief verschachtelt": (("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), "zu tief verschachtelt"),
    "zu groß": (b"# " + b"x" * (6 * 1024 * 1024) + b"\n", "zu groß"),
    "kein UTF-8": ("kommune: Gr\xf6\xdfe\n".encode("latin-1"), "UTF-8"),
    "doppelter Schlüssel": (b"kommune: A\nkommune: B\n", "kommt doppelt vor"),
    "NUL-Zeichen": (b"kommune: A\x00B\n", "unzulässiges Zeichen"),
}


def _loader(name: str, tmp_path: Path, content: bytes) -> list[str]:
    """Write ``content`` where the loader reads it; the arguments that make ksm read it."""
    if name == "knowledge":
        directory = tmp_path / "wissen"
        shutil.copytree(DATA, directory)
        (directory / "models.yaml").write_bytes(content)
        return ["--data", str(directory), "models", "list"]
    path = (
        tmp_path
        / {"answers": "a.yaml", "flowchart": "a.yaml", "log": "m.yaml", "tasks": "s.yaml", "batch": "b.csv"}[
            name
        ]
    )
    path.write_bytes(content)
    return {
        "answers": ["assess", "--answers", str(path), "--json"],
        "flowchart": ["flowchart", "--answers", str(path)],
        "log": ["mentoring", "credits", "--log", str(path)],
        "tasks": ["tasks", "compare", str(path), "--allow-partial"],
        "batch": ["assess", "--batch", str(path)],
    }[name]


LOADERS = ["answers", "flowchart", "log", "tasks", "knowledge"]


@pytest.mark.parametrize("hazard", list(HAZARDS))
@pytest.mark.parametrize("loader", LOADERS)
def test_yaml_hazards_are_refused_quickly_with_one_line(ksm, tmp_path, loader, hazard):
    content, expected = HAZARDS[hazard]
    args = _loader(loader, tmp_path, content)
    started = time.monotonic()
    result = ksm(*args)
    assert time.monotonic() - started < 1.0
    assert result.exit_code == 2, result.stdout[:300]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and expected in lines[0], lines


@pytest.mark.parametrize("hazard", ["zu groß", "kein UTF-8", "NUL-Zeichen"])
def test_the_batch_csv_refuses_the_same_hazards(ksm, tmp_path, hazard):
    content, expected = HAZARDS[hazard]
    if hazard == "kein UTF-8":  # the batch reads Windows-1252 (Excel) too: bytes that are neither
        content, expected = b"kommune\nGr\x81\x8d\n", "Zeichenkodierung"
    result = ksm(*_loader("batch", tmp_path, content))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert expected in result.stderr or "\\x00" in result.stderr  # a NUL in a header cell is shown, not sent


@pytest.mark.parametrize("loader", ["answers", "log", "tasks", "batch"])
def test_a_byte_order_mark_is_fine(ksm, tmp_path, loader):
    good = {
        "answers": "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: nicht_moeglich\n",
        "log": "rolle: mentor\nvorhaben: anschlussvorhaben\nregelsatz: handreichung\neintraege: []\n",
        "tasks": "kommune: Größe\naufgaben:\n  controlling: {ist: 100, soll: 100}\n",
        "batch": "kommune;klimaschutzkonzept;ideen_weiterentwicklung\nAdorf;umgesetzt;nicht_moeglich\n",
    }[loader]
    result = ksm(*_loader(loader, tmp_path, b"\xef\xbb\xbf" + good.encode()))
    assert result.exit_code in (0, 1), result.stderr  # 1: an incomplete answer set is no input error
    assert "BOM" not in result.stderr and "\ufeff" not in result.stdout


def test_yaml_1_1_surprises_stay_text(ksm, tmp_path):
    """'no', unquoted dates and numbers keep the meaning a KSM gave them."""
    path = tmp_path / "s.yaml"
    path.write_text("kommune: no\naufgaben:\n  controlling: {ist: 0100, soll: 1e2}\n", encoding="utf-8")
    result = ksm("tasks", "compare", str(path), "--json")
    assert result.exit_code == 2 and "'1e2' ist kein Prozentwert" in result.stderr  # not silently 100
    path.write_text(
        "kommune: no\nwochenstunden: 39.0\naufgaben:\n  controlling: {ist: 100, soll: 100}\n",
        encoding="utf-8",
    )
    import json

    payload = json.loads(ksm("tasks", "compare", str(path), "--json").stdout)
    assert payload["kommune"] == "no" and payload["wochenstunden"] == 39


SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))
    ),
    loader=st.sampled_from(LOADERS + ["batch"]),
)
def test_any_bytes_are_read_or_refused_in_one_line(ksm, tmp_path_factory, content, loader):
    result = ksm(*_loader(loader, tmp_path_factory.mktemp("f"), content))
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        first, *more = result.stderr.splitlines()
        assert first.startswith("Fehler: ")
        # further lines only where they list details (missing answers) or one line per bad batch row
        assert all(
            line.startswith("  ") or (loader == "batch" and line.startswith("Fehler: ")) for line in more
        )
