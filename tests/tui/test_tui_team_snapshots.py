"""Snapshots of the team screen at 80×24 and 120×40, in English, Dutch and French, for a
team hidden every week, a small team (five people, one week with four) and a larger one.

An SQLite file with a frozen clock, whichever backend the run is for (the Pilot tests in
test_tui_team.py cover both). Update after an intended change with
`pytest tests/tui/test_tui_team_snapshots.py --snapshot-update` and look at the new SVG files.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot

from tests.support.clock import FrozenClock
from tests.support.pictures import assert_pictures_approved, take_pictures
from tests.support.pilot import settle
from wellbeing.domain.localtime import localize
from wellbeing.i18n import set_language
from wellbeing.services import Organisation, Wellbeing, open_database
from wellbeing.store.database import Database
from wellbeing.tui.app import LIGHT_THEME, WellbeingApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGUAGES = ("en", "nl", "fr")
TUESDAYS = {
    "2026-W44": date(2026, 10, 27),
    "2026-W45": date(2026, 11, 3),
    "2026-W46": date(2026, 11, 10),
    "2026-W47": date(2026, 11, 17),
}
# team: (people, who checked in per week); each team has its own teamleader.
TEAMS = {
    "hidden": (3, {"2026-W45": 3, "2026-W46": 3, "2026-W47": 2}),
    "small": (5, {"2026-W44": 4, "2026-W45": 5, "2026-W46": 5, "2026-W47": 5}),
    "normal": (9, {"2026-W44": 9, "2026-W45": 8, "2026-W46": 9, "2026-W47": 9}),
}


def check_in(database: Database, account: str, day: date, index: int, week: int) -> None:
    """A Tuesday shift; stress and energy vary by person and week so the charts move."""
    skips_break = index % 3 == 0
    end = "16:00" if skips_break else "16:30"
    ends_at = localize(datetime.fromisoformat(f"{day}T{end}"))
    form: dict[str, object] = {
        "start": f"{day}T08:00",
        "end": f"{day}T{end}",
        "stress": (3 + index + week) % 11,
        "energy": (7 - index + week) % 11,
        "contacts": 30 + index,
    }
    if not skips_break:
        form["breaks"] = [{"start": f"{day}T12:00", "end": f"{day}T12:30"}]
    Wellbeing(database, account, FrozenClock(ends_at + timedelta(minutes=5))).record_checkin(form)


@pytest.fixture(scope="module")
def team_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("team-snapshots") / "wellbeing.db"
    database = open_database(str(path))
    admin = Organisation(database, "admin", FrozenClock())
    admin.bootstrap()
    for team, (size, weeks) in TEAMS.items():
        admin.create_team(team.capitalize())
        for index in range(size):
            admin.add_person(f"{team}{index}", team.capitalize())
        admin.add_person(f"lead-{team}")
        admin.grant(f"lead-{team}", "teamleader", team.capitalize())
        for number, (week, present) in enumerate(weeks.items()):
            for index in range(present):
                check_in(database, f"{team}{index}", TUESDAYS[week], index, number)
    database.dispose()
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    yield
    set_language("en")


def showing_team(pilot_language: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        pilot.app.theme = LIGHT_THEME
        await settle(pilot)

    return run_before


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("team", TEAMS)
def test_team_screen_looks_as_approved(
    snapshot: SnapshotAssertion, team_db: Path, team: str, language: str
) -> None:
    set_language(language)  # as the command line does at start; `home` sets English back
    app = WellbeingApp(
        lambda: Wellbeing(open_database(str(team_db)), f"lead-{team}", FrozenClock())
    )
    assert_pictures_approved(snapshot, take_pictures(app, SIZES, showing_team(language)))
