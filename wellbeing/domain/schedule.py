"""Planned shifts from a person's own schedule, and how a shift compares with its plan.

A plan says when a shift should start and end and which breaks it should have; the check-in
says what happened. Comparing the two from the agent's side is what the feedback after a
check-in adds when a plan exists.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, model_validator

from wellbeing.domain.checkin import EARLIEST, LATEST, MAX_SPAN
from wellbeing.domain.localtime import local_date, to_local
from wellbeing.i18n import _, ngettext

# A shift that ends this much after its planned end has "run over" (a few minutes to finish a
# call is ordinary; a quarter of an hour is unpaid work the person should see).
RAN_OVER_AFTER = timedelta(minutes=10)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class PlannedBreak(_Frozen):
    """A planned break: two aware moments."""

    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> PlannedBreak:
        if self.end <= self.start:
            raise ValueError(_("a break must end after it starts"))
        return self

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


class PlannedShift(_Frozen):
    """A shift as the schedule plans it, with its planned breaks."""

    start: datetime
    end: datetime
    breaks: tuple[PlannedBreak, ...] = ()

    @model_validator(mode="after")
    def _sensible(self) -> PlannedShift:
        if self.end <= self.start:
            raise ValueError(_("a shift must end after it starts"))
        if self.end - self.start > MAX_SPAN:
            raise ValueError(
                _("a shift cannot last more than {hours} hours").format(
                    hours=int(MAX_SPAN.total_seconds() // 3600)
                )
            )
        if not (self.start >= EARLIEST and self.end < LATEST):
            raise ValueError(
                _("must be a date from the year {first} to {last}").format(
                    first=EARLIEST.year, last=LATEST.year - 1
                )
            )
        for pause in self.breaks:
            if pause.start < self.start or pause.end > self.end:
                raise ValueError(_("a planned break lies outside its shift"))
        return self

    @property
    def local_date(self) -> date:
        return local_date(self.start)


class PlannedShiftRecord(_Frozen):
    """A stored planned shift, with its id, and whether a check-in covers it."""

    id: int
    shift: PlannedShift
    checked_in: bool = False


def compare_breaks(planned: Sequence[PlannedBreak], taken: Sequence[timedelta]) -> str:
    """E.g. "planned 2 breaks of 15 min; you took 1 break of 10 min"."""
    planned_minutes = [pause.minutes for pause in planned]
    taken_minutes = [round(span.total_seconds() / 60) for span in taken]
    if not planned_minutes:
        first = _("no breaks planned")
    elif len(set(planned_minutes)) == 1:
        first = ngettext(
            "planned {count} break of {minutes} min",
            "planned {count} breaks of {minutes} min",
            len(planned_minutes),
        ).format(count=len(planned_minutes), minutes=planned_minutes[0])
    else:
        first = _("planned {count} breaks, {minutes} min in all").format(
            count=len(planned_minutes), minutes=sum(planned_minutes)
        )
    if not taken_minutes:
        second = _("you took none")
    elif len(set(taken_minutes)) == 1:
        second = ngettext(
            "you took {count} break of {minutes} min",
            "you took {count} breaks of {minutes} min",
            len(taken_minutes),
        ).format(count=len(taken_minutes), minutes=taken_minutes[0])
    else:
        second = _("you took {count}, {minutes} min in all").format(
            count=len(taken_minutes), minutes=sum(taken_minutes)
        )
    # The two halves joined as the language punctuates them (French: " ; ").
    return _("{planned}; {taken}").format(planned=first, taken=second)


def ran_over(plan: PlannedShift, actual_end: datetime) -> str | None:
    """A sentence when the shift ended well after its planned end, else None."""
    late = actual_end - plan.end
    if late < RAN_OVER_AFTER:
        return None
    return _("your shift ran {minutes} min past its planned end of {end}").format(
        minutes=round(late.total_seconds() / 60), end=f"{to_local(plan.end):%H:%M}"
    )


def plan_feedback(
    plan: PlannedShift, actual_end: datetime, taken: Sequence[timedelta]
) -> list[str]:
    """What the feedback after a check-in says about the plan of that shift."""
    lines = [_("Breaks: {comparison}.").format(comparison=compare_breaks(plan.breaks, taken))]
    over = ran_over(plan, actual_end)
    if over is not None:
        lines.append(_("Overtime: {text}.").format(text=over))
    return lines


def find_overlap(shifts: Sequence[PlannedShift]) -> tuple[int, int] | None:
    """The indexes (earlier, later) of the first two shifts that overlap, if any."""
    order = sorted(range(len(shifts)), key=lambda index: shifts[index].start)
    for before, after in itertools.pairwise(order):
        if shifts[after].start < shifts[before].end:
            return before, after
    return None


def import_summary(shifts: int, added: int, updated: int, unchanged: int, removed: int) -> str:
    """What an import did, in one sentence."""
    return ngettext(
        "Imported {shifts} planned shift: {added} new, {updated} changed, "
        "{unchanged} unchanged, {removed} removed.",
        "Imported {shifts} planned shifts: {added} new, {updated} changed, "
        "{unchanged} unchanged, {removed} removed.",
        shifts,
    ).format(shifts=shifts, added=added, updated=updated, unchanged=unchanged, removed=removed)
