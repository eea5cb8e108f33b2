"""What the migrations leave in PostgreSQL's catalog of functions, revision by revision.

The functions the migrations install are the database's privacy boundary (team trends,
suppression, the audit triggers), so a released revision must keep installing exactly what it
installed when it was released. `walk` upgrades a fresh database one revision at a time and
then downgrades it one at a time, and after each step takes a fingerprint of every function
of ours: its full definition as PostgreSQL prints it (`pg_get_functiondef`: header, settings
such as the organisation's k, and body, byte for byte), its owner and its grants.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import Engine, text

from wellbeing.store.migrate import downgrade, upgrade

# The k an owner set on the trend function of revision 0003 before later revisions took it
# over (None: never set), so that the walk follows the path that carries it along too.
OWNER_K = "8"

_FUNCTIONS = text(
    "SELECT p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS definition, "
    "pg_get_userbyid(p.proowner) AS owner, coalesce(p.proacl::text, '') AS grants "
    "FROM pg_proc AS p WHERE p.proname LIKE 'wellbeing%' "
    "AND p.pronamespace = CAST(current_schema() AS regnamespace) ORDER BY 1"
)


def fingerprints(engine: Engine) -> dict[str, str]:
    """Each function of ours, by signature, with a digest of its definition, owner and grants."""
    with engine.connect() as connection:
        rows = connection.execute(_FUNCTIONS).all()
    return {
        row.name: hashlib.sha256(
            "\n--\n".join((row.definition, row.owner, row.grants)).encode()
        ).hexdigest()
        for row in rows
    }


def _set_owner_k(engine: Engine, k: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "ALTER FUNCTION wellbeing_team_trends(text[], integer) "
                f"SET wellbeing.team_trends_k = '{int(k)}'"
            )
        )


def walk(engine: Engine, revisions: Sequence[str], owner_k: str | None) -> dict[str, dict]:
    """Fingerprints after each upgrade ("up 0003") and each downgrade ("down 0002") in turn."""
    steps: dict[str, dict] = {}
    for revision in revisions:
        upgrade(engine, revision)
        if revision == "0003" and owner_k is not None:
            _set_owner_k(engine, owner_k)
        steps[f"up {revision}"] = fingerprints(engine)
    for previous in reversed(revisions[:-1]):
        downgrade(engine, previous)
        steps[f"down {previous}"] = fingerprints(engine)
    return steps
