"""Brussels local time: naive times read as Brussels, the 2026 clock changes refused when
they are ambiguous, durations in real elapsed time, and break times resolved on the shift's
day. Pure domain: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellbeing.domain.checkin import resolve_break
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import BRUSSELS, LocalTimeError, localize, parse_moment

# The two clock changes of 2026 in Brussels (EU rule: last Sunday of March and of October,
# at 01:00 UTC): 02:00 → 03:00 on 29 March, 03:00 → 02:00 on 25 October.
SPRING_GAP = (datetime(2026, 3, 29, 2, 0), datetime(2026, 3, 29, 3, 0))
AUTUMN_FOLD = (datetime(2026, 10, 25, 2, 0), datetime(2026, 10, 25, 3, 0))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_winter_time_without_offset_is_brussels_time() -> None:
    assert parse_moment("2026-11-26T08:00") == utc(2026, 11, 26, 7, 0)


def test_a_summer_time_without_offset_is_brussels_summer_time() -> None:
    assert parse_moment("2026-07-14T08:00") == utc(2026, 7, 14, 6, 0)


def test_a_time_with_an_offset_is_the_moment_it_names() -> None:
    assert parse_moment("2026-11-26T08:00+05:30") == utc(2026, 11, 26, 2, 30)
    assert parse_moment("2026-11-26T08:00Z") == utc(2026, 11, 26, 8, 0)


def test_an_aware_datetime_is_kept_as_the_same_moment() -> None:
    given_moment = datetime(2026, 11, 26, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_moment(given_moment) == utc(2026, 11, 26, 13, 0)


def test_a_time_in_the_spring_gap_does_not_exist_and_the_message_shows_an_offset() -> None:
    with pytest.raises(LocalTimeError) as refused:
        parse_moment("2026-03-29T02:30")
    message = str(refused.value)
    assert "2026-03-29 02:30 does not exist in Brussels" in message
    assert "2026-03-29T02:30+01:00" in message


def test_a_time_in_the_autumn_fold_is_ambiguous_and_the_message_shows_both_offsets() -> None:
    with pytest.raises(LocalTimeError) as refused:
        parse_moment("2026-10-25T02:30")
    message = str(refused.value)
    assert "2026-10-25 02:30 happens twice in Brussels" in message
    assert "2026-10-25T02:30+02:00 for the first" in message
    assert "2026-10-25T02:30+01:00 for the second" in message


def test_the_spring_gap_time_with_an_offset_is_accepted() -> None:
    assert parse_moment("2026-03-29T02:30+01:00") == utc(2026, 3, 29, 1, 30)


def test_both_autumn_fold_times_with_their_offsets_are_accepted_an_hour_apart() -> None:
    first = parse_moment("2026-10-25T02:30+02:00")
    second = parse_moment("2026-10-25T02:30+01:00")
    assert (first, second) == (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30))


def test_the_minutes_around_the_clock_changes_are_accepted() -> None:
    assert parse_moment("2026-03-29T01:59") == utc(2026, 3, 29, 0, 59)
    assert parse_moment("2026-03-29T03:00") == utc(2026, 3, 29, 1, 0)
    assert parse_moment("2026-10-25T01:59") == utc(2026, 10, 24, 23, 59)
    assert parse_moment("2026-10-25T03:00") == utc(2026, 10, 25, 2, 0)


def test_a_night_shift_when_the_clocks_go_back_lasts_9_hours() -> None:
    assert parse_moment("2026-10-25T06:00") - parse_moment("2026-10-24T22:00") == timedelta(hours=9)


def test_a_night_shift_when_the_clocks_go_forward_lasts_7_hours() -> None:
    assert parse_moment("2026-03-29T06:00") - parse_moment("2026-03-28T22:00") == timedelta(hours=7)


def test_an_ordinary_night_shift_lasts_8_hours() -> None:
    assert parse_moment("2026-11-27T06:00") - parse_moment("2026-11-26T22:00") == timedelta(hours=8)


def test_text_that_is_not_a_date_and_time_is_refused_with_an_example() -> None:
    with pytest.raises(LocalTimeError, match="is not a date and time; use a form such as"):
        parse_moment("yesterday at eight")


def test_empty_text_is_refused() -> None:
    with pytest.raises(LocalTimeError, match="is empty"):
        parse_moment("   ")


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)))
def test_a_naive_time_is_the_brussels_wall_clock_unless_the_clocks_change_then(
    naive: datetime,
) -> None:
    in_gap = SPRING_GAP[0] <= naive < SPRING_GAP[1]
    in_fold = AUTUMN_FOLD[0] <= naive < AUTUMN_FOLD[1]
    if in_gap or in_fold:
        with pytest.raises(LocalTimeError, match="does not exist" if in_gap else "twice"):
            localize(naive)
    else:
        moment = parse_moment(naive.isoformat())
        assert moment.tzinfo == UTC
        assert moment.astimezone(BRUSSELS).replace(tzinfo=None) == naive


# Breaks typed as HH:MM-HH:MM belong to the shift's day, or the next day when earlier.

DAY_SHIFT = parse_moment("2026-11-26T08:00")
NIGHT_BEFORE_FALL_BACK = parse_moment("2026-10-24T22:00")
NIGHT_BEFORE_SPRING_FORWARD = parse_moment("2026-03-28T22:00")


def test_a_break_is_on_the_day_the_shift_starts() -> None:
    assert resolve_break("12:00-12:30", DAY_SHIFT) == {
        "start": utc(2026, 11, 26, 11, 0),
        "end": utc(2026, 11, 26, 11, 30),
    }


def test_a_break_earlier_on_the_clock_than_the_shift_start_is_on_the_next_day() -> None:
    night = parse_moment("2026-11-26T22:00")
    assert resolve_break("02:00-02:20", night) == {
        "start": utc(2026, 11, 27, 1, 0),
        "end": utc(2026, 11, 27, 1, 20),
    }


def test_a_break_across_midnight_ends_on_the_next_day() -> None:
    night = parse_moment("2026-11-26T22:00")
    assert resolve_break("23:50-00:10", night) == {
        "start": utc(2026, 11, 26, 22, 50),
        "end": utc(2026, 11, 26, 23, 10),
    }


def test_break_times_may_have_one_digit_hours_and_spaces() -> None:
    assert resolve_break(" 9:05 - 9:20 ", DAY_SHIFT) == {
        "start": utc(2026, 11, 26, 8, 5),
        "end": utc(2026, 11, 26, 8, 20),
    }


def test_a_break_on_the_night_the_clocks_go_back_lasts_its_real_time() -> None:
    resolved = resolve_break("01:30-03:30", NIGHT_BEFORE_FALL_BACK)
    assert resolved["end"] - resolved["start"] == timedelta(hours=3)


def test_a_break_on_the_night_the_clocks_go_forward_lasts_its_real_time() -> None:
    resolved = resolve_break("01:30-03:30", NIGHT_BEFORE_SPRING_FORWARD)
    assert resolved["end"] - resolved["start"] == timedelta(hours=1)


def test_a_break_in_the_autumn_fold_is_refused_as_ambiguous() -> None:
    with pytest.raises(InputError) as refused:
        resolve_break("02:30-02:45", NIGHT_BEFORE_FALL_BACK)
    assert refused.value.field == "break"
    assert "happens twice" in refused.value.message


def test_a_break_in_the_spring_gap_is_refused_as_non_existent() -> None:
    with pytest.raises(InputError) as refused:
        resolve_break("02:15-02:30", NIGHT_BEFORE_SPRING_FORWARD)
    assert refused.value.field == "break"
    assert "does not exist" in refused.value.message


def test_a_break_given_as_an_iso_pair_is_taken_as_given() -> None:
    assert resolve_break("2026-11-26T12:00/2026-11-26T12:30+00:00", DAY_SHIFT) == {
        "start": utc(2026, 11, 26, 11, 0),
        "end": utc(2026, 11, 26, 12, 30),
    }


def test_an_iso_pair_with_a_bad_half_is_refused_naming_the_break() -> None:
    with pytest.raises(InputError) as refused:
        resolve_break("2026-11-26T12:00/half past twelve", DAY_SHIFT)
    assert refused.value.field == "break"
    assert "'half past twelve' is not a date and time" in refused.value.message


@pytest.mark.parametrize("text", ["noon", "12:00", "12-13", "12:00-", "12h00-12h30", ""])
def test_text_that_is_not_a_break_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(InputError) as refused:
        resolve_break(text, DAY_SHIFT)
    assert refused.value.field == "break"
    assert "use HH:MM-HH:MM, e.g. 12:00-12:30" in refused.value.message


@pytest.mark.parametrize("text", ["24:00-24:30", "12:60-13:00", "23:00-25:10"])
def test_a_break_with_an_impossible_time_of_day_is_refused(text: str) -> None:
    with pytest.raises(InputError) as refused:
        resolve_break(text, DAY_SHIFT)
    assert refused.value.field == "break"
    assert "is not a valid time of day" in refused.value.message
