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


# The scales at or above a band, named as the person reads them: one msgid per combination,
# so each language can join the names in its own way.
SCALE_NAMES: dict[tuple[str, ...], str] = {
    ("personal",): N_("personal burnout"),
    ("work",): N_("work-related burnout"),
    ("client",): N_("client-related burnout"),
    ("personal", "work"): N_("personal and work-related burnout"),
    ("personal", "client"): N_("personal and client-related burnout"),
    ("work", "client"): N_("work-related and client-related burnout"),
    ("personal", "work", "client"): N_("personal, work-related and client-related burnout"),
}
# One set of band words for both rules and their explanation (sources.CBI).
_ELEVATED = N_(
    "Your Copenhagen Burnout Inventory on {date}: {scales} at {limit} or more (moderate or worse). "
    "Scores: personal {personal}, work-related {work}, client-related {client} (0-100)."
)
_HIGH = N_(
    "Your Copenhagen Burnout Inventory on {date}: {scales} at {limit} or more (high or severe). "
    "Scores: personal {personal}, work-related {work}, client-related {client} (0-100)."
)


def cbi_elevated(context: RuleContext, settings: CbiElevatedSettings) -> list[Finding]:
    """Any CBI scale at 50 or more (moderate band); not raised when cbi.high is (the engine)."""
    return _scales_at_or_above(
        context,
        settings,
        "cbi.elevated",
        Level.WARNING,
        _ELEVATED,
        (tips.TALK_TEAMLEADER, tips.TALK_CONFIDANT, tips.CARE_OCCUPATIONAL),
    )


def cbi_high(context: RuleContext, settings: CbiHighSettings) -> list[Finding]:
    """Any CBI scale at 75 or more (high band)."""
    return _scales_at_or_above(
        context,
        settings,
        "cbi.high",
        Level.HIGH,
        _HIGH,
        (tips.CARE_OCCUPATIONAL, tips.TALK_CONFIDANT, tips.CARE_DOCTOR, tips.TALK_TEAMLEADER),
    )


def _scales_at_or_above(
    context: RuleContext,
    settings: CbiElevatedSettings | CbiHighSettings,
    rule_id: str,
    level: Level,
    message: str,
    suggestions: tuple[str, ...],
) -> list[Finding]:
    results = context.surveys_of("cbi")
    if not results or results[-1].taken_at < context.now - timedelta(days=settings.valid_days):
        return []
    result = results[-1]
    scores = {scale: float(result.scores.get(scale, 0.0)) for scale in SCALES}
    high = tuple(scale for scale in SCALES if round(scores[scale], 6) >= settings.min_score)
    if not high:
        return []
    return [
        Finding.of(
            rule_id=rule_id,
            level=level,
            message=message,
            params={
                "date": local_date(result.taken_at).isoformat(),
                **{scale: number(scores[scale]) for scale in SCALES},
                "count": len(high),
                "limit": number(settings.min_score),
                "scales": SCALE_NAMES[high],
            },
            source=sources.CBI,
            suggestions=suggestions,
        )
    ]


def cbi_window(settings: CbiElevatedSettings | CbiHighSettings) -> timedelta:
    return timedelta(days=settings.valid_days)
