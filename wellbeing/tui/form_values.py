"""The check-in form as the text a person sees, and how it is prefilled.

Only the standard library and Brussels time arithmetic: the form can be filled before the
database layer, pydantic and the domain models have been loaded. It is filled from a shift's
times (`TimedShift`): the plain `ShiftTimes` read for it, or a domain `PlannedShift`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from wellbeing.domain.localtime import to_local

if TYPE_CHECKING:
    from wellbeing.domain.shift_times import TimedShift

FORM_FIELDS = (
    "date",
    "start",
    "end",
    "breaks",
    "contacts",
    "difficult",
    "stress",
    "energy",
    "note",
)

DEFAULT_START = time(9, 0)
DEFAULT_END = time(17, 0)


@dataclass(frozen=True)
class FormValues:
    """The text of every field of the check-in form, exactly as typed."""

    date: str
    start: str
    end: str
    breaks: str = ""
    contacts: str = ""
    difficult: str = ""
    stress: str = ""
    energy: str = ""
    note: str = ""


def clock_text(moment: datetime) -> str:
    return f"{to_local(moment):%H:%M}"


def prefill(
    last: TimedShift | None, now: datetime, usual: tuple[time, time] | None = None
) -> FormValues:
    """The last shift's clock times and breaks on the latest day that shift could have begun.

    Without an earlier shift, the person's usual start and end (from their settings) are
    used, else 09:00-17:00.

    Scores and counts are left empty so each check-in is rated afresh, not anchored on the
    previous one. A shift whose start time has not come yet today is taken to be yesterday's
    (a night shift checked in the next morning). When that day's shift is the last one
    recorded, the date is left empty.
    """
    if last is None:
        start, end = usual or (DEFAULT_START, DEFAULT_END)
        breaks = ""
    else:
        start = to_local(last.start).time().replace(second=0, microsecond=0)
        end = to_local(last.end).time().replace(second=0, microsecond=0)
        breaks = ", ".join(f"{clock_text(b.start)}-{clock_text(b.end)}" for b in last.breaks)
    local_now = to_local(now)
    day = local_now.date()
    if datetime.combine(day, start) > local_now.replace(tzinfo=None):
        day -= timedelta(days=1)
    # That day's shift is already recorded (just saved, say): the person names the day of the
    # shift they record next, rather than being offered one that would overlap.
    recorded = last is not None and day <= to_local(last.start).date()
    return FormValues(
        date="" if recorded else day.isoformat(),
        start=f"{start:%H:%M}",
        end=f"{end:%H:%M}",
        breaks=breaks,
    )


def from_plan(plan: TimedShift) -> FormValues:
    """The planned shift's day, times and planned breaks: the form as the plan expects it."""
    return FormValues(
        date=f"{to_local(plan.start):%Y-%m-%d}",
        start=clock_text(plan.start),
        end=clock_text(plan.end),
        breaks=", ".join(f"{clock_text(b.start)}-{clock_text(b.end)}" for b in plan.breaks),
    )
