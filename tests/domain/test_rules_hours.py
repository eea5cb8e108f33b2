"""shift.long (four-day week law of 3 October 2022, HSE HSG256) and week.hours (45 h)."""

from __future__ import annotations

from datetime import date

from tests.support.rules_builders import at, context, days_before, found, make_checkin
from wellbeing.domain.findings import Level

DAY = "2026-11-27"


def _long(start: str, end: str, breaks: list[tuple[str, str]]) -> list:
    pauses = [(f"{DAY}T{b}", f"{DAY}T{e}") for b, e in breaks]
    return found("shift.long", context([make_checkin(f"{DAY}T{start}", f"{DAY}T{end}", pauses)]))


def test_four_day_week_of_nine_and_a_half_hours_is_not_flagged() -> None:
    assert _long("07:30", "17:30", [("12:00", "12:30")]) == []


def test_ten_hours_worked_under_a_sector_agreement_fire_nothing() -> None:
    assert _long("07:00", "17:30", [("12:00", "12:30")]) == []


def test_ten_hours_one_worked_fire_a_warning() -> None:
    [finding] = _long("07:00", "17:31", [("12:00", "12:30")])
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "10 h 01" in text
    assert "10 h 00" in text
    assert "3 October 2022" in text


def test_eleven_hours_one_worked_are_high() -> None:
    [finding] = _long("06:00", "17:31", [("12:00", "12:30")])
    assert finding.level is Level.HIGH
    assert "11 h 01" in finding.explain("en")


def test_span_of_twelve_hours_with_nine_worked_fires_nothing() -> None:
    assert _long("06:00", "18:00", [("10:00", "13:00")]) == []


def test_span_of_twelve_hours_one_is_high() -> None:
    [finding] = _long("06:00", "18:01", [("10:00", "12:59")])
    assert finding.level is Level.HIGH
    text = finding.explain("en")
    assert "12 h 01" in text
    assert "12 h 00" in text
    assert "HSG256" in text


def test_break_of_three_hours_does_not_count_in_the_span() -> None:
    assert _long("06:00", "19:00", [("10:00", "14:00")]) == []


def test_long_span_and_long_work_give_one_high_finding() -> None:
    [finding] = _long("06:00", "19:00", [("12:00", "12:30")])
    assert finding.level is Level.HIGH
    assert finding.params["worked"] == "12 h 30"


def test_double_shift_on_one_day_counts_all_its_work() -> None:
    ctx = context(
        [
            make_checkin(f"{DAY}T06:00", f"{DAY}T11:30"),
            make_checkin(f"{DAY}T12:00", f"{DAY}T17:00"),
        ]
    )
    [finding] = found("shift.long", ctx)
    assert finding.level is Level.WARNING
    assert "10 h 30" in finding.explain("en")


def test_split_shift_with_a_long_gap_is_not_red_through_its_span() -> None:
    ctx = context(
        [
            make_checkin(f"{DAY}T06:00", f"{DAY}T10:00"),
            make_checkin(f"{DAY}T15:00", f"{DAY}T19:30"),
        ]
    )
    assert found("shift.long", ctx) == []


def test_split_shift_with_short_gaps_is_judged_by_its_whole_span() -> None:
    ctx = context(
        [
            make_checkin(f"{DAY}T06:00", f"{DAY}T10:00"),
            make_checkin(f"{DAY}T12:00", f"{DAY}T18:30"),
        ]
    )
    [finding] = found("shift.long", ctx)
    assert finding.level is Level.HIGH
    assert "working day on 27 November 2026 lasted 12 h 30" in finding.explain("en")


def test_long_shift_suggests_the_occupational_doctor() -> None:
    [finding] = _long("06:00", "19:00", [("12:00", "12:30")])
    assert "care.occupational" in finding.suggestions


def _week(last_end: str) -> list:
    days = days_before(date(2026, 11, 27), 5)
    checkins = [
        make_checkin(
            f"{d.isoformat()}T08:00",
            f"{d.isoformat()}T{'17:30' if d != days[-1] else last_end}",
            [(f"{d.isoformat()}T12:00", f"{d.isoformat()}T12:30")],
        )
        for d in days
    ]
    return found("week.hours", context(checkins))


def test_forty_five_hours_in_a_week_fire_nothing() -> None:
    assert _week("17:30") == []


def test_forty_five_hours_one_in_a_week_fire_week_hours() -> None:
    [finding] = _week("17:31")
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "45 h 01" in text
    assert "2026-W48" in text
    assert "45 h 00" in text


def _week_with_sunday_night(weekday_end: str) -> list:
    days = days_before(date(2026, 11, 27), 5)
    checkins = [
        make_checkin(
            f"{d.isoformat()}T08:00",
            f"{d.isoformat()}T{weekday_end}",
            [(f"{d.isoformat()}T12:00", f"{d.isoformat()}T12:30")],
        )
        for d in days
    ]
    checkins.append(make_checkin("2026-11-29T22:00", "2026-11-30T06:00"))
    return found("week.hours", context(checkins, now=at("2026-11-30T12:00")))


def test_sunday_night_shift_counts_only_its_hours_before_midnight() -> None:
    # 5 x 8 h 36 = 43 h, plus 2 h before Monday 00:00: 45 h, not 51 h.
    assert _week_with_sunday_night("17:06") == []


def test_sunday_night_hours_before_midnight_add_to_the_week() -> None:
    # 5 x 8 h 48 = 44 h, plus 2 h before Monday 00:00: 46 h.
    [finding] = _week_with_sunday_night("17:18")
    assert finding.params["worked"] == "46 h 00"
