"""No foreign file is replaced (issue 17, §2): every output flag refuses a file ksm did not write
unless the user confirms on a terminal or gives --force; ksm's own output is regenerated."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_cli.outputs import (
    CSV_MARK,
    HTML_MARK,
    ICS_PRODID,
    MARKDOWN_MARK,
    MENTORING_REPORT_OPENING,
    is_marked,
    mark_text,
    written_by_ksm,
)

DOWN, ENTER = "\x1b[B", "\r"
ANSWERS = (
    "klimaschutzkonzept: umgesetzt\nideen_weiterentwicklung: moeglich\n"
    "eigenfinanzierung: moeglich\nstaerkung_ksm: nein\n"
)
BATCH = "name;klimaschutzkonzept;ideen_weiterentwicklung\nAdorf;umgesetzt;nicht_moeglich\n"
FOREIGN = "Meine eigenen Notizen zur Verstetigung.\nNicht löschen!\n"


@pytest.fixture
def inputs(ksm, tmp_path, monkeypatch) -> Path:
    """An answers file, a batch file, a complete self-assessment and a mentoring log."""
    (tmp_path / "antworten.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "kommunen.csv").write_text(BATCH, encoding="utf-8")
    from test_tasks import SET_ARGS  # the Musterstadt self-assessment of the tasks tests

    made = ksm(
        "tasks", "assess", "--file", str(tmp_path / "sa.yaml"), "--kommune", "Musterstadt",
        "--kommunentyp", "gemeinde", "--hours-per-week", "39", *SET_ARGS,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    monkeypatch.setenv("KSM_MENTORING_LOG", str(tmp_path / "mentoring.yaml"))
    monkeypatch.chdir(tmp_path)  # as a KSM works: in the folder, with short names
    started = ksm(
        "mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben", "--start", "2025-07-01"
    )
    assert started.exit_code == 0, started.stderr
    added = ksm("mentoring", "add", "--date", "2025-09-01", "--kind", "webinar", "--title", "Auftakt")
    assert added.exit_code == 0, added.stderr
    return tmp_path


# flag -> (command line writing to TARGET, a line only the output has)
OUTPUTS = {
    "assess --report": (["assess", "--answers", "antworten.yaml", "--report", "TARGET"], "# Empfehlung"),
    "assess --batch --csv": (["assess", "--batch", "kommunen.csv", "--csv", "TARGET"], "zeile;kommune"),
    "tasks compare --markdown": (["tasks", "compare", "sa.yaml", "--markdown", "TARGET"], "# IST/SOLL"),
    "tasks compare --csv": (["tasks", "compare", "sa.yaml", "--csv", "TARGET"], "Tabelle;Gruppe"),
    "mentoring report --output": (["mentoring", "report", "--output", "TARGET"], MENTORING_REPORT_OPENING),
    "assess --save-answers": (
        ["assess", "--answers", "antworten.yaml", "--save-answers", "TARGET"],
        "klimaschutzkonzept: umgesetzt",
    ),
}


def run(ksm, inputs: Path, flag: str, target: Path, *extra: str):
    args = [
        str(target) if a == "TARGET" else str(inputs / a) if (inputs / a).exists() else a
        for a in OUTPUTS[flag][0]
    ]
    return ksm(*args, *extra)


def written(target: Path, flag: str) -> bool:
    return OUTPUTS[flag][1] in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("flag", OUTPUTS)
def test_a_new_file_is_written(ksm, inputs, flag):
    target = inputs / "neu.out"
    result = run(ksm, inputs, flag, target)
    assert result.exit_code == 0, result.stderr
    assert written(target, flag)


@pytest.mark.parametrize("flag", OUTPUTS)
def test_a_foreign_file_is_refused_byte_for_byte_and_the_line_names_force(ksm, inputs, flag):
    target = inputs / "notizen.txt"
    target.write_bytes(FOREIGN.encode("utf-8"))
    result = run(ksm, inputs, flag, target)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: notizen.txt: ")
    assert "ksm ersetzt sie nicht ohne Rückfrage" in lines[0] and "--force" in lines[0]
    assert flag.split()[-1] in lines[0]  # the flag whose file it is
    assert target.read_bytes() == FOREIGN.encode("utf-8")
    assert sorted(p.name for p in inputs.glob(".*.tmp")) == []


@pytest.mark.parametrize("flag", OUTPUTS)
def test_force_replaces_a_foreign_file(ksm, inputs, flag):
    target = inputs / "notizen.txt"
    target.write_text(FOREIGN, encoding="utf-8")
    result = run(ksm, inputs, flag, target, "--force")
    assert result.exit_code == 0, result.stderr
    assert written(target, flag) and "Nicht löschen" not in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("flag", [f for f in OUTPUTS if f != "assess --save-answers"])
def test_ksm_output_is_regenerated_without_asking(ksm, inputs, flag):
    target = inputs / "ausgabe.out"
    assert run(ksm, inputs, flag, target).exit_code == 0
    first = target.read_bytes()
    assert written_by_ksm(target)
    # even with a line added by hand: the mark is still there, so it is ksm's output
    target.write_bytes(first + b"Eine Zeile von Hand\n")
    again = run(ksm, inputs, flag, target)
    assert again.exit_code == 0, again.stderr
    assert target.read_bytes() == first


def test_an_answers_file_is_updated_and_keeps_its_comments(ksm, inputs):
    target = inputs / "meine-antworten.yaml"
    target.write_text("# von Hand\n" + ANSWERS, encoding="utf-8")
    result = run(ksm, inputs, "assess --save-answers", target, "--set", "kommune=Adorf")
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# von Hand\n") and "kommune: Adorf" in text


def test_save_answers_names_the_file_as_no_answers_file(ksm, inputs):
    target = inputs / "notizen.txt"
    target.write_text("Meine Notizen: [wichtig\n", encoding="utf-8")
    result = run(ksm, inputs, "assess --save-answers", target)
    assert result.exit_code == 2
    assert "ist keine Antwortdatei, die ksm lesen kann" in result.stderr and "--force" in result.stderr


def test_save_answers_replaces_a_ksm_report_without_asking(ksm, inputs):
    target = inputs / "bericht.md"
    assert run(ksm, inputs, "assess --report", target).exit_code == 0
    result = run(ksm, inputs, "assess --save-answers", target)
    assert result.exit_code == 0, result.stderr
    assert written(target, "assess --save-answers")


def test_nothing_is_written_when_one_of_two_outputs_is_refused(ksm, inputs):
    md, table = inputs / "g.md", inputs / "t.csv"
    table.write_text(FOREIGN, encoding="utf-8")
    result = ksm("tasks", "compare", str(inputs / "sa.yaml"), "--markdown", str(md), "--csv", str(table))
    assert result.exit_code == 2 and "--csv" in result.stderr
    assert not md.exists() and table.read_text(encoding="utf-8") == FOREIGN


@pytest.mark.parametrize("flag", ["--report", "--save-answers"])
def test_the_file_is_refused_before_the_interview(ksm, inputs, flag):
    """Without a terminal the foreign file is named, not the missing answers."""
    target = inputs / "notizen.txt"
    target.write_text(FOREIGN, encoding="utf-8")
    result = ksm("assess", flag, str(target))
    assert result.exit_code == 2 and "--force" in result.stderr and "Es fehlen Antworten" not in result.stderr


def test_every_command_with_an_output_flag_documents_force(ksm):
    for command in (["assess"], ["tasks", "compare"], ["mentoring", "report"]):
        shown = " ".join(ksm(*command, "--help", env={"COLUMNS": "200"}).stdout.split())
        assert "--force" in shown and "die nicht von ksm stammt, ohne Rückfrage überschreiben" in shown


# --- on a terminal: a question, default no ------------------------------------------------------


@pytest.mark.parametrize("flag", OUTPUTS)
@pytest.mark.parametrize("answer, replaced", [(ENTER, False), (DOWN + ENTER, True)])
def test_a_terminal_asks_and_no_keeps_the_file(ksm, inputs, terminal, flag, answer, replaced):
    target = inputs / "notizen.txt"
    target.write_text(FOREIGN, encoding="utf-8")
    # assess on a terminal offers the report at the end: "Nein" (third choice)
    after = DOWN + DOWN + ENTER if replaced and flag == "assess --save-answers" else ""
    terminal.send_text(answer + after)
    result = run(ksm, inputs, flag, target)
    if replaced:
        assert result.exit_code == 0, result.stderr
        assert written(target, flag)
    else:
        assert result.exit_code == 1
        assert "notizen.txt bleibt unverändert; es wurde nichts geschrieben" in result.stderr
        assert target.read_text(encoding="utf-8") == FOREIGN


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("flag", ["assess --report", "tasks compare --csv", "assess --save-answers"])
@pytest.mark.parametrize("answer, replaced", [(ENTER, False), (DOWN + ENTER, True)])
def test_in_a_pseudo_terminal(inputs, flag, answer, replaced):
    pexpect = pytest.importorskip("pexpect")
    target = inputs / "notizen.txt"
    target.write_text(FOREIGN, encoding="utf-8")
    args = [str(target) if a == "TARGET" else a for a in OUTPUTS[flag][0]]
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ksm_cli", *args],
        cwd=str(inputs),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.expect("Überschreiben\\?")
    child.expect("Nein, Datei behalten")
    child.send(answer)
    if replaced and flag == "assess --save-answers":
        child.expect("Empfehlungsbericht speichern")  # offered at the end of assess on a terminal
        child.send(DOWN + DOWN + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    if replaced:
        assert child.exitstatus == 0
        assert written(target, flag)
    else:
        assert child.exitstatus == 1
        assert target.read_text(encoding="utf-8") == FOREIGN
    assert "Traceback" not in (child.before or "")


# --- the marks ----------------------------------------------------------------------------------


def test_markdown_mark_is_the_last_line_an_html_comment_and_added_once():
    text = mark_text("md", "# Bericht\n\nText\n")
    assert text.endswith("\n\n" + MARKDOWN_MARK + "\n") and MARKDOWN_MARK.startswith("<!-- ")
    assert "--" not in MARKDOWN_MARK[4:-3]  # a valid HTML comment
    assert mark_text("md", text) == text
    assert is_marked(b"", text.encode()) and not is_marked(b"# Bericht", b"# Bericht")


def test_html_gets_a_generator_meta_in_its_head():
    text = mark_text("html", "<html><head><title>x</title></head><body></body></html>")
    assert f"<head>\n{HTML_MARK}<title>" in text and mark_text("html", text) == text
    assert is_marked(text.encode(), b"")


def test_icalendar_gets_ksm_prodid():
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//icalendar//x//\r\nEND:VCALENDAR\r\n"
    marked = mark_text("ics", ics)
    assert marked.splitlines()[1] == ICS_PRODID and "icalendar//x" not in marked
    assert is_marked(marked.encode(), b"") and not is_marked(ics.encode(), ics.encode())
    assert mark_text("ics", marked) == marked


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError):
        mark_text("csv", "a;b\r\n")


def test_csv_mark_survives_excel_saving_in_cp1252_without_bom(tmp_path):
    from ksm_cli.render.spreadsheet import excel_csv

    text = excel_csv(["Gemeinde", "Größe"], [["Adorf", 1.5]], marked=True)
    assert text.startswith(f"\ufeffGemeinde;Größe;{CSV_MARK}\r\n") and text.endswith("Adorf;1,5;\r\n")
    path = tmp_path / "t.csv"
    path.write_bytes(text.lstrip("\ufeff").replace("\r\n", "\n").encode("cp1252"))
    assert written_by_ksm(path)
    path.write_bytes(f'Gemeinde;"{CSV_MARK}"\r\n'.encode())
    assert written_by_ksm(path)
    path.write_text(f"Gemeinde;Notiz\r\nA;{CSV_MARK}\r\n", encoding="utf-8")  # only the header counts
    assert not written_by_ksm(path)


def test_the_mentoring_text_is_recognised_by_its_opening_without_a_mark(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(f"\ufeff{MENTORING_REPORT_OPENING} (Rolle: Mentor*in)\n", encoding="utf-8")
    assert written_by_ksm(path)
    path.write_text(f"Vorab: {MENTORING_REPORT_OPENING}\n", encoding="utf-8")
    assert not written_by_ksm(path)


def test_a_mark_far_in_a_large_file_is_found_in_its_last_bytes(tmp_path):
    path = tmp_path / "gross.md"
    path.write_text("x" * 100_000 + "\n" + MARKDOWN_MARK + "\n", encoding="utf-8")
    assert written_by_ksm(path)
    path.write_text(MARKDOWN_MARK + "\n" + "x" * 100_000 + "\n", encoding="utf-8")
    assert written_by_ksm(path)
    path.write_text("x" * 30_000 + MARKDOWN_MARK + "x" * 30_000, encoding="utf-8")
    assert not written_by_ksm(path)  # only a bounded prefix and suffix are read


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_docx_and_odt_are_ksm_when_their_generator_is(tmp_path):
    app = '<Properties xmlns="x"><Application>{}</Application></Properties>'
    meta = "<office:document-meta><office:meta><meta:generator>{}</meta:generator></office:meta></office:document-meta>"
    assert written_by_ksm(_zip(tmp_path / "a.docx", {"docProps/app.xml": app.format("ksm 0.1.0")}))
    assert not written_by_ksm(
        _zip(tmp_path / "b.docx", {"docProps/app.xml": app.format("Microsoft Office Word")})
    )
    assert written_by_ksm(_zip(tmp_path / "c.odt", {"meta.xml": meta.format("ksm/0.1.0")}))
    assert not written_by_ksm(_zip(tmp_path / "d.odt", {"meta.xml": meta.format("LibreOffice/7.6")}))
    broken = tmp_path / "e.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert not written_by_ksm(broken)


def test_what_is_not_a_readable_regular_file_is_not_ksm(tmp_path):
    assert not written_by_ksm(tmp_path / "fehlt.md")
    assert not written_by_ksm(tmp_path)
    (tmp_path / "leer.md").touch()
    assert not written_by_ksm(tmp_path / "leer.md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_not_opened(tmp_path, ksm):
    fifo = tmp_path / "rohr"
    os.mkfifo(fifo)
    assert not written_by_ksm(fifo)  # returns at once: no reader blocks on it
    result = ksm("assess", "--answers", str(_answers(tmp_path)), "--report", str(fifo))
    assert result.exit_code == 2 and "FIFO" in result.stderr and "--force" not in result.stderr


def _answers(tmp_path: Path) -> Path:
    path = tmp_path / "antworten.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def test_a_dangling_link_is_a_new_file(tmp_path, ksm):
    link = tmp_path / "bericht.md"
    link.symlink_to(tmp_path / "ziel.md")
    result = ksm("assess", "--answers", str(_answers(tmp_path)), "--report", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and written_by_ksm(tmp_path / "ziel.md")


def test_every_report_and_table_ksm_writes_carries_its_mark(ksm, inputs):
    for flag in OUTPUTS:
        if flag == "assess --save-answers":
            continue
        target = inputs / f"{flag.replace(' ', '_')}.out"
        assert run(ksm, inputs, flag, target).exit_code == 0
        assert written_by_ksm(target), flag


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_question_comes_before_the_interview(inputs):
    pexpect = pytest.importorskip("pexpect")
    target = inputs / "notizen.txt"
    target.write_text(FOREIGN, encoding="utf-8")
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ksm_cli", "assess", "--report", "notizen.txt"],
        cwd=str(inputs),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.expect("Überschreiben\\?")
    assert "Name der Kommune" not in (child.before or "")
    child.send(DOWN + ENTER)  # Ja
    child.expect("Name der Kommune")
    child.sendcontrol("c")
    child.expect("Abgebrochen.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert target.read_text(encoding="utf-8") == FOREIGN  # a yes alone writes nothing


@given(st.binary(max_size=300), st.binary(max_size=300))
def test_any_bytes_are_judged_without_an_error(head, tail):
    assert is_marked(head, tail) in (True, False)


@given(st.text(max_size=300))
def test_every_marked_markdown_is_recognised(text):
    marked = mark_text("md", text)
    raw = marked.encode("utf-8", "surrogatepass")
    assert is_marked(raw[:16384], raw[-16384:]) and marked.startswith(text.rstrip("\n"))


def test_read_suffix_reads_the_last_bytes_and_refuses_what_is_no_file(tmp_path):
    from ksm_cli.fs import FileMissing, FileProblem, read_suffix

    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    assert read_suffix(path, 4) == b"6789" and read_suffix(path, 100) == b"0123456789"
    with pytest.raises(FileMissing):
        read_suffix(tmp_path / "fehlt", 4)
    with pytest.raises(FileProblem, match="Verzeichnis"):
        read_suffix(tmp_path, 4)
