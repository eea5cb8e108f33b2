"""On PostgreSQL the database itself keeps each person's rows private, whatever SQL is sent."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from tests.support.pg_privacy import SHIFT, connect, login_url
from wellbeing.services import Organisation, Wellbeing, open_database
from wellbeing.store.database import Database

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test"
)

def test_an_agent_reads_only_their_own_checkins_with_hand_written_sql(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["an"]) as connection:
        notes = connection.execute(text("SELECT note FROM checkins")).scalars().all()
        shifts = connection.execute(text("SELECT count(*) FROM shifts")).scalar()
        breaks = connection.execute(text("SELECT count(*) FROM breaks")).scalar()
        people = connection.execute(text("SELECT os_account FROM people")).scalars().all()
    assert notes == ["secret of an"]
    assert (shifts, breaks) == (1, 1)
    assert people == [organisation["an"]]


def test_an_agent_cannot_update_or_delete_another_persons_rows(
    db_url: str, organisation: dict[str, str]
) -> None:
    with connect(db_url, organisation["an"]) as connection:
        updated = connection.execute(text("UPDATE checkins SET stress = 0")).rowcount
        deleted = connection.execute(text("DELETE FROM shifts")).rowcount
        connection.rollback()
    assert (updated, deleted) == (1, 1)  # only their own single row each time
    with connect(db_url, organisation["bert"]) as connection:
        assert connection.execute(text("SELECT stress FROM checkins")).scalar() == 4


def test_an_agent_cannot_insert_rows_for_someone_else(
    db_url: str, database: Database, organisation: dict[str, str]
) -> None:
    with database.reading() as session:
        bert = session.scalar(
            text("SELECT id FROM people WHERE os_account = :login"),
            {"login": organisation["bert"]},
        )
    with connect(db_url, organisation["an"]) as connection, pytest.raises(DBAPIError):
        connection.execute(
            text(
                "INSERT INTO weekly_levels (person_id, iso_week, level) "
                "VALUES (:id, '2026-W01', 'green')"
            ),
            {"id": bert},
        )


@pytest.mark.parametrize(
    "table",
    [
        "checkins",
        "shifts",
        "breaks",
        "survey_responses",
        "flags",
        "person_week_sums",
        "person_month_sums",
    ],
)
def test_a_teamleader_cannot_select_raw_tables(
    db_url: str, organisation: dict[str, str], table: str
) -> None:
    with connect(db_url, organisation["lea"]) as connection, pytest.raises(ProgrammingError):
        connection.execute(text(f"SELECT * FROM {table}"))


def test_an_agent_reads_only_their_own_weekly_sums_with_hand_written_sql(
    db_url: str, database: Database, organisation: dict[str, str]
) -> None:
    with database.reading() as session:
        everyone = session.scalar(text("SELECT count(DISTINCT person_id) FROM person_week_sums"))
    with connect(db_url, organisation["an"]) as connection:
        mine = connection.execute(text("SELECT DISTINCT person_id FROM person_week_sums")).all()
        updated = connection.execute(text("UPDATE person_week_sums SET shifts = 1")).rowcount
        connection.rollback()
    assert (everyone, len(mine), updated) == (2, 1, 1)


@pytest.mark.parametrize("table", ["person_week_sums", "person_month_sums", "checkins"])
def test_an_admin_cannot_read_a_persons_figures(
    db_url: str, organisation: dict[str, str], table: str
) -> None:
    with connect(db_url, organisation["adam"]) as connection, pytest.raises(ProgrammingError):
        connection.execute(text(f"SELECT * FROM {table}"))


def test_an_admin_cannot_read_notes(db_url: str, organisation: dict[str, str]) -> None:
    with connect(db_url, organisation["adam"]) as connection, pytest.raises(ProgrammingError):
        connection.execute(text("SELECT note FROM checkins"))


def test_an_admin_manages_people_and_teams(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    database = open_database(login_url(db_url, organisation["adam"]))
    admin = Organisation(database, organisation["adam"], clock)
    admin.create_team("Outbound")
    admin.add_person("newcomer", team="Outbound")
    assert {team.name: n for team, n in admin.teams()} == {"Inbound": 4, "Outbound": 1}
    database.dispose()


def test_the_app_works_for_an_agent_login_under_row_level_security(
    db_url: str, organisation: dict[str, str], clock: FrozenClock
) -> None:
    database = open_database(login_url(db_url, organisation["an"]))
    me = Wellbeing(database, organisation["an"], clock)
    me.record_checkin({**SHIFT, "start": "2026-11-24T08:00", "end": "2026-11-24T16:00"})
    assert [c.note for c in me.history()] == [None, "secret of an"]
    database.dispose()
