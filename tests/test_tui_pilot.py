"""Helpers for driving the terminal app with Textual's Pilot (no tests of its own)."""

from __future__ import annotations

from textual.pilot import Pilot

from wellbeing.services import Clock, Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp


def app_on(db_url: str, clock: Clock) -> WellbeingApp:
    """The app for the person 'agent', its service built by a factory as `run` builds it."""
    return WellbeingApp(lambda: Wellbeing(open_database(db_url), "agent", clock))


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message they posted be handled."""
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
