"""who5.low, who5.very_low, who5.item_low and who5.drop: the WHO-5 Well-Being Index.

Percentage = raw score (0-25) × 4 (Topp et al. 2015; domain.md §3).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import Field

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import local_date
from wellbeing.domain.plural_messages import WHO5_ITEM_LOW
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Days, Percent, RuleSettings, joined, number
from wellbeing.domain.rules.context import RuleContext
from wellbeing.domain.surveys import SurveyResult
from wellbeing.i18n import N_


class Who5LowSettings(RuleSettings):
    max_percent: Percent
    valid_days: Days


class Who5VeryLowSettings(RuleSettings):
    max_percent: Percent
    valid_days: Days


class Who5ItemLowSettings(RuleSettings):
    max_item: Annotated[int, Field(ge=0, le=5, strict=True)]
    valid_days: Days


class Who5DropSettings(RuleSettings):
    min_drop: Annotated[float, Field(gt=0, le=100)]
    valid_days: Days
    compare_days: Days


def percent(result: SurveyResult) -> float:
    """The stored percentage, or raw × 4 when only the answers are there."""
    return float(result.scores.get("percent", sum(result.answers) * 4))


def raw(result: SurveyResult) -> float:
    return float(result.scores.get("raw", sum(result.answers)))


def latest_who5(context: RuleContext, valid_days: int) -> SurveyResult | None:
    """The most recent WHO-5, while it still describes the person (taken within valid_days)."""
    results = context.surveys_of("who5")
    if not results or results[-1].taken_at < context.now - timedelta(days=valid_days):
        return None
    return results[-1]


def who5_low(context: RuleContext, settings: Who5LowSettings) -> list[Finding]:
    """WHO-5 of 50 % or lower: poor well-being, a reason to talk about it."""
    return _at_or_below(
        context,
        settings.max_percent,
        settings.valid_days,
        "who5.low",
        Level.WARNING,
        N_(
            "Your WHO-5 well-being score on {date} is {percent} % (raw score {raw} of 25); "
            "{limit} % or lower is a reason to talk about how you are doing."
        ),
        (tips.TALK_TEAMLEADER, tips.TALK_CONFIDANT, tips.CARE_DOCTOR),
    )


def who5_very_low(context: RuleContext, settings: Who5VeryLowSettings) -> list[Finding]:
    """WHO-5 of 28 % or lower: suggest professional help, and show the support lines."""
    return _at_or_below(
        context,
        settings.max_percent,
        settings.valid_days,
        "who5.very_low",
        Level.HIGH,
        N_(
            "Your WHO-5 well-being score on {date} is {percent} % (raw score {raw} of 25); "
            "{limit} % or lower is a reason to seek professional help."
        ),
        (tips.CARE_DOCTOR, tips.SUPPORT_LINES_CODE, tips.TALK_CONFIDANT, tips.CARE_OCCUPATIONAL),
    )


def _at_or_below(
    context: RuleContext,
    limit: float,
    valid_days: int,
    rule_id: str,
    level: Level,
    message: str,
    suggestions: tuple[str, ...],
) -> list[Finding]:
    result = latest_who5(context, valid_days)
    if result is None or percent(result) > limit:
        return []
    return [
        Finding.of(
            rule_id=rule_id,
            level=level,
            message=message,
            params={
                "date": local_date(result.taken_at).isoformat(),
                "percent": number(percent(result)),
                "raw": number(raw(result)),
                "limit": number(limit),
            },
            source=sources.WHO5,
            suggestions=suggestions,
        )
    ]


def who5_item_low(context: RuleContext, settings: Who5ItemLowSettings) -> list[Finding]:
    """Any WHO-5 item answered 0 or 1: an extra reason to talk."""
    result = latest_who5(context, settings.valid_days)
    if result is None:
        return []
    low = [(n, a) for n, a in enumerate(result.answers, start=1) if a <= settings.max_item]
    if not low:
        return []
    return [
        Finding.of(
            rule_id="who5.item_low",
            level=Level.WATCH,
            message=WHO5_ITEM_LOW,
            params={
                "date": local_date(result.taken_at).isoformat(),
                "count": len(low),
                "limit": settings.max_item,
                "items": joined([n for n, _ in low]),
                "answers": joined([a for _, a in low]),
            },
            source=sources.WHO5,
            suggestions=(tips.TALK_TEAMLEADER, tips.TALK_CONFIDANT),
        )
    ]


def who5_drop(context: RuleContext, settings: Who5DropSettings) -> list[Finding]:
    """A fall of 10 points or more since the WHO-5 before (a meaningful change)."""
    result = latest_who5(context, settings.valid_days)
    if result is None:
        return []
    earlier = [
        s
        for s in context.surveys_of("who5")
        if s.taken_at < result.taken_at
        and s.taken_at >= result.taken_at - timedelta(days=settings.compare_days)
    ]
    if not earlier:
        return []
    previous = earlier[-1]
    drop = percent(previous) - percent(result)
    if round(drop, 6) < settings.min_drop:
        return []
    return [
        Finding.of(
            rule_id="who5.drop",
            level=Level.WATCH,
            message=N_(
                "Your WHO-5 well-being score fell by {drop} points, from {previous} % on "
                "{previous_date} to {percent} % on {date}."
            ),
            params={
                "drop": number(drop),
                "previous": number(percent(previous)),
                "previous_date": local_date(previous.taken_at).isoformat(),
                "percent": number(percent(result)),
                "date": local_date(result.taken_at).isoformat(),
                "threshold": number(settings.min_drop),
            },
            source=sources.WHO5,
            suggestions=(tips.TALK_TEAMLEADER, tips.CARE_DOCTOR),
        )
    ]


def valid_window(
    settings: Who5LowSettings | Who5VeryLowSettings | Who5ItemLowSettings,
) -> timedelta:
    return timedelta(days=settings.valid_days)


def drop_window(settings: Who5DropSettings) -> timedelta:
    return timedelta(days=settings.valid_days + settings.compare_days)
