"""who5.* (Topp et al. 2015) and cbi.* (Kristensen et al. 2005) on stored survey scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.rules_builders import NOW, cbi, context, found, who5
from wellbeing.domain.findings import Level
from wellbeing.domain.instruments import survey_result
from wellbeing.domain.suggestions import SUPPORT_LINES_CODE
from wellbeing.domain.surveys import SurveyResult


def _who5_at(percent: float) -> SurveyResult:
    return SurveyResult(
        instrument="who5",
        taken_at=NOW,
        answers=(3, 3, 2, 2, 3),
        scores={"raw": percent / 4, "percent": percent},
    )


def test_who5_of_sixty_percent_fires_nothing() -> None:
    ctx = context(surveys=[survey_result("who5", [3, 3, 3, 3, 3], NOW)])
    assert found("who5.low", ctx) == []
    assert found("who5.very_low", ctx) == []


def test_who5_of_forty_percent_fires_who5_low() -> None:
    [finding] = found("who5.low", context(surveys=[survey_result("who5", [2] * 5, NOW)]))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "40 %" in text
    assert "raw score 10 of 25" in text
    assert "50 %" in text
    assert "Topp" in text


def test_who5_just_above_fifty_percent_fires_nothing() -> None:
    assert found("who5.low", context(surveys=[_who5_at(52)])) == []


def test_who5_of_exactly_fifty_percent_fires_who5_low() -> None:
    [finding] = found("who5.low", context(surveys=[_who5_at(50)]))
    assert finding.params["percent"] == 50


def test_who5_of_twenty_eight_percent_is_very_low_and_shows_support_lines() -> None:
    ctx = context(surveys=[survey_result("who5", [1, 1, 1, 2, 2], NOW)])
    [finding] = found("who5.very_low", ctx)
    assert finding.level is Level.HIGH
    assert "28 %" in finding.explain("en")
    assert SUPPORT_LINES_CODE in finding.suggestions


def test_who5_very_low_is_not_also_raised_as_low() -> None:
    ctx = context(surveys=[survey_result("who5", [1, 1, 1, 2, 2], NOW)])
    assert found("who5.low", ctx) == []


def test_who5_of_thirty_two_percent_is_low_but_not_very_low() -> None:
    ctx = context(surveys=[who5([2, 2, 2, 1, 1])])
    assert found("who5.very_low", ctx) == []
    assert found("who5.low", ctx) != []


def test_who5_older_than_twenty_eight_days_no_longer_counts() -> None:
    ctx = context(surveys=[who5([1, 1, 1, 1, 1], NOW - timedelta(days=29))])
    assert found("who5.low", ctx) == []


def test_who5_answer_of_two_everywhere_fires_no_item_finding() -> None:
    assert found("who5.item_low", context(surveys=[who5([2, 2, 2, 2, 2])])) == []


def test_who5_answer_of_one_fires_who5_item_low() -> None:
    [finding] = found("who5.item_low", context(surveys=[who5([4, 1, 4, 0, 4])]))
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "2 of your WHO-5 answers" in text
    assert "questions 2, 4" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 of your WHO-5 answers on 27 November 2026 was 1 or lower"),
        ("nl", "1 van je WHO-5-antwoorden op 27 november 2026 was 1 of lager"),
        ("fr", "1 de vos réponses au WHO-5 du 27 novembre 2026 était à 1 ou moins"),
    ],
)
def test_one_low_who5_answer_is_told_in_the_singular(language: str, expected: str) -> None:
    [finding] = found("who5.item_low", context(surveys=[who5([4, 4, 4, 1, 4])]))
    text = finding.message_in(language)
    assert text.startswith(expected)


def test_one_low_who5_answer_names_its_single_question() -> None:
    [finding] = found("who5.item_low", context(surveys=[who5([4, 4, 4, 1, 4])]))
    assert finding.message_in("en").endswith("question 4.")


def test_a_low_answer_stored_under_the_plural_wording_is_shown_in_the_singular() -> None:
    [finding] = found("who5.item_low", context(surveys=[who5([4, 4, 4, 1, 4])]))
    stored = finding.model_copy(
        update={
            "message": "{count} of your WHO-5 answers on {date} were {limit} or lower (at no "
            "time or some of the time): questions {items}."
        }
    )
    assert "vraag 4." in stored.message_in("nl")


def test_who5_fall_of_eight_points_fires_nothing() -> None:
    earlier = who5([3, 3, 3, 3, 3], NOW - timedelta(days=14))
    assert found("who5.drop", context(surveys=[earlier, who5([3, 3, 3, 3, 1])])) == []


def test_who5_fall_of_twelve_points_fires_who5_drop() -> None:
    earlier = who5([3, 3, 3, 3, 3], NOW - timedelta(days=14))
    [finding] = found("who5.drop", context(surveys=[who5([3, 3, 3, 2, 1]), earlier]))
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "fell by 12 points, from 60 % on 13 November 2026 to 48 % on 27 November 2026" in text


def test_who5_fall_of_exactly_ten_points_fires_who5_drop() -> None:
    earlier = _who5_at(60).model_copy(update={"taken_at": NOW - timedelta(days=14)})
    [finding] = found("who5.drop", context(surveys=[earlier, _who5_at(50)]))
    assert finding.params["drop"] == 10


def test_who5_compared_only_with_a_recent_enough_earlier_one() -> None:
    earlier = who5([5, 5, 5, 5, 5], NOW - timedelta(days=43))
    assert found("who5.drop", context(surveys=[earlier, who5([3, 3, 3, 3, 3])])) == []


def test_cbi_just_under_fifty_fires_nothing() -> None:
    assert found("cbi.elevated", context(surveys=[cbi(49.9, 30, 45)])) == []


def test_cbi_scale_of_fifty_fires_cbi_elevated() -> None:
    [finding] = found("cbi.elevated", context(surveys=[cbi(25, 30, 50)]))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "client-related burnout at 50 or more (moderate or worse)" in text
    assert "personal 25, work-related 30, client-related 50 (0-100)" in text
    assert "Kristensen" in text


def test_cbi_findings_name_the_high_scales_in_the_readers_language() -> None:
    [finding] = found("cbi.high", context(surveys=[cbi(80, 30, 90)]))
    text = finding.explain("en")
    assert "personal and client-related burnout at 75 or more (high or severe)" in text
    assert finding.message_in("nl") != finding.message_in("en")
    assert "burn-out" in finding.message_in("nl")


def test_cbi_elevated_is_not_also_raised_when_cbi_high_is() -> None:
    ctx = context(surveys=[cbi(80, 60, 20)])
    assert found("cbi.elevated", ctx) == []
    assert found("cbi.high", ctx)[0].params["count"] == 1


def test_cbi_scale_just_under_seventy_five_is_not_high() -> None:
    ctx = context(surveys=[cbi(74.9, 60, 50)])
    assert found("cbi.high", ctx) == []
    assert found("cbi.elevated", ctx)[0].params["count"] == 3


def test_cbi_scale_of_seventy_five_fires_cbi_high() -> None:
    [finding] = found("cbi.high", context(surveys=[cbi(58.3, 75, 50)]))
    assert finding.level is Level.HIGH
    assert "58,3" in finding.explain("fr")


def test_only_the_latest_cbi_counts() -> None:
    earlier = cbi(90, 90, 90, datetime(2026, 11, 1, tzinfo=UTC))
    assert found("cbi.elevated", context(surveys=[earlier, cbi(20, 20, 20)])) == []
