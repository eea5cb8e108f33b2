"""Team trends through the service: roles, anonymity attacks and figures on a real database.

The organisation has four teams of 9, 6, 4 and 3 people who check in through the real
services over four closed ISO weeks. Expected figures are worked out here from the plan of
shifts (each person's mean first), never read back from the code under test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.backend import (
    BACKEND,
    copy_of_database,
    copy_sqlite_file,
    create_pg_database,
    drop_pg_database,
    pg_url,
)
from tests.support.clock import FrozenClock
from tests.support.team_plan import (
    LEADERS,
    NOTE,
    TEAMS,
    K,
    Plan,
    build_organisation,
    closed_weeks,
    expected_figures,
)
from wellbeing.domain.anonymity import SuppressionReason
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import local_midnight, to_local
from wellbeing.domain.team_suggestions import BREAK_PLANNING, WORKLOAD
from wellbeing.services import (
    AccessDenied,
    Organisation,
    TeamReport,
    TeamView,
    Wellbeing,
    open_database,
)
from wellbeing.store.database import Database
from wellbeing.store.team_trends import week_totals_query


@pytest.fixture(scope="module")
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Plan]]:
    """The organisation checked in once for this module (it takes seconds); each test that
    takes `plan` gets a copy of this database, so no test sees another's changes."""
    folder = tmp_path_factory.mktemp("organisation")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("WELLBEING_DATA_DIR", str(folder / "data"))
        environment.setenv("WELLBEING_CONFIG_DIR", str(folder / "config"))
        environment.delenv("WELLBEING_RULES_FILE", raising=False)
        if BACKEND == "postgresql":
            name = create_pg_database(request.getfixturevalue("pg_template"))
            url = pg_url(name)
        else:
            path = folder / "wellbeing.db"
            copy_sqlite_file(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite:///{path}"
        database = open_database(url)
        try:
            made = build_organisation(database, FrozenClock())
        finally:
            database.dispose()
    yield url, made
    if BACKEND == "postgresql":
        drop_pg_database(name)


@pytest.fixture
def db_url(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A test that takes `plan` works on a copy of the organisation's database."""
    if "plan" not in request.fixturenames:
        yield db_url
        return
    template, _ = request.getfixturevalue("built")
    with copy_of_database(template, tmp_path) as url:
        yield url


@pytest.fixture
def plan(built: tuple[str, Plan]) -> Plan:
    return built[1]


def view(database: Database, clock: FrozenClock, account: str, k: int = K) -> TeamView:
    """A teamleader's view; another k than the default is the organisation's, set by an admin."""
    if k != K:
        Organisation(database, "boss", clock).set_k(k)
    return TeamView(database, account, clock)


def report(database: Database, clock: FrozenClock, team: str, k: int = K) -> TeamReport:
    return view(database, clock, LEADERS[team], k).trends(team, 4)


def cells_by_week(found: TeamReport) -> dict[str, object]:
    return {cell.segment: cell for cell in found.trends.teams}


# --- what a teamleader sees ------------------------------------------------------------------


def test_a_teamleader_gets_one_cell_per_closed_week_of_their_team_only(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    found = report(database, clock, "Alpha")
    assert found.trends.segments == plan.weeks
    assert [cell.segment for cell in found.trends.teams] == list(plan.weeks)
    assert {cell.team_id for cell in found.trends.teams} == {
        team.id for team in view(database, clock, "lea").led_teams()
    }


def test_visible_figures_take_each_persons_mean_first(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    first = report(database, clock, "Alpha").trends.teams[0]
    assert first.figures is not None
    assert first.figures.model_dump() == expected_figures(plan, "Alpha", plan.weeks[0])


def test_break_compliance_has_no_figure_when_no_shift_needed_a_legal_break(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    second = report(database, clock, "Alpha").trends.teams[1]
    assert second.figures is not None
    assert second.figures.break_compliance_percent is None
    assert second.figures.model_dump() == expected_figures(plan, "Alpha", plan.weeks[1])


def test_the_orange_or_red_share_counts_people_at_orange_or_red_that_week(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    last = report(database, clock, "Alpha").trends.teams[-1]
    assert last.figures is not None
    assert last.figures.orange_or_red_percent == round(100 * 3 / 9)
    assert last.figures.model_dump() == expected_figures(plan, "Alpha", plan.weeks[-1])


def test_the_organisation_totals_cover_the_members_of_every_team_shown(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    first = report(database, clock, "Alpha").trends.organisation[0]
    assert first.figures is not None
    assert first.figures.contributors == TEAMS["Alpha"] + TEAMS["Bravo"]  # not Charlie, Delta


def test_the_organisation_totals_say_how_many_hidden_teams_they_leave_out(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    # Worked out from the plan: a team with 1 to k-1 people checking in in a week is hidden
    # (Charlie's four every week, Bravo's four in week 3, Delta's three in weeks 1 to 3).
    expected = {
        week: sum(
            0 < len({p.account for p in plan.shifts if p.team == team and p.week == week}) < K
            for team in TEAMS
        )
        for week in plan.weeks
    }
    assert list(expected.values()) == [2, 2, 3, 1]
    for team in TEAMS:  # every teamleader is told the same, whichever team they lead
        trends = report(database, clock, team).trends
        assert {week: trends.teams_hidden_in(week) for week in plan.weeks} == expected


def test_a_week_is_shown_only_two_days_after_it_ended(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    today = to_local(clock()).date()
    following_monday = today + timedelta(days=7 - today.weekday())
    this_week = f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    clock.set(local_midnight(following_monday + timedelta(days=1)) + timedelta(hours=23))
    assert report(database, clock, "Alpha").trends.segments == plan.weeks
    clock.set(local_midnight(following_monday + timedelta(days=2)))
    assert report(database, clock, "Alpha").trends.segments == (*plan.weeks[1:], this_week)


def test_a_person_counts_in_the_team_they_belonged_to_that_week(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    Organisation(database, "boss", clock).move_person("alpha9", "Bravo")
    bravo = report(database, clock, "Bravo").trends.teams[0]
    alpha = report(database, clock, "Alpha").trends.teams[0]
    assert bravo.figures is not None and alpha.figures is not None
    assert (alpha.figures.contributors, bravo.figures.contributors) == (9, 6)


def test_after_a_move_the_new_weeks_count_in_the_new_team(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    Organisation(database, "boss", clock).move_person("alpha9", "Bravo")
    week = clock() + timedelta(days=3)  # a shift in the week after the move
    clock.set(week + timedelta(hours=12))  # checked in once that shift is over
    Wellbeing(database, "alpha9", clock).record_checkin(
        {
            "start": f"{week:%Y-%m-%d}T08:00",
            "end": f"{week:%Y-%m-%d}T12:00",
            "stress": 3,
            "energy": 6,
        }
    )
    with database.reading() as session:
        teams = dict(
            session.execute(
                text(
                    "SELECT s.iso_week, s.team_id FROM person_week_sums AS s "
                    "JOIN people AS p ON p.id = s.person_id WHERE p.os_account = 'alpha9'"
                )
            ).all()
        )
        bravo = session.execute(text("SELECT id FROM teams WHERE name = 'Bravo'")).scalar_one()
    latest = max(teams)
    assert teams[latest] == bravo
    assert all(team != bravo for week_label, team in teams.items() if week_label != latest)


def test_check_ins_of_people_without_a_team_are_left_out(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    day = closed_weeks(clock())[0].isoformat()
    Wellbeing(database, "loner", clock).record_checkin(
        {"start": f"{day}T08:00", "end": f"{day}T12:00", "stress": 10, "energy": 0}
    )
    first = report(database, clock, "Alpha").trends.organisation[0]
    assert first.figures is not None
    assert first.figures.contributors == TEAMS["Alpha"] + TEAMS["Bravo"]


# --- anonymity attacks -----------------------------------------------------------------------


def test_a_team_of_four_is_hidden_in_every_week(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    cells = report(database, clock, "Charlie").trends.teams
    assert len(cells) == 4
    assert all(cell.figures is None for cell in cells)
    assert {cell.hidden for cell in cells} == {SuppressionReason.TOO_FEW_CONTRIBUTORS}


def test_a_week_where_four_of_six_people_checked_in_is_hidden(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    cells = report(database, clock, "Bravo").trends.teams
    assert [cell.figures is not None for cell in cells[:2]] == [True, True]
    assert cells[2].figures is None
    assert cells[2].hidden is SuppressionReason.TOO_FEW_CONTRIBUTORS


def test_the_team_beside_a_lone_small_team_stays_shown(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    # Last week Delta had nobody, so only Charlie (4) was small. The organisation's figures
    # cover the teams shown only, so nothing subtracts to Charlie and Bravo need not hide.
    last = report(database, clock, "Bravo").trends.teams[-1]
    organisation = report(database, clock, "Bravo").trends.organisation[-1]
    assert last.figures is not None and organisation.figures is not None
    assert organisation.figures.contributors == TEAMS["Alpha"] + last.figures.contributors


def test_organisation_totals_minus_every_visible_team_never_single_out_a_small_group(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    reports = [report(database, clock, team) for team in TEAMS]
    for index, week in enumerate(plan.weeks):
        total = reports[0].trends.organisation[index]
        assert total.figures is not None
        visible = [
            cell.figures.contributors
            for found in reports
            for cell in found.trends.teams
            if cell.segment == week and cell.figures is not None
        ]
        remainder = total.figures.contributors - sum(visible)
        assert remainder == 0 or remainder >= K, (week, remainder)


def test_a_larger_k_hides_a_team_of_six(database: Database, clock: FrozenClock, plan: Plan) -> None:
    cells = report(database, clock, "Bravo", k=7).trends.teams
    assert all(cell.figures is None for cell in cells)


def test_no_cell_a_teamleader_sees_describes_fewer_than_k_people(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    for team in TEAMS:
        trends = report(database, clock, team).trends
        for cell in (*trends.teams, *trends.organisation):
            assert cell.figures is None or cell.figures.contributors >= K


def test_no_teamleader_output_carries_a_per_person_value(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    allowed = {
        "k", "segment_kind", "segments", "teams", "organisation", "teams_hidden",
        "segment", "team_id", "figures", "hidden",
        "contributors", "mean_stress", "mean_energy", "break_compliance_percent",
        "quick_return_percent", "orange_or_red_percent", "hours_per_person",
        "code", "text", "threshold", "weeks", "evidence", "value", "band",
    }  # fmt: skip
    with database.reading() as session:
        people = session.execute(text("SELECT pseudonym, os_account FROM people")).all()
    identifiers = {value for row in people for value in row if value}

    def walk(value: object) -> Iterator[tuple[str | None, object]]:
        """Every (key, value) pair inside a dumped model, keys None inside lists."""
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key, inner
                yield from walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                yield None, inner
                yield from walk(inner)

    for team in TEAMS:
        leader = view(database, clock, LEADERS[team])
        found = leader.trends(team, 4)
        dumped = [
            found.trends.model_dump(mode="json"),
            [s.model_dump(mode="json") for s in found.suggestions],
            [t.model_dump(mode="json") for t in leader.led_teams()],
        ]
        pairs = list(walk(dumped))
        assert {key for key, _ in pairs if key is not None} <= allowed | {"id", "name"}
        assert not {value for _, value in pairs if isinstance(value, str)} & identifiers


def test_a_private_note_never_appears_in_team_output(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    for team in TEAMS:
        found = report(database, clock, team)
        assert NOTE not in repr(found)
        assert NOTE not in found.trends.model_dump_json()
        assert all(NOTE not in suggestion.message() for suggestion in found.suggestions)


# --- suggestions -----------------------------------------------------------------------------


def test_team_suggestions_follow_the_visible_weeks(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    codes = {suggestion.code for suggestion in report(database, clock, "Alpha").suggestions}
    assert codes == {BREAK_PLANNING, WORKLOAD}


def test_a_hidden_team_gets_no_suggestion_that_would_give_its_figures_away(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    # Charlie never takes a legal break, which would call for break planning if shown.
    assert report(database, clock, "Charlie").suggestions == ()


# --- roles and input -------------------------------------------------------------------------


def test_an_agent_asking_for_team_trends_is_refused(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    with pytest.raises(AccessDenied, match="only for teamleaders"):
        view(database, clock, "alpha1").trends("Alpha", 4)


def test_an_unknown_account_asking_for_team_trends_is_refused(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    with pytest.raises(AccessDenied, match="only for teamleaders"):
        view(database, clock, "stranger").trends("Alpha", 4)


def test_a_teamleader_of_one_team_asking_for_another_is_refused(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    with pytest.raises(AccessDenied, match="you lead 'Alpha', not 'Bravo'"):
        view(database, clock, "lea").trends("Bravo", 4)


def test_an_admin_who_leads_no_team_is_refused(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    with pytest.raises(AccessDenied):
        view(database, clock, "boss").trends("Alpha", 4)


def test_an_unknown_team_is_refused_naming_the_team(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    with pytest.raises(InputError) as refused:
        view(database, clock, "lea").trends("Echo", 4)
    assert refused.value.field == "team"


@pytest.mark.parametrize("weeks", [0, 53, -1, True, 4.0, "4"])
def test_weeks_outside_1_to_52_are_refused_naming_weeks(
    database: Database, clock: FrozenClock, weeks: object
) -> None:
    with pytest.raises(InputError) as refused:
        view(database, clock, "lea").trends("Alpha", weeks)  # type: ignore[arg-type]
    assert refused.value.field == "weeks"


def test_a_k_below_three_is_refused(database: Database, clock: FrozenClock) -> None:
    with pytest.raises(InputError) as refused:
        view(database, clock, "lea", k=2)
    assert refused.value.field == "k"


def test_a_team_nobody_belongs_to_has_no_cells(database: Database, clock: FrozenClock) -> None:
    admin = Organisation(database, "boss", clock)
    admin.bootstrap()
    admin.create_team("Empty")
    admin.add_person("eva")
    admin.grant("eva", "teamleader", team="Empty")
    found = view(database, clock, "eva").trends("Empty", 4)
    assert (found.trends.teams, found.suggestions) == ((), ())
    assert all(cell.figures is None for cell in found.trends.organisation)


def test_team_trends_write_no_personal_row(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    def counts() -> list[int]:
        with database.reading() as session:
            return [
                session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("people", "shifts", "checkins", "weekly_levels")
            ]

    before = counts()
    report(database, clock, "Alpha")
    with pytest.raises(AccessDenied):
        view(database, clock, "newcomer").trends("Alpha", 4)
    assert counts() == before


# --- the query -------------------------------------------------------------------------------


WEEKS_12 = [f"2026-W{number:02d}" for number in range(36, 48)]


@pytest.mark.skipif(BACKEND != "sqlite", reason="reads SQLite's query plan")
def test_the_query_reads_only_the_weeks_asked_for_through_keys_on_sqlite(
    database: Database, plan: Plan
) -> None:
    with database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        statement = week_totals_query(WEEKS_12)
        sql = statement.compile(connection, compile_kwargs={"literal_binds": True})
        steps = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    assert any(
        step.startswith("SEARCH person_week_sums USING PRIMARY KEY (iso_week=?)") for step in steps
    ), steps
    for table in ("person_week_sums", "shifts", "checkins", "people", "weekly_levels"):
        assert not any(step.startswith(f"SCAN {table}") for step in steps), steps


def _scans(node: dict[str, object]) -> Iterator[dict[str, object]]:
    if "Relation Name" in node:
        yield node
    for child in node.get("Plans", ()):  # type: ignore[attr-defined]
        yield from _scans(child)


@pytest.mark.skipif(BACKEND != "postgresql", reason="reads PostgreSQL's query plan")
def test_the_query_reads_the_weeks_asked_for_through_the_key_on_postgresql(
    database: Database, plan: Plan
) -> None:
    # The fixture is small enough that a sequential scan would win; forbidding it shows that
    # the sums are reached by an index condition on the week, never a whole-table pass.
    with database.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("ANALYZE")
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        statement = week_totals_query(WEEKS_12)
        sql = statement.compile(connection, compile_kwargs={"literal_binds": True})
        [[document]] = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}").all()
    scans = {node["Relation Name"]: node for node in _scans(document[0]["Plan"])}
    assert set(scans) <= {"person_week_sums", "people", "weekly_levels"}, scans
    assert "iso_week" in json.dumps(scans["person_week_sums"].get("Index Cond", "")), scans


# --- what my teamleader sees ----------------------------------------------------------------


@pytest.mark.parametrize("team", TEAMS)
def test_an_agents_preview_equals_their_teamleaders_view_of_the_team(
    database: Database, clock: FrozenClock, plan: Plan, team: str
) -> None:
    member = next(shift.account for shift in plan.shifts if shift.team == team)
    preview = TeamView(database, member, clock).teamleader_preview(4)
    assert preview == view(database, clock, LEADERS[team]).trends(team, 4)
    assert {cell.team_id for cell in preview.trends.teams} <= {
        found.id for found in view(database, clock, LEADERS[team]).led_teams()
    }


def test_the_preview_is_the_same_whoever_looks_first(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    member = next(shift.account for shift in plan.shifts if shift.team == "Bravo")
    first = TeamView(database, member, clock).teamleader_preview(4)  # publishes the weeks
    assert view(database, clock, LEADERS["Bravo"]).trends("Bravo", 4) == first


def test_someone_in_no_team_gets_no_preview_and_is_told_why(
    database: Database, clock: FrozenClock, plan: Plan
) -> None:
    Organisation(database, "boss", clock).add_person("loner")
    with pytest.raises(AccessDenied, match="you do not belong to a team"):
        TeamView(database, "loner", clock).teamleader_preview(4)
