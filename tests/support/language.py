"""Choosing the app's language in Settings with the keyboard, as a person does."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.support.pilot import settle
from wellbeing.tui.screens.settings import SettingsScreen

# Where each language sits in the Settings list.
POSITION = {"nl": 0, "fr": 1, "en": 2}


async def choose_language(pilot: Pilot[None], language: str) -> SettingsScreen:
    """F8, then pick the language from the list with the keyboard (it starts on English)."""
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    screen.query_one("#language").focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*["up"] * (POSITION["en"] - POSITION[language]), "enter")
    await settle(pilot)
    return screen
