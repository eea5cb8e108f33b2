"""Organisation hardening: fixed login binding, admin audit trail, erasure, definer role.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:00:00

Every backend gets `admin_audit`: who added, moved, granted or revoked whom, and when. It
holds accounts, team names and the kind of change, never a figure or a note.

On PostgreSQL:

- A person's login (`people.os_account`) is what row-level security matches against
  `session_user`, so an admin who could rewrite it could read anyone's notes by pointing
  their row at a login of their own. Admins now update only `team_id` and `is_admin`, and a
  trigger refuses any change of `os_account`, whoever sends it: the binding is set once,
  when the person is added.
- Agents and teamleaders may delete their own person row and their own teamleader rows, so
  that `wellbeing erase` works for them (GDPR art. 17); the foreign keys' ON DELETE CASCADE
  removes whatever else refers to the person.
- The functions that run with their owner's rights (SECURITY DEFINER) are owned by
  `wellbeing_definer`, a NOLOGIN role with SELECT on just the tables they read, instead of
  by whoever ran the migrations. `wellbeing_team_trends` then tells the database owner apart
  by membership of the role that owns the tables, since `current_user` inside it is now
  the definer role.
- The audit trail is written by triggers as `session_user`, so raw SQL leaves the same trace
  as the app; admins may read it and nobody but the owner may change it. When a person's row
  is deleted, their account is blanked from it.

On SQLite the app writes the audit trail itself (`wellbeing.store.audit`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wellbeing.store.sql_files import read_sql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFINER = "wellbeing_definer"
TRENDS = "wellbeing_team_trends(text[], integer)"
SUPPRESSION = "wellbeing_trend_suppression(integer[], integer)"
PERSON_ID = "wellbeing_person_id()"
K_SETTING = "wellbeing.team_trends_k"
# What the functions running with the definer's rights read, and which of those tables have
# row-level security (the definer gets a read-everything policy on them).
DEFINER_READS = ("people", "team_leaders", "teams", "shifts", "checkins", "weekly_levels")
WITH_RLS = ("people", "team_leaders", "shifts", "checkins", "weekly_levels")
# Each trigger's function (its versioned SQL file), table and events.
AUDIT_TRIGGERS = (
    (
        "wellbeing_audit_people()",
        "people",
        "INSERT OR UPDATE OR DELETE",
        "wellbeing_audit_people_v1",
    ),
    (
        "wellbeing_audit_team_leaders()",
        "team_leaders",
        "INSERT OR UPDATE OR DELETE",
        "wellbeing_audit_team_leaders_v1",
    ),
    ("wellbeing_audit_teams()", "teams", "INSERT OR DELETE", "wellbeing_audit_teams_v1"),
)
DEFINER_FUNCTIONS = (PERSON_ID, TRENDS, *(function for function, *_ in AUDIT_TRIGGERS))


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())


def _replace_trends_function(version: str) -> None:
    """Put `version` of the trend function in place, keeping its settings (the organisation's k:
    a replaced function takes the settings it is created with)."""
    settings = (
        op.get_bind()
        .execute(
            sa.text("SELECT proconfig FROM pg_proc WHERE oid = CAST(:name AS regprocedure)"),
            {"name": TRENDS},
        )
        .scalar()
    )
    k = next(
        value
        for name, _, value in (str(setting).partition("=") for setting in settings or [])
        if name == K_SETTING
    )
    op.execute(read_sql(version, replace=True, schema=_schema(), team_trends_k=k))


def upgrade() -> None:
    op.create_table(
        "admin_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=True),
        sa.Column("team", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit")),
    )
    op.create_index("ix_admin_audit_at", "admin_audit", ["at"])
    if not _postgres():
        return
    schema = _schema()
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DEFINER}') "
        f"THEN CREATE ROLE {DEFINER} NOLOGIN; END IF; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )

    # The login binding: admins change teams and the admin flag, nobody changes the login.
    op.execute("REVOKE UPDATE ON people FROM wellbeing_admin")
    op.execute("GRANT UPDATE (team_id, is_admin) ON people TO wellbeing_admin")
    op.execute(read_sql("wellbeing_login_is_fixed_v1"))
    op.execute("REVOKE ALL ON FUNCTION wellbeing_login_is_fixed() FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER people_login_is_fixed BEFORE UPDATE OF os_account ON people "
        "FOR EACH ROW WHEN (OLD.os_account IS DISTINCT FROM NEW.os_account) "
        "EXECUTE FUNCTION wellbeing_login_is_fixed()"
    )

    # Erasure: everyone may delete their own person row and teamleader rows.
    op.execute("GRANT DELETE ON people, team_leaders TO wellbeing_agent, wellbeing_teamleader")

    # The audit trail, read by admins, written only by the definer's triggers.
    op.execute("GRANT SELECT ON admin_audit TO wellbeing_admin")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON admin_audit TO {DEFINER}")
    op.execute(f"GRANT USAGE ON SEQUENCE admin_audit_id_seq TO {DEFINER}")
    for function, table, events, version in AUDIT_TRIGGERS:
        op.execute(read_sql(version, schema=schema))
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(
            f"CREATE TRIGGER audit_{table} AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}"
        )

    # The definer role: reads what its functions read, and owns them.
    op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {DEFINER}")
    op.execute(f"GRANT SELECT ON {', '.join(DEFINER_READS)} TO {DEFINER}")
    for table in WITH_RLS:
        op.execute(f"CREATE POLICY definer_reads ON {table} FOR SELECT TO {DEFINER} USING (true)")
    op.execute(f"GRANT EXECUTE ON FUNCTION {SUPPRESSION} TO {DEFINER}")
    # The database owner told apart by membership of the role owning the tables.
    _replace_trends_function("wellbeing_team_trends_v3")
    # A new owner needs CREATE on the schema at the moment it takes a function over.
    op.execute(f"GRANT CREATE ON SCHEMA {schema} TO {DEFINER}")
    for function in DEFINER_FUNCTIONS:
        op.execute(f"ALTER FUNCTION {function} OWNER TO {DEFINER}")
    op.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM {DEFINER}")


def downgrade() -> None:
    if _postgres():
        schema = _schema()
        for function in (PERSON_ID, TRENDS):
            op.execute(f"ALTER FUNCTION {function} OWNER TO CURRENT_USER")
        _replace_trends_function("wellbeing_team_trends_v2")
        op.execute(f"REVOKE EXECUTE ON FUNCTION {SUPPRESSION} FROM {DEFINER}")
        for table in WITH_RLS:
            op.execute(f"DROP POLICY IF EXISTS definer_reads ON {table}")
        op.execute(f"REVOKE ALL ON {', '.join(DEFINER_READS)} FROM {DEFINER}")
        op.execute(f"REVOKE ALL ON SCHEMA {schema} FROM {DEFINER}")
        for function, table, _events, _sql in AUDIT_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS audit_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
        op.execute(
            "REVOKE DELETE ON people, team_leaders FROM wellbeing_agent, wellbeing_teamleader"
        )
        op.execute("DROP TRIGGER IF EXISTS people_login_is_fixed ON people")
        op.execute("DROP FUNCTION IF EXISTS wellbeing_login_is_fixed()")
        op.execute("REVOKE UPDATE (team_id, is_admin) ON people FROM wellbeing_admin")
        op.execute("GRANT UPDATE ON people TO wellbeing_admin")
    op.drop_index("ix_admin_audit_at", table_name="admin_audit")
    op.drop_table("admin_audit")
