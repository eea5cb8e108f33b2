"""What the reflection screen shows, put into words off the UI thread.

The person's weekly figures become one trend line per measure (the points a sparkline draws,
the latest value and the range), their recent stress and energy beside their own baseline,
and the weekly summary. Widgets get these plain values, never domain objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wellbeing.domain.findings import format_param
from wellbeing.i18n import N_, _, current_language, ngettext

if TYPE_CHECKING:
    from wellbeing.domain.reflection import Baseline, WeekFigures
    from wellbeing.services import Reflection

# The stress.rising rule needs this many check-ins before the baseline counts (design.md).
RELIABLE_BASELINE = 10
WEEK_CHOICES = (4, 12)


@dataclass(frozen=True)
class Measure:
    """One trend: its label, its unit and how to read it from a week's figures."""

    key: str
    label: str
    unit: str
    value: Callable[[WeekFigures], float | None]


MEASURES = (
    Measure("stress", N_("Stress"), N_("/10"), lambda w: w.mean_stress),
    Measure("energy", N_("Energy"), N_("/10"), lambda w: w.mean_energy),
    Measure("hours", N_("Hours worked"), N_("h"), lambda w: w.hours_worked),
    Measure("breaks", N_("Break minutes"), N_("min"), lambda w: float(w.break_minutes)),
    Measure("contacts", N_("Contacts"), "", lambda w: float(w.contacts)),
    Measure("difficult", N_("Difficult contacts"), "", lambda w: float(w.difficult)),
    Measure("findings", N_("Shifts with findings"), "", lambda w: float(w.with_findings)),
)


@dataclass(frozen=True)
class TrendLine:
    """One row of the screen: a label, the sparkline's points and the latest value."""

    key: str
    label: str
    points: tuple[float, ...]
    latest: str
    spread: str


@dataclass(frozen=True)
class ReflectionView:
    weeks: int
    period: str
    lines: tuple[TrendLine, ...]
    baseline: tuple[str, ...]
    summary: tuple[str, ...]
    has_checkins: bool


def number(value: float) -> str:
    """A figure in the reader's conventions (5,2 in Dutch and French)."""
    return format_param(float(value), current_language())


def short_week(label: str) -> str:
    """'2026-W48' as 'W48': the year is in the period line above."""
    return label.split("-")[-1]


def _with_unit(value: float, unit: str) -> str:
    """5/10, 8 h, 30 min: a scale is written against the number, other units after a space."""
    if not unit:
        return number(value)
    return f"{number(value)}{_(unit)}" if unit.startswith("/") else f"{number(value)} {_(unit)}"


def trend_line(measure: Measure, weeks: Sequence[WeekFigures]) -> TrendLine:
    """Stress and energy have a point only for weeks with check-ins (no invented zeros);
    counts and hours have one for every week, since a week without shifts truly had none."""
    pairs = [(week.week, measure.value(week)) for week in weeks]
    kept = [(label, value) for label, value in pairs if value is not None]
    if not kept or not any(week.checkins for week in weeks):
        return TrendLine(measure.key, _(measure.label), (), _("no check-ins"), "")
    points = tuple(float(value) for _label, value in kept)
    last_label, last_value = kept[-1]
    unit = measure.unit
    latest = _("{value} in {week}").format(
        value=_with_unit(last_value, unit), week=short_week(last_label)
    )
    spread = _("low {low} · high {high}").format(low=number(min(points)), high=number(max(points)))
    return TrendLine(measure.key, _(measure.label), points, latest, spread)


def baseline_lines(found: Baseline) -> tuple[str, ...]:
    """The last 7 days beside the 8 weeks before them, and how far that baseline can be trusted."""

    def pair(label: str, recent: float | None, usual: float | None) -> str:
        now = number(recent) if recent is not None else _("no check-ins")
        before = number(usual) if usual is not None else _("not known yet")
        return _("{label}: last 7 days {recent} · your usual {usual}").format(
            label=_(label), recent=now, usual=before
        )

    lines = [
        pair(N_("Stress"), found.recent_stress, found.baseline_stress),
        pair(N_("Energy"), found.recent_energy, found.baseline_energy),
    ]
    if found.baseline_checkins >= RELIABLE_BASELINE:
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
    period = (
        _("ISO weeks {first} to {last}").format(first=figures[0].week, last=figures[-1].week)
        if figures
        else ""
    )
    return ReflectionView(
        weeks=weeks,
        period=period,
        lines=tuple(trend_line(measure, figures) for measure in MEASURES),
        baseline=baseline_lines(reflection.baseline),
        summary=tuple(reflection.summary),
        has_checkins=any(week.checkins for week in figures),
    )
