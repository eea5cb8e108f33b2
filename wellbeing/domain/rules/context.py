"""What the rules see of one person: recent check-ins, surveys and weekly levels, and now."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import accumulate
from typing import TypeVar

from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Overall
from wellbeing.domain.surveys import Instrument, SurveyResult
from wellbeing.domain.worktime import shift_day, span

T = TypeVar("T", int, timedelta)


def running_sums(values: Iterable[T], zero: T) -> tuple[T, ...]:
    """`zero`, then the sum of the first value, of the first two, and so on: the sum of any
    slice [low:high] is then `sums[high] - sums[low]`."""
    return tuple(accumulate(values, initial=zero))


def _start(checkin: Checkin) -> datetime:
    start = checkin.shift.start
    return start if start.tzinfo is UTC else start.astimezone(UTC)


@dataclass(frozen=True, kw_only=True)
class RuleContext:
    """The input of one evaluation; the order in which rows are given does not matter.

    `checkin` is the check-in just recorded (None when evaluating after a survey); it is
    counted with `checkins` even when the caller did not include it there. Shift-based rules
    look at the latest shift by start and the shifts before it.
    """

    checkins: Sequence[Checkin]
    now: datetime
    surveys: Sequence[SurveyResult] = ()
    weekly_levels: Mapping[str, Overall] = field(default_factory=dict)
    checkin: Checkin | None = None
    strain_memo: dict[int, bool] | None = field(default=None, compare=False)
    """Whether each check-in, judged at its own time, showed strain (`sustained` reads this).
    Only a caller whose check-ins' histories cannot change while it holds the memo passes
    one: a replay of a whole history. None: work it out every time."""

    def __post_init__(self) -> None:
        # A naive moment would silently be read as the machine's local time.
        if self.now.tzinfo is None:
            raise ValueError("RuleContext.now must be timezone-aware")

    @classmethod
    def from_ordered(
        cls,
        ordered: Sequence[Checkin],
        *,
        now: datetime,
        surveys: Sequence[SurveyResult] = (),
        weekly_levels: Mapping[str, Overall] | None = None,
        checkin: Checkin | None = None,
        starts: Sequence[datetime] | None = None,
        days: Sequence[date] | None = None,
        strain_memo: dict[int, bool] | None = None,
        stress_sums: tuple[Sequence[int], int] | None = None,
        span_sums: tuple[Sequence[timedelta], int] | None = None,
    ) -> RuleContext:
        """A context over check-ins already unique and sorted by (shift start, id), with
        `checkin` among them: a replay of a whole history keeps them so, and skips the sort
        that would otherwise run at every step."""
        if now.tzinfo is None:  # as __post_init__ checks
            raise ValueError("RuleContext.now must be timezone-aware")
        # The fields set directly, as the frozen dataclass's __init__ would set them: a replay
        # makes one context per shift, and that __init__ costs as much as a rule.
        context = cls.__new__(cls)
        values = context.__dict__
        values["checkins"] = ordered
        values["now"] = now
        values["surveys"] = surveys
        values["weekly_levels"] = weekly_levels or {}
        values["checkin"] = checkin
        values["strain_memo"] = strain_memo
        values["ordered"] = ordered = tuple(ordered)  # what the cached properties would hold
        values["latest"] = ordered[-1] if ordered else None
        values["_since"] = {}  # as the cached property would start (without its lock)
        if starts is not None:  # the UTC start and the Brussels day of each, if known
            values["starts"] = tuple(starts)
        if days is not None:
            values["days"] = tuple(days)
        # Running sums over a longer history, and the index in it where this context starts.
        if stress_sums is not None:
            values["_stress_sums"] = stress_sums
        if span_sums is not None:
            values["_span_sums"] = span_sums
        return context

    @cached_property
    def ordered(self) -> tuple[Checkin, ...]:
        """All check-ins once each, by shift start (the id breaks ties)."""
        by_id = {item.id: item for item in self.checkins}
        if self.checkin is not None:
            by_id[self.checkin.id] = self.checkin
        return tuple(sorted(by_id.values(), key=lambda c: (_start(c), c.id)))

    @cached_property
    def latest(self) -> Checkin | None:
        return self.ordered[-1] if self.ordered else None

    @property
    def earlier(self) -> tuple[Checkin, ...]:
        """The check-ins before the latest one, oldest first."""
        return self.ordered[:-1]

    def last(self, count: int, within: timedelta) -> tuple[Checkin, ...]:
        """Up to `count` most recent check-ins whose shift started within `within` of now."""
        return self.since(within)[-count:]

    def since(self, within: timedelta) -> tuple[Checkin, ...]:
        # Several rules read the same window: each is found once per context.
        found = self._since.get(within)
        if found is None:
            # `ordered` is sorted by start, so the first start at or after the cutoff splits it.
            first = bisect_left(self.starts, self.now - within)
            found = self._since[within] = self.ordered[first:]
        return found

    @cached_property
    def _since(self) -> dict[timedelta, tuple[Checkin, ...]]:
        return {}

    def stress_total(self, low: int, high: int) -> int:
        """The sum of the stress scores of `ordered[low:high]`, from running sums: a rule
        that compares periods of weeks need not add them up again at every shift."""
        sums, offset = self._stress_sums
        return sums[offset + high] - sums[offset + low]

    @cached_property
    def _stress_sums(self) -> tuple[Sequence[int], int]:
        return running_sums((c.stress for c in self.ordered), 0), 0

    def span_total(self, low: int, high: int) -> timedelta:
        """The sum of the spans of the shifts of `ordered[low:high]`, from running sums."""
        sums, offset = self._span_sums
        return sums[offset + high] - sums[offset + low]

    @cached_property
    def _span_sums(self) -> tuple[Sequence[timedelta], int]:
        return running_sums((span(c.shift) for c in self.ordered), timedelta()), 0

    @cached_property
    def days(self) -> tuple[date, ...]:
        """The Brussels day each check-in's shift belongs to, in the order of `ordered`."""
        return tuple(shift_day(c.shift) for c in self.ordered)

    @cached_property
    def starts(self) -> tuple[datetime, ...]:
        """The UTC shift start of each check-in in `ordered`."""
        return tuple(_start(c) for c in self.ordered)

    def surveys_of(self, instrument: Instrument) -> tuple[SurveyResult, ...]:
        """Results of one questionnaire, oldest first."""
        found = [s for s in self.surveys if s.instrument == instrument]
        return tuple(sorted(found, key=lambda s: (s.taken_at.astimezone(UTC), s.id or 0)))

    def trimmed(self, window: timedelta) -> RuleContext:
        """The same context without rows older than `window`, so results never depend on how
        much history a caller happened to load."""
        cutoff = self.now - window
        if (not self.ordered or _start(self.ordered[0]) >= cutoff) and all(
            s.taken_at >= cutoff for s in self.surveys
        ):
            return self  # nothing to drop: keep the sorted check-ins instead of re-sorting
        keep = self.checkin if self.checkin and _start(self.checkin) >= cutoff else None
        return RuleContext(
            checkins=[c for c in self.checkins if _start(c) >= cutoff],
            surveys=[s for s in self.surveys if s.taken_at >= cutoff],
            weekly_levels=self.weekly_levels,
            checkin=keep,
            now=self.now,
            strain_memo=self.strain_memo,
        )
