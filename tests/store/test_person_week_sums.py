"""The stored sums per person and week always equal what the shifts say, whatever changed them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.clock import FrozenClock
from wellbeing.demo import generate_demo
from wellbeing.services import Organisation, Wellbeing, purge_expired
from wellbeing.store.database import Database
from wellbeing.store.migrate import downgrade, upgrade
from wellbeing.store.models import PersonMonthSumRow, PersonRow, PersonWeekSumRow
from wellbeing.store.person_week_sums import SUMS, TABLES, key_columns, sums_query


def shift(day: str, start: str = "08:00", end: str = "16:30", stress: int = 5) -> dict[str, Any]:
    pause = int(start[:2]) + 4  # a half-hour break four hours in
    return {
        "start": f"{day}T{start}",
        "end": f"{day}T{end}",
        "breaks": [{"start": f"{day}T{pause:02d}:00", "end": f"{day}T{pause:02d}:30"}],
        "stress": stress,
        "energy": 10 - stress,
        "contacts": 40,
        "difficult": 3,
    }


def stored(database: Database, table: Any = PersonWeekSumRow) -> list[tuple[Any, ...]]:
    columns = [*key_columns(table), *SUMS, "team_id"]
    with database.reading() as session:
        rows = session.execute(select(*(getattr(table, name) for name in columns))).all()
        return sorted(tuple(row) for row in rows)


def recomputed(database: Database, table: Any = PersonWeekSumRow) -> list[tuple[Any, ...]]:
    with database.reading() as session:
        dialect = session.get_bind().dialect.name
        return sorted(tuple(row) for row in session.execute(sums_query(dialect, table=table)))


def assert_in_step(database: Database) -> None:
    for table in TABLES:
        assert stored(database, table) == recomputed(database, table), table.__tablename__


def person_id(database: Database, account: str) -> int:
    with database.reading() as session:
        found = session.scalar(select(PersonRow.id).where(PersonRow.os_account == account))
        assert found is not None
        return found


def test_a_check_in_adds_its_shift_to_the_sums_of_its_week(service: Wellbeing) -> None:
    service.record_checkin(shift("2026-11-23", stress=6))
    service.record_checkin(shift("2026-11-24", stress=3))
    [row] = stored(service.db)
    week, _, shifts, checkins, stress, energy, due, taken, quick, minutes, team = row
    assert (week, shifts, checkins, stress, energy) == ("2026-W48", 2, 2, 9, 11)
    assert (due, taken, quick, minutes) == (2, 2, 0, 2 * 480)
    assert team is None  # the agent belongs to no team
    assert_in_step(service.db)


def test_a_week_across_two_months_has_one_week_row_and_a_month_row_for_each_part(
    service: Wellbeing,
) -> None:
    service.record_checkin(shift("2026-09-30"))
    service.record_checkin(shift("2026-10-01"))
    assert [(row[0], row[2]) for row in stored(service.db)] == [("2026-W40", 2)]
    assert [(row[0], row[2], row[3]) for row in stored(service.db, PersonMonthSumRow)] == [
        ("2026-09", "2026-W40", 1),
        ("2026-10", "2026-W40", 1),
    ]


def test_a_late_shift_updates_the_quick_return_of_the_next_week(service: Wellbeing) -> None:
    service.record_checkin(shift("2026-11-23", "06:00", "14:00"))  # Monday, week 48
    # Entered afterwards: Sunday evening of week 47, ending 9 h before Monday's start.
    service.record_checkin(shift("2026-11-22", "13:00", "21:00"))
    assert_in_step(service.db)
    monday = [row for row in stored(service.db) if row[0] == "2026-W48"]
    assert monday[0][8] == 1  # a quick return now


def test_a_correction_moving_a_shift_to_another_week_moves_its_sums(service: Wellbeing) -> None:
    first = service.record_checkin(shift("2026-11-16"))
    service.record_checkin(shift("2026-11-23"))
    service.update_checkin(first.id, shift("2026-11-25", stress=9))
    assert_in_step(service.db)
    assert [row[0] for row in stored(service.db)] == ["2026-W48"]


def test_deleting_a_check_in_takes_it_out_of_the_sums(service: Wellbeing) -> None:
    kept = service.record_checkin(shift("2026-11-16", "06:00", "14:00"))
    gone = service.record_checkin(shift("2026-11-15", "13:00", "21:00"))
    service.delete_checkin(gone.id)
    assert_in_step(service.db)
    assert [row[0] for row in stored(service.db)] == ["2026-W47"]
    service.delete_checkin(kept.id)
    assert stored(service.db) == []


def test_erasing_a_person_removes_their_sums_and_keeps_everyone_elses(
    database: Database, clock: FrozenClock
) -> None:
    Wellbeing(database, "leaving", clock).record_checkin(shift("2026-11-23"))
    Wellbeing(database, "staying", clock).record_checkin(shift("2026-11-23"))
    staying = person_id(database, "staying")
    Wellbeing(database, "leaving", clock).erase()
    assert [row[1] for row in stored(database)] == [staying]


def test_a_retention_purge_keeps_the_week_that_holds_the_cutoff_whole(
    database: Database, clock: FrozenClock
) -> None:
    agent = Wellbeing(database, "agent", clock)
    for day in ("2026-03-02", "2026-03-30", "2026-04-01", "2026-11-23"):
        agent.record_checkin(shift(day))
    # Eight months back from December 2026 is 1 April 2026, inside week 14 (30 March -
    # 5 April): the weeks before it go, week 14 stays whole.
    purge_expired(
        database, 8, clock=FrozenClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC)), account="agent"
    )
    assert_in_step(database)
    assert [(row[0], row[2]) for row in stored(database, PersonMonthSumRow)] == [
        ("2026-03", "2026-W14"),
        ("2026-04", "2026-W14"),
        ("2026-11", "2026-W48"),
    ]


def test_a_generated_organisation_has_the_sums_of_its_shifts(database: Database) -> None:
    generate_demo(database, agents=25, days=40, seed=3, teams=3, end=date(2026, 11, 22), workers=0)
    assert_in_step(database)
    assert len(stored(database)) > 25 * 5


def test_upgrading_a_database_with_shifts_fills_the_sums(database: Database) -> None:
    clock = FrozenClock(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    admin = Organisation(database, "admin", clock)
    admin.bootstrap()
    admin.create_team("Alpha")
    admin.add_person("agent", "Alpha")
    for day in ("2026-11-02", "2026-11-03", "2026-11-10"):
        Wellbeing(database, "agent", clock).record_checkin(shift(day))
    expected = [stored(database, table) for table in TABLES]
    downgrade(database.engine, "0004")  # the shifts stay; the sums go
    upgrade(database.engine)
    assert [stored(database, table) for table in TABLES] == expected
    assert [row[0] for row in expected[0]] == ["2026-W45", "2026-W46"]


@pytest.mark.parametrize("table", TABLES)
def test_the_sums_never_hold_a_note_or_a_time_of_day(service: Wellbeing, table: Any) -> None:
    service.record_checkin({**shift("2026-11-23"), "note": "private words"})
    assert {column.name for column in table.__table__.columns} <= {
        "iso_week",
        "person_id",
        "month",
        "team_id",
        *SUMS,
    }
    assert "private words" not in repr(stored(service.db, table))
