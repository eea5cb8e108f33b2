"""When a reminder about a planned shift without a check-in may be sent.

Reminders are off unless the person turns them on. Even then they come only within the hours
the person allows and never on a day they mark as off: Belgian employers of 20 or more
workers must set rules on the right to disconnect (law of 3 October 2022 on various labour
provisions, the "arbeidsdeal", chapter 8, which wrote it into the law of 26 March 2018), and
a wellbeing tool should not be the thing that reaches out after hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from wellbeing.domain.localtime import to_local
from wellbeing.domain.schedule import PlannedShiftRecord

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A shift that ended longer ago than this is left to the list of missed check-ins.
REMIND_WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class ReminderPolicy:
    """What the person allows: on or off, how long after a shift, at which hours and days."""

    enabled: bool = False
    after: timedelta = timedelta(minutes=30)
    allowed_from: time = time(8, 0)
    allowed_until: time = time(20, 0)
    days_off: frozenset[str] = frozenset()

    @classmethod
    def from_settings(
        cls, enabled: bool, after_minutes: int, start: str, until: str, days_off: Iterable[str]
    ) -> ReminderPolicy:
        return cls(
            enabled=enabled,
            after=timedelta(minutes=after_minutes),
            allowed_from=time.fromisoformat(start),
            allowed_until=time.fromisoformat(until),
            days_off=frozenset(days_off),
        )

    def may_disturb(self, now: datetime) -> bool:
        """Whether `now` (Brussels time) is within the allowed hours of a day that is not off.

        Hours such as 22:00-06:00, for night work, run past midnight.
        """
        local = to_local(now)
        if WEEKDAYS[local.weekday()] in self.days_off:
            return False
        clock = local.time().replace(tzinfo=None)
        if self.allowed_from <= self.allowed_until:
            return self.allowed_from <= clock < self.allowed_until
        return clock >= self.allowed_from or clock < self.allowed_until


def why_not(policy: ReminderPolicy, now: datetime) -> str | None:
    """The reason no reminder may be sent now ('off', 'day off', 'hours'), else None."""
    if not policy.enabled:
        return "off"
    local = to_local(now)
    if WEEKDAYS[local.weekday()] in policy.days_off:
        return "day off"
    if not policy.may_disturb(now):
        return "hours"
    return None


def due(
    policy: ReminderPolicy, missed: Sequence[PlannedShiftRecord], now: datetime
) -> list[PlannedShiftRecord]:
    """The missed shifts to remind of now: ended at least `after` ago, within the last day."""
    if why_not(policy, now) is not None:
        return []
    return [
        record
        for record in missed
        if record.shift.end + policy.after <= now and now - record.shift.end <= REMIND_WITHIN
    ]
