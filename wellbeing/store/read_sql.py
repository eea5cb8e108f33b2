"""The person's own reads as SQL text, the connections that run them, and the reads of plain
values: who the person is, the times of their last shift and of a planned shift.

Each query lives here once, with `:name` parameters. Two kinds of connection run them:

- `session_reader`: an SQLAlchemy session (`text()` of the same SQL), on either backend; the
  repositories and the use cases read through it.
- `sqlite_reader`: a connection of the standard library's `sqlite3` to a current SQLite
  file (see `open_current_sqlite`), so that `wellbeing history`, `wellbeing flags` and the
  check-in form's prefill need neither SQLAlchemy nor Alembic.

Every query names the person (`:person_id`), so only their rows can match.

This module imports neither SQLAlchemy nor pydantic at import time: the check-in form is
filled from what it reads (`ShiftTimes`) before either is loaded. `wellbeing.store.reads`
turns the rows of the same queries into domain objects.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from wellbeing.domain.shift_times import MAX_SPAN, ShiftTimes, Span

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


# The columns of a flag as the flag reads select them, in this order.
FLAG_COLUMNS = (
    "id",
    "rule_id",
    "level",
    "evidence",
    "numbers",
    "source",
    "suggestions",
    "raised_at",
    "updated_at",
    "acknowledged_at",
    "acknowledged_level",
    "snoozed_until",
    "resolved_at",
)

# Two ranges of the (person_id, resolved_at) index: written as one OR, SQLite read every flag
# the person was ever raised to keep the open ones.
OPEN_FLAGS = f"""
SELECT {", ".join(FLAG_COLUMNS)}
FROM flags
WHERE person_id = :person_id AND resolved_at IS NULL
UNION ALL
SELECT {", ".join(FLAG_COLUMNS)}
FROM flags
WHERE person_id = :person_id AND resolved_at > :now
ORDER BY raised_at, id
"""

# The findings kept about a person's shifts from an ISO week on, with what each states, read
# through the index on (person_id, iso_week): a history lists the newest weeks.
KEPT_FINDINGS = """
SELECT f.checkin_id, f.rule_id, f.level, f.numbers, st.message, st.source, st.suggestions
FROM shift_findings AS f JOIN finding_statements AS st ON st.id = f.statement_id
WHERE f.person_id = :person_id AND f.iso_week >= :first_week
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
    """The queries on an SQLAlchemy session's connection, inside its transaction."""
    connection = session.connection()

    def run(sql: str, params: dict[str, object]) -> Sequence[Sequence[Any]]:
        return connection.execute(_statement(sql), params).all()

    return Reader(run, sqlite=connection.dialect.name == "sqlite")


@lru_cache(maxsize=32)
def _statement(sql: str) -> Any:
    """`text(sql)`, made once per query: parsing it costs more than running a one-row query
    (a check-in runs several). SQLAlchemy is imported here, not when this module is."""
    from sqlalchemy import text

    return text(sql)


def sqlite_reader(connection: sqlite3.Connection) -> Reader:
    """The queries on a connection of the standard library's sqlite3."""

    def run(sql: str, params: dict[str, object]) -> Sequence[Sequence[Any]]:
        return connection.execute(sql, params).fetchall()

    return Reader(run, sqlite=True)


# -- stored values as plain ones: one home for each, whichever reader read them.


def moment(value: object) -> datetime:
    """A stored moment as an aware UTC datetime: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a stored moment: {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def maybe_moment(value: object) -> datetime | None:
    return None if value is None else moment(value)


def json_value(value: object) -> Any:
    """A JSON column: SQLite gives its text, PostgreSQL's driver the decoded value."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def plan_times_of(start: object, end: object, breaks: object) -> ShiftTimes:
    """A planned shift's times; its breaks are stored as JSON [{"start": ISO, "end": ISO}]."""
    return ShiftTimes(
        moment(start),
        moment(end),
        tuple(
            Span(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
            for b in json_value(breaks) or []
        ),
    )


# -- the queries of plain values


def person_id(reader: Reader, account: str) -> int | None:
    rows = reader.rows(PERSON_ID, account=account)
    return int(rows[0][0]) if rows else None


def last_shift(reader: Reader, person: int) -> ShiftTimes | None:
    """The times of the shift of the person's newest check-in (the check-ins query, newest
    first, limited to one), if they have one."""
    rows = reader.rows(checkins_sql(since=False, newest_first=True), person_id=person, limit=1)
    if not rows:
        return None
    first = rows[0]
    breaks = tuple(Span(moment(row[13]), moment(row[14])) for row in rows if row[13] is not None)
    return ShiftTimes(moment(first[7]), moment(first[8]), breaks)


def plan_for_day(reader: Reader, person: int, day: date) -> ShiftTimes | None:
    """The times of the first planned shift of a local day, if the plan has one."""
    rows = reader.rows(PLAN_FOR_DAY, person_id=person, day=day)
    return plan_times_of(*rows[0]) if rows else None


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
