"""Repositories: queries that take a Session and return domain types, never ORM rows."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    Connection,
    CursorResult,
    Row,
    bindparam,
    delete,
    insert,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import Session, selectinload

from wellbeing.domain.checkin import Checkin, CheckinInput, Shift
from wellbeing.domain.people import Person
from wellbeing.domain.shift_facts import rest_minutes, shift_facts
from wellbeing.store import person_week_sums, reads
from wellbeing.store.models import BreakRow, CheckinRow, PersonRow, ShiftFindingRow, ShiftRow
from wellbeing.store.tables import table_of

_PEOPLE = table_of(PersonRow)
_SHIFTS = table_of(ShiftRow)
_BREAKS = table_of(BreakRow)
_CHECKINS = table_of(CheckinRow)
_FINDINGS = table_of(ShiftFindingRow)


def _person(row: PersonRow | Row[Any]) -> Person:
    """A person from their stored row, as an ORM object or as the columns of that name."""
    return Person(
        id=row.id,
        pseudonym=row.pseudonym,
        os_account=row.os_account,
        team_id=row.team_id,
        is_admin=row.is_admin,
        language=row.language,
    )


def find_person(session: Session, account: str) -> Person | None:
    row = session.connection().execute(_statements().person, {"account": account}).first()
    return None if row is None else _person(row)


def bound_login(session: Session) -> str | None:
    """The PostgreSQL login that row-level security binds to its own person (people's
    `os_account` matched against `session_user`, revision 0002), or None where nothing binds
    the login to a person: SQLite, and a login the policies do not apply to (the owner of the
    tables, a superuser), which sees every row and may act for anyone."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    login, bound = session.execute(
        text("SELECT session_user, row_security_active('people')")
    ).one()
    return str(login) if bound else None


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


class _Following(NamedTuple):
    """The shift right after a moment: what a shift written before it changes there."""

    id: int
    start_at: datetime
    iso_week: str
    rest_before_minutes: int | None


class _Statements(NamedTuple):
    person: Any
    neighbours: Any
    set_rest: Any
    add_shift: Any
    add_break: Any
    add_checkin: Any
    checkin_shift: Any
    deletes: tuple[Any, ...]


@lru_cache(maxsize=1)
def _statements() -> _Statements:
    """The Core statements of a check-in's writes, with bound parameters, built once: building
    one costs about as much as running it, and the ORM's unit of work more still."""
    shifts, breaks, checkins = _SHIFTS.c, _BREAKS.c, _CHECKINS.c
    person: BindParameter[int] = bindparam("person")
    columns = (shifts.id, shifts.start_at, shifts.end_at, shifts.iso_week)
    before = (
        select(literal_column("0").label("after"), *columns, shifts.rest_before_minutes)
        .where(shifts.person_id == person, shifts.start_at < bindparam("start"))
        .order_by(shifts.start_at.desc())
        .limit(1)
        .subquery()
    )
    after = (
        select(literal_column("1").label("after"), *columns, shifts.rest_before_minutes)
        .where(shifts.person_id == person, shifts.start_at >= bindparam("start"))
        .order_by(shifts.start_at.asc())
        .limit(1)
        .subquery()
    )
    people = _PEOPLE.c
    return _Statements(
        person=select(
            people.id,
            people.pseudonym,
            people.os_account,
            people.team_id,
            people.is_admin,
            people.language,
        ).where(people.os_account == bindparam("account")),
        neighbours=union_all(select(before), select(after)),
        set_rest=update(_SHIFTS)
        .where(shifts.id == bindparam("shift"))
        .values(rest_before_minutes=bindparam("rest")),
        add_shift=insert(_SHIFTS),
        add_break=insert(_BREAKS),
        add_checkin=insert(_CHECKINS),
        checkin_shift=select(shifts.id, shifts.start_at, shifts.iso_week)
        .join(_CHECKINS, checkins.shift_id == shifts.id)
        .where(checkins.id == bindparam("checkin"), checkins.person_id == person),
        deletes=(
            delete(_BREAKS).where(breaks.shift_id == bindparam("shift")),
            delete(_FINDINGS).where(_FINDINGS.c.checkin_id == bindparam("checkin")),
            delete(_CHECKINS).where(checkins.id == bindparam("checkin")),
            delete(_SHIFTS).where(shifts.id == bindparam("shift")),
        ),
    )


def _neighbours(
    connection: Connection, person_id: int, start: datetime
) -> tuple[datetime | None, _Following | None]:
    """The end of the person's shift before `start`, and the shift right after it, in one
    statement (each half found through the (person, start) index)."""
    previous_end, following = None, None
    rows = connection.execute(_statements().neighbours, {"person": person_id, "start": start})
    for after, shift_id, start_at, end_at, week, rest in rows:
        if after:
            following = _Following(shift_id, start_at, week, rest)
        else:
            previous_end = end_at
    return previous_end, following


def _set_rest(connection: Connection, following: _Following, previous_end: datetime | None) -> None:
    """A shift written or deleted before `following` changes the rest before it."""
    rest = rest_minutes(previous_end, following.start_at)
    if rest != following.rest_before_minutes:
        connection.execute(_statements().set_rest, {"shift": following.id, "rest": rest})


def _inserted_id(result: CursorResult[Any]) -> int:
    """The id of the one row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise TypeError("the insert gave no primary key")
    return int(key[0])


def add_checkin(session: Session, person_id: int, form: CheckinInput, now: datetime) -> Checkin:
    """Store shift, breaks and check-in with Core inserts (the ORM would flush them through
    its unit of work and read them back), and the person's sums of the weeks touched."""
    connection = session.connection()
    sql = _statements()
    previous_end, following = _neighbours(connection, person_id, form.start)
    facts = shift_facts(form.start, form.end, form.breaks, previous_end)
    if following is not None:
        # A shift entered late changes the rest before the one that follows it.
        _set_rest(connection, following, form.end)
    channels = dict(form.channels) or None
    shift_id = _inserted_id(
        connection.execute(
            sql.add_shift,
            {
                "person_id": person_id,
                "local_date": facts.local_date,
                "iso_week": facts.iso_week,
                "worked_minutes": facts.worked_minutes,
                "break_minutes": facts.break_minutes,
                "legal_break_ok": facts.legal_break_ok,
                "rest_before_minutes": facts.rest_before_minutes,
                "start_at": form.start,
                "end_at": form.end,
                "contacts": form.contacts,
                "difficult": form.difficult,
                "channels": channels,
                "occupancy": form.occupancy,
            },
        )
    )
    if form.breaks:
        connection.execute(
            sql.add_break,
            [
                {"shift_id": shift_id, "start_at": b.start, "end_at": b.end, "kind": b.kind}
                for b in form.breaks
            ],
        )
    checkin_id = _inserted_id(
        connection.execute(
            sql.add_checkin,
            {
                "shift_id": shift_id,
                "person_id": person_id,
                "stress": form.stress,
                "energy": form.energy,
                "support": form.support,
                "note": form.note,
                "recorded_at": now,
            },
        )
    )
    touched = {facts.iso_week} | ({following.iso_week} if following is not None else set())
    person_week_sums.refresh_weeks(session, person_id, touched)
    # What was just written, as a read would give it back (UTC moments), without reading it.
    shift = reads.shift_of(
        shift_id,
        form.start,
        form.end,
        reads.breaks_of([(b.start, b.end, b.kind) for b in form.breaks]),
        form.contacts,
        form.difficult,
        form.occupancy,
    )
    return reads.checkin_of(
        checkin_id, shift, form.stress, form.energy, form.support, form.note, channels, now
    )


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
    connection = session.connection()
    sql = _statements()
    found = connection.execute(
        sql.checkin_shift, {"checkin": checkin_id, "person": person_id}
    ).first()
    if found is None:
        return False
    shift_id, start_at, week = found
    for statement in sql.deletes:
        connection.execute(statement, {"shift": shift_id, "checkin": checkin_id})
    previous_end, following = _neighbours(connection, person_id, start_at)
    touched = {week}
    if following is not None:
        _set_rest(connection, following, previous_end)
        touched.add(following.iso_week)
    person_week_sums.refresh_weeks(session, person_id, touched)
    return True
