"""Migrations: one history, reversible, matching the models, and upgrades that lose nothing.

The tests that use `empty_db_url` run on the backend WELLBEING_TEST_BACKEND chooses. The
SQLite upgrade-safety tests (backup before upgrading, restore on failure) use their own file
under tmp_path, since they are about SQLite files whatever the backend of the run.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from tests.support.clock import FrozenClock
from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.people import Team
from wellbeing.services import Organisation, Wellbeing, open_database
from wellbeing.store.database import StoreError, make_engine
from wellbeing.store.migrate import (
    MIGRATIONS,
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from wellbeing.store.models import Base
from wellbeing.store.shift_findings import statement_id

# Every revision, oldest first.
REVISIONS = [
    script.revision
    for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]
HEAD = REVISIONS[-1]

# The revision the tests put on top of head in a copy of migrations/.
EXTRA = "9999"
ROWS_PER_TABLE = 3
MOMENT = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)

# Values the generic filler cannot guess: those bound by CHECK constraints, and codes that
# should look like the real thing. Everything else is derived from the column's type.
Sample = Callable[[int], object]


def _statement_id(i: int) -> str:
    return statement_id(f"message {i}", f"source {i}", ["take a pause", f"tip {i}"])


SAMPLES: dict[str, dict[str, Sample]] = {
    "shifts": {
        "start_at": lambda i: MOMENT + timedelta(days=i),
        "end_at": lambda i: MOMENT + timedelta(days=i, hours=8, minutes=30),
        "contacts": lambda i: 40 + i,
        "difficult": lambda i: i,
        "local_date": lambda i: (MOMENT + timedelta(days=i)).date(),
        "iso_week": lambda i: "2026-W45",
        "worked_minutes": lambda i: 480,
        "break_minutes": lambda i: 30,
    },
    "breaks": {
        "start_at": lambda i: MOMENT + timedelta(days=i, hours=4),
        "end_at": lambda i: MOMENT + timedelta(days=i, hours=4, minutes=30),
        "kind": lambda i: "break",
    },
    "checkins": {
        "stress": lambda i: 2 + i,
        "energy": lambda i: 8 - i,
        "support": lambda i: 5,
        "note": lambda i: f"private note {i} — é ü 😊",
        "recorded_at": lambda i: MOMENT + timedelta(days=i, hours=9),
    },
    "survey_responses": {
        "instrument": lambda i: "who5",
        "answers": lambda i: [3, 4, 2, 5, i],
        "scores": lambda i: {"raw": 14 + i, "percent": (14 + i) * 4.0},
        "language": lambda i: "nl",
    },
    "flags": {
        "rule_id": lambda i: f"rule_{i}",
        "level": lambda i: "orange",
        "acknowledged_level": lambda i: "orange",
        "suggestions": lambda i: ["take a pause", "talk to your teamleader"],
    },
    "weekly_levels": {"iso_week": lambda i: f"2026-W{44 + i}", "level": lambda i: "orange"},
    "people": {"language": lambda i: ("nl", "fr", "en")[i % 3]},
    # Above the ids PostgreSQL's audit triggers draw from their sequence in later changes.
    "admin_audit": {"id": lambda i: 1000 + i, "action": lambda i: "team_created"},
    "planned_shifts": {
        "start_at": lambda i: MOMENT + timedelta(days=i),
        "end_at": lambda i: MOMENT + timedelta(days=i, hours=8),
        "breaks": lambda i: [
            {"start": "2026-11-02T10:00:00+00:00", "end": "2026-11-02T10:15:00+00:00"}
        ],
    },
    # A published cell holds figures or the reason it is hidden, never both.
    # Figures inside their bands, which revision 0010 keeps as they are.
    "published_cells": {
        "segment": lambda i: f"2026-W{44 + i}",
        "k": lambda i: 1,
        "hidden": lambda i: None,
        "contributors": lambda i: 10 + i,
        **{
            name: lambda i: 50 + i
            for name in (
                "stress_tenths",
                "energy_tenths",
                "break_compliance_percent",
                "quick_return_percent",
                "orange_or_red_percent",
            )
        },
    },
    # The sums behind each published cell's break figure (one person with a break due, of
    # the cell's team), which revision 0016 checks; no more breaks taken than due, which
    # revision 0020 checks.
    "person_week_sums": {
        "iso_week": lambda i: f"2026-W{44 + i}",
        "break_due": lambda i: 1,
        "break_taken": lambda i: 1,
    },
    "organisation_settings": {"name": lambda i: f"setting-{i}", "value": lambda i: 3 + i},
    "team_memberships": {"since_week": lambda i: f"2026-W{44 + i}"},
    # A kept finding points at a statement of its own, whose id is the digest of its words
    # (PostgreSQL checks it).
    "finding_statements": {
        "id": _statement_id,
        "message": lambda i: f"message {i}",
        "source": lambda i: f"source {i}",
        "suggestions": lambda i: ["take a pause", f"tip {i}"],
    },
    "shift_findings": {
        "statement_id": _statement_id,
        "suggestions": lambda i: ["take a pause", f"tip {i}"],
    },
}


def _value(table: sa.Table, column: sa.Column[Any], i: int) -> object:
    """Row i's value: integers are i, so ids and the references to them line up."""
    sample = SAMPLES.get(table.name, {}).get(column.name)
    if sample is not None:
        return sample(i)
    kind = column.type
    if isinstance(kind, sa.JSON):
        return {"n": i}
    if isinstance(kind, sa.Boolean):
        return i % 2 == 0
    if isinstance(kind, sa.Integer):
        return i
    if isinstance(kind, sa.Float | sa.Numeric):
        return i + 0.25
    if isinstance(kind, sa.DateTime):
        return MOMENT + timedelta(days=i, minutes=i)
    if isinstance(kind, sa.Date):
        return (MOMENT + timedelta(days=i)).date()
    if isinstance(kind, sa.String):
        text = f"{table.name}-{column.name}-{i}"
        return text[-kind.length :] if kind.length else text
    raise AssertionError(f"add a sample value for {table.name}.{column.name} ({kind!r})")


def _reflect(engine: sa.Engine) -> sa.MetaData:
    metadata = sa.MetaData()
    with engine.connect() as connection:
        metadata.reflect(connection)
    return metadata


def _data_tables(metadata: sa.MetaData) -> list[sa.Table]:
    return [table for table in metadata.sorted_tables if table.name != "alembic_version"]


def _row(table: sa.Table, i: int) -> dict[str, object]:
    return {column.name: _value(table, column, i) for column in table.columns}


def fill(engine: sa.Engine) -> None:
    """Put rows in every table the schema has now, whatever revision that is."""
    metadata = _reflect(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Loaded as a restore loads rows: the audit triggers would add entries of their own.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in _data_tables(metadata):
            rows = [_row(table, i) for i in range(1, ROWS_PER_TABLE + 1)]
            connection.execute(sa.insert(table), rows)


def rows(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order."""
    metadata = _reflect(engine)
    with engine.connect() as connection:
        return {
            table.name: [
                dict(row._mapping)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in _data_tables(metadata)
        }


def schema(engine: sa.Engine) -> dict[str, object]:
    """Tables with their columns, indexes and foreign keys, as the database reports them."""
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {
            name: (
                sorted(column["name"] for column in inspector.get_columns(name)),
                sorted(str(index["name"]) for index in inspector.get_indexes(name)),
                sorted(
                    (str(key["name"]), key["referred_table"])
                    for key in inspector.get_foreign_keys(name)
                ),
            )
            for name in inspector.get_table_names()
        }


def _with_statements(found: dict[str, list[dict[str, Any]]]) -> None:
    """Give each kept finding the columns revision 0011 moved to its statement. `fill` puts
    no message in a finding's numbers, so its evidence was its message."""
    statements = {row["id"]: row for row in found.get("finding_statements", [])}
    for row in found.get("shift_findings", []):
        if "statement_id" in row:
            said = statements[row["statement_id"]]
            row.update(evidence=said["message"], source=said["source"])
            row.update(suggestions=said["suggestions"])


def assert_rows_kept(before: dict[str, list[dict[str, Any]]], engine: sa.Engine) -> None:
    """Every row from before is still there, in the columns it had (a kept finding's text,
    source and suggestions in its statement)."""
    after = rows(engine)
    _with_statements(after)
    for table, old_rows in before.items():
        assert table in after, f"table {table} disappeared"
        kept = [{name: row[name] for name in old_rows[0]} for row in after[table]]
        assert kept == old_rows, f"rows of {table} changed"


def migrations_with(tmp_path: Path, body: str) -> Path:
    """A copy of migrations/ with revision EXTRA on top of head; its upgrade runs `body`."""
    location = tmp_path / "migrations"
    location.mkdir()
    (location / "versions").mkdir()
    for name in ("env.py", "script.py.mako"):
        (location / name).write_text((MIGRATIONS / name).read_text())
    for script in (MIGRATIONS / "versions").glob("*.py"):
        (location / "versions" / script.name).write_text(script.read_text())
    lines = [
        '"""A revision the tests add on top of head."""',
        "import glob",
        "import os",
        "import sqlite3",
        "import stat",
        "",
        "import sqlalchemy as sa",
        "from alembic import op",
        "",
        f"revision = {EXTRA!r}",
        f"down_revision = {head_revision()!r}",
        "branch_labels = None",
        "depends_on = None",
        "",
        "",
        "def upgrade() -> None:",
        *(f"    {line}" for line in body.strip().splitlines()),
        "",
        "",
        "def downgrade() -> None:",
        "    pass",
        "",
    ]
    (location / "versions" / f"{EXTRA}_test_revision.py").write_text("\n".join(lines))
    return location


# Changes the schema and the data, then fails: a rollback or a restore must undo both.
FAILS_MIDWAY = """
op.add_column("shifts", sa.Column("probe", sa.Integer(), nullable=True))
op.execute("DELETE FROM checkins")
raise RuntimeError("this revision fails on purpose")
"""

# The same, but it commits its half-done work first: only the backup can undo that.
COMMITS_THEN_FAILS = """
op.execute("DELETE FROM checkins")
op.add_column("shifts", sa.Column("probe", sa.Integer(), nullable=True))
op.execute("COMMIT")
raise RuntimeError("this revision fails on purpose")
"""

# Succeeds, after checking that the upgrade made a private backup holding the data.
CHECKS_THE_BACKUP = f"""
database = op.get_bind().engine.url.database
copies = glob.glob(database + ".before-{EXTRA}*.bak")
assert len(copies) == 1, copies
assert stat.S_IMODE(os.stat(copies[0]).st_mode) == 0o600, oct(os.stat(copies[0]).st_mode)
copy = sqlite3.connect(copies[0])
assert copy.execute("SELECT count(*) FROM checkins").fetchone()[0] == {ROWS_PER_TABLE}
copy.close()
op.add_column("shifts", sa.Column("probe", sa.Integer(), nullable=True))
"""

# Rebuilds every table (on SQLite: copy, drop, rename), parents included.
REBUILDS_EVERY_TABLE = """
bind = op.get_bind()
recreate = "always" if bind.dialect.name == "sqlite" else "auto"
for name in sa.inspect(bind).get_table_names():
    if name != "alembic_version":
        with op.batch_alter_table(name, recreate=recreate) as batch:
            batch.add_column(sa.Column("probe", sa.Integer(), nullable=True))
"""


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    """An SQLite database file at head, holding rows in every table."""
    path = tmp_path / "wellbeing.db"
    engine = make_engine(path)
    upgrade(engine)
    fill(engine)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_engine(sqlite_file: Path) -> Iterator[sa.Engine]:
    engine = make_engine(sqlite_file)
    yield engine
    engine.dispose()


def test_the_migrations_have_a_single_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


def test_each_revision_upgrades_and_downgrades_in_turn_and_back_to_the_same_schema(
    engine: sa.Engine,
) -> None:
    for revision in REVISIONS:
        upgrade(engine, revision)
        assert current_revision(engine) == revision
    at_head = schema(engine)
    for previous in [*reversed(REVISIONS[:-1]), "base"]:
        downgrade(engine, previous)
        assert current_revision(engine) == (None if previous == "base" else previous)
    assert set(schema(engine)) <= {"alembic_version"}
    upgrade(engine)
    assert schema(engine) == at_head


def test_the_models_match_the_migrations(engine: sa.Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("revision", REVISIONS)
def test_opening_a_database_made_at_a_revision_upgrades_it_to_head_keeping_every_row(
    engine: sa.Engine, empty_db_url: str, revision: str
) -> None:
    upgrade(engine, revision)
    fill(engine)
    before = rows(engine)
    assert all(len(table_rows) == ROWS_PER_TABLE for table_rows in before.values())
    open_database(empty_db_url).dispose()
    assert current_revision(engine) == HEAD
    assert_rows_kept(before, engine)


def test_upgrading_to_0010_keeps_published_figures_at_a_scale_end_only_as_bands(
    engine: sa.Engine,
) -> None:
    upgrade(engine, "0009")
    columns = (
        "segment, group_id, k, published_on, contributors, stress_tenths, energy_tenths, "
        "break_compliance_percent, quick_return_percent, orange_or_red_percent, hours_tenths"
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                f"INSERT INTO published_cells ({columns}) VALUES "
                "('2026-W44', 0, 5, '2026-11-04', 6, 0, 100, 100, 0, 0, 380), "
                "('2026-W44', 7, 5, '2026-11-04', 12, 43, 61, 55, 12, 95, 371), "
                "('2026-W44', 8, 5, '2026-11-04', 5, 98, 2, NULL, 97, 100, 360)"
            )
        )
    upgrade(engine, "0010")
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(f"SELECT {columns} FROM published_cells ORDER BY group_id")
        ).all()
    figures = [tuple(row)[4:] for row in found]
    assert figures == [
        (6, 5, 95, 90, 10, 17, 380),  # one person of six is 17 %: "17 % or less"
        (12, 43, 61, 55, 12, 90, 371),  # only the ends move
        (5, 95, 5, None, 90, 80, 360),  # one of five is 20 %: "80 % or more"
    ]


def test_upgrading_to_0013_drops_published_break_figures_of_fewer_than_k_people(
    engine: sa.Engine,
) -> None:
    upgrade(engine, "0012")
    cell = (
        "segment, group_id, k, published_on, contributors, stress_tenths, energy_tenths, "
        "break_compliance_percent, quick_return_percent, orange_or_red_percent, hours_tenths"
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO teams (id, name, created_at) VALUES "
                "(7, 'Mixed', '2026-11-01 08:00:00'), (8, 'Long', '2026-11-01 08:00:00')"
            )
        )
        for person in range(12):  # six in each team; in Mixed only person 0 had a break due
            team, due = (7, int(person == 0)) if person < 6 else (8, 1)
            connection.execute(
                sa.text(
                    "INSERT INTO people (id, pseudonym, os_account, team_id, is_admin, created_at)"
                    " VALUES (:id, :id, :id, :team, false, '2026-11-01 08:00:00')"
                ),
                {"id": 100 + person, "team": team},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO person_week_sums (iso_week, person_id, shifts, checkins, "
                    "stress_sum, energy_sum, break_due, break_taken, quick_returns, "
                    "worked_minutes, team_id) "
                    "VALUES ('2026-W44', :id, 1, 1, 4, 6, :due, 0, 0, 480, :team)"
                ),
                {"id": 100 + person, "due": due, "team": team},
            )
        connection.execute(
            sa.text(
                f"INSERT INTO published_cells ({cell}) VALUES "
                "('2026-W44', 0, 5, '2026-11-04', 12, 40, 60, 14, 10, 10, 80), "
                "('2026-W44', 7, 5, '2026-11-04', 6, 40, 60, 10, 10, 17, 80), "
                "('2026-W44', 8, 5, '2026-11-04', 6, 40, 60, 17, 10, 17, 80)"
            )
        )
    upgrade(engine, "0013")
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(
                "SELECT group_id, break_compliance_percent, contributors FROM published_cells "
                "ORDER BY group_id"
            )
        ).all()
    # Mixed's figure was person 0's alone; the organisation's held it. Long keeps its own.
    assert [tuple(row) for row in found] == [(0, None, 12), (7, None, 6), (8, 17, 6)]


def _person_with_sums(
    connection: sa.Connection, person: int, team: int, *, week: str, month: str, due: int
) -> None:
    """A person of `team` whose shifts of `week` (and `month`) had `due` needing a break."""
    connection.execute(
        sa.text(
            "INSERT INTO people (id, pseudonym, os_account, team_id, is_admin, created_at)"
            " VALUES (:id, :id, :id, :team, false, '2026-09-01 08:00:00')"
        ),
        {"id": person, "team": team},
    )
    sums = (
        "shifts, checkins, stress_sum, energy_sum, break_due, break_taken, quick_returns, "
        "worked_minutes, team_id"
    )
    values = {"id": person, "due": due, "team": team, "week": week, "month": month}
    connection.execute(
        sa.text(
            f"INSERT INTO person_week_sums (iso_week, person_id, {sums}) "
            "VALUES (:week, :id, 1, 1, 4, 6, :due, 0, 0, 480, :team)"
        ),
        values,
    )
    connection.execute(
        sa.text(
            f"INSERT INTO person_month_sums (month, person_id, iso_week, {sums}) "
            "VALUES (:month, :id, :week, 1, 1, 4, 6, :due, 0, 0, 480, :team)"
        ),
        values,
    )


def test_upgrading_to_0016_drops_published_break_figures_that_cannot_be_told_to_be_of_k_people(
    engine: sa.Engine,
) -> None:
    upgrade(engine, "0015")
    cell = (
        "segment, group_id, k, published_on, contributors, stress_tenths, energy_tenths, "
        "break_compliance_percent, quick_return_percent, orange_or_red_percent, hours_tenths"
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO teams (id, name, created_at) VALUES "
                "(7, 'Days', '2026-09-01 08:00:00'), (8, 'Lates', '2026-09-01 08:00:00'), "
                "(9, 'Long', '2026-09-01 08:00:00')"
            )
        )
        # 2026-W44 (October): two teams of three, hidden, and only person 100 had a break due.
        for person in range(100, 106):
            _person_with_sums(
                connection,
                person,
                7 if person < 103 else 8,
                week="2026-W44",
                month="2026-10",
                due=int(person == 100),
            )
        # 2026-W46 (November): six people of team 9, each with a break due.
        for person in range(110, 116):
            _person_with_sums(connection, person, 9, week="2026-W46", month="2026-11", due=1)
        connection.execute(
            sa.text(
                f"INSERT INTO published_cells ({cell}) VALUES "
                # W30 and month 2026-07 were purged: their sums are gone.
                "('2026-W30', 0, 5, '2026-07-29', 12, 40, 60, 83, 10, 10, 80), "
                "('2026-W30', 9, 5, '2026-07-29', 6, 40, 60, 90, 10, 17, 80), "
                "('2026-07', 0, 5, '2026-08-03', 12, 40, 60, 85, 10, 10, 80), "
                # Person 100's record, as the organisation's week and month.
                "('2026-W44', 0, 5, '2026-11-04', 6, 40, 60, 20, 10, 17, 80), "
                "('2026-10', 0, 5, '2026-11-04', 6, 40, 60, 20, 10, 17, 80), "
                # Six people's: kept.
                "('2026-W46', 0, 5, '2026-11-18', 6, 40, 60, 75, 10, 17, 80), "
                "('2026-W46', 9, 5, '2026-11-18', 6, 40, 60, 75, 10, 17, 80), "
                "('2026-11', 0, 5, '2026-12-02', 6, 40, 60, 75, 10, 17, 80)"
            )
        )
        for team in (7, 8):
            connection.execute(
                sa.text(
                    "INSERT INTO published_cells (segment, group_id, k, published_on, hidden) "
                    "VALUES ('2026-W44', :team, 5, '2026-11-04', 'too_few_contributors')"
                ),
                {"team": team},
            )
    upgrade(engine, "0016")
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(
                "SELECT segment, group_id, break_compliance_percent, stress_tenths "
                "FROM published_cells WHERE hidden IS NULL ORDER BY segment, group_id"
            )
        ).all()
    assert [tuple(row) for row in found] == [
        ("2026-07", 0, None, 40),
        ("2026-10", 0, None, 40),
        ("2026-11", 0, 75, 40),
        ("2026-W30", 0, None, 40),
        ("2026-W30", 9, None, 40),
        ("2026-W44", 0, None, 40),
        ("2026-W46", 0, 75, 40),
        ("2026-W46", 9, 75, 40),
    ]


TRENDS_FUNCTION = "wellbeing_team_trends(text[], integer)"
PUBLISHED = (
    "segment, group_id, k, published_on, contributors, stress_tenths, energy_tenths, "
    "break_compliance_percent, quick_return_percent, orange_or_red_percent, hours_tenths, hidden"
)


def _published(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(f"SELECT {PUBLISHED} FROM published_cells ORDER BY segment, group_id")
        )
        return [tuple(row) for row in found]


def _trends_function(engine: sa.Engine) -> tuple[Any, ...]:
    """Who owns the PostgreSQL trend function, who may run it, how it runs, and whether its
    owner may create objects in the schema (it may not)."""
    with engine.connect() as connection:
        owner, acl, definer, config, creates = connection.execute(
            sa.text(
                "SELECT pg_get_userbyid(proowner), proacl::text[], prosecdef, proconfig, "
                "has_schema_privilege(proowner, current_schema(), 'CREATE') "
                "FROM pg_proc WHERE oid = CAST(:name AS regprocedure)"
            ),
            {"name": TRENDS_FUNCTION},
        ).one()
    return owner, frozenset(acl), definer, tuple(config), creates


def test_upgrading_to_0017_keeps_every_published_cell_and_the_function_returns_their_k(
    engine: sa.Engine,
) -> None:
    upgrade(engine, "0016")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO teams (id, name, created_at) VALUES "
                "(7, 'Days', '2025-01-01 08:00:00'), (8, 'Lates', '2025-01-01 08:00:00')"
            )
        )
        # 2025-W10 published under k = 5, 2025-W11 under k = 7; the organisation's k is 20.
        connection.execute(
            sa.text(
                f"INSERT INTO published_cells ({PUBLISHED}) VALUES "
                "('2025-W10', 0, 5, '2025-03-12', 6, 40, 60, 75, 10, 17, 80, NULL), "
                "('2025-W10', 7, 5, '2025-03-12', 6, 40, 60, 75, 10, 17, 80, NULL), "
                "('2025-W10', 8, 5, '2025-03-12', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors'), "
                "('2025-W11', 0, 7, '2025-03-19', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors'), "
                "('2025-W11', 7, 7, '2025-03-19', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors')"
            )
        )
        connection.execute(
            sa.text("INSERT INTO organisation_settings (name, value) VALUES ('k', 20)")
        )
    before = _published(engine)
    postgres = engine.dialect.name == "postgresql"
    function = _trends_function(engine) if postgres else None

    upgrade(engine, "0017")

    assert _published(engine) == before
    if postgres:
        assert _trends_function(engine) == function  # same owner, grants and settings
        with engine.begin() as connection:
            served = connection.execute(
                sa.text(
                    "SELECT iso_week, team_id, hidden, k FROM wellbeing_team_trends("
                    "ARRAY['2025-W10', '2025-W11'], NULL) ORDER BY iso_week, team_id NULLS FIRST"
                )
            ).all()
        assert [tuple(row) for row in served] == [
            ("2025-W10", None, None, 5),
            ("2025-W10", 7, None, 5),
            ("2025-W10", 8, "too_few_contributors", 5),
            ("2025-W11", None, "too_few_contributors", 7),
            ("2025-W11", 7, "too_few_contributors", 7),
        ]
        assert _published(engine) == before  # served as published, nothing added
    downgrade(engine, "0016")
    assert _published(engine) == before
    if postgres:
        assert _trends_function(engine) == function


def test_upgrading_to_0018_says_an_organisation_cell_is_hidden_with_its_teams(
    engine: sa.Engine,
) -> None:
    upgrade(engine, "0017")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO teams (id, name, created_at) VALUES "
                "(7, 'Days', '2025-01-01 08:00:00'), (8, 'Lates', '2025-01-01 08:00:00')"
            )
        )
        # 2025-W10: one team shown; 2025-W11: both teams hidden, and so the organisation.
        connection.execute(
            sa.text(
                f"INSERT INTO published_cells ({PUBLISHED}) VALUES "
                "('2025-W10', 0, 5, '2025-03-12', 6, 40, 60, 75, 10, 17, 80, NULL), "
                "('2025-W10', 7, 5, '2025-03-12', 6, 40, 60, 75, 10, 17, 80, NULL), "
                "('2025-W10', 8, 5, '2025-03-12', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors'), "
                "('2025-W11', 0, 5, '2025-03-19', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors'), "
                "('2025-W11', 7, 5, '2025-03-19', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors'), "
                "('2025-W11', 8, 5, '2025-03-19', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "'too_few_contributors')"
            )
        )
    before = _published(engine)
    postgres = engine.dialect.name == "postgresql"
    function = _trends_function(engine) if postgres else None

    upgrade(engine, "0018")

    after = _published(engine)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    # Only the organisation's reason of 2025-W11 changes; no figure, no other cell.
    assert [(old[:2], old[-1], new[-1]) for old, new in changed] == [
        (("2025-W11", 0), "too_few_contributors", "no_team_shown")
    ]
    if postgres:
        assert _trends_function(engine) == function  # same owner, grants and settings
        with engine.begin() as connection:
            served = connection.execute(
                sa.text(
                    "SELECT iso_week, team_id, hidden FROM wellbeing_team_trends("
                    "ARRAY['2025-W11'], NULL) ORDER BY team_id NULLS FIRST"
                )
            ).all()
        assert [tuple(row) for row in served] == [
            ("2025-W11", None, "no_team_shown"),
            ("2025-W11", 7, "too_few_contributors"),
            ("2025-W11", 8, "too_few_contributors"),
        ]
    downgrade(engine, "0017")
    assert _published(engine) == before
    if postgres:
        assert _trends_function(engine) == function


# Teams as revision 0014 could hold them: (id, name as stored) -> (name, key) after 0015.
NFD_E = "e\u0301"  # é as an e and a combining accent
LEGACY_TEAMS = {
    (1, f"Caf{NFD_E} NL"): ("Caf\u00e9 NL", "caf\u00e9 nl"),  # composed
    (2, " Billing "): ("Billing", "billing"),  # trimmed
    (3, "Sales"): ("Sales", None),  # a look-alike of 4: kept apart, without a key
    (4, "sales"): ("sales", None),
    (5, f"Op{NFD_E}n"): (f"Op{NFD_E}n", None),  # its composed form is 6's name: as it was
    (6, "Op\u00e9n"): ("Op\u00e9n", None),
    (7, "Inbound"): ("Inbound", "inbound"),
}


def test_upgrading_to_0015_composes_and_trims_team_names_and_keeps_look_alikes_apart(
    engine: sa.Engine, empty_db_url: str
) -> None:
    upgrade(engine, "0014")
    with engine.begin() as connection:
        for (team_id, name), _after in LEGACY_TEAMS.items():
            connection.execute(
                sa.text(
                    "INSERT INTO teams (id, name, created_at) "
                    "VALUES (:id, :name, '2026-11-01 08:00:00')"
                ),
                {"id": team_id, "name": name},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO people (id, pseudonym, os_account, team_id, is_admin, created_at)"
                    " VALUES (:id, :account, :account, :team, :admin, '2026-11-01 08:00:00')"
                ),
                {
                    "id": 100 + team_id,
                    "account": f"person-{team_id}",
                    "team": team_id,
                    "admin": team_id == 7,
                },
            )
            connection.execute(
                sa.text(
                    "INSERT INTO team_memberships (person_id, since_week, team_id) "
                    "VALUES (:person, '2026-W40', :team)"
                ),
                {"person": 100 + team_id, "team": team_id},
            )
            connection.execute(
                sa.text("INSERT INTO team_leaders (team_id, person_id) VALUES (:team, :person)"),
                {"person": 100 + team_id, "team": team_id},
            )
    kept = {table: rows(engine)[table] for table in ("people", "team_memberships", "team_leaders")}

    upgrade(engine, "0015")

    with engine.connect() as connection:
        teams = connection.execute(sa.text("SELECT id, name, name_key FROM teams ORDER BY id"))
        assert [tuple(row) for row in teams] == [
            (team_id, *after) for (team_id, _name), after in LEGACY_TEAMS.items()
        ]
    assert {table: rows(engine)[table] for table in kept} == kept

    # The app finds each team by its exact spelling and refuses the ambiguous rest.
    upgrade(engine)
    database = open_database(empty_db_url)
    try:
        admin = Organisation(database, "person-7", FrozenClock())
        assert admin.move_person("person-1", "CAF\u00c9 nl") == Team(id=1, name="Caf\u00e9 NL")
        assert admin.move_person("person-3", "sales") == Team(id=4, name="sales")
        with pytest.raises(InputError, match="several teams are called 'SALES'") as refused:
            admin.move_person("person-3", "SALES")
        assert refused.value.field == "team"
        with pytest.raises(InputError, match="already exists"):
            admin.create_team("SALES")
    finally:
        database.dispose()

    downgrade(engine, "0014")
    with engine.connect() as connection:
        names = connection.execute(sa.text("SELECT name FROM teams ORDER BY id")).scalars()
        assert list(names) == [name for name, _key in LEGACY_TEAMS.values()]


def _shift(day: str, start: str, end: str, *, lunch: bool = True, **extra: object) -> dict:
    breaks = [{"start": f"{day}T12:00", "end": f"{day}T12:30"}] if lunch else []
    return {"start": f"{day}T{start}", "end": f"{day}T{end}", "breaks": breaks, **extra}


# Shifts whose findings fill messages with dates, hours and scores.
JUDGED_SHIFTS = [
    _shift("2026-11-02", "08:00", "18:30", lunch=False, stress=8, energy=3),
    _shift("2026-11-03", "14:00", "22:00", lunch=False, stress=8, energy=3),
    _shift("2026-11-04", "06:00", "14:00", lunch=False, stress=9, energy=2),
    _shift("2026-11-05", "07:00", "19:00", stress=9, energy=2, contacts=40, difficult=4),
]
# A finding kept before its numbers held the message: its evidence is its message.
LEGACY = {
    "rule_id": "legacy.rule",
    "level": "watch",
    "evidence": "A shift of 11 hours.",
    "numbers": {"hours": 11},
    "source": "Arbeidstijdenwet",
    "suggestions": ["pause"],
}


def test_upgrading_to_0011_keeps_every_finding_and_downgrading_puts_back_the_old_rows(
    engine: sa.Engine, empty_db_url: str
) -> None:
    database = open_database(empty_db_url)
    me = Wellbeing(database, "agent", FrozenClock())
    ids = [me.check_in(shift).checkin.id for shift in JUDGED_SHIFTS]
    before = me.shift_findings(ids)
    exported = me.export()["data"]["shift_findings"]
    database.dispose()
    assert len({finding.rule_id for found in before.values() for finding in found}) >= 3

    downgrade(engine, "0010")
    # The rows as revision 0010's application wrote them, which the export still shows.
    old = rows(engine)["shift_findings"]
    assert [{**row, "shift_start": None} for row in old] == [
        {**row, "shift_start": None} for row in exported
    ]
    with engine.begin() as connection:
        legacy = {**LEGACY, "checkin_id": ids[0], "person_id": old[0]["person_id"]}
        shift_start = old[0]["shift_start"]
        iso_week = old[0]["iso_week"]
        table = _reflect(engine).tables["shift_findings"]
        connection.execute(
            sa.insert(table), {**legacy, "shift_start": shift_start, "iso_week": iso_week}
        )

    upgrade(engine)
    reopened = open_database(empty_db_url)
    try:
        after = Wellbeing(reopened, "agent", FrozenClock()).shift_findings(ids)
    finally:
        reopened.dispose()
    kept = Finding(
        rule_id=LEGACY["rule_id"],
        level=Level.WATCH,
        message=LEGACY["evidence"],
        params=LEGACY["numbers"],
        source=LEGACY["source"],
        suggestions=tuple(LEGACY["suggestions"]),
    )
    before[ids[0]].append(kept)
    assert _by_rule(after) == _by_rule(before)
    found = rows(engine)
    said = {(f.message, f.source, f.suggestions) for kept in after.values() for f in kept}
    assert len(found["finding_statements"]) == len(said) < len(found["shift_findings"])
    assert all("message" not in (row["numbers"] or {}) for row in found["shift_findings"])


def _by_rule(found: dict[int, list[Finding]]) -> dict[int, list[Finding]]:
    """Findings per check-in in a stable order (the database returns them in any)."""
    return {key: sorted(kept, key=lambda finding: finding.rule_id) for key, kept in found.items()}


def test_opening_an_empty_database_creates_the_schema(engine: sa.Engine, empty_db_url: str) -> None:
    open_database(empty_db_url).dispose()
    assert current_revision(engine) == HEAD
    assert {"teams", "people", "shifts", "breaks", "checkins"} <= set(schema(engine))


def test_an_upgrade_that_rebuilds_every_table_keeps_every_row(
    engine: sa.Engine, tmp_path: Path
) -> None:
    upgrade(engine)
    fill(engine)
    before = rows(engine)
    upgrade(engine, script_location=migrations_with(tmp_path, REBUILDS_EVERY_TABLE))
    assert current_revision(engine) == EXTRA
    assert_rows_kept(before, engine)


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_is(
    engine: sa.Engine, empty_db_url: str
) -> None:
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    with pytest.raises(StoreError, match="newer than this version of wellbeing") as refused:
        open_database(empty_db_url)
    assert "f00dcafe" in str(refused.value)
    assert current_revision(engine) == "f00dcafe"


def test_a_shift_for_a_person_who_does_not_exist_is_refused(engine: sa.Engine) -> None:
    upgrade(engine)
    fill(engine)
    shifts = _reflect(engine).tables["shifts"]
    orphan = _row(shifts, ROWS_PER_TABLE + 1) | {"person_id": 999}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(sa.insert(shifts), orphan)
    assert len(rows(engine)["shifts"]) == ROWS_PER_TABLE


def test_deleting_a_person_deletes_every_row_that_is_theirs(engine: sa.Engine) -> None:
    upgrade(engine)
    fill(engine)
    metadata = _reflect(engine)
    people = metadata.tables["people"]
    with engine.begin() as connection:
        connection.execute(sa.delete(people).where(people.c.id == 1))
    after = rows(engine)
    owned = {
        (table.name, key.parent.name)
        for table in _data_tables(metadata)
        for key in table.foreign_keys
        if key.column.table.name == "people"
    }
    assert {"shifts", "checkins", "flags", "weekly_levels"} <= {name for name, _ in owned}
    for table, column in owned:
        assert [row for row in after[table] if row[column] == 1] == [], table
        assert [row for row in after[table] if row[column] == 2] != [], table
    # Breaks belong to a shift, not directly to the person.
    assert [row["shift_id"] for row in after["breaks"]] == [2, 3]


def test_deleting_a_team_keeps_its_people_without_a_team(engine: sa.Engine) -> None:
    upgrade(engine)
    fill(engine)
    teams = _reflect(engine).tables["teams"]
    with engine.begin() as connection:
        connection.execute(sa.delete(teams).where(teams.c.id == 1))
    people = rows(engine)["people"]
    assert [(person["id"], person["team_id"]) for person in people] == [(1, None), (2, 2), (3, 3)]


def test_a_failing_upgrade_leaves_rows_and_schema_as_they_were(
    engine: sa.Engine, tmp_path: Path
) -> None:
    upgrade(engine)
    fill(engine)
    before_rows, before_schema = rows(engine), schema(engine)
    with pytest.raises(StoreError, match="fails on purpose"):
        upgrade(engine, script_location=migrations_with(tmp_path, FAILS_MIDWAY))
    assert current_revision(engine) == HEAD
    assert schema(engine) == before_schema
    assert rows(engine) == before_rows


def test_an_sqlite_upgrade_that_committed_half_its_work_is_undone_from_the_backup(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    before_rows, before_schema = rows(sqlite_engine), schema(sqlite_engine)
    with pytest.raises(StoreError, match="put back as it was before"):
        upgrade(sqlite_engine, script_location=migrations_with(tmp_path, COMMITS_THEN_FAILS))
    assert current_revision(sqlite_engine) == HEAD
    assert schema(sqlite_engine) == before_schema
    assert rows(sqlite_engine) == before_rows


def test_a_failed_sqlite_upgrade_keeps_a_private_backup_and_says_where(
    sqlite_file: Path, sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    with pytest.raises(StoreError) as failed:
        upgrade(sqlite_engine, script_location=migrations_with(tmp_path, FAILS_MIDWAY))
    backup = sqlite_file.with_name(f"{sqlite_file.name}.before-{EXTRA}.bak")
    assert str(backup) in str(failed.value)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert copy.execute("SELECT count(*) FROM checkins").fetchone() == (ROWS_PER_TABLE,)
    finally:
        copy.close()


def test_a_second_failed_sqlite_upgrade_never_overwrites_the_first_backup(
    sqlite_file: Path, sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    location = migrations_with(tmp_path, FAILS_MIDWAY)
    for _attempt in range(2):
        with pytest.raises(StoreError):
            upgrade(sqlite_engine, script_location=location)
    backups = sorted(path.name for path in sqlite_file.parent.glob("*.bak"))
    assert backups == [f"wellbeing.db.before-{EXTRA}.2.bak", f"wellbeing.db.before-{EXTRA}.bak"]


def test_an_sqlite_upgrade_backs_up_first_and_removes_the_backup_once_it_succeeds(
    sqlite_file: Path, sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    upgrade(sqlite_engine, script_location=migrations_with(tmp_path, CHECKS_THE_BACKUP))
    assert current_revision(sqlite_engine) == EXTRA
    assert list(sqlite_file.parent.glob("*.bak*")) == []


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    content = b"my shopping list, not a database\n" * 200
    path.write_bytes(content)
    with pytest.raises(StoreError, match="cannot open") as refused:
        open_database(str(path))
    assert str(path) in str(refused.value)
    assert path.read_bytes() == content


def test_an_sqlite_file_of_another_program_is_refused_and_its_tables_left_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('waterzooi')")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not wellbeing's"):
        open_database(str(path))
    other = sqlite3.connect(path)
    try:
        tables = other.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert tables == [("recipes",)]
        assert other.execute("SELECT name FROM recipes").fetchall() == [("waterzooi",)]
    finally:
        other.close()
