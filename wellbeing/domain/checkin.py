"""What an agent reports after a shift, and the rules every report must satisfy."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from wellbeing.domain.errors import InputError, input_error_from
from wellbeing.domain.localtime import LocalTimeError, localize, parse_moment, to_local
from wellbeing.domain.shift_times import MAX_SPAN as MAX_SPAN  # where the rules import it from
from wellbeing.domain.text_input import clock_span, moment_span
from wellbeing.i18n import _

MAX_NOTE_LENGTH = 2000
MAX_CONTACTS = 2000
MAX_KIND_LENGTH = 16
CHANNELS = ("phone", "email", "chat", "social")
# Shifts and breaks must lie in these years (UTC bounds; the rules look weeks around them).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

Score = Annotated[int, Field(ge=0, le=10, strict=True)]
Count = Annotated[int, Field(ge=0, le=MAX_CONTACTS, strict=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _moment(value: object) -> datetime:
    if isinstance(value, str | datetime):
        try:
            moment = parse_moment(value)
        except LocalTimeError as exc:
            raise ValueError(str(exc)) from None
        # A typo such as 0026 or 9026 would otherwise reach the rules, whose calendar
        # arithmetic runs off the end of what a date can hold.
        if not EARLIEST <= moment < LATEST:
            raise ValueError(
                _("must be a date from the year {first} to {last}").format(
                    first=EARLIEST.year, last=LATEST.year - 1
                )
            )
        return moment
    raise ValueError(_("must be a date and time"))


def _checked_count(value: object) -> int:
    """A count of contacts, refused in the person's language (pydantic's own text is not)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("must be a whole number"))
    if value < 0:
        raise ValueError(_("cannot be negative"))
    if value > MAX_CONTACTS:
        raise ValueError(_("must be at most {limit}").format(limit=MAX_CONTACTS))
    return value


class BreakSpan(_Frozen):
    """A break really taken, as two aware moments."""

    start: datetime
    end: datetime
    kind: str = "break"

    _parse = field_validator("start", "end", mode="before")(lambda v: _moment(v))

    @field_validator("kind")
    @classmethod
    def _short_name(cls, value: str) -> str:
        # The store keeps at most MAX_KIND_LENGTH characters; PostgreSQL refuses more, and NUL.
        if not 1 <= len(value) <= MAX_KIND_LENGTH or not value.isprintable():
            raise ValueError(
                _("must be a name of 1 to {most} printable characters").format(most=MAX_KIND_LENGTH)
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> BreakSpan:
        if self.end <= self.start:
            raise ValueError(_("a break must end after it starts"))
        return self

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


class CheckinInput(_Frozen):
    """One shift and how it went: validated before anything is written."""

    start: datetime
    end: datetime
    breaks: tuple[BreakSpan, ...] = ()
    stress: Score
    energy: Score
    contacts: Count = 0
    difficult: Count = 0
    channels: dict[str, Annotated[int, BeforeValidator(_checked_count)]] = Field(
        default_factory=dict
    )
    occupancy: Annotated[float, Field(ge=0, le=100)] | None = None
    support: Annotated[int, Field(ge=0, le=10, strict=True)] | None = None
    note: str | None = None

    _parse = field_validator("start", "end", mode="before")(lambda v: _moment(v))

    @field_validator("stress", "energy", "support", mode="before")
    @classmethod
    def _whole_score(cls, value: object) -> object:
        if isinstance(value, bool) or (value is not None and not isinstance(value, int)):
            raise ValueError(_("must be a whole number from 0 to 10"))
        if isinstance(value, int) and not 0 <= value <= 10:
            raise ValueError(_("must be a whole number from 0 to 10"))
        return value

    @field_validator("contacts", "difficult", mode="before")
    @classmethod
    def _whole_count(cls, value: object) -> object:
        return _checked_count(value)

    @field_validator("occupancy", mode="before")
    @classmethod
    def _percentage(cls, value: object) -> object:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= 100  # NaN compares false, so it is refused here too
        ):
            raise ValueError(_("must be a percentage from 0 to 100"))
        return value

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(CHANNELS))
        if unknown:
            raise ValueError(
                _("unknown channel {name!r}; use {choices}").format(
                    name=unknown[0], choices=", ".join(CHANNELS)
                )
            )
        return value

    @field_validator("note")
    @classmethod
    def _clean_note(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) > MAX_NOTE_LENGTH:
            raise ValueError(
                _("is {length} characters; at most {limit}").format(
                    length=len(value), limit=MAX_NOTE_LENGTH
                )
            )
        for char in value:
            if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
                raise ValueError(_("contains a control or invalid character"))
        value = value.strip()
        return value or None

    @model_validator(mode="after")
    def _consistent(self) -> CheckinInput:
        if self.end <= self.start:
            raise InputError("end", _("the shift must end after it starts"))
        if self.end - self.start > MAX_SPAN:
            raise InputError("end", _("a shift can span at most 16 hours"))
        if self.channels and sum(self.channels.values()) != self.contacts:
            # Per-channel counts alone give the total; a total that disagrees is refused.
            if self.contacts == 0:
                object.__setattr__(self, "contacts", sum(self.channels.values()))
            else:
                raise InputError("contacts", _("the per-channel counts do not add up to the total"))
        if self.difficult > self.contacts:
            raise InputError(
                "difficult",
                _("{difficult} difficult contacts is more than the {contacts} contacts").format(
                    difficult=self.difficult, contacts=self.contacts
                ),
            )
        ordered = sorted(self.breaks, key=lambda b: b.start)
        for index, span in enumerate(ordered, start=1):
            if span.start < self.start or span.end > self.end:
                raise InputError(
                    "breaks", _("break {index} is not inside the shift").format(index=index)
                )
        for earlier, later in itertools.pairwise(ordered):
            if later.start < earlier.end:
                raise InputError("breaks", _("breaks overlap each other"))
        object.__setattr__(self, "breaks", tuple(ordered))
        return self

    @property
    def span(self) -> timedelta:
        return self.end - self.start

    @property
    def break_time(self) -> timedelta:
        return sum((b.duration for b in self.breaks), timedelta())

    @property
    def worked(self) -> timedelta:
        return self.span - self.break_time


# How far ahead of now a shift may end: an agent may check in while wrapping up.
WRAP_UP = timedelta(minutes=15)


def refuse_future_shift(checkin: CheckinInput, now: datetime) -> None:
    """A check-in tells how a shift went, so the shift must be over (give or take the
    wrap-up): a date typed a year ahead, or this evening's shift, is a mistake, not data."""
    if checkin.start > now:
        raise InputError("start", _("is in the future; check in after the shift"))
    if checkin.end > now + WRAP_UP:
        raise InputError("end", _("is in the future; check in after the shift"))


def validate_checkin(data: dict[str, object]) -> CheckinInput:
    """Validate raw input into a CheckinInput, or raise one InputError naming the field."""
    try:
        return CheckinInput.model_validate(data)
    except InputError:
        raise
    except ValidationError as exc:
        raise input_error_from(exc) from None


def resolve_break(text: str, shift_start: datetime) -> dict[str, datetime]:
    """Turn 'HH:MM-HH:MM' into moments on the shift's day, or the next day when earlier.

    A full 'ISO/ISO' pair is accepted too. The text is read by `text_input`, as everywhere.
    """
    if "/" in text:
        first, last = moment_span("break", text)
        return {"start": first, "end": last}
    (h1, m1), (h2, m2) = ((t.hour, t.minute) for t in clock_span("break", text))
    local_start = to_local(shift_start)
    day: date = local_start.date()

    def at(hour: int, minute: int) -> datetime:
        # Earlier than the shift's start on the clock means the next calendar day.
        shift = 1 if (hour, minute) < (local_start.hour, local_start.minute) else 0
        return datetime(day.year, day.month, day.day, hour, minute) + timedelta(days=shift)

    begin, end = at(h1, m1), at(h2, m2)  # naive local wall-clock times
    if end <= begin:
        end += timedelta(days=1)  # a break over midnight, such as 23:50-00:20
        if end - begin > MAX_SPAN:  # longer than any shift: the times were typed reversed
            raise InputError(
                "break",
                _("{text!r} ends before it starts; did you mean {swapped}?").format(
                    text=text, swapped=f"{h2:02d}:{m2:02d}-{h1:02d}:{m1:02d}"
                ),
            )
    return {"start": _localize_break(begin), "end": _localize_break(end)}


def _localize_break(naive: datetime) -> datetime:
    try:
        return localize(naive).astimezone(UTC)
    except LocalTimeError as exc:
        raise InputError("break", str(exc)) from None


class Break(_Frozen):
    """A stored break."""

    start: datetime
    end: datetime
    kind: str = "break"

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


class Shift(_Frozen):
    """A stored shift with its breaks, as the rules see it."""

    id: int
    start: datetime
    end: datetime
    breaks: tuple[Break, ...] = ()
    contacts: int = 0
    difficult: int = 0
    occupancy: float | None = None

    @property
    def span(self) -> timedelta:
        return self.end - self.start

    @property
    def break_time(self) -> timedelta:
        return sum((b.duration for b in self.breaks), timedelta())

    @property
    def worked(self) -> timedelta:
        return self.span - self.break_time


class Checkin(_Frozen):
    """A stored check-in: the shift it belongs to and how the person felt."""

    id: int
    shift: Shift
    stress: int
    energy: int
    support: int | None = None
    note: str | None = None
    channels: dict[str, int] = Field(default_factory=dict)
    recorded_at: datetime
