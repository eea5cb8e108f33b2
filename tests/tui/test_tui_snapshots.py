"""Snapshots of the main screens (check-in, history, reflect, settings) at 80×24 and 120×40,
in the light and the dark theme, with a frozen clock and fixed data.

These always use an SQLite file, whichever backend the run is for: the four screens show the
same thing on both backends except the settings screen's "Your data" line, which names the
database and would differ between runs on PostgreSQL (a fresh database name per test). The
Pilot tests cover both backends. To keep every path on screen the same from run to run, the
home folder is the test's temporary folder, so paths read ~/wellbeing.db and ~/Documents.

Each screen and theme is pictured at both sizes in one run (see tests/support/pictures.py).
Update after an intended change with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`
and look at the new SVG files before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot
from textual.widgets import Input

from tests.support.clock import FrozenClock
from tests.support.pictures import assert_pictures_approved, take_pictures
from tests.support.pilot import settle
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import DARK_THEME, LIGHT_THEME, WellbeingApp

SCREEN_KEYS = {"checkin": "f2", "history": "f3", "reflect": "f7", "settings": "f8"}
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = {"light": LIGHT_THEME, "dark": DARK_THEME}
SHIFTS = (
    # day, start, end, break, contacts, difficult, stress, energy
    ("2026-11-03", "08:00", "16:30", "12:00-12:30", 42, 2, 3, 7),
    ("2026-11-10", "08:00", "16:30", "12:00-12:30", 38, 0, 4, 6),
    ("2026-11-17", "13:00", "21:30", "17:00-17:30", 51, 4, 6, 5),
    ("2026-11-24", "08:00", "16:00", "", 45, 3, 7, 3),
    ("2026-11-26", "08:00", "16:30", "12:00-12:15", 40, 1, 5, 5),
)


@pytest.fixture
def snapshot_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WellbeingApp:
    """The app for 'agent' on an SQLite file holding five fixed check-ins."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    path = str(tmp_path / "wellbeing.db")
    database = open_database(path)
    service = Wellbeing(database, "agent", FrozenClock())
    for day, start, end, pause, contacts, difficult, stress, energy in SHIFTS:
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
            }
        )
    database.dispose()
    return WellbeingApp(lambda: Wellbeing(open_database(path), "agent", FrozenClock()))


def showing(screen: str, theme: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(SCREEN_KEYS[screen])
        await settle(pilot)
        pilot.app.theme = THEMES[theme]
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make each picture differ
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", SCREEN_KEYS)
def test_screen_looks_as_approved(
    snapshot: SnapshotAssertion, snapshot_app: WellbeingApp, screen: str, theme: str
) -> None:
    pictures = take_pictures(snapshot_app, SIZES, showing(screen, theme))
    assert_pictures_approved(snapshot, pictures)
