"""Numbers, dates and durations in the reader's language, through Babel (CLDR).

One place for both the TUI and the command line, so a screen never mixes "6,5" with "15.5"
or writes an ISO date inside a sentence. Dutch and French follow Belgian conventions (nl_BE,
fr_BE); English keeps the decimal point but writes the day before the month, as in Belgium.
Tables may keep compact forms (ISO dates, 08:00-16:30), but numbers in them come from here too.
Babel is imported when a value is formatted, so the command line's --help starts without it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from wellbeing.i18n import N_, translate

# Babel locales per interface language.
_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
# Dutch writes hours as "u" (10 u 30), French and English as "h" (10 h 30).
_HOUR_SIGN = {"nl": "u", "fr": "h", "en": "h"}
# Day before month everywhere: "2 november 2026", "2 novembre 2026", "2 November 2026".
_LONG_DATE = "d MMMM y"

# Text values that findings store as written when raised and that are shown localised.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$")
_DURATION = re.compile(r"^(\d+) h (\d{2})$")


def locale_of(language: str) -> str:
    """The Babel locale that formats for `language` (English for an unknown one)."""
    return _LOCALES.get(language, _LOCALES["en"])


def decimal(value: float, language: str, digits: int = 1, *, fixed: bool = False) -> str:
    """A number with at most `digits` decimals (exactly, when `fixed`, as table columns
    want): 6,5 in Dutch and French, 6.5 in English."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=locale_of(language))


def percent(share: float, language: str) -> str:
    """A share from 0 to 1 as a whole percentage: 58 % in Dutch and French, 58% in English."""
    from babel.numbers import format_percent

    return format_percent(share, format="#,##0 %" if language in ("nl", "fr") else "#,##0%",
                          locale=locale_of(language))


def long_date(day: date, language: str) -> str:
    """A date inside a sentence: 2 november 2026, 2 novembre 2026, 2 November 2026; the
    first of a month is "1er décembre" in French."""
    from babel.dates import format_date

    written = format_date(day, format=_LONG_DATE, locale=locale_of(language))
    if day.day == 1 and language == "fr" and written.startswith("1 "):
        return "1er" + written[1:]
    return written


def date_time(moment: datetime, language: str) -> str:
    """A local time with its date, to follow "at": 18:30 on 2 November 2026, 18:30 op 2
    november 2026, 18:30 le 2 novembre 2026."""
    from babel.dates import format_time

    clock = format_time(moment, format="HH:mm", locale=locale_of(language))
    return translate(N_("{time} on {date}"), language).format(
        date=long_date(moment.date(), language), time=clock
    )


def duration(delta: timedelta, language: str) -> str:
    """A duration in hours and minutes: 10 u 30 in Dutch, 10 h 30 in French and English."""
    return duration_minutes(round(delta.total_seconds() / 60), language)


def duration_minutes(minutes: int, language: str) -> str:
    sign = _HOUR_SIGN.get(language, "h")
    return f"{minutes // 60} {sign} {minutes % 60:02d}"


def text_value(text: str, language: str) -> str:
    """A stored text value localised: an ISO date or moment, or a duration "10 h 30".

    Findings keep their values as written when raised, so they can be shown later in any
    language; anything else is returned unchanged.
    """
    if _ISO_DATE.match(text):
        return long_date(date.fromisoformat(text), language)
    if _ISO_MOMENT.match(text):
        return date_time(datetime.fromisoformat(text.replace(" ", "T")), language)
    found = _DURATION.match(text)
    if found:
        return duration_minutes(int(found[1]) * 60 + int(found[2]), language)
    return text
