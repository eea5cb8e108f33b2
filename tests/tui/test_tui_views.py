"""What the screens show of stored check-ins, and how the form is prefilled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.tui.checkin_views import (
    SavedCheckin,
    clock_span,
    history_row,
    hours_minutes,
)
from wellbeing.tui.form_values import FORM_FIELDS, FormValues, prefill
from wellbeing.tui.widgets.checkin_form import FIELD_SPECS


def a_checkin(start: datetime, end: datetime, *breaks: tuple[datetime, datetime]) -> Checkin:
    shift = Shift(
        id=1,
        start=start,
        end=end,
        breaks=tuple(Break(start=b, end=e) for b, e in breaks),
        contacts=30,
        difficult=2,
    )
    return Checkin(id=7, shift=shift, stress=5, energy=6, recorded_at=end)


NIGHT = a_checkin(
    datetime(2026, 11, 25, 21, 0, tzinfo=UTC),  # 22:00 Brussels
    datetime(2026, 11, 26, 5, 30, tzinfo=UTC),  # 06:30 the next day
    (datetime(2026, 11, 26, 1, 0, tzinfo=UTC), datetime(2026, 11, 26, 1, 45, tzinfo=UTC)),
)


def test_durations_are_written_as_hours_and_minutes() -> None:
    assert hours_minutes(timedelta(hours=7, minutes=45)) == "7:45"
    assert hours_minutes(timedelta(minutes=5)) == "0:05"


def test_a_shift_ending_the_next_day_is_marked_plus_one() -> None:
    assert clock_span(NIGHT.shift.start, NIGHT.shift.end) == "22:00-06:30+1"


def test_a_history_row_shows_local_day_and_worked_and_break_time_alike() -> None:
    row = history_row(NIGHT)
    assert row.checkin_id == 7
    assert row.cells() == (
        "2026-11-25",
        "22:00-06:30+1",
        "7:45",
        "0:45",
        "30",
        "2",
        "5",
        "6",
        "",
    )


def test_the_saved_confirmation_counts_breaks_and_their_minutes() -> None:
    saved = SavedCheckin.from_checkin(NIGHT)
    assert (saved.worked, saved.break_minutes, saved.break_count) == ("7 h 45", 45, 1)


def test_the_prefill_repeats_a_night_shift_checked_in_next_morning_on_yesterday() -> None:
    morning = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)  # 07:00 Brussels, before 22:00
    values = prefill(NIGHT.shift, morning)
    assert values == FormValues(date="2026-11-26", start="22:00", end="06:30", breaks="02:00-02:45")


def test_the_prefill_uses_today_once_the_usual_start_has_passed() -> None:
    evening = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)  # 23:00 Brussels
    assert prefill(NIGHT.shift, evening).date == "2026-11-27"


def test_every_form_field_has_a_label_in_form_order() -> None:
    assert tuple(spec.name for spec in FIELD_SPECS) == FORM_FIELDS
