"""sustained: an orange or red overall level three ISO weeks in a row.

It reads the stored weekly levels rather than raw rows; the current week counts with the
overall level the other rules give now (or the level stored for it, if that is worse).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import Field

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level, Overall
from wellbeing.domain.localtime import iso_week, iso_week_label, local_date
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import RuleSettings
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_

MAX_WEEKS = 12  # the longest run a rules file may ask for; callers read this many levels


class SustainedSettings(RuleSettings):
    weeks: Annotated[int, Field(ge=2, le=MAX_WEEKS, strict=True)]


def week_labels(context: RuleContext, weeks: int) -> list[str]:
    """The current ISO week and the ones before it, newest first ("2026-W48", "2026-W47")."""
    today = local_date(context.now)
    return [iso_week_label(*iso_week(today - timedelta(weeks=n))) for n in range(weeks)]


def sustained(context: RuleContext, settings: SustainedSettings, current: Overall) -> list[Finding]:
    """Orange or worse in each of the last 3 ISO weeks, this one included."""
    labels = week_labels(context, settings.weeks)
    stored = [Overall(context.weekly_levels.get(label, Overall.GREEN)) for label in labels]
    levels = [max(current, stored[0]), *stored[1:]]
    if any(level < Overall.ORANGE for level in levels):
        return []
    return [
        Finding(
            rule_id="sustained",
            level=Level.HIGH,
            message=N_(
                "Your overall level was orange or red for {weeks} ISO weeks in a row, from "
                "{first} to {last}."
            ),
            params={"weeks": settings.weeks, "first": labels[-1], "last": labels[0]},
            source=sources.SUSTAINED,
            suggestions=(tips.TALK_TEAMLEADER, tips.TALK_CONFIDANT, tips.CARE_DOCTOR),
        )
    ]
