"""PostgreSQL privacy: group roles, row-level security and column grants.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 08:00:00

On PostgreSQL the database itself enforces the privacy model of design.md: an agent reads
and writes only their own rows, a teamleader has no access to raw tables at all (team trends
come only through the functions of a later revision), and an admin manages people and teams
but cannot read check-ins or notes. People are bound to their login by `people.os_account`
matching `session_user`. On SQLite this revision does nothing: anyone who can read the file
can read every row (README, "Privacy and threat model").
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = ("wellbeing_agent", "wellbeing_teamleader", "wellbeing_admin")
PERSONAL_TABLES = ("shifts", "checkins", "survey_responses", "flags", "weekly_levels")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    for group in GROUPS:
        # Roles are cluster-wide: several wellbeing databases may share them.
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; "
            # Two databases migrated at the same moment may race to create the same role.
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    everyone = ", ".join(GROUPS)
    op.execute(read_sql("wellbeing_person_id_v1", schema=schema))
    op.execute("REVOKE ALL ON FUNCTION wellbeing_person_id() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION wellbeing_person_id() TO {everyone}")
    op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    op.execute(f"GRANT SELECT ON alembic_version TO {everyone}")
    op.execute(f"GRANT SELECT ON teams TO {everyone}")

    # Agents: their own rows only, in every personal table.
    tables = ", ".join((*PERSONAL_TABLES, "breaks"))
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO wellbeing_agent")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO wellbeing_agent")
    for table in PERSONAL_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_rows ON {table} TO wellbeing_agent "
            "USING (person_id = wellbeing_person_id()) "
            "WITH CHECK (person_id = wellbeing_person_id())"
        )
    op.execute("ALTER TABLE breaks ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY own_rows ON breaks TO wellbeing_agent "
        "USING (shift_id IN (SELECT id FROM shifts WHERE person_id = wellbeing_person_id())) "
        "WITH CHECK (shift_id IN (SELECT id FROM shifts WHERE person_id = wellbeing_person_id()))"
    )

    # People: everyone sees their own row; admins manage all of them.
    op.execute("GRANT SELECT ON people, team_leaders TO wellbeing_agent, wellbeing_teamleader")
    op.execute("GRANT UPDATE (language) ON people TO wellbeing_agent, wellbeing_teamleader")
    op.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON teams, people, team_leaders TO wellbeing_admin"
    )
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO wellbeing_admin")
    op.execute("ALTER TABLE people ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY own_row ON people TO wellbeing_agent, wellbeing_teamleader "
        "USING (os_account = session_user)"
    )
    op.execute("CREATE POLICY manage ON people TO wellbeing_admin USING (true) WITH CHECK (true)")
    op.execute("ALTER TABLE team_leaders ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY own_rows ON team_leaders TO wellbeing_agent, wellbeing_teamleader "
        "USING (person_id = wellbeing_person_id())"
    )
    op.execute(
        "CREATE POLICY manage ON team_leaders TO wellbeing_admin USING (true) WITH CHECK (true)"
    )


def downgrade() -> None:
    if not _postgres():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    for table in (*PERSONAL_TABLES, "breaks", "people", "team_leaders"):
        op.execute(f"DROP POLICY IF EXISTS own_rows ON {table}")
        op.execute(f"DROP POLICY IF EXISTS own_row ON {table}")
        op.execute(f"DROP POLICY IF EXISTS manage ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    everyone = ", ".join(GROUPS)
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {everyone}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {everyone}")
    op.execute(f"REVOKE ALL ON SCHEMA {schema} FROM {everyone}")
    op.execute("DROP FUNCTION IF EXISTS wellbeing_person_id()")
