"""Opening the app: the check-in form first, filled in; the work that can wait after it.

The app as `wellbeing` opens it (`build_app`) opens the database in a worker, fills in the
form, says so (`form_usable`, which the start-up benchmark waits for) and only then applies
the retention period, looks for missed check-ins and checks whether the person leads a team.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.pilot import settle
from wellbeing.domain.localtime import BRUSSELS
from wellbeing.services import Wellbeing, open_database
from wellbeing.settings import save_settings
from wellbeing.tui.app import build_app
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.widgets.checkin_form import CheckinForm

ACCOUNT = "agent"
SIZE = (100, 40)


@pytest.fixture(autouse=True)
def notice_seen() -> None:
    """A person who has opened the app before: it starts on the form, not the notice."""
    save_settings(privacy_notice_seen=True)


def _check_in(db_url: str, days_ago: int) -> None:
    """A day shift `days_ago` days back (by the real clock), saved that evening."""
    day = (datetime.now(UTC) - timedelta(days=days_ago)).astimezone(BRUSSELS).date()
    evening = datetime(day.year, day.month, day.day, 19, 0, tzinfo=BRUSSELS)
    database = open_database(db_url)
    try:
        Wellbeing(database, ACCOUNT, clock=lambda: evening).check_in(
            {
                "start": f"{day.isoformat()}T08:00",
                "end": f"{day.isoformat()}T16:30",
                "stress": 5,
                "energy": 5,
                "contacts": 40,
                "difficult": 0,
            }
        )
    finally:
        database.dispose()


def _shifts(db_url: str) -> int:
    database = open_database(db_url)
    try:
        return len(Wellbeing(database, ACCOUNT).history())
    finally:
        database.dispose()


async def test_the_form_is_not_usable_before_the_data_is_in_it(db_url: str) -> None:
    # Two days back: the form offers today, or yesterday before the shift's start time (from
    # midnight to 08:00), and leaves the date empty when that day's shift is recorded already.
    _check_in(db_url, 2)
    app = build_app(db_url, ACCOUNT)
    async with app.run_test(size=SIZE) as pilot:
        at_first_frame = app.form_usable
        await settle(pilot)
        form = app.screen.query_one(CheckinForm)
        screen = app.screen
        usable, disabled = app.form_usable, form.disabled
    assert at_first_frame is False
    assert isinstance(screen, CheckinScreen)
    assert usable is True
    assert disabled is False
    assert screen.prefilled is not None and screen.prefilled.date


# Run in a fresh interpreter: opens the app as `wellbeing --db PATH --as agent` does, only
# headless, and notes what is loaded at the moment the form becomes usable.
AT_FORM_USABLE = """
import json, sys
from wellbeing.tui import app as tui_app

seen = {}

def watch_form_usable(self, usable):
    if usable and not seen:
        form = self.screen.query_one("CheckinForm")
        values = form.values()
        seen.update(
            loaded=sorted(n for n in sys.modules if n.split(".")[0] in ("pydantic", "sqlalchemy")),
            times=[values.start, values.end],
            enabled=not form.disabled,
        )
        self.exit()

tui_app.WellbeingApp.watch_form_usable = watch_form_usable
run_app = tui_app.WellbeingApp.run
tui_app.WellbeingApp.run = lambda self: run_app(self, headless=True, size=(100, 40))
from wellbeing.cli import run

status = run(["--db", sys.argv[1], "--as", "agent"])
print(json.dumps({"status": status, **seen}), file=sys.stderr)
"""


def test_the_form_is_filled_and_usable_before_pydantic_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "own.db"
    _check_in(str(path), 1)
    done = subprocess.run(
        [sys.executable, "-c", AT_FORM_USABLE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stderr.strip().splitlines()[-1])
    assert shown == {"status": 0, "loaded": [], "times": ["08:00", "16:30"], "enabled": True}


async def test_the_app_as_run_opens_it_applies_the_retention_period(db_url: str) -> None:
    _check_in(db_url, 40 * 31)  # past the default retention of 36 months
    _check_in(db_url, 1)
    app = build_app(db_url, ACCOUNT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        told_to_reload = app.data_version
    assert _shifts(db_url) == 1
    assert told_to_reload == 1


async def test_nothing_to_purge_leaves_the_screens_as_they_are(db_url: str) -> None:
    _check_in(db_url, 1)
    app = build_app(db_url, ACCOUNT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        told_to_reload = app.data_version
    assert _shifts(db_url) == 1
    assert told_to_reload == 0
