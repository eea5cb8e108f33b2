"""Every row of every table, and the bytes of an SQLite file: proof that nothing was written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from wellbeing.store.database import sqlite_path


def rows_of(connection: sa.Connection) -> dict[str, list[str]]:
    """Every row of every table, in a stable order, to compare before and after."""
    names = sorted(sa.inspect(connection).get_table_names())
    return {
        name: sorted(
            repr(tuple(row)) for row in connection.execute(sa.text(f'SELECT * FROM "{name}"'))
        )
        for name in names
    }


def table_dump(url: str) -> dict[str, list[str]]:
    """`rows_of` through a connection of its own, closed afterwards."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return rows_of(connection)
    finally:
        engine.dispose()


def file_digest(url: str) -> str | None:
    """SHA-256 of an SQLite file and its write-ahead log; None on PostgreSQL."""
    path = sqlite_path(url)
    if path is None:
        return None
    digest = hashlib.sha256(path.read_bytes())
    log = Path(f"{path}-wal")
    if log.exists():
        digest.update(log.read_bytes())
    return digest.hexdigest()
