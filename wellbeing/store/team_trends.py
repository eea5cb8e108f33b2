"""The team sums that team trends and organisation totals are built from, in one query each.

They are read from the sums kept per person and ISO week (`person_week_sums`) or per person
and month (`person_month_sums`), never from the shifts themselves: twelve weeks of an
organisation are a few contiguous pages of the first. Each person is first reduced to their
own figures for the segment -- their mean stress and energy over their check-ins, in
millionths and rounded half up as `person_mean_units` does -- then people are added up per
team, so only one row per team and segment leaves the database. Each person's week counts in
the team they belonged to that week (the sums' `team_id`, from `team_memberships`), so a
later move leaves past weeks where they were; in a month a person counts in one team (the
highest team id among their weeks, should they have moved within it). People without a team
are left out. Nobody's key, note, time or own figures is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, select, text
from sqlalchemy.orm import Session

from wellbeing.domain.team_trends import MEAN_SCALE, MINUTE_SCALE, SegmentTotals
from wellbeing.store.models import PersonMonthSumRow, PersonRow, PersonWeekSumRow, WeeklyLevelRow

ORANGE_OR_RED = ("orange", "red")


def _mean_units(
    total: SQLColumnExpression[int], count: SQLColumnExpression[int]
) -> ColumnElement[int]:
    """`person_mean_units` in SQL: integer division truncates alike on SQLite and PostgreSQL,
    and every operand is a non-negative integer."""
    return (2 * MEAN_SCALE * total + count) // (2 * count)


def _orange() -> ColumnElement[int]:
    return case((WeeklyLevelRow.level.in_(ORANGE_OR_RED), 1), else_=0)


def _level_of(sums: Any) -> ColumnElement[bool]:
    return and_(
        WeeklyLevelRow.person_id == sums.person_id, WeeklyLevelRow.iso_week == sums.iso_week
    )


def _per_team(person: Any) -> Select[Any]:
    """Sums per segment and team of rows that each hold one person's figures."""
    return (
        select(
            person.c.segment,
            person.c.team_id,
            func.count(),
            func.sum(person.c.stress),
            func.sum(person.c.energy),
            func.sum(person.c.shifts),
            func.sum(person.c.due),
            func.sum(person.c.taken),
            func.sum(person.c.quick),
            func.sum(person.c.minutes),
            func.sum(person.c.orange),
            func.sum(case((person.c.due > 0, 1), else_=0)),  # people with a break due
        )
        .group_by(person.c.segment, person.c.team_id)
        .order_by(person.c.segment, person.c.team_id)
    )


def week_totals_query(weeks: Sequence[str]) -> Select[Any]:
    """The statement behind `week_totals`, exposed so tests can read its plan.

    A row of `person_week_sums` already is one person's week, so each row gives that
    person's figures and the only grouping is by team.
    """
    sums = PersonWeekSumRow
    person = (
        select(
            sums.iso_week.label("segment"),
            sums.team_id.label("team_id"),
            _mean_units(sums.stress_sum, sums.checkins).label("stress"),
            _mean_units(sums.energy_sum, sums.checkins).label("energy"),
            sums.shifts.label("shifts"),
            sums.break_due.label("due"),
            sums.break_taken.label("taken"),
            sums.quick_returns.label("quick"),
            sums.worked_minutes.label("minutes"),
            _orange().label("orange"),
        )
        .outerjoin(WeeklyLevelRow, _level_of(sums))
        .where(
            sums.iso_week.in_(list(weeks)),
            sums.checkins > 0,  # contributors: people who checked in during the week
            sums.team_id.is_not(None),
        )
        .subquery("person")
    )
    return _per_team(person)


def month_totals_query(first_month: str, last_month: str) -> Select[Any]:
    """The statement behind `month_totals`, exposed so tests can read its plan.

    A person has a row per ISO week that touches the month, so they are added up first.
    """
    sums = PersonMonthSumRow
    checkins = func.sum(sums.checkins)
    person = (
        select(
            sums.month.label("segment"),
            func.max(sums.team_id).label("team_id"),  # one team per person and month
            _mean_units(func.sum(sums.stress_sum), checkins).label("stress"),
            _mean_units(func.sum(sums.energy_sum), checkins).label("energy"),
            func.sum(sums.shifts).label("shifts"),
            func.sum(sums.break_due).label("due"),
            func.sum(sums.break_taken).label("taken"),
            func.sum(sums.quick_returns).label("quick"),
            func.sum(sums.worked_minutes).label("minutes"),
            func.max(_orange()).label("orange"),
        )
        .outerjoin(WeeklyLevelRow, _level_of(sums))
        .where(sums.month >= first_month, sums.month <= last_month, sums.team_id.is_not(None))
        .group_by(sums.month, sums.person_id)
        .having(checkins > 0)  # contributors: people who checked in during the month
        .subquery("person")
    )
    return _per_team(person)


def _read(session: Session, statement: Select[Any]) -> list[SegmentTotals]:
    if session.get_bind().dialect.name == "postgresql":
        # The planner may find a large aggregate worth compiling; compiling costs more than
        # running it (on a year of data for 1,500 people 1.7 s against 0.4 s).
        session.execute(text("SET LOCAL jit = off"))
    return [
        SegmentTotals(
            segment=str(segment),
            team_id=int(team),
            contributors=int(people),
            stress_units=int(stress),
            energy_units=int(energy),
            shifts=int(shifts),
            shifts_break_due=int(due),
            shifts_with_legal_break=int(taken or 0),
            shifts_after_quick_return=int(quick or 0),
            worked_units=int(minutes or 0) * MINUTE_SCALE,
            orange_or_red=int(orange or 0),
            break_due_people=int(due_people or 0),
        )
        for (
            segment,
            team,
            people,
            stress,
            energy,
            shifts,
            due,
            taken,
            quick,
            minutes,
            orange,
            due_people,
        ) in session.connection().execute(statement).all()  # one fetch, not one call per row
    ]


def week_totals(session: Session, weeks: Sequence[str]) -> list[SegmentTotals]:
    """One row per team and ISO week in `weeks` that someone in the team checked in during.

    Means are over each person's check-ins; counts are over all their shifts that week, so a
    shift logged without a check-in still counts towards breaks, rest and hours.
    """
    return _read(session, week_totals_query(weeks)) if weeks else []


def month_totals(session: Session, first_day: date, last_day: date) -> list[SegmentTotals]:
    """Like `week_totals`, per calendar month, for the months from `first_day` to `last_day`;
    the orange-or-red level is that of any ISO week in which the person had a shift in the
    month."""
    return _read(session, month_totals_query(f"{first_day:%Y-%m}", f"{last_day:%Y-%m}"))


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


def can_read_raw_rows(session: Session) -> bool:
    """Whether this login may read everyone's weekly sums and the published cells itself
    (the database owner); teamleaders' and agents' PostgreSQL logins ask the trend function."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT has_table_privilege('published_cells', 'SELECT')")))
