"""CBI scoring: 100/75/50/25/0 per answer, one reversed work item, a scale is a mean."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellbeing.domain.errors import InputError
from wellbeing.domain.instruments import (
    cbi_band,
    load_instrument,
    score_cbi,
    survey_result,
    validate_cbi_answers,
)
from wellbeing.domain.surveys import SurveyResult

TAKEN_AT = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
ENERGY_ITEM = 12  # position of "enough energy for family and friends" among the 19 answers


def answers(personal: list[int], work: list[int], client: list[int]) -> list[int]:
    assert (len(personal), len(work), len(client)) == (6, 7, 6)
    return [*personal, *work, *client]


def test_all_first_options_score_100_except_work_where_the_energy_item_counts_0() -> None:
    score = score_cbi([0] * 19)
    assert score.personal == 100
    assert score.work == pytest.approx((6 * 100 + 0) / 7)
    assert score.work == pytest.approx(85.714, abs=1e-3)
    assert score.client == 100


def test_all_last_options_score_0_except_work_where_the_energy_item_counts_100() -> None:
    score = score_cbi([4] * 19)
    assert (score.personal, score.client) == (0, 0)
    assert score.work == pytest.approx(100 / 7)


def test_all_middle_options_score_50_on_every_scale() -> None:
    assert score_cbi([2] * 19).scores == {"personal": 50, "work": 50, "client": 50}


def test_always_having_enough_energy_for_family_and_friends_scores_0_burnout() -> None:
    chosen = [4] * 19
    chosen[ENERGY_ITEM] = 0
    assert score_cbi(chosen).work == 0


def test_never_having_enough_energy_for_family_and_friends_scores_100_burnout() -> None:
    chosen = [4] * 19
    chosen[ENERGY_ITEM] = 4
    assert score_cbi(chosen).work == pytest.approx(100 / 7)


def test_personal_burnout_is_the_mean_of_its_six_items() -> None:
    score = score_cbi(answers([0, 1, 2, 3, 4, 1], [2] * 7, [2] * 6))
    assert score.personal == pytest.approx((100 + 75 + 50 + 25 + 0 + 75) / 6)


def test_work_burnout_is_the_mean_of_its_seven_items_with_the_last_reversed() -> None:
    score = score_cbi(answers([2] * 6, [1, 1, 2, 2, 3, 3, 1], [2] * 6))
    assert score.work == pytest.approx((75 + 75 + 50 + 50 + 25 + 25 + 25) / 7)


def test_client_burnout_is_the_mean_of_its_six_items() -> None:
    score = score_cbi(answers([2] * 6, [2] * 7, [0, 0, 1, 1, 2, 4]))
    assert score.client == pytest.approx((100 + 100 + 75 + 75 + 50 + 0) / 6)


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=19, max_size=19))
def test_every_scale_stays_between_0_and_100(given_answers: list[int]) -> None:
    score = score_cbi(given_answers)
    assert all(0 <= value <= 100 for value in score.scores.values())


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "low"),
        (49.9, "low"),
        (50, "moderate"),
        (74.9, "moderate"),
        (75, "high"),
        (99.9, "high"),
        (100, "severe"),
    ],
)
def test_conventional_bands(value: float, band: str) -> None:
    assert cbi_band(value) == band


def test_elevated_lists_the_scales_at_50_or_more() -> None:
    score = score_cbi(answers([2] * 6, [3] * 6 + [1], [1] * 6))
    assert score.work < 50
    assert score.elevated == ("personal", "client")


def test_bands_are_given_per_scale() -> None:
    assert score_cbi([0] * 19).bands == {"personal": "severe", "work": "high", "client": "severe"}


def test_scores_have_the_survey_result_form() -> None:
    score = score_cbi([2] * 19)
    result = SurveyResult(
        instrument="cbi", taken_at=TAKEN_AT, answers=score.answers, scores=score.scores
    )
    assert set(result.scores) == {"personal", "work", "client"}


def test_survey_result_carries_checked_answers_and_scores() -> None:
    result = survey_result("cbi", [1] * 19, TAKEN_AT)
    assert (result.instrument, result.answers) == ("cbi", (1,) * 19)
    assert result.scores["personal"] == 75


def test_the_scales_have_6_7_and_6_items() -> None:
    cbi = load_instrument("cbi")
    counts = {name: sum(item.subscale == name for item in cbi.items) for name in cbi.subscales}
    assert counts == {"personal": 6, "work": 7, "client": 6}


def test_items_use_the_answer_scales_of_the_original() -> None:
    cbi = load_instrument("cbi")
    assert [item.scale[0] for item in cbi.items] == list(
        "ffffff" + "iiiffff" + "iiiiff"  # f = frequency, i = intensity (Kristensen et al. 2005)
    )


def test_only_the_energy_for_family_and_friends_item_is_reversed() -> None:
    cbi = load_instrument("cbi")
    reversed_items = [
        (index, item.text.en) for index, item in enumerate(cbi.items) if item.reversed
    ]
    assert reversed_items == [
        (ENERGY_ITEM, "Do you have enough energy for family and friends during leisure time?")
    ]


def test_first_option_scores_100_and_last_0_on_both_answer_scales() -> None:
    cbi = load_instrument("cbi")
    for options in cbi.scales.values():
        assert [(o.code, o.points) for o in options] == [
            (0, 100),
            (1, 75),
            (2, 50),
            (3, 25),
            (4, 0),
        ]


@pytest.mark.parametrize(
    ("given_answers", "fragment"),
    [
        ([2] * 18, "exactly 19 answers, got 18"),
        ([2] * 20, "exactly 19 answers, got 20"),
        ([2] * 18 + [-1], "answer 19 is -1"),
        ([5] + [2] * 18, "answer 1 is 5"),
        ([2, "2"] + [2] * 17, "answer 2 is '2'"),
        ([2, 2, 2.5] + [2] * 16, "answer 3 is 2.5"),
        ([2] * 10 + [False] + [2] * 8, "answer 11 is False"),
        ({"personal": 2}, "must be a list of 19 whole numbers from 0 to 4"),
    ],
)
def test_invalid_answers_are_refused_naming_the_answers_field(
    given_answers: object, fragment: str
) -> None:
    with pytest.raises(InputError) as caught:
        validate_cbi_answers(given_answers)
    assert caught.value.field == "answers"
    assert fragment in caught.value.message


def test_scoring_refuses_invalid_answers_too() -> None:
    with pytest.raises(InputError, match="exactly 19 answers"):
        score_cbi([0] * 6)
