"""While a dialog waits for an answer, no key or palette command goes to another screen or
opens another task, on the dialog or on the help page, the keys list or the palette opened
over it: F2-F9 and ctrl+g do nothing there and are not shown, so the dialog is answered or
closed first and never left behind under another screen. Escape comes back to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.clock import FrozenClock
from tests.support.dialogs import DIALOGS
from tests.support.pilot import app_on, settle
from tests.support.screen_text import footer_line, screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.help import HelpScreen
from wellbeing.tui.screens.keys import KeysScreen

LEAVING_KEYS = ("f2", "f3", "f4", "f6", "f7", "f8", "f9", "ctrl+g")
SCREEN_WORDS = ("Check-in", "History", "Flags", "Surveys", "Reflect", "Settings", "Team")
PAGES = {"help": ("f1", HelpScreen), "keys": ("f10", KeysScreen)}


@pytest.fixture
def app(db_url: str, clock: FrozenClock, service: Wellbeing) -> WellbeingApp:
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
    )
    return app_on(db_url, clock)


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("dialog", DIALOGS)
async def test_over_a_dialog_the_screen_keys_do_nothing_and_escape_returns_to_it(
    app: WellbeingApp, dialog: str, page: str
) -> None:
    open_dialog, dialog_type = DIALOGS[dialog]
    key, page_type = PAGES[page]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        asked, mode = app.screen, app.current_mode
        await pilot.press(key)
        await settle(pilot)
        shown = app.screen
        for leaving in LEAVING_KEYS:
            await pilot.press(leaving)
            await settle(pilot)
        still_shown, mode_after = app.screen, app.current_mode
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
    assert isinstance(asked, dialog_type)
    assert isinstance(shown, page_type)
    assert still_shown is shown
    assert mode_after == mode
    assert back is asked


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("dialog", DIALOGS)
async def test_over_a_dialog_the_key_bar_and_the_keys_list_offer_no_screen_keys(
    app: WellbeingApp, language: str, dialog: str, page: str
) -> None:
    open_dialog, _dialog_type = DIALOGS[dialog]
    async with app.run_test(size=(120, 40)) as pilot:  # wide enough to show every key
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press(PAGES[page][0])
        await settle(pilot)
        footer = footer_line(app)
        offered = {active.binding.id for active in app.screen.active_bindings.values()}
        await pilot.press("f10")  # the keys list, over the page (or the same list again)
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(app)]
        quit_words, escape_words = _("Quit"), _("Back")
    assert footer.strip().startswith(f"^q {quit_words}")
    assert f"esc {escape_words}" in footer
    assert not {f"show.{name}" for name in ("checkin", "history", "settings")} & offered
    assert "pause.open" not in offered
    for key, words in zip(LEAVING_KEYS, SCREEN_WORDS, strict=False):
        assert f"{key} {_(words)}" not in footer
        assert f"{key}  {_(words)}" not in lines


async def test_away_from_a_dialog_the_help_page_still_offers_the_screen_keys(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "f1")
        await settle(pilot)
        footer = footer_line(app)
        await pilot.press("f7")
        await settle(pilot)
        mode = app.current_mode
    assert "f2 Check-in" in footer
    assert mode == "reflect"


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_the_palette_over_a_dialog_offers_no_other_screen(
    app: WellbeingApp, language: str, dialog: str
) -> None:
    open_dialog, dialog_type = DIALOGS[dialog]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        asked, mode = app.screen, app.current_mode
        titles = {str(command.title) for command in app.get_system_commands(app.screen)}
        await pilot.press("ctrl+p", *_("Settings").lower())
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        back, mode_after = app.screen, app.current_mode
    assert isinstance(asked, dialog_type)
    assert {_("Help and support lines"), _("Keys"), _("Quit")} <= titles
    assert not {_(words) for words in SCREEN_WORDS} & titles
    assert not {_("Export my data"), _("Erase my data"), _("Guided pause")} & titles
    assert back is asked
    assert mode_after == mode
