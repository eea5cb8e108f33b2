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
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, insert, select
from sqlalchemy.orm import Session

from wellbeing.store.models import CheckinRow, PersonMonthSumRow, PersonWeekSumRow, ShiftRow

QUICK_RETURN_MINUTES = 11 * 60  # daily rest shorter than 11 h (art. 38ter Arbeidswet)

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
    the table's column order: its key, then `SUMS`."""
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
        )
        .select_from(ShiftRow)
        .outerjoin(checkins, checkins.c.shift_id == ShiftRow.id)
        .where(*where)
        .group_by(*keys)
    )


def key_columns(table: type[PersonWeekSumRow | PersonMonthSumRow]) -> list[str]:
    return [column.name for column in table.__table__.primary_key]


def _rewrite(
    session: Session,
    table_where: Any,
    *shifts_where: ColumnElement[bool],
) -> None:
    """For each table: delete the rows `table_where(table)` chooses, then insert them again
    from the shifts that `shifts_where` chooses (which must be the same people and weeks)."""
    dialect = session.get_bind().dialect.name
    for table in TABLES:
        session.execute(delete(table).where(table_where(table)))
        columns = [*key_columns(table), *SUMS]
        session.execute(
            insert(table).from_select(columns, sums_query(dialect, *shifts_where, table=table))
        )


def refresh_weeks(session: Session, person_id: int, weeks: Collection[str]) -> None:
    """Recompute one person's rows for the ISO weeks in `weeks`."""
    wanted = sorted(set(weeks))
    if not wanted:
        return
    session.flush()  # the shifts just added or changed through the ORM must be in SQL
    _rewrite(
        session,
        lambda table: and_(table.person_id == person_id, table.iso_week.in_(wanted)),
        ShiftRow.iso_week.in_(wanted),
        ShiftRow.person_id == person_id,
    )


def refresh_people(session: Session, person_ids: Collection[int]) -> None:
    """Recompute every row of these people (after writing whole histories in bulk)."""
    wanted = sorted(set(person_ids))
    if wanted:
        _rewrite(session, lambda table: table.person_id.in_(wanted), ShiftRow.person_id.in_(wanted))


def refresh_all_weeks(session: Session, weeks: Collection[str]) -> None:
    """Recompute everyone's rows for these ISO weeks (after a retention purge)."""
    wanted = sorted(set(weeks))
    if wanted:
        _rewrite(session, lambda table: table.iso_week.in_(wanted), ShiftRow.iso_week.in_(wanted))


def rebuild(session: Session) -> None:
    """Recompute both tables from the shifts."""
    _rewrite(session, lambda table: table.person_id.is_not(None))


def forget_person(session: Session, person_id: int) -> None:
    """Delete a person's rows (their erasure)."""
    for table in TABLES:
        session.execute(delete(table).where(table.person_id == person_id))
