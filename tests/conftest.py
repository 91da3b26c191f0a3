from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """Never touch the user's cache or data; fixed width; no colour surprises."""
    monkeypatch.setenv("KSM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("KSM_DATA_DIR", "KSM_OUTPUT", "KSM_DEBUG", "NO_COLOR", "FORCE_COLOR"):
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
    from ksm_cli.cli.app import app

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
