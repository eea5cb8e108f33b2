"""Which database backend this pass runs on, and throwaway PostgreSQL databases.

WELLBEING_TEST_BACKEND selects the backend: `sqlite` (a file under tmp_path, the default) or
`postgresql` (a fresh database per test on the server at WELLBEING_TEST_PG_URL).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from wellbeing.store.database import sqlite_path

BACKEND = os.environ.get("WELLBEING_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get(
    "WELLBEING_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _admin_engine() -> Engine:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def create_pg_database(template: str | None = None) -> str:
    """A new, uniquely named database on the server (a copy of `template` if given)."""
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        clause = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    engine.dispose()
    return name


def drop_pg_database(name: str) -> None:
    """Drop a database made by `create_pg_database`, even with sessions still open on it."""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def pg_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def copy_sqlite_file(template: Path, path: Path) -> None:
    """Copy a database file with its private mode, and its write-ahead log if one is left."""
    shutil.copy2(template, path)
    log = template.with_name(f"{template.name}-wal")
    if log.exists():
        shutil.copy2(log, path.with_name(f"{path.name}-wal"))


@contextmanager
def copy_of_database(template_url: str, folder: Path) -> Iterator[str]:
    """A URL of a new database holding what the database at `template_url` holds (no
    connection may be open on the template), dropped or left in `folder` afterwards."""
    source = sqlite_path(template_url)
    if source is None:
        name = create_pg_database(make_url(template_url).database)
        try:
            yield pg_url(name)
        finally:
            drop_pg_database(name)
    else:
        path = folder / f"copy-{uuid.uuid4().hex[:8]}.db"
        copy_sqlite_file(source, path)
        yield f"sqlite:///{path}"
