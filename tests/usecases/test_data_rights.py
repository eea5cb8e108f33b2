"""Each person can take all their data with them, erase it, and old rows expire."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from wellbeing.demo import generate_demo
from wellbeing.domain.rules import load_rules
from wellbeing.reevaluation import reevaluate_history
from wellbeing.services import Wellbeing, purge_expired
from wellbeing.store.database import Database, sqlite_path
from wellbeing.store.models import (
    BreakRow,
    CheckinRow,
    FlagRow,
    PersonRow,
    ShiftRow,
    SurveyResponseRow,
    TeamLeaderRow,
    WeeklyLevelRow,
)

SENTINEL = "sentinel-note-7f3a9c"


def shift(day: int, note: str | None = None) -> dict[str, object]:
    return {
        "start": f"2026-11-{day:02d}T08:00",
        "end": f"2026-11-{day:02d}T16:30",
        "breaks": [{"start": f"2026-11-{day:02d}T12:00", "end": f"2026-11-{day:02d}T12:30"}],
        "stress": 5,
        "energy": 5,
        "note": note,
    }


def rows_about(database: Database, person_id: int) -> int:
    with database.reading() as session:
        own_shifts = select(ShiftRow.id).where(ShiftRow.person_id == person_id)
        counts = [
            select(func.count()).where(PersonRow.id == person_id),
            select(func.count()).where(ShiftRow.person_id == person_id),
            select(func.count()).where(BreakRow.shift_id.in_(own_shifts)),
            select(func.count()).where(CheckinRow.person_id == person_id),
            select(func.count()).where(SurveyResponseRow.person_id == person_id),
            select(func.count()).where(FlagRow.person_id == person_id),
            select(func.count()).where(WeeklyLevelRow.person_id == person_id),
            select(func.count()).where(TeamLeaderRow.person_id == person_id),
        ]
        return sum(session.scalar(query) or 0 for query in counts)


def test_export_holds_every_shift_break_and_checkin_with_a_manifest(
    service: Wellbeing,
) -> None:
    for day in (2, 3, 4):
        service.record_checkin(shift(day, note=f"day {day}"))
    export = service.export()
    assert export["manifest"]["tables"]["shifts"] == 3
    assert export["manifest"]["tables"]["breaks"] == 3
    assert [row["note"] for row in export["data"]["checkins"]] == ["day 2", "day 3", "day 4"]
    assert json.loads(json.dumps(export)) == export


def test_export_never_contains_another_persons_rows(database: Database, clock: FrozenClock) -> None:
    Wellbeing(database, "other", clock).record_checkin(shift(2, note=SENTINEL))
    mine = Wellbeing(database, "agent", clock)
    mine.record_checkin(shift(3))
    assert SENTINEL not in json.dumps(mine.export())


def test_erase_removes_every_row_about_the_person_and_keeps_others(
    database: Database, clock: FrozenClock
) -> None:
    leaving = Wellbeing(database, "leaving", clock)
    staying = Wellbeing(database, "staying", clock)
    for day in (2, 3):
        leaving.record_checkin(shift(day, note=SENTINEL))
        staying.record_checkin(shift(day))
    person_id = leaving.me().id
    assert leaving.erase() > 0
    assert rows_about(database, person_id) == 0
    assert len(staying.history()) == 2


@pytest.mark.skipif(BACKEND != "sqlite", reason="the bytes of a file exist only on SQLite")
def test_an_erased_persons_note_and_account_are_gone_from_the_file_bytes(
    database: Database, clock: FrozenClock, db_url: str
) -> None:
    leaving = Wellbeing(database, "leaving-7f3a9c", clock)
    for day in (2, 3, 4):
        leaving.record_checkin(shift(day, note=SENTINEL))
    Wellbeing(database, "staying", clock).record_checkin(shift(2))
    pseudonym = leaving.me().pseudonym
    leaving.erase()
    path = sqlite_path(db_url)
    assert path is not None
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    content = b"".join(p.read_bytes() for p in files)
    assert SENTINEL.encode() not in content
    assert b"leaving-7f3a9c" not in content
    assert pseudonym.encode() not in content


def test_purge_removes_rows_older_than_the_retention_period(
    database: Database, clock: FrozenClock
) -> None:
    me = Wellbeing(database, "agent", clock)
    me.record_checkin(shift(2))
    clock.set(datetime(2027, 12, 15, 12, 0, tzinfo=UTC))
    me.record_checkin(
        {"start": "2027-12-14T08:00", "end": "2027-12-14T16:00", "stress": 3, "energy": 6}
    )
    removed = purge_expired(database, months=12, clock=clock, account="agent")
    # the November 2026 shift, its break, its check-in, the finding kept about it (no 5-minute
    # break in its first 2 hours), its flag (closed when the finding left the rule's window)
    # and that week's overall level
    assert removed == 6
    assert [c.shift.start.year for c in me.history()] == [2027]
    with database.reading() as session:
        weeks = session.scalars(select(WeeklyLevelRow.iso_week)).all()
    assert weeks == ["2027-W50"]


def test_the_export_of_a_demo_agent_holds_every_row_they_have(
    database: Database, clock: FrozenClock
) -> None:
    generate_demo(database, agents=12, days=60, seed=7, end=date(2026, 11, 20), workers=0)
    reevaluate_history(database, load_rules(), workers=0)
    agent = Wellbeing(database, "demo-0003", clock)
    agent.take_survey("who5", [2, 2, 2, 2, 2])
    export = agent.export()
    person_id = agent.me().id
    with database.reading() as session:
        own_shifts = select(ShiftRow.id).where(ShiftRow.person_id == person_id)
        expected = {
            "shifts": select(func.count()).where(ShiftRow.person_id == person_id),
            "breaks": select(func.count()).where(BreakRow.shift_id.in_(own_shifts)),
            "checkins": select(func.count()).where(CheckinRow.person_id == person_id),
            "survey_responses": select(func.count()).where(
                SurveyResponseRow.person_id == person_id
            ),
            "flags": select(func.count()).where(FlagRow.person_id == person_id),
            "weekly_levels": select(func.count()).where(WeeklyLevelRow.person_id == person_id),
        }
        counts = {table: session.scalar(query) for table, query in expected.items()}
    assert all(counts[table] > 0 for table in ("shifts", "breaks", "checkins", "flags"))
    assert {table: len(export["data"][table]) for table in counts} == counts
    assert export["manifest"]["tables"]["survey_responses"] == 1
    assert json.loads(json.dumps(export)) == export
