"""A person's data rights: everything about them for export, erasure, and retention purges."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, delete, select, text
from sqlalchemy.orm import Session

from wellbeing.store import audit, shift_findings
from wellbeing.store.models import (
    Base,
    BreakRow,
    CheckinRow,
    FlagRow,
    PersonMonthSumRow,
    PersonRow,
    PersonWeekSumRow,
    PlannedShiftRow,
    ShiftFindingRow,
    ShiftRow,
    SurveyResponseRow,
    TeamLeaderRow,
    TeamMembershipRow,
    WeeklyLevelRow,
)
from wellbeing.store.tables import rows_changed, table_of


@dataclass(frozen=True)
class PersonalTable:
    """A table with rows about people, and how to find one person's rows in it.

    `derived` rows are recomputed from others (weekly sums): exported and erased, but not
    counted as rows the person gave. `exported` gives the rows an export holds, when they are
    not simply the table's, and `exported_columns` their columns.
    """

    model: type[Base]
    rows_of: Callable[[int], ColumnElement[bool]]
    derived: bool = False
    exported: Callable[[Session, int], list[dict[str, Any]]] | None = None
    exported_columns: tuple[str, ...] | None = None

    @property
    def name(self) -> str:
        return table_of(self.model).name

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of this table's rows in an export, in order."""
        if self.exported_columns is not None:
            return self.exported_columns
        return tuple(column.name for column in table_of(self.model).columns)


def _by_person(model: Any) -> Callable[[int], ColumnElement[bool]]:
    return lambda person_id: model.person_id == person_id


# Every table with rows about a person, in export order. Export and erasure read only this:
# a new table of personal data is added to this list and nowhere else.
PERSONAL_TABLES: tuple[PersonalTable, ...] = (
    PersonalTable(PersonRow, lambda person_id: PersonRow.id == person_id),
    PersonalTable(ShiftRow, _by_person(ShiftRow)),
    PersonalTable(
        BreakRow,
        lambda person_id: BreakRow.shift_id.in_(
            select(ShiftRow.id).where(ShiftRow.person_id == person_id)
        ),
    ),
    PersonalTable(CheckinRow, _by_person(CheckinRow)),
    # What the rules found about each shift, judged at its own time: recomputed from the shifts.
    # Exported with what each finding states (kept once for everyone in finding_statements).
    PersonalTable(
        ShiftFindingRow,
        _by_person(ShiftFindingRow),
        derived=True,
        exported=shift_findings.exported,
        exported_columns=shift_findings.EXPORTED_COLUMNS,
    ),
    PersonalTable(SurveyResponseRow, _by_person(SurveyResponseRow)),
    PersonalTable(FlagRow, _by_person(FlagRow)),
    PersonalTable(WeeklyLevelRow, _by_person(WeeklyLevelRow)),
    PersonalTable(PersonWeekSumRow, _by_person(PersonWeekSumRow), derived=True),
    PersonalTable(PersonMonthSumRow, _by_person(PersonMonthSumRow), derived=True),
    PersonalTable(TeamLeaderRow, _by_person(TeamLeaderRow)),
    PersonalTable(PlannedShiftRow, _by_person(PlannedShiftRow)),
    # Which team a person was in from which week: personal history, erased with them.
    PersonalTable(TeamMembershipRow, _by_person(TeamMembershipRow)),
)


def export_tables() -> tuple[str, ...]:
    """What an export holds, table by table."""
    return tuple(table.name for table in PERSONAL_TABLES)


def export_columns() -> dict[str, list[str]]:
    """Each exported table's columns, so that a table without rows still has its header."""
    return {table.name: list(table.columns) for table in PERSONAL_TABLES}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(session: Session, table: PersonalTable, person_id: int) -> list[dict[str, Any]]:
    if table.exported is not None:
        found = table.exported(session, person_id)
    else:
        model = table.model
        result = session.execute(
            select(*model.__table__.columns)
            .where(table.rows_of(person_id))
            .order_by(*model.__table__.primary_key)
        )
        found = [dict(row._mapping) for row in result]
    return [{key: _plain(value) for key, value in row.items()} for row in found]


def export_person(session: Session, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about one person, as plain values, table by table.

    A table this login may not read holds nothing of theirs (see `_permitted`): it is
    exported empty.
    """
    readable = {table.name for table in _permitted(session, PERSONAL_TABLES, "SELECT")}
    return {
        table.name: _rows(session, table, person_id) if table.name in readable else []
        for table in PERSONAL_TABLES
    }


def _erase_order() -> list[PersonalTable]:
    """Children before the rows they refer to, so no foreign key is left dangling."""
    rank = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}
    return sorted(PERSONAL_TABLES, key=lambda table: -rank[table.name])


def _permitted(
    session: Session, tables: Sequence[PersonalTable], privilege: str
) -> list[PersonalTable]:
    """The tables this login holds `privilege` on (every table, on SQLite).

    On PostgreSQL a teamleader or admin login has no rights on agents' tables, and so no rows
    in them; deleting their person row still removes, by the foreign keys' ON DELETE CASCADE,
    whatever any table holds about them.
    """
    if session.get_bind().dialect.name != "postgresql":
        return list(tables)
    names = [table.name for table in tables]
    allowed = set(
        session.scalars(
            text(
                "SELECT name FROM unnest(CAST(:names AS text[])) AS name "
                "WHERE has_table_privilege(CAST(name AS regclass), :privilege)"
            ),
            {"names": names, "privilege": privilege},
        )
    )
    return [table for table in tables if table.name in allowed]


def erase_person(session: Session, person_id: int) -> int:
    """Delete every row about a person, children first; returns how many rows went."""
    account = session.scalar(select(PersonRow.os_account).where(PersonRow.id == person_id))
    erased = 0
    for table in _permitted(session, _erase_order(), "DELETE"):
        result = session.execute(delete(table.model).where(table.rows_of(person_id)))
        if not table.derived:
            erased += rows_changed(result)
    if account is not None:
        audit.forget_account(session, account)
    return erased


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
        delete(ShiftFindingRow).where(
            ShiftFindingRow.checkin_id.in_(
                select(CheckinRow.id).where(CheckinRow.shift_id.in_(old_shifts))
            )
        ),
        delete(CheckinRow).where(CheckinRow.shift_id.in_(old_shifts)),
        delete(ShiftRow).where(ShiftRow.iso_week < cutoff_week, *mine),
        delete(SurveyResponseRow).where(
            SurveyResponseRow.taken_at < cutoff, *own(SurveyResponseRow)
        ),
        delete(FlagRow).where(
            FlagRow.resolved_at.is_not(None), FlagRow.resolved_at < cutoff, *own(FlagRow)
        ),
        delete(WeeklyLevelRow).where(WeeklyLevelRow.iso_week < cutoff_week, *own(WeeklyLevelRow)),
        delete(PlannedShiftRow).where(PlannedShiftRow.end_at < cutoff, *own(PlannedShiftRow)),
    )
    purged = sum(rows_changed(session.execute(statement)) for statement in statements)
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
        assert raw is not None  # an open connection always has its driver's connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
