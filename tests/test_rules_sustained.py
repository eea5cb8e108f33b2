"""sustained: three ISO weeks in a row at orange or red, read from the stored weekly levels."""

from __future__ import annotations

from datetime import date, timedelta

from tests.test_rules_builders import at, context, day_shift, days_before, found
from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Level, Overall

LAST = date(2026, 11, 27)  # in ISO week 2026-W48


def _orange_now(last: date = LAST) -> list[Checkin]:
    """Three stressful check-ins: stress.high makes this week orange."""
    return [day_shift(day, stress=7) for day in days_before(last, 3)]


def test_three_orange_weeks_in_a_row_fire_sustained() -> None:
    levels = {"2026-W46": Overall.ORANGE, "2026-W47": Overall.ORANGE}
    [finding] = found("sustained", context(_orange_now(), weekly_levels=levels))
    assert finding.level is Level.HIGH
    text = finding.explain("en")
    assert "3 ISO weeks in a row, from 2026-W46 to 2026-W48" in text
    assert "Schaufeli" in text


def test_red_weeks_count_as_orange_or_worse() -> None:
    levels = {"2026-W46": Overall.RED, "2026-W47": Overall.ORANGE}
    assert found("sustained", context(_orange_now(), weekly_levels=levels)) != []


def test_two_orange_weeks_are_not_yet_sustained() -> None:
    levels = {"2026-W47": Overall.ORANGE}
    assert found("sustained", context(_orange_now(), weekly_levels=levels)) == []


def test_a_green_week_between_breaks_the_run() -> None:
    levels = {"2026-W45": Overall.ORANGE, "2026-W46": Overall.GREEN, "2026-W47": Overall.RED}
    assert found("sustained", context(_orange_now(), weekly_levels=levels)) == []


def test_a_green_week_now_does_not_fire() -> None:
    levels = {"2026-W46": Overall.ORANGE, "2026-W47": Overall.ORANGE}
    calm = [day_shift(day) for day in days_before(LAST, 3)]
    assert found("sustained", context(calm, weekly_levels=levels)) == []


def test_this_weeks_stored_orange_counts_when_it_is_calm_now() -> None:
    levels = {"2026-W46": Overall.ORANGE, "2026-W47": Overall.ORANGE, "2026-W48": Overall.ORANGE}
    calm = [day_shift(LAST)]
    assert found("sustained", context(calm, weekly_levels=levels)) != []


def test_weekly_levels_stored_as_text_are_read() -> None:
    levels = {"2026-W46": "orange", "2026-W47": "red"}
    assert found("sustained", context(_orange_now(), weekly_levels=levels)) != []  # type: ignore[arg-type]


def test_weeks_run_across_the_new_year() -> None:
    last = date(2027, 1, 6)
    levels = {"2026-W52": Overall.ORANGE, "2026-W53": Overall.ORANGE}
    ctx = context(_orange_now(last), weekly_levels=levels, now=at("2027-01-06T18:00"))
    [finding] = found("sustained", ctx)
    assert finding.params["first"] == "2026-W52"
    assert finding.params["last"] == "2027-W01"


def test_only_the_other_rules_decide_the_current_week() -> None:
    levels = {"2026-W46": Overall.ORANGE, "2026-W47": Overall.ORANGE}
    watch_only = [day_shift(LAST - timedelta(days=1)), day_shift(LAST, contacts=40, difficult=3)]
    assert found("sustained", context(watch_only, weekly_levels=levels)) == []
