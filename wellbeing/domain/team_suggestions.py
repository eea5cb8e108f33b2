"""Team-level suggestions for a teamleader, read from visible weekly cells only.

Each rule looks at a team's most recent visible week and, for the rules that need a run, at
the consecutive ISO weeks just before it; a hidden or missing week breaks the run. Hidden
cells are never looked at, so a suggestion reveals nothing the table does not show.

Defaults (configurable through `SuggestionThresholds`):

* break compliance under 80 % two weeks in a row: talk about break planning (design.md);
* team mean stress higher than the week before, three weeks in a row: plan a team
  conversation (design.md);
* more than 10 % of shifts after a quick return (< 11 h rest, art. 38ter Arbeidswet): review
  the schedule (design.md; Vedaa et al. on sick leave after quick returns);
* at least 30 % of contributors at orange or red: consider the workload. A convention, not a
  published cut-off: with five people it means two of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wellbeing.domain.anonymity import CalendarSegment, parse_segment
from wellbeing.domain.errors import InputError, input_error_from
from wellbeing.domain.team_trends import BandSide, TeamTrends, TrendCell, TrendFigures
from wellbeing.i18n import N_, _, current_language
from wellbeing.i18n.formats import decimal

BREAK_PLANNING = "team.break_planning"
STRESS_RISING = "team.stress_rising"
QUICK_RETURNS = "team.quick_returns"
WORKLOAD = "team.workload"

Run = list[tuple[str, TrendFigures]]  # consecutive visible weeks, oldest first

TEXTS = {
    BREAK_PLANNING: N_(
        "Break compliance was under {threshold} % for {weeks} weeks in a row (latest: "
        "{latest} %). Talk with the team about how breaks are planned."
    ),
    STRESS_RISING: N_(
        "Mean stress in the team rose {weeks} weeks in a row, from {first} to {latest}. "
        "Plan a team conversation about workload and support."
    ),
    QUICK_RETURNS: N_(
        "{latest} % of shifts started less than 11 hours after the previous one ended (more "
        "than {threshold} %). Review the schedule so that everyone gets their daily rest."
    ),
    WORKLOAD: N_(
        "{latest} % of the people who checked in were at orange or red ({threshold} % or "
        "more). Consider the team's workload."
    ),
}


class SuggestionThresholds(BaseModel):
    """When a team-level suggestion is made; every value is configurable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    break_compliance_below: int = Field(default=80, ge=1, le=100)
    break_weeks: int = Field(default=2, ge=2, le=12)
    stress_rising_weeks: int = Field(default=3, ge=2, le=12)
    quick_returns_above: int = Field(default=10, ge=0, le=99)
    orange_or_red_from: int = Field(default=30, ge=1, le=100)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise input_error_from(exc) from None


class SuggestionEvidence(BaseModel):
    """One visible week's figure behind a suggestion."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    segment: str
    value: float
    band: BandSide | None = None  # the value is a band's edge: "≤" (at_most) or "≥"


class TeamSuggestion(BaseModel):
    """A suggestion for one team, with the numbers that led to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    team_id: int
    text: str  # English source, marked with N_(); `message()` translates it
    threshold: float | None  # None where the rule has no threshold (a rising trend)
    weeks: int
    evidence: tuple[SuggestionEvidence, ...]

    def message(self) -> str:
        """The suggestion in the current language, with its numbers filled in."""
        return _(self.text).format(
            threshold=_number(self.threshold),
            weeks=self.weeks,
            first=_evidence(self.evidence[0]),
            latest=_evidence(self.evidence[-1]),
        )


def suggest_for_teams(
    trends: TeamTrends, thresholds: SuggestionThresholds | None = None
) -> tuple[TeamSuggestion, ...]:
    """Suggestions for every team in `trends`, ordered by team."""
    if trends.segment_kind != "week":
        raise InputError("segment_kind", _("team suggestions are made from ISO weeks"))
    limits = thresholds or SuggestionThresholds()
    team_ids = sorted({cell.team_id for cell in trends.teams if cell.team_id is not None})
    found: list[TeamSuggestion] = []
    for team_id in team_ids:
        run = _latest_run(trends.series(team_id))
        found.extend(_suggestions(team_id, run, limits))
    return tuple(found)


def _latest_run(cells: Sequence[TrendCell]) -> Run:
    """The visible weeks that end at the team's latest visible week, without a gap."""
    visible = sorted(
        ((parse_segment(cell.segment), cell.figures) for cell in cells if cell.figures),
        key=lambda pair: pair[0],
    )
    run: list[tuple[CalendarSegment, TrendFigures]] = []
    for segment, figures in visible:
        if run and not segment.follows(run[-1][0]):
            run = []  # a hidden or missing week in between
        run.append((segment, figures))
    return [(segment.label, figures) for segment, figures in run]


def _suggestions(team_id: int, run: Run, limits: SuggestionThresholds) -> list[TeamSuggestion]:
    if not run:
        return []
    rules = (_break_planning, _stress_rising, _quick_returns, _workload)
    return [found for rule in rules if (found := rule(team_id, run, limits)) is not None]


def _break_planning(team_id: int, run: Run, limits: SuggestionThresholds) -> TeamSuggestion | None:
    tail = _tail(run, "break_compliance_percent")[-limits.break_weeks :]
    if len(tail) < limits.break_weeks or not all(
        value is not None and value < limits.break_compliance_below for _label, value, _b in tail
    ):
        return None
    return _made(BREAK_PLANNING, team_id, limits.break_compliance_below, len(tail), tail)


def _stress_rising(team_id: int, run: Run, limits: SuggestionThresholds) -> TeamSuggestion | None:
    tail = _tail(run, "mean_stress")[-(limits.stress_rising_weeks + 1) :]
    if len(tail) <= limits.stress_rising_weeks or not all(
        later[1] > earlier[1] for earlier, later in itertools.pairwise(tail)
    ):
        return None
    return _made(STRESS_RISING, team_id, None, limits.stress_rising_weeks, tail)


def _quick_returns(team_id: int, run: Run, limits: SuggestionThresholds) -> TeamSuggestion | None:
    _label, figures = run[-1]
    if figures.quick_return_percent <= limits.quick_returns_above:
        return None
    tail = _tail(run[-1:], "quick_return_percent")
    return _made(QUICK_RETURNS, team_id, limits.quick_returns_above, 1, tail)


def _workload(team_id: int, run: Run, limits: SuggestionThresholds) -> TeamSuggestion | None:
    _label, figures = run[-1]
    if figures.orange_or_red_percent < limits.orange_or_red_from:
        return None
    tail = _tail(run[-1:], "orange_or_red_percent")
    return _made(WORKLOAD, team_id, limits.orange_or_red_from, 1, tail)


def _made(
    code: str,
    team_id: int,
    threshold: float | None,
    weeks: int,
    evidence: Sequence[tuple[str, float | None, BandSide | None]],
) -> TeamSuggestion:
    return TeamSuggestion(
        code=code,
        team_id=team_id,
        text=TEXTS[code],
        threshold=threshold,
        weeks=weeks,
        evidence=tuple(
            SuggestionEvidence(segment=label, value=float(value or 0), band=band)
            for label, value, band in evidence
        ),
    )


def _tail(run: Run, name: str) -> list[tuple[str, Any, BandSide | None]]:
    """One figure over the run's weeks, with the side of its band where it is banded."""
    found: list[tuple[str, Any, BandSide | None]] = []
    for label, figures in run:
        band = figures.band(name)
        found.append((label, getattr(figures, name), band.side if band else None))
    return found


def _evidence(found: SuggestionEvidence) -> str:
    """A figure of the evidence, "≤"/"≥" before a band's edge as the table shows it."""
    prefix = {"at_most": "≤", "at_least": "≥"}.get(found.band or "", "")
    return prefix + _number(found.value)


def _number(value: float | None) -> str:
    """6.0 → '6', 6.4 → '6.4' (6,4 in Dutch and French): no trailing decimal."""
    if value is None:
        return ""
    return decimal(value, current_language())
