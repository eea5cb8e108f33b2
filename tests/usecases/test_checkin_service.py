"""Recording a check-in stores shift, breaks and check-in together, or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wellbeing.domain.errors import InputError
from wellbeing.services import Wellbeing


def test_a_recorded_checkin_comes_back_in_history(service: Wellbeing) -> None:
    service.record_checkin(
        {
            "start": "2026-11-26T08:00",
            "end": "2026-11-26T16:30",
            "breaks": [{"start": "2026-11-26T12:00", "end": "2026-11-26T12:30"}],
            "stress": 6,
            "energy": 4,
            "contacts": 60,
            "difficult": 3,
            "note": "long queue",
        }
    )
    [stored] = service.history()
    assert stored.shift.worked == timedelta(hours=8)
    assert (stored.stress, stored.energy, stored.note) == (6, 4, "long queue")
    assert len(stored.shift.breaks) == 1


def test_an_overlapping_shift_is_refused_and_nothing_is_written(service: Wellbeing) -> None:
    base = {"stress": 3, "energy": 5}
    service.record_checkin({"start": "2026-11-26T08:00", "end": "2026-11-26T16:00", **base})
    with pytest.raises(InputError) as refused:
        service.record_checkin({"start": "2026-11-26T15:00", "end": "2026-11-26T20:00", **base})
    assert refused.value.field == "start"
    assert "overlaps" in refused.value.message
    assert len(service.history()) == 1


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2027-06-01T08:00", "2027-06-01T16:00", "start"),
        ("2026-11-27T19:00", "2026-11-27T23:00", "start"),  # later today: it is 18:00
        ("2026-11-27T12:00", "2026-11-27T20:00", "end"),  # not over yet
    ],
)
def test_a_shift_that_has_not_happened_yet_is_refused(
    service: Wellbeing, start: str, end: str, field: str
) -> None:
    with pytest.raises(InputError) as refused:
        service.record_checkin({"start": start, "end": end, "stress": 3, "energy": 5})
    assert refused.value.field == field
    assert "in the future" in refused.value.message
    assert service.history() == []


def test_a_shift_may_be_checked_in_while_wrapping_up_its_last_minutes(
    service: Wellbeing,
) -> None:
    service.record_checkin(
        {"start": "2026-11-27T10:00", "end": "2026-11-27T18:15", "stress": 3, "energy": 5}
    )
    assert len(service.history()) == 1
