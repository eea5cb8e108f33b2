"""On PostgreSQL, team trends are aggregated and suppressed inside the database.

A teamleader's login reads only `wellbeing_team_trends`, which must hide exactly what the
Python `AnonymityPolicy` hides, return only the teams the login leads, and refuse windows
and thresholds that would let someone pick one person out.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import Row
from sqlalchemy.exc import DBAPIError

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from tests.support.pg_logins import Logins
from wellbeing.domain.anonymity import (
    AnonymityPolicy,
    segment_containing,
)
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import BRUSSELS
from wellbeing.domain.team_trends import (
    ORGANISATION,
    TeamTrends,
    build_team_trends_from_totals,
)
from wellbeing.presentation.team_legend import left_out_lines
from wellbeing.services import Organisation, TeamView, Wellbeing
from wellbeing.store.database import Database
from wellbeing.store.migrate import downgrade, upgrade
from wellbeing.store.models import CheckinRow, PersonRow, WeeklyLevelRow
from wellbeing.store.pg_trends import read_team_trends
from wellbeing.store.team_trends import teams_with_members, week_totals

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test"
)

# Closed weeks: they ended long before the frozen and the real "now" (27 Nov 2026).
W45, W46 = "2026-W45", "2026-W46"
WEEK_MONDAYS = {"2026-W44": date(2026, 10, 26), W45: date(2026, 11, 2), W46: date(2026, 11, 9)}
QUERY = "SELECT * FROM wellbeing_team_trends(CAST(:weeks AS text[]), :k)"


@pytest.fixture
def logins(db_url: str) -> Iterator[Logins]:
    made = Logins(db_url)
    yield made
    made.close()


@pytest.fixture
def admin(database: Database, clock: FrozenClock) -> Organisation:
    organisation = Organisation(database, "admin", clock)
    organisation.bootstrap()
    return organisation


# --- building data through the services ------------------------------------------------


def shift(
    day: date, start: int = 8, minutes: int = 480, stress: int = 4, energy: int = 6
) -> dict[str, Any]:
    """A check-in of a shift starting at `start` o'clock with a 30-minute break after 4 h."""
    begin = datetime.combine(day, datetime.min.time()) + timedelta(hours=start)
    pause = begin + timedelta(hours=4)
    return {
        "start": begin.isoformat(timespec="minutes"),
        "end": (begin + timedelta(minutes=minutes + 30)).isoformat(timespec="minutes"),
        "breaks": [
            {
                "start": pause.isoformat(timespec="minutes"),
                "end": (pause + timedelta(minutes=30)).isoformat(timespec="minutes"),
            }
        ],
        "stress": stress,
        "energy": energy,
    }


def staff(
    admin: Organisation, team: str, size: int, weeks: dict[str, int] | None = None
) -> list[str]:
    """A team of `size` people; in each week of `weeks`, that many of them check in once."""
    admin.create_team(team)
    accounts = [f"{team}-{index}" for index in range(size)]
    for account in accounts:
        admin.add_person(account, team=team)
    for week, present in (weeks or {W46: size}).items():
        for index, account in enumerate(accounts[:present]):
            day = WEEK_MONDAYS[week]
            Wellbeing(admin.db, account, admin.clock).record_checkin(
                shift(day, stress=index % 11, energy=10 - index % 11)
            )
    return accounts


def team_ids(admin: Organisation) -> dict[str, int]:
    return {team.name: team.id for team, _members in admin.teams()}


def leader(admin: Organisation, logins: Logins, *teams: str) -> str:
    login = logins.create("teamleader")
    admin.add_person(login)
    for team in teams:
        admin.grant(login, "teamleader", team=team)
    return login


def call(engine: Engine, weeks: Sequence[str], k: int = 5) -> list[Row[Any]]:
    with engine.connect() as connection:
        return list(connection.execute(text(QUERY), {"weeks": list(weeks), "k": k}))


def refusal(engine: Engine, weeks: Sequence[str], k: int = 5) -> tuple[str | None, str | None]:
    """The SQLSTATE and column of the function's refusal."""
    with pytest.raises(DBAPIError) as refused:
        call(engine, weeks, k)
    diag = refused.value.orig.diag  # type: ignore[union-attr]
    return diag.sqlstate, diag.column_name


def cells(rows: Sequence[Row[Any]], week: str = W46) -> dict[int | None, Row[Any]]:
    return {row.team_id: row for row in rows if row.iso_week == week}


def read_as(engine: Engine, weeks: Sequence[str], k: int = 5) -> TeamTrends:
    database = Database(engine)
    with database.reading() as session:
        return read_team_trends(session, weeks, k)


FIGURES = (
    "contributors",
    "mean_stress",
    "mean_energy",
    "break_compliance_percent",
    "quick_return_percent",
    "orange_or_red_percent",
    "hours_per_person",
)


# --- the attack cases of the Python domain, through a real teamleader login -------------


def test_a_team_of_four_is_hidden_with_every_figure_empty(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Small", 4)
    staff(admin, "Mid", 6)
    staff(admin, "Large", 7)
    lea = leader(admin, logins, "Small")
    small = cells(call(logins.engine(lea), [W46]))[team_ids(admin)["Small"]]
    assert small.hidden == "too_few_contributors"
    assert [getattr(small, name) for name in FIGURES] == [None] * len(FIGURES)


def test_a_teamleader_login_gets_a_team_that_answered_alike_only_as_bands(
    admin: Organisation, logins: Logins
) -> None:
    admin.create_team("Calm")
    for index in range(6):
        admin.add_person(f"calm-{index}", team="Calm")
        Wellbeing(admin.db, f"calm-{index}", admin.clock).record_checkin(
            shift(WEEK_MONDAYS[W46], stress=0, energy=10)
        )
    lea = leader(admin, logins, "Calm")
    calm = cells(call(logins.engine(lea), [W46]))[team_ids(admin)["Calm"]]
    # Everyone 0 and 10, every break in time, no quick return, nobody orange: only the
    # bands' edges leave the database (one person of six is 17 %).
    assert (calm.contributors, calm.mean_stress, calm.mean_energy) == (6, Decimal("0.5"), 9.5)
    assert (
        calm.break_compliance_percent,
        calm.quick_return_percent,
        calm.orange_or_red_percent,
    ) == (90, 10, 17)


def test_a_week_in_which_four_of_six_checked_in_is_hidden(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Six", 6, {W45: 6, W46: 4})
    staff(admin, "Seven", 7, {W45: 7, W46: 7})
    staff(admin, "Eight", 8, {W45: 8, W46: 8})
    lea = leader(admin, logins, "Six")
    rows = call(logins.engine(lea), [W45, W46])
    six = team_ids(admin)["Six"]
    assert (cells(rows, W45)[six].contributors, cells(rows, W45)[six].hidden) == (6, None)
    assert cells(rows, W46)[six].hidden == "too_few_contributors"


def test_with_one_team_hidden_the_total_minus_the_visible_teams_reveals_nobody(
    admin: Organisation, logins: Logins
) -> None:
    sizes = {"Small": 4, "Mid": 6, "Large": 7}
    for team, size in sizes.items():
        staff(admin, team, size)
    lea = leader(admin, logins, *sizes)  # the worst case: one login sees every team
    found = cells(call(logins.engine(lea), [W46]))
    ids = team_ids(admin)
    organisation = found.pop(None)
    visible = {team: row for team, row in found.items() if row.hidden is None}
    remainder = organisation.contributors - sum(row.contributors for row in visible.values())
    assert organisation.hidden is None
    assert found[ids["Small"]].hidden == "too_few_contributors"
    assert (found[ids["Mid"]].hidden, found[ids["Large"]].hidden) == (None, None)
    # The organisation's figures cover the teams shown only: nothing is left to subtract.
    assert remainder == 0
    assert organisation.contributors == sizes["Mid"] + sizes["Large"]


def test_break_compliance_of_one_person_with_long_shifts_stays_out_of_every_cell(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Long", 6)  # everyone worked 8 h and took the legal break
    admin.create_team("Mixed")
    for index in range(6):  # only Mixed-0 worked 8 h, without a break; the others 5 h
        account = f"Mixed-{index}"
        admin.add_person(account, team="Mixed")
        long = shift(WEEK_MONDAYS[W46]) | {"breaks": []}
        Wellbeing(admin.db, account, admin.clock).record_checkin(
            long if index == 0 else shift(WEEK_MONDAYS[W46], minutes=300)
        )
    lea = leader(admin, logins, "Long", "Mixed")
    found = cells(call(logins.engine(lea), [W46]))
    ids = team_ids(admin)
    assert found[ids["Mixed"]].contributors == 6
    assert found[ids["Mixed"]].break_compliance_percent is None  # not Mixed-0's 0 %
    assert found[ids["Long"]].break_compliance_percent == 90  # 100 %, as its band
    assert found[None].break_compliance_percent == 90  # Long's alone, not 6 of 7
    assert read_as(logins.engine(lea), [W46]).organisation[0].figures is not None


def test_a_teamleader_login_is_told_hidden_teams_are_left_out_without_a_count(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Small", 4)
    staff(admin, "Mid", 6)
    lea = leader(admin, logins, "Mid")
    trends = read_as(logins.engine(lea), [W46])
    # The login receives its own team's cells only, so it cannot count the hidden ones; the
    # organisation's figures say in general that hidden teams are not in them.
    assert trends.organisation[0].figures is not None
    assert trends.teams_hidden is None
    assert left_out_lines(trends) == ("A team hidden in a week is not in that week's figures.",)


# --- who may see what --------------------------------------------------------------------


def test_a_teamleader_gets_only_the_teams_they_lead_and_the_totals(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    staff(admin, "Outbound", 7)
    lea = leader(admin, logins, "Inbound")
    rows = call(logins.engine(lea), [W45, W46])
    # Nobody checked in during W45: that week has the organisation's (hidden) cell only.
    assert {(row.iso_week, row.team_id) for row in rows} == {
        (W45, None),
        (W46, None),
        (W46, team_ids(admin)["Inbound"]),
    }


def test_a_teamleader_login_that_leads_no_team_gets_only_the_totals(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    nobody = leader(admin, logins)
    assert [row.team_id for row in call(logins.engine(nobody), [W46])] == [None]


def test_an_admin_login_cannot_execute_the_team_trends_function(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    login = logins.create("admin")
    admin.add_person(login, team="Inbound")
    assert refusal(logins.engine(login), [W46]) == ("42501", None)


def test_an_agent_login_gets_only_its_own_team_and_the_totals(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    staff(admin, "Outbound", 7)
    login = logins.create("agent")
    admin.add_person(login, team="Inbound")
    rows = call(logins.engine(login), [W46])
    assert {row.team_id for row in rows} == {None, team_ids(admin)["Inbound"]}


def test_an_agent_login_in_no_team_gets_only_the_totals(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    login = logins.create("agent")
    admin.add_person(login)
    assert {row.team_id for row in call(logins.engine(login), [W46])} == {None}


def test_an_agent_logins_preview_equals_its_teamleaders_view(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    staff(admin, "Outbound", 7)
    lea = leader(admin, logins, "Inbound")
    agent = logins.create("agent")
    admin.add_person(agent, team="Inbound")
    as_agent = TeamView(Database(logins.engine(agent)), agent, admin.clock)
    as_leader = TeamView(Database(logins.engine(lea)), lea, admin.clock)
    preview = as_agent.teamleader_preview(4)
    assert preview == as_leader.trends("Inbound", 4)
    assert any(cell.visible for cell in preview.trends.teams)


def test_a_teamleader_asking_for_k_3_is_refused(admin: Organisation, logins: Logins) -> None:
    staff(admin, "Inbound", 4)
    lea = leader(admin, logins, "Inbound")
    assert refusal(logins.engine(lea), [W46], k=3) == ("42501", "k")


def test_a_teamleader_asking_for_another_k_than_the_organisations_is_refused(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    lea = leader(admin, logins, "Inbound")
    assert refusal(logins.engine(lea), [W46], k=6) == ("42501", "k")


def test_a_teamleader_without_a_k_gets_the_organisations_k(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 4)
    lea = leader(admin, logins, "Inbound")
    with logins.engine(lea).connect() as connection:
        rows = connection.execute(text("SELECT * FROM wellbeing_team_trends(ARRAY['2026-W46'])"))
        # The organisation first: no team shown, so no figures over the teams shown.
        assert [row.hidden for row in rows] == ["no_team_shown", "too_few_contributors"]


def test_an_organisation_whose_teams_are_all_hidden_is_not_said_to_have_too_few(
    admin: Organisation, logins: Logins
) -> None:
    # Twelve people, but no team of five: the same cells as `build_team_trends` gives.
    for team in ("Inbound", "Outbound", "Chat"):
        staff(admin, team, 4)
    lea = leader(admin, logins, "Inbound")
    with logins.engine(lea).connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM wellbeing_team_trends(ARRAY['2026-W46'])")
        ).all()
    assert [(row.team_id is None, row.hidden, row.contributors) for row in rows] == [
        (True, "no_team_shown", None),
        (False, "too_few_contributors", None),
    ]


def test_an_admin_sets_the_organisations_k_for_every_teamleader(
    admin: Organisation, database: Database, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    staff(admin, "Outbound", 7)
    lea = leader(admin, logins, "Inbound")
    admin.set_k(7)
    engine = logins.engine(lea)
    assert refusal(engine, [W46], k=5) == ("42501", "k")
    assert cells(call(engine, [W46], k=7))[team_ids(admin)["Inbound"]].hidden == (
        "too_few_contributors"
    )


def test_a_teamleader_cannot_change_the_organisations_k_from_their_session(
    admin: Organisation, logins: Logins
) -> None:
    staff(admin, "Inbound", 6)
    lea = leader(admin, logins, "Inbound")
    with logins.engine(lea).connect() as connection, pytest.raises(DBAPIError) as refused:
        connection.execute(text("SET wellbeing.team_trends_k = '9'"))
        connection.execute(text(QUERY), {"weeks": [W46], "k": 9})
    assert refused.value.orig.diag.column_name == "k"  # type: ignore[union-attr]


def test_the_database_owner_may_use_k_3(admin: Organisation, database: Database) -> None:
    staff(admin, "Inbound", 4)
    staff(admin, "Outbound", 3)
    found = cells(call(database.engine, [W46], k=3))
    assert [row.contributors for row in found.values()] == [7, 4, 3]


def test_a_k_below_3_is_refused_even_for_the_database_owner(database: Database) -> None:
    assert refusal(database.engine, [W46], k=2) == ("22023", "k")


@pytest.mark.parametrize(
    "week",
    ["2026-11", "2026-W00", "2025-W53", "2026-W4", " 2026-W45", "2026-w45", "last 12 weeks"],
)
def test_a_string_that_is_not_an_iso_week_is_refused(
    admin: Organisation, logins: Logins, week: str
) -> None:
    lea = leader(admin, logins)
    assert refusal(logins.engine(lea), [week]) == ("22023", "weeks")


def test_a_week_asked_for_twice_is_refused(admin: Organisation, logins: Logins) -> None:
    lea = leader(admin, logins)
    assert refusal(logins.engine(lea), [W46, W45, W46]) == ("22023", "weeks")


def test_the_week_after_the_latest_settled_one_is_refused_as_still_open(
    admin: Organisation, logins: Logins
) -> None:
    today = datetime.now(BRUSSELS).date()
    latest = AnonymityPolicy().recent_segments(today, 1)[0]
    following = segment_containing(latest.last_day + timedelta(days=1), "week")
    lea = leader(admin, logins)
    assert refusal(logins.engine(lea), [following.label]) == ("55000", "weeks")


def test_the_latest_settled_week_is_accepted(admin: Organisation, logins: Logins) -> None:
    latest = AnonymityPolicy().recent_segments(datetime.now(BRUSSELS).date(), 1)[0]
    lea = leader(admin, logins)
    assert [row.iso_week for row in call(logins.engine(lea), [latest.label])] == [latest.label]


# --- the Python wrapper ------------------------------------------------------------------


def test_the_wrapper_names_the_field_when_a_teamleader_asks_for_k_3(
    admin: Organisation, logins: Logins
) -> None:
    lea = leader(admin, logins)
    with pytest.raises(InputError) as refused:
        read_as(logins.engine(lea), [W46], k=3)
    assert refused.value.field == "k"


def test_the_wrapper_says_which_k_the_organisation_uses(
    admin: Organisation, logins: Logins
) -> None:
    lea = leader(admin, logins)
    with pytest.raises(InputError) as refused:
        read_as(logins.engine(lea), [W46], k=8)
    assert (refused.value.field, "k = 5" in str(refused.value)) == ("k", True)


def test_the_wrapper_names_the_open_week_it_refuses(admin: Organisation, logins: Logins) -> None:
    this_week = segment_containing(datetime.now(BRUSSELS).date(), "week").label
    lea = leader(admin, logins)
    with pytest.raises(InputError) as refused:
        read_as(logins.engine(lea), [W46, this_week])
    assert (refused.value.field, this_week in str(refused.value)) == ("weeks", True)


# --- equivalence with the Python policy --------------------------------------------------


@given(
    counts=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=8),
    k=st.integers(min_value=3, max_value=8),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def _same_suppression(engine: Engine, counts: list[int], k: int) -> None:
    teams = list(range(1, len(counts) + 1))
    hidden = AnonymityPolicy(k=k).suppress(
        {ORGANISATION: None, **dict.fromkeys(teams, ORGANISATION)},
        dict(zip(teams, counts, strict=True)),
    )
    expected = [hidden.get(node) for node in (ORGANISATION, *teams)]
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT wellbeing_trend_suppression(:counts, :k)"), {"counts": counts, "k": k}
        ).scalar_one()
    assert found == [None if reason is None else reason.value for reason in expected]


def test_the_database_hides_the_same_groups_as_the_python_policy(database: Database) -> None:
    _same_suppression(database.engine)


def random_organisation(admin: Organisation, rng: random.Random) -> None:
    """Teams of sizes around k, people who skip weeks, late and early shifts, levels."""
    sizes = [rng.choice([0, 2, 3, 4, 5, 5, 6, 7, 9, 12]) for _team in range(rng.randint(2, 6))]
    sizes[0] = max(sizes[0], 1)
    accounts: list[str] = []
    for number, size in enumerate(sizes):
        admin.create_team(f"team-{number}")
        for index in range(size):
            accounts.append(f"team-{number}-{index}")
            admin.add_person(accounts[-1], team=f"team-{number}")
    admin.add_person("without-team")
    for account in [*accounts, "without-team"]:
        person = Wellbeing(admin.db, account, admin.clock)
        for monday in WEEK_MONDAYS.values():
            if rng.random() < 0.2:
                continue
            for offset in sorted(rng.sample(range(7), rng.randint(1, 3))):
                person.record_checkin(random_shift(rng, monday + timedelta(days=offset)))
    levels = [
        (account, week, rng.choice(["green", "orange", "red"]))
        for account in accounts
        for week in WEEK_MONDAYS
        if rng.random() < 0.4
    ]
    admin.db.write(lambda session: add_levels(session, levels))


def random_shift(rng: random.Random, day: date) -> dict[str, Any]:
    """4 to 11 hours from 06:00-14:30, so shifts of one person never overlap."""
    begin = datetime.combine(day, datetime.min.time()) + timedelta(
        hours=rng.randint(6, 14), minutes=rng.choice([0, 30])
    )
    span = timedelta(minutes=rng.randrange(240, 661, 15))
    breaks = []
    for after, length in rng.choice([[], [(240, 30)], [(370, 15)], [(60, 10), (300, 20)]]):
        start = begin + timedelta(minutes=after)
        if start + timedelta(minutes=length) < begin + span:
            end = start + timedelta(minutes=length)
            breaks.append({"start": start.isoformat(), "end": end.isoformat()})
    return {
        "start": begin.isoformat(),
        "end": (begin + span).isoformat(),
        "breaks": breaks,
        "stress": rng.randint(0, 10),
        "energy": rng.randint(0, 10),
    }


def add_levels(session: Any, levels: list[tuple[str, str, str]]) -> None:
    ids = dict(session.execute(select(PersonRow.os_account, PersonRow.id)).all())
    for account, week, level in levels:
        # merge: the check-ins above already set the levels of the weeks they judged
        session.merge(WeeklyLevelRow(person_id=ids[account], iso_week=week, level=level))


def python_trends(database: Database, weeks: Sequence[str], k: int) -> TeamTrends:
    """What the Python path computes from the same rows (the store's sums per team), its
    cells only: the database function gives no count of hidden teams (`teams_hidden`)."""
    with database.reading() as session:
        totals = week_totals(session, weeks)
        teams = teams_with_members(session)
    computed = build_team_trends_from_totals(
        totals,
        teams=teams,
        segments=weeks,
        policy=AnonymityPolicy(k=k),
        as_of=datetime.now(BRUSSELS).date(),
    )
    return computed.model_copy(update={"teams_hidden": None})


@pytest.mark.parametrize("seed", range(8))
def test_the_database_cells_equal_the_python_cells_for_a_random_organisation(
    admin: Organisation, database: Database, logins: Logins, seed: int
) -> None:
    rng = random.Random(seed)
    random_organisation(admin, rng)
    weeks = list(WEEK_MONDAYS)
    k = rng.choice([3, 4, 5, 6])
    assert read_as(database.engine, weeks, k) == python_trends(database, weeks, k)
    led = rng.sample(sorted(team_ids(admin)), rng.randint(1, len(team_ids(admin))))
    lea = leader(admin, logins, *led)
    expected = python_trends(database, weeks, 5).for_teams(team_ids(admin)[team] for team in led)
    assert read_as(logins.engine(lea), weeks, 5) == expected


def test_a_mean_exactly_on_a_rounding_edge_is_rounded_half_up_by_both_paths(
    admin: Organisation, database: Database
) -> None:
    """Means 4/3, 7/4 and 2/3 average exactly 1.25; Python's floats, summed in person order,
    give 1.2499999999999998 (and 1.25 the other way round), so 1.2 is the figure to match."""
    admin.create_team("Edge")
    for account, stresses in {"a": [2, 1, 1], "b": [2, 2, 2, 1], "c": [1, 1, 0]}.items():
        admin.add_person(account, team="Edge")
        for offset, stress in enumerate(stresses):
            Wellbeing(database, account, admin.clock).record_checkin(
                shift(WEEK_MONDAYS[W46] + timedelta(days=offset), stress=stress)
            )
    expected = python_trends(database, [W46], 3).organisation[0].figures
    found = read_as(database.engine, [W46], k=3).organisation[0].figures
    assert expected is not None and found is not None
    assert (found.mean_stress, expected.mean_stress) == (1.3, 1.3)


# --- the revision itself -----------------------------------------------------------------


def test_downgrading_drops_the_functions_keeps_the_rows_and_upgrading_restores_them(
    admin: Organisation, database: Database
) -> None:
    for team, size in {"Small": 4, "Mid": 6, "Large": 7}.items():
        staff(admin, team, size, {W45: size, W46: size})
    before = read_as(database.engine, [W45, W46])
    functions = text(
        "SELECT count(*) FROM pg_proc WHERE proname IN "
        "('wellbeing_team_trends', 'wellbeing_trend_suppression')"
    )
    downgrade(database.engine, "0002")
    with database.engine.connect() as connection:
        assert connection.execute(functions).scalar_one() == 0
        assert connection.execute(select(func.count()).select_from(CheckinRow)).scalar_one() == 34
    upgrade(database.engine)
    assert read_as(database.engine, [W45, W46]) == before
