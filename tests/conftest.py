"""Shared fixtures: a throwaway database on the chosen backend, a frozen clock, isolation.

WELLBEING_TEST_BACKEND selects the backend: `sqlite` (a file under tmp_path, the default) or
`postgresql` (a fresh database per test on the server at WELLBEING_TEST_PG_URL, copied from a
template migrated once per run, dropped afterwards).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wellbeing.services import Wellbeing, open_database
from wellbeing.store.database import Database

BACKEND = os.environ.get("WELLBEING_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get(
    "WELLBEING_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)

# 27 Nov 2026, 18:00 in Brussels: the frozen "now" of every test unless a test moves it.
FROZEN_NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data, settings or language."""
    monkeypatch.setenv("WELLBEING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WELLBEING_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("WELLBEING_DB_URL", "WELLBEING_LANG", "WELLBEING_RULES_FILE", "WELLBEING_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)


def _admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _create_pg_database(template: str | None = None) -> str:
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        clause = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    engine.dispose()
    return name


def _drop_pg_database(name: str) -> None:
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _pg_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database migrated to head once per run; each test gets a copy of it."""
    name = _create_pg_database()
    database = open_database(_pg_url(name))
    database.dispose()
    yield name
    _drop_pg_database(name)


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A URL of a database with no schema at all (for migration tests)."""
    if BACKEND == "postgresql":
        name = _create_pg_database()
        yield _pg_url(name)
        _drop_pg_database(name)
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def db_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL of a fresh database already at the head schema."""
    if BACKEND == "postgresql":
        template = request.getfixturevalue("pg_template")
        name = _create_pg_database(template)
        yield _pg_url(name)
        _drop_pg_database(name)
    else:
        path = tmp_path / "wellbeing.db"
        open_database(str(path)).dispose()
        yield f"sqlite:///{path}"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def service(database: Database, clock: FrozenClock) -> Wellbeing:
    """The use cases as the agent 'agent' sees them."""
    return Wellbeing(database, "agent", clock)
