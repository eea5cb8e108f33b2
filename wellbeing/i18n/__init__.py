"""Translations through gettext catalogs (nl, fr; English is the source language).

Strings are marked with `_()` where they are shown and with `N_()` where they are only
declared (a rule's message template, a suggestion's text) and translated when shown.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "wellbeing"
LOCALE_DIR = Path(__file__).resolve().parent
LANGUAGES = ("nl", "fr", "en")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


def detect_language(configured: str | None = None) -> str:
    """WELLBEING_LANG, else the settings file's choice, else the locale, else English."""
    for candidate in (os.environ.get("WELLBEING_LANG"), configured, _locale_language()):
        if candidate:
            code = candidate.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def _locale_language() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


@cache
def translation(language: str) -> _gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    _current = language


def current_language() -> str:
    return _current


@contextmanager
def standard_domain(language: str) -> Iterator[None]:
    """While this lasts, libraries that translate through Python's standard gettext domain
    (Click: the headings of `--help`, its help option, its usage errors) speak `language`
    from these catalogs.

    The standard domain takes its language from the environment only (LANGUAGE first), so
    that is set too; both are put back afterwards.
    """
    domain, before = _gettext.textdomain(), os.environ.get("LANGUAGE")
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
    try:
        yield
    finally:
        _gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def _(message: str) -> str:
    """Translate into the current language."""
    return translation(_current).gettext(message)


def translate(message: str, language: str) -> str:
    return translation(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(_current).ngettext(singular, plural, n)


def counted(singular: str, plural: str, count: int) -> str:
    """A count with its noun in the form the count asks for ("1 flag", "3 flags"): the forms
    hold "{count}"."""
    return ngettext(singular, plural, count).format(count=count)


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet."""
    return message


# Both forms lead to the pair, so a message stored under its plural (before it had a singular)
# is still shown in the right form.
_PLURALS: dict[str, tuple[str, str]] = {}


def Nn_(singular: str, plural: str) -> str:
    """Declare a message with a plural form without translating it yet.

    Returns the singular, which is what gets stored; `translate_count` finds the plural.
    """
    _PLURALS[singular] = _PLURALS[plural] = (singular, plural)
    return singular


def translate_count(message: str, count: int, language: str) -> str:
    """`message` in `language`, in the form `count` asks for when it was declared with Nn_."""
    forms = _PLURALS.get(message)
    if forms is None:
        return translate(message, language)
    return translation(language).ngettext(*forms, count)
