"""PostgreSQL: weekly and monthly sums hold only figures that check-ins could add up to.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 19:00:00

An agent's own login writes their rows of `person_week_sums` and `person_month_sums` (the app
recomputes them after each check-in, revision 0005), and the team trend function makes every
team's and the organisation's figures from them. With plain SQL an agent could store any
number there: a stress total of 2 147 483 647 made the function overflow, so nobody could see
that week at all, and a mean stress of 250 out of 10 or negative hours would have been
published and then frozen for good. Each row must now add up as check-ins can: stress and
energy from 0 to 10 per check-in, breaks taken no more than breaks due, no more of either or
of quick returns than shifts, at most 16 hours of work per shift (the longest span a shift may
have) and at most 1000 shifts. Rows the app computed always fit; a row that does not was
written by hand, cannot be anyone's check-ins, and is deleted first (the person's next
check-in of that week computes it again from their shifts). On SQLite, whoever can write the
file can write anything, so this revision does nothing there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("person_week_sums", "person_month_sums")
NAME = "figures_fit"
MAX_SHIFTS = 1000
MAX_WORKED_MINUTES_PER_SHIFT = 16 * 60  # the longest span a shift may have
FIGURES_FIT = (
    f"shifts <= {MAX_SHIFTS}"
    " AND stress_sum BETWEEN 0 AND 10 * checkins"
    " AND energy_sum BETWEEN 0 AND 10 * checkins"
    " AND break_due BETWEEN 0 AND shifts"
    " AND break_taken BETWEEN 0 AND break_due"
    " AND quick_returns BETWEEN 0 AND shifts"
    f" AND worked_minutes BETWEEN 0 AND {MAX_WORKED_MINUTES_PER_SHIFT} * shifts"
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    for table in TABLES:
        op.execute(f"DELETE FROM {table} WHERE NOT ({FIGURES_FIT})")
        op.create_check_constraint(op.f(f"ck_{table}_{NAME}"), table, FIGURES_FIT)


def downgrade() -> None:
    if not _postgres():
        return
    for table in TABLES:
        op.drop_constraint(op.f(f"ck_{table}_{NAME}"), table, type_="check")
