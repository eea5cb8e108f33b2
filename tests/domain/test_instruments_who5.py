"""WHO-5 scoring as published: raw 0-25, percentage = raw × 4, cut-offs 50 % and 28 %."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellbeing.domain.errors import InputError
from wellbeing.domain.instruments import (
    score_who5,
    survey_result,
    validate_who5_answers,
    who5_band,
    who5_drop,
)
from wellbeing.domain.surveys import SurveyResult

TAKEN_AT = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


def test_all_answers_three_score_raw_15_and_60_percent() -> None:
    score = score_who5([3, 3, 3, 3, 3])
    assert (score.raw, score.percent) == (15, 60)


def test_all_answers_two_score_40_percent() -> None:
    assert score_who5([2, 2, 2, 2, 2]).percent == 40


def test_answers_1_1_1_2_2_score_28_percent() -> None:
    assert score_who5([1, 1, 1, 2, 2]).percent == 28


def test_all_answers_five_score_100_percent_not_80() -> None:
    score = score_who5([5, 5, 5, 5, 5])
    assert (score.raw, score.percent) == (25, 100)


def test_all_answers_zero_score_0() -> None:
    score = score_who5([0, 0, 0, 0, 0])
    assert (score.raw, score.percent) == (0, 0)


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=5, max_size=5))
def test_percent_is_always_raw_times_four(answers: list[int]) -> None:
    score = score_who5(answers)
    assert score.raw == sum(answers)
    assert score.percent == 4 * sum(answers)


def test_items_answered_0_or_1_are_reported_by_item_number() -> None:
    assert score_who5([3, 1, 4, 0, 2]).low_items == (2, 4)


def test_no_item_is_low_when_every_answer_is_2_or_more() -> None:
    assert score_who5([2, 5, 3, 2, 4]).low_items == ()


def test_28_percent_is_likely_depression() -> None:
    score = score_who5([1, 1, 1, 2, 2])
    assert score.likely_depression
    assert score.band == "very_low"


def test_32_percent_is_poor_wellbeing_but_not_likely_depression() -> None:
    score = score_who5([2, 2, 2, 1, 1])
    assert (score.percent, score.poor_wellbeing, score.likely_depression) == (32, True, False)
    assert score.band == "low"


def test_48_percent_is_poor_wellbeing() -> None:
    score = score_who5([3, 3, 2, 2, 2])
    assert (score.percent, score.band) == (48, "low")


def test_52_percent_is_above_the_poor_wellbeing_cut_off() -> None:
    score = score_who5([3, 3, 3, 2, 2])
    assert (score.percent, score.poor_wellbeing, score.band) == (52, False, "good")


@pytest.mark.parametrize(
    ("percent", "band"), [(50, "low"), (28, "very_low"), (50.1, "good"), (28.1, "low")]
)
def test_both_cut_offs_are_inclusive(percent: float, band: str) -> None:
    assert who5_band(percent) == band


def test_a_fall_of_12_points_is_a_meaningful_drop() -> None:
    assert who5_drop(60, 48) == 12


def test_a_fall_of_exactly_10_points_is_a_meaningful_drop() -> None:
    assert who5_drop(60.0, 50.0) == 10


def test_a_fall_of_8_points_is_not_a_meaningful_drop() -> None:
    assert who5_drop(60, 52) is None


def test_a_rise_is_not_a_drop() -> None:
    assert who5_drop(40, 72) is None


def test_the_drop_threshold_can_be_configured() -> None:
    assert who5_drop(60, 52, threshold=8) == 8


def test_a_percentage_outside_0_to_100_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        who5_drop(125, 60)


def test_scores_have_the_survey_result_form() -> None:
    score = score_who5([4, 3, 5, 2, 4])
    result = SurveyResult(
        instrument="who5", taken_at=TAKEN_AT, answers=score.answers, scores=score.scores
    )
    assert result.scores == {"raw": 18.0, "percent": 72.0}


def test_survey_result_carries_checked_answers_and_scores() -> None:
    result = survey_result("who5", [4, 3, 5, 2, 4], TAKEN_AT)
    assert (result.instrument, result.answers) == ("who5", (4, 3, 5, 2, 4))
    assert result.scores == {"raw": 18.0, "percent": 72.0}


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ([3, 3, 3, 3], "exactly 5 answers, got 4"),
        ([3, 3, 3, 3, 3, 3], "exactly 5 answers, got 6"),
        ([3, 3, -1, 3, 3], "answer 3 is -1"),
        ([3, 3, 3, 6, 3], "answer 4 is 6"),
        (["3", 3, 3, 3, 3], "answer 1 is '3'"),
        ([3, 2.5, 3, 3, 3], "answer 2 is 2.5"),
        ([3, 3, 3, 3, True], "answer 5 is True"),
        ("33333", "must be a list of 5 whole numbers from 0 to 5"),
        (None, "must be a list of 5 whole numbers from 0 to 5"),
    ],
)
def test_invalid_answers_are_refused_naming_the_answers_field(
    answers: object, fragment: str
) -> None:
    with pytest.raises(InputError) as caught:
        validate_who5_answers(answers)
    assert caught.value.field == "answers"
    assert fragment in caught.value.message


def test_scoring_refuses_invalid_answers_too() -> None:
    with pytest.raises(InputError, match="answers: answer 3 is 7"):
        score_who5([1, 2, 7, 1, 2])
