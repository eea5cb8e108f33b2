"""Facts about one shift that are stored beside it, so team trends need no time-zone SQL.

Calendar day and ISO week are Brussels local time; minutes are real elapsed time. The legal
break check follows art. 38quater of the Arbeidswet (domain.md §4): when more than 6 hours
are worked, a break of at least 15 minutes must begin at the latest when 6 hours of work are
reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from wellbeing.domain.localtime import iso_week, iso_week_label, local_date

LEGAL_BREAK_AFTER = timedelta(hours=6)
LEGAL_BREAK_MINIMUM = timedelta(minutes=15)


class Span(Protocol):
    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True)
class ShiftFacts:
    local_date: date
    iso_week: str
    worked_minutes: int
    break_minutes: int
    legal_break_ok: bool | None  # None: no legal break was due
    rest_before_minutes: int | None  # None: no earlier shift known


def moment_worked(start: datetime, breaks: Sequence[Span], amount: timedelta) -> datetime:
    """The moment `amount` of work has been done, walking the timeline past the breaks."""
    moment, left = start, amount
    for pause in sorted(breaks, key=lambda b: b.start):
        stretch = pause.start - moment
        if stretch >= left:
            break
        left -= max(stretch, timedelta())
        moment = max(moment, pause.end)
    return moment + left


def legal_break_ok(
    start: datetime,
    end: datetime,
    breaks: Sequence[Span],
    after: timedelta = LEGAL_BREAK_AFTER,
    minimum: timedelta = LEGAL_BREAK_MINIMUM,
) -> bool | None:
    worked = (end - start) - sum((b.end - b.start for b in breaks), timedelta())
    if worked <= after:
        return None
    deadline = moment_worked(start, breaks, after)
    return any(b.end - b.start >= minimum and b.start <= deadline for b in breaks)


def shift_facts(
    start: datetime, end: datetime, breaks: Sequence[Span], previous_end: datetime | None
) -> ShiftFacts:
    break_time = sum((b.end - b.start for b in breaks), timedelta())
    return ShiftFacts(
        local_date=local_date(start),
        iso_week=iso_week_label(*iso_week(start)),
        worked_minutes=round(((end - start) - break_time).total_seconds() / 60),
        break_minutes=round(break_time.total_seconds() / 60),
        legal_break_ok=legal_break_ok(start, end, breaks),
        rest_before_minutes=rest_minutes(previous_end, start),
    )


def rest_minutes(previous_end: datetime | None, start: datetime) -> int | None:
    if previous_end is None:
        return None
    return round((start - previous_end).total_seconds() / 60)
