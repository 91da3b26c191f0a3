from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# The test tiers (README, "Für Mitwirkende"). `python dev.py test` sets KSM_TEST_TIER=schnell and
# deselects the tests marked `slow`; there every property test runs a tenth of its examples (at
# least FAST_MIN_EXAMPLES). `python dev.py test --all`, `.ci/run` and a plain `pytest` run every
# test with the full counts that the tests name.
TIER = os.environ.get("KSM_TEST_TIER", "alle")
FAST_FRACTION = 0.1
FAST_MIN_EXAMPLES = 20


def _fast_examples(count: int) -> int:
    return min(count, max(FAST_MIN_EXAMPLES, math.ceil(count * FAST_FRACTION)))


def pytest_configure(config):
    if TIER not in ("schnell", "alle"):
        raise pytest.UsageError(f"KSM_TEST_TIER={TIER!r}: erlaubt sind 'schnell' und 'alle'")
    from hypothesis import settings

    # Tests without their own @settings take the profile; the others are scaled below, since
    # an explicit @settings(max_examples=...) always wins over a profile.
    settings.register_profile("schnell", max_examples=_fast_examples(settings.default.max_examples))
    if TIER == "schnell":
        settings.load_profile("schnell")


def pytest_collection_modifyitems(config, items):
    if TIER != "schnell":
        return
    from hypothesis import settings

    scaled: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)  # a method of a test class: its function
        if not getattr(test, "is_hypothesis_test", False) or id(test) in scaled:
            continue
        scaled.add(id(test))
        # Hypothesis reads this attribute when the test runs (hypothesis/core.py, 6.100 to 6.170);
        # should a release rename it, the test keeps its full count, it does not fail.
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if isinstance(own, settings) and own.max_examples > FAST_MIN_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(
                own, max_examples=_fast_examples(own.max_examples)
            )


@pytest.fixture(scope="session")
def validated_entry(tmp_path_factory) -> Path | None:
    """The cache entry of the shipped knowledge, validated once for the whole session; None
    while data/ is broken (then the tests that read it fail, each with the problems)."""
    from ksm_cli.errors import KnowledgeError
    from ksm_cli.knowledge.loader import load

    folder = tmp_path_factory.mktemp("validated")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KSM_CACHE_DIR", str(folder))
        patch.delenv("KSM_DATA_DIR", raising=False)
        try:
            load()
        except KnowledgeError:
            return None
    (entry,) = folder.glob("knowledge-*.json")
    return entry


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch, validated_entry):
    """Never touch the user's cache or data; fixed width; no colour surprises.

    Each test has a cache folder of its own that already holds the validated shipped knowledge,
    as after a first run (a copy: what a test does to it stays in that test). Validating the
    knowledge again in every test cost about a fifth of the fast tier; the first run itself is
    tested where a test points KSM_CACHE_DIR at an empty folder (test_startup.py, test_cache.py)
    or uses its own knowledge (--data)."""
    cache = tmp_path_factory.mktemp("cache")
    if validated_entry is not None:
        shutil.copy2(validated_entry, cache / validated_entry.name)
    monkeypatch.setenv("KSM_CACHE_DIR", str(cache))
    for name in ("KSM_DATA_DIR", "KSM_OUTPUT", "KSM_DEBUG", "NO_COLOR", "FORCE_COLOR", "KSM_MAPPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("KSM_MENTORING_LOG", str(tmp_path_factory.mktemp("mentoring") / "mentoring.yaml"))


@pytest.fixture(scope="session")
def k(tmp_path_factory):
    """The shipped knowledge, loaded once through the real read path (own cache directory)."""
    from ksm_cli.knowledge.loader import load

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KSM_CACHE_DIR", str(tmp_path_factory.mktemp("knowledge-cache")))
        patch.delenv("KSM_DATA_DIR", raising=False)
        return load()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "wissen"
    shutil.copytree(DATA, target)
    return target


class Result:
    def __init__(self, raw) -> None:
        self.exit_code = raw.exit_code
        self.stdout = raw.stdout
        self.stderr = raw.stderr
        self.exception = raw.exception


@pytest.fixture
def ksm():
    """Run the CLI in-process with CliRunner; stdout and stderr separately."""
    from ksm_cli.cli.root import app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        result = Result(runner.invoke(app, list(args), env=env))
        # No Python traceback may ever reach the user (only with --debug).
        if "--debug" not in args:
            assert "Traceback" not in result.stdout + result.stderr
        return result

    return run


@pytest.fixture
def terminal(monkeypatch):
    """A pretend terminal: stdin counts as a TTY, keys come from a prompt_toolkit pipe."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    monkeypatch.setattr("ksm_cli.prompts.stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


@pytest.fixture
def started_log(ksm, tmp_path, monkeypatch) -> Path:
    """An empty mentoring log of a KSM2 mentor whose project began on 01.07.2025."""
    path = tmp_path / "mentoring.yaml"
    monkeypatch.setenv("KSM_MENTORING_LOG", str(path))
    result = ksm(
        "mentoring", "init", "--role", "mentor", "--vorhaben", "anschlussvorhaben", "--start", "2025-07-01"
    )
    assert result.exit_code == 0, result.stderr
    return path
