"""The SQLite engine: pragmas on every connection, private files, no engine at import time,
and writes that are all or nothing and wait their turn when another process is writing."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from wellbeing.services import open_database
from wellbeing.settings import Settings, data_dir, default_database_path
from wellbeing.store.database import BUSY_TIMEOUT_MS, Database, make_engine
from wellbeing.store.models import PersonRow, TeamRow

NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "wellbeing.db"))
    yield database
    database.dispose()


def _count(database: Database, table: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _pragmas(connection: sa.Connection) -> dict[str, object]:
    return {
        name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous", "secure_delete")
    }


EXPECTED_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": 1,  # NORMAL: safe with WAL, no fsync on every commit
    "secure_delete": 1,
}


def test_every_connection_of_the_pool_gets_the_pragmas(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "pragmas.db")
    try:
        with engine.connect() as first, engine.connect() as second, engine.connect() as third:
            found = [_pragmas(connection) for connection in (first, second, third)]
            dbapi = {id(c.connection.driver_connection) for c in (first, second, third)}
        assert len(dbapi) == 3
        assert found == [EXPECTED_PRAGMAS] * 3
    finally:
        engine.dispose()


def test_a_connection_made_in_another_thread_gets_the_pragmas(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "pragmas.db")
    found: list[dict[str, object]] = []

    def check() -> None:
        with engine.connect() as connection:
            found.append(_pragmas(connection))

    try:
        worker = threading.Thread(target=check)
        worker.start()
        worker.join()
        assert found == [EXPECTED_PRAGMAS]
    finally:
        engine.dispose()


def test_the_default_database_file_and_its_journal_are_readable_by_their_owner_only() -> None:
    previous = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        database = open_database(Settings().database())
        try:
            database.write(lambda session: session.add(TeamRow(name="Care", created_at=NOW)))
            path = default_database_path()
            journals = sorted(p.name for p in path.parent.glob(f"{path.name}-*"))
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
        finally:
            database.dispose()
    finally:
        os.umask(previous)
    assert path.parent == data_dir()
    assert journals == ["wellbeing.db-shm", "wellbeing.db-wal"]
    assert modes == dict.fromkeys(["wellbeing.db", *journals], 0o600)


def test_the_data_directory_is_created_readable_by_its_owner_only() -> None:
    assert not data_dir().exists()
    previous = os.umask(0)
    try:
        open_database(Settings().database()).dispose()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700


# Runs in a fresh interpreter: counts engines created while importing every store module.
IMPORT_PROBE = """
import gc, importlib, pkgutil, sqlalchemy, sqlalchemy.engine, sqlalchemy.engine.create
calls = []
real = sqlalchemy.create_engine
def spy(*args, **kwargs):
    calls.append(args)
    return real(*args, **kwargs)
sqlalchemy.create_engine = sqlalchemy.engine.create_engine = spy
sqlalchemy.engine.create.create_engine = spy
import wellbeing.store
for module in pkgutil.walk_packages(wellbeing.store.__path__, "wellbeing.store."):
    importlib.import_module(module.name)
import wellbeing.services, wellbeing.settings
engines = [o for o in gc.get_objects() if isinstance(o, sqlalchemy.Engine)]
print(len(calls), len(engines))
from wellbeing.store.database import make_engine
make_engine("sqlite:///" + {path!r})
print(len(calls))
"""


def test_importing_the_store_creates_no_engine(tmp_path: Path) -> None:
    code = IMPORT_PROBE.format(path=str(tmp_path / "probe.db"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    at_import, after_make_engine = result.stdout.splitlines()
    assert at_import == "0 0"
    assert after_make_engine == "1"  # the spy does see engines being made


def test_a_write_that_raises_leaves_nothing_behind(migrated: Database) -> None:
    def work(session: Session) -> None:
        team = TeamRow(name="Inbound NL", created_at=NOW)
        session.add(team)
        session.flush()
        session.add(PersonRow(pseudonym="p1", team_id=team.id, created_at=NOW))
        session.flush()
        raise ValueError("changed my mind")

    with pytest.raises(ValueError, match="changed my mind"):
        migrated.write(work)
    assert _count(migrated, "teams") == 0
    assert _count(migrated, "people") == 0


def test_a_write_waits_while_another_connection_holds_the_write_lock_then_succeeds(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wellbeing.db"
    open_database(str(path)).dispose()
    # SQLite's own wait is kept short, so the retries of Database.write do the waiting.
    database = Database(make_engine(path, busy_timeout_ms=20))
    locked, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(timeout=10)
            other.execute("ROLLBACK")
        finally:
            other.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    assert locked.wait(timeout=10)
    attempts: list[int] = []

    def work(session: Session) -> int:
        attempts.append(1)
        if len(attempts) == 3:
            release.set()  # the other writer finishes while we are backing off
        team = TeamRow(name="Outbound FR", created_at=NOW)
        session.add(team)
        session.flush()
        return team.id

    try:
        team_id = database.write(work)
    finally:
        release.set()
        holder.join()
    assert len(attempts) >= 3
    with database.reading() as session:
        assert session.get(TeamRow, team_id) is not None
    database.dispose()
