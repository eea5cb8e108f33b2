"""Every screen in Dutch and in French shows no English sentence of the app's catalog (nor
Textual's own words), and its numbers and dates in the reader's format.

One app per language opens in English, is switched to the language in Settings, then visits
every screen in turn (as in test_tui_all_screens_snapshots.py) and reads what the terminal
shows: so the words are checked after a switch without restart, and screens built after it.
The English looked for is every message of the catalog whose translation differs from it,
so a string added without a translation is caught too.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.pilot import Pilot

import wellbeing.i18n
from tests.conftest import FrozenClock
from tests.support.all_screens import SCREENS, checked_in  # noqa: F401 (fixture)
from tests.support.language import choose_language
from tests.support.pilot import settle
from tests.support.screen_text import screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.textual_words import NO_MATCHES

CATALOGS = Path(wellbeing.i18n.__file__).parent


async def palette_without_matches(pilot: Pilot[None]) -> None:
    """Textual's command palette: its placeholder, then its line for no matches.

    Textual adds that line in English after a short countdown and the app puts its
    translation in its place a moment later; on a busy machine the two can be far apart, so
    this waits (up to 5 s) for the translation rather than a fixed time."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"zzqq")
    translated = _(NO_MATCHES)
    for _attempt in range(100):
        await pilot.pause(0.05)
        if translated in read_screen(pilot.app):  # type: ignore[arg-type]
            break


STEPS = SCREENS | {"palette": palette_without_matches}
# Visited in this order from the check-in form, each closed again before the next; the
# shift question comes before the feedback, which saves the shift it asks about.
ORDER = [name for name in STEPS if name != "feedback"] + ["feedback"]
PLACEHOLDER = re.compile(r"\{[^}]*\}|%\(\w+\)s")
MONTHS = {"nl": "november", "fr": "novembre"}


def english_sentences(language: str) -> dict[str, str]:
    """Each English literal of the catalog whose translation in `language` differs from it,
    with the message it comes from: the parts between placeholders from two words on, and
    messages of one word. Words the translations use too ("Stress", "Source") are left out."""
    with (CATALOGS / language / "LC_MESSAGES" / "wellbeing.po").open("rb") as file:
        catalog = read_po(file)
    messages = [message for message in catalog if message.id]
    translated = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string for m in messages
    )
    found: dict[str, str] = {}
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            for part in PLACEHOLDER.split(english):
                for line in part.split("\n"):
                    text = line.strip(" .,:;()·—-…")
                    words = text.split()
                    sentence = len(words) >= 2 and len(text) >= 12
                    word = len(words) == 1 and text == english and len(text) >= 4
                    if (sentence or word) and not appears(text, translated):
                        found.setdefault(text, english)
    return found


def appears(english: str, shown: str) -> bool:
    # The plain substring test first: most texts are nowhere in `shown`, and it is much
    # quicker than the search for them as whole words.
    return english in shown and (
        re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", shown) is not None
    )


async def close_dialogs(pilot: Pilot[None]) -> None:
    """Escape until a screen of the app's own (a mode) is on view again, then to the form."""
    for _attempt in range(4):
        if len(pilot.app.screen_stack) == 1:
            break
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)


async def visit_every_screen(path: str, switch_to: str = "") -> dict[str, str]:
    """What each screen shows, its lines joined by spaces (a wrapped sentence reads whole);
    with `switch_to`, after the app opened in English and was switched in Settings."""
    app = WellbeingApp(lambda: Wellbeing(open_database(path), "agent", FrozenClock()))
    shown: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if switch_to:
            await choose_language(pilot, switch_to)
            shown["settings, just switched"] = read_screen(app)
            await close_dialogs(pilot)
        for name in ORDER:
            await STEPS[name](pilot)
            shown[name] = read_screen(app)
            await close_dialogs(pilot)
    return shown


def read_screen(app: WellbeingApp) -> str:
    lines = [line.strip(" │█▎▌▊") for line in screen_lines(app)]
    return re.sub(r"\s+", " ", " ".join(lines))


@pytest.fixture(scope="module", params=["nl", "fr"])
def switched(request: pytest.FixtureRequest, checked_in: Path) -> Iterator[tuple[str, dict]]:  # noqa: F811
    """(language, what every screen shows after switching to it from English in Settings)."""
    yield from read_every_screen(checked_in, request.param)


def read_every_screen(checked_in: Path, language: str) -> Iterator[tuple[str, dict]]:  # noqa: F811
    folder = checked_in.parent / f"switched-{language}"
    folder.mkdir()
    path = folder / "wellbeing.db"
    shutil.copyfile(checked_in, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(folder))
        patch.setenv("WELLBEING_CONFIG_DIR", str(folder / "config"))
        patch.setenv("WELLBEING_DATA_DIR", str(folder / "data"))
        set_language("en")
        try:
            yield language, asyncio.run(visit_every_screen(str(path), language))
        finally:
            set_language("en")


def test_no_screen_shows_an_english_sentence_of_the_catalog_or_of_textual(
    switched: tuple[str, dict],
) -> None:
    language, shown = switched
    english = english_sentences(language)
    left = {
        name: sorted({text for text in english if appears(text, words)})
        for name, words in shown.items()
    }
    assert {name: texts for name, texts in left.items() if texts} == {}


def test_the_rules_in_force_are_named_in_the_new_language_at_once(
    switched: tuple[str, dict],
) -> None:
    language, shown = switched
    set_language(language)
    try:
        defaults = _("the built-in defaults")
    finally:
        set_language("en")
    assert defaults != "the built-in defaults"
    assert defaults in shown["settings, just switched"]


def test_decimals_are_written_with_a_comma_and_never_a_point(
    switched: tuple[str, dict],
) -> None:
    _language, shown = switched
    points = {name: re.findall(r"\d+\.\d+", words) for name, words in shown.items()}
    assert {name: found for name, found in points.items() if found} == {}
    assert re.search(r"\d,\d", shown["reflect"])  # hours worked this week, e.g. "23,2 h"


def test_dates_in_sentences_use_the_languages_month_names(switched: tuple[str, dict]) -> None:
    language, shown = switched
    english_months = {name for name, words in shown.items() if "November" in words}
    in_words = {name for name, words in shown.items() if f" {MONTHS[language]} 2026" in words}
    assert english_months == set()
    assert {"flags", "history", "feedback"} <= in_words


def test_textuals_own_words_are_shown_in_the_language(switched: tuple[str, dict]) -> None:
    language, shown = switched
    set_language(language)
    try:
        no_matches = _("No matches found")
    finally:
        set_language("en")
    assert no_matches != "No matches found"
    assert no_matches in shown["palette"]
