"""`wellbeing team trends` as a teamleader runs it: the command line, real database, exit codes.

The organisation of tests/support/team_plan.py is built once for this module, with
shifts in the latest closed weeks before today (the command reads the real clock). The
command only reads, so every test may share it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.backend import BACKEND, create_pg_database, drop_pg_database, pg_url
from tests.support.cli import Ran, run_cli, run_plain
from tests.support.clock import FrozenClock
from tests.support.team_plan import (
    LEADERS,
    NOTE,
    TEAMS,
    Plan,
    build_organisation,
    expected_figures,
    share_edge,
)
from wellbeing.services import open_database

HIDDEN_TEXT = "fewer than 5 people checked in: hidden to protect them"


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Plan]]:
    """A database URL with the four-team organisation, and the plan it was built from."""
    if BACKEND == "postgresql":
        name = create_pg_database()
        url = pg_url(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('team') / 'wellbeing.db'}"
    database = open_database(url)
    try:
        plan = build_organisation(database)
    finally:
        database.dispose()
    yield url, plan
    if BACKEND == "postgresql":
        drop_pg_database(name)


@pytest.fixture
def db_url(organisation: tuple[str, Plan]) -> str:
    return organisation[0]


@pytest.fixture
def plan(organisation: tuple[str, Plan]) -> Plan:
    return organisation[1]


def wellbeing(db_url: str, account: str, *args: str, env: dict[str, str] | None = None) -> Ran:
    return run_cli(db_url, *args, account=account, env=env)


def trends(db_url: str, team: str, *args: str, **kwargs: Any) -> Ran:
    return wellbeing(db_url, LEADERS[team], "team", "trends", "--team", team, *args, **kwargs)


def trends_json(db_url: str, team: str, **kwargs: Any) -> dict[str, Any]:
    result = trends(db_url, team, "--weeks", "4", "--json", **kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(result: Ran, code: int, text: str) -> None:
    assert result.returncode == code
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_team_command() -> None:
    result = run_plain("--help")
    assert result.returncode == 0
    assert "team" in result.stdout.split("Commands:")[1]


@pytest.mark.each_backend  # on PostgreSQL the figures come from the database's function
def test_json_has_one_entry_per_closed_week_with_the_teams_figures(db_url: str, plan: Plan) -> None:
    data = trends_json(db_url, "Alpha")
    assert data["weeks"] == list(plan.weeks)
    first = data["team_weeks"][0]
    assert (first["week"], first["k"], first["visible"]) == (plan.weeks[0], 5, True)
    figures = {key: value for key, value in first.items() if key not in ("week", "k", "visible")}
    expected = expected_figures(plan, "Alpha", plan.weeks[0])
    bands = {name: band for name, band in edges(expected).items() if band is not None}
    assert figures == {
        **{name: None if name in bands else value for name, value in expected.items()},
        "bands": {name: {"side": side, "bound": bound} for name, (side, bound) in bands.items()},
    }


def test_json_gives_a_share_near_zero_as_a_band_instead_of_the_figure(
    db_url: str, plan: Plan
) -> None:
    first = trends_json(db_url, "Alpha")["team_weeks"][0]
    # Nobody in Alpha was at orange or red that week; the band covers at least one person.
    people = first["contributors"]
    alpha = {shift.account for shift in plan.shifts if shift.team == "Alpha"}
    assert not any(plan.levels.get((account, plan.weeks[0])) in ("orange", "red")
                   for account in alpha)  # fmt: skip
    assert first["orange_or_red_percent"] is None
    band = first["bands"]["orange_or_red_percent"]
    assert band == {"side": "at_most", "bound": max(10, math.ceil(100 / people))}
    assert band["bound"] >= 100 / people


def edges(expected: dict[str, Any]) -> dict[str, tuple[str, float] | None]:
    """Which figures sit at their band's edge (and are shown as a band), by name."""
    found: dict[str, tuple[str, float] | None] = {}
    for name, low, high in (
        ("mean_stress", 0.5, 9.5),
        ("mean_energy", 0.5, 9.5),
        *(
            (name, share_edge(name, expected["contributors"]), 0)
            for name in ("break_compliance_percent", "quick_return_percent",
                         "orange_or_red_percent")
        ),
    ):  # fmt: skip
        value = expected[name]
        high = high or 100 - low
        found[name] = (
            None
            if value is None
            else ("at_most", low)
            if value <= low
            else ("at_least", high)
            if value >= high
            else None
        )
    return found


def text_figure(expected: dict[str, Any], name: str) -> str:
    """A figure as the table prints it: "≤"/"≥" before a band's edge."""
    band = edges(expected)[name]
    prefix = "" if band is None else "≤" if band[0] == "at_most" else "≥"
    value = expected[name]
    return prefix + (f"{value:.1f}" if isinstance(value, float) else str(value))


def test_json_gives_the_reason_and_its_explanation_for_hidden_weeks(
    db_url: str, plan: Plan
) -> None:
    weeks = trends_json(db_url, "Bravo")["team_weeks"]
    # In the third week four of Bravo's six checked in; a team is hidden for itself only.
    assert [week["visible"] for week in weeks] == [True, True, False, True]
    assert weeks[2]["hidden"] == "too_few_contributors"
    assert weeks[2]["explanation"] == HIDDEN_TEXT
    assert "contributors" not in weeks[2] and "mean_stress" not in weeks[2]


def test_json_carries_the_organisation_totals_and_the_team_suggestions(
    db_url: str, plan: Plan
) -> None:
    data = trends_json(db_url, "Alpha")
    # The organisation's figures cover the teams shown: Alpha (9) and Bravo (6).
    assert data["organisation_weeks"][0]["contributors"] == TEAMS["Alpha"] + TEAMS["Bravo"]
    assert {found["code"] for found in data["suggestions"]} == {
        "team.break_planning",
        "team.workload",
    }


def test_text_explains_each_hidden_week_in_place_of_its_figures(db_url: str, plan: Plan) -> None:
    result = trends(db_url, "Charlie", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for week in plan.weeks:
        first = next(line for line in lines if line.startswith(week))  # the team's table
        assert first.split(None, 1)[1] == HIDDEN_TEXT


def test_text_shows_a_visible_week_as_a_row_of_figures(db_url: str, plan: Plan) -> None:
    result = trends(db_url, "Alpha", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    expected = expected_figures(plan, "Alpha", plan.weeks[0])
    row = next(line for line in result.stdout.splitlines() if line.startswith(plan.weeks[0]))
    assert row.split() == [
        plan.weeks[0],
        str(expected["contributors"]),
        text_figure(expected, "mean_stress"),
        text_figure(expected, "mean_energy"),
        text_figure(expected, "break_compliance_percent"),
        "%",
        text_figure(expected, "quick_return_percent"),
        "%",
        text_figure(expected, "orange_or_red_percent"),
        "%",
        f"{expected['hours_per_person']:.1f}",
    ]


def test_text_has_a_row_for_every_week_its_heading_names(db_url: str, plan: Plan) -> None:
    result = trends(db_url, "Alpha", "--weeks", "6")  # two weeks before anyone checked in
    assert result.returncode == 0, result.stderr
    team_part = result.stdout.split("Whole organisation, for comparison", 1)[0]
    rows = [line for line in team_part.splitlines() if re.match(r"20\d\d-W\d\d ", line)]
    assert [row.split()[0] for row in rows[2:]] == list(plan.weeks)
    assert [row.split(None, 1)[1] for row in rows[:2]] == ["nobody in the team checked in"] * 2
    assert f"ISO weeks {rows[0].split()[0]} to {plan.weeks[-1]}" in team_part


def left_out_lines(text: str) -> list[str]:
    """The lines under the organisation's table on hidden teams, wrapped ones included."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if re.match(r"20\d\d-(W\d\d|\d\d) ?: ", line))
    found = [lines[first]]
    for line in lines[first + 1 :]:
        if not (line.startswith("  ") or re.match(r"20\d\d-(W\d\d|\d\d) ?: ", line)):
            break
        found.append(line)
    return found


def test_text_says_how_many_hidden_teams_each_organisation_week_leaves_out(
    db_url: str, plan: Plan
) -> None:
    result = trends(db_url, "Alpha", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    below = result.stdout.split("Whole organisation, for comparison", 1)[1]
    words = " ".join(below.split())
    # Charlie (4) and Delta (3) every week, Bravo's four in week 3; Delta's nobody in week 4.
    # Weeks leaving out as many teams are said once, as a run.
    first, second, third, fourth = plan.weeks
    runs = ((f"{first} to {second}", "2 teams"), (third, "3 teams"), (fourth, "1 team"))
    for weeks, hidden in runs:
        assert (
            f"{weeks}: {hidden} hidden (fewer than 5 people checked in per team), not in these "
            "figures"
        ) in words
    assert len(re.findall(r"not in these figures", words)) == 3
    assert all(len(line) <= 80 for line in left_out_lines(below))


@pytest.mark.each_backend  # the hidden teams are counted in the published cells
def test_json_gives_each_organisation_week_the_number_of_hidden_teams_left_out(
    db_url: str, plan: Plan
) -> None:
    data = trends_json(db_url, "Bravo")
    assert [week["teams_hidden"] for week in data["organisation_weeks"]] == [2, 2, 3, 1]


def test_text_ends_with_the_team_suggestions(db_url: str, plan: Plan) -> None:
    result = trends(db_url, "Alpha", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    suggestions = " ".join(result.stdout.split("Suggestions for the team")[1].split())
    assert "Talk with the team about how breaks are planned." in suggestions
    assert "Consider the team's workload." in suggestions


@pytest.mark.each_backend  # on PostgreSQL the figures come from the database's function
def test_an_agent_is_refused_in_one_line(db_url: str) -> None:
    result = wellbeing(db_url, "alpha1", "team", "trends", "--team", "Alpha")
    assert_one_line_error(result, 1, "team trends are only for teamleaders")


def test_a_teamleader_asking_for_another_team_is_refused_in_one_line(db_url: str) -> None:
    result = wellbeing(db_url, "lea", "team", "trends", "--team", "Bravo")
    assert_one_line_error(result, 1, "you lead 'Alpha', not 'Bravo'")


def test_an_unknown_team_exits_2_naming_the_team(db_url: str) -> None:
    result = wellbeing(db_url, "lea", "team", "trends", "--team", "Echo")
    assert_one_line_error(result, 2, "error: team: there is no team called 'Echo'")


@pytest.mark.parametrize("weeks", ["0", "53", "four", "2.5"])
def test_weeks_that_are_not_1_to_52_exit_2_naming_weeks(db_url: str, weeks: str) -> None:
    result = trends(db_url, "Alpha", "--weeks", weeks)
    assert_one_line_error(result, 2, "error: weeks: must be a whole number")


def test_a_missing_team_exits_2_naming_the_option(db_url: str) -> None:
    result = wellbeing(db_url, "lea", "team", "trends")
    assert result.returncode == 2
    assert "team: is required; give --team" in result.stderr


def test_bad_weeks_are_refused_before_a_database_is_created(tmp_path: Path) -> None:
    target = tmp_path / "never.db"
    result = wellbeing(str(target), "lea", "team", "trends", "--team", "Alpha", "--weeks", "0")
    assert result.returncode == 2
    assert not target.exists()


def test_a_k_in_the_teamleaders_own_environment_changes_nothing(db_url: str, plan: Plan) -> None:
    usual = trends_json(db_url, "Delta")
    lowered = trends_json(db_url, "Delta", env={"WELLBEING_K_THRESHOLD": "3"})
    assert lowered == usual
    assert lowered["k"] == 5
    assert not any(week["visible"] for week in lowered["team_weeks"])


@pytest.mark.each_backend  # on PostgreSQL the figures come from the database's function
@pytest.mark.parametrize("team", list(TEAMS))
def test_a_private_note_never_appears_in_text_or_json(db_url: str, team: str) -> None:
    for args in (("--weeks", "4"), ("--weeks", "4", "--json")):
        result = trends(db_url, team, *args)
        assert result.returncode == 0, result.stderr
        assert NOTE not in result.stdout + result.stderr


@pytest.mark.each_backend  # on PostgreSQL the figures come from the database's function
def test_json_holds_no_value_per_person(db_url: str, plan: Plan) -> None:
    allowed = {
        "week", "k", "visible", "hidden", "explanation", "contributors", "mean_stress",
        "mean_energy", "break_compliance_percent", "quick_return_percent",
        "orange_or_red_percent", "hours_per_person", "bands", "teams_hidden",
    }  # fmt: skip
    for team in TEAMS:
        data = trends_json(db_url, team)
        assert set(data) == {
            "team", "k", "weeks", "team_weeks", "organisation_weeks", "suggestions"
        }  # fmt: skip
        for week in (*data["team_weeks"], *data["organisation_weeks"]):
            assert set(week) <= allowed
            assert week["k"] == 5  # the threshold the week was published under, not a count
            assert week.get("contributors", 5) >= 5
        accounts = {account for name in TEAMS for account in (LEADERS[name], f"{name.lower()}1")}
        assert not any(f'"{account}"' in json.dumps(data) for account in accounts)


# --- weeks published before an admin changed k ---------------------------------------------
# These tests change k, so each builds an organisation of its own with a frozen clock instead
# of sharing the module's.


@pytest.fixture
def own_organisation(tmp_path: Path) -> Iterator[tuple[str, Plan, FrozenClock]]:
    """The four-team organisation in a database of this test's own, on a frozen clock."""
    if BACKEND == "postgresql":
        name = create_pg_database()
        url = pg_url(name)
    else:
        url = f"sqlite:///{tmp_path / 'own.db'}"
    clock = FrozenClock()
    database = open_database(url)
    try:
        plan = build_organisation(database, clock)
    finally:
        database.dispose()
    yield url, plan, clock
    if BACKEND == "postgresql":
        drop_pg_database(name)


def at(url: str, clock: FrozenClock, account: str, *args: str) -> Ran:
    result = run_cli(url, *args, account=account, clock=clock)
    assert result.returncode == 0, result.stderr
    return result


def leader_json(url: str, clock: FrozenClock, team: str, weeks: int) -> dict[str, Any]:
    args = ("team", "trends", "--team", team, "--weeks", str(weeks), "--json")
    return json.loads(at(url, clock, LEADERS[team], *args).stdout)


def hidden_text(k: int) -> str:
    return f"fewer than {k} people checked in: hidden to protect them"


@pytest.fixture
def k_changed(
    own_organisation: tuple[str, Plan, FrozenClock],
) -> tuple[str, Plan, FrozenClock, dict[str, Any]]:
    """The latest two weeks published under k = 5 (Charlie's teamleader looked at them), then
    `admin set k 20`: the two weeks before them are published under k = 20 when asked for.
    Also what Charlie's teamleader saw before the change."""
    url, plan, clock = own_organisation
    before = leader_json(url, clock, "Charlie", 2)
    assert [week["week"] for week in before["team_weeks"]] == list(plan.weeks[2:])
    said = at(url, clock, "boss", "admin", "set", "k", "20").stdout
    assert "20" in said and "already published keep the k" in said
    return url, plan, clock, before


@pytest.mark.each_backend  # the organisation's k and published cells live in the database
def test_text_describes_each_week_by_the_k_it_was_published_under(
    k_changed: tuple[str, Plan, FrozenClock, dict[str, Any]],
) -> None:
    url, plan, clock, _ = k_changed
    first, second, third, fourth = plan.weeks
    args = ("team", "trends", "--team", "Charlie", "--weeks", "4")
    out = at(url, clock, LEADERS["Charlie"], *args)
    lines = out.stdout.splitlines()
    assert lines[:4] == [
        f"Team Charlie, ISO weeks {first} to {fourth}",
        "k is now 20: figures published from now on cover at least 20 people each.",
        f"{first} to {second}: published under k = 20, at least 20 people per figure",
        f"{third} to {fourth}: published under k = 5, at least 5 people per figure",
    ]
    assert "at least 20 people)" not in out.stdout  # no heading claims one k for every week
    assert all(len(line) <= 80 for line in lines[1:4])
    # Charlie (4 people) is hidden every week, each time by the k of its week.
    table = lines[4:]
    team_rows = [next(line for line in table if line.startswith(week)) for week in plan.weeks]
    assert [row.split(None, 1)[1] for row in team_rows] == [
        hidden_text(20),
        hidden_text(20),
        hidden_text(5),
        hidden_text(5),
    ]
    # The legend names no single k for the break figure either.
    assert "fewer people worked one than the k of the week" in " ".join(out.stdout.split())


@pytest.mark.each_backend  # the organisation's k and published cells live in the database
def test_json_gives_each_week_the_k_it_was_published_under(
    k_changed: tuple[str, Plan, FrozenClock, dict[str, Any]],
) -> None:
    url, plan, clock, before = k_changed
    charlie = leader_json(url, clock, "Charlie", 4)
    assert charlie["k"] == 20  # the organisation's k now, for weeks still to be published
    for cells in (charlie["team_weeks"], charlie["organisation_weeks"]):
        assert [(cell["week"], cell["k"]) for cell in cells] == [
            (plan.weeks[0], 20),
            (plan.weeks[1], 20),
            (plan.weeks[2], 5),
            (plan.weeks[3], 5),
        ]
    assert [cell["explanation"] for cell in charlie["team_weeks"]] == [
        hidden_text(20),
        hidden_text(20),
        hidden_text(5),
        hidden_text(5),
    ]
    # Nothing shown before the change is shown otherwise after it.
    assert charlie["team_weeks"][2:] == before["team_weeks"]
    assert charlie["organisation_weeks"][2:] == before["organisation_weeks"]
    # Alpha's nine people: shown in the weeks of k = 5, hidden in those of k = 20.
    alpha = leader_json(url, clock, "Alpha", 4)
    assert [(cell["k"], cell["visible"]) for cell in alpha["team_weeks"]] == [
        (20, False),
        (20, False),
        (5, True),
        (5, True),
    ]
    assert all(cell.get("contributors", 20) >= cell["k"] for cell in alpha["organisation_weeks"])


NO_TEAM_TEXT = "no team's figures can be shown here, so neither can the organisation's"


@pytest.mark.each_backend  # the organisation's k and published cells live in the database
def test_an_organisation_week_with_every_team_hidden_gives_its_own_reason_and_no_count(
    k_changed: tuple[str, Plan, FrozenClock, dict[str, Any]],
) -> None:
    url, plan, clock, _ = k_changed
    # Under k = 20 all four teams (22 people in all) are hidden: the organisation's figures,
    # taken over the teams shown, have nobody to cover, and "fewer than 20" would be false.
    charlie = leader_json(url, clock, "Charlie", 4)
    for cell in charlie["organisation_weeks"][:2]:
        assert cell == {
            "week": cell["week"],
            "k": 20,
            "visible": False,
            "hidden": "no_team_shown",
            "explanation": NO_TEAM_TEXT,
        }
    args = ("team", "trends", "--team", "Charlie", "--weeks", "4")
    out = at(url, clock, LEADERS["Charlie"], *args).stdout
    lines = out.splitlines()
    for week in plan.weeks[:2]:
        organisation_row = [line for line in lines if line.startswith(week)][-1]
        assert organisation_row.split(None, 1)[1] == NO_TEAM_TEXT
    assert "22" not in out and hidden_text(20) in out  # Charlie's own weeks keep theirs


@pytest.mark.each_backend  # the organisation's k and published cells live in the database
def test_weeks_all_published_under_an_earlier_k_say_so_and_name_the_k_now(
    own_organisation: tuple[str, Plan, FrozenClock],
) -> None:
    url, plan, clock = own_organisation
    args = ("team", "trends", "--team", "Alpha", "--weeks", "4")
    at(url, clock, LEADERS["Alpha"], *args)  # every week published under k = 5
    at(url, clock, "boss", "admin", "set", "k", "20")
    lines = at(url, clock, LEADERS["Alpha"], *args).stdout.splitlines()
    assert lines[:3] == [
        f"Team Alpha, ISO weeks {plan.weeks[0]} to {plan.weeks[-1]}",
        "k is now 20: figures published from now on cover at least 20 people each.",
        f"{plan.weeks[0]} to {plan.weeks[-1]}: published under k = 5, at least 5 people per figure",
    ]
    assert (
        "Breaks ok: of the shifts that needed a legal break, those where it was taken in time "
        "(-: no shift needed one, or fewer than 5 people worked one)."
    ) in " ".join(" ".join(lines).split())


ORG_LEFT_OUT = {
    "en": "2026-10: 2 teams hidden (fewer than 5 people checked in per team), not in these figures",
    "nl": "2026-10: 2 teams verborgen (minder dan 5 personen per team deden een check-in), niet "
    "in deze cijfers",
    "fr": "2026-10 : 2 équipes masquées (moins de 5 personnes par équipe ont fait un bilan), "
    "hors de ces chiffres",
}


@pytest.mark.each_backend  # the hidden teams are counted in the published cells
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_org_trends_say_how_many_hidden_teams_a_months_figures_leave_out(
    own_organisation: tuple[str, Plan, FrozenClock], language: str
) -> None:
    url, _plan, clock = own_organisation
    args = ("org", "trends", "--months", "2")
    result = run_cli(url, *args, account="boss", clock=clock, env={"WELLBEING_LANG": language})
    assert result.returncode == 0, result.stderr
    # October: Alpha (9) and Bravo (6) are shown; Charlie (4) and Delta (3) are left out.
    assert ORG_LEFT_OUT[language] in " ".join(result.stdout.split())
    assert all(len(line) <= 80 for line in left_out_lines(result.stdout))
    months = json.loads(at(url, clock, "boss", *args, "--json").stdout)["organisation_months"]
    # September is hidden as a whole (no team shown): no count of hidden teams goes with it.
    assert [month.get("teams_hidden") for month in months] == [None, 2]


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_every_line_of_the_team_trends_fits_80_columns(
    db_url: str, plan: Plan, language: str
) -> None:
    result = trends(db_url, "Alpha", "--weeks", "6", env={"WELLBEING_LANG": language})
    assert result.returncode == 0, result.stderr
    too_long = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert too_long == []
    # A figures row stays one line, whatever the header's words.
    rows = [line for line in result.stdout.splitlines() if line.startswith(plan.weeks[0])]
    assert len(rows[0].split()) >= 8


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_every_line_of_the_org_trends_fits_80_columns(
    own_organisation: tuple[str, Plan, FrozenClock], language: str
) -> None:
    url, _plan, clock = own_organisation
    env = {"WELLBEING_LANG": language}
    result = run_cli(url, "org", "trends", "--months", "3", account="boss", clock=clock, env=env)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if len(line) > 80] == []
