"""The footer builds its keys again only when what it shows changes: moving through the form
keeps them as they are, and a key that becomes available is shown at once. At 80 columns it
shows each key whole or not at all, on every screen and in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets._footer import FooterKey

from tests.conftest import FrozenClock
from tests.support.all_screens import (  # noqa: F401 (checked_in: a fixture)
    LANGUAGES,
    SCREENS,
    app_on_a_copy,
    checked_in,
)
from tests.support.pilot import app_on, settle, to_first_field
from tests.support.screen_text import footer_line
from wellbeing.i18n import _, set_language
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.widgets.key_bar import KeyBar


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def footer_keys(app: WellbeingApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_moving_between_fields_keeps_the_footers_keys(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await to_first_field(pilot)
        shown = footer_keys(app)
        await pilot.press("tab", "tab", "tab", "shift+tab")
        await settle(pilot)
        kept = footer_keys(app)
        assert shown and len(kept) == len(shown)
        assert all(now is before for now, before in zip(kept, shown, strict=True))


async def test_a_key_that_becomes_available_appears_in_the_footer(app: WellbeingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "f9" not in [key.key for key in footer_keys(app)]
        app.leads_team = True  # as the app sets it once it finds the person leads a team
        await settle(pilot)
        assert "f9" in [key.key for key in footer_keys(app)]


def keys_drawn(app: App[object]) -> list[str]:
    """'key words' for each key the footer draws, in whole or in part, left of the command
    palette's key (docked at the right)."""
    bar = app.screen.query_one(KeyBar)
    keys = list(bar.query_children(FooterKey))
    docked = [key for key in keys if key.has_class("-command-palette")]
    right = min((key.region.x for key in docked), default=bar.region.right)
    room = Region(bar.region.x, bar.region.y, right - bar.region.x, bar.region.height)
    return [
        f"{key.key_display} {key.description}"
        for key in keys
        if key not in docked and key.display and room.overlaps(key.region)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
async def test_at_80_columns_the_footer_shows_each_key_whole_or_leaves_it_out(
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
            drawn = keys_drawn(app)
            line = footer_line(app)
    finally:
        set_language("en")
    assert drawn  # every footer shows at least F1, the help page
    assert [words for words in drawn if words not in line] == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_correction_dialogs_key_bar_shows_save_before_cancel_at_80_columns(
    checked_in: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    language: str,
) -> None:
    set_language(language)
    try:
        save, cancel = f"^s {_('Save')}", f"esc {_('Cancel')}"
        app = app_on_a_copy(checked_in, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await SCREENS["edit-checkin"](pilot)
            await settle(pilot)
            drawn = keys_drawn(app)
    finally:
        set_language("en")
    assert save in drawn and cancel in drawn
    assert drawn.index(save) < drawn.index(cancel)
