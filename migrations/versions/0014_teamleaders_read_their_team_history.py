"""PostgreSQL: a teamleader's login reads its own team history, so its export holds it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 04:00:00

Which team a person belonged to from which week on (`team_memberships`, revision 0008) is
their personal data, exported and erased with them. Revision 0008 let agents' logins read
their own rows of it, but not teamleaders', so a teamleader's export (GDPR art. 15 and 20)
listed none. Teamleaders' logins now read and delete their own rows, as agents' do. On
SQLite this revision does nothing.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    op.execute("GRANT SELECT, DELETE ON team_memberships TO wellbeing_teamleader")
    op.execute(
        "CREATE POLICY own_rows_led ON team_memberships TO wellbeing_teamleader "
        "USING (person_id = wellbeing_person_id())"
    )


def downgrade() -> None:
    if not _postgres():
        return
    op.execute("DROP POLICY IF EXISTS own_rows_led ON team_memberships")
    op.execute("REVOKE SELECT, DELETE ON team_memberships FROM wellbeing_teamleader")
