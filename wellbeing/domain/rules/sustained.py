"""sustained: three ISO weeks in a row, each bringing new signs of strain from that week.

A week counts when a check-in of that week, judged at its own time, gives a stress, energy or
difficult-contacts finding, or when a questionnaire answered that week gives a low result. A
result carried over from an earlier week and the planning rules (breaks, rest, hours, days,
nights) never make a week count, so a single low WHO-5 followed by healthy weeks stays one week.
Everything is read from the context, so the result does not depend on the order rows were
recorded in.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, timedelta
from functools import lru_cache
from typing import Annotated

from pydantic import Field

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.localtime import iso_week, iso_week_label, local_date
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import RuleSettings, StrainChecks
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_

MAX_WEEKS = 12  # the longest run a rules file may ask for
# Made once: the rule is judged at every shift.
_DAYS = tuple(timedelta(days=n) for n in range(7))
_WEEKS = tuple(timedelta(weeks=n) for n in range(MAX_WEEKS + 1))


class SustainedSettings(RuleSettings):
    weeks: Annotated[int, Field(ge=2, le=MAX_WEEKS, strict=True)]


def week_labels(context: RuleContext, weeks: int) -> tuple[str, ...]:
    """The current ISO week and the ones before it, newest first ("2026-W48", "2026-W47")."""
    return _week_labels(local_date(context.now), weeks)


@lru_cache(maxsize=1 << 10)
def _week_labels(today: date, weeks: int) -> tuple[str, ...]:
    # Remembered: once the rule fires, it fires again at most shifts of the same weeks.
    return tuple(iso_week_label(*iso_week(today - timedelta(weeks=n))) for n in range(weeks))


def sustained(
    context: RuleContext, settings: SustainedSettings, strain: StrainChecks
) -> list[Finding]:
    """New strain evidence in each of the last 3 ISO weeks, this one included."""
    today = local_date(context.now)
    monday = today - _DAYS[today.weekday()]
    for n in range(settings.weeks):  # newest first: most evaluations stop at this week
        first = monday - _WEEKS[n]
        if not strained_week(context, first, strain):
            return []
    labels = week_labels(context, settings.weeks)
    return [
        Finding.of(
            rule_id="sustained",
            level=Level.HIGH,
            message=N_(
                "Each of the last {weeks} ISO weeks, from {first} to {last}, brought new signs "
                "of strain (stress, energy, difficult contacts or a low questionnaire)."
            ),
            params={"weeks": settings.weeks, "first": labels[-1], "last": labels[0]},
            source=sources.SUSTAINED,
            suggestions=(
                tips.CARE_OCCUPATIONAL,
                tips.TALK_TEAMLEADER,
                tips.TALK_CONFIDANT,
                tips.CARE_DOCTOR,
            ),
        )
    ]


def strained_week(context: RuleContext, monday: date, strain: StrainChecks) -> bool:
    """Whether the week from `monday` brought strain evidence of its own."""
    next_monday = monday + _WEEKS[1]
    days, ordered, starts = context.days, context.ordered, context.starts
    # Days follow the order of the shifts, so the week's check-ins are one slice.
    low, high = bisect_left(days, monday), bisect_left(days, next_monday)
    memo = context.strain_memo
    for index in range(min(high, len(ordered)) - 1, low - 1, -1):
        checkin = ordered[index]
        strained = memo.get(checkin.id) if memo is not None else None
        if strained is None:
            at_its_time = RuleContext.from_ordered(
                ordered[: index + 1],
                now=checkin.shift.end.astimezone(UTC),
                checkin=checkin,
                starts=starts[: index + 1],
                days=days[: index + 1],
            )
            strained = any(check(at_its_time) for check in strain.checkin)
            if memo is not None:
                memo[checkin.id] = strained
        if strained:
            return True
    for result in context.surveys:
        if monday <= local_date(result.taken_at) < next_monday and result.taken_at <= context.now:
            answered = RuleContext(checkins=(), surveys=(result,), now=result.taken_at)
            if any(check(answered) for check in strain.survey):
                return True
    return False


def sustained_window(settings: SustainedSettings) -> timedelta:
    """The weeks it looks at; the engine adds the longest window of the strain rules."""
    return timedelta(weeks=settings.weeks, days=1)
