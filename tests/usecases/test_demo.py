"""Demo data: valid shifts a person could have entered, deterministic, correct across DST."""

from __future__ import annotations

import itertools
import json
import statistics
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.cli import run_plain
from wellbeing.demo import SHIFT_STARTS, generate_demo, shift_moments
from wellbeing.domain.checkin import Checkin, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import to_local
from wellbeing.domain.shift_facts import shift_facts
from wellbeing.services import open_database
from wellbeing.store import repository
from wellbeing.store.database import Database
from wellbeing.store.models import (
    BreakRow,
    CheckinRow,
    PersonRow,
    ShiftRow,
    TeamLeaderRow,
    TeamRow,
)

AUTUMN_CHANGE = date(2026, 10, 25)


def demo_checkins(db: Database) -> Iterator[tuple[str, list[Checkin]]]:
    """Each demo agent's check-ins, oldest first."""
    with db.reading() as session:
        people = session.execute(
            select(PersonRow.id, PersonRow.os_account)
            .where(PersonRow.os_account.like("demo-%"))
            .order_by(PersonRow.id)
        ).all()
        for person_id, account in people:
            yield account, repository.list_checkins(session, person_id, newest_first=False)


def as_input(checkin: Checkin) -> dict[str, object]:
    shift = checkin.shift
    return {
        "start": shift.start,
        "end": shift.end,
        "breaks": [{"start": b.start, "end": b.end, "kind": b.kind} for b in shift.breaks],
        "stress": checkin.stress,
        "energy": checkin.energy,
        "support": checkin.support,
        "contacts": shift.contacts,
        "difficult": shift.difficult,
        "channels": dict(checkin.channels),
        "occupancy": shift.occupancy,
        "note": checkin.note,
    }


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every demo row, column by column, comparable across databases and backends."""
    models = (TeamRow, PersonRow, TeamLeaderRow, ShiftRow, BreakRow, CheckinRow)
    with db.reading() as session:
        result = {}
        for model in models:
            columns = list(model.__table__.columns)
            rows = session.scalars(select(model).order_by(*model.__table__.primary_key.columns))
            result[model.__tablename__] = [
                tuple(getattr(row, column.key) for column in columns) for row in rows
            ]
        return result


def sqlite_database(path: Path) -> Database:
    return open_database(str(path))


def test_demo_command_writes_shifts_that_pass_checkin_validation(db_url: str) -> None:
    result = run_plain("--db", db_url, "demo", "--agents=50", "--days=90", "--seed=7", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    db = open_database(db_url)
    try:
        seen = 0
        for account, checkins in demo_checkins(db):
            for checkin in checkins:
                validate_checkin(as_input(checkin))
            for earlier, later in itertools.pairwise(checkins):
                assert later.shift.start >= earlier.shift.end, account
            seen += len(checkins)
        assert seen == summary["shifts"] > 50 * 90 * 0.5
    finally:
        db.dispose()


def test_demo_stores_the_shift_facts_the_app_would_derive(database: Database) -> None:
    generate_demo(database, agents=15, days=60, seed=5, end=date(2026, 11, 1))
    with database.reading() as session:
        shifts = session.scalars(select(ShiftRow).order_by(ShiftRow.person_id, ShiftRow.start_at))
        for person_id, group in itertools.groupby(shifts, key=lambda row: row.person_id):
            previous_end = None
            for row in group:
                shift = repository.shift_from_row(row)
                expected = shift_facts(shift.start, shift.end, shift.breaks, previous_end)
                stored = (
                    row.local_date,
                    row.iso_week,
                    row.worked_minutes,
                    row.break_minutes,
                    row.legal_break_ok,
                    row.rest_before_minutes,
                )
                assert stored == (
                    expected.local_date,
                    expected.iso_week,
                    expected.worked_minutes,
                    expected.break_minutes,
                    expected.legal_break_ok,
                    expected.rest_before_minutes,
                ), (person_id, row.start_at)
                previous_end = row.end_at


def test_demo_is_deterministic_for_a_seed(database: Database, tmp_path: Path) -> None:
    again = sqlite_database(tmp_path / "again.db")
    other = sqlite_database(tmp_path / "other.db")
    try:
        for db, seed in ((database, 11), (again, 11), (other, 12)):
            generate_demo(db, agents=20, days=30, seed=seed, end=date(2026, 6, 30))
        first = dump(database)
        assert first == dump(again)
        assert first["shifts"] != dump(other)["shifts"]
    finally:
        again.dispose()
        other.dispose()


def test_demo_made_in_worker_processes_equals_demo_made_in_process(
    database: Database, tmp_path: Path
) -> None:
    alone = sqlite_database(tmp_path / "alone.db")
    try:
        generate_demo(database, agents=30, days=40, seed=4, end=date(2026, 4, 10), workers=2)
        generate_demo(alone, agents=30, days=40, seed=4, end=date(2026, 4, 10), workers=0)
        assert dump(database) == dump(alone)
    finally:
        alone.dispose()


def test_demo_keeps_planned_local_start_times_across_the_autumn_clock_change(
    database: Database,
) -> None:
    generate_demo(database, agents=40, days=28, seed=3, end=AUTUMN_CHANGE + timedelta(days=13))
    planned = {minute for starts in SHIFT_STARTS.values() for minute in starts}
    days_seen = set()
    for _, checkins in demo_checkins(database):
        for checkin in checkins:
            local = to_local(checkin.shift.start)
            assert local.hour * 60 + local.minute in planned, local
            days_seen.add(local.date())
    assert min(days_seen) < AUTUMN_CHANGE < max(days_seen)


def test_a_night_shift_lasts_as_long_as_the_clock_says_on_change_nights() -> None:
    night, planned = 22 * 60, 8 * 60 + 30
    start, end = shift_moments(date(2026, 10, 24), night, planned)
    assert end - start == timedelta(hours=9, minutes=30)
    start, end = shift_moments(date(2026, 3, 28), night, planned)
    assert end - start == timedelta(hours=7, minutes=30)
    start, end = shift_moments(date(2026, 11, 24), night, planned)
    assert end - start == timedelta(hours=8, minutes=30)


def test_demo_teams_vary_in_size_and_some_are_too_small_to_show(database: Database) -> None:
    summary = generate_demo(database, agents=2000, days=1, seed=2, end=date(2026, 11, 2))
    with database.reading() as session:
        sizes = session.scalars(
            select(func.count())
            .select_from(PersonRow)
            .where(
                PersonRow.os_account.like("demo-%"),
                PersonRow.os_account.notlike("demo-lead-%"),
                PersonRow.os_account != "demo-admin",
            )
            .group_by(PersonRow.team_id)
        ).all()
    assert summary.teams == len(sizes) == round(2000 / 13)
    assert sum(sizes) == 2000
    assert min(sizes) < 5
    assert max(sizes) >= 2 * statistics.median(sizes)


def test_stress_drifts_upward_for_a_minority_of_agents(database: Database) -> None:
    generate_demo(database, agents=60, days=150, seed=9, end=date(2026, 9, 30))
    rising = total = 0
    for _, checkins in demo_checkins(database):
        if len(checkins) < 40:
            continue
        total += 1
        early = statistics.mean(c.stress for c in checkins[:20])
        late = statistics.mean(c.stress for c in checkins[-20:])
        rising += late - early >= 1.5
    assert 0.05 <= rising / total <= 0.30


def test_demo_refuses_a_database_that_already_has_demo_data(database: Database) -> None:
    generate_demo(database, agents=3, days=2, seed=1, end=date(2026, 11, 2))
    with pytest.raises(InputError) as refused:
        generate_demo(database, agents=3, days=2, seed=1, end=date(2026, 11, 2))
    assert refused.value.field == "demo"


def test_demo_command_refuses_bad_sizes_before_creating_a_database(tmp_path: Path) -> None:
    target = tmp_path / "never.db"
    result = run_plain("--db", str(target), "demo", "--agents=0")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: agents: must be a whole number from 1 to 100000"]
    assert not target.exists()
