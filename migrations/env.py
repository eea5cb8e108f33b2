"""Alembic environment: runs on the connection the app hands over, or on WELLBEING_DB_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from wellbeing.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from wellbeing.store.database import make_engine

    url = config.get_main_option("sqlalchemy.url") or os.environ.get("WELLBEING_DB_URL")
    if not url:
        raise SystemExit("Set WELLBEING_DB_URL (or use `wellbeing db upgrade`).")
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline SQL generation is not supported; run against a database.")
run_migrations_online()
