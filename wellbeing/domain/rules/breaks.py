"""break.legal and break.recovery: were the breaks the law and the guidance ask for taken?"""

from __future__ import annotations

from wellbeing.domain import suggestions as tips
from wellbeing.domain import worktime
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import format_hours
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Hours, Minutes, RuleSettings, hours, minutes
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_


class BreakLegalSettings(RuleSettings):
    after_hours: Hours
    min_break_minutes: Minutes


class BreakRecoverySettings(RuleSettings):
    max_work_minutes: Minutes
    min_break_minutes: Minutes


def break_legal(context: RuleContext, settings: BreakLegalSettings) -> list[Finding]:
    """More than 6 h worked and no break of 15 min began by the time 6 h of work were done."""
    latest = context.latest
    if latest is None:
        return []
    work = worktime.shift_work(latest.shift)
    after = hours(settings.after_hours)
    worked = work.worked
    if worked <= after:
        return []
    deadline = work.moment_worked(after)
    if deadline is None:
        return []
    minimum = minutes(settings.min_break_minutes)
    if any(end - begin >= minimum and begin <= deadline for begin, end in work.breaks):
        return []
    return [
        Finding.of(
            rule_id="break.legal",
            level=Level.WARNING,
            message=N_(
                "On {date} you worked {worked} and no break of at least {min_break} minutes "
                "began before you had worked {after}."
            ),
            params={
                "date": context.days[-1].isoformat(),
                "worked": format_hours(worked),
                "worked_minutes": round(worked.total_seconds() / 60),
                "min_break": settings.min_break_minutes,
                "after": format_hours(after),
            },
            source=sources.LEGAL_BREAK,
            suggestions=(tips.BREAK_LEGAL, tips.TALK_TEAMLEADER, tips.LEGAL_BREACH),
        )
    ]


def break_recovery(context: RuleContext, settings: BreakRecoverySettings) -> list[Finding]:
    """A stretch of more than 2 h of work without any break of at least 5 min."""
    latest = context.latest
    if latest is None:
        return []
    limit = minutes(settings.max_work_minutes)
    stretch = worktime.longest_stretch(latest.shift, minutes(settings.min_break_minutes))
    if stretch <= limit:
        return []
    return [
        Finding.of(
            rule_id="break.recovery",
            level=Level.WATCH,
            message=N_(
                "On {date} you worked {stretch} in one stretch without a break of at least "
                "{min_break} minutes; more than {limit} in a row is tiring."
            ),
            params={
                "date": context.days[-1].isoformat(),
                "stretch": format_hours(stretch),
                "stretch_minutes": round(stretch.total_seconds() / 60),
                "min_break": settings.min_break_minutes,
                "limit": format_hours(limit),
            },
            source=sources.RECOVERY_BREAK,
            suggestions=(tips.PAUSE_MICRO,),
        )
    ]
