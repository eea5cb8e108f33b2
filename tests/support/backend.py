"""Which database backend this pass runs on, and throwaway PostgreSQL databases.

WELLBEING_TEST_BACKEND selects the backend: `sqlite` (a file under tmp_path, the default) or
`postgresql` (a fresh database per test on the server at WELLBEING_TEST_PG_URL).
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

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
