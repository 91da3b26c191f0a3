"""Random argument lists: ksm answers each with output or one German error, never a traceback.

The words come from ksm's own vocabulary (commands, options, ids, values), mixed with random
text, so that most lists reach deep into the commands instead of stopping at the first word.
The ``ksm`` fixture already fails any run whose output contains a traceback.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMANDS = [
    ["assess"],
    ["flowchart"],
    ["validate"],
    ["models"],
    ["models", "list"],
    ["models", "show"],
    ["models", "compare"],
    ["tasks"],
    ["tasks", "list"],
    ["tasks", "assess"],
    ["tasks", "compare"],
    ["mentoring"],
    ["mentoring", "init"],
    ["mentoring", "add"],
    ["mentoring", "list"],
    ["mentoring", "remove"],
    ["mentoring", "credits"],
    ["mentoring", "report"],
    ["mentoring", "formats"],
    ["mentoring", "topics"],
    [],
]
WORDS = [
    "--json",
    "--help",
    "--set",
    "--answers",
    "--file",
    "--kind",
    "--date",
    "--title",
    "--year",
    "--all",
    "--yes",
    "--landkreis",
    "--allow-partial",
    "--mermaid",
    "--markdown",
    "--csv",
    "--batch",
    "--stichtag",
    "--kommunentyp",
    "--hours-per-week",
    "--role",
    "--vorhaben",
    "--start",
    "--rules",
    "--check",
    "--debug",
    "--data",
    "--version",
    "--",
    "-",
    "V8",
    "v6b",
    "99",
    "0",
    "-1",
    "1,5",
    "2026-02-30",
    "31.12.2026",
    "webinar",
    "forum",
    "controlling=10/15",
    "controlling=x/y",
    "klimaschutzkonzept=umgesetzt",
    "staerkung_ksm=vielleicht",
    "gemeinde",
    "landkreis",
    "[bold]rot[/]",
    "\x1b[31m",
    "ä",
    "",
    " ",
    "nicht/da.yaml",
    "=",
    "a=b=c",
]
ARGUMENTS = st.tuples(
    st.sampled_from(COMMANDS), st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=6)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arguments=ARGUMENTS)
def test_random_arguments_end_in_output_or_one_german_error(ksm, tmp_path_factory, monkeypatch, arguments):
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # commands that write, write here
    monkeypatch.setenv("KSM_DEBUG", "")
    command, rest = arguments
    args = [*command, *rest]
    if "--debug" in args:  # --debug may show a traceback; that is its purpose
        args.remove("--debug")
    result = ksm(*args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Unerwarteter Fehler" not in result.stderr, (
        args,
        result.stderr,
    )  # an exception ksm did not expect
    if result.exit_code == 2:
        first, *more = result.stderr.splitlines() or [""]
        assert first.startswith("Fehler: "), (args, result.stderr)
        assert all(line.startswith(("  ", "Fehler: ")) for line in more), (args, result.stderr)
    assert "\x1b[31m" not in result.stdout + result.stderr  # user text never becomes a terminal code
