"""Real PostgreSQL login roles in the wellbeing groups, made for a test and dropped after it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from tests.support.backend import PG_URL
from wellbeing.store.database import make_engine


@contextmanager
def server() -> Iterator[Connection]:
    """A connection to the server as its superuser, for creating and dropping roles."""
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


class Logins:
    """Real login roles in the wellbeing groups and engines connected as them."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.created: list[str] = []
        self.engines: list[Engine] = []

    def create(self, group: str) -> str:
        login = f"wb_{group}_{uuid.uuid4().hex[:8]}"
        with server() as connection:
            connection.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE wellbeing_{group}'))
        self.created.append(login)
        return login

    def engine(self, login: str) -> Engine:
        engine = make_engine(
            make_url(self.db_url).set(username=login).render_as_string(hide_password=False)
        )
        self.engines.append(engine)
        return engine

    def close(self) -> None:
        for engine in self.engines:
            engine.dispose()
        with server() as connection:
            for login in self.created:
                connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
