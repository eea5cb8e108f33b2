"""At 80×24 the footer cannot show every key: quit, help and the list of every key come
first on every screen, and that list names every screen's key in the person's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FrozenClock
from tests.support.pilot import app_on, settle
from tests.support.screen_text import footer_line, screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.keys import KeysScreen

SCREEN_KEYS = {"f2": "Check-in", "f3": "History", "f4": "Flags", "f6": "Surveys"}
SCREEN_KEYS |= {"f7": "Reflect", "f8": "Settings", "f9": "Team"}


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f6", "f7", "f8"])
async def test_at_80_columns_the_footer_keeps_quit_help_and_the_keys_list(
    app: WellbeingApp, language: str, key: str
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        footer = footer_line(app)
    assert f"^q {_('Quit')}" in footer
    assert f"f1 {_('Help')}" in footer
    assert f"f10 {_('Keys')}" in footer


async def test_the_keys_list_names_every_screens_key_in_the_persons_language(
    app: WellbeingApp, language: str
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "f10")
        await settle(pilot)
        shown = app.screen
        lines = [line.strip() for line in screen_lines(app)]
    assert isinstance(shown, KeysScreen)
    for key, screen in SCREEN_KEYS.items():
        assert f"{key}  {_(screen)}" in lines


async def test_the_keys_list_puts_the_screens_own_keys_first(app: WellbeingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "f10")
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(app)]
    own, everywhere = lines.index("On this screen"), lines.index("Everywhere")
    assert own < lines.index("e  Correct") < everywhere < lines.index("f2  Check-in")


async def test_question_mark_opens_the_keys_list_outside_text_fields_and_escape_closes_it(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "question_mark")
        await settle(pilot)
        opened = app.screen
        await pilot.press("escape")
        await settle(pilot)
        closed = app.screen
    assert isinstance(opened, KeysScreen)
    assert not isinstance(closed, KeysScreen)


async def test_f10_opens_the_keys_list_from_inside_a_form_field(app: WellbeingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        shown = app.screen
    assert isinstance(shown, KeysScreen)
