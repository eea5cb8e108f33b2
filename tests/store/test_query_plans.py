"""The hot queries reach shifts, check-ins and breaks only through indexes, never a full scan.

Saving a check-in, reading team trends and replaying histories must stay as fast with three
years of an organisation's data as with a month of it, so none of their statements may read a
whole table (or a whole person's history) to find a few rows. The statements are the ones the
services really send: they are recorded while the use case runs, then explained with the same
parameters. SQLite's plan says SCAN for a full pass over a table or index. PostgreSQL would
rightly prefer sequential scans on tables this small, so there the plans are read with
sequential scans disabled: a query that can use an index then does, and one that cannot still
shows a Seq Scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from wellbeing.demo import generate_demo
from wellbeing.domain.rules import load_rules
from wellbeing.reevaluation import reevaluate_history
from wellbeing.services import TeamView, Wellbeing, purge_expired
from wellbeing.store.database import Database

LARGE_TABLES = (
    "shifts",
    "checkins",
    "breaks",
    "flags",
    "weekly_levels",
    "person_week_sums",
    "person_month_sums",
)
AFTER_DEMO = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # the Monday after the demo's last day


@pytest.fixture
def organisation(database: Database) -> Database:
    """Two months of two teams' shifts: enough rows that a scan and a search differ."""
    generate_demo(database, agents=30, days=60, seed=7, teams=2, end=date(2026, 11, 22), workers=0)
    return database


@contextmanager
def recorded_selects(database: Database) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT and DELETE the engine sends while the block runs, with its parameters."""
    found: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        # An INSERT ... SELECT is explained like a SELECT (the weekly sums are written so).
        if statement.lstrip().upper().startswith(("SELECT", "DELETE", "INSERT INTO PERSON_")):
            found.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", remember)
    try:
        yield found
    finally:
        event.remove(database.engine, "before_cursor_execute", remember)


def sqlite_steps(database: Database, statements: list[tuple[str, Any]]) -> list[str]:
    """SQLite's plan steps, each prefixed with LATEST when its statement reads only the most
    recent row (ORDER BY start DESC LIMIT 1) and so stops at the first row it finds."""
    with database.engine.connect() as connection:
        return [
            ("LATEST " if _newest_only(statement) else "") + str(row[3])
            for statement, parameters in statements
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]


def check_in_steps(database: Database, account: str, form: dict[str, object]) -> list[str]:
    """SQLite's plan steps of the statements one check-in sends."""
    service = Wellbeing(database, account, FrozenClock(AFTER_DEMO), rules=load_rules())
    with recorded_selects(database) as statements:
        service.check_in(form)
    return sqlite_steps(database, statements)


def _newest_only(statement: str) -> bool:
    return "ORDER BY shifts.start_at DESC" in statement and "LIMIT" in statement


def full_scans(database: Database, statements: list[tuple[str, Any]]) -> list[str]:
    """The plan steps, over all statements, that read one of the large tables whole."""
    scans: list[str] = []
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            if database.dialect == "sqlite":
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                steps = [str(row[3]) for row in plan]
                scans += [
                    step
                    for step in steps
                    if any(step.startswith(f"SCAN {table}") for table in LARGE_TABLES)
                ]
            else:
                plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
                steps = [str(row[0]) for row in plan]
                scans += [
                    step
                    for step in steps
                    if any(f"Seq Scan on {table}" in step for table in LARGE_TABLES)
                ]
        connection.rollback()
    return scans


def plans_of(database: Database, work: Callable[[], object]) -> tuple[int, list[str]]:
    with recorded_selects(database) as statements:
        work()
    return len(statements), full_scans(database, statements)


def test_recording_a_check_in_reads_shifts_and_check_ins_through_indexes(
    organisation: Database,
) -> None:
    service = Wellbeing(organisation, "demo-0003", FrozenClock(AFTER_DEMO), rules=load_rules())
    form = {
        "start": "2026-11-23T08:00",
        "end": "2026-11-23T16:30",
        "breaks": [{"start": "2026-11-23T12:00", "end": "2026-11-23T12:30"}],
        "stress": 6,
        "energy": 4,
        "contacts": 50,
        "difficult": 2,
    }

    count, scans = plans_of(organisation, lambda: service.check_in(form))

    assert count >= 5
    assert scans == []


@pytest.mark.skipif(BACKEND != "sqlite", reason="reads SQLite's query plan")
def test_recording_a_check_in_reads_a_window_of_shifts_not_the_whole_history(
    organisation: Database,
) -> None:
    form = {"start": "2026-11-23T08:00", "end": "2026-11-23T16:00", "stress": 3, "energy": 7}

    steps = check_in_steps(organisation, "demo-0004", form)

    # A search on the owner alone, or on "started before", reads every shift or check-in
    # the person ever made up to now.
    whole_history = [
        step
        for step in steps
        if step.startswith(("SEARCH shifts", "SEARCH checkins"))
        and (step.endswith("(person_id=?)") or ("start_at<" in step and "start_at>" not in step))
    ]
    assert any("start_at>" in step for step in steps if step.startswith("SEARCH shifts"))
    assert whole_history == []


@pytest.mark.skipif(BACKEND != "sqlite", reason="reads SQLite's query plan")
def test_recording_a_check_in_reads_kept_findings_and_open_flags_not_the_whole_history(
    organisation: Database,
) -> None:
    form = {"start": "2026-11-23T08:00", "end": "2026-11-23T17:00", "stress": 8, "energy": 2}

    steps = check_in_steps(organisation, "demo-0005", form)

    # Found by the owner alone, the findings kept about every shift and every flag ever
    # raised are read to keep the few a check-in changes.
    touched = [s for s in steps if s.startswith(("SEARCH shift_findings", "SEARCH flags"))]
    assert any(s.startswith("SEARCH shift_findings") for s in touched), steps
    assert any("resolved_at" in s for s in touched if s.startswith("SEARCH flags")), steps
    assert [s for s in touched if s.endswith("(person_id=?)")] == []


def test_team_trends_read_shifts_and_check_ins_through_indexes(organisation: Database) -> None:
    view = TeamView(organisation, "demo-lead-001", FrozenClock(AFTER_DEMO))
    [team] = view.led_teams()

    count, scans = plans_of(organisation, lambda: view.trends(team.name, 8))

    assert count >= 1
    assert scans == []


def test_replaying_histories_reads_shifts_and_check_ins_through_indexes(
    organisation: Database,
) -> None:
    rules = load_rules()

    count, scans = plans_of(
        organisation,
        lambda: reevaluate_history(organisation, rules, workers=0, people_per_transaction=8),
    )

    assert count >= 5
    assert scans == []


def test_reading_my_history_reads_shifts_and_check_ins_through_indexes(
    organisation: Database,
) -> None:
    service = Wellbeing(organisation, "demo-0005", FrozenClock(AFTER_DEMO))

    count, scans = plans_of(organisation, lambda: service.history(limit=20))

    assert count >= 1
    assert scans == []


@pytest.mark.skipif(BACKEND != "sqlite", reason="reads SQLite's query plan")
def test_reading_my_open_flags_reads_the_open_ones_not_every_flag_ever_raised(
    organisation: Database,
) -> None:
    reevaluate_history(organisation, load_rules(), workers=0)
    service = Wellbeing(organisation, "demo-0005", FrozenClock(AFTER_DEMO))
    with recorded_selects(organisation) as statements:
        service.flags()

    steps = [s for s in sqlite_steps(organisation, statements) if s.startswith("SEARCH flags")]

    assert steps != []
    assert [s for s in steps if s.endswith("(person_id=?)")] == []


def test_applying_retention_finds_old_rows_through_indexes(organisation: Database) -> None:
    reevaluate_history(organisation, load_rules(), workers=0)  # flags and weekly levels too

    count, scans = plans_of(
        organisation,
        lambda: purge_expired(
            organisation, 36, clock=FrozenClock(AFTER_DEMO), account="demo-admin"
        ),
    )

    assert count >= 5
    assert scans == []
