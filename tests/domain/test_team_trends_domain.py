"""Team and organisation cells: the figures they show, and what they never give away."""

from __future__ import annotations

import dataclasses
import itertools
import types
import typing
from collections.abc import Iterator, Sequence
from datetime import date
from enum import Enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from wellbeing.domain.anonymity import AnonymityPolicy, SuppressionReason
from wellbeing.domain.errors import InputError
from wellbeing.domain.team_trends import (
    Band,
    HiddenTeams,
    PersonSegment,
    SegmentTotals,
    TeamTrends,
    TrendCell,
    TrendFigures,
    build_team_trends,
    build_team_trends_from_totals,
)

WEEK = "2026-W47"
AS_OF = date(2026, 11, 27)  # a Friday: week 47 has settled, week 48 is still open
TOO_FEW = SuppressionReason.TOO_FEW_CONTRIBUTORS


def person(key: str, team: int, segment: str = WEEK, **values: Any) -> PersonSegment:
    fields: dict[str, Any] = {
        "mean_stress": 5.0,
        "mean_energy": 5.0,
        "shifts": 4,
        "shifts_break_due": 0,
        "shifts_with_legal_break": 0,
        "shifts_after_quick_return": 0,
        "hours_worked": 30.0,
        "overall_level_orange_or_red": False,
    }
    fields.update(values)
    return PersonSegment(person_key=key, team_id=team, segment=segment, **fields)


def team(team_id: int, size: int, segment: str = WEEK, **values: Any) -> list[PersonSegment]:
    return [person(f"p{team_id}-{index}", team_id, segment, **values) for index in range(size)]


def trends(
    rows: Sequence[PersonSegment],
    teams: Sequence[int],
    segments: Sequence[str] = (WEEK,),
    policy: AnonymityPolicy | None = None,
) -> TeamTrends:
    return build_team_trends(
        rows, teams=teams, segments=segments, policy=policy or AnonymityPolicy(), as_of=AS_OF
    )


def cell(report: TeamTrends, team_id: int | None, segment: str = WEEK) -> TrendCell:
    return next(c for c in report.series(team_id) if c.segment == segment)


def figures(report: TeamTrends, team_id: int | None, segment: str = WEEK) -> TrendFigures:
    shown = cell(report, team_id, segment).figures
    assert shown is not None
    return shown


# --- suppression, as a teamleader would try to get around it -------------------------------


def test_team_of_four_is_hidden() -> None:
    report = trends([*team(1, 4), *team(2, 9), *team(3, 12)], [1, 2, 3])
    hidden = cell(report, 1)
    assert hidden.hidden is TOO_FEW
    assert hidden.figures is None


def test_week_in_which_four_of_six_checked_in_is_hidden_that_week_only() -> None:
    rows = [
        *team(1, 6, "2026-W46"),
        *team(1, 4, "2026-W47"),
        *team(2, 9, "2026-W46"),
        *team(2, 9, "2026-W47"),
        *team(3, 7, "2026-W46"),
        *team(3, 7, "2026-W47"),
    ]
    report = trends(rows, [1, 2, 3], ["2026-W46", "2026-W47"])
    assert figures(report, 1, "2026-W46").contributors == 6
    assert cell(report, 1, "2026-W47").hidden is TOO_FEW


def test_hidden_cell_shows_neither_figures_nor_its_count() -> None:
    report = trends([*team(1, 2), *team(2, 9), *team(3, 12)], [1, 2, 3])
    dumped = cell(report, 1).model_dump()
    # k is the threshold that hid it, the same for every cell: no count of this team.
    assert dumped == {"segment": WEEK, "team_id": 1, "k": 5, "figures": None, "hidden": TOO_FEW}


def test_explanation_of_a_hidden_cell_names_k() -> None:
    report = trends([*team(1, 2), *team(2, 9), *team(3, 12)], [1, 2, 3])
    assert (
        report.explain(cell(report, 1)) == "fewer than 5 people checked in: hidden to protect them"
    )


def _stress_sum(shown: TrendFigures) -> float:
    return shown.mean_stress * shown.contributors


def assert_total_minus_visible_reveals_no_hidden_team(
    report: TeamTrends, rows: Sequence[PersonSegment], segment: str = WEEK
) -> None:
    """Subtract every combination of visible teams from the total: no small team falls out."""
    total = cell(report, None, segment).figures
    if total is None:
        return
    visible = [c.figures for c in report.teams if c.segment == segment and c.figures]
    small = [c.team_id for c in report.teams if c.segment == segment and c.hidden is TOO_FEW]
    for size in range(len(visible) + 1):
        for chosen in itertools.combinations(visible, size):
            count = total.contributors - sum(shown.contributors for shown in chosen)
            stress = _stress_sum(total) - sum(_stress_sum(shown) for shown in chosen)
            slack = 0.05 * (total.contributors + sum(shown.contributors for shown in chosen))
            for team_id in small:
                members = [r for r in rows if r.team_id == team_id and r.segment == segment]
                if not members:
                    continue  # a team nobody checked in for holds nobody's values
                true_stress = sum(r.mean_stress for r in members)
                assert not (count == len(members) and abs(stress - true_stress) <= slack + 1e-9), (
                    f"team {team_id} follows from the total minus {size} visible teams"
                )


def _varied_team(team_id: int, size: int) -> list[PersonSegment]:
    return [
        person(f"p{team_id}-{i}", team_id, mean_stress=float((team_id * 7 + i * 3) % 11))
        for i in range(size)
    ]


def test_organisation_minus_visible_teams_reveals_no_hidden_team_in_any_combination() -> None:
    sizes = (3, 4, 5, 6, 9, 12)
    for count in range(1, len(sizes) + 1):
        for chosen in itertools.combinations(range(len(sizes)), count):
            rows = [row for index in chosen for row in _varied_team(index, sizes[index])]
            report = trends(rows, list(chosen))
            assert_total_minus_visible_reveals_no_hidden_team(report, rows)


@settings(max_examples=100, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 13), min_size=1, max_size=6),
    k=st.integers(3, 7),
    seed=st.integers(0, 10),
)
def test_no_hidden_team_follows_from_visible_figures_in_random_organisations(
    sizes: list[int], k: int, seed: int
) -> None:
    rows = [
        person(f"p{t}-{i}", t, mean_stress=float((seed + t * 5 + i * 3) % 11))
        for t, size in enumerate(sizes)
        for i in range(size)
    ]
    report = trends(rows, list(range(len(sizes))), policy=AnonymityPolicy(k=k))
    assert_total_minus_visible_reveals_no_hidden_team(report, rows)


def test_narrowed_view_keeps_the_organisation_wide_cells() -> None:
    report = trends([*team(1, 3), *team(2, 6), *team(3, 9)], [1, 2, 3])
    mine = report.for_teams([2])
    assert mine.teams == report.series(2)
    assert mine.organisation == report.organisation
    assert figures(mine, 2).contributors == 6


def test_a_team_beside_a_small_one_stays_shown_and_the_total_covers_the_shown_teams() -> None:
    report = trends([*team(1, 3), *team(2, 6), *team(3, 9)], [1, 2, 3])
    assert cell(report, 1).hidden is TOO_FEW
    assert (figures(report, 2).contributors, figures(report, 3).contributors) == (6, 9)
    assert figures(report, None).contributors == 6 + 9


def test_an_organisation_whose_teams_are_all_hidden_is_not_said_to_have_too_few_people() -> None:
    # 22 people checked in, but no team reached 5: the total over the teams shown is empty.
    report = trends(
        [*team(1, 4), *team(2, 4), *team(3, 4), *team(4, 4), *team(5, 3), *team(6, 3)],
        [1, 2, 3, 4, 5, 6],
    )
    hidden = cell(report, None)
    assert hidden.hidden is SuppressionReason.NO_TEAM_SHOWN
    assert hidden.figures is None
    assert report.explain(hidden) == (
        "no team's figures can be shown here, so neither can the organisation's"
    )


def test_the_organisation_says_how_many_hidden_teams_its_figures_leave_out() -> None:
    # Teams 1 (3 people) and 4 (1) are hidden; team 5 has nobody to leave out.
    report = trends([*team(1, 3), *team(2, 6), *team(3, 9), *team(4, 1)], [1, 2, 3, 4, 5])
    assert figures(report, None).contributors == 6 + 9
    assert report.teams_hidden_in(WEEK) == 2
    assert report.for_teams([2]).teams_hidden_in(WEEK) == 2  # counted over every team


def test_no_hidden_team_is_counted_where_the_organisation_itself_is_hidden() -> None:
    # Its reason is the same whatever the count, so no count of hidden teams goes with it.
    report = trends([*team(1, 4), *team(2, 4)], [1, 2])
    assert cell(report, None).hidden is SuppressionReason.NO_TEAM_SHOWN
    assert report.teams_hidden == ()
    assert report.teams_hidden_in(WEEK) is None


def test_the_organisations_reason_tells_nothing_about_how_many_checked_in() -> None:
    # Two people or twenty-two in hidden teams: the organisation's cell reads the same.
    few = trends([*team(1, 1), *team(2, 1)], [1, 2])
    many = trends(
        [*team(1, 4), *team(2, 4), *team(3, 4), *team(4, 4), *team(5, 3)], [1, 2, 3, 4, 5]
    )
    nobody = trends(team(1, 8, "2026-W46"), [1], ["2026-W46", "2026-W47"])
    assert cell(few, None) == cell(many, None) == cell(nobody, None, "2026-W47")


def test_open_week_is_hidden_however_many_checked_in() -> None:
    rows = [*team(1, 12, "2026-W48"), *team(2, 12, "2026-W48")]
    report = trends(rows, [1, 2], ["2026-W48"])
    assert {c.hidden for c in (*report.teams, *report.organisation)} == {
        SuppressionReason.SEGMENT_OPEN
    }


def test_week_without_any_check_in_is_hidden_as_too_few() -> None:
    report = trends(team(1, 8, "2026-W46"), [1], ["2026-W46", "2026-W47"])
    assert cell(report, 1, "2026-W47").hidden is TOO_FEW
    assert figures(report, 1, "2026-W46").contributors == 8


def test_cells_come_oldest_week_first_whatever_order_was_asked() -> None:
    report = trends([], [1], ["2026-W47", "2026-W45", "2026-W46"])
    assert [c.segment for c in report.series(1)] == ["2026-W45", "2026-W46", "2026-W47"]


# --- the figures ---------------------------------------------------------------------------


def test_each_person_weighs_the_same_however_often_they_checked_in() -> None:
    frequent = person("frequent", 1, shifts=10, mean_stress=2.0)
    once = [person(f"once{i}", 1, shifts=1, mean_stress=8.0) for i in range(4)]
    # Per person first: (2 + 4 x 8) / 5 = 6.8; weighted by check-ins it would be 3.7.
    assert figures(trends([frequent, *once], [1]), 1).mean_stress == 6.8


def test_organisation_mean_weighs_people_not_teams() -> None:
    rows = [*team(1, 5, mean_energy=2.0), *team(2, 10, mean_energy=8.0)]
    assert figures(trends(rows, [1, 2]), None).mean_energy == 6.0


def test_break_compliance_counts_only_shifts_where_a_break_was_due() -> None:
    due = [2, 0, 2, 2, 2, 2]
    taken = [1, 0, 2, 2, 1, 2]
    rows = [
        person(f"p{i}", 1, shifts=3, shifts_break_due=d, shifts_with_legal_break=t)
        for i, (d, t) in enumerate(zip(due, taken, strict=True))
    ]
    assert figures(trends(rows, [1]), 1).break_compliance_percent == 80  # 8 of 10


def _long_shifts(team_id: int, size: int, long_shifts: int, taken: int) -> list[PersonSegment]:
    """A team of `size` in which only the first `long_shifts` people worked a shift that needed
    a legal break (two each), taking it on `taken` of those shifts each."""
    return [
        person(
            f"p{team_id}-{index}",
            team_id,
            shifts_break_due=2 * (index < long_shifts),
            shifts_with_legal_break=taken * (index < long_shifts),
        )
        for index in range(size)
    ]


def test_break_compliance_of_fewer_than_k_people_with_long_shifts_is_not_shown() -> None:
    # A teamleader knows who works the long shifts: one person's 1 break of 2 is theirs alone.
    report = trends(_long_shifts(1, 6, long_shifts=1, taken=1), [1])
    assert figures(report, 1).break_compliance_percent is None
    assert figures(report, 1).contributors == 6


def test_the_organisations_break_compliance_leaves_out_a_team_whose_figure_is_not_shown() -> None:
    small = _long_shifts(1, 6, long_shifts=2, taken=0)  # two people, no break taken
    large = _long_shifts(2, 6, long_shifts=5, taken=1)  # five people, half the breaks
    report = trends([*small, *large], [1, 2])
    assert figures(report, 1).break_compliance_percent is None
    assert figures(report, 2).break_compliance_percent == 50
    # With team 1 in it, 5 of 14 breaks (36 %) less team 2's 5 of 10 would give team 1's 0 of 4.
    assert figures(report, None).break_compliance_percent == 50


def test_break_compliance_has_no_figure_when_no_break_was_due() -> None:
    rows = team(1, 5, shifts_break_due=0, shifts_with_legal_break=0)
    assert figures(trends(rows, [1]), 1).break_compliance_percent is None


def test_quick_return_share_is_of_all_shifts() -> None:
    rows = [person(f"p{i}", 1, shifts=2, shifts_after_quick_return=int(i == 0)) for i in range(5)]
    assert figures(trends(rows, [1]), 1).quick_return_percent == 10


def test_orange_or_red_share_is_of_contributors() -> None:
    rows = [
        person(f"p{i}", 1, shifts=1 + 5 * (i < 2), overall_level_orange_or_red=i < 2)
        for i in range(5)
    ]
    assert figures(trends(rows, [1]), 1).orange_or_red_percent == 40


def test_hours_per_person_is_rounded_half_up_to_a_tenth() -> None:
    hours = [7.5, 8.0, 8.0, 8.0, 8.25]  # 7.95 on average
    rows = [person(f"p{i}", 1, hours_worked=h) for i, h in enumerate(hours)]
    assert figures(trends(rows, [1]), 1).hours_per_person == 8.0


def test_visible_cell_counts_distinct_contributors() -> None:
    assert figures(trends(team(1, 7), [1]), 1).contributors == 7


# --- nothing per person leaves ------------------------------------------------------------

OUTPUT_MODELS = (TeamTrends, TrendCell, TrendFigures, HiddenTeams)
SCALARS = (int, float, str, bool, type(None))


def _leaf_types(annotation: Any) -> Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _leaf_types(arg)
    elif origin is typing.Literal:
        yield str
    else:
        yield annotation


def test_output_models_hold_only_scalars_labels_and_nested_cells() -> None:
    for model in OUTPUT_MODELS:
        for name, field in model.model_fields.items():
            for leaf in _leaf_types(field.annotation):
                if typing.get_origin(leaf) is tuple:
                    items = typing.get_args(leaf)[0]
                    allowed = items is str or (
                        isinstance(items, type) and issubclass(items, BaseModel)
                    )
                    assert allowed, f"{model.__name__}.{name} is a sequence of values"
                else:
                    assert leaf in SCALARS or issubclass(leaf, Enum | BaseModel), (
                        f"{model.__name__}.{name} has type {leaf}"
                    )


def test_output_models_name_no_person_note_or_time() -> None:
    forbidden = ("key", "pseudonym", "note", "time", "start", "end", "account")
    for model in OUTPUT_MODELS:
        for name in model.model_fields:
            assert not any(word in name for word in forbidden), f"{model.__name__}.{name}"


def test_report_never_contains_a_person_key() -> None:
    rows = [person(f"SENTINEL-{i}-7f3a", 1 + i % 3) for i in range(20)]
    report = trends(rows, [1, 2, 3])
    assert "SENTINEL" not in report.model_dump_json()


def test_cell_shape_does_not_grow_with_its_contributors() -> None:
    report = trends([*team(1, 5), *team(2, 40)], [1, 2])
    assert cell(report, 1).model_dump().keys() == cell(report, 2).model_dump().keys()
    small, large = figures(report, 1), figures(report, 2)
    assert small.model_dump().keys() == large.model_dump().keys()
    assert all(not isinstance(v, list | tuple) for v in large.model_dump().values())


# --- input that is refused ----------------------------------------------------------------


def test_person_in_two_teams_in_one_week_is_refused() -> None:
    rows = [*team(1, 5), person("p1-0", 2)]
    with pytest.raises(InputError) as caught:
        trends(rows, [1, 2])
    assert caught.value.field == "person_key"
    assert "p1-0" not in str(caught.value)


def test_row_for_a_week_not_asked_for_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        trends(team(1, 5, "2026-W45"), [1])
    assert caught.value.field == "segment"


def test_row_for_a_team_not_listed_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        trends(team(4, 5), [1])
    assert caught.value.field == "team_id"


def test_month_in_a_weekly_report_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        trends([], [1], ["2026-W46", "2026-11"])
    assert caught.value.field == "segment"


def test_same_week_asked_twice_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        trends([], [1], ["2026-W46", "2026-W46"])
    assert caught.value.field == "segments"


def test_report_without_teams_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        trends([], [])
    assert caught.value.field == "teams"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"segment": "last 12 weeks"}, "segment"),
        ({"mean_stress": 11.0}, "mean_stress"),
        ({"mean_energy": float("nan")}, "mean_energy"),
        ({"shifts": 0}, "shifts"),
        ({"shifts_break_due": 5}, "shifts_break_due"),
        ({"shifts_break_due": 2, "shifts_with_legal_break": 3}, "shifts_with_legal_break"),
        ({"shifts_after_quick_return": 5}, "shifts_after_quick_return"),
        ({"hours_worked": -1.0}, "hours_worked"),
        ({"person_key": ""}, "person_key"),
    ],
)
def test_invalid_person_row_is_refused_naming_the_field(values: dict[str, Any], field: str) -> None:
    data: dict[str, Any] = {
        "person_key": "p",
        "team_id": 1,
        "segment": WEEK,
        "mean_stress": 5.0,
        "mean_energy": 5.0,
        "shifts": 4,
        "shifts_break_due": 4,
        "shifts_with_legal_break": 4,
        "shifts_after_quick_return": 0,
        "hours_worked": 30.0,
        "overall_level_orange_or_red": False,
    }
    data.update(values)
    with pytest.raises(InputError) as caught:
        PersonSegment(**data)
    assert caught.value.field == field


def test_building_only_the_shown_teams_gives_the_same_cells_as_narrowing_afterwards() -> None:
    rows = [*team(1, 3), *team(2, 6), *team(3, 9), *team(4, 5)]
    everyone = trends(rows, [1, 2, 3, 4])
    totals = [row.totals() for row in rows]
    by_team: dict[tuple[str, int], SegmentTotals] = {}
    for part in totals:
        key = (part.segment, part.team_id)
        by_team[key] = by_team[key] + part if key in by_team else part
    for shown in ([2], [1, 4], []):
        built = build_team_trends_from_totals(
            by_team.values(),
            teams=[1, 2, 3, 4],
            segments=[WEEK],
            policy=AnonymityPolicy(),
            as_of=AS_OF,
            shown=shown,
        )
        assert built == everyone.for_teams(shown)


def test_a_team_given_twice_in_one_segment_is_refused() -> None:
    [one] = [row.totals() for row in team(1, 1)]
    with pytest.raises(InputError, match="twice"):
        build_team_trends_from_totals(
            [one, one], teams=[1], segments=[WEEK], policy=AnonymityPolicy(), as_of=AS_OF
        )


@pytest.mark.parametrize(
    "change", [{"contributors": -1}, {"shifts_break_due": 99}, {"stress_units": 11 * 10**6}]
)
def test_sums_that_cannot_be_true_are_refused(change: dict[str, int]) -> None:
    [one] = [row.totals() for row in team(1, 1)]
    with pytest.raises(InputError, match="totals"):
        dataclasses.replace(one, **change)


# --- figures at the end of their scale are shown as bands ---------------------------------


def test_a_team_that_all_reported_stress_0_gets_only_0_5_or_less() -> None:
    rows = [person(f"p{i}", 1, mean_stress=0.0, mean_energy=10.0) for i in range(6)]
    shown = figures(trends(rows, [1]), 1)
    assert (shown.mean_stress, shown.band("mean_stress")) == (0.5, Band("at_most", 0.5))
    assert (shown.mean_energy, shown.band("mean_energy")) == (9.5, Band("at_least", 9.5))
    assert (shown.text("mean_stress"), shown.text("mean_energy")) == ("≤0.5", "≥9.5")


def test_a_mean_inside_the_scale_is_shown_exactly() -> None:
    rows = [person(f"p{i}", 1, mean_stress=0.6 + i / 10) for i in range(6)]
    shown = figures(trends(rows, [1]), 1)
    assert (shown.mean_stress, shown.band("mean_stress"), shown.text("mean_stress")) == (
        0.9,
        None,
        "0.9",
    )


def test_nobody_at_orange_in_a_team_of_six_is_shown_as_one_persons_share_or_less() -> None:
    rows = [person(f"p{i}", 1) for i in range(6)]
    shown = figures(trends(rows, [1]), 1)
    assert shown.band("orange_or_red_percent") == Band("at_most", 17)
    assert shown.text("orange_or_red_percent") == "≤17 %"


def test_one_person_of_six_at_orange_is_the_same_band_as_nobody() -> None:
    rows = [person(f"p{i}", 1, overall_level_orange_or_red=i == 0) for i in range(6)]
    assert figures(trends(rows, [1]), 1).text("orange_or_red_percent") == "≤17 %"


def test_every_shift_with_its_break_in_time_is_shown_as_90_percent_or_more() -> None:
    rows = [person(f"p{i}", 1, shifts_break_due=4, shifts_with_legal_break=4) for i in range(12)]
    shown = figures(trends(rows, [1]), 1)
    assert shown.band("break_compliance_percent") == Band("at_least", 90)
    assert shown.as_data()["break_compliance_percent"] is None
    assert shown.as_data()["bands"]["break_compliance_percent"] == {
        "side": "at_least",
        "bound": 90,
    }


def test_hours_are_never_banded() -> None:
    rows = [person(f"p{i}", 1, hours_worked=0.0) for i in range(6)]
    assert figures(trends(rows, [1]), 1).band("hours_per_person") is None
