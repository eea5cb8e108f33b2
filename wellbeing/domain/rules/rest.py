"""rest.daily, days.consecutive and night.consecutive: is there enough time to recover?"""

from __future__ import annotations

from bisect import bisect_left
from datetime import timedelta
from typing import Annotated

from pydantic import Field

from wellbeing.domain import suggestions as tips
from wellbeing.domain import worktime
from wellbeing.domain.checkin import MAX_SPAN, Checkin
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import format_hours, to_local
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Count, Hours, RuleSettings, hours
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_

ONE_DAY = timedelta(days=1)


class RestDailySettings(RuleSettings):
    min_rest_hours: Hours


class DaysConsecutiveSettings(RuleSettings):
    min_days: Count


class NightConsecutiveSettings(RuleSettings):
    min_nights: Count
    min_night_hours: Hours
    # Bounded away from 02:00-03:00, the hour the clocks change in Brussels.
    night_start_hour: Annotated[int, Field(ge=18, le=23, strict=True)]
    night_end_hour: Annotated[int, Field(ge=4, le=8, strict=True)]


def rest_daily(context: RuleContext, settings: RestDailySettings) -> list[Finding]:
    """Less than 11 h of real time between the previous working day and this one.

    Rest is a matter between working days (art. 38ter), so with two shifts on one day the
    rest is measured before the first of them.
    """
    latest = context.latest
    if latest is None:
        return []
    days, ordered, starts = context.days, context.ordered, context.starts
    # Days follow the order of the shifts, so today's shifts are the last slice.
    today = bisect_left(days, days[-1])
    if today == 0:
        return []
    first_today = ordered[today]
    # The latest end before today. Aware moments compare as instants, so no conversion to UTC;
    # no shift spans more than MAX_SPAN, so once an earlier start lies that far before the
    # latest end found, no shift before it can end later.
    previous = ordered[today - 1]
    for index in range(today - 2, -1, -1):
        if starts[index] + MAX_SPAN < previous.shift.end:
            break
        if ordered[index].shift.end > previous.shift.end:
            previous = ordered[index]
    rest = worktime.rest_between(previous.shift, first_today.shift)
    minimum = hours(settings.min_rest_hours)
    if rest >= minimum or rest < timedelta():
        return []
    return [
        Finding.of(
            rule_id="rest.daily",
            level=Level.WARNING,
            message=N_(
                "Only {rest} passed between the end of your shift at {previous_end} and the "
                "start of your shift at {start}; the minimum rest is {minimum}."
            ),
            params={
                "rest": format_hours(rest),
                "rest_minutes": round(rest.total_seconds() / 60),
                "previous_end": f"{to_local(previous.shift.end):%Y-%m-%d %H:%M}",
                "start": f"{to_local(first_today.shift.start):%Y-%m-%d %H:%M}",
                "minimum": format_hours(minimum),
            },
            source=sources.DAILY_REST,
            suggestions=(tips.REST_PROTECT, tips.TALK_TEAMLEADER, tips.LEGAL_BREACH),
        )
    ]


def rest_daily_window(settings: RestDailySettings) -> timedelta:
    return timedelta(hours=settings.min_rest_hours) + MAX_SPAN + ONE_DAY


def days_consecutive(context: RuleContext, settings: DaysConsecutiveSettings) -> list[Finding]:
    """The 7th calendar day in a row with a shift (a shift counts on the day it starts)."""
    latest = context.latest
    if latest is None:
        return []
    # Days come in order: walk back from the latest while each day follows the one before.
    days = context.days
    last = first = days[-1]
    for day in reversed(days):
        if day == first - ONE_DAY:
            first = day
        elif day != first:
            break
    run = (last - first).days + 1
    if run < settings.min_days:
        return []
    return [
        Finding.of(
            rule_id="days.consecutive",
            level=Level.WARNING,
            message=N_(
                "You have had a shift on {days} calendar days in a row, from {first} to {last}."
            ),
            params={
                "days": run,
                "limit": settings.min_days,
                "first": first.isoformat(),
                "last": last.isoformat(),
            },
            source=sources.CONSECUTIVE_DAYS,
            suggestions=(tips.REST_PROTECT, tips.TALK_TEAMLEADER),
        )
    ]


def days_consecutive_window(settings: DaysConsecutiveSettings) -> timedelta:
    return ONE_DAY * (settings.min_days + 1)


def night_consecutive(context: RuleContext, settings: NightConsecutiveSettings) -> list[Finding]:
    """The 4th or later night shift on consecutive days, a night shift having at least 3 h
    worked between 23:00 and 06:00 (so a late shift ending by midnight is no night)."""
    latest = context.latest
    if latest is None or not is_night(latest, settings):
        return []
    day = worktime.shift_day(latest.shift)
    run = 1
    for earlier in reversed(context.earlier):
        if not is_night(earlier, settings):
            break
        earlier_day = worktime.shift_day(earlier.shift)
        if earlier_day == day:
            continue
        if earlier_day != day - ONE_DAY:
            break
        run, day = run + 1, earlier_day
    if run < settings.min_nights:
        return []
    night = worktime.night_time(latest.shift, settings.night_start_hour, settings.night_end_hour)
    return [
        Finding.of(
            rule_id="night.consecutive",
            level=Level.WARNING,
            message=N_(
                "This was night shift {nights} in a row, with {night_hours} worked between "
                "{night_start} and {night_end} this time."
            ),
            params={
                "nights": run,
                "limit": settings.min_nights,
                "night_hours": format_hours(night),
                "night_start": f"{settings.night_start_hour:02d}:00",
                "night_end": f"{settings.night_end_hour:02d}:00",
            },
            source=sources.CONSECUTIVE_NIGHTS,
            suggestions=(tips.REST_PROTECT, tips.TALK_TEAMLEADER),
        )
    ]


def night_consecutive_window(settings: NightConsecutiveSettings) -> timedelta:
    return ONE_DAY * (settings.min_nights + 1)


def is_night(checkin: Checkin, settings: NightConsecutiveSettings) -> bool:
    """A night shift as this rule counts them (a replay remembers it per check-in)."""
    return worktime.is_night_shift(
        checkin.shift,
        hours(settings.min_night_hours),
        settings.night_start_hour,
        settings.night_end_hour,
    )
