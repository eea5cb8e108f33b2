"""Team-level suggestions, made from visible weekly cells only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from wellbeing.domain.anonymity import AnonymityPolicy
from wellbeing.domain.errors import InputError
from wellbeing.domain.team_suggestions import (
    BREAK_PLANNING,
    QUICK_RETURNS,
    STRESS_RISING,
    TEXTS,
    WORKLOAD,
    SuggestionThresholds,
    TeamSuggestion,
    suggest_for_teams,
)
from wellbeing.domain.team_trends import PersonSegment, TeamTrends, build_team_trends
from wellbeing.i18n import set_language

AS_OF = date(2026, 11, 27)
WEEKS = ("2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47")
CALM: dict[str, Any] = {
    "stress": 4.0,
    "breaks_of_ten": 10,
    "quick_of_ten": 0,
    "orange_or_red": 0,
}


def week_of(team: int, segment: str, people: int = 6, **overrides: Any) -> list[PersonSegment]:
    """A team's week in which every contributor reports the same, so figures are exact."""
    values = {**CALM, **overrides}
    return [
        PersonSegment(
            person_key=f"p{team}-{index}",
            team_id=team,
            segment=segment,
            mean_stress=values["stress"],
            mean_energy=5.0,
            shifts=10,
            shifts_break_due=10,
            shifts_with_legal_break=values["breaks_of_ten"],
            shifts_after_quick_return=values["quick_of_ten"],
            hours_worked=38.0,
            overall_level_orange_or_red=index < values["orange_or_red"],
        )
        for index in range(people)
    ]


def report(weeks: Sequence[list[PersonSegment]], teams: Sequence[int] = (1, 2)) -> TeamTrends:
    """Team 2 is a calm, steady team of 9 beside whatever team 1 does."""
    rows = [row for week in weeks for row in week]
    rows += [row for segment in WEEKS for row in week_of(2, segment, people=9)]
    return build_team_trends(
        rows, teams=teams, segments=WEEKS, policy=AnonymityPolicy(), as_of=AS_OF
    )


def codes(found: Sequence[TeamSuggestion], team: int = 1) -> list[str]:
    return [suggestion.code for suggestion in found if suggestion.team_id == team]


def calm_weeks(*changes: tuple[str, dict[str, Any]]) -> list[list[PersonSegment]]:
    changed = dict(changes)
    return [week_of(1, segment, **changed.get(segment, {})) for segment in WEEKS]


def test_calm_team_gets_no_suggestion() -> None:
    assert suggest_for_teams(report(calm_weeks())) == ()


def test_break_compliance_under_80_two_weeks_in_a_row_suggests_break_planning() -> None:
    weeks = calm_weeks(("2026-W46", {"breaks_of_ten": 7}), ("2026-W47", {"breaks_of_ten": 7}))
    assert codes(suggest_for_teams(report(weeks))) == [BREAK_PLANNING]


def test_break_compliance_under_80_in_one_week_suggests_nothing() -> None:
    weeks = calm_weeks(("2026-W47", {"breaks_of_ten": 7}))
    assert codes(suggest_for_teams(report(weeks))) == []


def test_break_compliance_of_exactly_80_is_not_under_80() -> None:
    weeks = calm_weeks(("2026-W46", {"breaks_of_ten": 8}), ("2026-W47", {"breaks_of_ten": 8}))
    assert codes(suggest_for_teams(report(weeks))) == []


def test_low_weeks_with_a_hidden_week_between_are_not_in_a_row() -> None:
    weeks = calm_weeks(("2026-W45", {"breaks_of_ten": 7}), ("2026-W47", {"breaks_of_ten": 7}))
    weeks[3] = week_of(1, "2026-W46", people=3)  # fewer than k: hidden
    assert codes(suggest_for_teams(report(weeks))) == []


def test_old_run_of_low_weeks_is_not_suggested_once_compliance_recovered() -> None:
    weeks = calm_weeks(("2026-W44", {"breaks_of_ten": 6}), ("2026-W45", {"breaks_of_ten": 6}))
    assert codes(suggest_for_teams(report(weeks))) == []


def test_stress_rising_three_weeks_in_a_row_suggests_a_team_conversation() -> None:
    weeks = calm_weeks(
        ("2026-W44", {"stress": 4.0}),
        ("2026-W45", {"stress": 4.5}),
        ("2026-W46", {"stress": 5.5}),
        ("2026-W47", {"stress": 6.0}),
    )
    assert codes(suggest_for_teams(report(weeks))) == [STRESS_RISING]


def test_stress_rising_two_weeks_in_a_row_suggests_nothing() -> None:
    weeks = calm_weeks(
        ("2026-W44", {"stress": 5.0}),
        ("2026-W45", {"stress": 4.5}),
        ("2026-W46", {"stress": 5.5}),
        ("2026-W47", {"stress": 6.0}),
    )
    assert codes(suggest_for_teams(report(weeks))) == []


def test_stress_holding_steady_one_week_breaks_the_rise() -> None:
    weeks = calm_weeks(
        ("2026-W44", {"stress": 4.0}),
        ("2026-W45", {"stress": 4.5}),
        ("2026-W46", {"stress": 4.5}),
        ("2026-W47", {"stress": 6.0}),
    )
    assert codes(suggest_for_teams(report(weeks))) == []


def test_quick_returns_above_10_percent_suggest_a_schedule_review() -> None:
    weeks = calm_weeks(("2026-W47", {"quick_of_ten": 2}))
    assert codes(suggest_for_teams(report(weeks))) == [QUICK_RETURNS]


def test_quick_returns_of_exactly_10_percent_suggest_nothing() -> None:
    weeks = calm_weeks(("2026-W47", {"quick_of_ten": 1}))
    assert codes(suggest_for_teams(report(weeks))) == []


def test_many_contributors_at_orange_or_red_suggest_considering_workload() -> None:
    weeks = calm_weeks(("2026-W47", {"orange_or_red": 2}))  # 2 of 6: 33 %
    assert codes(suggest_for_teams(report(weeks))) == [WORKLOAD]


def test_one_contributor_at_orange_or_red_of_six_suggests_nothing() -> None:
    weeks = calm_weeks(("2026-W47", {"orange_or_red": 1}))  # 17 %
    assert codes(suggest_for_teams(report(weeks))) == []


def test_hidden_team_gets_no_suggestion_however_bad_its_figures() -> None:
    weeks = [week_of(1, segment, people=4, breaks_of_ten=2, quick_of_ten=9) for segment in WEEKS]
    assert codes(suggest_for_teams(report(weeks))) == []


def test_suggestion_uses_the_latest_visible_week_when_the_last_is_hidden() -> None:
    weeks = calm_weeks(("2026-W46", {"quick_of_ten": 3}))
    weeks[4] = week_of(1, "2026-W47", people=2)
    found = suggest_for_teams(report(weeks))
    assert [(s.code, s.evidence[-1].segment) for s in found] == [(QUICK_RETURNS, "2026-W46")]


def test_suggestion_carries_its_code_threshold_and_weekly_numbers() -> None:
    weeks = calm_weeks(("2026-W46", {"breaks_of_ten": 7}), ("2026-W47", {"breaks_of_ten": 6}))
    (found,) = suggest_for_teams(report(weeks))
    assert (found.code, found.team_id, found.threshold, found.weeks) == (BREAK_PLANNING, 1, 80, 2)
    assert [(e.segment, e.value) for e in found.evidence] == [("2026-W46", 70), ("2026-W47", 60)]


def test_suggestion_text_is_the_english_source_for_translation() -> None:
    weeks = calm_weeks(("2026-W47", {"quick_of_ten": 2}))
    (found,) = suggest_for_teams(report(weeks))
    assert found.text == TEXTS[QUICK_RETURNS]


def test_suggestion_message_fills_in_its_numbers() -> None:
    set_language("en")
    weeks = calm_weeks(
        ("2026-W44", {"stress": 4.0}),
        ("2026-W45", {"stress": 4.5}),
        ("2026-W46", {"stress": 5.5}),
        ("2026-W47", {"stress": 6.0}),
    )
    (found,) = suggest_for_teams(report(weeks))
    assert found.message().startswith("Mean stress in the team rose 3 weeks in a row, from 4 to 6.")


def test_suggestions_follow_configured_thresholds() -> None:
    weeks = calm_weeks(("2026-W47", {"quick_of_ten": 1}))
    found = suggest_for_teams(report(weeks), SuggestionThresholds(quick_returns_above=5))
    assert codes(found) == [QUICK_RETURNS]


def test_narrowed_report_suggests_only_for_its_own_teams() -> None:
    full = report(calm_weeks(("2026-W47", {"quick_of_ten": 2})))
    assert codes(suggest_for_teams(full)) == [QUICK_RETURNS]
    assert suggest_for_teams(full.for_teams([2])) == ()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"break_compliance_below": 150}, "break_compliance_below"),
        ({"break_weeks": 1}, "break_weeks"),
        ({"stress_rising_weeks": 0}, "stress_rising_weeks"),
        ({"quick_returns_above": -1}, "quick_returns_above"),
        ({"orange_or_red_from": 0}, "orange_or_red_from"),
    ],
)
def test_invalid_threshold_is_refused_naming_it(values: dict[str, int], field: str) -> None:
    with pytest.raises(InputError) as caught:
        SuggestionThresholds(**values)
    assert caught.value.field == field


def test_monthly_report_is_refused() -> None:
    monthly = build_team_trends(
        [],
        teams=[1],
        segments=["2026-10"],
        policy=AnonymityPolicy(segment_kind="month"),
        as_of=AS_OF,
    )
    with pytest.raises(InputError) as caught:
        suggest_for_teams(monthly)
    assert caught.value.field == "segment_kind"
