"""What the reflection screen shows, put into words off the UI thread.

The person's figures become charts on fixed scales (stress and energy 0-10, shares 0-100 %,
hours, minutes and counts from 0), so 5.0 → 5.1 looks as small as it is. Every chart of a
view shares one time axis: in the 4-week view a column per day, so each check-in's stress and
energy stand on their own day beside the weekly means; in the 12-week view two columns per
week (Monday to Wednesday, Thursday to Sunday). A week without check-ins is a gap (nothing
was recorded, which is not 0), and the part of the current week still to come is dotted so
a week in progress is not read as a collapse.
Widgets get these plain values, never domain objects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from wellbeing.domain.findings import format_param
from wellbeing.i18n import N_, _, current_language, ngettext
from wellbeing.i18n.formats import locale_of, long_date, percent
from wellbeing.tui.widgets.scaled_chart import TO_COME, labelled_axis

if TYPE_CHECKING:
    from wellbeing.domain.reflection import Baseline, CheckinPoint, WeekFigures
    from wellbeing.services import Reflection

# The stress.rising rule needs this many check-ins before the baseline counts (design.md).
RELIABLE_BASELINE = 10
WEEK_CHOICES = (4, 12)
DAYS_PER_WEEK = 7
# Columns per week: a day each when the view is short enough to fit 80 columns, else two.
COLUMNS_PER_WEEK = {4: DAYS_PER_WEEK, 12: 2}
PARTIAL_MARK = "*"


@dataclass(frozen=True)
class Measure:
    """One weekly trend: label, unit, how to read it from a week, and its scale. A scale
    with a fixed `top` is whole (0-10, 0-100 %); otherwise it starts at 0 and reaches at
    least `at_least`, rounded up to a multiple of `step` when a week goes beyond."""

    key: str
    label: str
    unit: str
    value: Callable[[WeekFigures], float | None]
    top: float | None = None
    at_least: float = 0.0
    step: float = 1.0


def _difficult_share(week: WeekFigures) -> float | None:
    return 100.0 * week.difficult / week.contacts if week.contacts else None


MEASURES = (
    Measure("stress", N_("Stress"), N_("/10"), lambda w: w.mean_stress, top=10.0),
    Measure("energy", N_("Energy"), N_("/10"), lambda w: w.mean_energy, top=10.0),
    Measure(
        "hours", N_("Hours worked"), N_("h"), lambda w: w.hours_worked, at_least=40.0, step=10.0
    ),
    Measure(
        "breaks",
        N_("Break minutes"),
        N_("min"),
        lambda w: float(w.break_minutes),
        at_least=150.0,
        step=30.0,
    ),
    Measure("contacts", N_("Contacts"), "", lambda w: float(w.contacts), at_least=50.0, step=50.0),
    Measure("difficult", N_("Difficult contacts %"), "%", _difficult_share, top=100.0),
    Measure(
        "findings",
        N_("Shifts with findings"),
        "",
        lambda w: float(w.with_findings),
        at_least=5.0,
        step=5.0,
    ),
)


@dataclass(frozen=True)
class TrendLine:
    """One chart row: a label, a point per column (None: a gap), the fixed scale, and the
    latest value in words. Columns from `to_come` on have not happened yet."""

    key: str
    label: str
    points: tuple[float | None, ...]
    scale: tuple[float, float]
    scale_text: str
    latest: str
    to_come: int | None


@dataclass(frozen=True)
class ReflectionView:
    weeks: int
    period: str
    checkin_lines: tuple[TrendLine, ...]
    lines: tuple[TrendLine, ...]
    axis: str
    axis_note: str
    baseline: tuple[str, ...]
    summary: tuple[str, ...]
    has_checkins: bool


@dataclass(frozen=True)
class TimeAxis:
    """The columns every chart of a view shares: `per_week` columns for each week from the
    Monday `first_day`, the last week ending after `today`."""

    first_day: date
    weeks: int
    per_week: int
    today: date

    @property
    def width(self) -> int:
        return self.weeks * self.per_week

    def column_days(self, column: int) -> tuple[int, int]:
        """The days (from the week's Monday) a column covers: [first, end)."""
        part = column % self.per_week
        return (
            part * DAYS_PER_WEEK // self.per_week,
            (part + 1) * DAYS_PER_WEEK // self.per_week,
        )

    def column_start(self, column: int) -> date:
        week_monday = self.first_day + timedelta(weeks=column // self.per_week)
        return week_monday + timedelta(days=self.column_days(column)[0])

    @property
    def to_come(self) -> int | None:
        """The first column that starts after today (None: every column has begun)."""
        later = [c for c in range(self.width) if self.column_start(c) > self.today]
        return later[0] if later else None

    def column_of(self, day: date) -> int | None:
        offset = (day - self.first_day).days
        if not 0 <= offset < self.weeks * DAYS_PER_WEEK:
            return None
        week, weekday = divmod(offset, DAYS_PER_WEEK)
        part = next(
            p
            for p in range(self.per_week)
            if self.column_days(p)[0] <= weekday < self.column_days(p)[1]
        )
        return week * self.per_week + part


def number(value: float) -> str:
    """A figure in the reader's conventions (5,2 in Dutch and French)."""
    return format_param(float(value), current_language())


def short_week(label: str) -> str:
    """'2026-W48' as 'W48': the year is in the period line above."""
    return label.split("-")[-1]


def short_date(day: date) -> str:
    """A day in a chart's margin: 24 Nov, 24 nov., 24 nov."""
    from babel.dates import format_date

    return format_date(day, format="d MMM", locale=locale_of(current_language()))


def _with_unit(value: float, unit: str) -> str:
    """5/10, 8 h, 30 min, 12 %: a scale is written against the number, other units after a
    space, a share as the reader's language writes percentages."""
    if not unit:
        return number(value)
    if unit == "%":
        return percent(value / 100, current_language())
    return f"{number(value)}{_(unit)}" if unit.startswith("/") else f"{number(value)} {_(unit)}"


def _scale(measure: Measure, points: Sequence[float | None]) -> tuple[float, str]:
    """The top of the measure's scale and the scale in words ("0-10", "0-40 h", "0-100 %")."""
    if measure.top is not None:
        top = measure.top
    else:
        highest = max((p for p in points if p is not None), default=0.0)
        top = max(measure.at_least, measure.step * math.ceil(highest / measure.step))
    if measure.unit == "%":
        return top, f"0-{percent(top / 100, current_language())}"
    unit = "" if measure.unit.startswith("/") or not measure.unit else f" {_(measure.unit)}"
    return top, f"0-{number(top)}{unit}"


def trend_line(measure: Measure, weeks: Sequence[WeekFigures], axis: TimeAxis) -> TrendLine:
    """A week without check-ins is a gap for every measure: nothing was recorded, which is
    not the same as none. Each week's value fills the columns of that week."""
    values = [measure.value(week) if week.checkins else None for week in weeks]
    points = tuple(values[column // axis.per_week] for column in range(axis.width))
    top, scale_text = _scale(measure, values)
    kept = [
        (week.week, value)
        for week, value in zip(weeks, values, strict=True)
        if value is not None
    ]
    if kept:
        last_label, last_value = kept[-1]
        latest = _("{value} in {week}").format(
            value=_with_unit(last_value, measure.unit), week=short_week(last_label)
        )
    else:
        latest = _("no check-ins")
    return TrendLine(
        measure.key, _(measure.label), points, (0.0, top), scale_text, latest, axis.to_come
    )


def checkin_lines(checkins: Sequence[CheckinPoint], axis: TimeAxis) -> tuple[TrendLine, ...]:
    """Each check-in's stress and energy in the column of its day. Two check-ins in one
    column (one day; half a week in the 12-week view) show the harder one (the higher
    stress, the lower energy), since a mean would hide it."""
    lines = []
    for key, label, pick, read in (
        ("stress", N_("Stress"), max, lambda p: p.stress),
        ("energy", N_("Energy"), min, lambda p: p.energy),
    ):
        by_column: dict[int, list[int]] = {}
        last: CheckinPoint | None = None
        for point in checkins:
            column = axis.column_of(point.day)
            if column is not None:
                by_column.setdefault(column, []).append(read(point))
                last = point
        points = tuple(
            float(pick(by_column[c])) if c in by_column else None for c in range(axis.width)
        )
        latest = (
            _("{value} on {day}").format(
                value=_with_unit(read(last), "/10"), day=short_date(last.day)
            )
            if last is not None
            else _("no check-ins")
        )
        lines.append(
            TrendLine(f"checkin-{key}", _(label), points, (0.0, 10.0), "0-10", latest, axis.to_come)
        )
    return tuple(lines)


def axis_labels(weeks: Sequence[WeekFigures], axis: TimeAxis) -> str:
    """Week labels at the first column of their week, the week in progress marked with *.
    When a week is too narrow for its label, every other week is labelled, counting back
    from the current one so it always has its label."""
    longest = max((len(short_week(week.week)) for week in weeks), default=0)
    every = max(1, math.ceil((longest + 1) / axis.per_week))
    last = len(weeks) - 1
    labels = []
    for index, week in enumerate(weeks):
        if (last - index) % every:
            continue
        text = short_week(week.week) + (PARTIAL_MARK if index == last and _partial(axis) else "")
        labels.append((index * axis.per_week, text))
    return labelled_axis(labels, axis.width)


def _partial(axis: TimeAxis) -> bool:
    """Whether the last week of the axis still has days to come."""
    last_sunday = axis.first_day + timedelta(weeks=axis.weeks, days=-1)
    return axis.today < last_sunday


def axis_note(weeks: Sequence[WeekFigures], axis: TimeAxis) -> str:
    """How to read the axis: the week in progress and the gaps."""
    gaps = _("A blank is a time without check-ins; every chart is on its whole scale.")
    if not weeks or not _partial(axis):
        return gaps
    if axis.to_come is None:
        partial = _("{week}{mark} is this week, up to {day}.")
    else:
        partial = _("{week}{mark} is this week, up to {day}; {dot} marks the days to come.")
    shown = partial.format(
        week=short_week(weeks[-1].week),
        mark=PARTIAL_MARK,
        day=long_date(axis.today, current_language()),
        dot=TO_COME,
    )
    return f"{shown} {gaps}"


def baseline_lines(found: Baseline) -> tuple[str, ...]:
    """The last 7 days beside the 8 weeks before them, and how far that baseline can be trusted.

    Until the baseline has its check-ins, the mean of the few there are is not called anyone's
    usual level: it is shown as the mean so far, with how many check-ins it comes from."""
    reliable = found.baseline_checkins >= RELIABLE_BASELINE

    def pair(label: str, recent: float | None, usual: float | None) -> str:
        now = number(recent) if recent is not None else _("no check-ins")
        if usual is not None and not reliable:
            return ngettext(
                "{label}: last 7 days {recent} · mean so far {mean}, from {n} check-in",
                "{label}: last 7 days {recent} · mean so far {mean}, from {n} check-ins",
                found.baseline_checkins,
            ).format(label=_(label), recent=now, mean=number(usual), n=found.baseline_checkins)
        before = number(usual) if usual is not None else _("not known yet")
        return _("{label}: last 7 days {recent} · your usual {usual}").format(
            label=_(label), recent=now, usual=before
        )

    lines = [
        pair(N_("Stress"), found.recent_stress, found.baseline_stress),
        pair(N_("Energy"), found.recent_energy, found.baseline_energy),
    ]
    if reliable:
        lines.append(
            _("Your usual level comes from {n} check-ins in the 8 weeks before.").format(
                n=found.baseline_checkins
            )
        )
    else:
        lines.append(
            ngettext(
                "Your usual level needs {needed} check-ins in the 8 weeks before the last 7 "
                "days; there is {n} so far.",
                "Your usual level needs {needed} check-ins in the 8 weeks before the last 7 "
                "days; there are {n} so far.",
                found.baseline_checkins,
            ).format(needed=RELIABLE_BASELINE, n=found.baseline_checkins)
        )
    return tuple(lines)


def reflection_view(reflection: Reflection, weeks: int) -> ReflectionView:
    figures = reflection.weeks
    today = reflection.today
    axis = TimeAxis(
        first_day=today - timedelta(days=today.weekday(), weeks=len(figures) - 1),
        weeks=len(figures),
        per_week=COLUMNS_PER_WEEK.get(weeks, 2),
        today=today,
    )
    period = (
        _("ISO weeks {first} to {last}").format(first=figures[0].week, last=figures[-1].week)
        if figures
        else ""
    )
    return ReflectionView(
        weeks=weeks,
        period=period,
        checkin_lines=checkin_lines(reflection.checkins, axis),
        lines=tuple(trend_line(measure, figures, axis) for measure in MEASURES),
        axis=axis_labels(figures, axis),
        axis_note=axis_note(figures, axis),
        baseline=baseline_lines(reflection.baseline),
        summary=tuple(reflection.summary),
        has_checkins=any(week.checkins for week in figures),
    )
