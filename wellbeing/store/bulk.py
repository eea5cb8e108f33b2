"""Bulk inserts for large data sets (the demo generator, imports): Core executemany, no ORM.

Rows arrive already validated and with their UTC moments and derived shift facts computed,
so the hot path does no per-row validation. Primary keys of teams, people and shifts are
reserved up front, which lets breaks and check-ins point at their shift without a round trip
per row. Each call is one retrying write transaction; callers chunk large inputs so that a
transaction (and SQLite's WAL file) stays a bounded size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import JSON, Connection, Dialect, Table, func, insert, select, text
from sqlalchemy.orm import Session

from wellbeing.domain.people import team_key
from wellbeing.domain.shift_facts import ShiftFacts
from wellbeing.store import person_week_sums
from wellbeing.store.database import Database, make_engine
from wellbeing.store.models import (
    BreakRow,
    CheckinRow,
    PersonRow,
    ShiftRow,
    TeamLeaderRow,
    TeamMembershipRow,
    TeamRow,
)
from wellbeing.store.organisation import FROM_START
from wellbeing.store.tables import table_of
from wellbeing.store.types import UTCDateTime

EXECUTEMANY_ROWS = 10_000

_TEAMS = table_of(TeamRow)
_PEOPLE = table_of(PersonRow)
_MEMBERSHIPS = table_of(TeamMembershipRow)
_LEADERS = table_of(TeamLeaderRow)
_SHIFTS = table_of(ShiftRow)
_BREAKS = table_of(BreakRow)
_CHECKINS = table_of(CheckinRow)


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


class Converter:
    """Turns Python values into what one dialect's DBAPI takes, as SQLAlchemy itself would.

    Values go through the columns' own bind processors; repeated values (a large data set
    repeats the same moments and days for many people) are converted once. A converter
    can live in another process than the writer, so that generating and converting data
    runs beside the inserts.
    """

    MAX_REMEMBERED = 1_000_000  # per column; bounds memory on very large runs

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._seen: dict[tuple[str, str], dict[Any, Any]] = {}

    @classmethod
    def for_url(cls, url: str) -> Converter:
        engine = make_engine(url, create=False)
        try:
            return cls(engine.dialect)
        finally:
            engine.dispose()

    def processor(self, table: Table, name: str) -> Callable[[Any], Any]:
        """What converts one value of a column (the value itself when nothing needs to)."""
        process = table.c[name].type.dialect_impl(self.dialect).bind_processor(self.dialect)
        return process if process is not None else _same

    def remembered(self, table: Table, name: str, most: int = MAX_REMEMBERED) -> dict[Any, Any]:
        """A memo for the values made for one column of a table (`name` need not be a
        column: a caller may remember several columns' values together), emptied when it
        holds more than `most`."""
        seen = self._seen.setdefault((table.name, name), {})
        if len(seen) > most:
            seen.clear()
        return seen

    def columns(self, table: Table, columns: dict[str, list[Any]]) -> dict[str, list[Any]]:
        return {name: self.column(table, name, values) for name, values in columns.items()}

    def column(self, table: Table, name: str, values: list[Any]) -> list[Any]:
        column_type = table.c[name].type
        process = column_type.dialect_impl(self.dialect).bind_processor(self.dialect)
        if process is None:
            return values
        if isinstance(column_type, UTCDateTime) and _same_as_utc_text(process):
            process = _utc_text
        seen = self._seen.setdefault((table.name, name), {})
        if len(seen) > self.MAX_REMEMBERED:
            seen.clear()
        if isinstance(column_type, JSON):
            return [_json(process, seen, value) for value in values]
        out = []
        for value in values:
            converted = seen.get(value, _MISSING)
            if converted is _MISSING:
                converted = seen[value] = process(value)
            out.append(converted)
        return out


_MISSING = object()


def _same(value: Any) -> Any:
    return value


def _json(process: Callable[[Any], Any], seen: dict[Any, Any], value: Any) -> Any:
    """A JSON value converted; a tuple of plain values (a list in JSON) once per value."""
    if type(value) is not tuple:
        return process(value)
    try:
        converted = seen.get(value, _MISSING)
    except TypeError:  # holds a list or a mapping
        return process(value)
    if converted is _MISSING:
        converted = seen[value] = process(value)
    return converted

# SQLite keeps a UTCDateTime as UTC text, which SQLAlchemy builds from a dict of seven fields
# for every value; datetime.isoformat gives the same text several times faster. The shortcut
# is taken only after checking that both agree, so a change of storage format cannot slip by.
_UTC_TEXT_SAMPLES = (
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
    datetime(2026, 10, 25, 2, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
    datetime(1999, 12, 31, 23, 0, 1, 7, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
)


def _utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetimes are never stored; attach a time zone first")
    return value.astimezone(UTC).isoformat(" ", "microseconds")[:-6]  # without "+00:00"


def _same_as_utc_text(process: Callable[[Any], Any]) -> bool:
    return all(process(sample) == _utc_text(sample) for sample in _UTC_TEXT_SAMPLES)


@dataclass
class PreparedShifts:
    """Shifts, breaks and check-ins converted for the DBAPI, waiting only for shift ids.

    Plain lists of plain values, so a batch prepared in a worker process pickles cheaply.
    """

    shifts: dict[str, list[Any]]
    breaks: dict[str, list[Any]]
    break_shift: list[int]  # for each break, the index of its shift in this batch
    checkins: dict[str, list[Any]]
    checkin_shift: list[int]
    count: int


def prepare_shifts(converter: Converter, shifts: Sequence[NewShift]) -> PreparedShifts:
    facts = [shift.facts for shift in shifts]
    shift_columns: dict[str, list[Any]] = {
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
    pauses = [(index, pause) for index, shift in enumerate(shifts) for pause in shift.breaks]
    break_columns: dict[str, list[Any]] = {
        "start_at": [pause.start for _, pause in pauses],
        "end_at": [pause.end for _, pause in pauses],
        "kind": [pause.kind for _, pause in pauses],
    }
    logged = [
        (index, shift.person_id, shift.checkin)
        for index, shift in enumerate(shifts)
        if shift.checkin is not None
    ]
    checkin_columns: dict[str, list[Any]] = {
        "person_id": [person_id for _, person_id, _ in logged],
        "stress": [checkin.stress for _, _, checkin in logged],
        "energy": [checkin.energy for _, _, checkin in logged],
        "support": [checkin.support for _, _, checkin in logged],
        "note": [checkin.note for _, _, checkin in logged],
        "recorded_at": [checkin.recorded_at for _, _, checkin in logged],
    }
    return PreparedShifts(
        shifts=converter.columns(_SHIFTS, shift_columns),
        breaks=converter.columns(_BREAKS, break_columns),
        break_shift=[index for index, _ in pauses],
        checkins=converter.columns(_CHECKINS, checkin_columns),
        checkin_shift=[index for index, _, _ in logged],
        count=len(shifts),
    )


class BulkWriter:
    """Bulk inserts into one database, each call one retrying write transaction.

    Rows go straight to the DBAPI's executemany with a statement compiled once, after the
    `Converter`: SQLAlchemy's per-row parameter handling would otherwise be most of the cost
    of millions of rows.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.converter = Converter(db.engine.dialect)

    def teams(self, names: Sequence[str], created_at: datetime) -> list[int]:
        """Create teams and return their ids, in the order of `names`."""
        columns: dict[str, list[Any]] = {
            "name": list(names),
            "name_key": [team_key(name) for name in names],
            "created_at": [created_at] * len(names),
        }
        return self._with_new_ids(_TEAMS, self.converter.columns(_TEAMS, columns))

    def people(self, people: Sequence[NewPerson]) -> list[int]:
        """Create people and return their ids, in the order given."""
        columns: dict[str, list[Any]] = {
            "pseudonym": [person.pseudonym for person in people],
            "os_account": [person.os_account for person in people],
            "team_id": [person.team_id for person in people],
            "is_admin": [person.is_admin for person in people],
            "language": [person.language for person in people],
            "created_at": [person.created_at for person in people],
        }
        ids = self._with_new_ids(_PEOPLE, self.converter.columns(_PEOPLE, columns))
        # Their team from the first week on, as `add_person` records it.
        members = [(pid, p.team_id) for pid, p in zip(ids, people, strict=True) if p.team_id]
        history: dict[str, list[Any]] = {
            "person_id": [person_id for person_id, _ in members],
            "since_week": [FROM_START] * len(members),
            "team_id": [team_id for _, team_id in members],
        }
        converted = self.converter.columns(_MEMBERSHIPS, history)
        self.db.write(lambda session: _execute(session.connection(), _MEMBERSHIPS, converted))
        return ids

    def team_leaders(self, leads: Sequence[tuple[int, int]]) -> None:
        """Record who leads which team, as (team_id, person_id) pairs."""
        columns = {
            "team_id": [team_id for team_id, _ in leads],
            "person_id": [person_id for _, person_id in leads],
        }
        converted = self.converter.columns(_LEADERS, columns)
        self.db.write(lambda session: _execute(session.connection(), _LEADERS, converted))

    def shifts(self, shifts: Sequence[NewShift]) -> int:
        """Write shifts with their breaks and check-ins in one transaction; returns rows written."""
        return self.write_prepared(prepare_shifts(self.converter, shifts))

    def write_prepared(self, prepared: PreparedShifts) -> int:
        """Write a prepared batch in one transaction; returns the number of rows written."""

        def work(session: Session) -> int:
            connection = session.connection()
            widen_page_cache(connection)
            ids = reserve_ids(connection, _SHIFTS, prepared.count)
            _execute(connection, _SHIFTS, {"id": ids, **prepared.shifts})
            owner = [ids[index] for index in prepared.break_shift]
            _execute(connection, _BREAKS, {"shift_id": owner, **prepared.breaks})
            owner = [ids[index] for index in prepared.checkin_shift]
            _execute(connection, _CHECKINS, {"shift_id": owner, **prepared.checkins})
            person_week_sums.refresh_people(
                session, prepared.shifts["person_id"], prepared.shifts["iso_week"]
            )
            return prepared.count + len(prepared.break_shift) + len(prepared.checkin_shift)

        return self.db.write(work)

    def _with_new_ids(self, table: Table, columns: dict[str, list[Any]]) -> list[int]:
        def work(session: Session) -> list[int]:
            connection = session.connection()
            count = len(next(iter(columns.values()), []))
            ids = reserve_ids(connection, table, count)
            _execute(connection, table, {"id": ids, **columns})
            return ids

        return self.db.write(work)


def insert_columns(connection: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
    """INSERT values converted by a `Converter`, given column by column, in executemany batches
    (for other bulk writers, such as the batch re-evaluation)."""
    _execute(connection, table, columns)


def insert_missing(connection: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
    """`insert_columns` for rows that may be stored already: a row whose key is taken is left
    out (ON CONFLICT DO NOTHING, which SQLite and PostgreSQL both read), so that writers in
    parallel can each store what they need without asking first."""
    _execute(connection, table, columns, " ON CONFLICT DO NOTHING")


def _execute(
    connection: Connection, table: Table, columns: dict[str, list[Any]], suffix: str = ""
) -> None:
    """INSERT converted values, given column by column, through the DBAPI's executemany."""
    names = list(columns)
    if not names or not columns[names[0]]:
        return
    sql, order, positional = _compiled(table, connection.dialect, tuple(names))
    values = [columns[name] for name in order]
    if positional:
        rows: list[Any] = list(zip(*values, strict=True))
    else:
        rows = [dict(zip(order, row, strict=True)) for row in zip(*values, strict=True)]
    for offset in range(0, len(rows), EXECUTEMANY_ROWS):
        connection.exec_driver_sql(sql + suffix, rows[offset : offset + EXECUTEMANY_ROWS])


@lru_cache(maxsize=64)
def _compiled(
    table: Table, dialect: Dialect, names: tuple[str, ...]
) -> tuple[str, list[str], bool]:
    """The INSERT of these columns for this dialect, with the order its parameters take and
    whether they are positional: compiled once, as a check-in writes a few rows each time."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    order = list(compiled.positiontup or ()) if compiled.positional else list(names)
    missing = set(order) - set(names)
    if missing:
        raise ValueError(f"bulk insert into {table.name}: no values for {sorted(missing)}")
    return compiled.string, order, compiled.positional


# Inserting millions of rows touches index pages all over the file; SQLite's default page
# cache (2 MB) would then read many of them back from the operating system again and again.
SQLITE_BULK_CACHE_KIB = 256 * 1024


def widen_page_cache(connection: Connection, kib: int = SQLITE_BULK_CACHE_KIB) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
