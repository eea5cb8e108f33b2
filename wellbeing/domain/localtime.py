"""Europe/Brussels time: parsing local times safely and DST-aware arithmetic.

Belgian working-time law counts in local time, while durations are real elapsed time
(domain.md §4: a 22:00-06:00 shift lasts 9 h on the night the clocks go back).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from wellbeing.domain.errors import EXIT_BAD_INPUT, WellbeingError
from wellbeing.i18n import _

BRUSSELS = ZoneInfo("Europe/Brussels")


class LocalTimeError(WellbeingError, ValueError):
    """A local time that does not name exactly one moment: bad input, like InputError."""

    exit_code = EXIT_BAD_INPUT


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:  # only aware moments are shown with their offset
        raise ValueError("a moment without a zone has no offset")
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def localize(naive: datetime, zone: ZoneInfo = BRUSSELS) -> datetime:
    """Attach the zone to a naive local time, refusing times in the DST gap or fold.

    The message shows the same time with each of the two offsets, so a person can say
    which moment they mean.
    """
    if naive.tzinfo is not None:
        return naive
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Round-tripping through UTC tells a gap (moment that never happens) from a fold.
        roundtrip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        stamp = naive.strftime("%Y-%m-%d %H:%M")
        iso = naive.strftime("%Y-%m-%dT%H:%M")
        if roundtrip != naive:
            raise LocalTimeError(
                _(
                    "{stamp} does not exist in Brussels (the clocks jump forward an hour); "
                    "give the time with an offset, for example {example}"
                ).format(stamp=stamp, example=f"{iso}{_offset(first)}")
            )
        raise LocalTimeError(
            _(
                "{stamp} happens twice in Brussels (the clocks go back an hour); give the time "
                "with an offset: {first} for the first, {second} for the second"
            ).format(stamp=stamp, first=f"{iso}{_offset(first)}", second=f"{iso}{_offset(second)}")
        )
    return first


def parse_moment(value: str | datetime) -> datetime:
    """Parse an ISO date-time (without an offset: Brussels local time) into UTC.

    The result is in UTC on purpose: Python subtracts two datetimes that share a tzinfo by
    wall clock, which would make a 22:00-06:00 shift on the night the clocks go back last
    8 hours instead of the real 9.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if not text:
            raise LocalTimeError(_("is empty; give a date and time such as 2026-11-26T08:00"))
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise LocalTimeError(
                _("{text!r} is not a date and time; use a form such as 2026-11-26T08:00").format(
                    text=text
                )
            ) from None
    try:
        return (localize(moment) if moment.tzinfo is None else moment).astimezone(UTC)
    except OverflowError:
        # 0001-01-01T00:00 or 9999-12-31T23:59 with an offset lies outside what Python can hold.
        raise LocalTimeError(
            _("{moment} is too far in the past or the future").format(moment=moment.isoformat())
        ) from None


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BRUSSELS)


# Brussels' offset from UTC by the UTC hour (hours since 0001-01-01): the clocks change at
# 01:00 UTC, so the offset holds for a whole UTC hour. Converting through the time zone costs
# about three times as much as this lookup, and the rules, the findings kept and the weekly
# levels ask the day of every shift.
_OFFSETS: dict[int, timedelta] = {}
_MOST_OFFSETS = 1 << 18  # thirty years of hours


def _brussels_offset(utc: datetime) -> timedelta:
    hour = utc.toordinal() * 24 + utc.hour
    offset = _OFFSETS.get(hour)
    if offset is None:
        if len(_OFFSETS) >= _MOST_OFFSETS:
            _OFFSETS.clear()
        offset = _OFFSETS[hour] = to_local(utc).utcoffset() or timedelta()
    return offset


def wall_clock(moment: datetime) -> tuple[date, time]:
    """The Brussels date and time of day of a moment: what a clock there shows."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    shifted = utc + _brussels_offset(utc)  # still marked UTC: only its fields are read
    return shifted.date(), shifted.time()


def local_date(moment: datetime) -> date:
    """The Brussels calendar day of a moment."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return (utc + _brussels_offset(utc)).date()


def iso_week(moment_or_day: datetime | date) -> tuple[int, int]:
    day = local_date(moment_or_day) if isinstance(moment_or_day, datetime) else moment_or_day
    year, week, _ = day.isocalendar()
    return year, week


def iso_week_label(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def local_midnight(day: date) -> datetime:
    """The first moment of a Brussels calendar day (midnight always exists there)."""
    return datetime.combine(day, time(0, 0), tzinfo=BRUSSELS)


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


@lru_cache(maxsize=1 << 12)
def format_hours(delta: timedelta) -> str:
    """Hours and minutes ("8 h 05"), remembered: rules write the same few durations often."""
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def retention_week_start(now: datetime, months: int) -> datetime:
    """Local midnight of the Monday of the ISO week holding `retention_cutoff`: purges go by
    whole weeks, so that no week keeps a part whose figures differ from those first shown."""
    day = to_local(retention_cutoff(now, months)).date()
    return local_midnight(day - timedelta(days=day.weekday()))


def retention_cutoff(now: datetime, months: int) -> datetime:
    """The start of the local calendar month `months` months before the current one."""
    local = to_local(now)
    index = local.year * 12 + (local.month - 1) - months
    return local_midnight(date(index // 12, index % 12 + 1, 1))
