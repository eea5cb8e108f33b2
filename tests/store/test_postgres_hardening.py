"""On PostgreSQL the organisation's data holds against its own admins and side channels.

Every test connects as real login roles (unique names, dropped afterwards) to its own copy
of the database, so the grants it changes on catalogue views stay in that database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from tests.support.backend import BACKEND
from tests.support.cli import Ran, run_plain
from tests.support.clock import FrozenClock

# The logins and the organisation of the privacy tests (fixtures `make_login`, `organisation`
# in tests/store/conftest.py): two agents with notes, a teamleader and an admin.
from tests.support.pg_privacy import SHIFT, connect, login_url
from wellbeing.services import Organisation, Wellbeing, open_database
from wellbeing.store import personal_data
from wellbeing.store.database import Database
from wellbeing.store.migrate import alembic_config, downgrade, upgrade

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test"
)

LOCKDOWN = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "lockdown.sql"


def run_cli(url: str, account: str, *args: str) -> Ran:
    return run_plain("--db", url, "--as", account, *args)


def superuser_scalar(db_url: str, query: str, **params: object) -> object:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query), params).scalar()
    finally:
        engine.dispose()


# --- the login binding ---------------------------------------------------------------------


def test_an_admin_cannot_point_another_persons_row_at_a_login_of_their_own(
    db_url: str, organisation: dict[str, str], make_login: Callable[[str], str]
) -> None:
    own_agent_login = make_login("agent")
    with connect(db_url, organisation["adam"]) as connection, pytest.raises(ProgrammingError):
        connection.execute(
            text("UPDATE people SET os_account = :mine WHERE os_account = :an"),
            {"mine": own_agent_login, "an": organisation["an"]},
        )


def test_after_the_refused_rename_the_admins_agent_login_reads_no_one_elses_notes(
    db_url: str, organisation: dict[str, str], make_login: Callable[[str], str]
) -> None:
    own_agent_login = make_login("agent")
    with connect(db_url, organisation["adam"]) as connection:
        try:
            connection.execute(
                text("UPDATE people SET os_account = :mine WHERE os_account = :an"),
                {"mine": own_agent_login, "an": organisation["an"]},
            )
            connection.commit()
        except ProgrammingError:
            connection.rollback()
    url = login_url(db_url, own_agent_login)
    result = run_cli(url, own_agent_login, "history", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"checkins": []}
    assert "secret of an" not in result.stdout


def test_not_even_the_table_owner_can_change_the_login_a_person_is_bound_to(
    db_url: str, organisation: dict[str, str]
) -> None:
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection, pytest.raises(DBAPIError, match="set once"):
            connection.execute(
                text("UPDATE people SET os_account = 'someone.else' WHERE os_account = :an"),
                {"an": organisation["an"]},
            )
    finally:
        engine.dispose()


def test_an_admin_still_moves_people_and_grants_and_revokes_teamleaders(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    database = open_database(login_url(db_url, organisation["adam"]))
    admin = Organisation(database, organisation["adam"], clock)
    admin.create_team("Outbound")
    admin.move_person(organisation["bert"], "Outbound")
    admin.grant(organisation["bert"], "teamleader", "Outbound")
    admin.revoke(organisation["lea"], "teamleader", "Inbound")
    teams = {team.name: members for team, members in admin.teams()}
    database.dispose()
    leads = superuser_scalar(
        db_url,
        "SELECT string_agg(p.os_account || '>' || t.name, ',') FROM team_leaders AS l "
        "JOIN people AS p ON p.id = l.person_id JOIN teams AS t ON t.id = l.team_id",
    )
    assert teams == {"Inbound": 3, "Outbound": 1}
    assert leads == f"{organisation['bert']}>Outbound"


def test_an_admins_move_counts_the_week_already_checked_in_in_the_new_team(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    # bert checked in on Monday 23 November; the admin moves him on Friday the 27th, from
    # that ISO week on. The admin's login may not write anyone's sums: the database does.
    database = open_database(login_url(db_url, organisation["adam"]))
    admin = Organisation(database, organisation["adam"], clock)
    outbound = admin.create_team("Outbound")
    admin.move_person(organisation["bert"], "Outbound")
    database.dispose()
    teams = superuser_scalar(
        db_url,
        "SELECT string_agg(DISTINCT team_id::text, ',') FROM ("
        " SELECT w.team_id FROM person_week_sums AS w JOIN people AS p ON p.id = w.person_id"
        " WHERE p.os_account = :bert UNION ALL"
        " SELECT m.team_id FROM person_month_sums AS m JOIN people AS p ON p.id = m.person_id"
        " WHERE p.os_account = :bert) AS s",
        bert=organisation["bert"],
    )
    assert teams == str(outbound.id)


@pytest.mark.parametrize(
    "forged",
    [
        "stress_sum = 2147483647",  # overflowed the trend function: no week published
        "energy_sum = -5",
        "stress_sum = 11 * checkins",
        "worked_minutes = 2147483647",
        "break_taken = break_due + 1",
        "quick_returns = shifts + 1",
        "shifts = 2000000000, checkins = 2000000000",
    ],
)
def test_an_agent_cannot_give_their_weekly_sums_figures_no_check_in_could_make(
    db_url: str, organisation: dict[str, str], forged: str
) -> None:
    # The agent's login writes its own sums (the app recomputes them after each check-in),
    # and the team figures are made from them: figures out of range would be published
    # and frozen, and one overflowing value made a week's publication fail for everyone.
    with connect(db_url, organisation["an"]) as connection, pytest.raises(DBAPIError):
        for table in ("person_week_sums", "person_month_sums"):
            connection.execute(text(f"UPDATE {table} SET {forged}"))


# --- the audit trail -----------------------------------------------------------------------


def test_the_audit_trail_names_the_admin_login_that_moved_a_person(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    database = open_database(login_url(db_url, organisation["adam"]))
    admin = Organisation(database, organisation["adam"], clock)
    admin.create_team("Outbound")
    admin.move_person(organisation["bert"], "Outbound")
    latest = admin.audit_trail(1)[0]
    database.dispose()
    assert (latest.actor, latest.action, latest.subject, latest.team) == (
        organisation["adam"],
        "person_moved",
        organisation["bert"],
        "Outbound",
    )


def test_a_change_made_with_raw_sql_is_in_the_audit_trail_too(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["adam"]) as connection:
        connection.execute(
            text("UPDATE people SET is_admin = true WHERE os_account = :lea"),
            {"lea": organisation["lea"]},
        )
        connection.commit()
        latest = connection.execute(
            text("SELECT actor, action, subject FROM admin_audit ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(latest) == (organisation["adam"], "admin_granted", organisation["lea"])


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO admin_audit (at, actor, action) VALUES (now(), 'nobody', 'team_created')",
        "DELETE FROM admin_audit",
        "UPDATE admin_audit SET actor = NULL",
    ],
)
def test_an_admin_cannot_write_or_wipe_the_audit_trail(
    db_url: str, organisation: dict[str, str], statement: str
) -> None:
    with connect(db_url, organisation["adam"]) as connection, pytest.raises(ProgrammingError):
        connection.execute(text(statement))


@pytest.mark.parametrize("who", ["an", "lea"])
def test_agents_and_teamleaders_cannot_read_the_audit_trail(
    db_url: str, organisation: dict[str, str], who: str
) -> None:
    with connect(db_url, organisation[who]) as connection, pytest.raises(ProgrammingError):
        connection.execute(text("SELECT * FROM admin_audit"))


def test_the_audit_trail_holds_accounts_and_team_names_but_no_wellbeing_data(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["adam"]) as connection:
        columns = connection.execute(text("SELECT * FROM admin_audit LIMIT 0")).keys()
    assert set(columns) == {"id", "at", "actor", "action", "subject", "team"}


# --- erasure -------------------------------------------------------------------------------


def rows_about(db_url: str, person_id: int) -> dict[str, int]:
    """Every registered table's rows about the person, read as the superuser."""
    database = Database(create_engine(db_url))
    try:
        with database.reading() as session:
            exported = personal_data.export_person(session, person_id)
    finally:
        database.dispose()
    return {table: len(rows) for table, rows in exported.items()}


def test_an_agents_erase_on_postgresql_leaves_no_row_about_them(
    db_url: str, database: Database, organisation: dict[str, str], clock: FrozenClock
) -> None:
    an = organisation["an"]
    Organisation(database, "owner", clock).grant(an, "teamleader", "Inbound")
    agent_database = open_database(login_url(db_url, an))
    me = Wellbeing(agent_database, an, clock)
    me.take_survey("who5", [0, 1, 0, 1, 0], "en")
    me.check_in({**SHIFT, "start": "2026-11-24T08:00", "end": "2026-11-24T18:00", "stress": 10})
    agent_database.dispose()
    an_id = int(str(superuser_scalar(db_url, "SELECT id FROM people WHERE os_account = :a", a=an)))
    before = rows_about(db_url, an_id)
    assert all(before[table] > 0 for table in ("checkins", "flags", "survey_responses")), before
    assert before["weekly_levels"] and before["person_week_sums"] and before["team_leaders"]

    result = run_cli(login_url(db_url, an), an, "erase", "--yes")

    assert result.returncode == 0, result.stderr
    assert set(rows_about(db_url, an_id).values()) == {0}
    mentions = superuser_scalar(
        db_url, "SELECT count(*) FROM admin_audit WHERE :a IN (actor, subject)", a=an
    )
    assert mentions == 0


def test_an_admin_cannot_erase_another_person_through_the_app(
    db_url: str, organisation: dict[str, str]
) -> None:
    adam, an = organisation["adam"], organisation["an"]
    run_cli(login_url(db_url, adam), an, "erase", "--yes")
    notes = superuser_scalar(db_url, "SELECT string_agg(note, ',' ORDER BY note) FROM checkins")
    assert notes == "secret of an,secret of bert"
    kept = superuser_scalar(db_url, "SELECT count(*) FROM people WHERE os_account = :a", a=an)
    assert kept == 1


def test_an_admin_cannot_delete_another_persons_row_with_raw_sql(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["adam"]) as connection:
        deleted = connection.execute(
            text("DELETE FROM people WHERE os_account = :an"), {"an": organisation["an"]}
        ).rowcount
        connection.commit()
    assert deleted == 0
    assert superuser_scalar(db_url, "SELECT count(*) FROM checkins") == 2


@pytest.mark.parametrize("command", [["db", "purge"], ["db", "reevaluate"], ["org", "trends"]])
def test_work_on_everyones_rows_refused_to_an_admin_login_says_which_login_may_do_it(
    db_url: str, organisation: dict[str, str], command: list[str]
) -> None:
    adam = organisation["adam"]
    result = run_cli(login_url(db_url, adam), adam, *command)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: database: your login may not do this on ")
    assert "permission denied" in line and line.endswith("runs as the owner's login")


def test_an_admin_still_erases_themselves(db_url: str, organisation: dict[str, str]) -> None:
    adam = organisation["adam"]
    people = superuser_scalar(db_url, "SELECT count(*) FROM people")
    result = run_cli(login_url(db_url, adam), adam, "erase", "--yes")
    assert result.returncode == 0, result.stderr
    left = superuser_scalar(db_url, "SELECT count(*) FROM people WHERE os_account = :a", a=adam)
    assert left == 0
    assert superuser_scalar(db_url, "SELECT count(*) FROM people") == people - 1


def test_an_agents_erase_keeps_everyone_elses_rows(
    db_url: str, organisation: dict[str, str]
) -> None:
    result = run_cli(login_url(db_url, organisation["an"]), organisation["an"], "erase", "--yes")
    assert result.returncode == 0, result.stderr
    notes = superuser_scalar(db_url, "SELECT string_agg(note, ',') FROM checkins")
    assert notes == "secret of bert"


def test_a_teamleaders_erase_on_postgresql_removes_their_person_and_lead_rows(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    lea = organisation["lea"]
    database = open_database(login_url(db_url, lea))
    Wellbeing(database, lea, clock).erase()
    database.dispose()
    remaining = superuser_scalar(
        db_url,
        "SELECT (SELECT count(*) FROM people WHERE os_account = :a) "
        "+ (SELECT count(*) FROM team_leaders)",
        a=lea,
    )
    assert remaining == 0


# --- statistics and activity views ---------------------------------------------------------

# What a login could poll to learn about other logins' writes and sessions.
PROBES = {
    "table counters": "SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables",
    "all table counters": "SELECT relname, n_tup_ins FROM pg_stat_all_tables",
    "io counters": "SELECT relname, heap_blks_hit FROM pg_statio_user_tables",
    "database counters": "SELECT tup_inserted, xact_commit FROM pg_stat_database",
    "sessions": "SELECT usename, state FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
    "locks": "SELECT relation::regclass::text, pid FROM pg_locks",
    "counter function": "SELECT pg_stat_get_tuples_inserted('flags'::regclass)",
    "session function": "SELECT count(*) FROM pg_stat_get_activity(NULL)",
    "table size": "SELECT pg_total_relation_size('flags'::regclass)",
    "database size": "SELECT pg_database_size(current_database())",
}


def apply_lockdown(db_url: str) -> None:
    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            # The driver's own execute: the script's LIKE patterns are not placeholders.
            connection.connection.driver_connection.execute(LOCKDOWN.read_text())
    finally:
        engine.dispose()


def probe(db_url: str, login: str, query: str) -> str | list[tuple[object, ...]]:
    """What the login reads, or 'denied'."""
    with connect(db_url, login) as connection:
        try:
            return [tuple(row) for row in connection.execute(text(query))]
        except ProgrammingError as exc:
            assert "permission denied" in str(exc.orig)
            return "denied"


@pytest.mark.parametrize("name", sorted(PROBES))
def test_after_the_lockdown_a_teamleader_polling_statistics_learns_nothing_of_a_checkin(
    db_url: str, organisation: dict[str, str], clock: FrozenClock, name: str
) -> None:
    apply_lockdown(db_url)
    lea, an = organisation["lea"], organisation["an"]
    before = probe(db_url, lea, PROBES[name])
    agent_database = open_database(login_url(db_url, an))
    Wellbeing(agent_database, an, clock).check_in(
        {**SHIFT, "start": "2026-11-25T08:00", "end": "2026-11-25T18:00", "stress": 10}
    )
    with agent_database.engine.connect() as still_connected:
        still_connected.execute(text("SELECT count(*) FROM flags"))
        after = probe(db_url, lea, PROBES[name])
    agent_database.dispose()
    assert before == after == "denied"


def test_without_the_lockdown_a_teamleader_reads_other_logins_sessions(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["an"]) as agent:
        agent.execute(text("SELECT 1"))
        seen = probe(db_url, organisation["lea"], "SELECT usename FROM pg_stat_activity")
    assert (organisation["an"],) in seen


def test_a_teamleader_exports_their_person_and_lead_rows(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    lea = organisation["lea"]
    database = open_database(login_url(db_url, lea))
    exported = Wellbeing(database, lea, clock).export()
    database.dispose()
    tables = exported["manifest"]["tables"]
    assert (tables["people"], tables["team_leaders"], tables["checkins"]) == (1, 1, 0)
    assert tables["team_memberships"] == 1  # the team lea was added to, from that week on


# --- the revision itself -------------------------------------------------------------------


def definer_owned(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT p.proname FROM pg_proc AS p JOIN pg_roles AS r ON r.oid = p.proowner "
                    "WHERE r.rolname = 'wellbeing_definer' "
                    "AND p.pronamespace = CAST(current_schema() AS regnamespace) "
                    "ORDER BY p.proname"
                )
            ).scalars()
        )


def test_stepping_back_before_the_hardening_and_forward_again_keeps_every_person(
    database: Database, organisation: dict[str, str]
) -> None:
    before = ScriptDirectory.from_config(alembic_config()).get_revision("0006").down_revision
    people = "SELECT string_agg(os_account, ',' ORDER BY os_account) FROM people"
    with database.engine.connect() as connection:
        everyone = connection.execute(text(people)).scalar()
    downgrade(database.engine, str(before))
    stepped_back = definer_owned(database)
    upgrade(database.engine)
    with database.engine.connect() as connection:
        assert connection.execute(text(people)).scalar() == everyone
    assert stepped_back == []
    assert definer_owned(database) == [
        "wellbeing_audit_people",
        "wellbeing_audit_team_leaders",
        "wellbeing_audit_teams",
        "wellbeing_person_id",
        "wellbeing_regroup_sums",
        "wellbeing_team_trends",
    ]
