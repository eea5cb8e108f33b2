"""Shared fixtures: a throwaway database on the chosen backend, a frozen clock, isolation.

WELLBEING_TEST_BACKEND selects the backend: `sqlite` (a file under tmp_path, the default) or
`postgresql` (a fresh database per test on the server at WELLBEING_TEST_PG_URL, copied from a
template migrated once per run, dropped afterwards).

Which tests run on which backend: every test runs in the SQLite pass. A test is marked
`each_backend` (and so also runs in the PostgreSQL pass, `pytest -m each_backend`) when it
sits in `tests/e2e`, or takes a database fixture and sits outside the UI folders (`tests/cli`,
`tests/tui`): the command line and the app reach the database only through the use cases and
the store, whose own tests run on both backends. A UI test that checks something only
PostgreSQL does is marked `each_backend` by hand. Pure tests (rules, parsing, translations)
take no database and run once.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.support.backend import (
    BACKEND,
    PG_URL,
    copy_sqlite_file,
    create_pg_database,
    drop_pg_database,
    pg_url,
)
from tests.support.clock import FROZEN_NOW, FrozenClock
from wellbeing.i18n import DEFAULT_LANGUAGE, set_language
from wellbeing.services import Wellbeing, open_database
from wellbeing.store.database import Database

# Names that test modules imported from here before the helpers moved to tests/support.
__all__ = ["BACKEND", "FROZEN_NOW", "PG_URL", "FrozenClock"]
_create_pg_database = create_pg_database
_drop_pg_database = drop_pg_database
_pg_url = pg_url

# Hypothesis: no per-example deadline (the machine is shared, so timings say nothing), the
# library's default of 100 examples unless a test asks for its own number, and the seed of a
# failure printed so that it can be replayed. `dev` is a quicker profile for local runs
# (HYPOTHESIS_PROFILE=dev).
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=20, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The cycle collector, less often. A test process holds every module of Textual, SQLAlchemy,
# hypothesis and the app, and the app's tests make and drop many short-lived widgets and
# styles: at Python's default of a young collection per 700 new objects, the collector took
# about a fifth of the processor time of an app test (the same screens opened with
# (100_000, 50, 100): 8.9-9.4 s against 11.2-11.6 s). Nothing is collected later than the end
# of the test process, and no test depends on when garbage is freed.
gc.set_threshold(100_000, 50, 100)

# Fixtures through which a test reaches a database.
DATABASE_FIXTURES = frozenset({"db_url", "database", "empty_db_url", "service", "pg_template"})
# Folders of the user interfaces: their tests run on SQLite only unless marked each_backend.
UI_FOLDERS = frozenset({"cli", "tui"})
# End-to-end tests run in both passes; each skips itself where its backend does not apply.
END_TO_END = "e2e"
TESTS = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "each_backend: runs on SQLite and PostgreSQL (added to every test that takes a "
        "database fixture outside tests/cli and tests/tui)",
    )


def _folder(item: pytest.Item) -> str | None:
    """The folder under tests/ that holds the test's module (None for tests/ itself)."""
    try:
        parts = item.path.resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def _runs_on_each_backend(item: pytest.Item) -> bool:
    folder = _folder(item)
    if folder == END_TO_END:
        return True
    uses_database = DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    return bool(uses_database) and folder not in UI_FOLDERS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that run on both backends (see the module's docstring)."""
    for item in items:
        if _runs_on_each_backend(item):
            item.add_marker(pytest.mark.each_backend)


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
    # The command line sets the language of this process when it runs in it; start each test
    # in English whatever the one before chose.
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database migrated to head once per run; each test gets a copy of it."""
    name = create_pg_database()
    database = open_database(pg_url(name))
    database.dispose()
    yield name
    drop_pg_database(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per run; each test gets a copy of it (running
    every migration for each of a thousand tests costs more than the tests themselves)."""
    path = tmp_path_factory.mktemp("template") / "wellbeing.db"
    open_database(str(path)).dispose()
    return path


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A URL of a database with no schema at all (for migration tests)."""
    if BACKEND == "postgresql":
        name = create_pg_database()
        yield pg_url(name)
        drop_pg_database(name)
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def db_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL of a fresh database already at the head schema."""
    if BACKEND == "postgresql":
        template = request.getfixturevalue("pg_template")
        name = create_pg_database(template)
        yield pg_url(name)
        drop_pg_database(name)
    else:
        path = tmp_path / "wellbeing.db"
        copy_sqlite_file(request.getfixturevalue("sqlite_template"), path)
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
