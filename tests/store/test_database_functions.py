"""The PostgreSQL functions each revision installs stay as they were when it was released.

The migrations read the SQL of these functions from versioned files (`wellbeing/store/sql`)
and fill in the rule numbers from the domain. `data/database_functions.json` holds, for every
step of a walk up through each revision and back down, a digest of each function's full
definition, owner and grants, as the migrations installed them before their SQL moved into
those files (two walks: with the k an owner may set on revision 0003's function, and
without). A step that differs means a released revision now installs something else: a
changed SQL file, or a changed rule number that an old revision must keep (pass the old value
to `read_sql` in that revision).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.backend import BACKEND, create_pg_database, drop_pg_database, pg_url
from tests.support.database_functions import OWNER_K, walk
from wellbeing.store.database import make_engine

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test"
)

RELEASED = json.loads((Path(__file__).with_name("data") / "database_functions.json").read_text())
REVISIONS = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"]


@pytest.fixture
def fresh_engine() -> Iterator[sa.Engine]:
    name = create_pg_database()
    engine = make_engine(pg_url(name))
    yield engine
    engine.dispose()
    drop_pg_database(name)


@pytest.mark.parametrize(
    ("walk_name", "owner_k"),
    [("k never set", None), (f"k set to {OWNER_K} on revision 0003", OWNER_K)],
)
def test_each_revision_installs_and_removes_the_functions_it_did_when_released(
    fresh_engine: sa.Engine, walk_name: str, owner_k: str | None
) -> None:
    steps = walk(fresh_engine, REVISIONS, owner_k)

    released = RELEASED[walk_name]
    changed = [step for step in released if steps.get(step) != released[step]]
    assert steps.keys() == released.keys()
    assert changed == []
