"""The organisation of the PostgreSQL privacy tests: two agents with notes, a teamleader and an
admin, each a real login role with a unique name, dropped after the test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from tests.support.backend import PG_URL
from tests.support.clock import FrozenClock
from wellbeing.services import Organisation, Wellbeing
from wellbeing.store.database import Database

SHIFT = {"start": "2026-11-23T08:00", "end": "2026-11-23T16:00", "stress": 4, "energy": 6}


@pytest.fixture
def make_login(db_url: str) -> Iterator[Callable[[str], str]]:
    """Create login roles in a group; returns a URL that connects as that login."""
    created: list[str] = []
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def make(group: str) -> str:
        login = f"wb_{group}_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE wellbeing_{group}'))
        created.append(login)
        return login

    yield make
    with admin.connect() as connection:
        for login in created:
            connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    admin.dispose()


def login_url(db_url: str, login: str) -> str:
    """The test database's URL with `login` as the user."""
    return make_url(db_url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def organisation(
    database: Database, clock: FrozenClock, make_login: Callable[[str], str]
) -> dict[str, str]:
    """A team with two agents (with check-ins and notes), a teamleader and an admin."""
    owner = Organisation(database, "owner", clock)
    owner.bootstrap()
    owner.create_team("Inbound")
    logins = {
        role: make_login(group)
        for role, group in (
            ("an", "agent"),
            ("bert", "agent"),
            ("lea", "teamleader"),
            ("adam", "admin"),
        )
    }
    for login in logins.values():
        owner.add_person(login, team="Inbound")
    owner.grant(logins["lea"], "teamleader", team="Inbound")
    owner.grant(logins["adam"], "admin")
    for who in ("an", "bert"):
        Wellbeing(database, logins[who], clock).record_checkin(
            {
                **SHIFT,
                "note": f"secret of {who}",
                "breaks": [{"start": "2026-11-23T12:00", "end": "2026-11-23T12:30"}],
            }
        )
    return logins


def connect(db_url: str, login: str) -> Connection:
    """A connection to the test database as `login`."""
    return create_engine(login_url(db_url, login)).connect()
