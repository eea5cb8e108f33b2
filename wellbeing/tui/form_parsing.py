"""From the check-in form's text to a validated CheckinInput.

Every problem is one InputError whose field is a form field, so the form can show the
message beside the field it concerns. Loaded in a worker: it pulls in pydantic.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from wellbeing.domain.checkin import CheckinInput, resolve_break, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import LocalTimeError, localize
from wellbeing.i18n import _
from wellbeing.tui.form_values import FORM_FIELDS, FormValues

# 8:30, 08:30, 0830, 8.30 and the French 8h30 all mean half past eight.
_CLOCK = re.compile(r"^(\d{1,2})\s*[:.hH]?\s*(\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_BELGIAN_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_BREAK_SEPARATOR = re.compile(r"[,;]")


def parse_day(text: str) -> date:
    """A calendar day as 2026-11-27 or, as written in Belgium, 27/11/2026."""
    text = text.strip()
    if not text:
        raise InputError("date", _("is empty; give the day the shift started, e.g. 2026-11-27"))
    iso, belgian = _ISO_DAY.match(text), _BELGIAN_DAY.match(text)
    try:
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
        if belgian:
            day, month, year = (int(part) for part in belgian.groups())
            return date(year, month, day)
    except ValueError:
        message = _("{text} is not a day of the calendar").format(text=text)
        raise InputError("date", message) from None
    raise InputError("date", _("{text} is not a date; use YYYY-MM-DD").format(text=text))


def parse_clock(field: str, text: str) -> time:
    text = text.strip()
    match = _CLOCK.match(text)
    if not match:
        message = _("'{text}' is not a time; use HH:MM, e.g. 08:30").format(text=text)
        raise InputError(field, message)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InputError(field, _("'{text}' is not a valid time of day").format(text=text))
    return time(hour, minute)


def parse_count(field: str, text: str, *, required: bool) -> int:
    """A whole number; empty means 0 for counts and is refused for scores."""
    text = text.strip()
    if not text:
        if required:
            raise InputError(field, _("is required; give a whole number from 0 to 10"))
        return 0
    if not text.isdigit():
        raise InputError(field, _("'{text}' is not a whole number").format(text=text))
    return int(text)


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


def to_checkin_input(values: FormValues) -> CheckinInput:
    """Parse and validate the whole form, or raise one InputError naming a form field."""
    day = parse_day(values.date)
    start, end = shift_bounds(
        day, parse_clock("start", values.start), parse_clock("end", values.end)
    )
    data: dict[str, object] = {
        "start": start,
        "end": end,
        "breaks": parse_breaks(values.breaks, start),
        "contacts": parse_count("contacts", values.contacts, required=False),
        "difficult": parse_count("difficult", values.difficult, required=False),
        "stress": parse_count("stress", values.stress, required=True),
        "energy": parse_count("energy", values.energy, required=True),
        "note": values.note or None,
    }
    try:
        return validate_checkin(data)
    except InputError as exc:
        raise InputError(form_field(exc.field), exc.message) from None


def form_field(error_field: str) -> str:
    """The form field an error from validation or the service belongs to ('' when none)."""
    head = error_field.split(".")[0]
    if head == "break":
        head = "breaks"
    return head if head in FORM_FIELDS else ""
