"""Working-time arithmetic over shifts and breaks, in real elapsed time.

Belgian law counts days and night in Brussels local time, while durations are real elapsed
time (domain.md §4): a 22:00-06:00 night shift lasts 9 h on the night the clocks go back and
7 h on the night they go forward. Python subtracts two datetimes that share a tzinfo on the
wall clock, so every calculation here is done on UTC moments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice

from wellbeing.domain.checkin import Break, Shift
from wellbeing.domain.localtime import (
    BRUSSELS,
    iso_week_label,
    local_date,
    wall_clock,
)

Interval = tuple[datetime, datetime]

# Labour Act of 16 March 1971, art. 35: night is 20:00-06:00 (domain.md §4).
NIGHT_START_HOUR = 20
NIGHT_END_HOUR = 6
# EU Working Time Directive 2003/88/EC, art. 2: a night worker works at least 3 hours at night.
NIGHT_SHIFT_MINIMUM = timedelta(hours=3)


def _utc(moment: datetime) -> datetime:
    # Stored moments are already UTC; converting them again only costs (rules call this a lot).
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def span(shift: Shift) -> timedelta:
    """Real time from the start of the shift to its end, breaks included."""
    return shift_work(shift).span


class ShiftWork:
    """What the rules ask about one shift again and again, worked out once per shift object
    (`shift_work`): every judgement of the shifts after it reads it again. Moments are UTC;
    `breaks` are clipped to the shift and merged, `work` the stretches between them. Further
    facts that depend on a rule's settings are kept in `more`, by the rule's key."""

    __slots__ = ("breaks", "day", "end", "more", "shift", "span", "start", "week", "work", "worked")

    def __init__(self, shift: Shift) -> None:
        start, end = _utc(shift.start), _utc(shift.end)
        self.shift = shift
        self.start, self.end = start, end
        self.span = worked = end - start
        self.breaks = breaks = _break_periods(start, end, shift.breaks)
        self.work = _work_periods(start, end, breaks)
        for begin, finish in breaks:
            worked -= finish - begin
        self.worked = worked
        # The Brussels day a shift belongs to (the day it starts) and its ISO week: the
        # judgement, the weekly levels and the findings kept all ask them.
        self.day = day = local_date(start)
        self.week = day_iso_week(day)
        self.more: dict[tuple[object, ...], object] = {}

    def moment_worked(self, amount: timedelta) -> datetime | None:
        """The moment `amount` of work has been done, skipping breaks; None if never reached."""
        left = amount
        for begin, finish in self.work:
            if finish - begin >= left:
                return begin + left
            left -= finish - begin
        return None


# By the shift object's identity, keeping the shift so that its id cannot be reused while it is
# remembered (shifts are frozen). Hashing a shift's breaks for a lookup would cost more than
# working most of these out again. A judge of a whole history asks about every shift of it
# and then again about those within the rules' windows: when full, the older half goes.
_KNOWN: dict[int, ShiftWork] = {}
_MOST_KNOWN = 1 << 13


def shift_work(shift: Shift) -> ShiftWork:
    """The shift's work facts, remembered while the shift object lives on."""
    known = _KNOWN.get(id(shift))
    if known is not None and known.shift is shift:
        return known
    if len(_KNOWN) >= _MOST_KNOWN:
        for key in list(islice(_KNOWN, _MOST_KNOWN // 2)):
            del _KNOWN[key]
    made = _KNOWN[id(shift)] = ShiftWork(shift)
    return made


def break_periods(shift: Shift) -> list[Interval]:
    """The breaks as UTC intervals, in order, clipped to the shift and merged when touching."""
    return list(shift_work(shift).breaks)


def _break_periods(start: datetime, end: datetime, breaks: Sequence[Break]) -> tuple[Interval, ...]:
    """`start` and `end` are UTC moments."""
    merged: list[Interval] = []
    if len(breaks) > 1:  # one break (most shifts) or none needs no sort
        breaks = sorted(breaks, key=lambda b: _utc(b.start))
    for pause in breaks:
        begin, finish = max(_utc(pause.start), start), min(_utc(pause.end), end)
        if finish <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return tuple(merged)


def work_periods(shift: Shift) -> list[Interval]:
    """The stretches actually worked: the shift's span minus its breaks, as UTC intervals."""
    return list(shift_work(shift).work)


def _work_periods(
    start: datetime, end: datetime, breaks: Sequence[Interval]
) -> tuple[Interval, ...]:
    """`start` and `end` are UTC moments."""
    periods: list[Interval] = []
    cursor = start
    for begin, finish in breaks:
        if begin > cursor:
            periods.append((cursor, begin))
        cursor = finish
    if end > cursor:
        periods.append((cursor, end))
    return tuple(periods)


def worked_time(shift: Shift) -> timedelta:
    """Span minus breaks, in real elapsed time."""
    return shift_work(shift).worked


def moment_worked(shift: Shift, amount: timedelta) -> datetime | None:
    """The moment `amount` of work has been done, skipping breaks; None if never reached."""
    return shift_work(shift).moment_worked(amount)


def longest_stretch(shift: Shift, min_break: timedelta) -> timedelta:
    """The most work done without a break of at least `min_break` (shorter pauses don't count).

    The pauses too short to count are not work either, so they are left out of the stretch.
    """
    worked = shift_work(shift)
    key = ("stretch", min_break)
    known = worked.more.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    longest = current = timedelta()
    cursor = worked.start
    for begin, finish in worked.breaks:
        current += begin - cursor
        if finish - begin >= min_break:
            longest, current = max(longest, current), timedelta()
        cursor = finish
    current += worked.end - cursor
    found = worked.more[key] = max(longest, current)
    return found


def rest_between(earlier: Shift, later: Shift) -> timedelta:
    """Real elapsed time from the end of one shift to the start of the next."""
    return shift_work(later).start - shift_work(earlier).end


def worked_within(shift: Shift, windows: Iterable[Interval]) -> timedelta:
    """Work time of the shift that falls inside the given windows (assumed not to overlap)."""
    return _worked_within(shift_work(shift).work, windows)


def _worked_within(periods: Sequence[Interval], windows: Iterable[Interval]) -> timedelta:
    total = timedelta()
    for window_start, window_end in windows:
        low, high = _utc(window_start), _utc(window_end)
        for begin, finish in periods:
            overlap = min(finish, high) - max(begin, low)
            if overlap > timedelta():
                total += overlap
    return total


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=BRUSSELS)


def night_windows(
    first: date,
    last: date,
    start_hour: int = NIGHT_START_HOUR,
    end_hour: int = NIGHT_END_HOUR,
) -> list[Interval]:
    """The local night windows that begin on the days from `first` to `last` inclusive."""
    windows: list[Interval] = []
    day = first
    while day <= last:
        ends_next_day = end_hour <= start_hour
        windows.append(
            (_local(day, start_hour), _local(day + timedelta(days=int(ends_next_day)), end_hour))
        )
        day += timedelta(days=1)
    return windows


def night_time(
    shift: Shift, start_hour: int = NIGHT_START_HOUR, end_hour: int = NIGHT_END_HOUR
) -> timedelta:
    """Work done at night (20:00-06:00 local by default), counted in real hours."""
    # Remembered per shift: the night rule asks it of every earlier shift at each judgement.
    worked = shift_work(shift)
    key = ("night", start_hour, end_hour)
    known = worked.more.get(key)
    if known is None:
        first = local_date(shift.start) - timedelta(days=1)
        last = local_date(shift.end)
        windows = night_windows(first, last, start_hour, end_hour)
        known = worked.more[key] = _worked_within(worked.work, windows)
    return known  # type: ignore[return-value]


def is_night_shift(
    shift: Shift,
    minimum: timedelta = NIGHT_SHIFT_MINIMUM,
    start_hour: int = NIGHT_START_HOUR,
    end_hour: int = NIGHT_END_HOUR,
) -> bool:
    """At least `minimum` worked at night, as a night worker is defined in the EU directive.

    Remembered per shift: the night rule asks it of the shifts before the latest, again at
    each judgement."""
    worked = shift_work(shift)
    key = ("is night", minimum, start_hour, end_hour)
    known = worked.more.get(key)
    if known is None:
        known = worked.more[key] = _is_night_shift(worked, minimum, start_hour, end_hour)
    return known  # type: ignore[return-value]


def _is_night_shift(worked: ShiftWork, minimum: timedelta, start_hour: int, end_hour: int) -> bool:
    if worked.span < minimum:
        return False  # not even the whole shift is long enough
    if end_hour <= start_hour:  # night runs over midnight, as Belgian and EU law have it
        (first_day, start), (last_day, end) = wall_clock(worked.start), wall_clock(worked.end)
        # Within one local day between the end of one night and the start of the next, a
        # shift touches no night at all: no need to split it over the night windows.
        if first_day == last_day and start >= time(end_hour) and end <= time(start_hour):
            return False
    return night_time(worked.shift, start_hour, end_hour) >= minimum


def shift_day(shift: Shift) -> date:
    """The Brussels calendar day a shift belongs to: the day it starts."""
    return shift_work(shift).day


def local_days(shift: Shift) -> tuple[date, ...]:
    """Every Brussels calendar day the shift touches (ending at midnight does not touch)."""
    first = local_date(shift.start)
    last = local_date(shift.end - timedelta(microseconds=1))
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def shift_iso_week(shift: Shift) -> str:
    """The ISO week label ("2026-W48") of the day the shift starts."""
    return shift_work(shift).week


@lru_cache(maxsize=1 << 12)
def day_iso_week(day: date) -> str:
    """The ISO week label of a day, remembered: every shift judged and kept asks it."""
    year, week, _ = day.isocalendar()
    return iso_week_label(year, week)


@lru_cache(maxsize=1 << 12)
def utc_week_bounds(label: str) -> Interval:
    """`iso_week_bounds` as UTC moments."""
    first, last = iso_week_bounds(label)
    return first.astimezone(UTC), last.astimezone(UTC)


@lru_cache(maxsize=1 << 12)
def iso_week_bounds(label: str) -> Interval:
    """Local Monday 00:00 to the next Monday 00:00 of an ISO week such as "2026-W48"."""
    year, _, week = label.partition("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    return _local(monday, 0), _local(monday + timedelta(days=7), 0)


def week_worked(shifts: Sequence[Shift], label: str) -> timedelta:
    """Work done inside one ISO week; a shift across Sunday midnight is split between weeks."""
    bounds = iso_week_bounds(label)
    return sum((_worked_in_week(shift, bounds) for shift in shifts), timedelta())


def _worked_in_week(shift: Shift, bounds: Interval) -> timedelta:
    """Remembered per shift and week: the week's rule adds up its shifts at each judgement."""
    worked = shift_work(shift)
    key = ("week", bounds)
    known = worked.more.get(key)
    if known is None:
        known = worked.more[key] = _worked_within(worked.work, [bounds])
    return known  # type: ignore[return-value]
