"""Break compliance is shown only where at least k people worked a shift that needed a break.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 03:30:00

A team's break compliance is a share of the shifts on which the law required a break (more than
6 h worked, art. 38quater Arbeidswet). A team of six in which one person worked the long shifts
showed that person's own record, and a teamleader knows who works the long shifts. A cell now
gives the figure only when at least k of its contributors worked such a shift, and the
organisation's figure adds up the breaks of those teams only, so that it minus the others'
cannot give a hidden one (`wellbeing.domain.team_trends`).

Published weeks keep their cells, but lose a break figure that would not be shown now: a
team's, where 1 to k - 1 of the week's contributors had a break due, and the organisation's of
that week, which held it. A week whose sums were purged (older than the retention period)
cannot tell and keeps its figures. Nothing else changes. On PostgreSQL the cell function
takes the k and works this out inside the database, as the trend function calls it.

Downgrade puts revision 0010's functions back; figures removed stay removed.
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CELLS = "wellbeing_trend_cells(text, integer[], text[])"
CELLS = "wellbeing_trend_cells(text, integer[], text[], integer)"
DEFINER = "wellbeing_definer"  # runs the trend function (revision 0006)

# How many of a published team week's contributors had a shift that needed a legal break.
_BREAK_PEOPLE = """(
    SELECT count(*) FROM person_week_sums AS w
     WHERE w.iso_week = {cell}.segment AND w.team_id = {cell}.group_id
       AND w.checkins > 0 AND w.break_due > 0
)"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _install(version: str, *, replace: bool) -> None:
    schema = str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())
    op.execute(read_sql(version, replace=replace, schema=schema))


def upgrade() -> None:
    week = "segment LIKE '____-W__'"
    # The organisation's first, while the team figures it held are still there to tell.
    op.execute(
        "UPDATE published_cells SET break_compliance_percent = NULL "
        f"WHERE group_id = 0 AND break_compliance_percent IS NOT NULL AND {week} "
        "AND EXISTS (SELECT 1 FROM published_cells AS t "
        "WHERE t.segment = published_cells.segment AND t.group_id <> 0 "
        "AND t.break_compliance_percent IS NOT NULL "
        f"AND {_BREAK_PEOPLE.format(cell='t')} BETWEEN 1 AND t.k - 1)"
    )
    op.execute(
        "UPDATE published_cells SET break_compliance_percent = NULL "
        f"WHERE group_id <> 0 AND break_compliance_percent IS NOT NULL AND {week} "
        f"AND {_BREAK_PEOPLE.format(cell='published_cells')} BETWEEN 1 AND k - 1"
    )
    if _postgres():
        _install("wellbeing_trend_cells_v3", replace=False)
        op.execute(f"REVOKE ALL ON FUNCTION {CELLS} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {CELLS} TO {DEFINER}")
        _install("wellbeing_team_trends_v6", replace=True)
        op.execute(f"DROP FUNCTION {OLD_CELLS}")


def downgrade() -> None:
    if _postgres():
        _install("wellbeing_trend_cells_v2", replace=False)
        op.execute(f"REVOKE ALL ON FUNCTION {OLD_CELLS} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {OLD_CELLS} TO {DEFINER}")
        _install("wellbeing_team_trends_v5", replace=True)
        op.execute(f"DROP FUNCTION {CELLS}")
