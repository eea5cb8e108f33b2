"""Schema upgrades through Alembic, run by the app at start-up and by `wellbeing db upgrade`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from wellbeing.store.database import StoreError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise StoreError(f"migrations: expected one head, found {len(heads)}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_not_newer(engine: Engine) -> None:
    """Refuse a database written by a newer wellbeing: its schema is unknown to us."""
    current = current_revision(engine)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    if not _known(script, current):
        raise StoreError(
            f"database: its schema ({current}) is newer than this version of wellbeing; "
            "upgrade wellbeing before opening it"
        )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: head) inside the migration's transaction."""
    check_not_newer(engine)
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _migrate(engine, lambda config: command.downgrade(config, revision))


def _migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds tables in batch migrations; with foreign keys on, dropping the
            # old copy of a parent table would cascade-delete its children. The pragma only
            # takes effect outside a transaction, so it is set before BEGIN.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StoreError(f"migrations: foreign key check failed on {broken[0]}")
        finally:
            if sqlite:
                connection.invalidate()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
