"""``ksm assess --batch``: one municipality per CSV row; bad rows are reported and skipped."""

from __future__ import annotations

import json

CSV = (
    "kommune;kommunentyp;einwohner;klimaschutzkonzept;laufende_prozesse;ideen_weiterentwicklung;"
    "eigenfinanzierung;staerkung_ksm\n"
    "Adorf;gemeinde;30.000;teilweise;ja;;möglich;nein\n"
    "Bedorf;landkreis;;teilweise;ja;;moeglich;nein\n"
    "Cedorf;gemeinde;viele;teilweise;ja;;moeglich;nein\n"
    "Dedorf;gemeinde;;umgesetzt;;nicht_moeglich;;\n"
    "Edorf;gemeinde;;umgesetzt;;;;\n"
)


def write(tmp_path, text=CSV, name="kommunen.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rows_are_assessed_and_bad_rows_reported_with_their_number(ksm, tmp_path):
    result = ksm("assess", "--batch", str(write(tmp_path)), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["schema"] == "ksm.assess.batch/1" and data["ok"] == 3 and data["failed"] == 2
    rows = {r["kommune"]: r for r in data["rows"]}
    assert rows["Adorf"]["recommended"] == ["V7"]
    assert rows["Bedorf"]["recommended"] == ["V7a"]
    assert rows["Dedorf"]["recommended"] == ["V5"]
    assert rows["Cedorf"]["ok"] is False and rows["Cedorf"]["row"] == 4
    assert rows["Cedorf"]["error"].startswith("Zeile 4, Spalte einwohner: ")
    assert (
        "kommunen.csv, Zeile 4, Spalte einwohner: 'viele': keine ganze Zahl" in result.stderr
        and "übersprungen" in result.stderr
    )
    assert "Zeile 6: Antwort fehlt für 'ideen_weiterentwicklung'" in result.stderr


def test_table_and_csv_output(ksm, tmp_path):
    out = tmp_path / "ergebnis.csv"
    result = ksm("assess", "--batch", str(write(tmp_path)), "--csv", str(out))
    assert result.exit_code == 2
    assert "Bewertung von 5 Kommunen" in result.stdout and "3 bewertet, 2 übersprungen." in result.stdout
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == (
        "zeile;kommune;ergebnis;empfehlung;alternativen;warnungen;ueberfaellig;fehler;erstellt mit ksm"
    )
    assert lines[1].startswith("2;Adorf;v7;V7;V8 V9;")
    assert lines[3].startswith("4;Cedorf;;;")


def test_all_good_rows_exit_zero_and_comma_csv_works(ksm, tmp_path):
    text = "name,klimaschutzkonzept,ideen_weiterentwicklung\nX,umgesetzt,nicht_moeglich\n"
    result = ksm("assess", "--batch", str(write(tmp_path, text)), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rows"][0]["kommune"] == "X"


def test_unknown_column_is_a_usage_error(ksm, tmp_path):
    result = ksm("assess", "--batch", str(write(tmp_path, "kommune;klimaschutz\nA;x\n")))
    assert result.exit_code == 2
    assert "Zeile 1: unbekannte Spalte(n) 'klimaschutz'" in result.stderr


def test_progress_bar_logic_is_not_on_the_pipe_path(ksm, tmp_path):
    rows = "".join(f"K{i};umgesetzt;nicht_moeglich\n" for i in range(60))
    result = ksm(
        "assess",
        "--batch",
        str(write(tmp_path, "kommune;klimaschutzkonzept;ideen_weiterentwicklung\n" + rows)),
    )
    assert result.exit_code == 0
    assert "60 bewertet, 0 übersprungen." in result.stdout
    assert result.stderr == ""


def test_long_file_shows_a_progress_bar_on_a_terminal(ksm, tmp_path):
    rows = "".join(f"K{i};umgesetzt;nicht_moeglich\n" for i in range(30))
    path = write(tmp_path, "kommune;klimaschutzkonzept;ideen_weiterentwicklung\n" + rows)
    result = ksm("assess", "--batch", str(path), env={"KSM_OUTPUT": "rich"})
    assert result.exit_code == 0
    assert "Kommunen bewerten" in result.stderr
