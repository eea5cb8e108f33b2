"""Working time in real elapsed hours, with days and nights counted in Brussels local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.support.rules_builders import at, make_shift
from wellbeing.domain import worktime
from wellbeing.domain.localtime import BRUSSELS

H = timedelta(hours=1)
M = timedelta(minutes=1)


def test_worked_time_is_span_minus_breaks() -> None:
    shift = make_shift(
        "2026-11-27T08:00", "2026-11-27T16:30", [("2026-11-27T12:00", "2026-11-27T12:30")]
    )
    assert worktime.worked_time(shift) == 8 * H


def test_night_shift_when_clocks_go_forward_lasts_seven_real_hours() -> None:
    shift = make_shift("2026-03-28T22:00", "2026-03-29T06:00")
    assert worktime.worked_time(shift) == 7 * H
    assert worktime.night_time(shift) == 7 * H


def test_night_shift_when_clocks_go_back_lasts_nine_real_hours() -> None:
    shift = make_shift("2026-10-24T22:00", "2026-10-25T06:00")
    assert worktime.worked_time(shift) == 9 * H
    assert worktime.night_time(shift) == 9 * H


def test_break_inside_the_repeated_hour_is_counted_in_real_minutes() -> None:
    shift = make_shift(
        "2026-10-24T22:00",
        "2026-10-25T06:00",
        [("2026-10-25T02:45+02:00", "2026-10-25T02:15+01:00")],
    )
    assert worktime.worked_time(shift) == 8 * H + 30 * M
    assert worktime.night_time(shift) == 8 * H + 30 * M


def test_night_hours_count_only_work_between_twenty_and_six() -> None:
    shift = make_shift(
        "2026-11-27T14:00", "2026-11-27T22:00", [("2026-11-27T20:30", "2026-11-27T21:00")]
    )
    assert worktime.night_time(shift) == 90 * M


def test_early_shift_before_six_counts_as_night_hours() -> None:
    shift = make_shift("2026-11-27T04:00", "2026-11-27T12:00")
    assert worktime.night_time(shift) == 2 * H


def test_three_hours_at_night_make_a_night_shift() -> None:
    assert worktime.is_night_shift(make_shift("2026-11-27T16:00", "2026-11-27T23:00"))


def test_just_under_three_hours_at_night_is_not_a_night_shift() -> None:
    assert not worktime.is_night_shift(make_shift("2026-11-27T16:00", "2026-11-27T22:59"))


def test_moment_six_hours_are_worked_skips_the_breaks() -> None:
    shift = make_shift(
        "2026-11-27T08:00", "2026-11-27T16:30", [("2026-11-27T12:00", "2026-11-27T12:30")]
    )
    assert worktime.moment_worked(shift, 6 * H) == at("2026-11-27T14:30")


def test_moment_worked_is_none_when_the_shift_is_too_short() -> None:
    shift = make_shift("2026-11-27T08:00", "2026-11-27T13:00")
    assert worktime.moment_worked(shift, 6 * H) is None


def test_moment_worked_across_the_spring_change_counts_real_hours() -> None:
    shift = make_shift("2026-03-28T22:00", "2026-03-29T06:00")
    assert worktime.moment_worked(shift, 6 * H) == at("2026-03-29T05:00")


def test_longest_stretch_ignores_pauses_shorter_than_the_minimum() -> None:
    shift = make_shift(
        "2026-11-27T08:00",
        "2026-11-27T16:00",
        [("2026-11-27T09:00", "2026-11-27T09:04"), ("2026-11-27T12:00", "2026-11-27T12:30")],
    )
    assert worktime.longest_stretch(shift, 5 * M) == 3 * H + 56 * M


def test_longest_stretch_is_cut_by_a_long_enough_break() -> None:
    shift = make_shift(
        "2026-11-27T08:00",
        "2026-11-27T16:00",
        [("2026-11-27T09:00", "2026-11-27T09:05"), ("2026-11-27T12:00", "2026-11-27T12:30")],
    )
    assert worktime.longest_stretch(shift, 5 * M) == 3 * H + 30 * M


def test_rest_across_the_autumn_change_counts_the_extra_hour() -> None:
    before = make_shift("2026-10-24T13:30", "2026-10-24T21:30")
    after = make_shift("2026-10-25T08:00", "2026-10-25T16:00")
    assert worktime.rest_between(before, after) == 11 * H + 30 * M


def test_rest_across_the_spring_change_loses_an_hour() -> None:
    before = make_shift("2026-03-28T13:30", "2026-03-28T21:30")
    after = make_shift("2026-03-29T08:00", "2026-03-29T16:00")
    assert worktime.rest_between(before, after) == 9 * H + 30 * M


def test_night_shift_touches_two_calendar_days_and_belongs_to_the_first() -> None:
    shift = make_shift("2026-11-27T22:00", "2026-11-28T06:00")
    assert worktime.local_days(shift) == (date(2026, 11, 27), date(2026, 11, 28))
    assert worktime.shift_day(shift) == date(2026, 11, 27)


def test_shift_ending_at_midnight_touches_one_day() -> None:
    shift = make_shift("2026-11-27T16:00", "2026-11-28T00:00")
    assert worktime.local_days(shift) == (date(2026, 11, 27),)


def test_iso_week_of_a_shift_is_that_of_its_local_start() -> None:
    # 00:30 on Monday in Brussels is still Sunday in UTC.
    assert worktime.shift_iso_week(make_shift("2026-11-30T00:30", "2026-11-30T08:00")) == (
        "2026-W49"
    )
    assert worktime.shift_iso_week(make_shift("2026-11-27T08:00", "2026-11-27T16:00")) == (
        "2026-W48"
    )


def test_week_hours_split_a_sunday_night_shift_at_midnight() -> None:
    shift = make_shift("2026-11-29T22:00", "2026-11-30T06:00")
    assert worktime.week_worked([shift], "2026-W48") == 2 * H
    assert worktime.week_worked([shift], "2026-W49") == 6 * H


@given(
    st.datetimes(
        min_value=datetime(1980, 1, 1),
        max_value=datetime(2090, 12, 31),
        timezones=st.sampled_from([UTC, BRUSSELS, timezone(timedelta(hours=-5))]),
    )
)
def test_a_shift_belongs_to_the_brussels_day_it_starts_on_at_any_moment(start: datetime) -> None:
    shift = make_shift(start.isoformat(), (start + timedelta(hours=8)).isoformat())

    assert worktime.shift_day(shift) == start.astimezone(BRUSSELS).date()


def test_the_day_follows_the_clock_change_to_the_minute() -> None:
    # 2026-03-29 01:00 UTC: Brussels goes from 02:00 (+01:00) to 03:00 (+02:00).
    for minutes in range(-120, 121, 7):
        moment = datetime(2026, 3, 28, 23, 0, tzinfo=UTC) + timedelta(minutes=minutes)
        shift = make_shift(moment.isoformat(), (moment + timedelta(hours=1)).isoformat())
        assert worktime.shift_day(shift) == moment.astimezone(BRUSSELS).date()
