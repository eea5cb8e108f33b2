"""Correcting a stored check-in through the same form that recorded it.

The form shows what it can edit; what it cannot show (support, occupancy, contacts per
channel, the kind of a break) is carried over from the stored check-in, so a correction
never silently drops something recorded elsewhere, e.g. on the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wellbeing.domain.checkin import CheckinInput, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import to_local
from wellbeing.tui.form_parsing import FormRefused, form_field, to_checkin_input
from wellbeing.tui.form_values import FormValues, clock_text

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin


def form_values_of(checkin: Checkin) -> FormValues:
    """The form filled with a stored check-in, in Brussels local time."""
    shift = checkin.shift
    return FormValues(
        date=to_local(shift.start).date().isoformat(),
        start=clock_text(shift.start),
        end=clock_text(shift.end),
        breaks=", ".join(f"{clock_text(b.start)}-{clock_text(b.end)}" for b in shift.breaks),
        contacts=str(shift.contacts),
        difficult=str(shift.difficult),
        stress=str(checkin.stress),
        energy=str(checkin.energy),
        note=checkin.note or "",
    )


def corrected_input(values: FormValues, original: Checkin) -> CheckinInput:
    """The edited form as a validated check-in, keeping what the form does not show.

    Per-channel counts are kept only while they still add up to the (edited) total; a break
    keeps its kind while its times are unchanged.
    """
    edited = to_checkin_input(values)
    kinds = {(b.start, b.end): b.kind for b in original.shift.breaks}
    channels = original.channels if sum(original.channels.values()) == edited.contacts else {}
    data: dict[str, object] = {
        **edited.model_dump(exclude={"breaks", "channels"}),
        "breaks": [
            {"start": b.start, "end": b.end, "kind": kinds.get((b.start, b.end), b.kind)}
            for b in edited.breaks
        ],
        "channels": dict(channels),
        "occupancy": original.shift.occupancy,
        "support": original.support,
    }
    try:
        return validate_checkin(data)
    except InputError as exc:
        raise FormRefused([InputError(form_field(exc.field), exc.message)]) from None
