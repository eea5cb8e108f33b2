"""Keeping `person_week_sums` and `person_month_sums` equal to what the shifts say.

Every writer of shifts or check-ins ends, in the same transaction, by calling one of these
functions for what it touched: the rows of those people and weeks are deleted and computed
again from the shifts and their check-ins. Recomputing a person's week reads at most a few
dozen shifts through the index on (iso_week, person_id), so a check-in pays well under a
millisecond for it, and the result is right by construction whatever the change was (a new
shift, a late shift that shortens the rest before the next one, a correction, a deletion or a
purge).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from wellbeing.domain.daily_rest import QUICK_RETURN_MINUTES
from wellbeing.store.models import (
    CheckinRow,
    PersonMonthSumRow,
    PersonRow,
    PersonWeekSumRow,
    ShiftRow,
    TeamMembershipRow,
)
from wellbeing.store.tables import table_of

SUMS = (
    "shifts",
    "checkins",
    "stress_sum",
    "energy_sum",
    "break_due",
    "break_taken",
    "quick_returns",
    "worked_minutes",
)
TABLES = (PersonWeekSumRow, PersonMonthSumRow)


def month_of_shift(dialect: str) -> ColumnElement[str]:
    """The calendar month ("2026-11") of each shift's stored Brussels date."""
    if dialect == "postgresql":
        return func.to_char(ShiftRow.local_date, "YYYY-MM")
    # SQLite keeps a date as ISO text, so its first seven characters are the month.
    return func.substr(ShiftRow.local_date, 1, 7)


def team_in_week() -> ColumnElement[int | None]:
    """The team a shift's person belonged to in the shift's ISO week: the membership with the
    latest start not after that week, or, for someone with no recorded membership at all,
    the team they belong to now."""
    history = TeamMembershipRow
    recorded = (
        select(history.team_id)
        .where(history.person_id == ShiftRow.person_id, history.since_week <= ShiftRow.iso_week)
        .order_by(history.since_week.desc())
        .limit(1)
        .scalar_subquery()
    )
    current = select(PersonRow.team_id).where(PersonRow.id == ShiftRow.person_id)
    has_history = select(history.person_id).where(history.person_id == ShiftRow.person_id)
    return case((has_history.exists(), recorded), else_=current.scalar_subquery())


def _one_when(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _keys(table: type[PersonWeekSumRow | PersonMonthSumRow], dialect: str) -> list[Any]:
    if table is PersonWeekSumRow:
        return [ShiftRow.iso_week, ShiftRow.person_id]
    return [month_of_shift(dialect), ShiftRow.person_id, ShiftRow.iso_week]


def sums_query(
    dialect: str,
    *where: ColumnElement[bool],
    table: type[PersonWeekSumRow | PersonMonthSumRow] = PersonWeekSumRow,
) -> Select[Any]:
    """The rows of `table` for the shifts chosen by `where`, computed from the raw tables, in
    the table's column order: its key, then `SUMS`, then the team of the week."""
    checkins = CheckinRow.__table__
    keys = _keys(table, dialect)
    return (
        select(
            *keys,
            func.count(ShiftRow.id),
            func.count(checkins.c.id),
            func.coalesce(func.sum(checkins.c.stress), 0),
            func.coalesce(func.sum(checkins.c.energy), 0),
            func.count(ShiftRow.legal_break_ok),
            func.sum(_one_when(ShiftRow.legal_break_ok.is_(True))),
            func.sum(_one_when(ShiftRow.rest_before_minutes < QUICK_RETURN_MINUTES)),
            func.sum(ShiftRow.worked_minutes),
            team_in_week(),
        )
        .select_from(ShiftRow)
        .outerjoin(checkins, checkins.c.shift_id == ShiftRow.id)
        .where(*where)
        .group_by(*keys)
    )


def key_columns(table: type[PersonWeekSumRow | PersonMonthSumRow]) -> list[str]:
    return [column.name for column in table.__table__.primary_key]


def months_of(weeks: Collection[str]) -> list[str]:
    """The calendar months ("2026-11") that the ISO weeks ("2026-W48") have days in."""
    months: set[str] = set()
    for week in weeks:
        year, number = int(week[:4]), int(week[6:])
        monday = date.fromisocalendar(year, number, 1)
        months.update(f"{day:%Y-%m}" for day in (monday, monday + timedelta(days=6)))
    return sorted(months)


def _rewrite(session: Session, weeks: Collection[str], people: Collection[int] | None) -> None:
    """Delete the rows of these weeks and people (None: everyone) from both tables, then
    insert them again from the shifts. The conditions name each table's key from its first
    column, so the rows are found by key rather than by reading the table."""
    wanted = sorted(set(weeks))
    who = None if people is None else sorted(set(people))
    if not wanted or who == []:
        return
    values: dict[str, Any] = {"weeks": wanted, "months": months_of(wanted)}
    if who is not None:
        values["people"] = who
    # Core statements on the session's connection: the ORM holds no rows of these tables.
    connection = session.connection()
    for statement in _rewrites(connection.dialect.name, who is not None):
        connection.execute(statement, values)


@lru_cache(maxsize=8)
def _rewrites(dialect: str, some_people: bool) -> tuple[Any, ...]:
    """The statements of `_rewrite`, with the weeks, months and people as parameters: built
    once, since building them costs more than running them for one person's week."""
    weeks: BindParameter[list[str]] = bindparam("weeks", expanding=True)
    people: BindParameter[list[int]] = bindparam("people", expanding=True)
    shifts_where = [ShiftRow.iso_week.in_(weeks)]
    if some_people:
        shifts_where.append(ShiftRow.person_id.in_(people))
    statements: list[Any] = []
    for table in TABLES:
        where = [table.iso_week.in_(weeks)]
        if table is PersonMonthSumRow:
            where.append(PersonMonthSumRow.month.in_(bindparam("months", expanding=True)))
        if some_people:
            where.append(table.person_id.in_(people))
        columns = [*key_columns(table), *SUMS, "team_id"]
        core = table_of(table)
        statements += [
            delete(core).where(*where),
            insert(core).from_select(columns, sums_query(dialect, *shifts_where, table=table)),
        ]
    return tuple(statements)


def refresh_weeks(session: Session, person_id: int, weeks: Collection[str]) -> None:
    """Recompute one person's rows for the ISO weeks in `weeks`."""
    session.flush()  # the shifts just added or changed through the ORM must be in SQL
    _rewrite(session, weeks, [person_id])


def refresh_people(session: Session, person_ids: Collection[int], weeks: Collection[str]) -> None:
    """Recompute these people's rows for these weeks (after writing shifts in bulk)."""
    _rewrite(session, weeks, person_ids)


def refresh_all_weeks(session: Session, weeks: Collection[str]) -> None:
    """Recompute everyone's rows for these ISO weeks (after a retention purge)."""
    _rewrite(session, weeks, None)


def regroup_from(session: Session, person_id: int, week: str) -> None:
    """Give one person's week and month sums from ISO week `week` on the team of each week,
    after a move: a check-in made before it in the week of the move must count where one made
    after it does. PostgreSQL does this in a trigger (revision 0019), since an admin's login
    may not write anyone's sums."""
    if session.get_bind().dialect.name == "postgresql":
        return
    session.flush()  # the membership just recorded through the ORM must be in SQL
    for table in TABLES:
        core = table_of(table)
        history = TeamMembershipRow
        team = (
            select(history.team_id)
            .where(history.person_id == core.c.person_id, history.since_week <= core.c.iso_week)
            .order_by(history.since_week.desc())
            .limit(1)
            .scalar_subquery()
        )
        session.execute(
            update(core)
            .where(core.c.person_id == person_id, core.c.iso_week >= week)
            .values(team_id=team)
        )
