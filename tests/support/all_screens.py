"""The screens of the app, how a person reaches each one, and the database they start from:
shared by the snapshot test of every screen and the test of words and formats."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import FrozenClock
from tests.support.pilot import settle, type_form
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGUAGES = ("en", "nl", "fr")
SHIFTS = (
    # day, start, end, break, contacts, difficult, stress, energy, note
    ("2026-11-03", "08:00", "16:30", "12:00-12:30", 42, 2, 3, 7, ""),
    ("2026-11-10", "08:00", "16:30", "12:00-12:30", 38, 0, 4, 6, ""),
    ("2026-11-17", "13:00", "21:30", "17:00-17:30", 51, 4, 6, 5, "queue all evening"),
    ("2026-11-24", "08:00", "16:00", "", 45, 3, 7, 3, ""),
    ("2026-11-26", "08:00", "16:30", "12:00-12:15", 40, 1, 5, 5, ""),
    ("2026-11-27", "09:00", "16:00", "", 30, 1, 6, 4, ""),  # raises two open flags
)
# Two days ago a planned shift ended without a check-in.
MISSED_DAY = b"2026-11-25T08:00,2026-11-25T16:30,10:30-10:45;12:30-13:00\n"
A_SHIFT = {"date": "2026-11-25", "start": "08:00", "end": "16:30", "breaks": "12:00-12:30"}
A_SHIFT |= {"contacts": "35", "difficult": "1", "stress": "5", "energy": "6"}

Steps = Callable[[Pilot[None]], Awaitable[None]]


def keys(*pressed: str) -> Steps:
    async def press(pilot: Pilot[None]) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return press


def action(name: str) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.app.run_action(name)
        await settle(pilot)

    return run


def form(**typed: str) -> Steps:
    async def fill_and_save(pilot: Pilot[None]) -> None:
        await type_form(pilot, **typed)
        await pilot.press("ctrl+s")
        await settle(pilot)

    return fill_and_save


async def teamleader_preview(pilot: Pilot[None]) -> None:
    await action("settings_task('privacy')")(pilot)
    pilot.app.screen.query_one("#teamleader-preview").focus()
    await keys("enter")(pilot)


async def first_run_notice(pilot: Pilot[None]) -> None:
    from wellbeing.tui.screens.privacy import offer_first_run_notice

    app = pilot.app
    assert isinstance(app, WellbeingApp) and app.service is not None
    offer_first_run_notice(app, app.service)
    await settle(pilot)


async def missed_checkins(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, WellbeingApp) and app.service is not None
    app.service.import_schedule(MISSED_DAY, "plan.csv")
    await action("missed")(pilot)


# Every Screen subclass under wellbeing/tui/screens, and how a person reaches it.
SCREENS: dict[str, Steps] = {
    "checkin": keys(),
    "feedback": form(**A_SHIFT),
    "shift-question": form(**(A_SHIFT | {"start": "16:30", "end": "08:00"})),
    "history": keys("f3"),
    "edit-checkin": keys("f3", "e"),
    "correction-feedback": keys("f3", "e", "ctrl+s"),
    "confirm-delete": keys("f3", "delete"),
    "flags": keys("f4"),
    "snooze": keys("f4", "s"),
    "surveys": keys("f6"),
    "questionnaire": keys("f6", "w"),
    "reflect": keys("f7"),
    "settings": keys("f8"),
    "privacy": action("settings_task('privacy')"),
    "teamleader-preview": teamleader_preview,
    "first-run-notice": first_run_notice,
    "erase-confirm": action("settings_task('erase')"),
    "pause": keys("ctrl+g"),
    "help": keys("f1"),
    "keys": keys("f10"),
    "keys-of-a-question": keys("f3", "delete", "f10"),
    "missing": missed_checkins,
}


@pytest.fixture(scope="module")
def checked_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database every picture starts from, built once."""
    path = tmp_path_factory.mktemp("all-screens") / "wellbeing.db"
    database = open_database(str(path))
    service = Wellbeing(database, "agent", FrozenClock())
    for day, start, end, pause, contacts, difficult, stress, energy, note in SHIFTS:
        breaks = []
        if pause:
            first, last = pause.split("-")
            breaks = [{"start": f"{day}T{first}", "end": f"{day}T{last}"}]
        service.record_checkin(
            {
                "start": f"{day}T{start}",
                "end": f"{day}T{end}",
                "breaks": breaks,
                "contacts": contacts,
                "difficult": difficult,
                "stress": stress,
                "energy": energy,
                "note": note or None,
            }
        )
    database.dispose()
    return path


def app_on_a_copy(checked_in: Path, folder: Path) -> WellbeingApp:
    """The app on a copy of the `checked_in` database in `folder`, as the agent."""
    path = str(folder / "wellbeing.db")
    shutil.copyfile(checked_in, path)
    return WellbeingApp(lambda: Wellbeing(open_database(path), "agent", FrozenClock()))
