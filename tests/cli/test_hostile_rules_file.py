"""A hostile rules file: whatever it holds, `load_rules` refuses it with one InputError.

Documents are built from the shipped defaults and then broken: values of the wrong type, huge
and non-finite numbers, dates, arrays and tables where a number belongs, unknown and unicode
keys (newlines and right-to-left marks included), missing pieces; besides those, random text,
bytes that are not UTF-8 and values nested deeper than the parser's stack. The loader either
returns settings or raises InputError whose field names the key (or `rules_file` when the file
cannot be read as TOML) in a message of one line; nothing else escapes. Through the command
line, a broken rules file refuses a check-in in one line with exit 2 and writes nothing.
`pytest -s` prints how many documents were tried.
"""

from __future__ import annotations

import copy
import os
import subprocess
import tomllib
from collections import Counter
from datetime import UTC
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import EXECUTABLE
from tests.support.database_state import file_digest, table_dump
from wellbeing.cli import run
from wellbeing.domain.errors import InputError
from wellbeing.domain.rules import RULE_IDS, RulesConfig, load_rules
from wellbeing.i18n import set_language

DEFAULTS: dict[str, Any] = tomllib.loads(
    files("wellbeing.domain.rules").joinpath("defaults.toml").read_text(encoding="utf-8")
)


def _slot(rules: dict[str, Any], rule_id: str) -> tuple[dict[str, Any], str]:
    """The table holding a rule's settings table, and its key there: [rules.a.b] or [rules.a]."""
    *groups, name = rule_id.split(".")
    for group in groups:
        rules = rules[group]
    return rules, name


DEFAULT_TABLES: dict[str, dict[str, Any]] = {
    rule_id: (lambda slot: slot[0][slot[1]])(_slot(DEFAULTS["rules"], rule_id))
    for rule_id in RULE_IDS
}
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

# --- strategies ----------------------------------------------------------------------------

key_text = st.one_of(
    st.text(min_size=0, max_size=20),
    st.sampled_from(["a\nb", "\u202eevil", "😀", "x.y", "", " ", "rules", "enabled", "\x00"]),
    st.sampled_from(sorted({key for table in DEFAULT_TABLES.values() for key in table})),
)
scalar = st.one_of(
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**63 - 1, -(2**63), 10**400, -(10**400)]),
    st.floats(),
    st.text(max_size=20),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.dates(),
    st.times(),
)
toml_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(key_text, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def broken_document(draw: st.DrawFn) -> dict[str, Any]:
    """The defaults with some settings changed, removed or added, and stray keys anywhere."""
    document = copy.deepcopy(DEFAULTS)
    rules = document["rules"]
    for rule_id in draw(st.lists(st.sampled_from(RULE_IDS), max_size=4)):
        parent, name = _slot(rules, rule_id)
        table = parent[name]
        action = draw(st.sampled_from(["change", "remove", "add", "replace"]))
        if not isinstance(table, dict) or action == "replace":
            parent[name] = draw(toml_value)
        elif action == "change" and table:
            table[draw(st.sampled_from(sorted(table)))] = draw(toml_value)
        elif action == "remove" and table:
            del table[draw(st.sampled_from(sorted(table)))]
        else:
            table[draw(key_text)] = draw(toml_value)
    if draw(st.booleans()):
        rules[draw(key_text)] = draw(toml_value)
    if draw(st.booleans()):
        document[draw(key_text)] = draw(toml_value)
    if draw(st.booleans()):
        # The same rule once more, under its quoted dotted name.
        rule_id = draw(st.sampled_from(RULE_IDS))
        rules[rule_id] = {draw(key_text): draw(toml_value)}
    return document


def _toml(document: dict[str, Any]) -> bytes:
    return tomli_w.dumps(document).encode("utf-8")


DEEP = [
    b"a = " + b"[" * 5000 + b"]" * 5000,
    b"[rules.break.legal]\nafter_hours = " + b"{a = " * 3000 + b"1" + b"}" * 3000,
]
broken_bytes = st.one_of(
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"",
            b"\xff\xfe[rules]",
            b"[rules.break.legal]\nenabled = tru\n",
            b"[rules.break.legal]\n[rules.break.legal]\n",
            b"[rules]\nbreak = 1\n[rules.break.legal]\n",
            b"rules = 1\n",
        ]
    ),
)
rules_file_content = st.one_of(
    broken_document().map(_toml),
    st.dictionaries(key_text, toml_value, max_size=4).map(_toml),
    broken_bytes,
)

# --- the property --------------------------------------------------------------------------


def _one_line(text: str) -> bool:
    return bool(text) and "\n" not in text and "\r" not in text


def _top_level_keys(content: bytes) -> set[str]:
    """The document's own keys, as a message quotes them when they would break its line."""
    try:
        document = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return set()
    return {key if key and key.isprintable() else repr(key) for key in document}


def judge(path: Path, content: bytes, outcomes: Counter[str]) -> None:
    """Load `content` as the rules file: settings, or one InputError naming a key."""
    path.write_bytes(content)
    try:
        loaded = load_rules(path)
    except InputError as refusal:
        assert _one_line(refusal.field), refusal.field
        assert _one_line(refusal.message), refusal.message
        named = refusal.field
        assert (
            named in ("rules_file", "rules")
            or named.startswith("rules.")
            or named in _top_level_keys(content)
        ), named
        outcomes["refused"] += 1
        return
    assert isinstance(loaded, RulesConfig)
    assert set(loaded.settings) == set(RULE_IDS)
    outcomes["accepted"] += 1


def _try_rules_files(tmp_path: Path, examples: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    path = tmp_path / "rules.toml"

    @settings(max_examples=examples, deadline=None, suppress_health_check=HEALTH)
    @given(content=rules_file_content)
    def attempt(content: bytes) -> None:
        judge(path, content, outcomes)

    attempt()
    for content in DEEP:
        judge(path, content, outcomes)
    return outcomes


def _report(outcomes: Counter[str]) -> str:
    return (
        f"hostile rules files: {sum(outcomes.values())} tried, {outcomes['accepted']} accepted, "
        f"{outcomes['refused']} refused with one InputError naming a key (any other error "
        "would have failed the test)"
    )


def test_any_rules_file_gives_settings_or_one_input_error_naming_a_key(tmp_path: Path) -> None:
    outcomes = _try_rules_files(tmp_path, 400)
    print(f"\n{_report(outcomes)}")
    assert outcomes["refused"] > outcomes["accepted"] > 0


@pytest.mark.stress
def test_many_rules_files_give_settings_or_one_input_error_naming_a_key(tmp_path: Path) -> None:
    outcomes = _try_rules_files(tmp_path, 6000)
    print(f"\n{_report(outcomes)}")
    assert outcomes["refused"] > outcomes["accepted"] > 0


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('"a\\nb" = 1\n', "'a\\nb'"),
        ('[rules."break.legal\\n"]\nenabled = true\n', "rules.'break.legal\\n'"),
        ('[rules.break.legal]\n"x\\u202ey" = 1\n', "rules.break.legal.'x\\u202ey'"),
        ('[rules.""]\n', "rules.''"),
    ],
    ids=["newline-in-a-key", "newline-in-a-rule", "right-to-left-in-a-setting", "empty-rule"],
)
def test_a_key_that_would_break_the_line_is_named_quoted(
    tmp_path: Path, text: str, field: str
) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_rules(path)
    assert refused.value.field == field


@pytest.mark.parametrize("content", DEEP, ids=["arrays", "inline-tables"])
def test_values_nested_past_the_parsers_stack_are_refused_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(content)
    with pytest.raises(InputError) as refused:
        load_rules(path)
    assert refused.value.field == "rules_file"
    assert "too deeply" in refused.value.message


# --- through the command line --------------------------------------------------------------

CHECKIN = [
    "checkin",
    "--start=2026-11-20T08:00",
    "--end=2026-11-20T12:00",
    "--stress=5",
    "--energy=5",
]


@pytest.fixture
def rules_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "organisation-rules.toml"
    monkeypatch.setenv("WELLBEING_RULES_FILE", str(path))
    return path


def test_a_check_in_under_a_broken_rules_file_is_refused_in_one_line_and_not_stored(
    db_url: str, rules_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes: Counter[str] = Counter()
    before = (table_dump(db_url), file_digest(db_url))

    @settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
    @given(content=broken_document().map(_toml) | broken_bytes)
    def attempt(content: bytes) -> None:
        rules_path.write_bytes(content)
        try:
            load_rules(rules_path)
        except InputError:
            capsys.readouterr()
            code = run(["--db", db_url, "--as", "agent", *CHECKIN])
            err = capsys.readouterr().err
            assert code == 2, err
            assert err.startswith("error: ") and err.count("\n") == 1, err
            assert (table_dump(db_url), file_digest(db_url)) == before
            outcomes["refused"] += 1

    attempt()
    assert outcomes["refused"] > 0


def test_the_real_executable_refuses_a_check_in_under_a_broken_rules_file(
    db_url: str, rules_path: Path
) -> None:
    rules_path.write_text('[rules.stress.high]\nmin_stress = "\u202eseven"\n', encoding="utf-8")
    before = (table_dump(db_url), file_digest(db_url))
    result = subprocess.run(
        [str(EXECUTABLE), "--db", db_url, "--as", "agent", *CHECKIN],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == "error: rules.stress.high.min_stress: must be a whole number\n"
    assert (table_dump(db_url), file_digest(db_url)) == before


def test_a_folder_given_as_the_rules_file_is_refused_in_ones_language(tmp_path: Path) -> None:
    set_language("nl")  # the suite sets the default language again after each test
    with pytest.raises(InputError) as refused:
        load_rules(tmp_path)
    assert refused.value.field == "rules_file"
    assert refused.value.message == f"{tmp_path} is een map; geef het pad van een regelbestand"
