"""A person's planned shifts: replacing the plan of the days a file covers, and reading it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.orm import Session

from wellbeing.domain.schedule import PlannedShift, PlannedShiftRecord
from wellbeing.store import reads
from wellbeing.store.models import PlannedShiftRow, ShiftRow
from wellbeing.store.tables import table_of


class ImportCounts(NamedTuple):
    added: int
    updated: int
    unchanged: int
    removed: int


def _breaks_json(shift: PlannedShift) -> list[dict[str, str]]:
    return [{"start": b.start.isoformat(), "end": b.end.isoformat()} for b in shift.breaks]


def _shift(row: PlannedShiftRow) -> PlannedShift:
    return reads.planned_shift_of(row.start_at, row.end_at, row.breaks)


def _same(row: PlannedShiftRow, shift: PlannedShift) -> bool:
    return _shift(row) == shift


def replace_days(
    session: Session, person_id: int, shifts: Sequence[PlannedShift], now: datetime, source: str
) -> ImportCounts:
    """Make the person's plan of every day the file covers what the file says.

    Shifts are matched day by day in time order, so importing the same file again changes
    nothing, a moved shift is updated in place (and may be reminded of again), and a shift
    the file no longer has on a day it covers is removed.
    """
    by_day: dict[date, list[PlannedShift]] = {}
    for shift in sorted(shifts, key=lambda s: s.start):
        by_day.setdefault(shift.local_date, []).append(shift)
    existing: dict[date, list[PlannedShiftRow]] = {}
    if by_day:
        rows = session.scalars(
            select(PlannedShiftRow)
            .where(
                PlannedShiftRow.person_id == person_id,
                PlannedShiftRow.local_date.in_(list(by_day)),
            )
            .order_by(PlannedShiftRow.start_at)
        )
        for row in rows:
            existing.setdefault(row.local_date, []).append(row)
    added = updated = unchanged = removed = 0
    for day, planned in by_day.items():
        old = existing.get(day, [])
        for index, shift in enumerate(planned):
            if index < len(old):
                row = old[index]
                if _same(row, shift):
                    unchanged += 1
                    continue
                row.start_at, row.end_at = shift.start, shift.end
                row.breaks = _breaks_json(shift)
                row.source, row.imported_at, row.reminded_at = source, now, None
                updated += 1
            else:
                session.add(
                    PlannedShiftRow(
                        person_id=person_id,
                        start_at=shift.start,
                        end_at=shift.end,
                        local_date=day,
                        breaks=_breaks_json(shift),
                        source=source,
                        imported_at=now,
                    )
                )
                added += 1
        for row in old[len(planned) :]:
            session.delete(row)
            removed += 1
    session.flush()
    return ImportCounts(added, updated, unchanged, removed)


def _covered():
    """Whether a real shift of the same person overlaps the planned shift."""
    return exists().where(
        ShiftRow.person_id == PlannedShiftRow.person_id,
        ShiftRow.start_at < PlannedShiftRow.end_at,
        ShiftRow.end_at > PlannedShiftRow.start_at,
    )


def planned_between(
    session: Session, person_id: int, since: datetime, until: datetime
) -> list[PlannedShiftRecord]:
    """The person's planned shifts that start in [since, until), with whether one is done."""
    query = (
        select(PlannedShiftRow, _covered().label("checked_in"))
        .where(
            PlannedShiftRow.person_id == person_id,
            PlannedShiftRow.start_at >= since,
            PlannedShiftRow.start_at < until,
        )
        .order_by(PlannedShiftRow.start_at)
    )
    return [
        PlannedShiftRecord(id=row.id, shift=_shift(row), checked_in=bool(done))
        for row, done in session.execute(query)
    ]


def missing(
    session: Session, person_id: int, since: datetime, now: datetime, *, unreminded: bool = False
) -> list[PlannedShiftRecord]:
    """Planned shifts that ended in [since, now] without a check-in, oldest first."""
    conditions = [
        PlannedShiftRow.person_id == person_id,
        PlannedShiftRow.end_at >= since,
        PlannedShiftRow.end_at <= now,
        ~_covered(),
    ]
    if unreminded:
        conditions.append(PlannedShiftRow.reminded_at.is_(None))
    query = select(PlannedShiftRow).where(and_(*conditions)).order_by(PlannedShiftRow.start_at)
    return [PlannedShiftRecord(id=row.id, shift=_shift(row)) for row in session.scalars(query)]


def for_day(session: Session, person_id: int, day: date) -> PlannedShift | None:
    """The first planned shift of a local day: the query of `wellbeing.store.reads`."""
    return reads.plan_for_day(reads.session_reader(session), person_id, day)


def overlapping(
    session: Session, person_id: int, start: datetime, end: datetime
) -> PlannedShift | None:
    """The planned shift that overlaps [start, end] most, if any."""
    # Plain rows through a statement built once: every check-in asks this.
    rows = session.execute(_OVERLAPPING, {"person": person_id, "start": start, "end": end}).all()
    if not rows:
        return None
    begin, finish, breaks = max(rows, key=lambda r: min(r[1], end) - max(r[0], start))
    return reads.planned_shift_of(begin, finish, breaks)


_PLANNED = table_of(PlannedShiftRow)
_OVERLAPPING = select(_PLANNED.c.start_at, _PLANNED.c.end_at, _PLANNED.c.breaks).where(
    _PLANNED.c.person_id == bindparam("person"),
    _PLANNED.c.start_at < bindparam("end"),
    _PLANNED.c.end_at > bindparam("start"),
)


def mark_reminded(session: Session, person_id: int, ids: Sequence[int], now: datetime) -> None:
    if ids:
        session.execute(
            table_of(PlannedShiftRow).update()
            .where(PlannedShiftRow.person_id == person_id, PlannedShiftRow.id.in_(list(ids)))
            .values(reminded_at=now)
        )


def count(session: Session, person_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(PlannedShiftRow)
            .where(PlannedShiftRow.person_id == person_id)
        )
        or 0
    )
