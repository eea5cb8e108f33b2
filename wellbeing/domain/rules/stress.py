"""stress.high, stress.urgent, stress.rising and energy.low: how the person feels after work."""

from __future__ import annotations

from bisect import bisect_left
from datetime import timedelta
from typing import Annotated, Self

from pydantic import Field, model_validator

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.plural_messages import ENERGY_IN_A_ROW
from wellbeing.domain.plural_messages import STRESS_COUNT as _STRESS_COUNT
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Count, Days, RuleSettings, Score, days, joined, number
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_, _


class StressCountSettings(RuleSettings):
    """`min_count` of the last `last_count` check-ins (within `within_days`) at `min_stress`+."""

    min_stress: Score
    min_count: Count
    last_count: Count
    within_days: Days

    @model_validator(mode="after")
    def _count_fits(self) -> Self:
        if self.min_count > self.last_count:
            raise ValueError(_("min_count cannot be more than last_count"))
        return self


class StressHighSettings(StressCountSettings):
    pass


class StressUrgentSettings(StressCountSettings):
    pass


class StressRisingSettings(RuleSettings):
    recent_days: Days
    baseline_weeks: Annotated[int, Field(ge=1, le=52, strict=True)]
    min_baseline_checkins: Count
    min_recent_checkins: Count
    min_rise: Annotated[float, Field(gt=0, le=10)]


class EnergyLowSettings(RuleSettings):
    max_energy: Score
    in_a_row: Count
    within_days: Days


def stress_high(context: RuleContext, settings: StressHighSettings) -> list[Finding]:
    """Stress 7 or more in at least 3 of the last 5 check-ins."""
    return _stress_count(
        context,
        settings,
        "stress.high",
        Level.WARNING,
        sources.STRESS_HIGH,
        (tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
    )


def stress_urgent(context: RuleContext, settings: StressUrgentSettings) -> list[Finding]:
    """Stress 8 or more in at least 3 of the last 5 check-ins."""
    return _stress_count(
        context,
        settings,
        "stress.urgent",
        Level.HIGH,
        sources.STRESS_URGENT,
        (tips.TALK_TEAMLEADER, tips.CARE_OCCUPATIONAL, tips.TALK_CONFIDANT, tips.CARE_DOCTOR),
    )


def _stress_count(
    context: RuleContext,
    settings: StressCountSettings,
    rule_id: str,
    level: Level,
    source: str,
    suggestions: tuple[str, ...],
) -> list[Finding]:
    recent = context.last(settings.last_count, days(settings.within_days))
    high = [c.stress for c in recent if c.stress >= settings.min_stress]
    if len(high) < settings.min_count:
        return []
    return [
        Finding.of(
            rule_id=rule_id,
            level=level,
            message=_STRESS_COUNT,
            params={
                "count": len(high),
                "total": len(recent),
                "threshold": settings.min_stress,
                "values": joined(high),
            },
            source=source,
            suggestions=suggestions,
        )
    ]


def within_days_window(settings: StressCountSettings | EnergyLowSettings) -> timedelta:
    return timedelta(days=settings.within_days)


def stress_rising(context: RuleContext, settings: StressRisingSettings) -> list[Finding]:
    """Mean stress of the last 7 days at least 2 above the person's own 8-week baseline."""
    recent_from = context.now - days(settings.recent_days)
    baseline_from = recent_from - timedelta(weeks=settings.baseline_weeks)
    # Check-ins come by start, so each period is one slice; count them before adding up.
    starts, ordered = context.starts, context.ordered
    split = bisect_left(starts, recent_from)
    first = bisect_left(starts, baseline_from, 0, split)
    if split - first < settings.min_baseline_checkins or (
        len(ordered) - split < settings.min_recent_checkins
    ):
        return []
    # Whole scores: their sum is exact, so this is the correctly rounded mean, as fmean gives.
    recent_count, baseline_count = len(ordered) - split, split - first
    recent_mean = context.stress_total(split, len(ordered)) / recent_count
    baseline_mean = context.stress_total(first, split) / baseline_count
    rise = recent_mean - baseline_mean
    # Rounded so that 5.0 - 3.0 computed as 1.9999999 still counts as a rise of 2.
    if round(rise, 6) < settings.min_rise:
        return []
    return [
        Finding.of(
            rule_id="stress.rising",
            level=Level.WATCH,
            message=N_(
                "Your mean stress over the last {days} days is {recent}, {rise} points above "
                "your own baseline of {baseline} over the {weeks} weeks before."
            ),
            params={
                "days": settings.recent_days,
                "recent": number(recent_mean),
                "baseline": number(baseline_mean),
                "rise": number(rise),
                "weeks": settings.baseline_weeks,
                "threshold": number(settings.min_rise),
                "baseline_checkins": baseline_count,
            },
            source=sources.STRESS_RISING,
            suggestions=(tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
        )
    ]


def stress_rising_window(settings: StressRisingSettings) -> timedelta:
    return timedelta(days=settings.recent_days, weeks=settings.baseline_weeks)


def energy_low(context: RuleContext, settings: EnergyLowSettings) -> list[Finding]:
    """Energy 3 or lower in the last 3 check-ins in a row."""
    recent = context.last(settings.in_a_row, days(settings.within_days))
    if len(recent) < settings.in_a_row or any(c.energy > settings.max_energy for c in recent):
        return []
    return [
        Finding.of(
            rule_id="energy.low",
            level=Level.WARNING,
            message=ENERGY_IN_A_ROW,
            params={
                "threshold": settings.max_energy,
                "count": len(recent),
                "values": joined([c.energy for c in recent]),
            },
            source=sources.ENERGY_LOW,
            suggestions=(tips.REST_PROTECT, tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
        )
    ]
