"""Opening the app: settings and account are read quickly, yet judged as strictly as before.

Before its first frame the app reads the settings and the account without pydantic. That
quick read may only accept what the full check accepts; anything else goes to the full check,
which refuses it with the message every other command gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

import wellbeing.tui.app
from tests.support.broken_settings import BROKEN_SETTINGS
from wellbeing.cli import PLAIN_ACCOUNT, run
from wellbeing.domain.errors import InputError
from wellbeing.domain.people import validate_account
from wellbeing.i18n import detect_language, set_language
from wellbeing.settings import Settings
from wellbeing.startup_settings import FIELDS, RANGES, read_startup_settings, settings_file

# (settings file, environment, whether the quick read must vouch for them)
CASES: dict[str, tuple[str, dict[str, str], bool]] = {
    "nothing": ("", {}, True),
    "everything plain": (
        'db_url = "/tmp/a.db"\nlang = "nl"\nrules_file = "/tmp/rules.toml"\n'
        'k_threshold = 7\nretention_months = 600\nusual_start = "08:00"\n'
        'usual_end = "16:30"\nprivacy_notice_seen = true\nsomething_else = [1, 2]\n',
        {},
        True,
    ),
    "environment wins": (
        'lang = "nl"\ndb_url = "/tmp/file.db"\n',
        {"WELLBEING_LANG": "fr", "WELLBEING_DB_URL": "postgresql://x/y"},
        True,
    ),
    "environment numbers and truth": (
        "",
        {"WELLBEING_K_THRESHOLD": "007", "WELLBEING_PRIVACY_NOTICE_SEEN": "true"},
        True,
    ),
    "lower-case environment": ("", {"wellbeing_lang": "en"}, True),
    "empty database url": ('db_url = ""\n', {}, True),
    "reminders plain": (
        'reminders = true\nremind_after_minutes = 45\nremind_from = "07:30"\n'
        'remind_until = "19:00"\ndays_off = ["sat", "sun"]\nwfm_agent_id = "4711"\n',
        {},
        True,
    ),
    "unknown day off": ('days_off = ["holiday"]\n', {}, False),
    "reminder hour without its zero": ('remind_from = "7:30"\n', {}, False),
    "days off in the environment": ("", {"WELLBEING_DAYS_OFF": '["sun"]'}, False),
    # k only seeds the organisation's k at `admin bootstrap`, which alone judges it.
    "k too small": ("k_threshold = 2\n", {}, True),
    "k too small in the environment": ("", {"WELLBEING_K_THRESHOLD": "2"}, True),
    "k as text": ('k_threshold = "five"\n', {}, True),
    "k as truth": ("k_threshold = true\n", {}, True),
    "k with spaces": ("", {"WELLBEING_K_THRESHOLD": " 5 "}, True),
    "retention too long": ("retention_months = 601\n", {}, False),
    "unknown language": ('lang = "de"\n', {}, False),
    "language in the environment": ("", {"WELLBEING_LANG": "EN"}, False),
    "empty language": ("", {"WELLBEING_LANG": ""}, False),
    "upper-case key": ('LANG = "fr"\n', {}, False),
    "number as text field": ("usual_start = 8\n", {}, False),
    "time value": ("usual_start = 08:00:00\n", {}, False),
    "truth as yes": ("", {"WELLBEING_PRIVACY_NOTICE_SEEN": "yes"}, False),
    "truth as number": ("privacy_notice_seen = 1\n", {}, False),
    "empty rules file": ("", {"WELLBEING_RULES_FILE": ""}, False),
    "not TOML": ("lang = \n", {}, False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_quick_read_agrees_with_the_full_check_or_leaves_it_the_judgement(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, environment, plain = CASES[case]
    if text:
        settings_file().parent.mkdir(parents=True, exist_ok=True)
        settings_file().write_text(text, encoding="utf-8")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    quick = read_startup_settings()
    assert (quick is not None) == plain
    if quick is not None:
        full = Settings()
        assert (quick.db_url, quick.lang) == (full.db_url, full.lang)
        assert quick.database() == full.database()


def test_the_quick_read_knows_every_setting_and_its_bounds() -> None:
    assert set(Settings.model_fields) == FIELDS
    for name, (low, high) in RANGES.items():
        bounds = {type(item).__name__: item for item in Settings.model_fields[name].metadata}
        assert (bounds["Ge"].ge, bounds["Le"].le) == (low, high)


def test_what_the_quick_read_passes_on_is_still_refused_by_the_full_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WELLBEING_RETENTION_MONTHS", "0")
    assert read_startup_settings() is None
    with pytest.raises(ValidationError):
        Settings()


ACCOUNTS = [
    "agent",
    "demo-0001",
    "first.last@example.org",
    "under_score",
    "a" * 128,
    "a" * 129,
    "",
    " agent ",
    "two words",
    "DOMAIN\\agent",
    "agënt",
    "agent\n",
    "١٢٣",
    "agent;drop",
]


def test_every_account_the_quick_check_accepts_the_domain_accepts_unchanged() -> None:
    plain = [account for account in ACCOUNTS if PLAIN_ACCOUNT.fullmatch(account)]
    assert plain == ["agent", "demo-0001", "first.last@example.org", "under_score", "a" * 128]
    assert [validate_account(account) for account in plain] == plain


@pytest.fixture(autouse=True)
def language_restored() -> Iterator[None]:
    """`run` sets the language of the whole process; later tests expect the usual one."""
    yield
    set_language(detect_language())


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record what the app would be opened with instead of opening it."""
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(wellbeing.tui.app, "run", lambda url, account: calls.append((url, account)))
    return calls


@pytest.mark.parametrize("kind", sorted(BROKEN_SETTINGS))
def test_a_broken_settings_file_keeps_the_app_closed_with_the_usual_message(
    kind: str, tmp_path: Path, opened: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_bytes(BROKEN_SETTINGS[kind])
    database = str(tmp_path / "w.db")
    assert run(["--db", database, "--as", "agent", "history"]) == 2
    usual = capsys.readouterr().err
    assert run(["--db", database, "--as", "agent"]) == 2
    assert capsys.readouterr().err == usual
    assert usual.startswith("error: settings")
    assert opened == []


@pytest.mark.parametrize("account", [" agent ", "DOMAIN\\agent", "two words", "a" * 129])
def test_the_app_gets_the_account_as_the_domain_checks_it(
    account: str, opened: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        expected: str | None = validate_account(account)
    except InputError:
        expected = None
    code = run(["--db", "w.db", "--as", account])
    if expected is None:
        refusal = capsys.readouterr().err
        assert run(["--db", "w.db", "--as", account, "history"]) == code == 2
        assert capsys.readouterr().err == refusal
        assert refusal.startswith("error: account: ")
        assert opened == []
    else:
        assert code == 0
        assert opened == [("w.db", expected)]


def test_the_database_comes_from_the_settings_file_when_not_given(
    opened: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_text('db_url = "/somewhere/w.db"\nlang = "nl"\n', encoding="utf-8")
    monkeypatch.setenv("WELLBEING_USER", "agent")
    assert run([]) == 0
    assert opened == [("/somewhere/w.db", "agent")]


def test_the_app_is_opened_without_loading_pydantic(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('lang = "fr"\nk_threshold = 7\n', encoding="utf-8")
    code = (
        "import sys, wellbeing.tui.app as app\n"
        "app.run = lambda url, account: print(url, account, 'pydantic' in sys.modules)\n"
        "from wellbeing.cli import run\n"
        "run(['--db', 'w.db', '--as', 'agent'])\n"
    )
    environment = {**os.environ, "WELLBEING_CONFIG_DIR": str(config)}
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert shown.stdout.split() == ["w.db", "agent", "False"]
