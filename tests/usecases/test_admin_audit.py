"""The admin audit trail, and the one registry that export and erasure read.

These run on either backend. On PostgreSQL the trail is written by triggers as the login
that connected (the suite's superuser here), on SQLite by the app as the acting account.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import ForeignKey
from sqlalchemy.engine import make_url

from tests.support.cli import run_cli
from tests.support.clock import FrozenClock
from wellbeing.domain.errors import InputError
from wellbeing.services import AccessDenied, Organisation, Wellbeing
from wellbeing.store import personal_data
from wellbeing.store.database import Database
from wellbeing.store.models import Base

ADMIN = "ops-admin"


def actor(db_url: str) -> str:
    """Who the trail names for the changes these tests make."""
    url = make_url(db_url)
    return url.username or "" if url.get_backend_name() == "postgresql" else ADMIN


@pytest.fixture
def admin(database: Database, clock: FrozenClock) -> Organisation:
    organisation = Organisation(database, ADMIN, clock)
    organisation.bootstrap()
    return organisation


def test_every_change_to_teams_people_and_roles_is_in_the_trail_newest_first(
    admin: Organisation, db_url: str
) -> None:
    admin.create_team("Inbound")
    admin.create_team("Outbound")
    admin.add_person("an", team="Inbound")
    admin.move_person("an", "Outbound")
    admin.grant("an", "teamleader", team="Outbound")
    admin.revoke("an", "teamleader", team="Outbound")
    found = [(e.actor, e.action, e.subject, e.team) for e in admin.audit_trail(6)]
    who = actor(db_url)
    assert found == [
        (who, "lead_revoked", "an", "Outbound"),
        (who, "lead_granted", "an", "Outbound"),
        (who, "person_moved", "an", "Outbound"),
        (who, "person_added", "an", "Inbound"),
        (who, "team_created", None, "Outbound"),
        (who, "team_created", None, "Inbound"),
    ]


def test_an_agent_cannot_read_the_audit_trail(
    admin: Organisation, database: Database, clock: FrozenClock
) -> None:
    admin.add_person("an")
    with pytest.raises(AccessDenied):
        Organisation(database, "an", clock).audit_trail()


def test_an_erased_persons_account_is_blanked_from_the_trail(
    admin: Organisation, database: Database, clock: FrozenClock
) -> None:
    admin.create_team("Inbound")
    admin.add_person("an", team="Inbound")
    admin.grant("an", "teamleader", team="Inbound")
    Wellbeing(database, "an", clock).erase()
    mentioned = [e for e in admin.audit_trail() if "an" in (e.actor, e.subject)]
    assert mentioned == []


def test_an_audit_limit_out_of_range_is_refused_naming_limit(admin: Organisation) -> None:
    with pytest.raises(InputError) as refused:
        admin.audit_trail(0)
    assert refused.value.field == "limit"


def test_admin_audit_json_lists_the_entries_on_the_command_line(db_url: str) -> None:
    for args in (("bootstrap",), ("team", "create", "Inbound")):
        assert run_cli(db_url, "admin", *args, account=ADMIN).returncode == 0
    result = run_cli(db_url, "admin", "audit", "--json", account=ADMIN)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert (entries[0]["action"], entries[0]["team"]) == ("team_created", "Inbound")


def test_admin_audit_with_a_bad_limit_exits_2_naming_limit(db_url: str) -> None:
    result = run_cli(db_url, "admin", "audit", "--limit", "many", account=ADMIN)
    assert result.returncode == 2
    assert "limit" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_table_that_refers_to_a_person_is_registered_for_export_and_erasure() -> None:
    registered = set(personal_data.export_tables())
    referring = {
        table.name
        for table in Base.metadata.sorted_tables
        for key in table.foreign_keys
        if isinstance(key, ForeignKey) and key.column.table.name == "people"
    }
    assert referring <= registered
    assert "breaks" in registered  # refers to a person through their shifts
