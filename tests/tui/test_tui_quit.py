"""ctrl+q quits from every screen and every dialog, and a dialog's key bar shows it first, as
every screen's does. Quitting saves nothing a dialog still holds: a correction being typed, a
question not answered, a word typed to erase everything without Enter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot

from tests.support.clock import FrozenClock
from tests.support.dialogs import DIALOGS
from tests.support.pilot import app_on, settle, type_form
from tests.support.screen_text import footer_line
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.screens.edit_checkin import EditCheckinScreen
from wellbeing.tui.screens.erase_confirm import EraseConfirmScreen, confirm_word
from wellbeing.tui.screens.shift_question import ShiftQuestion
from wellbeing.tui.widgets.checkin_form import CheckinForm

SHIFT = {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
STORED = (datetime(2026, 11, 25, 7, 0, tzinfo=UTC), datetime(2026, 11, 25, 15, 0, tzinfo=UTC), 3)


@pytest.fixture
def app(db_url: str, clock: FrozenClock, service: Wellbeing) -> WellbeingApp:
    service.record_checkin(SHIFT)
    return app_on(db_url, clock)


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def stored(service: Wellbeing) -> list[tuple[datetime, datetime, int]]:
    return [(c.shift.start, c.shift.end, c.stress) for c in service.history()]


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_a_dialogs_key_bar_starts_with_quit_help_and_the_keys_list(
    app: WellbeingApp, language: str, dialog: str
) -> None:
    open_dialog, dialog_type = DIALOGS[dialog]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        asked = app.screen
        footer = footer_line(app).strip()
    assert isinstance(asked, dialog_type)
    assert footer.startswith(f"^q {_('Quit')}  f1 {_('Help')}  f10 {_('Keys')}")


async def test_the_first_run_notices_key_bar_is_its_own_and_starts_with_quit_help_and_keys(
    app: WellbeingApp, language: str
) -> None:
    from wellbeing.tui.screens.privacy import FirstRunNotice, offer_first_run_notice

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.service is not None
        offer_first_run_notice(app, app.service)
        await settle(pilot)
        await pilot.pause()  # the key bar is built after the refresh the new screen asks for
        notice = app.screen
        footer = footer_line(app).strip()
        offered = {active.binding.id for active in notice.active_bindings.values()}
    assert isinstance(notice, FirstRunNotice)
    assert footer.startswith(f"^q {_('Quit')}  f1 {_('Help')}  f10 {_('Keys')}")
    assert f"esc {_('Understood')}" in footer
    assert "checkin.save" not in offered  # the form's key, which does nothing under the notice


async def correction_typed(pilot: Pilot[None]) -> None:
    """A correction of the stress, typed and not saved."""
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditCheckinScreen)
    field = pilot.app.screen.query_one(CheckinForm).field("stress")
    field.focus()
    await pilot.press("end", "backspace", "9")


async def erase_word_typed(pilot: Pilot[None]) -> None:
    """The word that confirms erasing everything, typed without Enter."""
    await pilot.app.run_action("settings_task('erase')")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EraseConfirmScreen)
    await pilot.press(*confirm_word())


async def shift_question(pilot: Pilot[None]) -> None:
    await type_form(pilot, date="2026-11-26", start="16:00", end="08:00", stress="5", energy="5")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShiftQuestion)


HALF_DONE = {
    "correction": correction_typed,
    "erase": erase_word_typed,
    "shift-question": shift_question,
    "delete": DIALOGS["delete"][0],
    "pause": DIALOGS["pause"][0],
}


@pytest.mark.parametrize("dialog", HALF_DONE)
async def test_ctrl_q_quits_from_a_dialog_and_saves_nothing_it_holds(
    app: WellbeingApp, service: Wellbeing, dialog: str
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await HALF_DONE[dialog](pilot)
        asked = app.screen
        await pilot.press("ctrl+q")
        await pilot.pause()
        running = app.is_running
    assert isinstance(asked, Dialog)
    assert not running
    assert stored(service) == [STORED]
