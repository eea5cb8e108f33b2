"""The person's own reads as SQL text: their check-ins, open flags and plan of the day.

Each query lives here once, with `:name` parameters, and so does the mapping of its rows to
domain objects. Two kinds of connection run them:

- `session_reader`: an SQLAlchemy session (`text()` of the same SQL), on either backend; the
  repositories and the use cases read through it.
- `sqlite_reader`: a connection of the standard library's `sqlite3` to a current SQLite
  file (see `open_current_sqlite`), so that `wellbeing history`, `wellbeing flags` and the
  check-in form's prefill need neither SQLAlchemy nor Alembic.

Every query names the person (`:person_id`), so only their rows can match.

This module imports no SQLAlchemy at import time. Stored rows were validated when they were
written, so they become domain objects with `model_construct` (no validation, and the domain
models' validators, deferred, are not built just to read).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from wellbeing.domain.checkin import MAX_SPAN, Break, Checkin, Shift
from wellbeing.domain.findings import Level
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.schedule import PlannedBreak, PlannedShift

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Key of the untranslated template inside a flag's `numbers` column.
MESSAGE = "message"

PERSON_ID = "SELECT id FROM people WHERE os_account = :account"

# The person's check-ins with their shift and breaks, one row per break (or one row without
# a break). The check-ins are chosen first, so that a limit counts check-ins, not breaks.
_CHECKINS = """
SELECT c.id, c.stress, c.energy, c.support, c.note, c.recorded_at, c.shift_id,
       s.start_at, s.end_at, s.contacts, s.difficult, s.occupancy, s.channels,
       b.start_at, b.end_at, b.kind
FROM (
    SELECT checkins.id AS id
    FROM checkins JOIN shifts ON shifts.id = checkins.shift_id
    WHERE checkins.person_id = :person_id{since}
    ORDER BY shifts.start_at {order}, checkins.id {order}
    LIMIT :limit
) AS chosen
JOIN checkins AS c ON c.id = chosen.id
JOIN shifts AS s ON s.id = c.shift_id
LEFT JOIN breaks AS b ON b.shift_id = s.id
ORDER BY s.start_at {order}, c.id {order}, b.start_at
"""
# Naming the shift's owner too lets the database read just the window through the index on
# shifts (person_id, start_at), instead of every check-in the person ever made.
_SINCE = "\n      AND shifts.person_id = :person_id AND shifts.start_at >= :since"


def checkins_sql(*, since: bool, newest_first: bool) -> str:
    """The check-ins query: from `:since` on or all of them, newest or oldest first."""
    order = "DESC" if newest_first else "ASC"
    return _CHECKINS.format(since=_SINCE if since else "", order=order)


OPEN_FLAGS = """
SELECT id, rule_id, level, evidence, numbers, source, suggestions, raised_at, updated_at,
       acknowledged_at, acknowledged_level, snoozed_until, resolved_at
FROM flags
WHERE person_id = :person_id AND (resolved_at IS NULL OR resolved_at > :now)
ORDER BY raised_at, id
"""

PLAN_FOR_DAY = """
SELECT start_at, end_at, breaks
FROM planned_shifts
WHERE person_id = :person_id AND local_date = :day
ORDER BY start_at
LIMIT 1
"""

# No shift spans more than MAX_SPAN, so one that started before `:earliest` cannot overlap;
# the bound keeps the index search to the last hours instead of the whole history.
OVERLAPPING_SHIFT = """
SELECT start_at, end_at
FROM shifts
WHERE person_id = :person_id AND start_at < :end AND end_at > :start AND start_at > :earliest
LIMIT 1
"""

# The revision Alembic recorded, compared with the package's before the quick path reads.
STORED_REVISION = "SELECT version_num FROM alembic_version"


class Reader:
    """Runs the queries above on one connection, with parameters in that database's form.

    `run(sql, params)` returns the rows as sequences. SQLite keeps moments as UTC text
    ('2026-11-20 08:15:00.000000', as SQLAlchemy writes them) and dates as ISO text, so
    they are passed that way there; PostgreSQL takes them as they are.
    """

    def __init__(
        self, run: Callable[[str, dict[str, object]], Sequence[Sequence[Any]]], *, sqlite: bool
    ) -> None:
        self._run = run
        self.sqlite = sqlite

    def rows(self, sql: str, **params: object) -> Sequence[Sequence[Any]]:
        return self._run(sql, {name: self._param(value) for name, value in params.items()})

    def _param(self, value: object) -> object:
        if not self.sqlite:
            return value
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if isinstance(value, date):
            return value.isoformat()
        return value

    def no_limit(self) -> int | None:
        """LIMIT's "all rows": SQLite takes a negative number, PostgreSQL NULL."""
        return -1 if self.sqlite else None


def session_reader(session: Session) -> Reader:
    """The queries on an SQLAlchemy session, inside its transaction."""
    from sqlalchemy import text

    def run(sql: str, params: dict[str, object]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), params).all()

    return Reader(run, sqlite=session.get_bind().dialect.name == "sqlite")


def sqlite_reader(connection: sqlite3.Connection) -> Reader:
    """The queries on a connection of the standard library's sqlite3."""

    def run(sql: str, params: dict[str, object]) -> Sequence[Sequence[Any]]:
        return connection.execute(sql, params).fetchall()

    return Reader(run, sqlite=True)


# -- from stored values to domain objects: one home for each, whichever reader read them.


def moment(value: object) -> datetime:
    """A stored moment as an aware UTC datetime: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a stored moment: {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _maybe_moment(value: object) -> datetime | None:
    return None if value is None else moment(value)


def _json(value: object) -> Any:
    """A JSON column: SQLite gives its text, PostgreSQL's driver the decoded value."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def breaks_of(spans: Sequence[Sequence[Any]]) -> tuple[Break, ...]:
    """(start, end, kind) of a shift's breaks, in time order, as Break objects."""
    return tuple(
        Break.model_construct(start=moment(start), end=moment(end), kind=kind)
        for start, end, kind in spans
    )


def shift_of(
    shift_id: int,
    start: object,
    end: object,
    breaks: tuple[Break, ...],
    contacts: int,
    difficult: int,
    occupancy: float | None,
) -> Shift:
    return Shift.model_construct(
        id=shift_id,
        start=moment(start),
        end=moment(end),
        breaks=breaks,
        contacts=contacts,
        difficult=difficult,
        occupancy=occupancy,
    )


def checkin_of(
    checkin_id: int,
    shift: Shift,
    stress: int,
    energy: int,
    support: int | None,
    note: str | None,
    channels: object,
    recorded_at: object,
) -> Checkin:
    return Checkin.model_construct(
        id=checkin_id,
        shift=shift,
        stress=stress,
        energy=energy,
        support=support,
        note=note,
        channels=dict(_json(channels) or {}),
        recorded_at=moment(recorded_at),
    )


def flag_of(row: Sequence[Any]) -> FlagRecord:
    """A flag from the columns OPEN_FLAGS selects, in that order."""
    (
        flag_id,
        rule_id,
        level,
        evidence,
        numbers,
        source,
        suggestions,
        raised_at,
        updated_at,
        acknowledged_at,
        acknowledged_level,
        snoozed_until,
        resolved_at,
    ) = row
    params = dict(_json(numbers) or {})
    message = str(params.pop(MESSAGE, evidence))
    return FlagRecord.model_construct(
        id=flag_id,
        rule_id=rule_id,
        level=Level(level),
        message=message,
        params=params,
        source=source,
        suggestions=tuple(_json(suggestions) or ()),
        raised_at=moment(raised_at),
        updated_at=moment(updated_at),
        acknowledged_at=_maybe_moment(acknowledged_at),
        acknowledged_level=Level(acknowledged_level) if acknowledged_level else None,
        snoozed_until=_maybe_moment(snoozed_until),
        resolved_at=_maybe_moment(resolved_at),
    )


def planned_shift_of(start: object, end: object, breaks: object) -> PlannedShift:
    """A planned shift; its breaks are stored as JSON [{"start": ISO, "end": ISO}, ...]."""
    return PlannedShift.model_construct(
        start=moment(start),
        end=moment(end),
        breaks=tuple(
            PlannedBreak.model_construct(
                start=datetime.fromisoformat(b["start"]), end=datetime.fromisoformat(b["end"])
            )
            for b in _json(breaks) or []
        ),
    )


# -- the queries


def person_id(reader: Reader, account: str) -> int | None:
    rows = reader.rows(PERSON_ID, account=account)
    return int(rows[0][0]) if rows else None


def checkins(
    reader: Reader,
    person: int,
    *,
    since: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = True,
) -> list[Checkin]:
    """The person's check-ins with their shifts and breaks (from `since` on, at most
    `limit`), newest or oldest first."""
    sql = checkins_sql(since=since is not None, newest_first=newest_first)
    params: dict[str, object] = {
        "person_id": person,
        "limit": limit if limit is not None else reader.no_limit(),
    }
    if since is not None:
        params["since"] = since
    found: list[Checkin] = []
    current: list[Any] | None = None
    spans: list[tuple[Any, Any, Any]] = []

    def finish() -> None:
        if current is not None:
            (cid, stress, energy, support, note, recorded, sid, start, end, contacts, difficult,
             occupancy, channels) = current  # fmt: skip
            shift = shift_of(sid, start, end, breaks_of(spans), contacts, difficult, occupancy)
            found.append(checkin_of(cid, shift, stress, energy, support, note, channels, recorded))

    for row in reader.rows(sql, **params):
        if current is None or row[0] != current[0]:
            finish()
            current, spans = list(row[:13]), []
        if row[13] is not None:
            spans.append((row[13], row[14], row[15]))
    finish()
    return found


def open_flags(reader: Reader, person: int, now: datetime) -> list[FlagRecord]:
    """The person's flags open at `now`: an episode is open until its resolution, which may
    lie ahead (its evidence is still in the rule's window)."""
    return [flag_of(row) for row in reader.rows(OPEN_FLAGS, person_id=person, now=now)]


def plan_for_day(reader: Reader, person: int, day: date) -> PlannedShift | None:
    """The first planned shift of a local day, if the plan has one."""
    rows = reader.rows(PLAN_FOR_DAY, person_id=person, day=day)
    return planned_shift_of(*rows[0]) if rows else None


def overlapping_shift(
    reader: Reader, person: int, start: datetime, end: datetime
) -> tuple[datetime, datetime] | None:
    """Start and end of a shift of the person's that overlaps [start, end], if any."""
    rows = reader.rows(
        OVERLAPPING_SHIFT, person_id=person, start=start, end=end, earliest=start - MAX_SPAN
    )
    return (moment(rows[0][0]), moment(rows[0][1])) if rows else None


# -- the quick path: a current SQLite file through the standard library


BUSY_TIMEOUT_MS = 5000


def plain_sqlite_file(path_or_url: str) -> Path | None:
    """The file a database setting names when it is a plain, existing SQLite file that this
    process may write (so that SQLite can use its -wal and -shm files beside it); None for
    anything else (a server, a missing or read-only file, a URL with options), which the
    full database layer opens."""
    if path_or_url.startswith("sqlite:///"):
        rest = path_or_url[len("sqlite:///") :]
        if "?" in rest or not rest:
            return None
        path = Path(unquote(rest))
    elif "://" in path_or_url or "\x00" in path_or_url:
        return None
    else:
        path = Path(path_or_url).expanduser()
    try:
        path = path.resolve()
        if not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    return path


@contextmanager
def open_current_sqlite(path_or_url: str, head: str) -> Iterator[Reader | None]:
    """A reader in one read transaction on a plain SQLite file whose schema revision is
    `head`; None when the file is not plainly that (the full database layer then opens it,
    upgrading it or saying what is wrong). A database error while reading propagates as
    sqlite3.Error, for the caller to fall back on the full layer too."""
    path = plain_sqlite_file(path_or_url)
    if path is None:
        yield None
        return
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(path))}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error:
        yield None
        return
    try:
        connection.isolation_level = None
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("BEGIN")
        try:
            stored = connection.execute(STORED_REVISION).fetchall()
        except sqlite3.Error:
            stored = []
        if [tuple(row) for row in stored] != [(head,)]:
            connection.execute("ROLLBACK")
            yield None
            return
        yield sqlite_reader(connection)
        connection.execute("COMMIT")
    finally:
        connection.close()
