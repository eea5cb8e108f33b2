"""Rows of the person's own reads as domain objects: check-ins, open flags, planned shifts.

The queries, the connections that run them and the reads of plain values live in
`wellbeing.store.read_sql` (re-exported here for the repositories); this module holds the one
mapping of those rows to the domain's `Checkin`, `FlagRecord` and `PlannedShift`, whichever
reader read them.

Stored rows were validated when they were written, so they become domain objects with
`model_construct` (no validation, and the domain models' validators, deferred, are not built
just to read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.schedule import PlannedBreak, PlannedShift
from wellbeing.domain.shift_times import ShiftTimes
from wellbeing.domain.worktime import shift_iso_week
from wellbeing.store import read_sql
from wellbeing.store.read_sql import (
    KEPT_FINDINGS,
    MESSAGE,
    OPEN_FLAGS,
    Reader,
    checkins_sql,
    json_value,
    maybe_moment,
    moment,
    overlapping_shift,
    person_id,
    plan_times_of,
    session_reader,
    sqlite_reader,
)

__all__ = [
    "MESSAGE",
    "Reader",
    "breaks_of",
    "checkin_of",
    "checkins",
    "flag_of",
    "kept_findings",
    "moment",
    "open_flags",
    "overlapping_shift",
    "person_id",
    "plan_for_day",
    "planned_shift_of",
    "session_reader",
    "shift_of",
    "sqlite_reader",
]


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
        channels=dict(json_value(channels) or {}),
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
    params = dict(json_value(numbers) or {})
    message = str(params.pop(MESSAGE, evidence))
    return FlagRecord.model_construct(
        id=flag_id,
        rule_id=rule_id,
        level=Level(level),
        message=message,
        params=params,
        source=source,
        suggestions=tuple(json_value(suggestions) or ()),
        raised_at=moment(raised_at),
        updated_at=moment(updated_at),
        acknowledged_at=maybe_moment(acknowledged_at),
        acknowledged_level=Level(acknowledged_level) if acknowledged_level else None,
        snoozed_until=maybe_moment(snoozed_until),
        resolved_at=maybe_moment(resolved_at),
    )


def planned(times: ShiftTimes) -> PlannedShift:
    """A planned shift from its stored times."""
    return PlannedShift.model_construct(
        start=times.start,
        end=times.end,
        breaks=tuple(PlannedBreak.model_construct(start=b.start, end=b.end) for b in times.breaks),
    )


def planned_shift_of(start: object, end: object, breaks: object) -> PlannedShift:
    """A planned shift; its breaks are stored as JSON [{"start": ISO, "end": ISO}, ...]."""
    return planned(plan_times_of(start, end, breaks))


# -- the queries of domain objects


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


def kept_findings(
    reader: Reader, person: int, checkins: Sequence[Checkin]
) -> dict[int, list[Finding]]:
    """What the rules found about each of these check-ins of the person, judged at its own
    time (an empty list for a shift without findings)."""
    found: dict[int, list[Finding]] = {checkin.id: [] for checkin in checkins}
    if not found:
        return found
    first_week = min(shift_iso_week(checkin.shift) for checkin in checkins)
    rows = reader.rows(KEPT_FINDINGS, person_id=person, first_week=first_week)
    for checkin_id, rule_id, level, numbers, message, source, suggestions in rows:
        if checkin_id in found:
            found[checkin_id].append(
                Finding.model_construct(
                    rule_id=rule_id,
                    level=Level(level),
                    message=message,
                    params=dict(json_value(numbers) or {}),
                    source=source,
                    suggestions=tuple(json_value(suggestions) or ()),
                )
            )
    return found


def plan_for_day(reader: Reader, person: int, day: date) -> PlannedShift | None:
    """The first planned shift of a local day, if the plan has one."""
    times = read_sql.plan_for_day(reader, person, day)
    return None if times is None else planned(times)
