"""What the team screen shows of a team's anonymised trends, put into words off the UI thread.

Everything here comes from `TeamView.trends`, which checks the role and passes every figure
through the anonymity policy. This module only lays the cells out: every week the heading
names has a row, a hidden week and a week nobody in the team checked in show no figure and
say why under the table, the organisation's figures say which hidden teams they leave out,
figures have one decimal in the reader's conventions, and charts are drawn on their whole
scale (0-10, 0-100 %, hours from 0) so a small change looks small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from wellbeing.i18n import N_, _, current_language
from wellbeing.presentation.team_legend import (
    left_out_lines,
    table_legend,
    team_heading,
    week_runs,
)
from wellbeing.tui.reflect_views import short_week
from wellbeing.tui.widgets.scaled_chart import week_axis

if TYPE_CHECKING:
    from wellbeing.domain.team_trends import TeamTrends, TrendCell, TrendFigures
    from wellbeing.services import TeamReport, TeamView, Wellbeing

TEAM_WEEKS = 12
HIDDEN_MARK = "·"
HOURS_SCALE_AT_LEAST = 40.0
NUMBER_LOCALES = {"nl": "nl_BE", "fr": "fr_BE"}

COLUMNS = (
    N_("Week"),
    N_("People"),
    N_("Stress"),
    N_("Energy"),
    N_("Breaks ok"),
    N_("Quick returns"),
    N_("Orange/red"),
    N_("Hours/person"),
)

FIGURE_FIELDS = (
    "mean_stress",
    "mean_energy",
    "break_compliance_percent",
    "quick_return_percent",
    "orange_or_red_percent",
    "hours_per_person",
)


@dataclass(frozen=True)
class TeamSeries:
    """One trend over the weeks: which figure, its unit and the top of its fixed scale
    (None: hours, whose scale starts at 0 and reaches the largest week)."""

    key: str
    label: str
    field: str
    unit: str
    top: float | None

    def value(self, figures: TrendFigures) -> float | None:
        return getattr(figures, self.field)


SERIES = (
    TeamSeries("stress", N_("Stress"), "mean_stress", "/10", 10.0),
    TeamSeries("energy", N_("Energy"), "mean_energy", "/10", 10.0),
    TeamSeries("breaks", N_("Breaks ok"), "break_compliance_percent", "", 100.0),
    TeamSeries("quick", N_("Quick returns"), "quick_return_percent", "", 100.0),
    TeamSeries("orange", N_("Orange/red"), "orange_or_red_percent", "", 100.0),
    TeamSeries("hours", N_("Hours/person"), "hours_per_person", " h", None),
)


@dataclass(frozen=True)
class TeamLine:
    """One chart row: a point per requested week (None: no figure), its scale, the latest."""

    key: str
    label: str
    points: tuple[float | None, ...]
    scale: tuple[float, float]
    scale_text: str
    latest: str


@dataclass(frozen=True)
class TeamSection:
    """One led team: its weekly table, why some weeks have no figures, the organisation's
    weeks beside it and what they leave out, charts, a legend and suggestions (or why there
    are none)."""

    team: str
    heading: str
    rows: tuple[tuple[str, ...], ...]
    hidden_notes: tuple[str, ...]
    organisation_rows: tuple[tuple[str, ...], ...]
    organisation_notes: tuple[str, ...]
    axis: str
    lines: tuple[TeamLine, ...]
    legend: tuple[str, ...]
    suggestions: tuple[str, ...]
    empty: str = ""


def tenths(value: float) -> str:
    """One decimal, always, in the reader's conventions: 5.0 and 5.1 (5,0 and 5,1)."""
    locale = NUMBER_LOCALES.get(current_language(), "en")
    return format_decimal(value, format="#,##0.0", locale=locale)


def figure_cells(figures: TrendFigures) -> tuple[str, ...]:
    """One table row's figures: one decimal, whole percent, "≤"/"≥" before a band."""
    return (str(figures.contributors), *(figures.text(name, tenths) for name in FIGURE_FIELDS))


def table_rows(
    cells: Sequence[TrendCell], segments: Sequence[str]
) -> tuple[tuple[str, ...], ...]:
    """One row per week of `segments`, oldest first, so the table holds every week its
    heading names: a hidden week has no figure at all, and neither has a week without a
    cell (nobody checked in)."""
    by_week = {cell.segment: cell for cell in cells}
    no_figure = (HIDDEN_MARK,) * (len(COLUMNS) - 2)
    rows: list[tuple[str, ...]] = []
    for week in segments:
        cell = by_week.get(week)
        if cell is None:
            rows.append((week, _("nobody"), *no_figure))
        elif cell.figures is None:
            rows.append((week, _("hidden"), *no_figure))
        else:
            rows.append((week, *figure_cells(cell.figures)))
    return tuple(rows)


def hidden_notes(
    trends: TeamTrends, cells: Sequence[TrendCell], segments: Sequence[str], nobody: str
) -> tuple[str, ...]:
    """For each reason weeks have no figure (with the k that hid them), the weeks and the
    reason in words; `nobody` is the reason of a week without a cell."""
    by_week = {cell.segment: cell for cell in cells}
    by_reason: dict[str, list[str]] = {}
    for week in segments:
        cell = by_week.get(week)
        if cell is None:
            by_reason.setdefault(nobody, []).append(week)
        elif cell.figures is None:
            by_reason.setdefault(trends.explain(cell), []).append(week)
    return tuple(
        _("{weeks}: {reason}").format(weeks=week_runs(weeks, segments), reason=reason)
        for reason, weeks in by_reason.items()
    )


def series_line(
    series: TeamSeries, cells: Sequence[TrendCell], segments: Sequence[str]
) -> TeamLine:
    """The trend over every requested week, on the series' whole scale; a week without a
    figure (hidden or nobody checked in) is a gap, so the weeks stay where they fell."""
    by_week = {cell.segment: cell.figures for cell in cells if cell.figures is not None}
    points = tuple(
        None if (figures := by_week.get(week)) is None else series.value(figures)
        for week in segments
    )
    shown = [point for point in points if point is not None]
    top = series.top
    if top is None:
        top = max(HOURS_SCALE_AT_LEAST, 10 * math.ceil(max(shown, default=0) / 10))
    if series.unit == "/10":
        scale_text = "0-10"
    elif series.unit == " h":
        scale_text = f"0-{int(top)} h"
    else:
        scale_text = "0-100 %"
    latest_week = next((week for week in reversed(segments) if by_week.get(week)), None)
    if latest_week is None or not shown:
        latest = _("no visible week")
    else:
        figures = by_week[latest_week]
        latest = _("{value} in {week}").format(
            value=f"{figures.text(series.field, tenths)}{series.unit}",
            week=short_week(latest_week),
        )
    return TeamLine(series.key, _(series.label), points, (0.0, float(top)), scale_text, latest)


def legend(k: int | None) -> tuple[str, ...]:
    """How to read the table and the charts, with the weeks' k (None: they differ)."""
    return (
        *table_legend(k),
        _(
            "Charts: one column per week on the whole scale; a blank column is a week "
            "without figures."
        ),
    )


def suggestion_lines(report: TeamReport) -> tuple[str, ...]:
    """The suggestions, or one sentence that says why there are none."""
    if report.suggestions:
        return tuple(f"• {suggestion.message()}" for suggestion in report.suggestions)
    if not any(cell.figures is not None for cell in report.trends.teams):
        return (
            _(
                "No suggestions: every week of this team is hidden, so there is nothing to "
                "base them on. They appear once {k} or more people check in in a week."
            ).format(k=report.trends.k),
        )
    return (_("No suggestions: nothing in these weeks calls for a change."),)


def team_section(team: str, report: TeamReport) -> TeamSection:
    trends = report.trends
    cells = trends.teams
    if not cells:
        return TeamSection(
            team=team,
            heading=_("Team {team}").format(team=team),
            rows=(),
            hidden_notes=(),
            organisation_rows=(),
            organisation_notes=(),
            axis="",
            lines=(),
            legend=(),
            suggestions=(),
            empty=_(
                "Nobody in team {team} checked in during these weeks: there is nothing to show."
            ).format(team=team),
        )
    heading = "\n".join(team_heading(team, trends))
    segments = trends.segments
    organisation = trends.organisation
    return TeamSection(
        team=team,
        heading=heading,
        rows=table_rows(cells, segments),
        hidden_notes=hidden_notes(trends, cells, segments, _("nobody in the team checked in")),
        organisation_rows=table_rows(organisation, segments),
        organisation_notes=(
            *hidden_notes(trends, organisation, segments, _("nobody checked in")),
            *left_out_lines(trends),
        ),
        axis=week_axis(short_week(segments[0]), short_week(segments[-1]), len(segments)),
        lines=tuple(series_line(series, cells, segments) for series in SERIES),
        legend=legend(trends.uniform_k()),
        suggestions=suggestion_lines(report),
    )


def preview_sections(service: Wellbeing, weeks: int = TEAM_WEEKS) -> tuple[TeamSection, ...]:
    """The one team this person belongs to, exactly as its teamleader sees it (none when
    they belong to no team)."""
    view = team_view_for(service)
    team = view.own_team()
    if team is None:
        return ()
    return (team_section(team.name, view.teamleader_preview(weeks)),)


def team_view_for(service: Wellbeing) -> TeamView:
    """The teamleader's use case for the same person, database and clock as `service`."""
    from wellbeing.services import TeamView

    return TeamView(service.db, service.account, service.clock)


def led_team_names(service: Wellbeing) -> tuple[str, ...]:
    """The teams this person leads, by name (empty for everyone else)."""
    return tuple(team.name for team in team_view_for(service).led_teams())


def team_sections(service: Wellbeing, weeks: int = TEAM_WEEKS) -> tuple[TeamSection, ...]:
    """Every team this person leads; AccessDenied from the service when they lead none."""
    view = team_view_for(service)
    return tuple(
        team_section(team.name, view.trends(team.name, weeks)) for team in view.led_teams()
    )
