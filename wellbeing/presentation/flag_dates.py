"""The days a flag speaks of: the same words in the app's flags list and in `wellbeing flags`.

A flag episode is raised by the first shift (or questionnaire) that finds its rule, judged at
that shift's own time, and its text follows the latest finding. When a shift is recorded late
(a forgotten day, a backfill), the episode can start days before the finding its text now
describes: "raised at 16:30 on 26 November" beside "On 2 December you worked ...". Such a flag
names both days, "since 26 November 2026, latest 2 December 2026", so neither reads as issued
before the shift it describes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from wellbeing.domain.localtime import to_local
from wellbeing.i18n.formats import long_date


class EpisodeDays(NamedTuple):
    """The local day the flag was raised on and the day of its latest finding, in words."""

    since: str
    latest: str


def episode_days(raised_at: datetime, updated_at: datetime, language: str) -> EpisodeDays | None:
    """Both days in words when the latest finding came on a later day than the flag was
    raised (Brussels dates), else None: the moment it was raised says enough."""
    raised: date = to_local(raised_at).date()
    latest: date = to_local(updated_at).date()
    if latest <= raised:
        return None
    return EpisodeDays(long_date(raised, language), long_date(latest, language))
