"""The PostgreSQL trend function also returns the k each cell was published under.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 08:00:00

Every published cell keeps the k it was published under (`published_cells.k`, revision 0008),
but `wellbeing_team_trends` returned only the figures, so a teamleader's view described weeks
published under k = 5 with the k an admin set later. Version 7 of the function returns that
k with each cell (`k`), and the k asked for with a live computation for the database owner.
Nothing else changes: the same cells, hidden the same way, for the same logins.

A function's result columns cannot be changed in place, so it is dropped and created again
in one transaction, with its owner (the definer role of revision 0006) and its grants
(teamleaders of revision 0003, agents of revision 0010) as before. No row changes. SQLite
has no database functions: nothing to do there.

Downgrade puts version 6 back the same way.
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRENDS = "wellbeing_team_trends(text[], integer)"
DEFINER = "wellbeing_definer"  # owns the functions that run with raised rights (0006)
CALLERS = ("wellbeing_teamleader", "wellbeing_agent")


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


def upgrade() -> None:
    if _postgres():
        _install("wellbeing_team_trends_v7")


def downgrade() -> None:
    if _postgres():
        _install("wellbeing_team_trends_v6")
