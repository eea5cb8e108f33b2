"""The admin audit trail: who added, moved, granted or revoked whom, and when.

On PostgreSQL triggers write it as `session_user` (migration 0006), so that raw SQL leaves
the same trace as the app and no login needs the right to write it; `record` then does
nothing. On SQLite, where whoever can write the file can write anything, the app records
each change in the transaction that makes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wellbeing.store.models import AdminAuditRow

ACTIONS = (
    "team_created",
    "team_deleted",
    "person_added",
    "person_moved",
    "person_removed",
    "admin_granted",
    "admin_revoked",
    "lead_granted",
    "lead_revoked",
)


class AuditEntry(NamedTuple):
    at: datetime
    actor: str | None
    action: str
    subject: str | None
    team: str | None


def _written_by_the_database(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    team: str | None = None,
) -> None:
    """Add one entry (on SQLite; PostgreSQL's triggers have already written it)."""
    assert action in ACTIONS, action
    if _written_by_the_database(session):
        return
    session.add(AdminAuditRow(at=at, actor=actor, action=action, subject=subject, team=team))


def forget_account(session: Session, account: str) -> None:
    """Blank an erased person's account from the trail (PostgreSQL's trigger does it there)."""
    if _written_by_the_database(session):
        return
    session.execute(
        update(AdminAuditRow).where(AdminAuditRow.subject == account).values(subject=None)
    )
    session.execute(update(AdminAuditRow).where(AdminAuditRow.actor == account).values(actor=None))


def entries(session: Session, limit: int) -> list[AuditEntry]:
    """The latest entries, newest first."""
    rows = session.execute(
        select(
            AdminAuditRow.at,
            AdminAuditRow.actor,
            AdminAuditRow.action,
            AdminAuditRow.subject,
            AdminAuditRow.team,
        )
        .order_by(AdminAuditRow.at.desc(), AdminAuditRow.id.desc())
        .limit(limit)
    )
    return [AuditEntry(*row) for row in rows]
