"""Organisation totals per calendar month: for admins only, each person's mean first, and
months with too few people hidden.

Six people in two teams of three check in through the real services in October 2026, two of
them in November. Expected figures are worked out here from that plan.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.clock import FrozenClock
from wellbeing.domain.anonymity import SuppressionReason
from wellbeing.domain.errors import InputError
from wellbeing.domain.rules import load_rules
from wellbeing.organisation_trends import OrganisationTrends
from wellbeing.presentation.team_legend import organisation_heading
from wellbeing.services import AccessDenied, Organisation, Wellbeing
from wellbeing.store.database import Database

K = 3
AS_OF = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
TEAMS = {"Alpha": ("a1", "a2", "a3"), "Bravo": ("b1", "b2", "b3")}
RULES = load_rules()


def check_in(database: Database, account: str, day: str, *, hours: int, stress: int) -> None:
    start = datetime.fromisoformat(f"{day}T08:00")
    clock = FrozenClock(datetime.fromisoformat(f"{day}T18:00+01:00"))
    Wellbeing(database, account, clock, rules=RULES).check_in(
        {
            "start": start,
            "end": start + timedelta(hours=hours),
            "stress": stress,
            "energy": 6,
        }
    )


@pytest.fixture
def organisation(database: Database) -> Database:
    clock = FrozenClock(datetime(2026, 9, 1, tzinfo=UTC))
    Organisation(database, "admin", clock).bootstrap()
    admin = Organisation(database, "admin", clock)
    admin.set_k(K)
    for team, people in TEAMS.items():
        admin.create_team(team)
        for account in people:
            admin.add_person(account, team)
    # a1 checks in four times, stressed; everyone else twice, calm. b1 once works 7 h
    # without a break (break.legal: orange that week); a1's stress makes them red.
    for day in ("2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"):
        check_in(database, "a1", day, hours=6, stress=8)
    for account in ("a2", "a3", "b2", "b3"):
        for day in ("2026-10-12", "2026-10-13"):
            check_in(database, account, day, hours=6, stress=2)
    check_in(database, "b1", "2026-10-19", hours=6, stress=2)
    check_in(database, "b1", "2026-10-20", hours=7, stress=2)
    for account in ("a2", "b2"):
        check_in(database, account, "2026-11-16", hours=6, stress=5)
    return database


def totals(database: Database, account: str = "admin", months: int = 2):  # type: ignore[no-untyped-def]
    return OrganisationTrends(database, account, FrozenClock(AS_OF)).monthly_totals(months)


def test_an_admin_sees_the_latest_ended_months_oldest_first(organisation: Database) -> None:
    report = totals(organisation, months=3)

    assert report.segments == ("2026-09", "2026-10", "2026-11")
    assert [cell.segment for cell in report.organisation] == list(report.segments)
    assert report.teams == ()


def test_monthly_figures_take_each_persons_mean_first(organisation: Database) -> None:
    october = totals(organisation).organisation[0].figures

    assert october is not None
    assert october.contributors == 6
    assert october.mean_stress == 3.0  # (8 + 2 * 5) / 6 people, not 52 / 14 check-ins
    assert october.hours_per_person == 14.2  # (24 + 4 * 12 + 13) / 6
    assert october.orange_or_red_percent == 33  # a1 red, b1 orange: 2 of 6


def test_a_month_in_which_no_team_reached_k_is_hidden(organisation: Database) -> None:
    november = totals(organisation).organisation[1]  # one person in each team

    assert november.figures is None
    # The totals are over the teams shown, and none was; the reason names no count.
    assert november.hidden is SuppressionReason.NO_TEAM_SHOWN


def test_the_monthly_totals_say_how_many_hidden_teams_they_leave_out(
    organisation: Database,
) -> None:
    admin = Organisation(organisation, "admin", FrozenClock(AS_OF))
    admin.create_team("Charlie")
    admin.add_person("c1", "Charlie")
    check_in(organisation, "c1", "2026-10-14", hours=6, stress=9)  # Charlie: 1 of k = 3

    report = totals(organisation)
    october = report.organisation[0]

    assert october.figures is not None
    assert october.figures.contributors == 6  # Alpha and Bravo, not Charlie's one
    assert report.teams_hidden_in("2026-10") == 1
    # November is hidden as a whole, whatever the teams: no count of hidden teams with it.
    assert report.teams_hidden_in("2026-11") is None


def test_only_an_admin_may_read_the_organisation_totals(organisation: Database) -> None:
    with pytest.raises(AccessDenied):
        totals(organisation, account="a1")


@pytest.mark.parametrize("months", [0, 121, True, "12"])
def test_the_number_of_months_is_checked_and_named(organisation: Database, months: object) -> None:
    with pytest.raises(InputError) as refused:
        totals(organisation, months=months)  # type: ignore[arg-type]

    assert refused.value.field == "months"


def test_months_published_before_an_admin_changed_k_keep_theirs(organisation: Database) -> None:
    before = totals(organisation)  # October and November published under k = 3
    Organisation(organisation, "admin", FrozenClock(AS_OF)).set_k(20)

    report = totals(organisation, months=3)  # September is published now, under k = 20

    assert report.k == 20
    assert [(cell.segment, cell.k) for cell in report.organisation] == [
        ("2026-09", 20),
        ("2026-10", K),
        ("2026-11", K),
    ]
    assert report.organisation[1:] == before.organisation  # nothing shown otherwise
    november = report.organisation[2]
    no_team = "no team's figures can be shown here, so neither can the organisation's"
    assert report.explain(november) == no_team
    assert report.explain(report.organisation[0]) == no_team
    assert organisation_heading(report) == (
        "Whole organisation, months 2026-09 to 2026-11 (in the teams shown)",
        "k is now 20: figures published from now on cover at least 20 people each.",
        "2026-09: published under k = 20, at least 20 people per figure",
        "2026-10 to 2026-11: published under k = 3, at least 3 people per figure",
    )


def test_months_all_published_under_the_k_in_force_have_a_one_line_heading(
    organisation: Database,
) -> None:
    assert organisation_heading(totals(organisation)) == (
        "Whole organisation, months 2026-10 to 2026-11 (each figure covers at least 3 people, "
        "in the teams shown)",
    )
