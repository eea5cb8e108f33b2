"""Admins manage teams, people and roles; nobody else can."""

from __future__ import annotations

import pytest

from tests.support.clock import FrozenClock
from wellbeing.domain.errors import InputError
from wellbeing.services import AccessDenied, Organisation
from wellbeing.store import organisation as org
from wellbeing.store.database import Database


@pytest.fixture
def admin(database: Database, clock: FrozenClock) -> Organisation:
    organisation = Organisation(database, "boss", clock)
    organisation.bootstrap()
    return organisation


def test_the_first_admin_can_bootstrap_only_once(database: Database, clock: FrozenClock) -> None:
    Organisation(database, "boss", clock).bootstrap()
    with pytest.raises(AccessDenied):
        Organisation(database, "mallory", clock).bootstrap()


def test_an_admin_creates_teams_and_adds_people(admin: Organisation) -> None:
    admin.create_team("Inbound NL")
    admin.add_person("an", team="Inbound NL")
    admin.add_person("bert", team="Inbound NL")
    [(team, members)] = admin.teams()
    assert (team.name, members) == ("Inbound NL", 2)


def test_an_agent_cannot_create_a_team(
    admin: Organisation, database: Database, clock: FrozenClock
) -> None:
    admin.add_person("an")
    with pytest.raises(AccessDenied, match="only an admin"):
        Organisation(database, "an", clock).create_team("Sneaky")


def test_a_duplicate_team_is_refused_naming_the_field(admin: Organisation) -> None:
    admin.create_team("Billing")
    with pytest.raises(InputError) as refused:
        admin.create_team("Billing")
    assert refused.value.field == "team"


def test_a_person_in_an_unknown_team_is_refused_and_not_added(admin: Organisation) -> None:
    with pytest.raises(InputError, match="no team called"):
        admin.add_person("an", team="Nowhere")
    with admin.db.reading() as session:
        assert org.find_person(session, "an") is None


def test_granting_and_revoking_teamleader(admin: Organisation) -> None:
    admin.create_team("Billing")
    admin.add_person("lea", team="Billing")
    admin.grant("lea", "teamleader", team="Billing")
    with admin.db.reading() as session:
        lea = org.find_person(session, "lea")
        assert lea is not None
        assert [t.name for t in org.led_teams(session, lea.id)] == ["Billing"]
    admin.revoke("lea", "teamleader", team="Billing")
    with admin.db.reading() as session:
        assert org.led_teams(session, lea.id) == []


def test_the_last_admin_cannot_revoke_themselves(admin: Organisation) -> None:
    with pytest.raises(InputError, match="last admin"):
        admin.revoke("boss", "admin")


def test_an_unknown_role_is_refused(admin: Organisation) -> None:
    admin.add_person("an")
    with pytest.raises(InputError) as refused:
        admin.grant("an", "overlord")
    assert refused.value.field == "role"


def test_an_account_with_spaces_is_refused(admin: Organisation) -> None:
    with pytest.raises(InputError) as refused:
        admin.add_person("an; drop table")
    assert refused.value.field == "account"
