"""The footer builds its keys again only when what it shows changes: moving through the form
keeps them as they are, and a key that becomes available is shown at once."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.conftest import FrozenClock
from tests.support.pilot import app_on, settle, to_first_field
from wellbeing.tui.app import WellbeingApp


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
