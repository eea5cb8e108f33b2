"""stress.high (Lesage & Berjot 2011), stress.urgent (Dutheil et al. 2017), stress.rising and
energy.low (Job Demands-Resources model)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.rules_builders import context, day_shift, days_before, found
from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Level
from wellbeing.domain.suggestions import CARE_DOCTOR, TALK_CONFIDANT

LAST = date(2026, 11, 27)


def _days(stress: list[int] | None = None, energy: list[int] | None = None) -> list[Checkin]:
    count = len(stress or energy or [])
    days = days_before(LAST, count)
    return [
        day_shift(day, stress=(stress or [3] * count)[n], energy=(energy or [6] * count)[n])
        for n, day in enumerate(days)
    ]


def test_stress_seven_in_two_of_five_fires_nothing() -> None:
    assert found("stress.high", context(_days([7, 2, 8, 3, 4]))) == []


def test_stress_seven_in_three_of_five_fires_stress_high() -> None:
    [finding] = found("stress.high", context(_days([7, 2, 8, 3, 7])))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "3 of your last 5 check-ins had stress 7 or more: 7, 8, 7" in text
    assert "Lesage & Berjot" in text


def test_stress_six_in_five_of_five_is_below_high() -> None:
    assert found("stress.high", context(_days([6, 6, 6, 6, 6]))) == []


def test_only_the_last_five_check_ins_count() -> None:
    assert found("stress.high", context(_days([9, 9, 9, 2, 2, 2, 8, 8]))) == []


def test_check_ins_older_than_four_weeks_do_not_count_for_stress() -> None:
    old = [day_shift(LAST - timedelta(days=29 + n), stress=9) for n in range(3)]
    assert found("stress.high", context(old)) == []


def test_stress_seven_three_times_is_not_urgent() -> None:
    assert found("stress.urgent", context(_days([7, 7, 7, 3, 3]))) == []


def test_stress_eight_in_three_of_five_is_urgent() -> None:
    [finding] = found("stress.urgent", context(_days([8, 3, 9, 3, 8])))
    assert finding.level is Level.HIGH
    text = finding.explain("en")
    assert "3 of your last 5 check-ins had stress 8 or more: 8, 9, 8" in text
    assert "Dutheil" in text
    assert {TALK_CONFIDANT, CARE_DOCTOR} <= set(finding.suggestions)


def _rising(baseline: list[int], recent: list[int]) -> list:
    base_days = [LAST - timedelta(days=10 + 4 * n) for n in range(len(baseline))]
    recent_days = days_before(LAST, len(recent))
    checkins = [day_shift(d, stress=s) for d, s in zip(base_days, baseline, strict=True)]
    checkins += [day_shift(d, stress=s) for d, s in zip(recent_days, recent, strict=True)]
    return found("stress.rising", context(checkins))


def test_rise_of_one_point_nine_over_baseline_fires_nothing() -> None:
    assert _rising([3] * 9 + [4], [5, 5]) == []


def test_rise_of_two_points_over_baseline_fires_stress_rising() -> None:
    [finding] = _rising([3] * 10, [5, 5])
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "last 7 days is 5" in text
    assert "2 points above" in text
    assert "baseline of 3" in text
    assert "8 weeks" in text


def test_rise_of_two_and_a_half_points_fires_with_the_decimal() -> None:
    [finding] = _rising([3] * 10, [5, 6])
    assert "2.5 points above" in finding.explain("en")
    assert "2,5" in finding.explain("nl")


def test_baseline_of_nine_check_ins_is_too_short_for_a_trend() -> None:
    assert _rising([3] * 9, [8, 8]) == []


def test_one_check_in_in_the_last_week_is_not_a_trend() -> None:
    assert _rising([3] * 10, [8]) == []


def test_energy_three_twice_in_a_row_fires_nothing() -> None:
    assert found("energy.low", context(_days(energy=[6, 3, 3]))) == []


def test_energy_four_breaks_a_run() -> None:
    assert found("energy.low", context(_days(energy=[3, 4, 3]))) == []


def test_energy_three_three_times_in_a_row_fires_energy_low() -> None:
    [finding] = found("energy.low", context(_days(energy=[8, 3, 2, 3])))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "3 or lower in your last 3 check-ins in a row: 3, 2, 3" in text
    assert "Demerouti" in text
