"""The app's dialogs, how a person opens each one from the check-in form, and what each is:
shared by the tests of the keys that work in every dialog (help, the keys list, yes)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from tests.support.pilot import settle, type_form
from tests.support.screen_text import footer_line
from wellbeing.tui.screens.confirm import ConfirmScreen
from wellbeing.tui.screens.pause import PauseScreen
from wellbeing.tui.screens.shift_question import ShiftQuestion

Opens = Callable[[Pilot[None]], Awaitable[None]]


async def guided_pause(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+g", "down")  # the pause offers 10 minutes rather than 5
    await settle(pilot)


async def delete_question(pilot: Pilot[None]) -> None:
    """Delete the newest check-in in the history: the question before it goes."""
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("delete")
    await settle(pilot)


async def shift_question(pilot: Pilot[None]) -> None:
    await type_form(pilot, date="2026-11-26", start="16:00", end="08:00", stress="5", energy="5")
    await pilot.press("ctrl+s")
    await settle(pilot)
    await footer_drawn(pilot)


async def footer_drawn(pilot: Pilot[None], pauses: int = 100) -> None:
    """Wait until the footer of the screen a worker just opened shows its keys, as a person
    sees it: the key bar is built after a refresh that follows the screen's bindings."""
    for _ in range(pauses):
        if footer_line(pilot.app).strip():
            return
        await pilot.pause(0.02)


DIALOGS: dict[str, tuple[Opens, type]] = {
    "pause": (guided_pause, PauseScreen),
    "delete": (delete_question, ConfirmScreen),
    "shift-question": (shift_question, ShiftQuestion),
}
"""Name -> (how it is opened, its screen class), for a database with at least one check-in."""
