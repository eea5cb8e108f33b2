"""Planned shifts are personal data: exported, erased, purged, and private on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.backend import BACKEND, PG_URL
from tests.support.clock import FrozenClock
from tests.support.schedule_samples import CSV_PLAN
from wellbeing.services import Organisation, Wellbeing, purge_expired
from wellbeing.store.database import Database

FAR = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2099, 1, 1, tzinfo=UTC))
OLD_PLAN = "2023-01-09T08:00,2023-01-09T16:00,12:00-12:30\n"


def test_an_export_holds_the_planned_shifts_with_their_breaks(service: Wellbeing) -> None:
    service.import_schedule(CSV_PLAN.encode(), "plan.csv")
    exported = service.export()
    assert exported["manifest"]["tables"]["planned_shifts"] == 2
    first = exported["data"]["planned_shifts"][0]
    assert first["start_at"].startswith("2026-11-30T07:00")
    assert len(first["breaks"]) == 2


def test_erasing_me_removes_my_planned_shifts_and_not_a_colleagues(
    database: Database, clock: FrozenClock
) -> None:
    me, colleague = Wellbeing(database, "an", clock), Wellbeing(database, "bert", clock)
    me.import_schedule(CSV_PLAN.encode(), "plan.csv")
    colleague.import_schedule(CSV_PLAN.encode(), "plan.csv")
    me.erase()
    assert me.planned_shifts(*FAR) == []
    assert len(colleague.planned_shifts(*FAR)) == 2


def test_the_retention_purge_removes_planned_shifts_older_than_the_period(
    service: Wellbeing, database: Database, clock: FrozenClock
) -> None:
    clock.set(datetime(2023, 1, 8, 12, 0, tzinfo=UTC))
    service.import_schedule(OLD_PLAN.encode(), "old.csv")
    clock.set(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    service.import_schedule(CSV_PLAN.encode(), "plan.csv")
    assert purge_expired(database, 36, clock, account="agent") == 1
    assert [r.shift.start.year for r in service.planned_shifts(*FAR)] == [2026, 2026]


@pytest.fixture
def agent_login(db_url: str) -> Iterator[str]:
    """A PostgreSQL login in the agent group, dropped afterwards."""
    login = f"wb_plan_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE wellbeing_agent'))
    yield login
    with admin.connect() as connection:
        connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    admin.dispose()


@pytest.mark.skipif(BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test")
def test_on_postgresql_an_agent_reads_only_their_own_plan(
    db_url: str, database: Database, clock: FrozenClock, agent_login: str
) -> None:
    owner = Organisation(database, "owner", clock)
    owner.bootstrap()
    owner.add_person(agent_login)
    Wellbeing(database, "colleague", clock).import_schedule(CSV_PLAN.encode(), "plan.csv")
    Wellbeing(database, agent_login, clock).import_schedule(
        b"2026-12-07T09:00,2026-12-07T17:00\n", "mine.csv"
    )
    own_url = make_url(db_url).set(username=agent_login).render_as_string(hide_password=False)
    engine = create_engine(own_url)
    try:
        with engine.connect() as connection:
            starts = connection.execute(text("SELECT start_at FROM planned_shifts")).scalars()
            assert [moment.astimezone(UTC).hour for moment in starts] == [8]
            # Not even a count of the others' rows gets through.
            colleague = connection.execute(
                text(
                    "SELECT count(*) FROM planned_shifts WHERE person_id <> "
                    "(SELECT id FROM people WHERE os_account = session_user)"
                )
            ).scalar()
            assert colleague == 0
    finally:
        engine.dispose()


@pytest.mark.skipif(BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test")
def test_on_postgresql_an_agent_imports_their_plan_through_their_own_login(
    db_url: str, database: Database, clock: FrozenClock, agent_login: str
) -> None:
    Organisation(database, "owner", clock).bootstrap()
    Organisation(database, "owner", clock).add_person(agent_login)
    own_url = make_url(db_url).set(username=agent_login).render_as_string(hide_password=False)
    from wellbeing.services import open_database

    own = open_database(own_url)
    try:
        result = Wellbeing(own, agent_login, clock).import_schedule(CSV_PLAN.encode(), "plan.csv")
        assert result.added == 2
        assert len(Wellbeing(own, agent_login, clock).planned_shifts(*FAR)) == 2
    finally:
        own.dispose()
