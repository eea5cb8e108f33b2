"""A person's data rights: everything about them for export, erasure, and retention purges."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from wellbeing.store import person_week_sums
from wellbeing.store.models import (
    Base,
    BreakRow,
    CheckinRow,
    FlagRow,
    PersonMonthSumRow,
    PersonRow,
    PersonWeekSumRow,
    ShiftRow,
    SurveyResponseRow,
    TeamLeaderRow,
    TeamMembershipRow,
    WeeklyLevelRow,
)

# What an export holds, table by table; each query selects only the person's own rows.
EXPORT_TABLES = (
    "people",
    "shifts",
    "breaks",
    "checkins",
    "survey_responses",
    "flags",
    "weekly_levels",
    "person_week_sums",
    "person_month_sums",
    "team_memberships",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(session: Session, model: type[Base], where: Any) -> list[dict[str, Any]]:
    columns = model.__table__.columns
    result = session.execute(select(*columns).where(where).order_by(*model.__table__.primary_key))
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in result]


def export_person(session: Session, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about one person, as plain values, table by table."""
    own_shifts = select(ShiftRow.id).where(ShiftRow.person_id == person_id)
    return {
        "people": _rows(session, PersonRow, PersonRow.id == person_id),
        "shifts": _rows(session, ShiftRow, ShiftRow.person_id == person_id),
        "breaks": _rows(session, BreakRow, BreakRow.shift_id.in_(own_shifts)),
        "checkins": _rows(session, CheckinRow, CheckinRow.person_id == person_id),
        "survey_responses": _rows(
            session, SurveyResponseRow, SurveyResponseRow.person_id == person_id
        ),
        "flags": _rows(session, FlagRow, FlagRow.person_id == person_id),
        "weekly_levels": _rows(session, WeeklyLevelRow, WeeklyLevelRow.person_id == person_id),
        "person_week_sums": _rows(
            session, PersonWeekSumRow, PersonWeekSumRow.person_id == person_id
        ),
        "person_month_sums": _rows(
            session, PersonMonthSumRow, PersonMonthSumRow.person_id == person_id
        ),
        "team_memberships": _rows(
            session, TeamMembershipRow, TeamMembershipRow.person_id == person_id
        ),
    }


def erase_person(session: Session, person_id: int) -> int:
    """Delete every row about a person, children first; returns how many rows went."""
    own_shifts = select(ShiftRow.id).where(ShiftRow.person_id == person_id)
    statements = (
        delete(BreakRow).where(BreakRow.shift_id.in_(own_shifts)),
        delete(CheckinRow).where(CheckinRow.person_id == person_id),
        delete(ShiftRow).where(ShiftRow.person_id == person_id),
        delete(SurveyResponseRow).where(SurveyResponseRow.person_id == person_id),
        delete(FlagRow).where(FlagRow.person_id == person_id),
        delete(WeeklyLevelRow).where(WeeklyLevelRow.person_id == person_id),
        delete(TeamLeaderRow).where(TeamLeaderRow.person_id == person_id),
        delete(TeamMembershipRow).where(TeamMembershipRow.person_id == person_id),
    )
    erased = sum(session.execute(statement).rowcount or 0 for statement in statements)
    # Sums derived from the shifts above: gone with them, not counted a second time.
    person_week_sums.forget_person(session, person_id)
    return erased + (
        session.execute(delete(PersonRow).where(PersonRow.id == person_id)).rowcount or 0
    )


def purge_before(
    session: Session, cutoff: datetime, cutoff_week: str, person_id: int | None = None
) -> int:
    """Delete raw rows of the ISO weeks before `cutoff_week` (whole weeks, so no week is left
    in part), and questionnaires and closed flags from before `cutoff`, the Monday that week
    starts; everyone's rows, or one person's (`person_id`). Returns the count.

    Whole weeks leave no part-week whose figures would differ from those first shown; the
    published cells themselves are never touched.
    """
    mine: list[Any] = []
    if person_id is not None:
        mine = [ShiftRow.person_id == person_id]
    old_shifts = select(ShiftRow.id).where(ShiftRow.iso_week < cutoff_week, *mine)

    def own(model: Any) -> list[Any]:
        return [] if person_id is None else [model.person_id == person_id]

    statements = (
        delete(BreakRow).where(BreakRow.shift_id.in_(old_shifts)),
        delete(CheckinRow).where(CheckinRow.shift_id.in_(old_shifts)),
        delete(ShiftRow).where(ShiftRow.iso_week < cutoff_week, *mine),
        delete(SurveyResponseRow).where(
            SurveyResponseRow.taken_at < cutoff, *own(SurveyResponseRow)
        ),
        delete(FlagRow).where(
            FlagRow.resolved_at.is_not(None), FlagRow.resolved_at < cutoff, *own(FlagRow)
        ),
        delete(WeeklyLevelRow).where(WeeklyLevelRow.iso_week < cutoff_week, *own(WeeklyLevelRow)),
    )
    purged = sum(session.execute(statement).rowcount or 0 for statement in statements)
    # Sums of the weeks that went: derived rows, gone with them and not counted. Monthly
    # rows are found by their key's month first (no week before the cutoff ends later).
    session.execute(
        delete(PersonWeekSumRow).where(
            PersonWeekSumRow.iso_week < cutoff_week, *own(PersonWeekSumRow)
        )
    )
    session.execute(
        delete(PersonMonthSumRow).where(
            PersonMonthSumRow.month <= f"{cutoff:%Y-%m}",
            PersonMonthSumRow.iso_week < cutoff_week,
            *own(PersonMonthSumRow),
        )
    )
    return purged


def scrub_sqlite_file(engine: Engine) -> None:
    """Make deleted rows unrecoverable from the file: checkpoint the WAL and truncate it.

    `secure_delete` (set on every connection) already overwrites freed content in the pages
    it frees; the checkpoint, outside any transaction, moves those pages into the main file
    and empties the log, and VACUUM rewrites the file without the free pages.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
