"""Repositories: queries that take a Session and return domain types, never ORM rows."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from wellbeing.domain.checkin import MAX_SPAN, Break, Checkin, CheckinInput, Shift
from wellbeing.domain.people import Person
from wellbeing.domain.shift_facts import rest_minutes, shift_facts
from wellbeing.store import person_week_sums
from wellbeing.store.models import BreakRow, CheckinRow, PersonRow, ShiftFindingRow, ShiftRow


def _person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        pseudonym=row.pseudonym,
        os_account=row.os_account,
        team_id=row.team_id,
        is_admin=row.is_admin,
        language=row.language,
    )


def find_person(session: Session, account: str) -> Person | None:
    row = session.scalar(select(PersonRow).where(PersonRow.os_account == account))
    return _person(row) if row else None


def ensure_person(session: Session, account: str, now: datetime) -> Person:
    """The person behind an OS account, created on first use in personal mode."""
    found = find_person(session, account)
    if found is not None:
        return found
    row = PersonRow(
        pseudonym=secrets.token_hex(8), os_account=account, is_admin=False, created_at=now
    )
    session.add(row)
    session.flush()
    return _person(row)


def shift_from_row(row: ShiftRow) -> Shift:
    return Shift(
        id=row.id,
        start=row.start_at,
        end=row.end_at,
        breaks=tuple(Break(start=b.start_at, end=b.end_at, kind=b.kind) for b in row.breaks),
        contacts=row.contacts,
        difficult=row.difficult,
        occupancy=row.occupancy,
    )


def checkin_from_row(row: CheckinRow) -> Checkin:
    return Checkin(
        id=row.id,
        shift=shift_from_row(row.shift),
        stress=row.stress,
        energy=row.energy,
        support=row.support,
        note=row.note,
        channels=dict(row.shift.channels or {}),
        recorded_at=row.recorded_at,
    )


def overlapping_shift(
    session: Session, person_id: int, start: datetime, end: datetime, *, ignore: int | None = None
) -> Shift | None:
    query = select(ShiftRow).where(
        ShiftRow.person_id == person_id,
        ShiftRow.start_at < end,
        ShiftRow.end_at > start,
        # No shift spans more than MAX_SPAN, so one that started earlier cannot overlap; the
        # bound keeps the index search to the last hours instead of the whole history.
        ShiftRow.start_at > start - MAX_SPAN,
    )
    if ignore is not None:
        query = query.where(ShiftRow.id != ignore)
    row = session.scalars(query.limit(1)).first()
    return shift_from_row(row) if row else None


def _neighbour_ends(
    session: Session, person_id: int, start: datetime
) -> tuple[datetime | None, ShiftRow | None]:
    """The end of the person's shift before `start`, and the shift right after it."""
    previous_end = session.scalar(
        select(ShiftRow.end_at)
        .where(ShiftRow.person_id == person_id, ShiftRow.start_at < start)
        .order_by(ShiftRow.start_at.desc())
        .limit(1)
    )
    following = session.scalars(
        select(ShiftRow)
        .where(ShiftRow.person_id == person_id, ShiftRow.start_at >= start)
        .order_by(ShiftRow.start_at.asc())
        .limit(1)
    ).first()
    return previous_end, following


def add_checkin(session: Session, person_id: int, form: CheckinInput, now: datetime) -> Checkin:
    previous_end, following = _neighbour_ends(session, person_id, form.start)
    facts = shift_facts(form.start, form.end, form.breaks, previous_end)
    if following is not None:
        # A shift entered late changes the rest before the one that follows it.
        following.rest_before_minutes = rest_minutes(form.end, following.start_at)
    shift = ShiftRow(
        person_id=person_id,
        local_date=facts.local_date,
        iso_week=facts.iso_week,
        worked_minutes=facts.worked_minutes,
        break_minutes=facts.break_minutes,
        legal_break_ok=facts.legal_break_ok,
        rest_before_minutes=facts.rest_before_minutes,
        start_at=form.start,
        end_at=form.end,
        contacts=form.contacts,
        difficult=form.difficult,
        channels=dict(form.channels) or None,
        occupancy=form.occupancy,
        breaks=[BreakRow(start_at=b.start, end_at=b.end, kind=b.kind) for b in form.breaks],
    )
    row = CheckinRow(
        shift=shift,
        person_id=person_id,
        stress=form.stress,
        energy=form.energy,
        support=form.support,
        note=form.note,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    touched = {facts.iso_week} | ({following.iso_week} if following is not None else set())
    person_week_sums.refresh_weeks(session, person_id, touched)
    return checkin_from_row(row)


def _checkin_query(person_id: int):
    return (
        select(CheckinRow)
        .join(CheckinRow.shift)
        .where(CheckinRow.person_id == person_id)
        .options(selectinload(CheckinRow.shift).selectinload(ShiftRow.breaks))
    )


def list_checkins(
    session: Session,
    person_id: int,
    *,
    since: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = True,
) -> list[Checkin]:
    query = _checkin_query(person_id)
    if since is not None:
        # Naming the shift's owner too lets the database read just the window through the
        # index on (person_id, start_at), instead of every check-in the person ever made.
        query = query.where(ShiftRow.person_id == person_id, ShiftRow.start_at >= since)
    order = ShiftRow.start_at.desc() if newest_first else ShiftRow.start_at.asc()
    query = query.order_by(order)
    if limit is not None:
        query = query.limit(limit)
    return [checkin_from_row(row) for row in session.scalars(query)]


def get_checkin(session: Session, person_id: int, checkin_id: int) -> Checkin | None:
    row = session.scalars(_checkin_query(person_id).where(CheckinRow.id == checkin_id)).first()
    return checkin_from_row(row) if row else None


def delete_checkin(session: Session, person_id: int, checkin_id: int) -> bool:
    """Delete a check-in with its shift and breaks; only the owner's rows can match."""
    shift_id = session.scalar(
        select(CheckinRow.shift_id).where(
            CheckinRow.id == checkin_id, CheckinRow.person_id == person_id
        )
    )
    if shift_id is None:
        return False
    start_at, week = session.execute(
        select(ShiftRow.start_at, ShiftRow.iso_week).where(ShiftRow.id == shift_id)
    ).one()
    session.execute(delete(BreakRow).where(BreakRow.shift_id == shift_id))
    session.execute(delete(ShiftFindingRow).where(ShiftFindingRow.checkin_id == checkin_id))
    session.execute(delete(CheckinRow).where(CheckinRow.id == checkin_id))
    session.execute(delete(ShiftRow).where(ShiftRow.id == shift_id))
    previous_end, following = _neighbour_ends(session, person_id, start_at)
    touched = {week}
    if following is not None:
        following.rest_before_minutes = rest_minutes(previous_end, following.start_at)
        touched.add(following.iso_week)
    person_week_sums.refresh_weeks(session, person_id, touched)
    return True
