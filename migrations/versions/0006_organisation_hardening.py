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

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFINER = "wellbeing_definer"
TRENDS = "wellbeing_team_trends(text[], integer)"
SUPPRESSION = "wellbeing_trend_suppression(integer[], integer)"
PERSON_ID = "wellbeing_person_id()"
# What the functions running with the definer's rights read, and which of those tables have
# row-level security (the definer gets a read-everything policy on them).
DEFINER_READS = ("people", "team_leaders", "teams", "shifts", "checkins", "weekly_levels")
WITH_RLS = ("people", "team_leaders", "shifts", "checkins", "weekly_levels")
OWNER_BEFORE = "v_owner boolean := session_user = current_user;"
OWNER_AFTER = (
    "v_owner boolean := pg_has_role(session_user, "
    "(SELECT relowner FROM pg_class WHERE oid = CAST('people' AS regclass)), 'MEMBER');"
)

LOGIN_FIXED_SQL = """
CREATE FUNCTION wellbeing_login_is_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $function$
BEGIN
    RAISE EXCEPTION 'a person''s login is set once, when they are added'
        USING ERRCODE = 'insufficient_privilege', COLUMN = 'os_account';
END
$function$
"""

AUDIT_PEOPLE_SQL = """
CREATE FUNCTION wellbeing_audit_people() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'person_added', NEW.os_account,
                (SELECT name FROM teams WHERE id = NEW.team_id));
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.team_id IS DISTINCT FROM OLD.team_id THEN
            INSERT INTO admin_audit (at, actor, action, subject, team)
            VALUES (now(), session_user, 'person_moved', NEW.os_account,
                    (SELECT name FROM teams WHERE id = NEW.team_id));
        END IF;
        IF NEW.is_admin IS DISTINCT FROM OLD.is_admin THEN
            INSERT INTO admin_audit (at, actor, action, subject, team)
            VALUES (now(), session_user,
                    CASE WHEN NEW.is_admin THEN 'admin_granted' ELSE 'admin_revoked' END,
                    NEW.os_account, NULL);
        END IF;
    ELSE
        -- Erased or removed: the trail keeps what happened, not to whom.
        UPDATE admin_audit SET subject = NULL WHERE subject = OLD.os_account;
        UPDATE admin_audit SET actor = NULL WHERE actor = OLD.os_account;
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), nullif(session_user::text, OLD.os_account), 'person_removed', NULL,
                NULL);
    END IF;
    RETURN NULL;
END
$function$
"""

AUDIT_LEADS_SQL = """
CREATE FUNCTION wellbeing_audit_team_leaders() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'lead_revoked',
                (SELECT os_account FROM people WHERE id = OLD.person_id),
                (SELECT name FROM teams WHERE id = OLD.team_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'lead_granted',
                (SELECT os_account FROM people WHERE id = NEW.person_id),
                (SELECT name FROM teams WHERE id = NEW.team_id));
    END IF;
    RETURN NULL;
END
$function$
"""

AUDIT_TEAMS_SQL = """
CREATE FUNCTION wellbeing_audit_teams() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'team_created', NULL, NEW.name);
    ELSE
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'team_deleted', NULL, OLD.name);
    END IF;
    RETURN NULL;
END
$function$
"""

AUDIT_TRIGGERS = (
    ("wellbeing_audit_people()", "people", "INSERT OR UPDATE OR DELETE", AUDIT_PEOPLE_SQL),
    (
        "wellbeing_audit_team_leaders()",
        "team_leaders",
        "INSERT OR UPDATE OR DELETE",
        AUDIT_LEADS_SQL,
    ),
    ("wellbeing_audit_teams()", "teams", "INSERT OR DELETE", AUDIT_TEAMS_SQL),
)
DEFINER_FUNCTIONS = (PERSON_ID, TRENDS, *(function for function, *_ in AUDIT_TRIGGERS))


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())


def _replace_in_trends(before: str, after: str) -> None:
    """Rewrite one line of the trend function, keeping its settings (the organisation's k)."""
    definition = str(
        op.get_bind()
        .execute(
            sa.text("SELECT pg_get_functiondef(CAST(:name AS regprocedure))"), {"name": TRENDS}
        )
        .scalar()
    )
    assert before in definition, before
    op.execute(definition.replace(before, after))


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
    op.execute(LOGIN_FIXED_SQL)
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
    for function, table, events, sql in AUDIT_TRIGGERS:
        op.execute(sql.replace("@schema@", schema))
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
    _replace_in_trends(OWNER_BEFORE, OWNER_AFTER)
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
        _replace_in_trends(OWNER_AFTER, OWNER_BEFORE)
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
