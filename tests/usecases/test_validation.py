"""Every check-in rule, through the service: bad input gets one message naming the field and
writes nothing at all; the input just inside each limit is stored."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import BRUSSELS
from wellbeing.services import Wellbeing
from wellbeing.store.database import Database

DAY = {"start": "2026-11-26T08:00", "end": "2026-11-26T16:30", "stress": 4, "energy": 6}


def row_counts(database: Database) -> dict[str, int]:
    """How many rows each table holds: the proof that a refusal wrote nothing anywhere."""
    with database.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {
            name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in names
        }


def refuse(service: Wellbeing, form: dict[str, Any]) -> InputError:
    """Record `form`, expecting one InputError and no change to any table."""
    before = row_counts(service.db)
    with pytest.raises(InputError) as refused:
        service.record_checkin(form)
    assert row_counts(service.db) == before
    return refused.value


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_shift_that_ends_when_it_starts_is_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"end": DAY["start"]})
    assert (error.field, error.message) == ("end", "the shift must end after it starts")


def test_a_shift_that_ends_before_it_starts_is_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"end": "2026-11-26T07:59"})
    assert (error.field, error.message) == ("end", "the shift must end after it starts")


def test_a_shift_of_16_hours_is_stored(service: Wellbeing) -> None:
    stored = service.record_checkin(DAY | {"start": "2026-11-26T06:00", "end": "2026-11-26T22:00"})
    assert stored.shift.span == timedelta(hours=16)


def test_a_shift_of_16_hours_and_1_minute_is_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"start": "2026-11-26T06:00", "end": "2026-11-26T22:01"})
    assert (error.field, error.message) == ("end", "a shift can span at most 16 hours")


def _break(start: str, end: str) -> dict[str, str]:
    return {"start": f"2026-11-26T{start}", "end": f"2026-11-26T{end}"}


def test_a_break_that_starts_before_the_shift_is_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"breaks": [_break("07:45", "08:15")]})
    assert (error.field, error.message) == ("breaks", "break 1 is not inside the shift")


def test_a_break_that_ends_after_the_shift_is_refused(service: Wellbeing) -> None:
    breaks = [_break("12:00", "12:30"), _break("16:15", "16:45")]
    error = refuse(service, DAY | {"breaks": breaks})
    assert (error.field, error.message) == ("breaks", "break 2 is not inside the shift")


def test_breaks_that_overlap_are_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"breaks": [_break("12:00", "12:30"), _break("12:29", "12:45")]})
    assert (error.field, error.message) == ("breaks", "breaks overlap each other")


def test_a_break_that_ends_before_it_starts_is_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"breaks": [_break("12:30", "12:00")]})
    assert error.field == "breaks.0"
    assert error.message == "a break must end after it starts"


def test_breaks_that_touch_each_other_and_the_shift_edges_are_stored(service: Wellbeing) -> None:
    breaks = [_break("08:00", "08:15"), _break("08:15", "08:30"), _break("16:15", "16:30")]
    stored = service.record_checkin(DAY | {"breaks": breaks})
    assert stored.shift.break_time == timedelta(minutes=45)
    assert stored.shift.worked == timedelta(hours=7, minutes=45)


@pytest.mark.parametrize("field", ["stress", "energy"])
@pytest.mark.parametrize("value", [-1, 11, 3.5, 7.0, "7", True, False, None, [5]])
def test_a_score_that_is_not_a_whole_number_from_0_to_10_is_refused(
    service: Wellbeing, field: str, value: object
) -> None:
    error = refuse(service, DAY | {field: value})
    assert error.field == field
    if value is not None:
        assert error.message == "must be a whole number from 0 to 10"


@pytest.mark.parametrize("field", ["stress", "energy"])
def test_a_missing_score_is_refused(service: Wellbeing, field: str) -> None:
    form = {key: value for key, value in DAY.items() if key != field}
    error = refuse(service, form)
    assert (error.field, error.message) == (field, "field required")


def test_scores_of_0_and_10_are_stored(service: Wellbeing) -> None:
    stored = service.record_checkin(DAY | {"stress": 0, "energy": 10})
    assert (stored.stress, stored.energy) == (0, 10)


def test_negative_contacts_are_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"contacts": -1})
    assert (error.field, error.message) == ("contacts", "cannot be negative")


def test_negative_difficult_contacts_are_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"contacts": 5, "difficult": -1})
    assert (error.field, error.message) == ("difficult", "cannot be negative")


def test_more_difficult_contacts_than_contacts_are_refused(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"contacts": 3, "difficult": 4})
    assert error.field == "difficult"
    assert error.message == "4 difficult contacts is more than the 3 contacts"


def test_as_many_difficult_contacts_as_contacts_are_stored(service: Wellbeing) -> None:
    stored = service.record_checkin(DAY | {"contacts": 0, "difficult": 0})
    assert (stored.shift.contacts, stored.shift.difficult) == (0, 0)
    later = DAY | {"start": "2026-11-27T08:00", "end": "2026-11-27T16:00"}
    stored = service.record_checkin(later | {"contacts": 7, "difficult": 7})
    assert (stored.shift.contacts, stored.shift.difficult) == (7, 7)


def test_a_shift_that_overlaps_another_shift_of_the_same_person_is_refused(
    service: Wellbeing,
) -> None:
    service.record_checkin(DAY)
    error = refuse(service, DAY | {"start": "2026-11-26T16:29", "end": "2026-11-26T20:00"})
    assert error.field == "start"
    assert "overlaps your shift of 2026-11-26 08:00-16:30" in error.message


def test_a_shift_inside_another_shift_of_the_same_person_is_refused(service: Wellbeing) -> None:
    service.record_checkin(DAY)
    error = refuse(service, DAY | {"start": "2026-11-26T10:00", "end": "2026-11-26T11:00"})
    assert error.field == "start"


def test_a_shift_that_starts_when_the_previous_one_ends_is_stored(service: Wellbeing) -> None:
    service.record_checkin(DAY)
    service.record_checkin(DAY | {"start": "2026-11-26T16:30", "end": "2026-11-26T20:00"})
    assert len(service.history()) == 2


def test_another_persons_overlapping_shift_is_stored(
    service: Wellbeing, database: Database
) -> None:
    service.record_checkin(DAY)
    colleague = Wellbeing(database, "colleague", service.clock)
    colleague.record_checkin(DAY)
    assert len(service.history()) == 1
    assert len(colleague.history()) == 1


def test_a_time_without_offset_is_stored_as_brussels_time(service: Wellbeing) -> None:
    stored = service.record_checkin(DAY | {"start": "2026-07-14T08:00", "end": "2026-07-14T16:00"})
    assert (stored.shift.start, stored.shift.end) == (utc(2026, 7, 14, 6), utc(2026, 7, 14, 14))


def test_a_time_with_an_offset_is_stored_as_the_moment_it_names(service: Wellbeing) -> None:
    form = DAY | {"start": "2026-11-26T08:00+00:00", "end": "2026-11-26T16:00+00:00"}
    stored = service.record_checkin(form)
    assert (stored.shift.start, stored.shift.end) == (utc(2026, 11, 26, 8), utc(2026, 11, 26, 16))


def test_a_start_in_the_spring_gap_is_refused_with_how_to_give_an_offset(
    service: Wellbeing,
) -> None:
    error = refuse(service, DAY | {"start": "2026-03-29T02:30", "end": "2026-03-29T10:00"})
    assert error.field == "start"
    assert "2026-03-29 02:30 does not exist in Brussels" in error.message
    assert "give the time with an offset, for example 2026-03-29T02:30+01:00" in error.message


def test_an_end_in_the_autumn_fold_is_refused_as_ambiguous(service: Wellbeing) -> None:
    error = refuse(service, DAY | {"start": "2026-10-24T22:00", "end": "2026-10-25T02:30"})
    assert error.field == "end"
    assert "2026-10-25 02:30 happens twice in Brussels" in error.message
    assert "2026-10-25T02:30+02:00" in error.message


def test_a_spring_gap_time_with_an_offset_is_stored(service: Wellbeing) -> None:
    form = DAY | {"start": "2026-03-29T02:30+01:00", "end": "2026-03-29T10:00"}
    stored = service.record_checkin(form)
    assert stored.shift.start == utc(2026, 3, 29, 1, 30)
    assert stored.shift.span == timedelta(hours=6, minutes=30)


def test_both_autumn_fold_times_with_their_offsets_are_stored_an_hour_apart(
    service: Wellbeing,
) -> None:
    first = service.record_checkin(
        DAY | {"start": "2026-10-24T22:00", "end": "2026-10-25T02:30+02:00"}
    )
    second = service.record_checkin(
        DAY | {"start": "2026-10-25T02:30+01:00", "end": "2026-10-25T06:00"}
    )
    assert second.shift.start - first.shift.end == timedelta(hours=1)
    assert first.shift.span == timedelta(hours=4, minutes=30)
    assert second.shift.span == timedelta(hours=3, minutes=30)


def test_a_night_shift_when_the_clocks_go_back_is_stored_as_9_hours(service: Wellbeing) -> None:
    service.record_checkin(DAY | {"start": "2026-10-24T22:00", "end": "2026-10-25T06:00"})
    [stored] = service.history()
    assert stored.shift.span == timedelta(hours=9)


def test_a_night_shift_when_the_clocks_go_forward_is_stored_as_7_hours(
    service: Wellbeing,
) -> None:
    service.record_checkin(DAY | {"start": "2026-03-28T22:00", "end": "2026-03-29T06:00"})
    [stored] = service.history()
    assert stored.shift.span == timedelta(hours=7)


# Any valid check-in comes back from the database exactly as it was given.

ZONES = st.sampled_from([UTC, BRUSSELS, timezone(timedelta(hours=5, minutes=30))])
NOTE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=300
)
_accounts = itertools.count()


@st.composite
def valid_checkins(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(
        st.datetimes(
            min_value=datetime(2026, 1, 1), max_value=datetime(2026, 11, 20), timezones=st.just(UTC)
        )
    ).replace(second=0, microsecond=0)
    minutes = draw(st.integers(min_value=1, max_value=16 * 60))
    end = start + timedelta(minutes=minutes)
    edges = sorted(draw(st.lists(st.integers(0, minutes), max_size=6, unique=True)))
    zone = draw(ZONES)
    breaks = [
        {
            "start": (start + timedelta(minutes=a)).astimezone(zone).isoformat(),
            "end": (start + timedelta(minutes=b)).astimezone(zone).isoformat(),
        }
        for a, b in itertools.pairwise(edges)
        if b > a
    ][::2]
    contacts = draw(st.integers(0, 2000))
    return {
        "start": start.astimezone(zone).isoformat(),
        "end": end.astimezone(zone).isoformat(),
        "breaks": breaks,
        "stress": draw(st.integers(0, 10)),
        "energy": draw(st.integers(0, 10)),
        "contacts": contacts,
        "difficult": draw(st.integers(0, contacts)),
        "note": draw(st.none() | NOTE_TEXT),
    }


@pytest.fixture
def fresh_people(database: Database, clock: Callable[[], datetime]) -> Callable[[], Wellbeing]:
    """A new person per example, so examples never overlap each other's shifts."""
    return lambda: Wellbeing(database, f"agent-{next(_accounts)}", clock)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(form=valid_checkins())
def test_any_valid_checkin_comes_back_from_the_database_unchanged(
    fresh_people: Callable[[], Wellbeing], form: dict[str, Any]
) -> None:
    service = fresh_people()
    service.record_checkin(form)
    [stored] = service.history()
    moment = datetime.fromisoformat
    assert stored.shift.start == moment(form["start"])
    assert stored.shift.end == moment(form["end"])
    assert [(b.start, b.end) for b in stored.shift.breaks] == [
        (moment(b["start"]), moment(b["end"])) for b in form["breaks"]
    ]
    assert (stored.stress, stored.energy) == (form["stress"], form["energy"])
    assert (stored.shift.contacts, stored.shift.difficult) == (form["contacts"], form["difficult"])
    assert stored.note == ((form["note"] or "").strip() or None)
