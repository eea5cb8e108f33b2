"""The check-in form's text becomes a validated check-in, or one error naming a form field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from wellbeing.domain.errors import InputError
from wellbeing.tui.form_parsing import (
    form_field,
    parse_breaks,
    parse_clock,
    parse_count,
    parse_day,
    shift_bounds,
    to_checkin_input,
)
from wellbeing.tui.form_values import FormValues


@pytest.mark.parametrize("text", ["8:30", "08:30", "0830", "8.30", "8h30", " 08:30 "])
def test_a_clock_time_may_be_written_the_belgian_ways(text: str) -> None:
    assert parse_clock("start", text) == time(8, 30)


@pytest.mark.parametrize("text", ["", "24:00", "8:60", "half eight", "8:3"])
def test_a_clock_time_that_is_not_one_names_its_field(text: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_clock("end", text)
    assert refused.value.field == "end"


@pytest.mark.parametrize("text", ["2026-11-27", "27/11/2026", "27.11.2026", "27-11-2026"])
def test_a_day_may_be_iso_or_day_first(text: str) -> None:
    assert parse_day(text) == date(2026, 11, 27)


@pytest.mark.parametrize("text", ["", "11/27", "2026-13-01", "31/02/2026"])
def test_a_day_that_is_not_one_names_the_date_field(text: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_day(text)
    assert refused.value.field == "date"


def test_an_empty_count_is_zero_but_an_empty_score_is_required() -> None:
    assert parse_count("contacts", " ", required=False) == 0
    with pytest.raises(InputError, match="required"):
        parse_count("stress", "", required=True)


def test_an_end_earlier_on_the_clock_than_the_start_is_the_next_day() -> None:
    start, end = shift_bounds(date(2026, 11, 26), time(22, 0), time(6, 0))
    assert end - start == timedelta(hours=8)
    assert end == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)


def test_a_night_shift_over_the_clock_change_lasts_an_hour_longer() -> None:
    # 25 October 2026: Brussels goes from 03:00 CEST back to 02:00 CET.
    start, end = shift_bounds(date(2026, 10, 24), time(22, 0), time(6, 0))
    assert end - start == timedelta(hours=9)


def test_a_night_shift_over_the_clock_change_is_checked_in_with_nine_hours_worked() -> None:
    values = FormValues(date="2026-10-24", start="22:00", end="06:00", stress="3", energy="5")
    assert to_checkin_input(values).worked == timedelta(hours=9)


def test_breaks_after_midnight_in_a_night_shift_fall_on_the_next_day() -> None:
    start, _end = shift_bounds(date(2026, 11, 26), time(22, 0), time(6, 0))
    [evening, night] = parse_breaks("23:30-23:45; 02:00-02:30", start)
    assert evening["start"] == datetime(2026, 11, 26, 22, 30, tzinfo=UTC)
    assert night["start"] == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def test_a_malformed_break_is_reported_on_the_breaks_field() -> None:
    start, _end = shift_bounds(date(2026, 11, 26), time(8, 0), time(16, 0))
    with pytest.raises(InputError) as refused:
        parse_breaks("12:00-12:30, lunch", start)
    assert refused.value.field == "breaks"
    assert "'lunch'" in refused.value.message


def test_a_complete_form_becomes_a_checkin_with_worked_time() -> None:
    checkin = to_checkin_input(
        FormValues(
            date="26/11/2026",
            start="8h00",
            end="16:30",
            breaks="12:00-12:30",
            contacts="60",
            difficult="",
            stress="6",
            energy="4",
            note="  ",
        )
    )
    assert checkin.worked == timedelta(hours=8)
    assert (checkin.contacts, checkin.difficult, checkin.note) == (60, 0, None)


def test_a_domain_error_on_a_break_is_mapped_to_the_breaks_field() -> None:
    values = FormValues(
        date="2026-11-26", start="08:00", end="16:00", breaks="15:00-17:00", stress="1", energy="1"
    )
    with pytest.raises(InputError) as refused:
        to_checkin_input(values)
    assert refused.value.field == "breaks"


@pytest.mark.parametrize(
    ("error_field", "expected"),
    [("stress", "stress"), ("breaks.0.end", "breaks"), ("break", "breaks"), ("channels", "")],
)
def test_error_fields_map_onto_form_fields(error_field: str, expected: str) -> None:
    assert form_field(error_field) == expected
