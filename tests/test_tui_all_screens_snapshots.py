"""Snapshots of every screen of the app at 80×24 and 120×40, in English, Dutch and French.

One SQLite file with fixed check-ins is built once for the module and copied for each
picture, with a frozen clock and the light theme, so the pictures are the same from run to
run (the team screen of a teamleader has its own, in test_tui_team_snapshots.py; here the
team screen is the agent's preview from the privacy page). Every picture's footer must show
each key the screen offers, or the key that lists every key (F10), so that no screen is out
of reach at 80 columns.

Update after an intended change with
`pytest tests/test_tui_all_screens_snapshots.py --snapshot-update` and look at the new files.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import FrozenClock
from tests.screen_text import footer_line
from tests.test_tui_checkin import type_form
from tests.test_tui_pilot import settle
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import LIGHT_THEME, WellbeingApp

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


@pytest.fixture
def app(checked_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WellbeingApp:
    """The app on this test's own copy; paths on screen read ~/wellbeing.db."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    path = str(tmp_path / "wellbeing.db")
    shutil.copyfile(checked_in, path)
    return WellbeingApp(lambda: Wellbeing(open_database(path), "agent", FrozenClock()))


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)  # as the command line does at start
    yield request.param
    set_language("en")


def showing(screen: str, seen: list[str]) -> Steps:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.theme = LIGHT_THEME
        await SCREENS[screen](pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make each picture differ
        await settle(pilot)
        seen.append(footer_line(pilot.app))
        seen.extend(offered_keys(pilot.app))

    return run_before


def offered_keys(app: App[object]) -> list[str]:
    """'key words' for each key the screen on view offers in its footer."""
    shown: dict[str, str] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.description:
            shown.setdefault(
                binding.action, f"{app.get_key_display(binding)} {binding.description}"
            )
    return list(shown.values())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_looks_as_approved_and_its_footer_names_the_keys_list(
    snap_compare: Callable[..., bool], app: WellbeingApp, screen: str, size: str, language: str
) -> None:
    seen: list[str] = []
    assert snap_compare(app, terminal_size=SIZES[size], run_before=showing(screen, seen))
    footer, offered = seen[0], seen[1:]
    # Every key the screen offers is in its footer, or the key that lists them all is.
    assert f"f10 {_('Keys')}" in footer or all(key in footer for key in offered)
