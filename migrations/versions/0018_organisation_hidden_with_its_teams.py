"""An organisation cell hidden because no team's figures are shown says so.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 10:00:00

The organisation's figures of a week or month are taken over the teams shown only, so when
every team is hidden there are none, however many people checked in: twenty-two people in
teams of four under k = 5. Such a cell was stored and explained as 'too_few_contributors'
("fewer than 5 people checked in"), which was false. It is now 'no_team_shown', given
whatever the count so that the reason tells nothing about the hidden teams.

An organisation cell (`group_id` 0) was only ever hidden as 'too_few_contributors' for that
reason (since revision 0008 the organisation's figures are those of the teams shown), so the
published ones are given the new reason: only the code of the reason changes, never a figure,
and it follows from what was shown (no team), so nothing new can be learnt. Version 8 of
`wellbeing_team_trends` gives it to the weeks it publishes from now on (PostgreSQL); it is
dropped and created again as in revision 0017, with its owner and grants. SQLite has no
database functions: Python gives the new reason there.

Downgrade puts version 7 back and the old code on the published cells, which the code of
revision 0017 knows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRENDS = "wellbeing_team_trends(text[], integer)"
DEFINER = "wellbeing_definer"  # owns the functions that run with raised rights (0006)
CALLERS = ("wellbeing_teamleader", "wellbeing_agent")
ORGANISATION = 0  # `published_cells.group_id` of the organisation's cells
OLD, NEW = "too_few_contributors", "no_team_shown"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _install(version: str) -> None:
    schema = str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())
    op.execute(f"DROP FUNCTION {TRENDS}")
    op.execute(read_sql(version, schema=schema))
    op.execute(f"REVOKE ALL ON FUNCTION {TRENDS} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {TRENDS} TO {', '.join(CALLERS)}")
    # A new owner needs CREATE on the schema at the moment it takes a function over (as in
    # revision 0006); the definer role keeps no such right afterwards.
    op.execute(f"GRANT CREATE ON SCHEMA {schema} TO {DEFINER}")
    op.execute(f"ALTER FUNCTION {TRENDS} OWNER TO {DEFINER}")
    op.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM {DEFINER}")


def _recode(old: str, new: str) -> None:
    op.get_bind().execute(
        sa.text(
            "UPDATE published_cells SET hidden = :new WHERE group_id = :group AND hidden = :old"
        ),
        {"new": new, "old": old, "group": ORGANISATION},
    )


def upgrade() -> None:
    if _postgres():
        _install("wellbeing_team_trends_v8")
    _recode(OLD, NEW)


def downgrade() -> None:
    _recode(NEW, OLD)
    if _postgres():
        _install("wellbeing_team_trends_v7")
