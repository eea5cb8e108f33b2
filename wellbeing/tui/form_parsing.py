"""From the check-in form's text to a validated CheckinInput.

Every problem is one InputError whose field is a form field, so the form can show the
message beside the field it concerns. Loaded in a worker: it pulls in pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, TypeVar

from wellbeing.domain import text_input
from wellbeing.domain.checkin import (
    MAX_CONTACTS,
    MAX_SPAN,
    CheckinInput,
    resolve_break,
    validate_checkin,
)
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import LocalTimeError, localize
from wellbeing.i18n import _
from wellbeing.tui.form_values import FORM_FIELDS, FormValues

_BREAK_SEPARATOR = re.compile(r"[,;]")
_FIELD_ORDER = {name: index for index, name in enumerate(FORM_FIELDS)}
SCORE_MAX = text_input.SCORE_MAX


def parse_day(text: str) -> date:
    """A calendar day as 2026-11-27 or, as written in Belgium, 27/11/2026."""
    return text_input.form_day("date", text)


def parse_clock(field: str, text: str) -> time:
    return text_input.clock_time(field, text)


def parse_count(field: str, text: str, *, required: bool, upper: int | None = None) -> int:
    """A whole number read as the command line reads it; empty means 0 for counts and is
    refused for scores (`required`), whose every refusal has the command line's words."""
    if not text.strip():
        if required:
            raise InputError(field, _("is required; give a whole number from 0 to 10"))
        return 0
    if upper == SCORE_MAX:
        return text_input.score(field, text)
    value = text_input.whole(field, text)
    if upper is not None and value > upper:
        raise InputError(field, _("must be at most {limit}").format(limit=upper))
    return value


def _moment(field: str, naive: datetime) -> datetime:
    """A Brussels wall-clock time as a UTC moment.

    In UTC, subtracting two moments gives real elapsed time; between two datetimes sharing
    the Brussels zone Python would subtract wall-clock times and lose the DST hour.
    """
    try:
        return localize(naive).astimezone(UTC)
    except LocalTimeError as exc:
        raise InputError(field, str(exc)) from None


def shift_bounds(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """Aware start and end; an end earlier on the clock than the start is on the next day."""
    naive_start = datetime.combine(day, start)
    naive_end = datetime.combine(day, end)
    if end < start:
        naive_end += timedelta(days=1)
    return _moment("start", naive_start), _moment("end", naive_end)


def parse_breaks(text: str, shift_start: datetime) -> list[dict[str, datetime]]:
    """'12:00-12:30, 15:00-15:10' as moments within the shift that starts at shift_start."""
    spans: list[dict[str, datetime]] = []
    for part in _BREAK_SEPARATOR.split(text):
        if part.strip():
            try:
                span = resolve_break(part.strip(), shift_start)
            except InputError as exc:
                raise InputError("breaks", exc.message) from None
            spans.append({edge: moment.astimezone(UTC) for edge, moment in span.items()})
    return spans


class FormRefused(InputError):
    """Every field the form cannot accept, in the form's order; the first is the error's own."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(errors[0].field, errors[0].message)
        self.errors = errors


T = TypeVar("T")


def to_checkin_input(values: FormValues) -> CheckinInput:
    """Parse and validate the whole form, or raise FormRefused naming every field that is
    wrong on its own (and, once each field is right, the first problem between fields)."""
    errors: list[InputError] = []

    def attempt(parse: Callable[..., T], *args: object, **options: object) -> T | None:
        try:
            return parse(*args, **options)
        except InputError as exc:
            errors.append(InputError(form_field(exc.field), exc.message))
            return None

    day = attempt(parse_day, values.date)
    start_clock = attempt(parse_clock, "start", values.start)
    end_clock = attempt(parse_clock, "end", values.end)
    bounds = None
    if day is not None and start_clock is not None and end_clock is not None:
        bounds = attempt(shift_bounds, day, start_clock, end_clock)
    breaks = attempt(parse_breaks, values.breaks, bounds[0]) if bounds is not None else None
    counts = {
        name: attempt(parse_count, name, getattr(values, name), required=score, upper=upper)
        for name, score, upper in (
            ("contacts", False, MAX_CONTACTS),
            ("difficult", False, MAX_CONTACTS),
            ("stress", True, SCORE_MAX),
            ("energy", True, SCORE_MAX),
        )
    }
    if errors or bounds is None:
        errors.sort(key=lambda error: _FIELD_ORDER.get(error.field, len(_FIELD_ORDER)))
        raise FormRefused(errors)
    data: dict[str, object] = {
        "start": bounds[0],
        "end": bounds[1],
        "breaks": breaks,
        **counts,
        "note": values.note or None,
    }
    try:
        return validate_checkin(data)
    except InputError as exc:
        raise FormRefused([InputError(form_field(exc.field), exc.message)]) from None


# A span longer than this is asked about before saving: the fatigue guidance caps shifts at
# 12 hours including overtime (UK HSE, "Managing shift work", HSG256, 2006).
LONG_SPAN = timedelta(hours=12)


@dataclass(frozen=True)
class ShiftDoubt:
    """A shift that was probably typed wrong, to be confirmed before it is saved.

    `reversed`: the end is earlier on the clock than the start, so the shift would end the
    next day; `swapped` holds the form with start and end the other way round.
    `long`: the shift spans more than LONG_SPAN.
    """

    kind: Literal["reversed", "long"]
    span: timedelta
    swapped: FormValues | None = None

    @property
    def keepable(self) -> bool:
        """Whether the times as typed could be saved: a shift spans at most MAX_SPAN, so
        keeping a longer one is not offered."""
        return self.span <= MAX_SPAN


def shift_doubt(values: FormValues) -> ShiftDoubt | None:
    """Why the shift's times deserve a question before saving, or None when they look right
    (or are wrong in a way the validation will name)."""
    try:
        start_clock = parse_clock("start", values.start)
        end_clock = parse_clock("end", values.end)
        start, end = shift_bounds(parse_day(values.date), start_clock, end_clock)
    except InputError:
        return None
    if end_clock < start_clock:
        swapped = replace(values, start=values.end, end=values.start)
        return ShiftDoubt("reversed", end - start, swapped)
    if LONG_SPAN < end - start <= MAX_SPAN:
        return ShiftDoubt("long", end - start)
    return None  # beyond MAX_SPAN, the validation says that a shift cannot be that long


def refusals(exc: InputError) -> list[tuple[str, str]]:
    """(form field, message) for each problem an error carries, as the form shows them."""
    errors = exc.errors if isinstance(exc, FormRefused) else [exc]
    return [(form_field(error.field), error.message) for error in errors]


def form_field(error_field: str) -> str:
    """The form field an error from validation or the service belongs to ('' when none)."""
    head = error_field.split(".")[0]
    if head == "break":
        head = "breaks"
    return head if head in FORM_FIELDS else ""
