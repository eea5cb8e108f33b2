"""Team Alpha as the team screen tests see it: six agents, four weeks of Tuesday shifts.

In 2026-W44 only three of them check in (hidden: fewer than 5 people); in W45, W46 and W47
all six work a Tuesday 08:00 shift: a1-a3 until 16:00 without a break, a4-a6 until 16:30 with
a break at noon. Each check-in is evaluated at the end of its own shift.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from textual.pilot import Pilot

from tests.support.clock import FrozenClock
from tests.support.pilot import settle
from wellbeing.domain.localtime import localize
from wellbeing.services import Organisation, Wellbeing, open_database
from wellbeing.store.database import Database
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.team import TeamScreen

AGENTS = ("a1", "a2", "a3", "a4", "a5", "a6")
STRESS = {"a1": 3, "a2": 4, "a3": 5, "a4": 3, "a5": 4, "a6": 5}  # team mean 4
ENERGY = {"a1": 7, "a2": 6, "a3": 5, "a4": 7, "a5": 6, "a6": 5}  # team mean 6
TUESDAYS = {
    "2026-W44": date(2026, 10, 27),
    "2026-W45": date(2026, 11, 3),
    "2026-W46": date(2026, 11, 10),
    "2026-W47": date(2026, 11, 17),
}
SIZE = (120, 60)


def check_in(database: Database, account: str, day: date) -> None:
    """A Tuesday shift of the plan: a1-a3 skip their break, checked in when it ends."""
    skips_break = account in ("a1", "a2", "a3")
    end = "16:00" if skips_break else "16:30"
    ends_at = localize(datetime.fromisoformat(f"{day}T{end}"))
    form: dict[str, object] = {
        "start": f"{day}T08:00",
        "end": f"{day}T{end}",
        "stress": STRESS[account],
        "energy": ENERGY[account],
        "contacts": 30,
    }
    if not skips_break:
        form["breaks"] = [{"start": f"{day}T12:00", "end": f"{day}T12:30"}]
    Wellbeing(database, account, FrozenClock(ends_at + timedelta(minutes=5))).record_checkin(form)


def check_in_as(database: Database, account: str, day: date) -> None:
    """A plain check-in of a Tuesday shift with a break, for someone outside the plan."""
    ends_at = localize(datetime.fromisoformat(f"{day}T16:30"))
    Wellbeing(database, account, FrozenClock(ends_at + timedelta(minutes=5))).record_checkin(
        {
            "start": f"{day}T08:00",
            "end": f"{day}T16:30",
            "breaks": [{"start": f"{day}T12:00", "end": f"{day}T12:30"}],
            "stress": 4,
            "energy": 6,
            "contacts": 30,
        }
    )


@pytest.fixture
def organisation(database: Database, clock: FrozenClock) -> None:
    """Team Alpha (six agents and 'agent') led by 'lead', team Empty led by 'solo'."""
    admin = Organisation(database, "admin", clock)
    admin.bootstrap()
    admin.create_team("Alpha")
    admin.create_team("Empty")
    for account in AGENTS:
        admin.add_person(account, "Alpha")
    admin.add_person("lead")
    admin.grant("lead", "teamleader", "Alpha")
    admin.add_person("solo")
    admin.grant("solo", "teamleader", "Empty")
    admin.add_person("agent", "Alpha")
    for week, tuesday in TUESDAYS.items():
        who = AGENTS[:3] if week == "2026-W44" else AGENTS
        for account in who:
            check_in(database, account, tuesday)


def app_for(db_url: str, account: str, clock: FrozenClock) -> WellbeingApp:
    """The app for `account`, its service built by a factory as `run` builds it."""
    return WellbeingApp(lambda: Wellbeing(open_database(db_url), account, clock))


async def open_team(pilot: Pilot[None]) -> TeamScreen:
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen)
    return screen
