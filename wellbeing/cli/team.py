"""`wellbeing team trends`: a teamleader's anonymised weekly figures for a team they lead.

Everything shown comes from `TeamView.trends`, which checks the role and passes every figure
through the anonymity policy; this module only lays the cells out. A hidden cell prints the
reason it is hidden in place of its figures, so nobody mistakes it for a missing week.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.params import Whole
from wellbeing.i18n import _, current_language
from wellbeing.i18n.formats import decimal
from wellbeing.presentation.team_legend import (
    left_out_lines,
    organisation_heading,
    table_legend,
    team_heading,
    two_lines,
)

if TYPE_CHECKING:
    from wellbeing.domain.team_suggestions import TeamSuggestion
    from wellbeing.domain.team_trends import TeamTrends, TrendCell, TrendFigures
    from wellbeing.services import TeamReport

DEFAULT_WEEKS = 12
DEFAULT_MONTHS = 12
WIDTH = 80  # a terminal's columns: Dutch and French words would otherwise run over


def _echo_wrapped(line: str, indent: str = "  ") -> None:
    """`line` wrapped at 80 columns, its further lines indented by `indent`."""
    click.echo(
        textwrap.fill(
            line,
            width=WIDTH,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )
    )


def team_group() -> click.Group:
    """The teamleader's `team` group."""

    @click.group("team", help=_("Anonymised trends of a team you lead."))
    def team() -> None:
        """Only a namespace for the teamleader's commands."""

    @team.command(help=_("Weekly figures of a team you lead, for the latest ended ISO weeks."))
    @click.option("--team", "team", required=True, metavar="NAME", help=_("The team."))
    @click.option(
        "--weeks",
        default=DEFAULT_WEEKS,
        type=Whole(),
        show_default=True,
        metavar="N",
        help=_("How many ended ISO weeks to show (1-52)."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def trends(invocation: Invocation, team: str, weeks: int, as_json: bool) -> None:
        from wellbeing.domain.people import validate_team_name
        from wellbeing.services import validate_trend_weeks

        count = validate_trend_weeks(weeks)
        report = _team_report(invocation, validate_team_name(team), count)
        # The team as it is spelt, whatever case it was asked for in.
        if as_json:
            print_json(report_json(report.team, report))
        else:
            _print_report(report.team, report)

    return team


def org_group() -> click.Group:
    """The admin's `org` group."""

    @click.group("org", help=_("The whole organisation's anonymised totals (for admins)."))
    def org() -> None:
        """Only a namespace for the admin's organisation views."""

    @org.command(
        name="trends",
        help=_("Monthly totals of the whole organisation, for the latest ended months."),
    )
    @click.option(
        "--months",
        default=DEFAULT_MONTHS,
        type=Whole(),
        show_default=True,
        metavar="N",
        help=_("How many ended calendar months to show (1-120)."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def org_trends(invocation: Invocation, months: int, as_json: bool) -> None:
        from wellbeing.organisation_trends import OrganisationTrends, validate_months

        count = validate_months(months)
        account = invocation.acting()
        database = invocation.database(account, existing=True)
        try:
            totals = OrganisationTrends(database, account, **_clock(invocation)).monthly_totals(
                count
            )
        finally:
            database.dispose()
        if as_json:
            print_json(
                {
                    "k": totals.k,
                    "months": list(totals.segments),
                    "organisation_months": [
                        _organisation_json(totals, cell, "month") for cell in totals.organisation
                    ],
                }
            )
            return
        _echo_heading(organisation_heading(totals))
        click.echo()
        _print_cells(totals, totals.organisation, _("Month"), _("nobody checked in"))
        _echo_left_out(totals)

    return org


def _clock(invocation: Invocation) -> dict[str, Any]:
    """The clock the use cases read: the system's unless one was given (tests)."""
    return {} if invocation.clock is None else {"clock": invocation.clock}


def _team_report(invocation: Invocation, team: str, weeks: int) -> TeamReport:
    from wellbeing.services import TeamView

    account = invocation.acting()
    database = invocation.database(account, existing=True)
    try:
        # k is the organisation's, stored in the database: never this person's settings.
        return TeamView(database, account, **_clock(invocation)).trends(team, weeks)
    finally:
        database.dispose()


# --- JSON ----------------------------------------------------------------------------------


def _cell_json(trends: TeamTrends, cell: TrendCell, period: str = "week") -> dict[str, Any]:
    """A week's (or, with `period` "month", a month's) cell, with the k it was published
    under."""
    if cell.figures is None:
        return {
            period: cell.segment,
            "k": cell.k,
            "visible": False,
            "hidden": str(cell.hidden),
            "explanation": trends.explain(cell),
        }
    return {period: cell.segment, "k": cell.k, "visible": True, **cell.figures.as_data()}


def _organisation_json(trends: TeamTrends, cell: TrendCell, period: str = "week") -> dict[str, Any]:
    """An organisation cell, and for one with figures how many teams they leave out because
    fewer than k of their people checked in (absent when that is not known)."""
    found = _cell_json(trends, cell, period)
    left_out = trends.teams_hidden_in(cell.segment) if cell.figures is not None else None
    if left_out is not None:
        found["teams_hidden"] = left_out
    return found


def _suggestion_json(suggestion: TeamSuggestion) -> dict[str, Any]:
    return {
        "code": suggestion.code,
        "message": suggestion.message(),
        "threshold": suggestion.threshold,
        "weeks": suggestion.weeks,
        "evidence": [
            {"week": found.segment, "value": found.value} for found in suggestion.evidence
        ],
    }


def report_json(team: str, report: TeamReport) -> dict[str, Any]:
    """The report as data: only weekly cells and suggestions, never a person's values.

    "k" is the organisation's k now, which weeks still to be published will use; each cell
    has the k it was published under."""
    trends = report.trends
    return {
        "team": team,
        "k": trends.k,
        "weeks": list(trends.segments),
        "team_weeks": [_cell_json(trends, cell) for cell in trends.teams],
        "organisation_weeks": [_organisation_json(trends, cell) for cell in trends.organisation],
        "suggestions": [_suggestion_json(found) for found in report.suggestions],
    }


# --- text ----------------------------------------------------------------------------------


FIGURE_FIELDS = (
    "mean_stress",
    "mean_energy",
    "break_compliance_percent",
    "quick_return_percent",
    "orange_or_red_percent",
    "hours_per_person",
)


def _figure_cells(figures: TrendFigures) -> list[str]:
    language = current_language()
    return [
        str(figures.contributors),
        *(
            figures.text(name, lambda value: decimal(value, language, fixed=True))
            for name in FIGURE_FIELDS
        ),
    ]


def _header(segment: str) -> list[str]:
    return [
        segment,
        _("People"),
        _("Stress"),
        _("Energy"),
        _("Breaks ok"),
        _("Quick returns"),
        _("Orange/red"),
        _("Hours/person"),
    ]


def _print_cells(trends: TeamTrends, cells: Sequence[TrendCell], segment: str, nobody: str) -> None:
    """One line per segment the heading names (a week, or an organisation's month), oldest
    first: the figures, or why there are none (hidden, or `nobody` where no cell was made).
    `segment` heads the first column."""
    header = _header(segment)
    by_segment = {cell.segment: cell for cell in cells}
    shown = [(label, by_segment.get(label)) for label in trends.segments]
    rows = [
        [label, *_figure_cells(cell.figures)] if cell and cell.figures else [label]
        for label, cell in shown
    ]
    header_lines = [header]
    if _line_width(header, _widths([header, *rows], len(header))) > WIDTH:
        # Too wide on one line (Dutch, French): each label on two lines, as in the app.
        header_lines = _header_lines([two_lines(label) for label in header])
    widths = _widths([*header_lines, *rows], len(header))
    for line in header_lines:
        click.echo("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    indent = " " * (widths[0] + 2)
    for (label, cell), row in zip(shown, rows, strict=True):
        if cell is None:
            _echo_wrapped(f"{label.ljust(widths[0])}  {nobody}", indent)
        elif cell.figures is None:
            _echo_wrapped(f"{label.ljust(widths[0])}  {trends.explain(cell)}", indent)
        else:
            click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _widths(lines: Sequence[Sequence[str]], columns: int) -> list[int]:
    """Each column's width: its longest text in `lines` (a hidden week's row has only its
    first cell)."""
    return [max(len(line[i]) for line in lines if len(line) > i) for i in range(columns)]


def _line_width(cells: Sequence[str], widths: Sequence[int]) -> int:
    return len("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def _header_lines(labels: Sequence[str]) -> list[list[str]]:
    """Labels broken over two lines as two lines of cells; an unbroken one on the first."""
    parts = [label.split("\n") for label in labels]
    height = max(len(part) for part in parts)
    return [[part[i] if i < len(part) else "" for part in parts] for i in range(height)]


def _echo_heading(lines: Sequence[str]) -> None:
    """The heading's lines, each wrapped at 80 columns."""
    for line in lines:
        _echo_wrapped(line)


def _echo_left_out(trends: TeamTrends) -> None:
    """Under the organisation's figures, the hidden teams they leave out, wrapped at 80."""
    for line in left_out_lines(trends):
        _echo_wrapped(line)


def _print_report(team: str, report: TeamReport) -> None:
    trends = report.trends
    if not trends.teams:
        _echo_wrapped(
            _(
                "Nobody in team {team} checked in during these weeks: there is nothing to show."
            ).format(team=team)
        )
        return
    _echo_heading(team_heading(team, trends))
    click.echo()
    _print_cells(trends, trends.teams, _("Week"), _("nobody in the team checked in"))
    click.echo()
    click.echo(_("Whole organisation, for comparison"))
    _print_cells(trends, trends.organisation, _("Week"), _("nobody checked in"))
    _echo_left_out(trends)
    click.echo()
    for line in table_legend(trends.uniform_k()):
        _echo_wrapped(line)
    click.echo()
    click.echo(_("Suggestions for the team"))
    if not report.suggestions:
        click.echo(_("  None for these weeks."))
    for suggestion in report.suggestions:
        _echo_wrapped(f"- {suggestion.message()}")
