"""Every input model and validator of the domain, given values of every wrong type.

Random dicts (unknown keys, None, booleans, huge and non-finite numbers, bytes, unicode,
dates, nested lists and dicts, arbitrary objects), mixed into otherwise valid data so the
deeper checks run too. A pydantic model may raise only ValidationError; the functions the
services and the command line call (`validate_checkin`, the rules, the anonymity policy, the
questionnaires, account and team names) raise only InputError; the services raise only
InputError and leave every table as it was. `pytest -s` prints how many inputs each tried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from sqlalchemy.pool import NullPool

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from tests.support.database_state import file_digest, rows_of
from wellbeing.domain.anonymity import AnonymityPolicy
from wellbeing.domain.checkin import BreakSpan, CheckinInput, resolve_break, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.instruments import score_answers, survey_result
from wellbeing.domain.localtime import LocalTimeError, parse_moment
from wellbeing.domain.people import validate_account, validate_team_name
from wellbeing.domain.rules import RULE_IDS, load_rules
from wellbeing.domain.rules.config import rules_from_tables
from wellbeing.domain.rules.registry import SETTINGS
from wellbeing.domain.team_suggestions import SuggestionThresholds
from wellbeing.domain.team_trends import PersonSegment
from wellbeing.services import Organisation, TeamView, Wellbeing, open_database
from wellbeing.settings import Settings, save_settings, settings_file

HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
EXAMPLES = 150


class Opaque:
    """An object no validator has heard of."""


# --- hostile values ------------------------------------------------------------------------

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-1, 0, 2**31, 2**63, -(2**63) - 1, 10**400]),
    st.floats(),
    st.complex_numbers(),
    st.decimals(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "\u202e", "😀", "\udcff", "1e400", "nan", "5"]),
    st.binary(max_size=10),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.builds(Opaque),
    st.just(Path("/")),
)
hostile_value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.sets(st.integers(), max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
    ),
    max_leaves=6,
)


def mostly_valid(
    valid: dict[str, Any], extra_keys: list[str] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """`valid` with a few of its keys (or unknown ones) replaced, removed or added."""
    keys = sorted(valid) + (extra_keys or [])

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        data = dict(valid)
        for key in draw(st.lists(st.sampled_from(keys) | st.text(max_size=8), max_size=3)):
            if draw(st.booleans()):
                data[key] = draw(hostile_value)
            else:
                data.pop(key, None)
        return data

    return build()


def random_dict(keys: list[str]) -> st.SearchStrategy[dict[Any, Any]]:
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), hostile_value, max_size=8)


@dataclass
class Tally:
    name: str
    outcomes: Counter[str] = field(default_factory=Counter)

    def report(self) -> str:
        return (
            f"{self.name}: {sum(self.outcomes.values())} hostile inputs tried, "
            f"{self.outcomes['accepted']} accepted, {self.outcomes['refused']} refused as "
            "expected (any other error would have failed the test)"
        )


def _exercise(
    name: str,
    strategy: st.SearchStrategy[Any],
    call: Callable[[Any], object],
    allowed: tuple[type[Exception], ...],
    examples: int = EXAMPLES,
) -> Tally:
    """Call `call` on each drawn value; anything raised outside `allowed` fails the test."""
    tally = Tally(name)

    @settings(max_examples=examples, deadline=None, suppress_health_check=HEALTH)
    @given(value=strategy)
    def attempt(value: Any) -> None:
        try:
            call(value)
        except allowed as refusal:
            if isinstance(refusal, InputError):
                assert refusal.field and "\n" not in str(refusal), str(refusal)
            tally.outcomes["refused"] += 1
        else:
            tally.outcomes["accepted"] += 1

    attempt()
    print(f"\n{tally.report()}")
    return tally


# --- pydantic models: only ValidationError -------------------------------------------------

VALID_CHECKIN: dict[str, Any] = {
    "start": "2026-11-20T08:00",
    "end": "2026-11-20T16:30",
    "breaks": [{"start": "2026-11-20T12:00", "end": "2026-11-20T12:30"}],
    "stress": 5,
    "energy": 6,
    "contacts": 40,
    "difficult": 2,
    "channels": {"phone": 30, "chat": 10},
    "occupancy": 80.5,
    "support": 7,
    "note": "a note",
}
VALID_SEGMENT: dict[str, Any] = {
    "person_key": "p1",
    "team_id": 1,
    "segment": "2026-W10",
    "mean_stress": 5.0,
    "mean_energy": 6.0,
    "shifts": 4,
    "shifts_break_due": 3,
    "shifts_with_legal_break": 2,
    "shifts_after_quick_return": 1,
    "hours_worked": 30.0,
    "overall_level_orange_or_red": False,
}


def _form_on(day: date, kind: object) -> dict[str, Any]:
    """The valid form moved to `day` (so it overlaps nothing stored), with a break `kind`."""
    at = day.isoformat()
    pause = {"start": f"{at}T12:00", "end": f"{at}T12:30", "kind": kind}
    return {**VALID_CHECKIN, "start": f"{at}T08:00", "end": f"{at}T16:30", "breaks": [pause]}


# Forms as the services receive them: mostly valid, or any dict, or a break of any kind.
checkin_forms = st.one_of(
    mostly_valid(VALID_CHECKIN),
    random_dict(sorted(VALID_CHECKIN)),
    st.builds(_form_on, st.dates(date(2001, 1, 1), date(2098, 12, 31)), st.text() | scalar),
)
DEFAULT_RULES = load_rules().as_dict()
MODELS: dict[str, tuple[type[BaseModel], dict[str, Any]]] = {
    "CheckinInput": (CheckinInput, VALID_CHECKIN),
    "BreakSpan": (BreakSpan, VALID_CHECKIN["breaks"][0]),
    "Settings": (Settings, {"lang": "nl", "k_threshold": 5, "usual_start": "08:00"}),
    **{f"rule {rule_id}": (SETTINGS[rule_id], DEFAULT_RULES[rule_id]) for rule_id in RULE_IDS},
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_pydantic_input_model_raises_only_validation_errors(name: str) -> None:
    model, valid = MODELS[name]
    strategy = mostly_valid(valid) | random_dict(sorted(valid))
    tally = _exercise(
        f"hostile models, {name}",
        strategy,
        model.model_validate,
        (ValidationError,),
        examples=60 if name.startswith("rule ") else EXAMPLES,
    )
    assert tally.outcomes["refused"] > 0


# --- what the services and the command line call: only InputError --------------------------

VALID_POLICY = {"k": 5, "segment_kind": "week", "settle_days": 3}
VALID_THRESHOLDS = {"break_compliance_below": 80, "break_weeks": 2}
SHIFT_START = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


VALIDATORS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], object]]] = {
    "validate_checkin": (checkin_forms, validate_checkin),
    "PersonSegment": (
        mostly_valid(VALID_SEGMENT) | random_dict(sorted(VALID_SEGMENT)),
        lambda data: PersonSegment(**{str(key): value for key, value in data.items()}),
    ),
    "SuggestionThresholds": (
        mostly_valid(VALID_THRESHOLDS, ["stress_rising_weeks", "quick_returns_above"]),
        lambda data: SuggestionThresholds(**{str(key): value for key, value in data.items()}),
    ),
    "AnonymityPolicy": (
        st.fixed_dictionaries(
            {name: st.just(value) | hostile_value for name, value in VALID_POLICY.items()}
        ),
        lambda data: AnonymityPolicy(**data),
    ),
    "rules_from_tables": (
        st.sampled_from(RULE_IDS).flatmap(
            lambda rule_id: mostly_valid(DEFAULT_RULES[rule_id]).map(
                lambda table: {**DEFAULT_RULES, rule_id: table}
            )
        ),
        rules_from_tables,
    ),
    "score_answers": (
        st.tuples(
            st.sampled_from(["who5", "cbi"]) | hostile_value,
            st.lists(st.integers(-1, 6), max_size=20) | hostile_value,
        ),
        lambda pair: score_answers(*pair),
    ),
    "survey_result": (
        st.tuples(st.sampled_from(["who5", "cbi"]), hostile_value),
        lambda pair: survey_result(pair[0], pair[1], SHIFT_START),
    ),
    "validate_account": (st.text(max_size=140), validate_account),
    "validate_team_name": (st.text(max_size=90), validate_team_name),
    "resolve_break": (st.text(max_size=40), lambda text: resolve_break(text, SHIFT_START)),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_a_validator_the_services_call_raises_only_input_error(name: str) -> None:
    strategy, call = VALIDATORS[name]
    tally = _exercise(f"hostile validators, {name}", strategy, call, (InputError,))
    assert tally.outcomes["refused"] > 0


def test_parsing_any_text_as_a_moment_raises_only_local_time_error() -> None:
    moments = st.text(max_size=40) | st.datetimes().map(lambda m: m.isoformat())
    tally = _exercise("hostile moments", moments, parse_moment, (LocalTimeError,))
    assert tally.outcomes["refused"] > 0


def test_saving_settings_either_validates_or_leaves_the_file_as_it_was() -> None:
    path = settings_file()
    save_settings(lang="fr", usual_start="08:00")
    names = ["lang", "k_threshold", "retention_months", "usual_start", "usual_end", "rules_file"]

    def save(changes: dict[str, Any]) -> None:
        before = path.read_bytes()
        try:
            save_settings(**changes)
        except ValidationError:
            assert path.read_bytes() == before
            raise
        Settings()  # what was written reads back

    changes = st.dictionaries(st.sampled_from(names), hostile_value, min_size=1, max_size=3)
    tally = _exercise("hostile settings", changes, save, (ValidationError,))
    assert tally.outcomes["refused"] > 0


# --- the services: only InputError, nothing written ----------------------------------------


@dataclass
class Prepared:
    """A database with a team, its leader and an agent with an open flag; `state` is every
    row (and on SQLite the file's bytes)."""

    url: str
    agent: Wellbeing
    leader: TeamView
    reader: sa.Engine

    def state(self) -> tuple[dict[str, list[str]], str | None]:
        with self.reader.connect() as connection:
            return rows_of(connection), file_digest(self.url)


@pytest.fixture
def organisation(db_url: str) -> Iterator[Prepared]:
    clock = FrozenClock()
    database = open_database(db_url)
    admin = Organisation(database, "boss", clock)
    admin.bootstrap()
    admin.create_team("Alpha")
    admin.add_person("agent", "Alpha")
    admin.add_person("lead", "Alpha")
    admin.grant("lead", "teamleader", "Alpha")
    agent = Wellbeing(database, "agent", clock)
    agent.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T17:00", "stress": 8, "energy": 2}
    )
    reader = sa.create_engine(db_url, poolclass=NullPool if BACKEND == "sqlite" else None)
    yield Prepared(db_url, agent, TeamView(database, "lead", clock), reader)
    reader.dispose()
    database.dispose()


def _service_calls(org: Prepared) -> dict[str, tuple[st.SearchStrategy[Any], Callable]]:
    agent, leader = org.agent, org.leader

    def check_in_then_delete(form: Any) -> None:
        # Deleted again so that a form drawn twice is stored twice, not refused as an overlap.
        agent.delete_checkin(agent.check_in(form).checkin.id)

    return {
        "check_in": (checkin_forms, check_in_then_delete),
        "take_survey": (
            st.tuples(
                st.sampled_from(["who5", "cbi"]) | hostile_value,
                st.lists(st.integers(0, 5), min_size=5, max_size=5)
                | st.lists(st.integers(-1, 6), max_size=20)
                | hostile_value,
            ),
            lambda pair: agent.take_survey(*pair),
        ),
        "snooze_flag": (
            st.tuples(st.integers(1, 3) | hostile_value, st.integers(-1, 30) | hostile_value),
            lambda pair: agent.snooze_flag(*pair),
        ),
        "acknowledge_flag": (
            st.integers(1, 3) | hostile_value,
            agent.acknowledge_flag,
        ),
        "reflection": (st.integers(-1, 110) | hostile_value, agent.reflection),
        "team trends": (
            st.tuples(
                st.sampled_from(["Alpha"]) | st.text(max_size=90),
                st.integers(0, 60) | hostile_value,
            ),
            lambda pair: leader.trends(*pair),
        ),
    }


SERVICE_CALLS = [
    "check_in",
    "take_survey",
    "snooze_flag",
    "acknowledge_flag",
    "reflection",
    "team trends",
]


@pytest.mark.parametrize("name", SERVICE_CALLS)
def test_a_service_refuses_hostile_values_with_input_error_and_writes_nothing(
    organisation: Prepared, name: str
) -> None:
    strategy, call = _service_calls(organisation)[name]
    current = [organisation.state()]

    def guarded(value: Any) -> None:
        before = current[0]
        try:
            call(value)
        except InputError:
            assert organisation.state() == before, f"written despite a refusal: {value!r}"
            raise
        current[0] = organisation.state()

    tally = _exercise(
        f"hostile service calls, {name}", strategy, guarded, (InputError,), examples=120
    )
    assert tally.outcomes["refused"] > 0


def test_a_stored_check_in_reads_back_whatever_unicode_its_note_holds(
    organisation: Prepared,
) -> None:
    note = "\u202eשלום 😀 e\u0301 " + "x" * 1900
    form = {"start": "2026-11-10T08:00", "end": "2026-11-10T12:00", "stress": 3, "energy": 7}
    stored = organisation.agent.record_checkin({**form, "note": note})
    [found] = [c for c in organisation.agent.history() if c.id == stored.id]
    assert found.note == note
