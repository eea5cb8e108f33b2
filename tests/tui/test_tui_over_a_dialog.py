"""While a dialog waits for an answer, no key or palette command goes to another screen or
opens another task, on the dialog or on the help page, the keys list or the palette opened
over it: F2-F9 and ctrl+g do nothing there and are not shown, so the dialog is answered or
closed first and never left behind under another screen. Escape comes back to it.

ctrl+t, light or dark colours, leaves nothing: it works on a dialog and changes nothing of
it, and the keys list and the palette offer it there; the dialog's key bar leaves it out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from tests.support.clock import FrozenClock
from tests.support.dialogs import DIALOGS, Opens
from tests.support.pilot import app_on, form, settle
from tests.support.screen_text import footer_line, screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.edit_checkin import EditCheckinScreen
from wellbeing.tui.screens.help import HelpScreen
from wellbeing.tui.screens.keys import KeysScreen

LEAVING_KEYS = ("f2", "f3", "f4", "f6", "f7", "f8", "f9", "ctrl+g")
SCREEN_WORDS = ("Check-in", "History", "Flags", "Surveys", "Reflect", "Settings", "Team")
PAGES = {"help": ("f1", HelpScreen), "keys": ("f10", KeysScreen)}


async def correction(pilot: Pilot[None]) -> None:
    """The newest check-in opened for a correction from the history."""
    await pilot.press("f3", "enter")
    await settle(pilot)


# The dialogs, and the correction of a check-in, a dialog with a form to type in.
WITH_CORRECTION: dict[str, tuple[Opens, type]] = DIALOGS | {
    "correction": (correction, EditCheckinScreen)
}


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


@pytest.mark.parametrize("dialog", WITH_CORRECTION)
async def test_ctrl_t_switches_the_colours_on_a_dialog_which_stays_as_it_was(
    app: WellbeingApp, dialog: str
) -> None:
    open_dialog, dialog_type = WITH_CORRECTION[dialog]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        asked, dark = app.screen, app.current_theme.dark
        await pilot.press("ctrl+t")
        await settle(pilot)
        shown, dark_after = app.screen, app.current_theme.dark
    assert isinstance(asked, dialog_type)
    assert shown is asked
    assert dark_after is not dark


async def test_a_correction_being_typed_is_kept_when_ctrl_t_switches_the_colours(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await correction(pilot)
        stress = form(pilot).field("stress")
        stress.focus()
        await pilot.pause()
        stress.action_end()
        await pilot.press(*["backspace"] * len(stress.value), "9")
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        await settle(pilot)
        typed, dark_after = stress.value, app.current_theme.dark
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert dark_after is not dark
    assert typed == "9"
    assert service.history()[0].stress == 9


@pytest.mark.parametrize("dialog", WITH_CORRECTION)
async def test_on_a_dialog_ctrl_t_is_in_the_keys_list_and_the_palette_not_in_the_key_bar(
    app: WellbeingApp, language: str, dialog: str
) -> None:
    open_dialog, _dialog_type = WITH_CORRECTION[dialog]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        footer = footer_line(app)
        shown = [a.binding.key for a in app.screen.active_bindings.values() if a.binding.show]
        titles = {str(command.title) for command in app.get_system_commands(app.screen)}
        await pilot.press("f10")
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(app)]
    assert "ctrl+t" not in shown
    assert "^t" not in footer
    assert _("Light or dark theme") in titles
    assert lines.index(f"^t  {_('Light/dark')}") > lines.index(_("Everywhere"))
