"""Bulk inserts for large data sets (the demo generator, imports): Core executemany, no ORM.

Rows arrive already validated and with their UTC moments and derived shift facts computed,
so the hot path does no per-row validation. Primary keys of teams, people and shifts are
reserved up front, which lets breaks and check-ins point at their shift without a round trip
per row. Each call is one retrying write transaction; callers chunk large inputs so that a
transaction (and SQLite's WAL file) stays a bounded size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, Connection, Dialect, Table, func, insert, select, text
from sqlalchemy.orm import Session

from wellbeing.domain.shift_facts import ShiftFacts
from wellbeing.store.database import Database
from wellbeing.store.models import (
    BreakRow,
    CheckinRow,
    PersonRow,
    ShiftRow,
    TeamLeaderRow,
    TeamRow,
)

EXECUTEMANY_ROWS = 10_000

_TEAMS: Table = TeamRow.__table__  # type: ignore[assignment]
_PEOPLE: Table = PersonRow.__table__  # type: ignore[assignment]
_LEADERS: Table = TeamLeaderRow.__table__  # type: ignore[assignment]
_SHIFTS: Table = ShiftRow.__table__  # type: ignore[assignment]
_BREAKS: Table = BreakRow.__table__  # type: ignore[assignment]
_CHECKINS: Table = CheckinRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class NewPerson:
    pseudonym: str
    os_account: str | None
    team_id: int | None
    created_at: datetime
    is_admin: bool = False
    language: str | None = None


class NewBreak(NamedTuple):
    """A break as aware moments; a NamedTuple so domain rules can read .start and .end."""

    start: datetime
    end: datetime
    kind: str = "break"


@dataclass(frozen=True, slots=True)
class NewCheckin:
    stress: int
    energy: int
    recorded_at: datetime
    support: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NewShift:
    """A shift with its breaks and (unless it was missed) its check-in."""

    person_id: int
    start: datetime
    end: datetime
    breaks: tuple[NewBreak, ...]
    facts: ShiftFacts
    contacts: int = 0
    difficult: int = 0
    channels: dict[str, int] | None = None
    occupancy: float | None = None
    checkin: NewCheckin | None = None


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """Primary keys for `count` new rows, taken so that concurrent writers cannot reuse them.

    PostgreSQL draws them from the column's sequence. SQLite continues after the largest id;
    that is safe because the write transaction already holds the database's write lock.
    """
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return [row[0] for row in rows]
    highest = connection.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(highest + 1, highest + 1 + count))


class BulkWriter:
    """Bulk inserts into one database, each call one retrying write transaction.

    Column values go through the same bind processors SQLAlchemy itself would apply, but
    straight to the DBAPI's executemany with a statement compiled once: SQLAlchemy's per-row
    parameter handling would otherwise be most of the cost of millions of rows. Converted
    values are remembered across calls, because a large data set repeats the same moments
    (shift starts, break times) for many people.
    """

    MAX_REMEMBERED = 2_000_000

    def __init__(self, db: Database) -> None:
        self.db = db
        self._converted: dict[tuple[str, str], dict[Any, Any]] = {}

    def teams(self, names: Sequence[str], created_at: datetime) -> list[int]:
        """Create teams and return their ids, in the order of `names`."""

        def work(session: Session) -> list[int]:
            connection = session.connection()
            ids = reserve_ids(connection, _TEAMS, len(names))
            columns = {"id": ids, "name": list(names), "created_at": [created_at] * len(names)}
            self._insert(connection, _TEAMS, columns)
            return ids

        return self.db.write(work)

    def people(self, people: Sequence[NewPerson]) -> list[int]:
        """Create people and return their ids, in the order given."""

        def work(session: Session) -> list[int]:
            connection = session.connection()
            ids = reserve_ids(connection, _PEOPLE, len(people))
            columns = {
                "id": ids,
                "pseudonym": [person.pseudonym for person in people],
                "os_account": [person.os_account for person in people],
                "team_id": [person.team_id for person in people],
                "is_admin": [person.is_admin for person in people],
                "language": [person.language for person in people],
                "created_at": [person.created_at for person in people],
            }
            self._insert(connection, _PEOPLE, columns)
            return ids

        return self.db.write(work)

    def team_leaders(self, leads: Sequence[tuple[int, int]]) -> None:
        """Record who leads which team, as (team_id, person_id) pairs."""

        def work(session: Session) -> None:
            columns = {
                "team_id": [team_id for team_id, _ in leads],
                "person_id": [person_id for _, person_id in leads],
            }
            self._insert(session.connection(), _LEADERS, columns)

        self.db.write(work)

    def shifts(self, shifts: Sequence[NewShift]) -> int:
        """Write shifts with their breaks and check-ins in one transaction; returns rows written."""

        def work(session: Session) -> int:
            connection = session.connection()
            _widen_page_cache(connection)
            ids = reserve_ids(connection, _SHIFTS, len(shifts))
            self._insert(connection, _SHIFTS, _shift_columns(ids, shifts))
            pauses = [
                (shift_id, pause)
                for shift_id, shift in zip(ids, shifts, strict=True)
                for pause in shift.breaks
            ]
            self._insert(
                connection,
                _BREAKS,
                {
                    "shift_id": [shift_id for shift_id, _ in pauses],
                    "start_at": [pause.start for _, pause in pauses],
                    "end_at": [pause.end for _, pause in pauses],
                    "kind": [pause.kind for _, pause in pauses],
                },
            )
            logged = [
                (shift_id, shift.person_id, shift.checkin)
                for shift_id, shift in zip(ids, shifts, strict=True)
                if shift.checkin is not None
            ]
            self._insert(
                connection,
                _CHECKINS,
                {
                    "shift_id": [shift_id for shift_id, _, _ in logged],
                    "person_id": [person_id for _, person_id, _ in logged],
                    "stress": [checkin.stress for _, _, checkin in logged],
                    "energy": [checkin.energy for _, _, checkin in logged],
                    "support": [checkin.support for _, _, checkin in logged],
                    "note": [checkin.note for _, _, checkin in logged],
                    "recorded_at": [checkin.recorded_at for _, _, checkin in logged],
                },
            )
            return len(shifts) + len(pauses) + len(logged)

        return self.db.write(work)

    def _insert(self, connection: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
        names = list(columns)
        if not names or not columns[names[0]]:
            return
        dialect = connection.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=names)
        order = list(compiled.positiontup or ()) if compiled.positional else names
        missing = set(order) - set(names)
        if missing:
            raise ValueError(f"bulk insert into {table.name}: no values for {sorted(missing)}")
        prepared = [self._bind(dialect, table, name, columns[name]) for name in order]
        if compiled.positional:
            rows: list[Any] = list(zip(*prepared, strict=True))
        else:
            rows = [dict(zip(order, values, strict=True)) for values in zip(*prepared, strict=True)]
        for offset in range(0, len(rows), EXECUTEMANY_ROWS):
            connection.exec_driver_sql(compiled.string, rows[offset : offset + EXECUTEMANY_ROWS])

    def _bind(self, dialect: Dialect, table: Table, name: str, values: list[Any]) -> list[Any]:
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            return values
        if isinstance(column_type, JSON):
            return [process(value) for value in values]
        seen = self._converted.setdefault((table.name, name), {})
        if len(seen) > self.MAX_REMEMBERED:
            seen.clear()
        out = []
        for value in values:
            converted = seen.get(value, _MISSING)
            if converted is _MISSING:
                converted = seen[value] = process(value)
            out.append(converted)
        return out


_MISSING = object()

# Inserting millions of rows touches index pages all over the file; SQLite's default page
# cache (2 MB) would then read most of them back from the operating system again and again.
SQLITE_BULK_CACHE_KIB = 256 * 1024


def _widen_page_cache(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")


def _shift_columns(ids: list[int], shifts: Sequence[NewShift]) -> dict[str, list[Any]]:
    facts = [shift.facts for shift in shifts]
    return {
        "id": ids,
        "person_id": [shift.person_id for shift in shifts],
        "start_at": [shift.start for shift in shifts],
        "end_at": [shift.end for shift in shifts],
        "contacts": [shift.contacts for shift in shifts],
        "difficult": [shift.difficult for shift in shifts],
        "channels": [shift.channels for shift in shifts],
        "occupancy": [shift.occupancy for shift in shifts],
        "local_date": [fact.local_date for fact in facts],
        "iso_week": [fact.iso_week for fact in facts],
        "worked_minutes": [fact.worked_minutes for fact in facts],
        "break_minutes": [fact.break_minutes for fact in facts],
        "legal_break_ok": [fact.legal_break_ok for fact in facts],
        "rest_before_minutes": [fact.rest_before_minutes for fact in facts],
    }
