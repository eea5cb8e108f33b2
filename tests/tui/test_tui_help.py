"""The help page: one key (F1) or the command palette away, from every screen."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.support.clock import FrozenClock
from tests.support.dialogs import DIALOGS
from tests.support.pilot import app_on, settle
from tests.support.screen_text import footer_line
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.help import HelpScreen


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def _page_text(app: WellbeingApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(".help-contact"))


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f6", "f7", "f8"])
async def test_f1_opens_the_help_page_from_every_screen(app: WellbeingApp, key: str) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        under = type(app.screen)
        await pilot.press("f1")
        await settle(pilot)
        shown = app.screen
        await pilot.press("escape")
        await settle(pilot)
        back = type(app.screen)
    assert isinstance(shown, HelpScreen)
    assert back is under


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
@pytest.mark.parametrize("dialog", DIALOGS)
async def test_f1_opens_the_help_page_from_a_dialog_and_closing_it_returns_to_the_dialog(
    app: WellbeingApp, service: Wellbeing, dialog: str, language: str
) -> None:
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
    )
    open_dialog, dialog_type = DIALOGS[dialog]
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await open_dialog(pilot)
            asked = app.screen
            footer = footer_line(app)
            focused = app.focused
            highlighted = [choices.highlighted for choices in asked.query(OptionList)]
            await pilot.press("f1")
            await settle(pilot)
            shown = app.screen
            await pilot.press("escape")
            await settle(pilot)
            back = app.screen
            focused_after = app.focused
            highlighted_after = [choices.highlighted for choices in back.query(OptionList)]
            help_key = f"f1 {_('Help')}"
    finally:
        set_language("en")
    assert isinstance(asked, dialog_type)
    assert help_key in footer
    assert isinstance(shown, HelpScreen)
    assert back is asked
    assert focused_after is focused
    assert highlighted_after == highlighted


async def test_the_help_page_lists_every_number_and_contact(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = _page_text(app)
    for expected in ("1813", "106", "107", "0800 32 123", "108", "112", "Vertrouwenspersoon"):
        assert expected in text
    assert "Occupational doctor" in text
    assert "Social-law inspectorate" in text


async def test_f1_twice_opens_the_help_page_once(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1", "f1")
        await settle(pilot)
        depth = len(app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
        after = app.screen
    assert depth == 2
    assert not isinstance(after, HelpScreen)


async def test_the_help_page_is_in_the_command_palette(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Help and support")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, HelpScreen)


async def test_the_footer_shows_the_help_key(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bindings = app.screen.active_bindings
    assert bindings["f1"].binding.id == "help.open"
    assert bindings["f1"].binding.description == "Help"


def test_the_privacy_page_names_the_support_line_numbers() -> None:
    from wellbeing.tui.privacy_text import privacy_sections

    text = " ".join(section.body for section in privacy_sections("wellbeing.db", 5, 24))
    for number in ("106", "107", "1813", "0800 32 123", "112"):
        assert number in text
    assert "F1" in text
