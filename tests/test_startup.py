"""Start-up guards that are not timing tests: what a command imports and reads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import sys, atexit\n"
    "atexit.register(lambda: sys.__stderr__.write('\\nMODULES:' + ','.join(sorted(sys.modules))))\n"
    "from ksm_cli.cli.app import main\n"
    "sys.argv = ['ksm', *sys.argv[1:]]\n"
    "main()\n"
)


def run_probe(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, set[str]]:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=full_env,
        timeout=60,
    )
    modules = set(proc.stderr.rsplit("MODULES:", 1)[1].strip().split(","))
    return proc.returncode, proc.stdout, modules


# the documents' libraries (docx, odf, PIL and lxml under them) are heavy too: only ksm report loads them
HEAVY = {"questionary", "prompt_toolkit", "pydantic", "yaml", "docx", "odf", "PIL", "lxml"}


def first_fast(count: int, cases: list) -> list:
    """The first ``count`` cases run in the fast tier, the others only with ``dev.py test --all``."""
    wrap = lambda case: case if isinstance(case, tuple) else (case,)  # noqa: E731
    return [
        pytest.param(*wrap(case), marks=[pytest.mark.slow] if i >= count else [])
        for i, case in enumerate(cases)
    ]


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> Path:
    """A cache holding the validated knowledge, made once for the module by one run."""
    folder = tmp_path_factory.mktemp("warm-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KSM_DATA_DIR", raising=False)
        code, out, _ = run_probe("models", "list", env={"KSM_CACHE_DIR": str(folder)})
    assert code == 0, out
    return folder


@pytest.fixture
def warmed(warm_cache) -> None:
    """This test's own cache (KSM_CACHE_DIR of conftest.py), holding the validated knowledge."""
    shutil.copytree(warm_cache, os.environ["KSM_CACHE_DIR"], dirs_exist_ok=True)


@pytest.mark.parametrize(
    "args",
    first_fast(
        2,
        [
            ["models", "show", "V8"],
            ["models", "list", "--json"],
            ["models", "compare", "V7", "V8"],
            ["flowchart"],
            ["flowchart", "--mermaid"],
            [
                "assess",
                "--set",
                "klimaschutzkonzept=umgesetzt",
                "--set",
                "ideen_weiterentwicklung=moeglich",
                "--set",
                "eigenfinanzierung=moeglich",
                "--set",
                "staerkung_ksm=nein",
                "--json",
            ],
            ["tasks", "list"],
            ["tasks", "list", "--landkreis", "--json"],
        ],
    ),
)
def test_read_commands_import_no_prompt_or_validation_libraries(args, warmed):
    code, out, modules = run_probe(*args)
    assert code == 0, out
    assert not (HEAVY & {m.split(".")[0] for m in modules}), HEAVY & modules
    assert "rich" not in {m.split(".")[0] for m in modules}  # plain output in a pipe needs no rich


LOG = (
    "ksm_mentoring_log: 1\nrolle: mentor\nvorhaben: anschlussvorhaben\nprojektbeginn: 2025-07-01\n"
    "regelsatz: handreichung\neintraege:\n- id: 1\n  datum: 2025-10-01\n  format: webinar\n  titel: A\n"
)


@pytest.mark.parametrize(
    "args",
    first_fast(
        2,
        [
            ["mentoring", "credits", "--all"],
            ["mentoring", "credits", "--json", "--all"],
            ["mentoring", "list"],
            ["mentoring", "report"],
            ["mentoring", "formats"],
            ["mentoring", "topics", "--json"],
        ],
    ),
)
def test_mentoring_read_commands_import_no_prompt_or_validation_libraries(args, tmp_path, warmed):
    log = tmp_path / "mentoring.yaml"
    log.write_text(LOG, encoding="utf-8")
    code, out, modules = run_probe(*args, env={"KSM_MENTORING_LOG": str(log)})
    assert code == 0, out
    # The log is YAML; its parse is cached after the first read (test_tasks_commands_on_a_file_…).
    assert not ({"questionary", "prompt_toolkit", "pydantic", "rich"} & {m.split(".")[0] for m in modules})


@pytest.mark.parametrize(
    "args",
    first_fast(
        2,
        [
            ["--version"],
            ["--help"],
            ["models", "--help"],
            ["assess", "--help"],
            ["mentoring", "--help"],
            ["mentoring", "add", "--help"],
            ["tasks", "assess", "--help"],
        ],
    ),
)
def test_help_and_version_read_no_knowledge(args, tmp_path):
    code, out, modules = run_probe(*args, env={"KSM_DATA_DIR": str(tmp_path / "does-not-exist")})
    assert code == 0 and out
    assert "ksm_cli.knowledge.loader" not in modules
    assert not (
        {"questionary", "prompt_toolkit", "pydantic", "yaml", "rich"} & {m.split(".")[0] for m in modules}
    )


COMMAND_MODULES = {
    f"ksm_cli.cli.{name}" for name in ("assess", "flowchart", "mentoring", "models", "tasks", "validate")
}


@pytest.mark.parametrize(
    "args,loaded",
    first_fast(
        2,
        [
            (["--help"], set()),
            (["--version"], set()),
            (["models", "list", "--json"], set()),  # the quick path: no command module of typer
            (["models", "--help"], {"ksm_cli.cli.models"}),
            (["tasks", "--help"], {"ksm_cli.cli.tasks"}),
        ],
    ),
)
def test_a_run_imports_only_the_command_module_it_runs(args, loaded):
    code, _, modules = run_probe(*args)
    assert code == 0
    assert COMMAND_MODULES & modules == loaded


SELF_ASSESSMENT = (
    "ksm_selbsteinschaetzung: 1\nkommunentyp: gemeinde\nentwurf: false\naufgaben:\n"
    "  controlling: {ist: 60, soll: 40}\n  liegenschaften: {ist: 40, soll: 60}\n"
)


@pytest.mark.parametrize(
    "args",
    first_fast(
        1,
        [
            ["tasks", "compare", "s.yaml"],
            ["tasks", "compare", "s.yaml", "--json"],
            ["tasks", "assess", "--file", "s.yaml", "--json"],
        ],
    ),
)
def test_tasks_commands_on_a_file_import_no_prompt_or_validation_libraries(
    args, tmp_path, monkeypatch, warmed
):
    (tmp_path / "s.yaml").write_text(SELF_ASSESSMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, modules = run_probe(*args)  # the file is parsed on every run (no copy of it is kept)
    assert code == 0, out
    assert not ({"questionary", "prompt_toolkit", "pydantic", "rich"} & {m.split(".")[0] for m in modules})
    assert "yaml" in modules
    code, again, modules = run_probe(*args)
    assert code == 0 and again == out
    cache = Path(os.environ["KSM_CACHE_DIR"])
    cached = [p for p in cache.rglob("*") if p.is_file() and p.parent.name != "sperren"]
    assert [p for p in cached if not p.name.startswith("knowledge-")] == []  # nothing of the user's file


BLOCK_SELF_ASSESSMENT = (
    "# von Hand\nksm_selbsteinschaetzung: 1\nkommunentyp: gemeinde\nentwurf: false\naufgaben:\n"
    "  controlling:\n    ist: 60\n    soll: 40  # Ziel\n  liegenschaften:\n    ist: 40\n    soll: 60\n"
)


def test_a_user_file_in_the_form_ksm_writes_is_read_without_pyyaml(tmp_path, monkeypatch, warmed):
    (tmp_path / "s.yaml").write_text(BLOCK_SELF_ASSESSMENT, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(SELF_ASSESSMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, block, modules = run_probe("tasks", "compare", "s.yaml", "--json")
    assert code == 0 and "yaml" not in {m.split(".")[0] for m in modules}
    code, flow, modules = run_probe("tasks", "compare", "f.yaml", "--json")
    assert code == 0 and "yaml" in modules  # a flow mapping: PyYAML reads it
    assert json.loads(block)["tasks"] == json.loads(flow)["tasks"]


def test_first_run_validates_and_caches(tmp_path):
    env = {"KSM_CACHE_DIR": str(tmp_path / "cache")}
    code, _, modules = run_probe("models", "show", "V8", env=env)
    assert code == 0 and "pydantic" in modules  # first run: full validation
    assert len(list((tmp_path / "cache").glob("knowledge-*.json"))) == 1
    code, _, modules = run_probe("models", "show", "V8", env=env)
    assert code == 0 and "pydantic" not in modules  # then the validated compact form


def test_corrupt_cache_is_rebuilt(tmp_path):
    env = {"KSM_CACHE_DIR": str(tmp_path / "cache")}
    run_probe("models", "list", env=env)
    (cached,) = (tmp_path / "cache").glob("knowledge-*.json")
    cached.write_text("{kaputt", encoding="utf-8")
    code, out, modules = run_probe("models", "show", "V8", env=env)
    assert code == 0 and "Klimaschutz als Stabsstelle" in out and "pydantic" in modules
