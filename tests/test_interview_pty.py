"""End to end in a real pseudo-terminal (pexpect): arrow keys, Enter, "zurück", summary, Ctrl-C."""

from __future__ import annotations

import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal"),
]

DOWN, ENTER = "\x1b[B", "\r"


def spawn(tmp_path, *args, command: tuple[str, ...] = ("assess",)):
    # pexpect does not answer cursor-position requests; without this each prompt waits for one.
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "KSM_MENTORING_LOG": str(tmp_path / "mentoring.yaml"),
    }
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ksm_cli", *command, *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    return child


def step(child, prompt, keys):
    child.expect(prompt)
    child.send(keys)


def answer_angaben(
    child, keys: dict[str, str], kommunentyp: str | None = None, first: str | None = None
) -> None:
    """Every Angabe the interview asks, in the order of ``CONTEXT_FIELDS`` (from ``first`` on):
    the keys given in ``keys``, Enter ("keine Angabe") for the others. Derived from the fields, so
    that a new Angabe does not leave a script typing into the wrong question."""
    import re

    from ksm_cli.assess.answers import CONTEXT_FIELDS

    keys_of = [f.key for f in CONTEXT_FIELDS]
    for field in CONTEXT_FIELDS[keys_of.index(first) if first else 0 :]:
        question = field.question_for(kommunentyp)
        step(child, re.escape(question[:24]), keys.get(field.key, ENTER))


def interrupt(child) -> None:
    """Ctrl-C: "Abgebrochen.", exit code 130 and no traceback."""
    child.sendcontrol("c")
    child.expect("Abgebrochen.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_interview_in_a_terminal_leads_to_a_recommendation(tmp_path):
    child = spawn(
        tmp_path, "--report", "bericht.md", "--save-answers", "antworten.yaml", "--stichtag", "21.11.2026"
    )
    answer_angaben(
        child,
        {
            "kommune": "Musterstadt" + ENTER,
            "kommunentyp": DOWN + DOWN + DOWN + ENTER,  # keine Angabe, Gemeinde, kreisfrei, Landkreis
            "einwohner": "120.000" + ENTER,
            "vorhaben": DOWN + DOWN + ENTER,  # Anschlussvorhaben
            "foerderende": "30.06.2027" + ENTER,
            "haushaltsbeschluss_monat": "Dezember" + ENTER,
        },
        kommunentyp="landkreis",  # from the second question on: asked of „der Landkreis“, its Kreistag
    )
    child.expect("1/3 Strategische Grundlage")
    step(child, "Klimaschutzkonzept \\(KSK\\) des Landkreises", DOWN + ENTER)  # teilweise umgesetzt
    step(child, "laufende Prozesse", DOWN + DOWN + ENTER)  # ← zurück
    step(child, "Wie weit ist das Klimaschutzkonzept", ENTER)  # pointer stays on "teilweise umgesetzt"
    step(child, "laufende Prozesse", ENTER)  # Ja
    child.expect("2/3 Finanzierung")
    step(child, "eigenen Mitteln", ENTER)  # möglich
    child.expect("3/3 Politischer Rahmen")
    step(child, "politischen Willen", DOWN + ENTER)  # Nein
    child.expect("Zusammenfassung")
    child.expect("Kann der Landkreis die Stelle")  # the summary asks as the interview did
    step(child, "Stimmen die Antworten", ENTER)  # Ergebnis anzeigen
    child.expect("Empfehlung: V7a – KSM im Fachamt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = (tmp_path / "antworten.yaml").read_text(encoding="utf-8")
    assert "kommunentyp: landkreis" in saved and "klimaschutzkonzept: teilweise" in saved
    assert "einwohner: 120000" in saved
    assert "Musterstadt" in (tmp_path / "bericht.md").read_text(encoding="utf-8")


def test_ctrl_c_prints_abgebrochen_exits_130_and_writes_only_the_draft(tmp_path):
    child = spawn(tmp_path, "--report", "bericht.md", "--save-answers", "antworten.yaml")
    step(child, "Name der Kommune", "Musterstadt" + ENTER)
    step(child, "Welcher Kommunentyp", ENTER)
    child.expect("Einwohner")
    interrupt(child)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entwurf-interview.yaml"]


def test_mentoring_init_and_add_in_a_terminal(tmp_path):
    child = spawn(tmp_path, command=("mentoring", "init"))
    step(child, "Ihre Rolle", ENTER)  # Mentor*in
    step(child, "Welches Vorhaben", ENTER)  # Anschlussvorhaben (KSM2)
    step(child, "Projektbeginn", "01.07.2025" + ENTER)
    step(child, "Regelsatz", ENTER)  # Handreichung
    child.expect("Mentoring-Protokoll angelegt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn(tmp_path, "--date", "12.03.2026", command=("mentoring", "add"))
    step(child, "Welches Format", DOWN + DOWN + ENTER)  # Webinar
    step(child, "Titel", "Wärmeplanung im Dialog" + ENTER)
    for prompt in ("Ort", "Erreichte Personen", "Aufwand", "Notiz"):
        step(child, prompt, ENTER)
    child.expect("Projektjahr 1 \\(01.07.2025–30.06.2026\\): 5 von 5 Tagen angerechnet.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "titel: Wärmeplanung im Dialog" in (tmp_path / "mentoring.yaml").read_text(encoding="utf-8")


def test_ctrl_c_in_mentoring_init_exits_130_and_creates_no_log(tmp_path):
    child = spawn(tmp_path, command=("mentoring", "init"))
    child.expect("Ihre Rolle")
    interrupt(child)
    assert list(tmp_path.iterdir()) == []


def test_tasks_self_assessment_in_a_terminal_then_compare(tmp_path):
    child = spawn(tmp_path, command=("tasks", "assess"))
    step(child, "Name der Kommune", "Landkreis Muster" + ENTER)
    step(child, "Welcher Kommunentyp", DOWN + DOWN + ENTER)  # Landkreis: its own rows are asked too
    step(child, "Wochenarbeitszeit", "39" + ENTER)
    values = {1: ("50", "40"), 31: ("50", "60")}  # 31: Entwicklung regionaler Netzwerke (Landkreis)
    for number in range(1, 32):
        child.expect(f"{number}/31: ")
        ist, soll = values.get(number, ("", ""))
        step(child, "IST/SOLL in", (f"{ist}/{soll}" if ist else "") + ENTER)
    step(child, "Speichern unter", ENTER)  # selbsteinschaetzung.yaml
    child.expect("IST und SOLL ergeben je 100 %")
    child.expect("Gespeichert: selbsteinschaetzung.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = (tmp_path / "selbsteinschaetzung.yaml").read_text(encoding="utf-8")
    assert (
        "kommunentyp: landkreis" in saved and "  regionale_netzwerke:\n    ist: 50\n    soll: 60\n" in saved
    )

    child = spawn(
        tmp_path,
        "selbsteinschaetzung.yaml",
        "--markdown",
        "grundlage.md",
        "--csv",
        "vergleich.csv",
        command=("tasks", "compare"),
    )
    child.expect("IST/SOLL-Vergleich der Aufgaben – Landkreis Muster")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "| +10 | 50 % (19,5 h) | 60 % (23,4 h) | Entwicklung regionaler Netzwerke \\[Landkreis\\] |" in (
        tmp_path / "grundlage.md"
    ).read_text(encoding="utf-8")
    assert (tmp_path / "vergleich.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_ctrl_c_in_the_tasks_entry_keeps_the_file(tmp_path):
    path = tmp_path / "selbsteinschaetzung.yaml"
    path.write_text(
        "ksm_selbsteinschaetzung: 1\naufgaben:\n  controlling: {ist: 100, soll: 100}\n", encoding="utf-8"
    )
    before = path.read_bytes()
    child = spawn(tmp_path, "--file", "selbsteinschaetzung.yaml", command=("tasks", "assess"))
    step(child, "Name der Kommune", ENTER)
    step(child, "Welcher Kommunentyp", ENTER)
    step(child, "Wochenarbeitszeit", ENTER)
    child.expect("IST/SOLL in")
    interrupt(child)
    assert path.read_bytes() == before  # only the draft beside it is new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entwurf-selbsteinschaetzung.yaml", path.name]
