"""cbi.elevated and cbi.high: the Copenhagen Burnout Inventory's three scales (0-100)."""

from __future__ import annotations

from datetime import timedelta

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import local_date
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Days, Percent, RuleSettings, number
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_

SCALES = ("personal", "work", "client")


class CbiElevatedSettings(RuleSettings):
    min_score: Percent
    valid_days: Days


class CbiHighSettings(RuleSettings):
    min_score: Percent
    valid_days: Days


def cbi_elevated(context: RuleContext, settings: CbiElevatedSettings) -> list[Finding]:
    """Any CBI scale at 50 or more."""
    return _scales_at_or_above(
        context,
        settings,
        "cbi.elevated",
        Level.WARNING,
        (tips.TALK_TEAMLEADER, tips.TALK_CONFIDANT),
    )


def cbi_high(context: RuleContext, settings: CbiHighSettings) -> list[Finding]:
    """Any CBI scale at 75 or more."""
    return _scales_at_or_above(
        context,
        settings,
        "cbi.high",
        Level.HIGH,
        (tips.TALK_CONFIDANT, tips.CARE_DOCTOR, tips.TALK_TEAMLEADER),
    )


def _scales_at_or_above(
    context: RuleContext,
    settings: CbiElevatedSettings | CbiHighSettings,
    rule_id: str,
    level: Level,
    suggestions: tuple[str, ...],
) -> list[Finding]:
    results = context.surveys_of("cbi")
    if not results or results[-1].taken_at < context.now - timedelta(days=settings.valid_days):
        return []
    result = results[-1]
    scores = {scale: float(result.scores.get(scale, 0.0)) for scale in SCALES}
    high = [scale for scale in SCALES if round(scores[scale], 6) >= settings.min_score]
    if not high:
        return []
    return [
        Finding(
            rule_id=rule_id,
            level=level,
            message=N_(
                "Your Copenhagen Burnout Inventory scores on {date}: personal {personal}, "
                "work-related {work}, client-related {client} (0-100); scales at {limit} or more: "
                "{count} of 3."
            ),
            params={
                "date": local_date(result.taken_at).isoformat(),
                **{scale: number(scores[scale]) for scale in SCALES},
                "count": len(high),
                "limit": number(settings.min_score),
                "scales": ", ".join(high),
            },
            source=sources.CBI,
            suggestions=suggestions,
        )
    ]


def cbi_window(settings: CbiElevatedSettings | CbiHighSettings) -> timedelta:
    return timedelta(days=settings.valid_days)
