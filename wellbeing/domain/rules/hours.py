"""shift.long and week.hours: how much was worked in a shift and in an ISO week."""

from __future__ import annotations

from bisect import bisect_left
from datetime import timedelta
from typing import Annotated, Self

from pydantic import Field, model_validator

from wellbeing.domain import suggestions as tips
from wellbeing.domain import worktime
from wellbeing.domain.checkin import MAX_SPAN, Shift
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import format_hours
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Hours, RuleSettings, hours
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_, _


class ShiftLongSettings(RuleSettings):
    max_worked_hours: Hours
    high_worked_hours: Hours
    max_span_hours: Hours
    split_break_hours: Hours

    @model_validator(mode="after")
    def _high_above_warning(self) -> Self:
        if self.high_worked_hours < self.max_worked_hours:
            raise ValueError(_("high_worked_hours cannot be less than max_worked_hours"))
        return self


class WeekHoursSettings(RuleSettings):
    max_hours: Annotated[float, Field(gt=0, le=168)]


def working_span(shifts: list[Shift], split: timedelta) -> timedelta:
    """From the first start to the last end of a working day, less every pause of at least
    `split` between two stretches of work (a split shift's long gap is no working time)."""
    periods = sorted(period for shift in shifts for period in worktime.work_periods(shift))
    if not periods:
        return timedelta()
    span = periods[-1][1] - periods[0][0]
    reach = periods[0][1]
    for begin, end in periods[1:]:
        if begin - reach >= split:
            span -= begin - reach
        reach = max(reach, end)
    return span


def _within_limits(shift: Shift, settings: ShiftLongSettings) -> bool:
    """Whether a shift alone lasts no longer than the lower limits, so that neither its work
    (never more than its span) nor its span without long breaks can pass them."""
    span = worktime.span(shift)
    return span <= hours(settings.max_worked_hours) and span <= hours(settings.max_span_hours)


def shift_long(context: RuleContext, settings: ShiftLongSettings) -> list[Finding]:
    """More than 10 h worked (warning); more than 11 h worked or a span of more than 12 h,
    split-shift gaps left out (high).

    The limits are per working day (Labour Act), so two shifts that start on the same day are
    judged together: a split shift by its span without the long gap, a double shift by all
    its work.
    """
    latest = context.latest
    if latest is None:
        return []
    day = context.days[-1]
    # Days follow the order of the shifts, so the latest day's shifts are the last slice.
    same_day = [c.shift for c in context.ordered[bisect_left(context.days, day) :]]
    if len(same_day) == 1 and _within_limits(same_day[0], settings):
        return []
    worked = sum((worktime.worked_time(s) for s in same_day), timedelta())
    span = working_span(same_day, timedelta(hours=settings.split_break_hours))
    max_span = timedelta(hours=settings.max_span_hours)
    high_worked = timedelta(hours=settings.high_worked_hours)
    max_worked = hours(settings.max_worked_hours)
    if span > max_span:
        level, limit = Level.HIGH, max_span
        message = N_(
            "Your working day on {date} lasted {span} from start to end (breaks of {split} or "
            "longer not counted), more than {limit}; you worked {worked}."
        )
    elif worked > high_worked:
        level, limit = Level.HIGH, high_worked
        message = N_("On {date} you worked {worked}, more than {limit}.")
    elif worked > max_worked:
        level, limit = Level.WARNING, max_worked
        message = N_("On {date} you worked {worked}, more than {limit}.")
    else:
        return []
    params: dict[str, int | float | str] = {
        "date": day.isoformat(),
        "worked": format_hours(worked),
        "span": format_hours(span),
        "worked_minutes": round(worked.total_seconds() / 60),
        "span_minutes": round(span.total_seconds() / 60),
        "split": format_hours(timedelta(hours=settings.split_break_hours)),
        "limit": format_hours(limit),
    }
    return [
        Finding.of(
            rule_id="shift.long",
            level=level,
            message=message,
            params=params,
            source=sources.LONG_SHIFT,
            suggestions=(
                tips.REST_PROTECT,
                tips.CARE_OCCUPATIONAL,
                tips.TALK_TEAMLEADER,
                tips.LEGAL_BREACH,
            ),
        )
    ]


def week_hours(context: RuleContext, settings: WeekHoursSettings) -> list[Finding]:
    """More than 45 h worked in the ISO week of the latest shift (split at Sunday midnight)."""
    latest = context.latest
    if latest is None:
        return []
    week = worktime.shift_iso_week(latest.shift)
    first, last = worktime.utc_week_bounds(week)
    # No shift spans more than MAX_SPAN, so only those starting after `first - MAX_SPAN` can
    # reach into the week (and none in the context starts after the latest, within the week).
    ordered = context.ordered
    since = bisect_left(context.starts, first - MAX_SPAN)
    limit = hours(settings.max_hours)
    # No shift works longer than it lasts: when even the spans of these shifts stay within
    # the limit, the week's work does too, and splitting them at the week's bounds is skipped.
    if context.span_total(since, len(ordered)) <= limit:
        return []
    # A shift outside the week adds nothing to it; leaving it out saves splitting it.
    touching = [c.shift for c in ordered[since:] if c.shift.end > first and c.shift.start < last]
    total = worktime.week_worked(touching, week)
    if total <= limit:
        return []
    return [
        Finding.of(
            rule_id="week.hours",
            level=Level.WARNING,
            message=N_("You worked {worked} in ISO week {week}, more than {limit}."),
            params={
                "week": week,
                "worked": format_hours(total),
                "worked_minutes": round(total.total_seconds() / 60),
                "limit": format_hours(limit),
            },
            source=sources.WEEK_HOURS,
            suggestions=(tips.REST_PROTECT, tips.TALK_TEAMLEADER, tips.LEGAL_BREACH),
        )
    ]


def week_hours_window(_: WeekHoursSettings) -> timedelta:
    """A whole ISO week, plus a day for a shift that began the Sunday before."""
    return timedelta(days=8)
