"""Helpers for driving the terminal app with Textual's Pilot."""

from __future__ import annotations

from textual.pilot import Pilot

from wellbeing.services import Clock, Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.form_values import FORM_FIELDS
from wellbeing.tui.widgets.checkin_form import CheckinForm


def app_on(db_url: str, clock: Clock) -> WellbeingApp:
    """The app for the person 'agent', its service built by a factory as `run` builds it."""
    return WellbeingApp(lambda: Wellbeing(open_database(db_url), "agent", clock))


async def to_first_field(pilot: Pilot[None]) -> None:
    """Put the cursor in the check-in form's first field (the form starts at Contacts when
    its shift is prefilled)."""
    pilot.app.screen.query_one(CheckinForm).field("date").focus()
    await pilot.pause()


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message they posted be handled."""
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_form(pilot: Pilot[None], **typed: str) -> None:
    """From the first field, Tab through the form replacing the text of the given fields."""
    await to_first_field(pilot)
    for name in FORM_FIELDS:
        if name in typed:
            await pilot.press(*(typed[name] or ["backspace"]))
        await pilot.press("tab")


def form(pilot: Pilot[None]) -> CheckinForm:
    """The check-in form on the current screen."""
    return pilot.app.screen.query_one(CheckinForm)
