"""What the screens show of a stored check-in, as plain text built outside the UI thread.

Widgets receive these instead of domain objects, so they never depend on how data is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from wellbeing.domain.localtime import to_local
from wellbeing.i18n import _, current_language
from wellbeing.i18n.formats import duration
from wellbeing.presentation.clock_spans import clock_span

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.domain.findings import Finding


def hours_minutes(delta: timedelta) -> str:
    """A duration as h:mm, the way rosters write it."""
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def whole_minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history table."""

    checkin_id: int
    day: str
    shift: str
    worked: str
    breaks: str
    """Break time as h:mm, like `worked`, so "0:45" cannot be read as anything but time."""
    contacts: str
    difficult: str
    stress: str
    energy: str
    findings: tuple[str, ...] = ()
    """What the rules found about this shift at its own time, one line each, in words."""
    note: str = ""

    @property
    def marks(self) -> str:
        """A flag when the rules found something, a pencil when the shift has a note: the
        table marks these rows and the pane below it says what they are."""
        return ("⚑" if self.findings else "") + ("✎" if self.note else "")

    def cells(self) -> tuple[str, ...]:
        return (
            self.day,
            self.shift,
            self.worked,
            self.breaks,
            self.contacts,
            self.difficult,
            self.stress,
            self.energy,
            self.marks,
        )


def history_row(checkin: Checkin, findings: Sequence[Finding] = ()) -> HistoryRow:
    """One line; `findings` are what the rules found about the shift at its own time."""
    from wellbeing.tui.finding_views import finding_view, level_word, most_serious_first

    shift = checkin.shift
    return HistoryRow(
        checkin_id=checkin.id,
        day=to_local(shift.start).date().isoformat(),
        shift=clock_span(shift.start, shift.end),
        worked=hours_minutes(shift.worked),
        breaks=hours_minutes(shift.break_time),
        contacts=str(shift.contacts),
        difficult=str(shift.difficult),
        stress=str(checkin.stress),
        energy=str(checkin.energy),
        findings=tuple(
            _("{level}: {finding}").format(level=level_word(view.level), finding=view.message)
            for view in most_serious_first(finding_view(finding) for finding in findings)
        ),
        note=checkin.note or "",
    )


@dataclass(frozen=True)
class SavedCheckin:
    """What the confirmation after saving says: which shift, time worked, breaks taken."""

    day: date
    shift: str
    worked: str
    break_minutes: int
    break_count: int

    @classmethod
    def from_checkin(cls, checkin: Checkin) -> SavedCheckin:
        shift = checkin.shift
        return cls(
            day=to_local(shift.start).date(),
            shift=clock_span(shift.start, shift.end),
            worked=duration(shift.worked, current_language()),
            break_minutes=whole_minutes(shift.break_time),
            break_count=len(shift.breaks),
        )
