"""The shape of the code, checked statically: a functional core without UI, no import cycles,
and each shared thing imported from its one home (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ksm_cli"
CORE = ("assess", "tasks", "mentoring", "knowledge")
CORE_MODULES = (
    "german",
    "vocabulary",
    "errors",
    "fs",
    "storage",
    "cache",
    "quickyaml",
    "yamledit",
    "outputs",
    "drafts",
    "mappe",
    "status",
)
UI = ("typer", "rich", "questionary", "prompt_toolkit", "click")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node, except what stands under ``if TYPE_CHECKING:`` (never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports at run time, at the top or inside functions."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def ksm_imports(name: str) -> set[str]:
    return {m for m in imports(MODULES[name]) if m in MODULES and m != name}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.split(".")[1:2] and n.split(".")[1] in CORE))
def test_the_core_imports_no_ui(name):
    ui = {m for m in imports(MODULES[name]) if m.split(".")[0] in UI}
    assert not ui, f"{name} imports {sorted(ui)}"
    cli = {
        m
        for m in imports(MODULES[name])
        if m.startswith(("ksm_cli.cli", "ksm_cli.render", "ksm_cli.prompts"))
    }
    assert not cli, f"{name} imports {sorted(cli)}"


@pytest.mark.parametrize("name", [f"ksm_cli.{n}" for n in CORE_MODULES if f"ksm_cli.{n}" in MODULES])
def test_shared_modules_import_no_ui(name):
    ui = {m for m in imports(MODULES[name]) if m.split(".")[0] in UI}
    assert not ui, f"{name} imports {sorted(ui)}"


def test_neither_tasks_nor_mentoring_imports_from_assess():
    for name in MODULES:
        if name.startswith(("ksm_cli.tasks", "ksm_cli.mentoring")):
            wrong = {m for m in ksm_imports(name) if m.startswith("ksm_cli.assess")}
            assert not wrong, f"{name} imports {sorted(wrong)}"


def test_there_is_no_import_cycle():
    graph = {name: ksm_imports(name) for name in MODULES}
    # a package imports its parent package implicitly; only module-to-module edges count
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                raise AssertionError("Importzyklus: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
