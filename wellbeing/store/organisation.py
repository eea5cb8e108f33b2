"""Teams, people and roles: who may act as whom, and who leads which team."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wellbeing.domain.anonymity import DEFAULT_K
from wellbeing.domain.errors import InputError
from wellbeing.domain.people import Person, Team, team_key
from wellbeing.i18n import _
from wellbeing.store.models import (
    OrganisationSettingRow,
    PersonRow,
    TeamLeaderRow,
    TeamMembershipRow,
    TeamRow,
)
from wellbeing.store.person_week_sums import regroup_from
from wellbeing.store.repository import find_person
from wellbeing.store.tables import rows_changed

__all__ = ["find_person"]

FROM_START = "0000-W00"  # a team membership that holds from the first week on


def _team(row: TeamRow) -> Team:
    return Team(id=row.id, name=row.name)


def _alike(session: Session, name: str) -> list[TeamRow]:
    """The team spelt `name`; else every team whose name differs from it only in case."""
    row = session.scalar(select(TeamRow).where(TeamRow.name == name))
    if row is not None:
        return [row]
    # Compared here, not in SQL: SQLite's lower() knows ASCII only. Organisations have tens
    # of teams, and a name typed as it is stored never comes this far.
    key = team_key(name)
    return [
        row
        for row in session.scalars(select(TeamRow).order_by(TeamRow.id))
        if team_key(row.name) == key
    ]


def find_team(session: Session, name: str) -> Team | None:
    """The team called `name`, however its case is typed, in the spelling it was created
    with. InputError on `team` when several look-alike teams from before revision 0015 match
    and none is spelt exactly so."""
    found = _alike(session, name)
    if len(found) > 1:
        raise InputError(
            "team",
            _(
                "several teams are called {name!r} when case is ignored: {names}; give one of "
                "these names exactly"
            ).format(name=name, names=", ".join(repr(row.name) for row in found)),
        )
    return _team(found[0]) if found else None


def team_by_id(session: Session, team_id: int) -> Team | None:
    row = session.get(TeamRow, team_id)
    return _team(row) if row else None


def require_team(session: Session, name: str) -> Team:
    team = find_team(session, name)
    if team is None:
        raise InputError("team", _("there is no team called {name!r}").format(name=name))
    return team


def _exists(name: str) -> InputError:
    return InputError("team", _("a team called {name!r} already exists").format(name=name))


def create_team(session: Session, name: str, now: datetime) -> Team:
    """A new team, refused when one of that name exists, also in other case."""
    found = _alike(session, name)
    if found:
        raise _exists(found[0].name)
    row = TeamRow(name=name, name_key=team_key(name), created_at=now)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # another admin created a look-alike meanwhile (PostgreSQL)
        raise _exists(name) from None
    return _team(row)


def list_teams(session: Session) -> list[tuple[Team, int]]:
    """Every team with its number of members (a count, never the members)."""
    members = (
        select(PersonRow.team_id, func.count().label("n")).group_by(PersonRow.team_id).subquery()
    )
    rows = session.execute(
        select(TeamRow, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.team_id == TeamRow.id)
        .order_by(TeamRow.name)
    )
    return [(_team(team), int(count)) for team, count in rows]


def add_person(session: Session, account: str, team: Team | None, now: datetime) -> Person:
    if find_person(session, account) is not None:
        raise InputError("account", _("{account!r} is already known").format(account=account))
    row = PersonRow(
        pseudonym=secrets.token_hex(8),
        os_account=account,
        team_id=team.id if team else None,
        is_admin=False,
        created_at=now,
    )
    session.add(row)
    session.flush()
    if team is not None:
        session.add(TeamMembershipRow(person_id=row.id, since_week=FROM_START, team_id=team.id))
    added = find_person(session, account)
    assert added is not None  # flushed just above, in the same transaction
    return added


def _person_row(session: Session, account: str) -> PersonRow:
    row = session.scalar(select(PersonRow).where(PersonRow.os_account == account))
    if row is None:
        raise InputError(
            "account", _("{account!r} is not known; add them first").format(account=account)
        )
    return row


def set_team(session: Session, account: str, team: Team | None, week: str) -> None:
    """Move a person from ISO week `week` on; their earlier weeks stay with their old team."""
    row = _person_row(session, account)
    history = select(TeamMembershipRow).where(TeamMembershipRow.person_id == row.id)
    if session.scalar(history.limit(1)) is None:
        # No history yet: until now they belonged to the team they have now.
        session.add(TeamMembershipRow(person_id=row.id, since_week=FROM_START, team_id=row.team_id))
        session.flush()
    new_team = team.id if team else None
    existing = session.get(TeamMembershipRow, (row.id, week))
    if existing is None:
        session.add(TeamMembershipRow(person_id=row.id, since_week=week, team_id=new_team))
    else:
        existing.team_id = new_team
    row.team_id = new_team
    regroup_from(session, row.id, week)


def organisation_k(session: Session) -> int:
    """The organisation's anonymity threshold k (`DEFAULT_K` until an admin sets one)."""
    value = session.scalar(
        select(OrganisationSettingRow.value).where(OrganisationSettingRow.name == "k")
    )
    return DEFAULT_K if value is None else int(value)


def set_organisation_k(session: Session, k: int) -> None:
    row = session.get(OrganisationSettingRow, "k")
    if row is None:
        session.add(OrganisationSettingRow(name="k", value=k))
    else:
        row.value = k


def set_admin(session: Session, account: str, is_admin: bool) -> None:
    _person_row(session, account).is_admin = is_admin


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(PersonRow.is_admin.is_(True))) or 0


def grant_lead(session: Session, account: str, team: Team) -> None:
    row = _person_row(session, account)
    exists = session.get(TeamLeaderRow, (team.id, row.id))
    if exists is None:
        session.add(TeamLeaderRow(team_id=team.id, person_id=row.id))


def revoke_lead(session: Session, account: str, team: Team) -> bool:
    """Whether the person led the team (and no longer does)."""
    row = _person_row(session, account)
    result = session.execute(
        delete(TeamLeaderRow).where(
            TeamLeaderRow.team_id == team.id, TeamLeaderRow.person_id == row.id
        )
    )
    return bool(rows_changed(result))


def led_teams(session: Session, person_id: int) -> list[Team]:
    rows = session.scalars(
        select(TeamRow)
        .join(TeamLeaderRow, TeamLeaderRow.team_id == TeamRow.id)
        .where(TeamLeaderRow.person_id == person_id)
        .order_by(TeamRow.name)
    )
    return [_team(row) for row in rows]
