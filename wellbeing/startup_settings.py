"""Where the settings live, and a quick read of them that needs no pydantic.

Importing pydantic and pydantic-settings costs more than drawing the app's first screen, so
the app reads the settings file and the WELLBEING_* environment here with the standard
library before it starts. This read only vouches for values it can see are valid; for
anything else it gives up, and `wellbeing.settings.Settings` reads, checks and explains.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "wellbeing"
ENV_PREFIX = "WELLBEING_"
LANGUAGES = ("nl", "fr", "en")
# Whole numbers and their bounds; `Settings` declares its fields with these.
RANGES = {"retention_months": (1, 600), "remind_after_minutes": (5, 720)}
# `k_threshold` only seeds the organisation's k at `admin bootstrap`, which alone judges it;
# every other command, and this read, take whatever it holds as it is.
K_SEED_RANGE = (3, 100)
TEXTS = ("db_url", "rules_file", "usual_start", "usual_end")
TRUTHS = ("privacy_notice_seen", "reminders")
# Reminder hours ("HH:MM") and days off: the settings of `wellbeing remind`.
CLOCK_TIMES = ("remind_from", "remind_until")
CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AGENT_ID_LENGTH = (1, 64)
FIELDS = frozenset(
    {"lang", "wfm_agent_id", "days_off", "k_threshold", *TRUTHS, *RANGES, *TEXTS, *CLOCK_TIMES}
)

_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)
_TRUTHS = {"true": True, "1": True, "false": False, "0": False}


def data_dir() -> Path:
    override = os.environ.get("WELLBEING_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    override = os.environ.get("WELLBEING_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def default_database_path() -> Path:
    return data_dir() / "wellbeing.db"


@dataclass(frozen=True)
class StartupSettings:
    """What the app needs before its first frame (the database and the language) and to
    prefill the check-in form (the usual shift's start and end, as typed)."""

    db_url: str | None
    lang: str | None
    usual_start: str | None = None
    usual_end: str | None = None

    def database(self) -> str:
        return self.db_url or str(default_database_path())


def read_startup_settings() -> StartupSettings | None:
    """The settings when every value is plainly valid; None when `Settings` must judge.

    None covers an unreadable file, a value of an unexpected type or out of range, and a
    name spelt in another case: `Settings` then either accepts it or refuses it with its
    usual message, so the quick read never changes what is accepted.
    """
    values = _file_values()
    if values is None:
        return None
    environment = {key.lower(): value for key, value in os.environ.items()}  # as pydantic
    prefix = ENV_PREFIX.lower()
    for field in FIELDS:
        if prefix + field in environment:
            values[field] = _from_environment(field, environment[prefix + field])
    if any(not _plainly_valid(field, value) for field, value in values.items()):
        return None
    texts = {
        name: value if isinstance(value := values.get(name), str) else None
        for name in ("db_url", "lang", "usual_start", "usual_end")
    }
    return StartupSettings(**texts)


class _Unsure:
    """A value the quick read does not judge."""


UNSURE = _Unsure()


def _file_values() -> dict[str, object] | None:
    """The settings file's values for known fields ({} without a file), None if unsure."""
    import tomllib

    path = settings_file()
    try:
        if not path.exists():
            return {}
        content: Mapping[str, object] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    values: dict[str, object] = {}
    for key, value in content.items():
        if key in FIELDS:
            values[key] = value
        elif key.lower() in FIELDS:
            return None  # another spelling of a field: leave it to pydantic
    return values


def _from_environment(field: str, text: str) -> object:
    """An environment value converted the way pydantic would, or UNSURE."""
    if field in RANGES:
        return int(text) if _DIGITS.fullmatch(text) else UNSURE
    if field in TRUTHS:
        return _TRUTHS.get(text, UNSURE)
    if field == "days_off":
        return UNSURE  # a JSON list in the environment: pydantic's to read
    return text


def _plainly_valid(field: str, value: object) -> bool:
    if field == "k_threshold":
        return True
    if field == "lang":
        return value in LANGUAGES
    if field in RANGES:
        low, high = RANGES[field]
        return type(value) is int and low <= value <= high
    if field in TRUTHS:
        return type(value) is bool
    if field in CLOCK_TIMES:
        return isinstance(value, str) and re.fullmatch(CLOCK_TIME, value) is not None
    if field == "days_off":
        return isinstance(value, list) and all(day in WEEKDAYS for day in value)
    if field == "wfm_agent_id":
        low, high = AGENT_ID_LENGTH
        return isinstance(value, str) and low <= len(value) <= high
    if field == "rules_file":
        return isinstance(value, str) and bool(value) and "\0" not in value
    return isinstance(value, str)
