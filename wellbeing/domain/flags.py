"""The life of a flag: raised once per episode, kept up to date, resolved when it clears.

A flag is the stored form of a finding. While a rule keeps finding the same thing the flag
stays open and only its evidence changes; when the rule stops finding it, the episode ends.
A person may acknowledge a flag (it stays open but is no longer new) or snooze it (hidden
until a date); either is undone when the level rises above what the person has seen.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Finding, Level
from wellbeing.i18n import _

# Long enough to get past a busy week or a holiday, short enough that a flag is not forgotten:
# an app default, like the two-week rhythm of the WHO-5 (domain.md §3) doubled.
MAX_SNOOZE = timedelta(days=28)


class OpenFlag(BaseModel):
    """An open flag as the store holds it (only what the lifecycle needs)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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


@dataclass(frozen=True)
class FlagUpdate:
    """New evidence for a flag that stays open; `resurfaced` clears acknowledgement and snooze."""

    flag: OpenFlag
    finding: Finding
    resurfaced: bool

    @property
    def level_changed(self) -> bool:
        return self.finding.level != self.flag.level


@dataclass(frozen=True)
class FlagPlan:
    """What the store should change at `at`: insert `raised`, apply `updated`, close `resolved`."""

    at: datetime
    raised: tuple[Finding, ...]
    updated: tuple[FlagUpdate, ...]
    resolved: tuple[OpenFlag, ...]


def plan_flags(
    open_flags: Iterable[OpenFlag], findings: Iterable[Finding], now: datetime
) -> FlagPlan:
    """Compare the open flags with what the rules find now, one episode per rule."""
    strongest: dict[str, Finding] = {}
    for found in findings:
        known = strongest.get(found.rule_id)
        if known is None or found.level > known.level:
            strongest[found.rule_id] = found
    current: dict[str, OpenFlag] = {}
    resolved: list[OpenFlag] = []
    for flag in sorted(open_flags, key=lambda f: f.raised_at):
        if flag.rule_id in current:
            # Only one episode per rule can be open; close the older one.
            resolved.append(current[flag.rule_id])
        current[flag.rule_id] = flag
    updated: list[FlagUpdate] = []
    for rule_id, flag in current.items():
        latest = strongest.get(rule_id)
        if latest is None:
            resolved.append(flag)
            continue
        set_aside = flag.acknowledged_at is not None or flag.snoozed(now)
        updated.append(FlagUpdate(flag, latest, set_aside and latest.level > flag.seen_level()))
    raised = tuple(found for rule_id, found in strongest.items() if rule_id not in current)
    return FlagPlan(at=now, raised=raised, updated=tuple(updated), resolved=tuple(resolved))


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


def open_after(plan: FlagPlan) -> list[OpenFlag]:
    """The open flags once the plan is applied: what the store should hold afterwards."""
    kept = [
        update.flag.model_copy(
            update={"level": update.finding.level}
            | (
                {"acknowledged_at": None, "acknowledged_level": None, "snoozed_until": None}
                if update.resurfaced
                else {}
            )
        )
        for update in plan.updated
    ]
    fresh = [
        OpenFlag(rule_id=found.rule_id, level=found.level, raised_at=plan.at)
        for found in plan.raised
    ]
    return kept + fresh
