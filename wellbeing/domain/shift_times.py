"""A shift's times as plain values: its start, its end and its breaks, nothing more.

What the check-in form starts from (the plan of the day or the last shift) is read as these,
so that the form can be filled before pydantic and the domain models are loaded. The domain's
`Shift` and `PlannedShift` carry the same times, validated; `TimedShift` is what all three
offer to whoever only needs the times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

# The longest a shift may last: a longer one is refused as a typing error.
MAX_SPAN = timedelta(hours=16)


class TimedSpan(Protocol):
    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


class TimedShift(TimedSpan, Protocol):
    @property
    def breaks(self) -> Sequence[TimedSpan]: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A break: aware start and end."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class ShiftTimes:
    """A stored shift's or planned shift's start, end and breaks (aware, in time order)."""

    start: datetime
    end: datetime
    breaks: tuple[Span, ...] = ()
