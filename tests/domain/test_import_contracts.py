"""The layers point one way and no module imports itself round a circle.

The layer rules are import-linter contracts in pyproject.toml (`make lint` runs them too);
circles are found with grimp, the graph library import-linter is built on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
# Circles known today, each to be broken by the change named; the test fails once one is
# gone too, so that its entry is removed and the circle cannot come back unnoticed.
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def _circles(graph: grimp.ImportGraph) -> set[frozenset[str]]:
    """Every group of modules that import each other round a circle (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(module: str) -> None:
        order[module] = lowest[module] = len(order)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], order[imported])
        if lowest[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in order:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = grimp.build_graph("wellbeing", cache_dir=None, exclude_type_checking_imports=True)
    assert _circles(graph) == set(KNOWN_CIRCLES)


def test_a_circle_is_found_when_two_modules_import_each_other() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.one")
    graph.add_import(importer="a.three", imported="a.one")
    assert _circles(graph) == {frozenset({"a.one", "a.two"})}


def test_the_layer_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout
