"""The versioned SQL files of the database functions, and the migrations that read them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from wellbeing.store.migrate import MIGRATIONS
from wellbeing.store.sql_files import RULE_VALUES, SqlFileError, read_sql, sql_text

SQL_FOLDER = Path(__file__).resolve().parents[2] / "wellbeing" / "store" / "sql"
VERSIONS = sorted(path.stem for path in SQL_FOLDER.glob("*.sql"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    return found


def test_the_trend_function_is_filled_with_the_schema_its_k_and_the_rule_numbers() -> None:
    sql = read_sql("wellbeing_team_trends_v1", schema="tenant_a", team_trends_k=8)

    assert "SET search_path = tenant_a, pg_temp" in sql
    assert "SET wellbeing.team_trends_k = '8'" in sql
    assert f"s.rest_before_minutes < {RULE_VALUES['quick_return_minutes']}" in sql
    assert "@" not in sql


def test_a_placeholder_nobody_fills_is_refused_by_name() -> None:
    with pytest.raises(SqlFileError, match="team_trends_k"):
        read_sql("wellbeing_team_trends_v1", schema="public")


def test_a_value_the_file_has_no_place_for_is_refused_by_name() -> None:
    with pytest.raises(SqlFileError, match="teamleader_k"):
        read_sql("wellbeing_trend_cells_v1", schema="public", teamleader_k=5)


def test_replacing_turns_the_one_create_into_create_or_replace() -> None:
    sql = read_sql("wellbeing_trend_cells_v1", replace=True, schema="public")

    assert sql.count("CREATE OR REPLACE FUNCTION wellbeing_trend_cells(") == 1
    assert "CREATE FUNCTION" not in sql


@pytest.mark.parametrize("version", VERSIONS)
def test_each_file_creates_the_function_it_is_named_after(version: str) -> None:
    function = version.rsplit("_v", 1)[0]

    assert f"CREATE FUNCTION {function}(" in sql_text(version)


@pytest.mark.parametrize("path", sorted((MIGRATIONS / "versions").glob("*.py")), ids=str)
def test_no_migration_imports_or_loads_another(path: Path) -> None:
    source = path.read_text("utf-8")

    assert not any(name.startswith(("migrations", "importlib")) for name in _imports(path))
    assert "spec_from_file_location" not in source
    assert "Path(__file__)" not in source
