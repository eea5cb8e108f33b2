"""Published weeks stay as first shown: each attack on a shown week, replayed on a real database.

Two versions of one closed week differ by one person's values: a move, a late check-in, a
correction, a deletion, an erasure or a purge, and a second k, would each give a teamleader
someone's answers. Every test publishes a week by looking at it, makes the change through
the product's own services, checks that the personal weekly sums did change (so the test can
fail), and shows that the teamleader's view of the published week has not. On PostgreSQL the
teamleader looks through a real teamleader login (the database's trend function); on SQLite
through the service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from tests.support.pg_logins import Logins
from wellbeing.domain.errors import InputError
from wellbeing.domain.team_trends import TeamTrends
from wellbeing.services import AccessDenied, Organisation, TeamView, Wellbeing, purge_expired
from wellbeing.store.database import Database
from wellbeing.store.team_trends import week_totals

W45, W46 = "2026-W45", "2026-W46"
MONDAYS = {W45: date(2026, 11, 2), W46: date(2026, 11, 9)}
W48_MONDAY = date(2026, 11, 23)
TEAMS = {"Alpha": 7, "Bravo": 6, "Charlie": 4}
STRESS = (2, 3, 4, 5, 6, 8, 7)  # "Alpha-5" is the one every attack targets

View = Callable[..., TeamTrends]


def shift(day: date, stress: int, energy: int, hours: int = 8) -> dict[str, Any]:
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=8)
    return {
        "start": start.isoformat(timespec="minutes"),
        "end": (start + timedelta(hours=hours)).isoformat(timespec="minutes"),
        "stress": stress,
        "energy": energy,
    }


@pytest.fixture
def admin(database: Database, clock: FrozenClock) -> Organisation:
    organisation = Organisation(database, "admin", clock)
    organisation.bootstrap()
    for team, size in TEAMS.items():
        organisation.create_team(team)
        for index in range(size):
            account = f"{team}-{index}"
            organisation.add_person(account, team=team)
            for week in (W45, W46):
                Wellbeing(database, account, clock).record_checkin(
                    shift(MONDAYS[week], STRESS[index], 10 - STRESS[index])
                )
    return organisation


@pytest.fixture
def view(admin: Organisation, database: Database, clock: FrozenClock) -> Iterator[View]:
    """Alpha's teamleader looking at the latest four settled weeks of a team they lead."""
    if BACKEND == "postgresql":
        logins = Logins(str(database.engine.url.render_as_string(hide_password=False)))
        login = logins.create("teamleader")
        seen = Database(logins.engine(login))
    else:
        logins, login, seen = None, "lea", database
    admin.add_person(login)
    for team in TEAMS:
        admin.grant(login, "teamleader", team=team)

    def look(team: str, weeks: int = 4) -> TeamTrends:
        return TeamView(seen, login, clock).trends(team, weeks).trends

    yield look
    if logins is not None:
        logins.close()


def live_sums(database: Database, week: str = W46) -> list[Any]:
    """What the personal weekly sums add up to now (not what is shown)."""
    with database.reading() as session:
        return week_totals(session, [week])


def assert_unchanged(view: View, before: dict[str, TeamTrends]) -> None:
    assert {team: view(team) for team in before} == before


def publish(view: View) -> dict[str, TeamTrends]:
    shown = {team: view(team) for team in TEAMS}
    alpha = {cell.segment: cell for cell in shown["Alpha"].teams}
    assert alpha[W46].figures is not None and alpha[W46].figures.contributors == 7
    return shown


def test_a_team_move_leaves_the_published_weeks_of_both_teams_as_shown(
    admin: Organisation, view: View, database: Database
) -> None:
    shown = publish(view)
    sums = live_sums(database)
    admin.move_person("Alpha-5", "Bravo")
    assert_unchanged(view, shown)
    # The move is kept for the weeks after it: past weekly sums stay in Alpha.
    assert live_sums(database) == sums


def test_a_late_check_in_for_a_published_week_changes_the_sums_but_not_the_cells(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    shown = publish(view)
    sums = live_sums(database)
    admin.add_person("Alpha-7", team="Alpha")
    Wellbeing(database, "Alpha-7", clock).record_checkin(shift(MONDAYS[W46] + timedelta(2), 1, 9))
    assert live_sums(database) != sums
    assert_unchanged(view, shown)


def test_a_correction_of_a_published_week_leaves_its_cells(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    shown = publish(view)
    sums = live_sums(database)
    person = Wellbeing(database, "Alpha-5", clock)
    latest = next(c for c in person.history() if c.shift.start.date() == MONDAYS[W46])
    person.update_checkin(latest.id, shift(MONDAYS[W46], 0, 10))
    assert live_sums(database) != sums
    assert_unchanged(view, shown)


def test_deleting_the_only_check_in_of_a_published_week_leaves_its_cells(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    shown = publish(view)
    sums = live_sums(database)
    person = Wellbeing(database, "Alpha-5", clock)
    latest = next(c for c in person.history() if c.shift.start.date() == MONDAYS[W46])
    person.delete_checkin(latest.id)
    assert live_sums(database) != sums
    assert_unchanged(view, shown)


def test_an_erasure_leaves_the_published_cells_and_nothing_personal(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    shown = publish(view)
    sums = live_sums(database)
    assert Wellbeing(database, "Alpha-5", clock).erase() > 0
    assert live_sums(database) != sums
    assert_unchanged(view, shown)
    assert Wellbeing(database, "Alpha-5", clock).export()["data"] == {}


def test_a_retention_purge_of_a_published_week_leaves_its_cells(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    september = date(2026, 9, 14)  # Monday of 2026-W38
    for index in range(TEAMS["Alpha"]):
        Wellbeing(database, f"Alpha-{index}", clock).record_checkin(
            shift(september, STRESS[index], 10 - STRESS[index])
        )
    shown = {team: view(team, 12) for team in TEAMS}
    alpha = {cell.segment: cell for cell in shown["Alpha"].teams}
    assert alpha["2026-W38"].figures is not None
    # One month kept on 27 November: everything before 28 September goes, in whole weeks.
    purge_expired(database, 1, clock, account="admin")
    assert live_sums(database, "2026-W38") == []
    assert {team: view(team, 12) for team in TEAMS} == shown


def test_a_new_k_leaves_the_weeks_already_published(
    admin: Organisation, view: View, database: Database
) -> None:
    shown = publish(view)
    charlie = {cell.segment: cell for cell in shown["Charlie"].teams}
    assert charlie[W46].figures is None  # 4 people, below k = 5
    admin.set_k(3)
    after = {team: view(team) for team in TEAMS}
    assert {team: found.teams for team, found in after.items()} == {
        team: found.teams for team, found in shown.items()
    }
    assert after["Alpha"].k == 3


def test_weeks_published_before_a_new_k_keep_theirs_and_later_weeks_take_the_new_one(
    admin: Organisation, view: View, database: Database, clock: FrozenClock
) -> None:
    shown = publish(view)  # 2026-W44 to W47, under k = 5
    admin.set_k(20)
    for index in range(TEAMS["Alpha"]):
        Wellbeing(database, f"Alpha-{index}", clock).record_checkin(
            shift(W48_MONDAY, STRESS[index], 10 - STRESS[index])
        )
    clock.set(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))  # 2026-W48 has settled

    after = {team: view(team, 5) for team in TEAMS}

    alpha = after["Alpha"]
    assert alpha.k == 20  # the organisation's k now
    assert alpha.segment_k() == {week: 5 for week in shown["Alpha"].segments} | {"2026-W48": 20}
    # The published weeks are as they were shown, with their own k.
    assert alpha.teams[:-1] == shown["Alpha"].teams
    assert {cell.k for cell in alpha.teams[:-1]} == {5}
    # Seven people in 2026-W48, fewer than the 20 it is published under: hidden, saying 20.
    latest = alpha.teams[-1]
    assert (latest.segment, latest.k, latest.figures) == ("2026-W48", 20, None)
    assert alpha.explain(latest) == "fewer than 20 people checked in: hidden to protect them"
    # Charlie's four, hidden in 2026-W46 under k = 5, are still said to be fewer than 5.
    charlie = {cell.segment: cell for cell in after["Charlie"].teams}
    assert after["Charlie"].explain(charlie[W46]) == (
        "fewer than 5 people checked in: hidden to protect them"
    )
    assert after["Charlie"].uniform_k() is None


def test_only_an_admin_sets_k(database: Database, clock: FrozenClock, admin: Organisation) -> None:
    with pytest.raises(AccessDenied):
        Organisation(database, "Alpha-0", clock).set_k(3)


@pytest.mark.parametrize("k", [2, 0, -1, True, "5", 101])
def test_a_k_outside_3_to_100_is_refused_naming_k(admin: Organisation, k: object) -> None:
    with pytest.raises(InputError) as refused:
        admin.set_k(k)
    assert refused.value.field == "k"


def test_a_purge_by_an_agent_removes_only_their_own_rows(
    admin: Organisation, database: Database, clock: FrozenClock
) -> None:
    clock.set(datetime(2027, 1, 12, 12, 0, tzinfo=UTC))
    before = live_sums(database)
    purge_expired(database, 1, clock, account="Alpha-0")
    after = live_sums(database)
    alpha_before = next(row for row in before if row.contributors == 7)
    assert [row.contributors for row in after if row.team_id == alpha_before.team_id] == [6]
    assert sum(row.contributors for row in after) == sum(r.contributors for r in before) - 1


def test_the_demo_organisation_shows_every_team_week_of_five_or_more_and_no_cell_below_k(
    database: Database,
) -> None:
    """`demo --agents 50 --days 70 --seed 1`: teams of 15, 12, 4 and 23 people."""
    from sqlalchemy import select

    from wellbeing.demo import generate_demo
    from wellbeing.store.models import PersonRow, TeamLeaderRow, TeamRow

    generate_demo(database, agents=50, days=70, seed=1, end=date(2026, 11, 22), workers=0)
    clock = FrozenClock(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    with database.reading() as session:
        leads = session.execute(
            select(TeamRow.id, TeamRow.name, PersonRow.os_account)
            .join(TeamLeaderRow, TeamLeaderRow.team_id == TeamRow.id)
            .join(PersonRow, PersonRow.id == TeamLeaderRow.person_id)
        ).all()
    eligible = shown = 0
    for team_id, name, lead in leads:
        trends = TeamView(database, lead, clock).trends(name, 12).trends
        with database.reading() as session:
            counts = {
                row.segment: row.contributors
                for row in week_totals(session, list(trends.segments))
                if row.team_id == team_id
            }
        cells = {cell.segment: cell for cell in trends.teams}
        for week, count in counts.items():
            if count >= 5:
                eligible += 1
                shown += cells[week].figures is not None
            else:
                assert cells[week].figures is None
        visible = [c.figures for c in (*trends.teams, *trends.organisation) if c.figures]
        assert all(figures.contributors >= 5 for figures in visible)
    assert eligible >= 24
    assert shown / eligible >= 0.9


@pytest.mark.skipif(BACKEND != "postgresql", reason="database roles exist on PostgreSQL only")
@pytest.mark.parametrize("table", ["published_cells", "person_week_sums"])
def test_a_teamleader_login_reads_no_published_or_personal_table_directly(
    admin: Organisation, view: View, database: Database, table: str
) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    publish(view)
    logins = Logins(database.engine.url.render_as_string(hide_password=False))
    try:
        login = logins.create("teamleader")
        with pytest.raises(DBAPIError) as refused, logins.engine(login).connect() as connection:
            connection.execute(text(f"SELECT * FROM {table}"))
        assert refused.value.orig.sqlstate == "42501"  # type: ignore[union-attr]
    finally:
        logins.close()


@pytest.mark.skipif(BACKEND != "postgresql", reason="database roles exist on PostgreSQL only")
def test_a_teamleader_login_reads_its_own_team_history_only(
    admin: Organisation, view: View, database: Database
) -> None:
    from sqlalchemy import text

    publish(view)
    logins = Logins(database.engine.url.render_as_string(hide_password=False))
    try:
        login = logins.create("teamleader")
        admin.add_person(login, team="Bravo")
        with logins.engine(login).connect() as connection:
            seen = connection.execute(
                text("SELECT p.os_account FROM team_memberships AS m JOIN people AS p "
                     "ON p.id = m.person_id")
            ).scalars().all()  # fmt: skip
        assert seen == [login]
    finally:
        logins.close()


@pytest.mark.skipif(BACKEND != "postgresql", reason="database roles exist on PostgreSQL only")
def test_an_admin_login_moves_people_and_sets_k(
    admin: Organisation, database: Database, clock: FrozenClock
) -> None:
    logins = Logins(database.engine.url.render_as_string(hide_password=False))
    try:
        login = logins.create("admin")
        admin.add_person(login)
        admin.grant(login, "admin")
        own = Organisation(Database(logins.engine(login)), login, clock)
        own.move_person("Alpha-5", "Bravo")
        own.set_k(6)
    finally:
        logins.close()
    with database.reading() as session:
        from wellbeing.store import organisation as org

        assert org.organisation_k(session) == 6
