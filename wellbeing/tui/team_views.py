"""What the team screen shows of a team's anonymised trends, put into words off the UI thread.

Everything here comes from `TeamView.trends`, which checks the role and passes every figure
through the anonymity policy. This module only lays the cells out: a hidden cell shows no
figure, and the reason it is hidden is written under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wellbeing.i18n import N_, _
from wellbeing.tui.reflect_views import TrendLine, number, short_week

if TYPE_CHECKING:
    from wellbeing.domain.team_trends import TeamTrends, TrendCell, TrendFigures
    from wellbeing.services import TeamReport, TeamView, Wellbeing

TEAM_WEEKS = 12
NO_FIGURE = "-"
HIDDEN_MARK = "·"

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


@dataclass(frozen=True)
class TeamSeries:
    """One trend over the visible weeks: how to read it and how to write it."""

    key: str
    label: str
    field: str
    unit: str

    def value(self, figures: TrendFigures) -> float | None:
        return getattr(figures, self.field)


SERIES = (
    TeamSeries("stress", N_("Stress"), "mean_stress", "/10"),
    TeamSeries("energy", N_("Energy"), "mean_energy", "/10"),
    TeamSeries("breaks", N_("Breaks ok"), "break_compliance_percent", ""),
    TeamSeries("quick", N_("Quick returns"), "quick_return_percent", ""),
    TeamSeries("orange", N_("Orange/red"), "orange_or_red_percent", ""),
    TeamSeries("hours", N_("Hours/person"), "hours_per_person", " h"),
)


@dataclass(frozen=True)
class TeamSection:
    """One led team: its weekly table, why some weeks are hidden, trends and suggestions."""

    team: str
    heading: str
    rows: tuple[tuple[str, ...], ...]
    hidden_notes: tuple[str, ...]
    lines: tuple[TrendLine, ...]
    suggestions: tuple[str, ...]
    empty: str = ""


FIGURE_FIELDS = (
    "mean_stress",
    "mean_energy",
    "break_compliance_percent",
    "quick_return_percent",
    "orange_or_red_percent",
    "hours_per_person",
)


def figure_cells(figures: TrendFigures) -> tuple[str, ...]:
    """One table row's figures: one decimal, whole percent, "≤"/"≥" before a band."""
    return (str(figures.contributors), *(figures.text(name) for name in FIGURE_FIELDS))


def table_rows(cells: Sequence[TrendCell]) -> tuple[tuple[str, ...], ...]:
    """One row per week, oldest first; a hidden week has no figure at all."""
    hidden = (_("hidden"),) + (HIDDEN_MARK,) * (len(COLUMNS) - 2)
    return tuple(
        (cell.segment, *(figure_cells(cell.figures) if cell.figures else hidden)) for cell in cells
    )


def hidden_notes(trends: TeamTrends, cells: Sequence[TrendCell]) -> tuple[str, ...]:
    """For each reason a week is hidden, the weeks and the reason in words."""
    by_reason: dict[str, list[str]] = {}
    for cell in cells:
        if cell.figures is None:
            by_reason.setdefault(trends.explain(cell), []).append(cell.segment)
    return tuple(
        _("{weeks}: {reason}").format(weeks=", ".join(weeks), reason=reason)
        for reason, weeks in by_reason.items()
    )


def series_line(series: TeamSeries, cells: Sequence[TrendCell]) -> TrendLine:
    """The trend over the visible weeks only: hidden weeks contribute no point."""
    kept = [
        (cell.segment, cell.figures, value)
        for cell in cells
        if cell.figures is not None and (value := series.value(cell.figures)) is not None
    ]
    if not kept:
        return TrendLine(series.key, _(series.label), (), _("no visible week"), "")
    points = tuple(float(value) for _week, _figures, value in kept)
    week, figures, _value = kept[-1]
    latest = _("{value} in {week}").format(
        value=f"{figures.text(series.field)}{series.unit}", week=short_week(week)
    )
    spread = _("low {low} · high {high}").format(low=number(min(points)), high=number(max(points)))
    return TrendLine(series.key, _(series.label), points, latest, spread)


def team_section(team: str, report: TeamReport) -> TeamSection:
    trends = report.trends
    cells = trends.teams
    if not cells:
        return TeamSection(
            team=team,
            heading=_("Team {team}").format(team=team),
            rows=(),
            hidden_notes=(),
            lines=(),
            suggestions=(),
            empty=_("Nobody belongs to team {team} yet: there is nothing to show.").format(
                team=team
            ),
        )
    heading = _(
        "Team {team}, ISO weeks {first} to {last} (each figure covers at least {k} people)"
    ).format(team=team, first=trends.segments[0], last=trends.segments[-1], k=trends.k)
    return TeamSection(
        team=team,
        heading=heading,
        rows=table_rows(cells),
        hidden_notes=hidden_notes(trends, cells),
        lines=tuple(series_line(series, cells) for series in SERIES),
        suggestions=tuple(suggestion.message() for suggestion in report.suggestions),
    )


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
