"""The test suite keeps its own layout: test modules sit in a folder per layer and share helpers
only through tests/support, so moving or deleting one test module never breaks another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
LAYERS = {"domain", "store", "usecases", "cli", "tui", "e2e"}


def _test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_test_module_sits_in_a_layer_folder() -> None:
    misplaced = [
        str(path.relative_to(TESTS))
        for path in _test_modules()
        if path.relative_to(TESTS).parts[0] not in LAYERS
    ]
    assert misplaced == []


def test_no_test_module_imports_another_test_module() -> None:
    offending = {
        str(path.relative_to(TESTS)): sorted(
            name
            for name in _imported_modules(path)
            if name.startswith("tests.")
            and not name.startswith("tests.support")
            and name.split(".")[-1].startswith("test_")
        )
        for path in _test_modules()
    }
    assert {module: names for module, names in offending.items() if names} == {}


def test_the_support_package_holds_no_tests() -> None:
    support = TESTS / "support"
    assert not list(support.glob("test_*.py"))
    for path in support.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tests = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")
        ]
        assert tests == [], path.name
