"""The per-person weekly rows that team trends are built from, read in one aggregate query.

The query groups by the `iso_week` stored with every shift, so it needs no time-zone
arithmetic in SQL and gives the same rows on SQLite and PostgreSQL. It starts from the index
`ix_shifts_week_person` (iso_week, person_id) and reaches each shift's check-in, person and
weekly level through their unique keys, so a 12-week request reads only those weeks' rows,
however many years the database holds. Each person counts in the team they belong to now
(`people.team_id`), so in any week a person counts in exactly one team; people without a
team are left out.

The rows carry a person key only so that the domain can count distinct people; they never
leave `wellbeing.domain.team_trends`, and no note, time of day or shift id is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, case, func, select, text, true
from sqlalchemy.orm import Session

from wellbeing.domain.team_trends import PersonSegment
from wellbeing.store.models import CheckinRow, PersonRow, ShiftRow, WeeklyLevelRow

QUICK_RETURN_MINUTES = 11 * 60  # daily rest shorter than 11 h (art. 38ter Arbeidswet)
ORANGE_OR_RED = ("orange", "red")


def _one_when(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where `condition` holds, else 0: a portable way to count rows inside a group."""
    return case((condition, 1), else_=0)


def _checkin_of_shift(dialect: str) -> tuple[FromClause, ColumnElement[bool]]:
    """How each shift reaches its check-in, and the join condition.

    SQLite probes the unique index on `checkins.shift_id` for a plain join. PostgreSQL's
    planner would rather hash the whole check-ins table once the weeks asked for hold a few
    percent of it, so there the check-in is a LATERAL subquery: LIMIT 1 (a shift has at most
    one check-in) keeps it from being flattened back into that join.
    """
    if dialect == "postgresql":
        one = (
            select(CheckinRow.stress, CheckinRow.energy)
            .where(CheckinRow.shift_id == ShiftRow.id)
            .limit(1)
            .lateral("shift_checkin")
        )
        return one, true()
    table = CheckinRow.__table__
    return table, table.c.shift_id == ShiftRow.id


def _figures(stress: ColumnElement[int], energy: ColumnElement[int]) -> list[Any]:
    """The aggregate columns of one person in one segment, given their check-in scores."""
    return [
        # One person row per group, so max() is simply their team.
        func.max(PersonRow.team_id).label("team_id"),
        func.avg(stress).label("mean_stress"),
        func.avg(energy).label("mean_energy"),
        func.count(ShiftRow.id).label("shifts"),
        func.count(ShiftRow.legal_break_ok).label("break_due"),
        func.sum(_one_when(ShiftRow.legal_break_ok.is_(True))).label("break_taken"),
        func.sum(_one_when(ShiftRow.rest_before_minutes < QUICK_RETURN_MINUTES)).label(
            "quick_returns"
        ),
        func.sum(ShiftRow.worked_minutes).label("worked_minutes"),
        func.max(_one_when(WeeklyLevelRow.level.in_(ORANGE_OR_RED))).label("orange_or_red"),
    ]


def person_week_query(weeks: Sequence[str], dialect: str) -> Select[Any]:
    """The aggregate statement behind `person_weeks`, exposed so tests can read its plan."""
    checkin, joined = _checkin_of_shift(dialect)
    stress, energy = checkin.c.stress, checkin.c.energy
    return (
        select(
            ShiftRow.iso_week,
            ShiftRow.person_id,
            # One person row per group, so max() is simply their team; grouping by the
            # index's own columns lets SQLite aggregate in index order, without a sort.
            *_figures(stress, energy),
        )
        .join(PersonRow, PersonRow.id == ShiftRow.person_id)
        .outerjoin(checkin, joined)
        .outerjoin(
            WeeklyLevelRow,
            and_(
                WeeklyLevelRow.person_id == ShiftRow.person_id,
                WeeklyLevelRow.iso_week == ShiftRow.iso_week,
            ),
        )
        .where(ShiftRow.iso_week.in_(list(weeks)), PersonRow.team_id.is_not(None))
        .group_by(ShiftRow.iso_week, ShiftRow.person_id)
        .having(func.count(stress) > 0)  # contributors: people who checked in that week
        # A fixed order makes the means across people add up the same way on every run.
        .order_by(ShiftRow.iso_week, ShiftRow.person_id)
    )


def person_weeks(session: Session, weeks: Sequence[str]) -> list[PersonSegment]:
    """One row per person and ISO week in `weeks` for everyone in a team who checked in.

    Means are over the person's check-ins; counts are over all their shifts that week, so a
    shift logged without a check-in still counts towards breaks, rest and hours.
    """
    if not weeks:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # One index probe per shift looks expensive to the planner, which then JIT-compiles
        # the plan: on a year of data for 1,500 people compiling took 1.7 s, running 0.4 s.
        session.execute(text("SET LOCAL jit = off"))
    return [
        _person_segment(row, row[0])
        for row in session.connection().execute(person_week_query(weeks, dialect))
    ]


def _person_segment(row: Any, segment: str) -> PersonSegment:
    """A row of `person_week_query` or `person_month_query` as the domain reads it."""
    # By position: a report reads tens of thousands of rows, and names cost a lookup each.
    _, person, team, stress, energy, shifts, due, taken, quick, minutes, orange = row
    return PersonSegment(
        person_key=str(person),
        team_id=team,
        segment=segment,
        mean_stress=float(stress),
        mean_energy=float(energy),
        shifts=int(shifts),
        shifts_break_due=int(due),
        shifts_with_legal_break=int(taken or 0),
        shifts_after_quick_return=int(quick or 0),
        hours_worked=int(minutes or 0) / 60,
        overall_level_orange_or_red=bool(orange),
    )


def teams_with_members(session: Session) -> list[int]:
    """Ids of every team that has at least one member: the leaves of the suppression tree.

    A team nobody belongs to is left out, since an always-empty group would only make the
    policy hide figures of other teams without protecting anyone.
    """
    return list(
        session.scalars(
            select(PersonRow.team_id)
            .distinct()
            .where(PersonRow.team_id.is_not(None))
            .order_by(PersonRow.team_id)
        )
    )


# --- calendar months, for the organisation totals an admin reads ---------------------------


def _month_of(dialect: str) -> ColumnElement[str]:
    """The calendar month ("2026-11") of each shift's stored Brussels date."""
    if dialect == "postgresql":
        return func.to_char(ShiftRow.local_date, "YYYY-MM")
    # SQLite keeps a date as ISO text, so its first seven characters are the month.
    return func.substr(ShiftRow.local_date, 1, 7)


def person_month_query(first_day: date, last_day: date, dialect: str) -> Select[Any]:
    """One row per person and calendar month from `first_day` to `last_day`, with the same
    figures as `person_week_query`; the orange-or-red level is that of any ISO week in which
    the person had a shift in that month.

    Every shift of the period is read, so this is a scan in person order rather than an index
    search: the check-in and weekly level of each shift are still found through unique keys.
    """
    checkins = CheckinRow.__table__
    month = _month_of(dialect).label("month")
    return (
        select(
            month,
            ShiftRow.person_id,
            *_figures(checkins.c.stress, checkins.c.energy),
        )
        .join(PersonRow, PersonRow.id == ShiftRow.person_id)
        .outerjoin(checkins, checkins.c.shift_id == ShiftRow.id)
        .outerjoin(
            WeeklyLevelRow,
            and_(
                WeeklyLevelRow.person_id == ShiftRow.person_id,
                WeeklyLevelRow.iso_week == ShiftRow.iso_week,
            ),
        )
        .where(
            ShiftRow.local_date >= first_day,
            ShiftRow.local_date <= last_day,
            PersonRow.team_id.is_not(None),
        )
        .group_by(ShiftRow.person_id, month)
        .having(func.count(checkins.c.stress) > 0)
        .order_by(month, ShiftRow.person_id)
    )


def person_months(session: Session, first_day: date, last_day: date) -> list[PersonSegment]:
    """Like `person_weeks`, per calendar month, for the months from `first_day` to `last_day`
    (whole months: the caller passes the first day of one and the last day of another)."""
    dialect = session.get_bind().dialect.name
    return [
        _person_segment(row, row[0])
        for row in session.connection().execute(person_month_query(first_day, last_day, dialect))
    ]


def can_read_raw_rows(session: Session) -> bool:
    """Whether this login may read check-ins at all (a teamleader's PostgreSQL login may not)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT has_table_privilege('checkins', 'SELECT')")))
