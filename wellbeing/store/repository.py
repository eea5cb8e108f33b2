"""Repositories: queries that take a Session and return domain types, never ORM rows."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from wellbeing.domain.checkin import Checkin, CheckinInput, Shift
from wellbeing.domain.people import Person
from wellbeing.domain.shift_facts import rest_minutes, shift_facts
from wellbeing.store import person_week_sums, reads
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
    """A shift row as the domain's Shift, mapped as `wellbeing.store.reads` maps its rows."""
    return reads.shift_of(
        row.id,
        row.start_at,
        row.end_at,
        reads.breaks_of([(b.start_at, b.end_at, b.kind) for b in row.breaks]),
        row.contacts,
        row.difficult,
        row.occupancy,
    )


def checkin_from_row(row: CheckinRow) -> Checkin:
    return reads.checkin_of(
        row.id,
        shift_from_row(row.shift),
        row.stress,
        row.energy,
        row.support,
        row.note,
        row.shift.channels,
        row.recorded_at,
    )


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


def list_checkins(
    session: Session,
    person_id: int,
    *,
    since: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = True,
) -> list[Checkin]:
    """The person's check-ins: the query of `wellbeing.store.reads`, on this session."""
    return reads.checkins(
        reads.session_reader(session),
        person_id,
        since=since,
        limit=limit,
        newest_first=newest_first,
    )


def get_checkin(session: Session, person_id: int, checkin_id: int) -> Checkin | None:
    row = session.scalars(
        select(CheckinRow)
        .where(CheckinRow.person_id == person_id, CheckinRow.id == checkin_id)
        .options(selectinload(CheckinRow.shift).selectinload(ShiftRow.breaks))
    ).first()
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
