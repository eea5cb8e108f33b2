"""Hostile values on every option a person can type, through the real command line.

Each command gets random and boundary values (huge numbers, floats, unicode with right-to-left
marks, emoji, NUL and other control characters, notes of a million characters, malformed times
and breaks). Whatever comes in, the command either succeeds (exit 0) or refuses with exit 2
and exactly one line `error: FIELD: message` naming the field, never a traceback; after a
refusal every table holds exactly the rows it held before (on SQLite the file is byte for byte
the same). The volume runs in-process through `wellbeing.cli.run`; a few cases run the real
executable. `pytest -s` prints how many inputs each test tried; `make test-stress` runs many
more.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import NullPool

from tests.support.backend import BACKEND
from tests.support.cli import EXECUTABLE, refused_field
from tests.support.clock import FrozenClock
from tests.support.database_state import file_digest, rows_of, table_dump
from wellbeing.cli import run
from wellbeing.services import Organisation, Wellbeing, open_database

AGENT, LEAD, ADMIN = "agent", "lead", "boss"
TEAM = "Alpha"

# --- reporting how many inputs a test tried --------------------------------------------------


def announce(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Print `line` when pytest runs with -s, past the capture the command line needs."""
    if request.config.getoption("capture") == "no":
        with capsys.disabled():
            print(f"\n{line}")


@dataclass
class Tally:
    """How many inputs a test tried and how each ended; printed with `pytest -s`."""

    name: str
    outcomes: Counter[str] = field(default_factory=Counter)

    def report(self) -> str:
        tried = sum(self.outcomes.values())
        return (
            f"{self.name}: {tried} hostile inputs tried, {self.outcomes['accepted']} accepted, "
            f"{self.outcomes['refused']} refused in one line with nothing written (a crash or a "
            "write would have failed the test)"
        )


@dataclass
class CommandLine:
    """The prepared database, and a way to run the command line against it in-process.

    `state` is the database as the last command left it: nothing else writes to it, so the
    state after one attempt is the state before the next, and one dump per attempt does.
    """

    url: str
    capsys: pytest.CaptureFixture[str]
    reader: sa.Engine
    state: tuple[dict[str, list[str]], str | None] = ({}, None)

    def snapshot(self) -> tuple[dict[str, list[str]], str | None]:
        with self.reader.connect() as connection:
            rows = rows_of(connection)
        return rows, file_digest(self.url)

    def attempt(self, account: str, argv: list[str], fields: set[str], tally: Tally) -> None:
        """Run one hostile command line and check the promises of this module."""
        self.capsys.readouterr()
        code = run(["--db", self.url, "--as", account, *argv])
        out, err = self.capsys.readouterr()
        before, self.state = self.state, self.snapshot()
        assert "Traceback" not in out + err
        assert code in (0, 2), f"exit {code} for {argv!r}: {err!r}"
        if code == 0:
            tally.outcomes["accepted"] += 1
            return
        assert refused_field(err).split(".")[0] in fields, err
        assert out == ""
        assert self.state == before, f"written despite a refusal: {argv!r}"
        tally.outcomes["refused"] += 1


@pytest.fixture
def command_line(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[CommandLine]:
    """An organisation with a team, its leader, an admin and an agent with an open flag."""
    monkeypatch.chdir(tmp_path)  # CSV exports make their folder in the current one
    clock = FrozenClock(datetime.now(UTC))
    database = open_database(db_url)
    try:
        organisation = Organisation(database, ADMIN, clock)
        organisation.bootstrap()
        organisation.create_team(TEAM)
        organisation.add_person(AGENT, TEAM)
        organisation.add_person(LEAD, TEAM)
        organisation.grant(LEAD, "teamleader", TEAM)
        agent = Wellbeing(database, AGENT, clock)
        day = (clock.now - timedelta(days=2)).date().isoformat()
        # Nine hours without a break: the legal-break rule opens a flag.
        agent.record_checkin(
            {"start": f"{day}T08:00", "end": f"{day}T17:00", "stress": 8, "energy": 2}
        )
        agent.take_survey("who5", [3, 3, 2, 3, 3])
        assert agent.flags().flags
    finally:
        database.dispose()
    # On SQLite every dump closes its connection, so the command line's own is the last one
    # and leaves no write-ahead log behind; a PostgreSQL connection is kept for speed.
    reader = sa.create_engine(db_url, poolclass=NullPool if BACKEND == "sqlite" else None)
    command_line = CommandLine(db_url, capsys, reader)
    command_line.state = command_line.snapshot()
    yield command_line
    reader.dispose()


# --- strategies ----------------------------------------------------------------------------

BOUNDARY_NUMBERS = [
    -(2**64),
    -(2**63) - 1,
    -(2**63),
    -1,
    0,
    1,
    4,
    5,
    6,
    10,
    11,
    19,
    28,
    29,
    52,
    53,
    100,
    101,
    2000,
    2001,
    2**31,
    2**63 - 1,
    2**63,
    2**64,
    10**100,
]
LOOKALIKES = [
    "",
    " ",
    "+5",
    "-0",
    " 7 ",
    "5.0",
    "5,0",
    "1e3",
    "1e400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "0b1",
    "1_000",
    "5%",
    "٥",  # Arabic-Indic five
    "５",  # fullwidth five
    "½",
    "五",
    "\x005",
    "5\x00",
    "\u202e5",  # right-to-left override
]
SPECIAL_TEXT = [
    "\u202eevil",  # right-to-left override
    "שלום",  # Hebrew, right to left
    "مرحبا",  # Arabic
    "😀",
    "👩‍👩‍👧",  # emoji joined by zero-width joiners
    "e\u0301" * 50,  # combining accents
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    "\x00",
    "\x1b[31mred",  # terminal escape
    "a\nb",
    "a\rb",
    "\u2028",  # line separator
    "\udcff",  # a lone surrogate, as a non-UTF-8 byte arrives in argv
    "'; DROP TABLE checkins; --",
    "%s%n{0}{field}",
]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp"]), max_size=12),
    st.sampled_from(SPECIAL_TEXT),
)
number_text = st.one_of(
    st.sampled_from(BOUNDARY_NUMBERS).map(str),
    st.integers().map(str),
    st.floats().map(str),
    st.sampled_from(LOOKALIKES),
    hostile_text,
)
MALFORMED_TIMES = [
    "2026-02-30T08:00",
    "2026-13-01T08:00",
    "2026-11-26T24:00",
    "2026-11-26T08:60",
    "2026-03-29T02:30",  # does not exist in Brussels
    "2026-10-25T02:30",  # happens twice in Brussels
    "26/11/2026 08:00",
    "08:00",
    "T08:00",
    "2026-11-26T08:00Z",
    "2026-11-26T08:00+25:00",
    "2026-11-26T08:00+23:59",
    "2026-11-26T08:00-23:59",
    "0001-01-01T00:00",
    "0001-01-01T00:00+01:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59-01:00",
    "10000-01-01T00:00",
    "1999-12-31T23:00",
    "2100-01-01T00:00",
    "２０２６-11-26T08:00",
]
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
any_moment = st.datetimes(timezones=st.none() | offsets).map(lambda m: m.isoformat())
this_month = st.datetimes(datetime(2026, 11, 1), datetime(2026, 11, 26)).map(
    lambda m: m.strftime("%Y-%m-%dT%H:%M")
)
moment_text = st.one_of(
    this_month, any_moment, st.sampled_from(MALFORMED_TIMES), number_text, hostile_text
)
clock_number = st.one_of(st.integers(-5, 130), st.sampled_from(BOUNDARY_NUMBERS))
MALFORMED_BREAKS = [
    "12:00",
    "12:00-",
    "-12:30",
    "12:00-12:00",
    "12:30-12:00",
    "12:00–12:30",  # en dash
    "١٢:٠٠-١٢:٣٠",  # Arabic-Indic digits
    "12.00-12.30",
    "/",
    "a/b",
    "12:00-12:30/13:00",
    "2026-11-26T12:00/2026-11-26T11:00",
]
break_text = st.one_of(
    st.builds(lambda a, b, c, d: f"{a}:{b:02}-{c}:{d:02}", *[clock_number] * 4),
    st.tuples(moment_text, moment_text).map("/".join),
    st.sampled_from(MALFORMED_BREAKS),
    hostile_text,
)
long_note = st.sampled_from([1999, 2000, 2001, 10_000, 1_000_000]).flatmap(
    lambda n: st.sampled_from(["x", "é", "😀", "\u202e"]).map(lambda c: c * n)
)


def _options(**values: st.SearchStrategy[str | None]) -> st.SearchStrategy[list[str]]:
    """`--name=value` for each option drawn (None leaves the option out)."""
    return st.fixed_dictionaries(values).map(
        lambda drawn: [f"--{name}={value}" for name, value in drawn.items() if value is not None]
    )


def _sometimes(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.none() | strategy


HOSTILE_CHECKIN_VALUES: dict[str, st.SearchStrategy[str]] = {
    "start": moment_text,
    "end": moment_text,
    "stress": number_text,
    "energy": number_text,
    "contacts": number_text,
    "difficult": number_text,
    "phone": number_text,
    "email": number_text,
    "chat": number_text,
    "social": number_text,
    "occupancy": number_text,
    "support": number_text,
    "note": hostile_text | long_note,
}
any_shift_start = st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31, 12))


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


@st.composite
def checkin_argv(draw: st.DrawFn) -> list[str]:
    """A plausible check-in (any day this century) with a few options made hostile.

    Mostly valid forms reach the deeper checks (breaks inside the shift, overlapping shifts,
    the rules) and get stored; the hostile options test every refusal on the way.
    """
    start = draw(any_shift_start)
    end = start + timedelta(minutes=draw(st.integers(15, 17 * 60)))
    options: dict[str, str] = {
        "start": f"{start:%Y-%m-%dT%H:%M}",
        "end": f"{end:%Y-%m-%dT%H:%M}",
        "stress": str(draw(st.integers(0, 10))),
        "energy": str(draw(st.integers(0, 10))),
    }
    for name in draw(st.sets(st.sampled_from(["contacts", "difficult", "phone", "support"]))):
        options[name] = str(draw(st.integers(0, 60)))
    for name in draw(st.sets(st.sampled_from(sorted(HOSTILE_CHECKIN_VALUES)), max_size=3)):
        options[name] = draw(HOSTILE_CHECKIN_VALUES[name])
    pause = start + timedelta(minutes=draw(st.integers(0, 16 * 60)))
    plausible_break = st.just(f"{_clock(pause)}-{_clock(pause + timedelta(minutes=15))}")
    breaks = draw(st.lists(plausible_break | break_text, max_size=4))
    return [
        "checkin",
        *(f"--{name}={value}" for name, value in options.items()),
        *(f"--break={text}" for text in breaks),
    ]


answers_text = st.one_of(
    st.lists(st.integers(0, 4), min_size=5, max_size=5).map(lambda xs: ",".join(map(str, xs))),
    st.lists(st.integers(0, 4), min_size=19, max_size=19).map(lambda xs: ",".join(map(str, xs))),
    st.lists(st.integers(-2, 7), max_size=24).map(lambda xs: ",".join(map(str, xs))),
    st.lists(number_text, max_size=24).map(",".join),
    st.sampled_from([",,,,", "1,2,3,4,5,", " 1 , 2 ,3,4,5", "1;2;3;4;5", "1 2 3 4 5", "3" * 5]),
    hostile_text,
)
survey_argv = st.tuples(st.sampled_from(["who5", "cbi"]), answers_text).map(
    lambda parts: ["survey", parts[0], f"--answers={parts[1]}"]
)
flag_number = st.one_of(st.integers(1, 3).map(str), number_text)
flags_argv = st.one_of(
    st.tuples(flag_number, st.integers(0, 30).map(str) | number_text).map(
        lambda parts: ["flags", "snooze", f"--days={parts[1]}", "--", parts[0]]
    ),
    flag_number.map(lambda number: ["flags", "ack", "--", number]),
)
team_name = st.one_of(
    st.sampled_from([TEAM, f"  {TEAM}  ", TEAM.lower(), "x" * 80, "x" * 81, "Bêta 😀"]),
    hostile_text,
)
team_argv = _options(
    team=team_name, weeks=_sometimes(st.integers(0, 53).map(str) | number_text)
).map(lambda options: ["team", "trends", *options])
account_name = st.one_of(
    st.sampled_from([AGENT, LEAD, "newcomer", "dom\\user", "a" * 128, "a" * 129, "a@b.c"]),
    st.from_regex(r"[A-Za-z0-9._@\\-]{1,12}", fullmatch=True),
    hostile_text,
)
role_name = st.one_of(
    st.sampled_from(["teamleader", "admin", "Admin", " teamleader ", "boss", ""]), hostile_text
)
admin_argv = st.one_of(
    team_name.map(lambda name: ["admin", "team", "create", "--", name]),
    st.tuples(account_name, _sometimes(team_name)).map(
        lambda parts: (
            ["admin", "person", "add"]
            + ([f"--team={parts[1]}"] if parts[1] is not None else [])
            + ["--", parts[0]]
        )
    ),
    st.tuples(account_name, _sometimes(team_name)).map(
        lambda parts: (
            ["admin", "person", "move"]
            + ([f"--team={parts[1]}"] if parts[1] is not None else ["--no-team"])
            + ["--", parts[0]]
        )
    ),
    st.tuples(st.sampled_from(["grant", "revoke"]), account_name, role_name, team_name).map(
        lambda parts: ["admin", parts[0], f"--team={parts[3]}", "--", parts[1], parts[2]]
    ),
)
export_argv = st.one_of(st.sampled_from(["json", "csv", "JSON", " csv "]), hostile_text).map(
    lambda kind: ["export", f"--format={kind}"]
)
history_argv = _options(limit=number_text).map(lambda options: ["history", *options])


@dataclass(frozen=True)
class Command:
    """What to throw at one command: who runs it, the argv, the fields it may name."""

    account: str
    argv: st.SearchStrategy[list[str]]
    fields: frozenset[str]
    examples: int


COMMANDS = {
    "checkin": Command(
        AGENT,
        checkin_argv(),
        frozenset(
            [
                "start",
                "end",
                "break",
                "breaks",
                "stress",
                "energy",
                "contacts",
                "difficult",
                "channels",
                "phone",
                "email",
                "chat",
                "social",
                "occupancy",
                "support",
                "note",
            ]
        ),
        200,
    ),
    "survey": Command(AGENT, survey_argv, frozenset({"answers"}), 80),
    "flags": Command(AGENT, flags_argv, frozenset({"flag", "days"}), 80),
    "team trends": Command(LEAD, team_argv, frozenset({"team", "weeks"}), 80),
    "admin": Command(ADMIN, admin_argv, frozenset({"team", "account", "role"}), 100),
    "export": Command(AGENT, export_argv, frozenset({"format"}), 30),
    "history": Command(AGENT, history_argv, frozenset({"limit"}), 50),
}
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


def _throw(command_line: CommandLine, name: str, examples: int) -> Tally:
    command = COMMANDS[name]
    tally = Tally(f"hostile input, {name}")

    @settings(max_examples=examples, deadline=None, suppress_health_check=HEALTH)
    @given(argv=command.argv)
    def attempt(argv: list[str]) -> None:
        command_line.attempt(command.account, argv, set(command.fields), tally)

    attempt()
    return tally


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_hostile_values_succeed_or_are_refused_in_one_line_that_names_the_field(
    command_line: CommandLine, name: str, request: pytest.FixtureRequest
) -> None:
    tally = _throw(command_line, name, COMMANDS[name].examples)
    announce(request, command_line.capsys, tally.report())
    assert tally.outcomes["refused"] > 0


@pytest.mark.stress
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_many_hostile_values_succeed_or_are_refused_in_one_line_that_names_the_field(
    command_line: CommandLine, name: str, request: pytest.FixtureRequest
) -> None:
    tally = _throw(command_line, name, COMMANDS[name].examples * 6)
    announce(request, command_line.capsys, tally.report())
    assert tally.outcomes["refused"] > 0


# --- the database option -------------------------------------------------------------------

HOSTILE_DB_VALUES = [
    "sqlite://",
    "sqlite:///:memory:",
    "bogus://somewhere/x",
    "://",
    "postgresql://user:secret@[::1",
    "a\x00b.db",
    "\udcff.db",
]


@pytest.mark.parametrize("value", HOSTILE_DB_VALUES)
def test_a_database_value_that_is_no_file_or_url_is_refused_naming_db(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = run(["--db", value, "--as", AGENT, "history"])
    err = capsys.readouterr().err
    assert code == 2
    assert refused_field(err) == "db"
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["q?mode=ro.db", "h#x.db", "pc%41.db", "sp ace.db", "ünï€.db"])
def test_a_file_name_with_url_characters_names_that_very_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    checkin = ["checkin", "--start=2026-11-20T08:00", "--end=2026-11-20T12:00"]
    assert run(["--db", name, "--as", AGENT, *checkin, "--stress=5", "--energy=5"]) == 0
    assert run(["--db", name, "--as", AGENT, "history"]) == 0
    assert [found.name for found in tmp_path.iterdir()] == [name]


# --- the real executable -------------------------------------------------------------------


def _run_executable(url: str, account: str, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), "--db", url, "--as", account, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


# Bytes that are not UTF-8 reach Python as lone surrogates; the longest single argument Linux
# passes to a program is 128 KiB, so the longest note here stays below it.
REAL_PROCESS_CASES: list[tuple[str, list[str | bytes], str]] = [
    (
        AGENT,
        [
            "checkin",
            "--start=2026-11-20T08:00",
            "--end=2026-11-20T12:00",
            "--stress=5",
            "--energy=5",
            b"--note=caf\xe9 with a broken byte",
        ],
        "note",
    ),
    (
        AGENT,
        [
            "checkin",
            "--start=2026-11-20T08:00",
            "--end=2026-11-20T12:00",
            "--stress=5",
            "--energy=5",
            "--note=" + "\u202e😀" * 15_000,
        ],
        "note",
    ),
    (
        AGENT,
        [
            "checkin",
            b"--start=2026-11-20T08:00\xff",
            "--end=2026-11-20T12:00",
            "--stress=5",
            "--energy=5",
        ],
        "start",
    ),
    (
        AGENT,
        [
            "checkin",
            "--start=9999-12-31T23:00",
            "--end=9999-12-31T23:59",
            f"--stress={2**64}",
            "--energy=5",
        ],
        "stress",
    ),
    (AGENT, ["flags", "snooze", f"--days={2**63}", "1"], "days"),
    (AGENT, ["flags", "ack", str(10**30)], "flag"),
    (AGENT, ["survey", "cbi", "--answers=" + ",".join(["4"] * 18 + ["1e400"])], "answers"),
    (LEAD, ["team", "trends", f"--team={TEAM}", "--weeks=-1"], "weeks"),
    (ADMIN, ["admin", "team", "create", "--", "\u202eevil\u202c"], "team"),
]


@pytest.mark.parametrize(
    ("account", "args", "named"),
    REAL_PROCESS_CASES,
    ids=[f"{case[1][0]}-{case[2]}" for case in REAL_PROCESS_CASES],
)
def test_the_real_executable_refuses_hostile_values_in_one_line_and_writes_nothing(
    command_line: CommandLine, account: str, args: list[str | bytes], named: str
) -> None:
    before = (table_dump(command_line.url), file_digest(command_line.url))
    result = _run_executable(command_line.url, account, *args)
    assert result.returncode == 2, result.stderr
    assert refused_field(result.stderr) == named
    assert result.stdout == ""
    assert (table_dump(command_line.url), file_digest(command_line.url)) == before


def test_a_refusal_in_the_real_executable_is_in_the_persons_language(
    command_line: CommandLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WELLBEING_LANG", "nl")
    result = _run_executable(
        command_line.url,
        AGENT,
        "checkin",
        "--start=2026-11-20T08:00",
        "--end=2026-11-20T12:00",
        "--stress=5",
        "--energy=5",
        "--occupancy=150",
    )
    assert result.returncode == 2
    assert result.stderr.startswith("fout: occupancy: ")
    assert "input should be" not in result.stderr
