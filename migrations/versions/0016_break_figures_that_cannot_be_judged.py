"""Published break figures that revision 0013 could not judge are dropped too.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 05:00:00

Revision 0013 dropped a published team week's break compliance where 1 to k - 1 of its
contributors had a shift that needed a legal break (art. 38quater Arbeidswet), and the
organisation's figure of that week. It left three kinds of published figure in place:

- weeks whose sums are gone (purged after the retention period, or every contributor
  erased): nobody can tell any more how many people the figure was about;
- an organisation's week where no team figure was shown (its teams hidden), but fewer than k
  people of the whole organisation had a break due: the figure was theirs;
- the organisation's months, which 0013 did not look at.

A figure that cannot be shown to stand for at least k people is dropped, as a cell made today
would not give it (`wellbeing.domain.team_trends`). The cells keep every other figure, and no
figure is added or changed, so nothing new can be learnt from the difference.

Downgrade changes nothing: figures removed stay removed.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WEEK = "segment LIKE '____-W__'"
_MONTH = "segment LIKE '____-__'"

# How many people had a shift that needed a legal break in a cell's week: in its team
# (`{team}` the team's id), or in every team.
_WEEK_BREAK_PEOPLE = """(
    SELECT count(*) FROM person_week_sums AS w
     WHERE w.iso_week = {cell}.segment AND {team}
       AND w.checkins > 0 AND w.break_due > 0
)"""

# The same in a cell's month, where a person has a row per ISO week touching the month and
# counts when they checked in that month (as `month_totals_query` counts them).
_MONTH_BREAK_PEOPLE = """(
    SELECT count(*) FROM (
        SELECT m.person_id FROM person_month_sums AS m
         WHERE m.month = {cell}.segment AND m.team_id IS NOT NULL
         GROUP BY m.person_id
        HAVING sum(m.checkins) > 0 AND sum(m.break_due) > 0
    ) AS people
)"""


def _team_people(cell: str) -> str:
    return _WEEK_BREAK_PEOPLE.format(cell=cell, team=f"w.team_id = {cell}.group_id")


def _everyone(cell: str) -> str:
    return _WEEK_BREAK_PEOPLE.format(cell=cell, team="w.team_id IS NOT NULL")


def upgrade() -> None:
    figure = "break_compliance_percent IS NOT NULL"
    # The organisation's weeks first, while the team figures it held are still there to tell.
    op.execute(
        f"UPDATE published_cells SET break_compliance_percent = NULL "
        f"WHERE group_id = 0 AND {figure} AND {_WEEK} AND ("
        f"{_everyone('published_cells')} < k "
        "OR EXISTS (SELECT 1 FROM published_cells AS t "
        "WHERE t.segment = published_cells.segment AND t.group_id <> 0 "
        f"AND t.break_compliance_percent IS NOT NULL AND {_team_people('t')} < t.k))"
    )
    op.execute(
        f"UPDATE published_cells SET break_compliance_percent = NULL "
        f"WHERE group_id <> 0 AND {figure} AND {_WEEK} "
        f"AND {_team_people('published_cells')} < k"
    )
    op.execute(
        f"UPDATE published_cells SET break_compliance_percent = NULL "
        f"WHERE {figure} AND {_MONTH} AND {_MONTH_BREAK_PEOPLE.format(cell='published_cells')} < k"
    )


def downgrade() -> None:
    """Figures removed stay removed: there is nothing to put back."""
