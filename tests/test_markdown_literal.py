"""User text in Markdown stays text: it cannot end a heading, open a code block or HTML, and
"&amp;" shows as "&amp;".

Every value stands on one line of the report (heading, paragraph, list item, table cell); a
newline in it is shown as "↵". The documents are parsed with markdown-it (CommonMark with GFM
tables, as rich itself uses), and compared with the same report for a plain name.
"""

from __future__ import annotations

import pytest

HOSTILE = {
    "heading": "Musterstadt\n# Hack",
    "setext": "Musterstadt\n===",
    "rule": "Musterstadt\n---",
    "fence": "Musterstadt\n```\ncode",
    "tilde fence": "Musterstadt\n~~~\ncode",
    "indented code": "Musterstadt\n    code",
    "code after blank line": "Musterstadt\n\n    code",
    "html block": "Musterstadt\n<script>alert(1)</script>",
    "entities": "Muster &amp; &lt;b&gt; &#35; &copy; stadt",
    "quote": "Musterstadt\n> Zitat",
    "list": "Musterstadt\n- Punkt",
    "numbered": "Musterstadt\n1. Punkt",
    "table": "Musterstadt\n| a | b |\n|---|---|",
    "hard break": "Muster\\\nstadt",
    "crlf": "Musterstadt\r\n# Hack",
}
VALUES = pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))


def literal(value: str) -> str:
    """What the reader must see: the text as typed, a newline as ↵, CR as \\x0d."""
    return value.strip(" \t").replace("\r", "\\x0d").replace("\n", "↵")


def parse(document: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(document)


def structure(document: str) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in parse(document)]


def inline_text(token) -> str:
    """The text of an inline token; markup (links, HTML, emphasis, breaks) is a failure."""
    kinds = {child.type for child in token.children} - {"text", "text_special"}
    assert not kinds, kinds
    return "".join(child.content for child in token.children)


def texts(document: str) -> list[str]:
    return [inline_text(t) for t in parse(document) if t.type == "inline"]


def check_against_baseline(document: str, baseline: str, value: str, title: str) -> None:
    lines, plain = document.splitlines(), baseline.splitlines()
    assert len(lines) == len(plain)  # no line of its own for user text
    for line, before in zip(lines, plain, strict=True):
        if line != before:
            assert not line.startswith(("#", "```", "~~~", "    ", "\t", "<", ">", "|", "-", "=")) or (
                line.startswith(("# ", "| ")) and before.startswith(line[:2])
            ), line
    assert structure(document) == structure(baseline)
    # every value contains "Muster": the h1 and the Kommune cell of the first table
    shown = [inline_text(t) for t in parse(document) if t.type == "inline" and "Muster" in t.content]
    assert shown == [f"{title} – {literal(value)}", literal(value)]


def assess_report(ksm, tmp_path, name: str) -> str:
    report = tmp_path / f"bericht-{len(name)}.md"
    result = ksm(
        "assess",
        "--set",
        f"kommune={name}",
        "--set",
        "klimaschutzkonzept=umgesetzt",
        "--set",
        "ideen_weiterentwicklung=nicht_moeglich",
        "--stichtag",
        "01.03.2026",
        "--report",
        str(report),
    )
    assert result.exit_code == 0, result.stderr
    return report.read_text(encoding="utf-8")


@VALUES
def test_assess_report_keeps_its_structure(ksm, tmp_path, value):
    check_against_baseline(
        assess_report(ksm, tmp_path, value),
        assess_report(ksm, tmp_path, "Musterstadt"),
        value,
        "Empfehlung zur Verstetigung des Klimaschutzmanagements",
    )


def tasks_markdown(ksm, tmp_path, name: str) -> str:
    path, md = tmp_path / f"s-{len(name)}.yaml", tmp_path / f"g-{len(name)}.md"
    made = ksm("tasks", "assess", "--file", str(path), "--kommune", name, "--set", "controlling=100/100")
    assert made.exit_code == 0, made.stderr
    assert ksm("tasks", "compare", str(path), "--markdown", str(md)).exit_code == 0
    return md.read_text(encoding="utf-8")


@VALUES
def test_tasks_markdown_keeps_its_structure(ksm, tmp_path, value):
    check_against_baseline(
        tasks_markdown(ksm, tmp_path, value),
        tasks_markdown(ksm, tmp_path, "Musterstadt"),
        value,
        "IST/SOLL-Vergleich der Aufgaben",
    )


CONTEXTS = {
    "heading": ("## {}", "heading_open"),
    "paragraph": ("{}", "paragraph_open"),
    "list item": ("- {}", "bullet_list_open"),
    "numbered item": ("1. {}", "ordered_list_open"),
    "quote": ("> {}", "blockquote_open"),
}


@pytest.mark.parametrize("context", list(CONTEXTS))
@VALUES
def test_a_value_in_any_line_is_one_block_of_literal_text(context, value):
    from ksm_cli.render.markdown import md

    template, opening = CONTEXTS[context]
    document = template.format(md(value)) + "\n"
    assert "\n" not in document[:-1]
    tokens = parse(document)
    assert tokens[0].type == opening
    assert not {t.type for t in tokens} & {"fence", "code_block", "html_block", "hr", "table_open"}
    assert texts(document) == [literal(value)]


@pytest.mark.parametrize("context", ["paragraph", "list item", "numbered item", "quote"])
def test_leading_spaces_cannot_start_a_code_block(context):
    from ksm_cli.render.markdown import md

    template, opening = CONTEXTS[context]
    tokens = parse(template.format(md("    code")) + "\n")
    assert tokens[0].type == opening and "code_block" not in {t.type for t in tokens}


@VALUES
def test_a_value_in_a_table_cell_is_literal_text(value):
    from ksm_cli.render.markdown import md_table

    document = "\n".join(md_table(["Angabe", "Wert"], [["Kommune", value], ["Einwohner", "48.000"]])) + "\n"
    assert document.count("\n") == 4
    assert structure(document) == structure("| A | W |\n|---|---|\n| K | x |\n| E | y |\n")
    assert texts(document) == ["Angabe", "Wert", "Kommune", literal(value), "Einwohner", "48.000"]


def test_what_other_markdown_readers_would_interpret_is_escaped():
    """GitHub reads $…$ as a formula; an entity would turn into the character it names."""
    from ksm_cli.render.markdown import md, md_cell

    for escape in (md, md_cell):
        assert escape("Kosten $5 bis $6 &amp;") == "Kosten \\$5 bis \\$6 \\&amp;"
