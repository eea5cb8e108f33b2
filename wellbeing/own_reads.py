"""A person's own reads: their check-ins, their open flags and the plan of the day.

The use cases (`wellbeing.services.Wellbeing`) run these on their SQLAlchemy session. On a
current SQLite file, `read_quickly` runs the very same functions through the standard
library's sqlite3 instead, so that `wellbeing history`, `wellbeing flags` and the check-in
form's prefill start without importing SQLAlchemy, Alembic or the ORM models. The queries
live once, in `wellbeing.store.read_sql`, and the mapping of their rows to domain objects in
`wellbeing.store.reads`.

What fills the check-in form (the last shift, the plan of the day) is read as plain times
(`ShiftTimes`): importing this module and reading them loads no pydantic, so the form is
usable before the domain models are imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from wellbeing.domain.localtime import local_date
from wellbeing.store import read_sql
from wellbeing.store.read_sql import Reader
from wellbeing.store.schema_head import packaged_head

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.domain.findings import Finding, Overall
    from wellbeing.domain.flag_record import FlagRecord
    from wellbeing.domain.shift_times import ShiftTimes

T = TypeVar("T")
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class FlagsOverview(NamedTuple):
    overall: Overall
    flags: list[FlagRecord]


def history(reader: Reader, account: str, limit: int | None = None) -> list[Checkin]:
    """The person's check-ins, newest first (at most `limit`); none for an unknown person."""
    from wellbeing.store import reads

    person = read_sql.person_id(reader, account)
    return [] if person is None else reads.checkins(reader, person, limit=limit)


def judged_history(
    reader: Reader, account: str, limit: int | None = None
) -> list[tuple[Checkin, list[Finding]]]:
    """`history`, each check-in with what the rules found about its shift at its own time."""
    from wellbeing.store import reads

    person = read_sql.person_id(reader, account)
    if person is None:
        return []
    checkins = reads.checkins(reader, person, limit=limit)
    found = reads.kept_findings(reader, person, checkins)
    return [(checkin, found[checkin.id]) for checkin in checkins]


def flags(reader: Reader, account: str, now: datetime) -> FlagsOverview:
    """Open flags (snoozed ones included, marked by their date) and the overall level."""
    from wellbeing.domain.findings import overall
    from wellbeing.store import reads

    person = read_sql.person_id(reader, account)
    found = [] if person is None else reads.open_flags(reader, person, now)
    return FlagsOverview(overall(flag.finding() for flag in found), found)


def last_shift(reader: Reader, account: str) -> ShiftTimes | None:
    """The times of the shift of the person's newest check-in; none for an unknown person
    or one who has not checked in yet."""
    person = read_sql.person_id(reader, account)
    return None if person is None else read_sql.last_shift(reader, person)


def plan_of_the_day(reader: Reader, account: str, now: datetime) -> ShiftTimes | None:
    """The times of the planned shift to check in for now: today's once it has begun, else
    yesterday's (a night shift checked in the next morning); none once it has a check-in."""
    person = read_sql.person_id(reader, account)
    if person is None:
        return None
    today = local_date(now)
    plan = read_sql.plan_for_day(reader, person, today)
    if plan is None or plan.start > now:
        plan = read_sql.plan_for_day(reader, person, today - timedelta(days=1))
    # A plan already checked in for is done: the form moves on to the next shift.
    if plan is not None and read_sql.overlapping_shift(reader, person, plan.start, plan.end):
        return None
    return plan


class PersonReads(Protocol):
    """What both paths offer: `Wellbeing` (the use cases) and `QuickReads`."""

    clock: Clock

    def history(self, limit: int | None = None) -> list[Checkin]: ...

    def judged_history(self, limit: int | None = None) -> list[tuple[Checkin, list[Finding]]]: ...

    def flags(self) -> FlagsOverview: ...

    def last_shift(self) -> ShiftTimes | None: ...

    def plan_of_the_day(self) -> ShiftTimes | None: ...


class QuickReads:
    """The reads above for one person, on a reader of the quick path."""

    def __init__(self, reader: Reader, account: str, clock: Clock = system_clock) -> None:
        self._reader = reader
        self.account = account
        self.clock = clock

    def history(self, limit: int | None = None) -> list[Checkin]:
        return history(self._reader, self.account, limit)

    def judged_history(self, limit: int | None = None) -> list[tuple[Checkin, list[Finding]]]:
        return judged_history(self._reader, self.account, limit)

    def flags(self) -> FlagsOverview:
        return flags(self._reader, self.account, self.clock())

    def last_shift(self) -> ShiftTimes | None:
        return last_shift(self._reader, self.account)

    def plan_of_the_day(self) -> ShiftTimes | None:
        return plan_of_the_day(self._reader, self.account, self.clock())


class Unavailable(Exception):
    """The quick path cannot read this database: open it with the use cases instead, which
    upgrade an older schema or say what is wrong."""


def read_quickly(
    path_or_url: str, account: str, work: Callable[[QuickReads], T], clock: Clock = system_clock
) -> T:
    """`work` on a current SQLite file through the standard library, in one read
    transaction; Unavailable for any other database, or when SQLite reports a problem."""
    try:
        with read_sql.open_current_sqlite(path_or_url, packaged_head()) as reader:
            if reader is None:
                raise Unavailable(path_or_url)
            return work(QuickReads(reader, account, clock))
    except sqlite3.Error as exc:
        raise Unavailable(str(exc)) from exc
