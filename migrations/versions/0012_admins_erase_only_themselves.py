"""PostgreSQL: an admin manages people, but erases no one but themselves.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 03:00:00

Deleting a person's row deletes every row about them: the foreign keys cascade whatever the
deleting login may read. So deleting a row of `people` is that person's erasure (GDPR art. 17),
which is theirs to ask for. Revision 0002 gave admins one policy for every command on
`people`, so an admin's login could erase anyone, check-ins and notes included, with
`wellbeing --as SOMEONE erase` or a plain DELETE. The admins' policy is now split by command:
they still read, add and update people (team and admin flag, the columns 0006 left them), and
may delete only their own row. On SQLite this revision does nothing.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADMIN_POLICIES = {
    "manage_read": "FOR SELECT TO wellbeing_admin USING (true)",
    "manage_add": "FOR INSERT TO wellbeing_admin WITH CHECK (true)",
    "manage_change": "FOR UPDATE TO wellbeing_admin USING (true) WITH CHECK (true)",
    "erase_self": "FOR DELETE TO wellbeing_admin USING (os_account = session_user)",
}


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    op.execute("DROP POLICY IF EXISTS manage ON people")
    for name, rule in ADMIN_POLICIES.items():
        op.execute(f"CREATE POLICY {name} ON people {rule}")


def downgrade() -> None:
    if not _postgres():
        return
    for name in ADMIN_POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {name} ON people")
    op.execute("CREATE POLICY manage ON people TO wellbeing_admin USING (true) WITH CHECK (true)")
