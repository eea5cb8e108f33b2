"""rest.daily (art. 38ter), days.consecutive (HSG256) and night.consecutive (2003/88/EC)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.rules_builders import at, context, day_shift, days_before, found, make_checkin
from wellbeing.domain.findings import Level


def _rest(previous_end: str, start: str, now: str | None = None) -> list:
    before = make_checkin(f"{previous_end[:10]}T13:00", previous_end)
    after = make_checkin(start, f"{start[:10]}T{int(start[11:13]) + 4:02d}:00")
    moment = at(now) if now else at(f"{start[:10]}T23:00")
    return found("rest.daily", context([before, after], now=moment))


def test_rest_of_ten_hours_fifty_nine_fires_rest_daily() -> None:
    [finding] = _rest("2026-11-26T21:01", "2026-11-27T08:00")
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "10 h 59" in text
    assert "11 h 00" in text
    assert "21:01 on 26 November 2026" in text
    assert "38ter" in text


def test_rest_of_exactly_eleven_hours_is_enough() -> None:
    assert _rest("2026-11-26T21:00", "2026-11-27T08:00") == []


def test_rest_of_eleven_hours_one_is_enough() -> None:
    assert _rest("2026-11-26T20:59", "2026-11-27T08:00") == []


def test_rest_across_the_autumn_change_counts_real_hours() -> None:
    # 21:30 on 24 Oct to 08:00 on 25 Oct is 10 h 30 on the clock but 11 h 30 in real time.
    assert _rest("2026-10-24T21:30", "2026-10-25T08:00") == []


def test_rest_across_the_spring_change_loses_the_missing_hour() -> None:
    # 20:30 on 28 Mar to 08:00 on 29 Mar is 11 h 30 on the clock but 10 h 30 in real time.
    [finding] = _rest("2026-03-28T20:30", "2026-03-29T08:00")
    assert "10 h 30" in finding.explain("en")


def test_second_shift_of_a_split_day_keeps_the_short_rest_before_the_first() -> None:
    shifts = [
        make_checkin("2026-11-26T14:00", "2026-11-26T22:00"),
        make_checkin("2026-11-27T07:00", "2026-11-27T11:00"),
        make_checkin("2026-11-27T15:00", "2026-11-27T17:00"),
    ]
    [finding] = found("rest.daily", context(shifts))
    assert finding.params["rest_minutes"] == 9 * 60


def test_gap_between_two_shifts_on_one_day_is_not_daily_rest() -> None:
    shifts = [
        make_checkin("2026-11-27T07:00", "2026-11-27T11:00"),
        make_checkin("2026-11-27T15:00", "2026-11-27T17:00"),
    ]
    assert found("rest.daily", context(shifts)) == []


def test_first_shift_ever_has_no_rest_to_judge() -> None:
    assert (
        found("rest.daily", context([make_checkin("2026-11-27T07:00", "2026-11-27T11:00")])) == []
    )


LAST_DAY = date(2026, 11, 27)


def test_six_days_in_a_row_fire_nothing() -> None:
    checkins = [day_shift(day) for day in days_before(LAST_DAY, 6)]
    assert found("days.consecutive", context(checkins)) == []


def test_seventh_day_in_a_row_fires_days_consecutive() -> None:
    checkins = [day_shift(day) for day in days_before(LAST_DAY, 7)]
    [finding] = found("days.consecutive", context(checkins))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "7 calendar days in a row" in text
    assert "21 November 2026 to 27 November 2026" in text
    assert "HSG256" in text


def test_eighth_day_in_a_row_still_fires() -> None:
    checkins = [day_shift(day) for day in days_before(LAST_DAY, 8)]
    [finding] = found("days.consecutive", context(checkins))
    assert finding.params["days"] == 8


def test_a_day_off_starts_the_count_again() -> None:
    days = [d for d in days_before(LAST_DAY, 8) if d != LAST_DAY - timedelta(days=3)]
    assert found("days.consecutive", context([day_shift(day) for day in days])) == []


def _nights(count: int, start: str = "22:00", end: str = "06:00") -> list:
    nights = days_before(LAST_DAY - timedelta(days=1), count)
    ends_next_day = timedelta(days=1 if end < start else 0)
    return [
        make_checkin(f"{d.isoformat()}T{start}", f"{(d + ends_next_day).isoformat()}T{end}")
        for d in nights
    ]


def test_third_night_shift_in_a_row_fires_nothing() -> None:
    assert found("night.consecutive", context(_nights(3))) == []


def test_fourth_night_shift_in_a_row_fires_night_consecutive() -> None:
    [finding] = found("night.consecutive", context(_nights(4)))
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "night shift 4 in a row" in text
    assert "7 h 00" in text
    assert "23:00" in text and "06:00" in text
    assert "2003/88/EC" in text
    assert "no. 46" in text


def test_four_late_shifts_ending_at_eleven_are_not_nights() -> None:
    assert found("night.consecutive", context(_nights(4, "14:00", "23:00"))) == []


def test_four_shifts_ending_at_midnight_are_not_nights() -> None:
    assert found("night.consecutive", context(_nights(4, "16:00", "00:00"))) == []


def test_shifts_with_exactly_three_night_hours_count_as_night_shifts() -> None:
    [finding] = found("night.consecutive", context(_nights(4, "18:00", "02:00")))
    assert finding.params["night_hours"] == "3 h 00"


def test_shifts_with_under_three_night_hours_are_not_night_shifts() -> None:
    assert found("night.consecutive", context(_nights(4, "18:00", "01:59"))) == []


def test_a_night_off_breaks_the_run_of_nights() -> None:
    nights = _nights(5)
    del nights[1]
    assert found("night.consecutive", context(nights)) == []
