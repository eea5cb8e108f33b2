"""A person's own trends: weekly figures, their baseline, and a summary in sentences.

Only the person sees these; they are built from their own check-ins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from statistics import fmean

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.checkin import Checkin
from wellbeing.domain.localtime import iso_week, iso_week_label, local_date
from wellbeing.i18n import _, current_language, ngettext
from wellbeing.i18n.formats import decimal

# The stress.rising rule's baseline (design.md): the 8 weeks before the last 7 days.
BASELINE_WEEKS = 8
RECENT_DAYS = 7
WHO5_EVERY = timedelta(days=14)  # its window is two weeks (domain.md §3)
CBI_EVERY = timedelta(days=30)  # monthly (domain.md §3)


class WeekFigures(BaseModel):
    """One ISO week of a person's own check-ins; None where there is nothing to average."""

    model_config = ConfigDict(frozen=True)

    week: str
    checkins: int
    mean_stress: float | None
    mean_energy: float | None
    hours_worked: float
    break_minutes: int
    contacts: int
    difficult: int
    with_findings: int = 0  # shifts the rules found something about, each at its own time


class Baseline(BaseModel):
    model_config = ConfigDict(frozen=True)

    recent_stress: float | None
    recent_energy: float | None
    baseline_stress: float | None
    baseline_energy: float | None
    baseline_checkins: int


class CheckinPoint(BaseModel):
    """One check-in's own stress and energy on the local day its shift began, so a chart can
    show each check-in beside the weekly means that would hide a hard day."""

    model_config = ConfigDict(frozen=True)

    day: date
    stress: int
    energy: int


def checkin_points(checkins: Sequence[Checkin], today: date, weeks: int) -> list[CheckinPoint]:
    """The check-ins of the last `weeks` ISO weeks up to today, oldest first."""
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    points = [
        CheckinPoint(day=local_date(item.shift.start), stress=item.stress, energy=item.energy)
        for item in checkins
    ]
    return sorted(
        (point for point in points if first_monday <= point.day <= today), key=lambda p: p.day
    )


def _mean(values: Sequence[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def week_labels(today: date, weeks: int) -> list[str]:
    """The last `weeks` ISO weeks up to and including this one, oldest first."""
    return [iso_week_label(*iso_week(today - timedelta(weeks=n))) for n in range(weeks)][::-1]


def weekly_figures(
    checkins: Sequence[Checkin],
    today: date,
    weeks: int,
    with_findings: Mapping[str, int] | None = None,
) -> list[WeekFigures]:
    by_week: dict[str, list[Checkin]] = {label: [] for label in week_labels(today, weeks)}
    for item in checkins:
        label = iso_week_label(*iso_week(item.shift.start))
        if label in by_week:
            by_week[label].append(item)
    return [
        WeekFigures(
            week=label,
            checkins=len(items),
            mean_stress=_mean([c.stress for c in items]),
            mean_energy=_mean([c.energy for c in items]),
            hours_worked=round(sum(c.shift.worked.total_seconds() for c in items) / 3600, 1),
            break_minutes=round(sum(c.shift.break_time.total_seconds() for c in items) / 60),
            contacts=sum(c.shift.contacts for c in items),
            difficult=sum(c.shift.difficult for c in items),
            with_findings=(with_findings or {}).get(label, 0),
        )
        for label, items in by_week.items()
    ]


def baseline(checkins: Sequence[Checkin], now: datetime) -> Baseline:
    """The last 7 days beside the person's own baseline (the 8 weeks before them)."""
    recent_from = now - timedelta(days=RECENT_DAYS)
    baseline_from = recent_from - timedelta(weeks=BASELINE_WEEKS)
    recent = [c for c in checkins if c.shift.start >= recent_from]
    before = [c for c in checkins if baseline_from <= c.shift.start < recent_from]
    return Baseline(
        recent_stress=_mean([c.stress for c in recent]),
        recent_energy=_mean([c.energy for c in recent]),
        baseline_stress=_mean([c.stress for c in before]),
        baseline_energy=_mean([c.energy for c in before]),
        baseline_checkins=len(before),
    )


def summary_sentences(weeks: Sequence[WeekFigures]) -> list[str]:
    """The latest week in plain words, compared with the week before it."""
    if not weeks or weeks[-1].checkins == 0:
        return [_("No check-ins this week yet.")]
    this = weeks[-1]
    language = current_language()
    lines = [
        ngettext(
            "This week: {n} check-in, {hours} hours worked, {breaks} minutes of breaks.",
            "This week: {n} check-ins, {hours} hours worked, {breaks} minutes of breaks.",
            this.checkins,
        ).format(
            n=this.checkins,
            hours=decimal(this.hours_worked, language),
            breaks=this.break_minutes,
        ),
        _("Average stress {stress}/10 and energy {energy}/10.").format(
            stress=_figure(this.mean_stress, language), energy=_figure(this.mean_energy, language)
        ),
    ]
    previous = weeks[-2] if len(weeks) > 1 else None
    if previous and previous.mean_stress is not None and this.mean_stress is not None:
        change = round(this.mean_stress - previous.mean_stress, 1)
        if change >= 1:
            lines.append(
                _("Stress is {change} points higher than last week.").format(
                    change=decimal(change, language, fixed=True)
                )
            )
        elif change <= -1:
            lines.append(
                _("Stress is {change} points lower than last week.").format(
                    change=decimal(-change, language, fixed=True)
                )
            )
        else:
            lines.append(_("Stress is about the same as last week."))
    if this.difficult:
        lines.append(
            ngettext(
                "{n} difficult contact out of {total}.",
                "{n} difficult contacts out of {total}.",
                this.difficult,
            ).format(n=this.difficult, total=this.contacts)
        )
    return lines


def _figure(value: float | None, language: str) -> str:
    return "–" if value is None else decimal(value, language)


def survey_due(last_taken: datetime | None, instrument: str, now: datetime) -> bool:
    """WHO-5 every two weeks, CBI monthly (domain.md §3)."""
    every = WHO5_EVERY if instrument == "who5" else CBI_EVERY
    return last_taken is None or now - last_taken >= every


def days_since(moment: datetime, now: datetime) -> int:
    return (local_date(now) - local_date(moment)).days
