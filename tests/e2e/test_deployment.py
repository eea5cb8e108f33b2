"""The README's organisation deployment, run as written, and `db check-deployment`.

The deployment steps are taken from README.md between its `deployment-steps` markers and run
with bash, as a DBA would paste them, with unique names for the database and every role (the
names are the first lines' variables). After the superuser's first step, only the owner,
the admin and people's logins connect. The database, the logins and the owner role are
dropped afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.backend import BACKEND, PG_URL
from tests.support.cli import refused_field

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE = Path(sys.executable).parent / "wellbeing"
STEPS = re.compile(
    r"<!-- deployment-steps:begin -->\s*```sh\n(?P<script>.*?)```\s*<!-- deployment-steps:end -->",
    re.DOTALL,
)
SUPERUSER_STEP, OWNER_STEP = "# 1. As a superuser", "# 2. As the owner"


def readme_steps() -> str:
    found = STEPS.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None, "README.md lost its deployment steps"
    return found.group("script")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_the_superuser_appears_only_in_the_first_step_of_the_readme() -> None:
    script = readme_steps()
    later = script[script.index(OWNER_STEP) :]
    assert SUPERUSER_STEP in script
    assert "-U postgres" in script[: script.index(OWNER_STEP)]
    assert "postgres" not in later.replace("postgresql://", "")


def test_check_deployment_on_an_sqlite_file_says_there_is_nothing_to_check(
    tmp_path: Path,
) -> None:
    result = run_cli("--db", str(tmp_path / "mine.db"), "db", "check-deployment", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"applies": False, "problems": []}


needs_server = pytest.mark.skipif(
    BACKEND != "postgresql", reason="runs in the PostgreSQL pass of make test"
)


class Deployment:
    """The names one run of the README steps used, and URLs to connect as each login."""

    def __init__(self) -> None:
        suffix = uuid.uuid4().hex[:8]
        self.names = {
            "WELLBEING_DATABASE": f"wb_deploy_{suffix}",
            "WELLBEING_OWNER": f"wb_owner_{suffix}",
            "ADMIN": f"wb_admin_{suffix}",
            "LEADER": f"wb_lead_{suffix}",
            "AGENT": f"wb_agent_{suffix}",
        }
        self.server = make_url(PG_URL)

    def url(self, login: str) -> str:
        return self.server.set(
            drivername="postgresql", username=login, database=self.names["WELLBEING_DATABASE"]
        ).render_as_string(hide_password=False)

    def superuser_url(self) -> str:
        return self.server.set(database=self.names["WELLBEING_DATABASE"]).render_as_string(
            hide_password=False
        )

    def run(self) -> subprocess.CompletedProcess[str]:
        environment = {
            **os.environ,
            **self.names,
            "PGHOST": self.server.host or "127.0.0.1",
            "PGPORT": str(self.server.port or 5432),
            "PATH": f"{EXECUTABLE.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", readme_steps()],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def remove(self) -> None:
        engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            database = self.names["WELLBEING_DATABASE"]
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for key in ("ADMIN", "LEADER", "AGENT"):
                connection.execute(text(f'DROP ROLE IF EXISTS "{self.names[key]}"'))
            owner = self.names["WELLBEING_OWNER"]
            exists = connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :owner"), {"owner": owner}
            ).scalar()
            if exists:
                # Its grants on cluster-wide objects (a parameter, role memberships) go too.
                connection.execute(text(f'DROP OWNED BY "{owner}"'))
                connection.execute(text(f'DROP ROLE "{owner}"'))
        engine.dispose()


@pytest.fixture(scope="module")
def deployed() -> Iterator[tuple[Deployment, subprocess.CompletedProcess[str]]]:
    """One organisation deployed from a fresh database by the README's steps."""
    if BACKEND != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of make test")
    if shutil.which("psql") is None:
        pytest.fail("the README's steps need psql on PATH")
    deployment = Deployment()
    try:
        yield deployment, deployment.run()
    finally:
        deployment.remove()


def superuser_rows(deployment: Deployment, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(deployment.superuser_url())
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


@needs_server
def test_the_readme_deployment_runs_as_written_from_a_fresh_database(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    _deployment, result = deployed
    assert result.returncode == 0, result.stderr
    assert "The deployment passes every check." in result.stdout


@needs_server
def test_the_deployed_schema_belongs_to_an_owner_without_superuser_rights(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    owners = superuser_rows(
        deployment,
        "SELECT DISTINCT r.rolname, r.rolsuper, r.rolcreaterole, r.rolbypassrls "
        "FROM pg_class AS c JOIN pg_roles AS r ON r.oid = c.relowner "
        "WHERE c.relnamespace = 'public'::regnamespace",
    )
    assert owners == [(deployment.names["WELLBEING_OWNER"], False, False, False)]


@needs_server
def test_the_functions_with_elevated_rights_belong_to_a_role_nobody_logs_in_as(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    owners = superuser_rows(
        deployment,
        "SELECT DISTINCT r.rolname, r.rolcanlogin FROM pg_proc AS p "
        "JOIN pg_roles AS r ON r.oid = p.proowner "
        "WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace",
    )
    assert owners == [("wellbeing_definer", False)]


@needs_server
def test_an_agent_of_the_deployment_checks_in_and_erases_themselves(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    agent = deployment.names["AGENT"]
    url = deployment.url(agent)
    checkin = run_cli(
        "--db", url, "--as", agent, "checkin", "--start", "2026-11-23T08:00",
        "--end", "2026-11-23T16:00", "--stress", "8", "--energy", "3", "--note", "rough day",
    )  # fmt: skip
    assert checkin.returncode == 0, checkin.stderr

    erased = run_cli("--db", url, "--as", agent, "erase", "--yes")

    assert erased.returncode == 0, erased.stderr
    left = superuser_rows(
        deployment,
        "SELECT (SELECT count(*) FROM people WHERE os_account = "
        f"'{agent}') + (SELECT count(*) FROM checkins) + (SELECT count(*) FROM shifts)",
    )
    assert left == [(0,)]


def stored_rows(deployment: Deployment) -> list[tuple[object, ...]]:
    return superuser_rows(
        deployment,
        "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM teams), "
        "(SELECT count(*) FROM shifts), (SELECT count(*) FROM checkins), "
        "(SELECT count(*) FROM admin_audit)",
    )


CHECKIN = ["checkin", "--start", "2026-11-24T08:00", "--end", "2026-11-24T16:00",
           "--stress", "5", "--energy", "5"]  # fmt: skip


@needs_server
@pytest.mark.parametrize(
    ("login", "acting", "command"),
    [
        pytest.param("AGENT", "LEADER", ["history"], id="agent-reads-another"),
        pytest.param("AGENT", "LEADER", CHECKIN, id="agent-records-for-another"),
        pytest.param("LEADER", "AGENT", ["export"], id="teamleader-exports-another"),
        pytest.param("ADMIN", "AGENT", ["erase", "--yes"], id="admin-erases-another"),
        pytest.param("ADMIN", "LEADER", ["admin", "team", "list"], id="admin-as-another"),
        pytest.param("LEADER", "ADMIN", ["admin", "team", "create", "Outbound"], id="as-admin"),
    ],
)
def test_a_persons_login_acting_as_someone_else_is_refused_naming_as(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
    login: str,
    acting: str,
    command: list[str],
) -> None:
    deployment, _result = deployed
    before = stored_rows(deployment)
    name, other = deployment.names[login], deployment.names[acting]

    result = run_cli("--db", deployment.url(name), "--as", other, *command)

    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert refused_field(result.stderr) == "as"
    assert f"this login is {name}, not {other}: give --as {name}" in result.stderr
    assert stored_rows(deployment) == before


@needs_server
def test_a_persons_login_without_as_is_refused_when_the_default_account_is_another(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    login = deployment.names["LEADER"]
    result = subprocess.run(
        [str(EXECUTABLE), "--db", deployment.url(login), "history"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "WELLBEING_USER": "someone.else"},
        timeout=60,
    )
    assert result.returncode == 2
    assert refused_field(result.stderr) == "as"
    assert "--as" in result.stderr


@needs_server
@pytest.mark.parametrize(
    ("login", "acting", "command"),
    [
        pytest.param("AGENT", "AGENT", ["history", "--json"], id="own-login"),
        pytest.param("ADMIN", "ADMIN", ["admin", "team", "list", "--json"], id="admin-own"),
        pytest.param("WELLBEING_OWNER", "ADMIN", ["org", "trends", "--json"], id="owner-org"),
        pytest.param("WELLBEING_OWNER", "ADMIN", ["db", "reevaluate", "--json"], id="owner-db"),
    ],
)
def test_a_login_acting_as_its_own_person_and_the_owner_acting_for_the_admin_are_let_through(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
    login: str,
    acting: str,
    command: list[str],
) -> None:
    deployment, _result = deployed
    result = run_cli(
        "--db", deployment.url(deployment.names[login]), "--as", deployment.names[acting], *command
    )
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)


def check(deployment: Deployment) -> subprocess.CompletedProcess[str]:
    owner = deployment.url(deployment.names["WELLBEING_OWNER"])
    return run_cli("--db", owner, "db", "check-deployment", "--json")


def as_superuser(deployment: Deployment, sql: str) -> None:
    engine = create_engine(deployment.superuser_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            # The driver's own execute: the lockdown's LIKE patterns are not placeholders.
            connection.connection.driver_connection.execute(sql)
    finally:
        engine.dispose()


@needs_server
def test_check_deployment_reports_statistics_readable_by_logins_and_passes_after_lockdown(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    as_superuser(deployment, "GRANT SELECT ON pg_catalog.pg_stat_activity TO PUBLIC")
    reopened = check(deployment)
    as_superuser(deployment, (ROOT / "deploy" / "postgres" / "lockdown.sql").read_text())
    locked = check(deployment)

    assert reopened.returncode == 1
    assert [p for p in json.loads(reopened.stdout)["problems"] if "pg_stat_activity" in p]
    assert (locked.returncode, json.loads(locked.stdout)) == (
        0,
        {"applies": True, "problems": []},
    )


@needs_server
def test_check_deployment_reports_tables_owned_by_a_superuser(db_url: str) -> None:
    result = run_cli("--db", db_url, "db", "check-deployment", "--json")
    problems = json.loads(result.stdout)["problems"]
    assert result.returncode == 1
    assert [p for p in problems if "superuser" in p]


@needs_server
def test_check_deployment_reports_a_function_with_elevated_rights_owned_by_a_login(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    deployment, _result = deployed
    owner = deployment.names["WELLBEING_OWNER"]
    as_superuser(deployment, f'ALTER FUNCTION wellbeing_person_id() OWNER TO "{owner}"')
    found = check(deployment)
    as_superuser(deployment, "ALTER FUNCTION wellbeing_person_id() OWNER TO wellbeing_definer")

    assert found.returncode == 1
    assert [p for p in json.loads(found.stdout)["problems"] if "wellbeing_person_id" in p]
    assert check(deployment).returncode == 0


@needs_server
def test_check_deployment_prints_one_line_per_problem_and_exits_1(db_url: str) -> None:
    result = run_cli("--db", db_url, "db", "check-deployment")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("problem: ")
    assert "problem" in result.stderr
    assert "Traceback" not in result.stderr


@needs_server
async def test_the_app_opened_by_a_persons_login_as_someone_else_says_so_and_shows_nothing(
    deployed: tuple[Deployment, subprocess.CompletedProcess[str]],
) -> None:
    from wellbeing.tui.app import build_app

    deployment, _result = deployed
    login, other = deployment.names["AGENT"], deployment.names["LEADER"]
    app = build_app(deployment.url(login), other)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        opened, said = app.service, app.service_error
    assert opened is None
    assert said is not None
    assert f"this login is {login}, not {other}: give --as {login}" in said
