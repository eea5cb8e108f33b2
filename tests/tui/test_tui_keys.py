"""At 80×24 the footer cannot show every key: quit, help and the list of every key come
first on every screen, and that list names every screen's key in the person's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.binding import Binding, Keymap
from textual.dom import DOMNode
from textual.widgets import OptionList

from tests.conftest import FrozenClock
from tests.support.all_screens import (  # noqa: F401 (checked_in: a fixture)
    LANGUAGES,
    SCREENS,
    app_on_a_copy,
    checked_in,
)
from tests.support.dialogs import DIALOGS, delete_question
from tests.support.pilot import app_on, settle
from tests.support.screen_text import footer_line, screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.base import WORKS_EVERYWHERE
from wellbeing.tui.screens.confirm import ConfirmScreen
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


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_f10_opens_the_keys_list_from_a_dialog_and_closing_it_returns_to_the_dialog(
    app: WellbeingApp, service: Wellbeing, language: str, dialog: str
) -> None:
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
    )
    open_dialog, dialog_type = DIALOGS[dialog]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        asked = app.screen
        footer = footer_line(app)
        focused = app.focused
        highlighted = [choices.highlighted for choices in asked.query(OptionList)]
        own = {
            (app.get_key_display(active.binding), active.binding.description)
            for active in asked.active_bindings.values()
            if active.binding.id is not None
            and active.binding.id not in WORKS_EVERYWHERE
            and active.binding.description
        }
        await pilot.press("f10")
        await settle(pilot)
        shown = app.screen
        lines = [line.strip() for line in screen_lines(app)]
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
        focused_after = app.focused
        highlighted_after = [choices.highlighted for choices in back.query(OptionList)]
        titles = (_("On this screen"), _("Everywhere"), _("Help"), _("Keys"), _("Quit"))
    on_this_screen, everywhere, help_words, keys_words, quit_words = titles
    assert isinstance(asked, dialog_type)
    assert f"f10 {keys_words}" in footer
    assert isinstance(shown, KeysScreen)
    # The dialog's own keys, each with its words, under its own heading: "n, esc  No".
    listed = set()
    for line in lines[lines.index(on_this_screen) + 1 : lines.index(everywhere)]:
        if line:
            keys, words = line.split("  ", 1)
            listed |= {(key, words) for key in keys.split(", ")}
    assert own and listed == own
    assert lines.index(everywhere) < lines.index(f"^q  {quit_words}")
    assert lines.index(everywhere) < lines.index(f"f1  {help_words}")
    assert f"f10, ?  {keys_words}" in lines
    assert back is asked
    assert focused_after is focused
    assert highlighted_after == highlighted


async def test_the_keys_list_of_a_dutch_question_names_j_for_yes(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
    )
    set_language("nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await delete_question(pilot)
            await pilot.press("f10")
            await settle(pilot)
            lines = [line.strip() for line in screen_lines(app)]
    finally:
        set_language("en")
    assert lines.index("Op dit scherm") < lines.index("j, y  Ja") < lines.index("n, esc  Nee")


async def test_question_mark_opens_the_keys_list_from_a_question_without_text_fields(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T16:00", "stress": 3, "energy": 6}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await delete_question(pilot)
        asked = app.screen
        await pilot.press("question_mark")
        await settle(pilot)
        shown = app.screen
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
    assert isinstance(asked, ConfirmScreen)
    assert isinstance(shown, KeysScreen)
    assert back is asked


ONE_KEY_TWO_WAYS = {frozenset({"show.team", "show.team.refused"})}
"""Keys deliberately bound twice: F9 opens the team screen for a teamleader and says why not
to anyone else; the app offers one of the two at a time."""


def keys_of(node: DOMNode, keymap: Keymap) -> dict[str, list[Binding]]:
    """Key -> the bindings `node` declares on it, moved by the app's keymap as Textual
    moves them."""
    bindings = node._bindings.copy()
    bindings.apply_keymap(keymap)
    return {key: list(found) for key, found in bindings.key_to_bindings.items()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
async def test_no_key_of_a_screen_does_two_things_or_is_taken_by_one_of_its_fields(
    checked_in: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    screen: str,
    language: str,
) -> None:
    set_language(language)
    try:
        app = app_on_a_copy(checked_in, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await SCREENS[screen](pilot)
            await settle(pilot)
            shown = app.screen
            keymap = app._keymap
            ours: dict[str, list[Binding]] = {}
            for node in (shown, app):
                for key, found in keys_of(node, keymap).items():
                    reaches = node is shown or not shown.is_modal
                    ours.setdefault(key, []).extend(
                        b for b in found if b.id and (reaches or b.priority)
                    )
            fields = {
                key: type(widget).__name__
                for widget in shown.walk_children()
                if widget.focusable
                for key in keys_of(widget, keymap)
            }
    finally:
        set_language("en")
    clashes = {
        key: ids
        for key, found in ours.items()
        if len(ids := frozenset(b.id for b in found)) > 1 and ids not in ONE_KEY_TWO_WAYS
    }
    taken = {
        key: fields[key]
        for key, found in ours.items()
        if key in fields and found and not all(b.priority for b in found)
    }
    assert clashes == {}
    assert taken == {}
