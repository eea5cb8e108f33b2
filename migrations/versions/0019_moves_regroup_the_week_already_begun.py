"""A person moved to another team counts there from the week of the move on, sums included.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 18:00:00

A move is recorded from the ISO week it is made in (`team_memberships`, revision 0008), and
each person's week and month sums carry the team of their week. The sums were written only
by that person's own check-ins, so a check-in made earlier in the week of the move kept the
old team until the person happened to write again that week: whether the week counted in the
old or the new team depended on the order of a check-in and the move. A trigger now gives the
sums of the moved person's weeks from the move on the team of each week, whoever makes the
move. It runs with the rights of `wellbeing_definer` (revision 0006), which may now read
`team_memberships` and change only the team of the week and month sums, since an admin's login
may not write anyone's sums. On SQLite the app does the same in `wellbeing.store.organisation`.
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFINER = "wellbeing_definer"  # owns the functions that run with raised rights (0006)
FUNCTION = "wellbeing_regroup_sums()"
SUMS = ("person_week_sums", "person_month_sums")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute(f"GRANT SELECT ON team_memberships TO {DEFINER}")
    op.execute(
        f"CREATE POLICY definer_reads ON team_memberships FOR SELECT TO {DEFINER} USING (true)"
    )
    op.execute(f"GRANT SELECT ON person_month_sums TO {DEFINER}")
    op.execute(
        f"CREATE POLICY definer_reads ON person_month_sums FOR SELECT TO {DEFINER} USING (true)"
    )
    for table in SUMS:
        op.execute(f"GRANT UPDATE (team_id) ON {table} TO {DEFINER}")
        op.execute(
            f"CREATE POLICY definer_regroups ON {table} FOR UPDATE TO {DEFINER} "
            "USING (true) WITH CHECK (true)"
        )
    op.execute(read_sql("wellbeing_regroup_sums_v1", schema=schema))
    op.execute(f"REVOKE ALL ON FUNCTION {FUNCTION} FROM PUBLIC")
    # A new owner needs CREATE on the schema at the moment it takes a function over.
    op.execute(f"GRANT CREATE ON SCHEMA {schema} TO {DEFINER}")
    op.execute(f"ALTER FUNCTION {FUNCTION} OWNER TO {DEFINER}")
    op.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM {DEFINER}")
    op.execute(
        "CREATE TRIGGER regroup_sums AFTER INSERT OR UPDATE ON team_memberships "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}"
    )


def downgrade() -> None:
    if not _postgres():
        return
    op.execute("DROP TRIGGER IF EXISTS regroup_sums ON team_memberships")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
    for table in SUMS:
        op.execute(f"DROP POLICY IF EXISTS definer_regroups ON {table}")
        op.execute(f"REVOKE UPDATE (team_id) ON {table} FROM {DEFINER}")
    op.execute("DROP POLICY IF EXISTS definer_reads ON person_month_sums")
    op.execute(f"REVOKE SELECT ON person_month_sums FROM {DEFINER}")
    op.execute("DROP POLICY IF EXISTS definer_reads ON team_memberships")
    op.execute(f"REVOKE SELECT ON team_memberships FROM {DEFINER}")
