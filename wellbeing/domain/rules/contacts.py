"""contacts.difficult and occupancy.high: the emotional and the time load of the contacts."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Self

from pydantic import Field, model_validator

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level, Param
from wellbeing.domain.plural_messages import OCCUPANCY_COUNT
from wellbeing.domain.rules import sources
from wellbeing.domain.rules.base import Count, Days, Percent, RuleSettings, days, joined, number
from wellbeing.domain.rules.context import RuleContext
from wellbeing.i18n import N_, _


class ContactsDifficultSettings(RuleSettings):
    per_shift: Count
    share_percent: Annotated[float, Field(gt=0, le=100)]
    window_days: Days
    min_contacts: Annotated[int, Field(ge=1, le=100_000, strict=True)]


class OccupancyHighSettings(RuleSettings):
    watch_percent: Percent
    warning_percent: Percent
    warning_count: Count
    last_count: Count
    within_days: Days

    @model_validator(mode="after")
    def _count_fits(self) -> Self:
        if self.warning_count > self.last_count:
            raise ValueError(_("warning_count cannot be more than last_count"))
        return self


def contacts_difficult(context: RuleContext, settings: ContactsDifficultSettings) -> list[Finding]:
    """3 or more difficult contacts in the latest shift, or 10 % or more over 7 days when
    those days hold at least 30 contacts (1 difficult e-mail out of 8 is no pattern)."""
    latest = context.latest
    if latest is None:
        return []
    in_shift = latest.shift.difficult
    window = context.since(days(settings.window_days))
    contacts = difficult = 0
    for checkin in window:  # one pass over the window for both sums
        shift = checkin.shift
        contacts += shift.contacts
        difficult += shift.difficult
    share = 100 * difficult / contacts if contacts else 0.0
    shift_hit = in_shift >= settings.per_shift
    share_hit = contacts >= settings.min_contacts and round(share, 6) >= settings.share_percent
    if not (shift_hit or share_hit):
        return []
    params: dict[str, Param] = {
        "date": context.days[-1].isoformat(),
        "in_shift": in_shift,
        "per_shift": settings.per_shift,
        "difficult": difficult,
        "contacts": contacts,
        "share": number(share),
        "share_limit": number(settings.share_percent),
        "days": settings.window_days,
        "min_contacts": settings.min_contacts,
    }
    if shift_hit and share_hit:
        message = N_(
            "You had {in_shift} difficult contacts on {date}, and {difficult} of your "
            "{contacts} contacts in the last {days} days were difficult ({share} %)."
        )
    elif shift_hit:
        message = N_(
            "You had {in_shift} difficult contacts on {date} ({per_shift} or more in one shift)."
        )
    else:
        message = N_(
            "{difficult} of your {contacts} contacts in the last {days} days were difficult "
            "({share} %, {share_limit} % or more)."
        )
    return [
        Finding.of(
            rule_id="contacts.difficult",
            level=Level.WATCH,
            message=message,
            params=params,
            source=sources.DIFFICULT_CONTACTS,
            suggestions=(tips.DEBRIEF_CONTACTS, tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
        )
    ]


def contacts_difficult_window(settings: ContactsDifficultSettings) -> timedelta:
    return timedelta(days=settings.window_days)


def occupancy_high(context: RuleContext, settings: OccupancyHighSettings) -> list[Finding]:
    """Above 90 % in 3 of the last 5 shifts (warning), or above 85 % in the latest (watch)."""
    latest = context.latest
    if latest is None:
        return []
    recent = context.last(settings.last_count, days(settings.within_days))
    known = [c.shift.occupancy for c in recent if c.shift.occupancy is not None]
    over = [value for value in known if value > settings.warning_percent]
    if len(over) >= settings.warning_count:
        return [
            Finding.of(
                rule_id="occupancy.high",
                level=Level.WARNING,
                message=OCCUPANCY_COUNT,
                params={
                    "count": len(over),
                    "total": len(recent),
                    "limit": number(settings.warning_percent),
                    "values": joined(over),
                },
                source=sources.OCCUPANCY,
                suggestions=(tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
            )
        ]
    occupancy = latest.shift.occupancy
    if occupancy is None or occupancy <= settings.watch_percent:
        return []
    return [
        Finding.of(
            rule_id="occupancy.high",
            level=Level.WATCH,
            message=N_("Your occupancy on {date} was {occupancy} %, above {limit} %."),
            params={
                "date": context.days[-1].isoformat(),
                "occupancy": number(occupancy),
                "limit": number(settings.watch_percent),
            },
            source=sources.OCCUPANCY,
            suggestions=(tips.PAUSE_MICRO, tips.TALK_TEAMLEADER),
        )
    ]


def occupancy_window(settings: OccupancyHighSettings) -> timedelta:
    return timedelta(days=settings.within_days)
