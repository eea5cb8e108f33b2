"""What a person does with a flag: acknowledge it (it stays open but is no longer new) or
snooze it (hidden until a date); either is undone when the level rises above what the person
has seen. How episodes come and go is `flag_history`'s part.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Level
from wellbeing.i18n import _

# Long enough to get past a busy week or a holiday, short enough that a flag is not forgotten:
# an app default, like the two-week rhythm of the WHO-5 (domain.md §3) doubled.
MAX_SNOOZE = timedelta(days=28)


class OpenFlag(BaseModel):
    """An open flag as the store holds it (only what the lifecycle needs)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int | None = None
    rule_id: str
    level: Level
    raised_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_level: Level | None = None
    snoozed_until: datetime | None = None

    def snoozed(self, now: datetime) -> bool:
        return self.snoozed_until is not None and now < self.snoozed_until

    def seen_level(self) -> Level:
        """The highest level the person has already been shown and set aside."""
        return max(self.level, self.acknowledged_level or self.level)


class Visibility(enum.StrEnum):
    NEW = "new"  # shown and marked as new
    SEEN = "seen"  # acknowledged: still open and listed, not new
    HIDDEN = "hidden"  # snoozed until a later date


def visibility(flag: OpenFlag, now: datetime) -> Visibility:
    """How an open flag is shown at `now`."""
    if flag.snoozed(now):
        return Visibility.HIDDEN
    if flag.acknowledged_at is not None:
        return Visibility.SEEN
    return Visibility.NEW


def acknowledge(flag: OpenFlag, now: datetime) -> OpenFlag:
    """Mark as seen at its current level; it stays open and returns as new if it rises."""
    return flag.model_copy(update={"acknowledged_at": now, "acknowledged_level": flag.level})


def snooze(flag: OpenFlag, until: datetime, now: datetime) -> OpenFlag:
    """Hide until `until` (at most 28 days ahead); it returns earlier if its level rises."""
    if until.tzinfo is None:
        raise InputError("until", _("give the date and time with a time zone"))
    if until <= now:
        raise InputError("until", _("must be in the future"))
    if until - now > MAX_SNOOZE:
        raise InputError(
            "until", _("can be at most {days} days ahead").format(days=MAX_SNOOZE.days)
        )
    return flag.model_copy(update={"snoozed_until": until})
