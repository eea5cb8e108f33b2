"""What a live PostgreSQL deployment must hold beyond the schema, checked on the server.

The migrations cannot set everything: catalogue views belong to the superuser, and roles are
cluster-wide. `deploy/postgres/setup.sql` and `lockdown.sql` do the rest, and these checks
say what is still missing. Each finding is a `Finding(code, subject)`; the service turns it
into a sentence.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

GROUPS = ("wellbeing_agent", "wellbeing_teamleader", "wellbeing_admin")
DEFINER = "wellbeing_definer"
# Built-in roles whose members may read every session's statistics.
STATISTICS_ROLES = ("pg_read_all_stats", "pg_monitor")

# Functions beside pg_stat_get_* that tell one login about others' sessions or writes: the
# lock table, and sizes that grow page by page as rows are added.
REVEALING_FUNCTIONS = (
    "pg_lock_status",
    "pg_relation_size",
    "pg_table_size",
    "pg_indexes_size",
    "pg_total_relation_size",
    "pg_database_size",
)

# The statistics views and functions lockdown.sql revokes, as it finds them.
_STATISTICS_VIEWS = text(
    r"""
    SELECT c.relname || ' (' || string_agg(g.rolname, ', ' ORDER BY g.rolname) || ')'
      FROM pg_catalog.pg_class AS c
      CROSS JOIN pg_catalog.pg_roles AS g
     WHERE c.relkind = 'v'
       AND ((c.relnamespace = 'pg_catalog'::regnamespace
             AND (c.relname LIKE 'pg\_stat\_%' OR c.relname LIKE 'pg\_statio\_%'
                  OR c.relname = 'pg_locks'))
            OR c.relname LIKE 'pg\_stat\_statements%')
       AND g.rolname = ANY (CAST(:groups AS text[]))
       AND has_table_privilege(g.oid, c.oid, 'SELECT')
     GROUP BY c.relname
     ORDER BY c.relname
    """
)
_STATISTICS_FUNCTIONS = text(
    r"""
    SELECT p.proname || ' (' || string_agg(DISTINCT g.rolname, ', ') || ')'
      FROM pg_catalog.pg_proc AS p
      CROSS JOIN pg_catalog.pg_roles AS g
     WHERE p.pronamespace = 'pg_catalog'::regnamespace
       AND (p.proname LIKE 'pg\_stat\_get\_%' OR p.proname = ANY (CAST(:functions AS text[])))
       AND g.rolname = ANY (CAST(:groups AS text[]))
       AND has_function_privilege(g.oid, p.oid, 'EXECUTE')
     GROUP BY p.proname
     ORDER BY p.proname
    """
)
_STATISTICS_MEMBERS = text(
    """
    SELECT g.rolname || ' in ' || s.rolname
      FROM pg_catalog.pg_roles AS g
      JOIN pg_catalog.pg_roles AS s ON s.rolname = ANY (CAST(:statistics AS text[]))
     WHERE g.rolname = ANY (CAST(:groups AS text[]))
       AND pg_has_role(g.oid, s.oid, 'USAGE')
     ORDER BY 1
    """
)
_DEFINER_FUNCTIONS = text(
    """
    SELECT p.proname || ' (' || r.rolname || ')'
      FROM pg_catalog.pg_proc AS p
      JOIN pg_catalog.pg_roles AS r ON r.oid = p.proowner
     WHERE p.pronamespace = CAST(current_schema() AS regnamespace) AND p.prosecdef
       AND (r.rolcanlogin OR r.rolsuper OR r.rolbypassrls)
     ORDER BY 1
    """
)
_TABLE_OWNER = text(
    """
    SELECT r.rolname
      FROM pg_catalog.pg_class AS c
      JOIN pg_catalog.pg_roles AS r ON r.oid = c.relowner
     WHERE c.oid = to_regclass('people') AND (r.rolsuper OR r.rolbypassrls)
    """
)
_LOGIN_GROUPS = text(
    """
    SELECT rolname FROM pg_catalog.pg_roles
     WHERE rolname = ANY (CAST(:roles AS text[])) AND (rolcanlogin OR rolsuper OR rolbypassrls)
     ORDER BY rolname
    """
)


class Finding(NamedTuple):
    """One thing the deployment gets wrong: what kind (`code`) and about what."""

    code: str
    subject: str


def deployment_findings(session: Session) -> list[Finding]:
    """Every deviation from the documented deployment on this server and database."""
    if session.scalar(text("SELECT to_regclass('people')")) is None:
        return [Finding("no_schema", session.scalar(text("SELECT current_database()")) or "")]
    groups = {"groups": list(GROUPS)}
    findings = [
        Finding("statistics_view", str(view)) for view in session.scalars(_STATISTICS_VIEWS, groups)
    ]
    findings += [
        Finding("statistics_function", str(function))
        for function in session.scalars(
            _STATISTICS_FUNCTIONS, {**groups, "functions": list(REVEALING_FUNCTIONS)}
        )
    ]
    findings += [
        Finding("statistics_member", str(pair))
        for pair in session.scalars(
            _STATISTICS_MEMBERS, {**groups, "statistics": list(STATISTICS_ROLES)}
        )
    ]
    findings += [
        Finding("definer_owner", str(function)) for function in session.scalars(_DEFINER_FUNCTIONS)
    ]
    findings += [Finding("superuser_owner", str(owner)) for owner in session.scalars(_TABLE_OWNER)]
    findings += [
        Finding("group_can_log_in", str(role))
        for role in session.scalars(_LOGIN_GROUPS, {"roles": [*GROUPS, DEFINER]})
    ]
    return findings
