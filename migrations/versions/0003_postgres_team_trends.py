"""PostgreSQL team trends: aggregated and suppressed inside the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00

A teamleader's login has no SELECT on raw tables (revision 0002). What it may read comes only
from `wellbeing_team_trends(weeks, k)`, a SECURITY DEFINER function that aggregates the whole
organisation, hides cells exactly as `wellbeing.domain.anonymity.AnonymityPolicy` does
(k-threshold, complementary suppression, count bounds) and then returns only the cells of
the teams the caller leads (every team, for the database owner) plus the organisation totals.
The database owner may ask for any k >= 3. Every other login gets the organisation's k and
no other, since one week seen with two thresholds can be hidden in two ways whose difference
singles a person out (teams of 1 and 9: k = 9 shows the team of 9, k = 10 the total). That k
is 5 unless the owner sets it, at least 5, with
`ALTER FUNCTION wellbeing_team_trends(text[], integer) SET wellbeing.team_trends_k = '8'`;
a function's own setting cannot be changed from the caller's session.

The figures are those of `wellbeing.domain.team_trends` fed by `wellbeing.store.team_trends`,
to the last bit: a contributor is a person with a check-in in the week; each person's means
are over their check-ins (the numeric average, then the nearest double, as Python reads it)
and their counts over all their shifts; across people the doubles are summed in (team,
person) order, as Python sums floats, and rounded half up from the shortest decimal form of
the result, as `_tenths` does. Only closed ISO weeks are accepted: a week is shown once it
ended more than two days (`DEFAULT_SETTLE_DAYS`) before today in Brussels.

A person counts in the team they belong to now; people without a team count nowhere.
On SQLite this revision does nothing (see revision 0002).
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.domain.anonymity import DEFAULT_K
from wellbeing.store.sql_files import read_sql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUPPRESSION = "wellbeing_trend_suppression(integer[], integer)"
TRENDS = "wellbeing_team_trends(text[], integer)"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    # A port of AnonymityPolicy.suppress for the tree organisation -> teams.
    op.execute(read_sql("wellbeing_trend_suppression_v1"))
    op.execute(read_sql("wellbeing_team_trends_v1", schema=schema, team_trends_k=DEFAULT_K))
    op.execute(f"REVOKE ALL ON FUNCTION {SUPPRESSION} FROM PUBLIC")
    op.execute(f"REVOKE ALL ON FUNCTION {TRENDS} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {TRENDS} TO wellbeing_teamleader")


def downgrade() -> None:
    if not _postgres():
        return
    op.execute(f"DROP FUNCTION IF EXISTS {TRENDS}")
    op.execute(f"DROP FUNCTION IF EXISTS {SUPPRESSION}")
