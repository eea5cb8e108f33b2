"""A real database that fails: a table moved out of the way, as a damaged or foreign
database would be, so that reads and writes of it raise from the database itself."""

from __future__ import annotations

import sqlalchemy as sa


def move_table_away(url: str, table: str) -> None:
    """Rename `table`, so every statement that uses it fails with 'no such table'."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f'ALTER TABLE "{table}" RENAME TO "{table}_moved"'))
    finally:
        engine.dispose()
