"""The knowledge cache: it can never change a result, never cost data, never hold personal data.

Seen before: editing a cache entry under ``$KSM_CACHE_DIR/dateien/`` changed what ``ksm
mentoring add`` wrote back (four entries of the log were gone); editing the knowledge cache
changed a recommendation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ANSWERS = (
    "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: moeglich\n"
    "eigenfinanzierung: moeglich\nstaerkung_ksm: nein\n"
)


def _cache() -> Path:
    return Path(os.environ["KSM_CACHE_DIR"])


def _entries() -> list[Path]:
    return sorted(_cache().glob("knowledge-*.json"))


def _recommendation(ksm, tmp_path) -> list:
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = ksm("assess", "--answers", str(answers), "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    return [payload["result"], payload["recommended"]]


def test_an_edited_knowledge_entry_is_ignored_and_rebuilt(ksm, tmp_path):
    expected = _recommendation(ksm, tmp_path)
    (entry,) = _entries()
    text = entry.read_text(encoding="utf-8")
    assert "Stabsstelle" in text
    entry.write_text(text.replace("Stabsstelle", "Abschaffung"), encoding="utf-8")  # checksum now wrong
    assert _recommendation(ksm, tmp_path) == expected
    assert "Abschaffung" not in entry.read_text(encoding="utf-8")  # rebuilt from the sources
    shown = ksm("models", "show", "V8")
    assert "Stabsstelle" in shown.stdout and "Abschaffung" not in shown.stdout


def test_entries_of_another_version_or_shape_are_ignored(ksm, tmp_path):
    expected = _recommendation(ksm, tmp_path)
    (entry,) = _entries()
    head, _, payload = entry.read_text(encoding="utf-8").partition("\n")
    header = json.loads(head)
    entry.write_text(json.dumps({**header, "version": "ksm 0.0 format 0"}) + "\n" + payload, encoding="utf-8")
    assert _recommendation(ksm, tmp_path) == expected
    from ksm_cli.fs import digest

    wrong_shape = '{"models": 1}'
    header = {"version": json.loads(entry.read_text(encoding="utf-8").partition("\n")[0])["version"]}
    header["checksum"] = digest(wrong_shape.encode())
    entry.write_text(json.dumps(header) + "\n" + wrong_shape, encoding="utf-8")  # checksum right, shape wrong
    result = ksm("models", "list")
    assert result.exit_code == 0 and "V8" in result.stdout
    for garbage in ("", "{kaputt", "\n\n", "\x00" * 10):
        entry.write_text(garbage, encoding="utf-8")
        assert _recommendation(ksm, tmp_path) == expected


def test_validate_always_validates_the_sources(ksm, data_copy):
    assert ksm("--data", str(data_copy), "models", "list").exit_code == 0  # a cache entry now exists
    models = data_copy / "models.yaml"
    models.write_text(models.read_text(encoding="utf-8").replace("id: V8", "id: V99", 1), encoding="utf-8")
    result = ksm("validate", str(data_copy))
    assert result.exit_code == 2 and "Keine Fehler gefunden" not in result.stdout


def test_only_the_newest_few_entries_are_kept(ksm, data_copy):
    from ksm_cli.cache import KEEP_ENTRIES

    models = data_copy / "models.yaml"
    original = models.read_text(encoding="utf-8")
    for number in range(KEEP_ENTRIES + 3):
        models.write_text(original + f"\n# Fassung {number}\n", encoding="utf-8")
        assert ksm("--data", str(data_copy), "models", "list").exit_code == 0
    assert len(_entries()) == KEEP_ENTRIES


def test_user_files_leave_no_copy_in_the_cache(ksm, tmp_path, started_log):
    """The log and the self-assessment hold personal working-time data (DSGVO)."""
    legacy = _cache() / "dateien"
    legacy.mkdir(parents=True)
    (legacy / "alt.json").write_text('{"data": {"titel": "persönlich"}}', encoding="utf-8")
    for _ in range(2):
        assert (
            ksm(
                "mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", "Geheim"
            ).exit_code
            == 0
        )
        assert ksm("mentoring", "credits").exit_code == 0
    sa = tmp_path / "s.yaml"
    assert ksm("tasks", "assess", "--file", str(sa), "--set", "controlling=100/100").exit_code == 0
    assert ksm("tasks", "compare", str(sa)).exit_code == 0
    for entry in _entries():  # drop the knowledge cache, then rebuild it: legacy copies go with it
        entry.unlink()
    assert ksm("models", "list").exit_code == 0
    files = [p for p in _cache().rglob("*") if p.is_file()]
    assert [p for p in files if not p.name.startswith("knowledge-") and p.parent.name != "sperren"] == []
    for path in files:
        assert b"Geheim" not in path.read_bytes() and "persönlich".encode() not in path.read_bytes()


def test_a_user_file_edited_between_runs_is_read_anew(ksm, started_log):
    """A command that writes a user file reads that file from disk, never from a cache."""
    for title in ("A", "B", "C", "D"):
        assert (
            ksm("mentoring", "add", "--date", "2026-01-01", "--kind", "webinar", "--title", title).exit_code
            == 0
        )
    text = started_log.read_text(encoding="utf-8")
    started_log.write_text(text.replace("titel: D", "titel: D von Hand"), encoding="utf-8")
    assert ksm("mentoring", "add", "--date", "2026-01-02", "--kind", "webinar", "--title", "E").exit_code == 0
    after = started_log.read_text(encoding="utf-8")
    for title in ("titel: A", "titel: B", "titel: C", "titel: D von Hand", "titel: E"):
        assert title in after
