"""The anonymity policy, tested as attacks on what a teamleader could work out.

The attacker here is independent of the policy's own analysis: exact linear algebra over the
leaf groups (what can be added and subtracted from visible counts), and brute force over every
set of counts consistent with what is shown (visible counts, "fewer than k" and "hidden for
another group" bounds).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellbeing.domain.anonymity import (
    AnonymityPolicy,
    SuppressionReason,
    count_bounds,
    explain,
    parse_segment,
    segment_containing,
)
from wellbeing.domain.errors import InputError

TOO_FEW = SuppressionReason.TOO_FEW_CONTRIBUTORS
COMPLEMENTARY = SuppressionReason.COMPLEMENTARY

Tree = dict[str, str | None]


def organisation(*sizes: int) -> tuple[Tree, dict[str, int]]:
    """An organisation total over teams t0, t1, ... of the given sizes."""
    parents: Tree = {"org": None}
    counts: dict[str, int] = {}
    for index, size in enumerate(sizes):
        parents[f"t{index}"] = "org"
        counts[f"t{index}"] = size
    return parents, counts


# --- an attacker that knows nothing of the policy's internals ------------------------------


def leaves_under(parents: Tree) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {node: [] for node in parents}
    for node, parent in parents.items():
        if parent is not None:
            children[parent].append(node)
    leaves = [node for node in parents if not children[node]]

    def under(node: str) -> list[str]:
        return [node] if not children[node] else [x for c in children[node] for x in under(c)]

    return {node: under(node) for node in parents} | {"__leaves__": leaves}


def rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    found = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(len(matrix)):
            if r != found and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[found][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
        found += 1
    return found


def derivable(parents: Tree, visible: set[str], leaf_set: set[str]) -> bool:
    """Can the sum over `leaf_set` be computed by adding and subtracting visible figures?"""
    under = leaves_under(parents)
    leaves = under["__leaves__"]

    def vector(members: set[str]) -> list[Fraction]:
        return [Fraction(int(leaf in members)) for leaf in leaves]

    known = [vector(set(under[node])) for node in visible]
    if not known:
        return False
    return rank(known) == rank([*known, vector(leaf_set)])


def feasible_counts(
    parents: Tree, counts: Mapping[str, int], hidden: Mapping[str, SuppressionReason], k: int
) -> dict[str, set[int]]:
    """Every count each group could have, given only what is shown."""
    under = leaves_under(parents)
    leaves = under["__leaves__"]
    ceiling = max(counts.values()) + k + 2
    true = {node: sum(counts[leaf] for leaf in under[node]) for node in parents}
    seen: dict[str, set[int]] = {node: set() for node in parents}
    for guess in itertools.product(range(ceiling + 1), repeat=len(leaves)):
        world = dict(zip(leaves, guess, strict=True))
        totals = {node: sum(world[leaf] for leaf in under[node]) for node in parents}
        consistent = all(
            (reason is None and totals[node] == true[node])
            or (reason is TOO_FEW and totals[node] < k)
            or (reason is COMPLEMENTARY and totals[node] >= k)
            for node in parents
            for reason in [hidden.get(node)]
        )
        if consistent:
            for node in parents:
                seen[node].add(totals[node])
    return seen


def assert_nothing_hidden_can_be_worked_out(
    parents: Tree, counts: Mapping[str, int], hidden: Mapping[str, SuppressionReason], k: int
) -> None:
    under = leaves_under(parents)
    leaves = under["__leaves__"]
    visible = {node for node in parents if node not in hidden}
    for node in hidden:
        assert not derivable(parents, visible, set(under[node])), f"{node} follows by subtraction"
    for size in range(1, len(leaves) + 1):
        for group in itertools.combinations(leaves, size):
            if derivable(parents, visible, set(group)):
                people = sum(counts[leaf] for leaf in group)
                assert people >= k, f"{group} ({people} people) follows from visible figures"


# --- k and calendar segments ---------------------------------------------------------------


@pytest.mark.parametrize("k", [2, 1, 0, -5])
def test_k_below_three_is_refused_naming_k(k: int) -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy(k=k)
    assert caught.value.field == "k"


@pytest.mark.parametrize("k", [4.5, "5", True])
def test_k_that_is_not_a_whole_number_is_refused(k: object) -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy(k=k)  # type: ignore[arg-type]
    assert caught.value.field == "k"


def test_k_defaults_to_five_and_three_is_allowed() -> None:
    assert AnonymityPolicy().k == 5
    assert AnonymityPolicy(k=3).k == 3


def test_unknown_segment_kind_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy(segment_kind="rolling")  # type: ignore[arg-type]
    assert caught.value.field == "segment_kind"


def test_settle_days_out_of_range_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy(settle_days=-1)
    assert caught.value.field == "settle_days"


def test_iso_week_is_a_monday_to_sunday_segment() -> None:
    week = parse_segment("2026-W48")
    assert (week.kind, week.first_day, week.last_day) == (
        "week",
        date(2026, 11, 23),
        date(2026, 11, 29),
    )


def test_month_is_a_first_to_last_day_segment() -> None:
    month = parse_segment("2026-02")
    assert (month.kind, month.first_day, month.last_day) == (
        "month",
        date(2026, 2, 1),
        date(2026, 2, 28),
    )


@pytest.mark.parametrize(
    "text",
    [
        "last 12 weeks",
        "2026-W40..2026-W48",
        "2026-11-01/2026-11-30",
        "2026-11-27",
        "2026-W48-5",
        "2026-W8",
        "12 weeks",
        "",
    ],
)
def test_rolling_or_arbitrary_windows_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_segment(text)
    assert caught.value.field == "segment"


@pytest.mark.parametrize("text", ["2025-W53", "2026-W00", "2026-W54", "2026-13", "2026-00"])
def test_weeks_and_months_not_in_the_calendar_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_segment(text)
    assert caught.value.field == "segment"


def test_week_53_exists_in_2026_and_precedes_2027_week_1() -> None:
    assert parse_segment("2027-W01").previous() == parse_segment("2026-W53")


def test_policy_for_weeks_refuses_a_month() -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy().segment("2026-11")
    assert caught.value.field == "segment"


def test_policy_for_months_refuses_a_week() -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy(segment_kind="month").segment("2026-W48")
    assert caught.value.field == "segment"


def test_segment_is_shown_only_once_it_has_settled() -> None:
    policy = AnonymityPolicy(settle_days=2)
    week = parse_segment("2026-W47")  # Monday 16 to Sunday 22 November
    assert not policy.is_settled(week, date(2026, 11, 22))
    assert not policy.is_settled(week, date(2026, 11, 24))
    assert policy.is_settled(week, date(2026, 11, 25))


def test_open_week_is_never_settled_even_without_a_delay() -> None:
    policy = AnonymityPolicy(settle_days=0)
    assert not policy.is_settled(parse_segment("2026-W48"), date(2026, 11, 27))
    assert policy.is_settled(parse_segment("2026-W48"), date(2026, 11, 30))


def test_recent_weeks_are_consecutive_settled_weeks_oldest_first() -> None:
    weeks = AnonymityPolicy().recent_segments(date(2026, 11, 27), 3)
    assert [week.label for week in weeks] == ["2026-W45", "2026-W46", "2026-W47"]


def test_recent_weeks_skip_a_week_still_settling() -> None:
    weeks = AnonymityPolicy().recent_segments(date(2026, 11, 24), 1)
    assert [week.label for week in weeks] == ["2026-W46"]


def test_recent_months_wait_for_the_month_to_settle() -> None:
    policy = AnonymityPolicy(segment_kind="month")
    assert [m.label for m in policy.recent_segments(date(2026, 12, 2), 2)] == ["2026-09", "2026-10"]
    assert [m.label for m in policy.recent_segments(date(2026, 12, 3), 2)] == ["2026-10", "2026-11"]


@pytest.mark.parametrize("count", [0, -1, 261])
def test_number_of_recent_weeks_is_checked_naming_weeks(count: int) -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy().recent_segments(date(2026, 11, 27), count)
    assert caught.value.field == "weeks"


def test_segment_containing_a_day_around_new_year() -> None:
    assert segment_containing(date(2027, 1, 1), "week").label == "2026-W53"
    assert segment_containing(date(2027, 1, 1), "month").label == "2027-01"


# --- primary and complementary suppression -------------------------------------------------


def test_team_of_four_is_hidden_as_too_few() -> None:
    parents, counts = organisation(4, 9, 12)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden["t0"] is TOO_FEW


def test_nothing_is_hidden_when_every_team_has_k_or_more() -> None:
    parents, counts = organisation(5, 9, 12)
    assert AnonymityPolicy().suppress(parents, counts) == {}


def test_organisation_below_k_is_hidden_with_its_teams() -> None:
    parents, counts = organisation(1, 3)
    assert AnonymityPolicy().suppress(parents, counts) == {
        "org": TOO_FEW,
        "t0": TOO_FEW,
        "t1": TOO_FEW,
    }


def test_lone_hidden_team_hides_the_next_smallest_team_too() -> None:
    parents, counts = organisation(3, 6, 5, 9)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden == {"t0": TOO_FEW, "t2": COMPLEMENTARY}
    assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, 5)


def test_hidden_teams_below_k_together_hide_the_next_smallest() -> None:
    parents, counts = organisation(1, 2, 7, 6)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden == {"t0": TOO_FEW, "t1": TOO_FEW, "t3": COMPLEMENTARY}


def test_hidden_teams_with_k_together_need_no_more_hiding() -> None:
    parents, counts = organisation(3, 4, 5, 6, 9, 12)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden == {"t0": TOO_FEW, "t1": TOO_FEW}
    assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, 5)


def test_total_is_hidden_rather_than_the_only_other_team() -> None:
    parents, counts = organisation(3, 20)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden == {"t0": TOO_FEW, "org": COMPLEMENTARY}


def test_two_teams_of_four_are_not_pinned_down_by_their_total() -> None:
    # Shown as 8 people in two groups of "fewer than 5", each would have to be exactly 4.
    parents, counts = organisation(4, 4, 12)
    hidden = AnonymityPolicy().suppress(parents, counts)
    possible = feasible_counts(parents, counts, hidden, 5)
    assert len(possible["t0"]) > 1
    assert len(possible["t1"]) > 1


def test_empty_team_is_hidden_and_not_given_away_by_the_total() -> None:
    parents, counts = organisation(0, 7, 8)
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden["t0"] is TOO_FEW
    assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, 5)


def test_count_bounds_pin_a_lone_hidden_team_beside_its_total() -> None:
    parents, counts = organisation(3, 6, 9)
    bounds = count_bounds(parents, counts, {"t0": TOO_FEW}, 5)
    assert bounds["t0"] == (3, 3)


def test_every_combination_of_teams_leaves_no_hidden_team_derivable() -> None:
    sizes = (3, 4, 5, 6, 9, 12)
    for size in range(1, len(sizes) + 1):
        for chosen in itertools.combinations(sizes, size):
            parents, counts = organisation(*chosen)
            hidden = AnonymityPolicy().suppress(parents, counts)
            assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, 5)


def test_deeper_hierarchy_hides_nothing_derivable_across_levels() -> None:
    parents: Tree = {
        "org": None,
        "sales": "org",
        "care": "org",
        "s1": "sales",
        "s2": "sales",
        "s3": "sales",
        "c1": "care",
        "c2": "care",
    }
    counts = {"s1": 3, "s2": 6, "s3": 20, "c1": 1, "c2": 30}
    hidden = AnonymityPolicy().suppress(parents, counts)
    assert hidden["s1"] is TOO_FEW and hidden["c1"] is TOO_FEW
    assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, 5)


def test_department_equal_to_its_single_team_is_no_extra_risk() -> None:
    parents: Tree = {"org": None, "d1": "org", "d2": "org", "a": "d1", "b": "d2", "c": "d2"}
    counts = {"a": 8, "b": 6, "c": 7}
    assert AnonymityPolicy().suppress(parents, counts) == {}


def test_hierarchy_with_a_cycle_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        AnonymityPolicy().suppress({"a": "b", "b": "a"}, {})
    assert caught.value.field == "groups"


def test_missing_count_for_a_team_is_refused() -> None:
    parents, counts = organisation(6, 7)
    del counts["t1"]
    with pytest.raises(InputError) as caught:
        AnonymityPolicy().suppress(parents, counts)
    assert caught.value.field == "contributors"


def test_too_few_explanation_names_k() -> None:
    assert explain(TOO_FEW, 5) == "fewer than 5 people checked in: hidden to protect them"


# --- properties over random organisations --------------------------------------------------


@st.composite
def hierarchies(draw: st.DrawFn, max_leaves: int, max_count: int) -> tuple[Tree, dict[str, int]]:
    """An organisation, sometimes with departments, with up to `max_leaves` teams."""
    parents: Tree = {"org": None}
    counts: dict[str, int] = {}
    departments = draw(st.integers(0, 3))
    owners = ["org"] if departments == 0 else [f"d{i}" for i in range(departments)]
    for owner in owners:
        if owner != "org":
            parents[owner] = "org"
    leaves = draw(st.integers(max(1, len(owners)), max_leaves))
    for index in range(leaves):
        owner = owners[index] if index < len(owners) else draw(st.sampled_from(owners))
        parents[f"t{index}"] = owner
        counts[f"t{index}"] = draw(st.integers(0, max_count))
    return parents, counts


@settings(max_examples=150, deadline=None)
@given(tree=hierarchies(max_leaves=7, max_count=14), k=st.integers(3, 6))
def test_no_hidden_group_follows_by_subtraction_in_random_organisations(
    tree: tuple[Tree, dict[str, int]], k: int
) -> None:
    parents, counts = tree
    hidden = AnonymityPolicy(k=k).suppress(parents, counts)
    assert_nothing_hidden_can_be_worked_out(parents, counts, hidden, k)


@settings(max_examples=150, deadline=None)
@given(tree=hierarchies(max_leaves=7, max_count=14), k=st.integers(3, 6))
def test_every_group_below_k_is_hidden_as_too_few_in_random_organisations(
    tree: tuple[Tree, dict[str, int]], k: int
) -> None:
    parents, counts = tree
    hidden = AnonymityPolicy(k=k).suppress(parents, counts)
    under = leaves_under(parents)
    for node in parents:
        people = sum(counts[leaf] for leaf in under[node])
        assert (hidden.get(node) is TOO_FEW) == (people < k)


@settings(max_examples=40, deadline=None)
@given(tree=hierarchies(max_leaves=4, max_count=8), k=st.integers(3, 4))
def test_no_hidden_count_is_pinned_down_by_what_is_shown(
    tree: tuple[Tree, dict[str, int]], k: int
) -> None:
    parents, counts = tree
    hidden = AnonymityPolicy(k=k).suppress(parents, counts)
    possible = feasible_counts(parents, counts, hidden, k)
    for node in hidden:
        assert len(possible[node]) >= 2, f"{node} can only have {possible[node]} contributors"
