"""`wellbeing admin`: the first admin, teams, people and roles, and the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.cli import refused_field, run_cli, run_plain
from wellbeing.services import Organisation, open_database

ADMIN = "ops-admin"
AGENT = "agent"


def admin(db_url: str, *args: str, account: str = ADMIN) -> str:
    """Run an admin command that must succeed; its standard output."""
    result = run_cli(db_url, "admin", *args, account=account)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def query(db_url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def teams(db_url: str) -> list[dict[str, object]]:
    listed = json.loads(admin(db_url, "team", "list", "--json"))["teams"]
    return [{"name": team["name"], "members": team["members"]} for team in listed]


@pytest.fixture
def organised(db_url: str) -> str:
    """An admin, team Sales, and the agent in it (set up through the service, for speed)."""
    database = open_database(db_url)
    organisation = Organisation(database, ADMIN)
    organisation.bootstrap()
    organisation.create_team("Sales")
    organisation.add_person(AGENT, "Sales")
    database.dispose()
    return db_url


def test_bootstrap_makes_the_acting_person_the_first_admin(db_url: str) -> None:
    assert admin(db_url, "bootstrap") == f"{ADMIN} is now an admin.\n"
    assert query(db_url, "SELECT os_account FROM people WHERE is_admin") == [(ADMIN,)]


def test_a_second_bootstrap_is_refused_with_one_line_and_exit_1(db_url: str) -> None:
    admin(db_url, "bootstrap")
    result = run_cli(db_url, "admin", "bootstrap", account="intruder")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: there is already an admin")
    assert query(db_url, "SELECT os_account FROM people WHERE is_admin") == [(ADMIN,)]


def test_teams_are_listed_with_their_number_of_members(organised: str) -> None:
    admin(organised, "team", "create", "Billing")
    assert teams(organised) == [
        {"name": "Billing", "members": 0},
        {"name": "Sales", "members": 1},
    ]
    assert admin(organised, "team", "list").splitlines() == [
        "Billing  0 members",
        "Sales    1 member",
    ]


def test_moving_a_person_changes_their_team_or_takes_them_out(organised: str) -> None:
    admin(organised, "team", "create", "Billing")
    admin(organised, "person", "move", AGENT, "--team", "Billing")
    assert teams(organised) == [
        {"name": "Billing", "members": 1},
        {"name": "Sales", "members": 0},
    ]
    admin(organised, "person", "move", AGENT, "--no-team")
    assert [team["members"] for team in teams(organised)] == [0, 0]


def test_granting_teamleader_opens_team_trends_and_revoking_closes_them(organised: str) -> None:
    admin(organised, "grant", AGENT, "teamleader", "--team", "Sales")
    allowed = run_cli(organised, "team", "trends", "--team", "Sales", "--json", account=AGENT)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["team"] == "Sales"

    admin(organised, "revoke", AGENT, "teamleader", "--team", "Sales")
    refused = run_cli(organised, "team", "trends", "--team", "Sales", account=AGENT)
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith("error: team trends are only for teamleaders")


def test_granting_and_revoking_admin(organised: str) -> None:
    admin(organised, "grant", AGENT, "admin")
    assert admin(organised, "team", "create", "Billing", account=AGENT) == "Created team Billing.\n"
    admin(organised, "revoke", AGENT, "admin")
    assert query(organised, "SELECT os_account FROM people WHERE is_admin") == [(ADMIN,)]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["team", "create", "Support"], id="team-create"),
        pytest.param(["team", "list"], id="team-list"),
        pytest.param(["person", "add", "newcomer"], id="person-add"),
        pytest.param(["grant", AGENT, "admin"], id="grant"),
    ],
)
def test_someone_who_is_not_an_admin_is_refused_with_one_line_and_exit_1(
    organised: str, command: list[str]
) -> None:
    before = query(organised, "SELECT os_account, team_id, is_admin FROM people ORDER BY id")
    result = run_cli(organised, "admin", *command, account=AGENT)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: only an admin can do this; {AGENT!r} is not an admin"
    ]
    assert query(organised, "SELECT os_account, team_id, is_admin FROM people ORDER BY id") == (
        before
    )
    assert query(organised, "SELECT name FROM teams") == [("Sales",)]


@pytest.mark.parametrize(
    ("command", "field"),
    [
        pytest.param(["team", "create", " "], "team", id="empty-team-name"),
        pytest.param(["team", "create", "Sales"], "team", id="team-exists"),
        pytest.param(["person", "add", "no spaces please"], "account", id="bad-account"),
        pytest.param(["person", "add", AGENT], "account", id="person-exists"),
        pytest.param(["person", "add", "newcomer", "--team", "Nope"], "team", id="no-such-team"),
        pytest.param(["person", "move", AGENT], "team", id="move-without-team"),
        pytest.param(["grant", AGENT, "boss"], "role", id="unknown-role"),
        pytest.param(["grant", AGENT, "teamleader"], "team", id="teamleader-without-team"),
        pytest.param(["grant", "ghost", "admin"], "account", id="unknown-person"),
        pytest.param(["revoke", ADMIN, "admin"], "account", id="last-admin"),
        pytest.param(["revoke", AGENT, "teamleader", "--team", "Sales"], "account", id="never-led"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field_and_changes_nothing(
    organised: str, command: list[str], field: str
) -> None:
    before = query(organised, "SELECT os_account, team_id, is_admin FROM people ORDER BY id")
    result = run_cli(organised, "admin", *command, account=ADMIN)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {field}: ")
    assert query(organised, "SELECT os_account, team_id, is_admin FROM people ORDER BY id") == (
        before
    )


@pytest.mark.parametrize(
    "typed", ["sales", "SALES", " Sales ", "sAlEs\t"], ids=["lower", "upper", "spaces", "mixed"]
)
def test_a_team_name_in_other_case_or_with_spaces_is_the_same_team(
    organised: str, typed: str
) -> None:
    refused = run_cli(organised, "admin", "team", "create", typed, account=ADMIN)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == ["error: team: a team called 'Sales' already exists"]
    assert teams(organised) == [{"name": "Sales", "members": 1}]

    assert admin(organised, "person", "add", "bert", "--team", typed) == (
        "Added bert to team Sales.\n"
    )
    assert admin(organised, "person", "move", AGENT, "--team", typed) == (
        f"{AGENT} now belongs to team Sales.\n"
    )
    assert admin(organised, "grant", AGENT, "teamleader", "--team", typed) == (
        f"{AGENT} now leads team Sales.\n"
    )
    assert teams(organised) == [{"name": "Sales", "members": 2}]
    shown = run_cli(organised, "team", "trends", "--team", typed, account=AGENT)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Nobody in team Sales checked in")


def test_a_team_name_typed_with_a_decomposed_accent_is_kept_composed_and_found_so(
    organised: str,
) -> None:
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    assert admin(organised, "team", "create", decomposed) == f"Created team {composed}.\n"
    refused = run_cli(organised, "admin", "team", "create", composed, account=ADMIN)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: team: ")
    admin(organised, "person", "move", AGENT, "--team", decomposed)
    assert query(organised, "SELECT name FROM teams ORDER BY name") == [(composed,), ("Sales",)]
    assert teams(organised) == [
        {"name": composed, "members": 1},
        {"name": "Sales", "members": 0},
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["admin"],
        ["admin", "bootstrap"],
        ["admin", "team", "create"],
        ["admin", "team", "list"],
        ["admin", "person", "add"],
        ["admin", "person", "move"],
        ["admin", "grant"],
        ["admin", "revoke"],
    ],
)
def test_admin_commands_answer_help(command: list[str]) -> None:
    result = run_plain(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: wellbeing " + " ".join(command))


def test_an_admin_sets_the_organisations_k(organised: str) -> None:
    out = admin(organised, "set", "k", "7")
    assert "7" in out
    assert query(organised, "SELECT value FROM organisation_settings WHERE name = 'k'") == [(7,)]


@pytest.mark.parametrize("value", ["2", "seven", "101"])
def test_a_k_outside_3_to_100_is_refused_naming_k_with_exit_2(organised: str, value: str) -> None:
    result = run_cli(organised, "admin", "set", "k", value, account=ADMIN)
    assert result.returncode == 2
    assert result.stderr.startswith("error: k: ")
    assert query(organised, "SELECT value FROM organisation_settings WHERE name = 'k'") == []


def test_an_agent_cannot_set_k(organised: str) -> None:
    result = run_cli(organised, "admin", "set", "k", "3", account=AGENT)
    assert result.returncode == 1
    assert query(organised, "SELECT value FROM organisation_settings WHERE name = 'k'") == []


def test_an_admin_reads_the_organisations_monthly_totals(organised: str) -> None:
    result = run_cli(organised, "org", "trends", "--months", "3", "--json", account=ADMIN)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["k"] == 5 and len(data["months"]) == 3
    assert [month["visible"] for month in data["organisation_months"]] == [False] * 3
    assert [month["month"] for month in data["organisation_months"]] == data["months"]


@pytest.mark.parametrize(("lang", "month"), [("en", "Month"), ("nl", "Maand"), ("fr", "Mois")])
def test_the_organisations_totals_head_their_first_column_month(
    organised: str, lang: str, month: str
) -> None:
    result = run_cli(
        organised, "org", "trends", "--months", "3", account=ADMIN, env={"WELLBEING_LANG": lang}
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines[lines.index("") + 1]
    assert header.split()[0] == month
    # A header too wide for one line takes two; the months follow it.
    rows = [line for line in lines[lines.index("") + 2 :] if not line.startswith(" ")]
    assert [line.split()[0] for line in rows] == json.loads(
        run_cli(organised, "org", "trends", "--months", "3", "--json", account=ADMIN).stdout
    )["months"]


def test_an_agent_cannot_read_the_organisations_monthly_totals(organised: str) -> None:
    result = run_cli(organised, "org", "trends", "--months", "3", account=AGENT)
    assert result.returncode == 1
    assert result.stdout == ""


def stored_k(db_url: str) -> list[tuple[object, ...]]:
    return query(db_url, "SELECT value FROM organisation_settings WHERE name = 'k'")


def test_bootstrap_seeds_the_organisations_k_from_the_k_threshold_setting(db_url: str) -> None:
    result = run_cli(
        db_url, "admin", "bootstrap", account=ADMIN, env={"WELLBEING_K_THRESHOLD": "8"}
    )
    assert result.returncode == 0, result.stderr
    assert stored_k(db_url) == [(8,)]


@pytest.mark.parametrize("value", ["abc", "1", "101"])
def test_bootstrap_refuses_a_k_seed_outside_3_to_100_naming_it_and_writes_nothing(
    db_url: str, value: str
) -> None:
    result = run_cli(
        db_url, "admin", "bootstrap", account=ADMIN, env={"WELLBEING_K_THRESHOLD": value}
    )
    assert result.returncode == 2
    assert refused_field(result.stderr) == "WELLBEING_K_THRESHOLD"
    assert query(db_url, "SELECT os_account FROM people") == []


ORDINARY_COMMANDS = {
    "history": ["history"],
    "flags": ["flags", "--json"],
    "export": ["export"],
    "checkin": [
        "checkin",
        "--start=2026-11-26T08:00",
        "--end=2026-11-26T12:00",
        "--stress=3",
        "--energy=6",
    ],
    "admin-team-list": ["admin", "team", "list"],
    "db-purge": ["db", "purge"],
}


@pytest.mark.parametrize("command", sorted(ORDINARY_COMMANDS))
@pytest.mark.parametrize("value", ["abc", "1"])
def test_after_bootstrap_an_invalid_k_threshold_in_the_environment_is_ignored(
    organised: str, command: str, value: str
) -> None:
    account = ADMIN if command.startswith("admin") else AGENT
    env = {"WELLBEING_K_THRESHOLD": value}
    result = run_cli(organised, *ORDINARY_COMMANDS[command], account=account, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_after_bootstrap_an_invalid_k_threshold_in_the_settings_file_is_ignored(
    organised: str, tmp_path: Path
) -> None:
    config = tmp_path / "config"  # the isolated environment's config directory
    config.mkdir(exist_ok=True)
    (config / "settings.toml").write_text('k_threshold = "many"\n', encoding="utf-8")
    result = run_cli(organised, "history")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No check-ins yet.\n"


def test_after_bootstrap_another_valid_k_threshold_leaves_the_organisations_k_alone(
    organised: str,
) -> None:
    admin(organised, "set", "k", "7")
    env = {"WELLBEING_K_THRESHOLD": "3"}
    assert run_cli(organised, "history", env=env).returncode == 0
    assert run_cli(organised, "admin", "team", "list", account=ADMIN, env=env).returncode == 0
    assert stored_k(organised) == [(7,)]


def test_after_bootstrap_admin_set_k_still_changes_k_whatever_the_environment_says(
    organised: str,
) -> None:
    result = run_cli(
        organised, "admin", "set", "k", "6", account=ADMIN, env={"WELLBEING_K_THRESHOLD": "abc"}
    )
    assert result.returncode == 0, result.stderr
    assert stored_k(organised) == [(6,)]
