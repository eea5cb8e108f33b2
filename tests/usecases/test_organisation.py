"""Admins manage teams, people and roles; nobody else can."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.clock import FrozenClock
from wellbeing.domain.errors import InputError
from wellbeing.services import AccessDenied, Organisation, TeamView, Wellbeing
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


# --- one team per name ---------------------------------------------------------------------

# "Café Sales" with its é as one character (NFC), and as an e and a combining accent (NFD).
COMPOSED = "Caf\u00e9 Sales"
DECOMPOSED = "Cafe\u0301 Sales"
LOOK_ALIKES = [
    pytest.param(DECOMPOSED, id="decomposed"),
    pytest.param("café sales", id="lower-case"),
    pytest.param("CAFÉ SALES", id="upper-case"),
    pytest.param(f"  {COMPOSED}\t", id="spaces-around"),
    pytest.param("CAFE\u0301 sAlEs ", id="all-at-once"),
]


def _team_names(admin: Organisation) -> list[str]:
    return [team.name for team, _members in admin.teams()]


@pytest.mark.parametrize("typed", LOOK_ALIKES)
def test_a_look_alike_of_a_team_name_makes_no_second_team(admin: Organisation, typed: str) -> None:
    admin.create_team(COMPOSED)
    with pytest.raises(InputError) as refused:
        admin.create_team(typed)
    assert refused.value.field == "team"
    assert refused.value.message == f"a team called {COMPOSED!r} already exists"
    assert _team_names(admin) == [COMPOSED]


@pytest.mark.parametrize("typed", LOOK_ALIKES)
def test_a_look_alike_of_a_team_name_finds_that_team_in_its_own_spelling(
    admin: Organisation, database: Database, clock: FrozenClock, typed: str
) -> None:
    admin.create_team(COMPOSED)
    added = admin.add_person("an", team=typed)
    admin.add_person("lea")
    assert admin.move_person("lea", typed) == added.team
    assert admin.grant("lea", "teamleader", typed) == added.team
    assert added.team is not None and added.team.name == COMPOSED
    assert admin.teams()[0][1] == 2
    report = TeamView(database, "lea", clock).trends(typed, 4)
    assert report.team == COMPOSED
    assert admin.revoke("lea", "teamleader", typed) == added.team


def test_a_team_created_decomposed_is_kept_composed(admin: Organisation) -> None:
    created = admin.create_team(DECOMPOSED)
    assert created.name == COMPOSED
    assert _team_names(admin) == [COMPOSED]


def test_the_database_refuses_a_look_alike_that_slips_past_the_check(
    admin: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two admins creating "Sales" and "sales" at once: each checks before the other wrote,
    and the unique key decides."""
    admin.create_team("Sales")
    monkeypatch.setattr(org, "_alike", lambda _session, _name: [])
    with pytest.raises(InputError, match="already exists") as refused:
        admin.create_team("SALES")
    assert refused.value.field == "team"
    monkeypatch.undo()
    assert _team_names(admin) == ["Sales"]


def _week_teams(database: Database, account: str) -> set[tuple[str, object]]:
    """The team each of `account`'s week and month sums names."""
    with database.reading() as session:
        return {
            (str(kind), team)
            for kind, team in session.execute(
                text(
                    "SELECT 'week ' || w.iso_week, w.team_id FROM person_week_sums AS w "
                    "JOIN people AS p ON p.id = w.person_id WHERE p.os_account = :a "
                    "UNION ALL SELECT 'month ' || m.month, m.team_id FROM person_month_sums AS m "
                    "JOIN people AS p ON p.id = m.person_id WHERE p.os_account = :a"
                ),
                {"a": account},
            ).all()
        }


@pytest.mark.parametrize("checked_in_first", [True, False])
def test_a_move_counts_this_weeks_check_ins_in_the_new_team_whatever_came_first(
    admin: Organisation, database: Database, clock: FrozenClock, checked_in_first: bool
) -> None:
    admin.create_team("Inbound")
    outbound = admin.create_team("Outbound")
    admin.add_person("an", team="Inbound")
    shift = {"start": "2026-11-23T08:00", "end": "2026-11-23T16:00", "stress": 4, "energy": 6}
    if checked_in_first:
        Wellbeing(database, "an", clock).record_checkin(shift)
    admin.move_person("an", "Outbound")  # on 27 November: from ISO week 2026-W48 on
    if not checked_in_first:
        Wellbeing(database, "an", clock).record_checkin(shift)
    assert _week_teams(database, "an") == {
        ("week 2026-W48", outbound.id),
        ("month 2026-11", outbound.id),
    }
