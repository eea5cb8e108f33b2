"""Text a person typed, turned into whole numbers, scores, days, clock times and break spans.

The one parser behind the command line's parameter types and the check-in form, so both
accept and refuse exactly the same text. Digits are ASCII only: Python's `int()` and `\\d`
also take "٣" or "²", which nobody means as a number here. Every refusal is an InputError
naming the field; no other exception leaves this module.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time

from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import LocalTimeError, parse_moment
from wellbeing.i18n import _

# The largest whole number accepted: a signed 64-bit integer, what the databases store.
LARGEST_WHOLE = 2**63 - 1
SCORE_MIN, SCORE_MAX = 0, 10

WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*", re.ASCII)
_PERCENTAGE = re.compile(r"\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*%?\s*", re.ASCII)
# 8:30, 08:30, 0830, 8.30 and the French 8h30 all mean half past eight.
_CLOCK = re.compile(r"([0-9]{1,2})\s*[:.hH]?\s*([0-9]{2})", re.ASCII)
_CLOCK_SPAN = re.compile(r"\s*([0-9]{1,2}):([0-9]{2})\s*-\s*([0-9]{1,2}):([0-9]{2})\s*", re.ASCII)
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_BELGIAN_DAY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", re.ASCII)


def is_whole(text: str) -> bool:
    """Whether `text` reads as a whole number (ASCII digits, an optional sign, spaces)."""
    return WHOLE_NUMBER.fullmatch(text) is not None


def whole(
    field: str,
    text: str,
    *,
    lo: int | None = None,
    hi: int | None = None,
    out_of_range: str | None = None,
) -> int:
    """A whole number, within [lo, hi] when given (`out_of_range`: the message past them)."""
    if not is_whole(text):
        raise InputError(field, _("must be a whole number"))
    value = int(text)
    if not -LARGEST_WHOLE <= value <= LARGEST_WHOLE:
        # Nothing counts this far, and a database integer column cannot hold it.
        if value < 0:
            raise InputError(field, _("is too far below zero"))
        raise InputError(field, _("is too large a number"))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if out_of_range is None:
            out_of_range = _("must be a whole number from {fewest} to {most}").format(
                fewest=lo, most=hi
            )
        raise InputError(field, out_of_range)
    return value


def score(field: str, text: str) -> int:
    """A score from 0 to 10 (stress, energy, support): one message for every refusal."""
    try:
        return whole(field, text, lo=SCORE_MIN, hi=SCORE_MAX)
    except InputError:
        raise InputError(field, _("must be a whole number from 0 to 10")) from None


def percentage(field: str, text: str) -> float:
    """A percentage such as 88, 88.5 or 88.5 %; the range is the caller's to check."""
    if _PERCENTAGE.fullmatch(text) is None:
        raise InputError(field, _("must be a percentage from 0 to 100"))
    value = float(text.strip().rstrip("%"))
    if not math.isfinite(value):
        raise InputError(field, _("must be a percentage from 0 to 100"))
    return value


def iso_day(field: str, text: str) -> date:
    """A calendar day written YYYY-MM-DD."""
    try:
        if not text.isascii():
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, _("{text!r} is not a date; use YYYY-MM-DD").format(text=text)
        ) from None


def form_day(field: str, text: str) -> date:
    """A calendar day as 2026-11-27 or, as written in Belgium, 27/11/2026."""
    text = text.strip()
    if not text:
        raise InputError(field, _("is empty; give the day the shift started, e.g. 2026-11-27"))
    iso, belgian = _ISO_DAY.fullmatch(text), _BELGIAN_DAY.fullmatch(text)
    try:
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
        if belgian:
            day, month, year = (int(part) for part in belgian.groups())
            return date(year, month, day)
    except ValueError:
        message = _("{text} is not a day of the calendar").format(text=text)
        raise InputError(field, message) from None
    raise InputError(field, _("{text} is not a date; use YYYY-MM-DD").format(text=text))


def clock_time(field: str, text: str) -> time:
    """A time of day as 08:30, 8:30, 0830, 8.30 or 8h30."""
    text = text.strip()
    match = _CLOCK.fullmatch(text)
    if not match:
        message = _("'{text}' is not a time; use HH:MM, e.g. 08:30").format(text=text)
        raise InputError(field, message)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InputError(field, _("'{text}' is not a valid time of day").format(text=text))
    return time(hour, minute)


def moment(field: str, text: str) -> datetime:
    """An ISO date and time; without an offset it is Brussels time. Returned in UTC."""
    try:
        if not text.isascii():
            # Refused here with the parser's own words, so no other digits slip through.
            raise LocalTimeError(
                _("{text!r} is not a date and time; use a form such as 2026-11-26T08:00").format(
                    text=text.strip()
                )
            )
        return parse_moment(text)
    except LocalTimeError as exc:
        raise InputError(field, str(exc)) from None


def clock_span(field: str, text: str) -> tuple[time, time]:
    """A break typed as HH:MM-HH:MM, as two clock times (which day is the caller's to say)."""
    match = _CLOCK_SPAN.fullmatch(text)
    if not match:
        raise InputError(
            field,
            _("{text!r} is not a break; use HH:MM-HH:MM, e.g. 12:00-12:30").format(text=text),
        )
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise InputError(field, _("{text!r} is not a valid time of day").format(text=text))
    return time(h1, m1), time(h2, m2)


def moment_span(field: str, text: str) -> tuple[datetime, datetime]:
    """A break typed as two ISO date-times, ISO/ISO."""
    first, _slash, second = text.partition("/")
    return moment(field, first), moment(field, second)
