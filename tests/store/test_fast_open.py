"""Opening a database whose schema is current does not load Alembic; an old one is upgraded.

The read commands start faster when only the stored revision is read and compared with the
newest revision file of the package. These tests hold the revision files to the naming that
comparison relies on, check in a fresh interpreter that Alembic stays out of the read path,
and check that an older database is still brought up to date with its rows kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from tests.conftest import FrozenClock
from wellbeing.services import Wellbeing, open_database
from wellbeing.store.database import StoreError, make_engine
from wellbeing.store.migrate import (
    MIGRATIONS,
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    packaged_head,
)

CHECKIN = {
    "start": "2026-11-26T08:00",
    "end": "2026-11-26T16:30",
    "breaks": [{"start": "2026-11-26T12:00", "end": "2026-11-26T12:30"}],
    "stress": 4,
    "energy": 6,
    "contacts": 50,
    "difficult": 1,
}


def _scripts() -> list[tuple[str, str | None, str]]:
    """(revision, down revision, file name) of every migration, as Alembic loads them."""
    directory = ScriptDirectory.from_config(alembic_config())
    return [
        (script.revision, script.down_revision, Path(script.path).name)  # type: ignore[misc]
        for script in directory.walk_revisions()
    ]


def test_each_revision_file_is_named_after_its_revision_and_follows_the_one_before() -> None:
    for revision, down, name in _scripts():
        assert name.startswith(f"{revision}_"), name
        expected = None if revision == "0001" else f"{int(revision) - 1:04d}"
        assert down == expected, f"{name} follows {down}, not {expected}"


def test_every_python_file_among_the_revisions_is_a_revision() -> None:
    files = {path.name for path in (MIGRATIONS / "versions").glob("*.py")}
    assert files - {"__init__.py"} == {name for _, _, name in _scripts()}


def test_the_head_read_from_the_file_names_is_alembics_head() -> None:
    assert packaged_head() == head_revision()


def _in_fresh_interpreter(code: str, tmp_path: Path) -> object:
    """Run `code` in a new Python process (its last stderr line is JSON) and parse that."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "WELLBEING_CONFIG_DIR": str(tmp_path / "config")},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_reading_a_current_database_does_not_import_alembic(db_url: str, tmp_path: Path) -> None:
    database = open_database(db_url)
    Wellbeing(database, "agent", FrozenClock()).check_in(CHECKIN)
    database.dispose()
    code = f"""
import json, sys
from wellbeing.services import Wellbeing, open_database
database = open_database({db_url!r})
found = Wellbeing(database, "agent").history()
database.dispose()
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "alembic")
print(json.dumps({{"checkins": len(found), "alembic": loaded}}), file=sys.stderr)
"""
    seen = _in_fresh_interpreter(code, tmp_path)
    assert seen == {"checkins": 1, "alembic": []}


def test_reading_an_sqlite_file_loads_no_team_trends_and_no_postgresql_dialect(
    tmp_path: Path,
) -> None:
    path = tmp_path / "own.db"
    database = open_database(str(path))
    Wellbeing(database, "agent", FrozenClock()).check_in(CHECKIN)
    database.dispose()
    code = f"""
import json, sys
from wellbeing.services import Wellbeing, open_database
database = open_database({str(path)!r})
service = Wellbeing(database, "agent")
service.history(), service.flags()
database.dispose()
unneeded = ("sqlalchemy.dialects.postgresql", "wellbeing.publication", "wellbeing.domain.team_")
loaded = sorted(name for name in sys.modules if name.startswith(unneeded))
print(json.dumps(loaded), file=sys.stderr)
"""
    assert _in_fresh_interpreter(code, tmp_path) == []


@pytest.mark.parametrize("command", ["history", "flags"])
def test_the_read_commands_on_a_current_database_do_not_import_alembic(
    db_url: str, tmp_path: Path, command: str
) -> None:
    code = f"""
import json, sys
from wellbeing.cli import run
status = run(["--db", {db_url!r}, "--as", "agent", {command!r}, "--json"])
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "alembic")
print(json.dumps({{"status": status, "alembic": loaded}}), file=sys.stderr)
"""
    assert _in_fresh_interpreter(code, tmp_path) == {"status": 0, "alembic": []}


def test_an_older_database_is_upgraded_on_open_and_keeps_its_rows(db_url: str) -> None:
    database = open_database(db_url)
    Wellbeing(database, "agent", FrozenClock()).check_in(CHECKIN)
    database.dispose()
    engine = make_engine(db_url)
    previous = f"{int(packaged_head()) - 1:04d}"
    downgrade(engine, previous)
    assert current_revision(engine) == previous
    engine.dispose()

    reopened = open_database(db_url)
    try:
        assert current_revision(reopened.engine) == packaged_head()
        [kept] = Wellbeing(reopened, "agent", FrozenClock()).history()
        assert (kept.stress, kept.energy, kept.shift.contacts) == (4, 6, 50)
    finally:
        reopened.dispose()


def test_a_version_table_with_two_revisions_is_refused_without_a_traceback(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('0001')"))
    try:
        with pytest.raises(StoreError, match="alembic_version holds 2 revisions"):
            open_database(db_url)
    finally:
        engine.dispose()


# -- the quick path: the person's own reads through the standard library's sqlite3

PLAN = b"start,end,breaks\n2026-11-27T08:00,2026-11-27T16:30,10:30-10:45;12:30-13:00\n"
LONG_DAY = {  # over 6 hours without a break: the legal-break rule raises a flag
    "start": "2026-11-25T08:00",
    "end": "2026-11-25T17:00",
    "stress": 8,
    "energy": 2,
    "contacts": 60,
    "difficult": 5,
    "channels": {"phone": 40, "chat": 20},
    "occupancy": 91.5,
    "support": 3,
    "note": "busy",
}


def _several_people(path: Path) -> None:
    """Three people with check-ins, flags and plans in one file; 'nobody' has no rows."""
    database = open_database(str(path))
    try:
        for account, first in (("agent", CHECKIN), ("colleague", LONG_DAY), ("third", CHECKIN)):
            service = Wellbeing(database, account, FrozenClock())
            service.check_in(first)
            service.check_in({**LONG_DAY, "start": "2026-11-24T08:00", "end": "2026-11-24T17:00"})
            service.import_schedule(PLAN, "plan.csv")
        Wellbeing(database, "third", FrozenClock()).check_in(
            {**CHECKIN, "start": "2026-11-27T08:00", "end": "2026-11-27T16:30", "breaks": []}
        )
    finally:
        database.dispose()


@pytest.mark.parametrize("account", ["agent", "colleague", "third", "nobody"])
def test_the_quick_reads_return_exactly_what_the_use_cases_return(
    tmp_path: Path, account: str
) -> None:
    from wellbeing.own_reads import read_quickly

    path = tmp_path / "people.db"
    _several_people(path)
    clock = FrozenClock()
    quick = read_quickly(
        str(path),
        account,
        lambda reads: (
            reads.history(),
            reads.history(limit=1),
            reads.flags(),
            reads.plan_of_the_day(),
            reads.last_shift(),
        ),
        clock,
    )
    database = open_database(str(path))
    try:
        service = Wellbeing(database, account, clock)
        full = (
            service.history(),
            service.history(limit=1),
            service.flags(),
            service.plan_of_the_day(),
            service.last_shift(),
        )
    finally:
        database.dispose()
    assert quick == full
    history, _, flags, plan, last = quick
    if account != "nobody":
        # The last shift's times are those of the newest check-in's shift.
        newest = history[0].shift
        assert last is not None and (last.start, last.end) == (newest.start, newest.end)
        assert [(b.start, b.end) for b in last.breaks] == [(b.start, b.end) for b in newest.breaks]
        # Only the person's own rows, with their breaks, channels and flags.
        assert [c.shift.start.day for c in history] == (
            [27, 26, 24] if account == "third" else [26 if account == "agent" else 25, 24]
        )
        assert flags.flags and all(c.shift.id for c in history)
        assert plan is None if account == "third" else plan is not None and len(plan.breaks) == 2
    else:
        assert quick == ([], [], flags, None, None) and not flags.flags


def test_the_quick_reads_step_aside_for_a_database_that_needs_an_upgrade(tmp_path: Path) -> None:
    from wellbeing.own_reads import Unavailable, read_quickly

    path = tmp_path / "old.db"
    database = open_database(str(path))
    Wellbeing(database, "agent", FrozenClock()).check_in(CHECKIN)
    database.dispose()
    engine = make_engine(str(path))
    downgrade(engine, f"{int(packaged_head()) - 1:04d}")
    engine.dispose()
    with pytest.raises(Unavailable):
        read_quickly(str(path), "agent", lambda reads: reads.history())
    with pytest.raises(Unavailable):
        read_quickly(str(tmp_path / "missing.db"), "agent", lambda reads: reads.history())


@pytest.mark.parametrize(("command", "key"), [("history", "checkins"), ("flags", "flags")])
def test_the_read_commands_on_a_current_sqlite_file_import_no_sqlalchemy(
    tmp_path: Path, command: str, key: str
) -> None:
    path = tmp_path / "own.db"
    database = open_database(str(path))
    Wellbeing(database, "agent", FrozenClock()).check_in(LONG_DAY)
    database.dispose()
    code = f"""
import contextlib, io, json, sys
from wellbeing.cli import run
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = run(["--db", {str(path)!r}, "--as", "agent", {command!r}, "--json"])
shown = bool(json.loads(out.getvalue())[{key!r}])
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("sqlalchemy", "alembic"))
print(json.dumps({{"status": status, "shown": shown, "loaded": loaded}}), file=sys.stderr)
"""
    assert _in_fresh_interpreter(code, tmp_path) == {"status": 0, "shown": True, "loaded": []}
