"""Alembic environment: runs on the connection the app hands over, or on WELLBEING_DB_URL.

The app (`wellbeing.store.migrate`) opens the transaction itself and hands the connection
over. Run from the `alembic` command line, this script opens the same kind of transaction,
so that a batch rebuild on SQLite cannot cascade-delete rows there either.
"""

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
    from wellbeing.store.migrate import migration_transaction

    # Without an alembic.ini (configuration lives in pyproject.toml) there is no main section.
    ini = config.get_section(config.config_ini_section, {})
    url = ini.get("sqlalchemy.url") or os.environ.get("WELLBEING_DB_URL")
    if not url:
        raise SystemExit("Set WELLBEING_DB_URL (or use `wellbeing db upgrade`).")
    engine = make_engine(url)
    try:
        with engine.connect() as connection, migration_transaction(connection):
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline SQL generation is not supported; run against a database.")
run_migrations_online()
