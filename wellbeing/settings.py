"""Settings from the environment (WELLBEING_*) and the user's settings file, fully checked.

`wellbeing.startup_settings` reads the same values without pydantic for a quick start.
"""

from __future__ import annotations

import json
import os
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from wellbeing.domain.errors import InputError, input_error_from
from wellbeing.i18n import N_, _
from wellbeing.startup_settings import (
    AGENT_ID_LENGTH,
    APP_NAME,
    CLOCK_TIME,
    ENV_PREFIX,
    K_SEED_RANGE,
    RANGES,
    config_dir,
    data_dir,
    default_database_path,
    settings_file,
)

__all__ = [
    "APP_NAME",
    "Language",
    "Settings",
    "config_dir",
    "data_dir",
    "default_database_path",
    "save_settings",
    "settings_error",
    "settings_file",
]

Language = Literal["nl", "fr", "en"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# The organisation's k as `admin bootstrap` takes it from `k_threshold`.
_K_SEED: TypeAdapter[int] = TypeAdapter(
    Annotated[int, Field(ge=K_SEED_RANGE[0], le=K_SEED_RANGE[1])]
)


class Settings(BaseSettings):
    """What a person or an organisation can set; the environment wins over the file."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    db_url: str | None = None
    lang: Language | None = None
    rules_file: Path | None = None
    # Only seeds the organisation's k at `admin bootstrap` (`k_seed`). The k in force is
    # stored in the database, so no other command reads this value, or refuses it.
    k_threshold: Any = None
    # The bounds are shared with the quick read at start-up.
    retention_months: int = Field(
        default=36, ge=RANGES["retention_months"][0], le=RANGES["retention_months"][1]
    )
    usual_start: str | None = None
    usual_end: str | None = None
    privacy_notice_seen: bool = False
    # The person's own id in their contact centre's WFM export (never a national number).
    wfm_agent_id: str | None = Field(
        default=None, min_length=AGENT_ID_LENGTH[0], max_length=AGENT_ID_LENGTH[1]
    )
    # Reminders are off until the person turns them on, and come only between these hours
    # and never on the days off (right to disconnect, law of 3 October 2022).
    reminders: bool = False
    remind_after_minutes: int = Field(
        default=30, ge=RANGES["remind_after_minutes"][0], le=RANGES["remind_after_minutes"][1]
    )
    remind_from: str = Field(default="08:00", pattern=CLOCK_TIME)
    remind_until: str = Field(default="20:00", pattern=CLOCK_TIME)
    # NoDecode: the environment's text is read as JSON below, so that text which is not
    # JSON is refused as any other bad value rather than failing in pydantic-settings.
    days_off: Annotated[list[Weekday], NoDecode] = Field(default_factory=list)

    @field_validator("days_off", mode="before")
    @classmethod
    def _days_off_from_json(cls, value: object) -> object:
        """A JSON list given as text (`WELLBEING_DAYS_OFF='["sat", "sun"]'`), read; text
        that is no JSON stays text, which is then refused as not a list."""
        if isinstance(value, str):
            try:
                return json.loads(value)
            except (ValueError, RecursionError):
                return value
        return value

    @field_validator("rules_file", mode="before")
    @classmethod
    def _rules_file_named(cls, value: object) -> object:
        """An empty path would read as the current folder; it names no rules file."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("empty")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=settings_file()),
        )

    def database(self) -> str:
        return self.db_url or str(default_database_path())

    def k_seed(self) -> int | None:
        """The k that `admin bootstrap` gives the organisation: `k_threshold`, a whole number
        from 3 to 100, or None when it is not set (the organisation keeps the default).

        Judged here only, so a value left in the environment or the file after the bootstrap,
        valid or not, never stops another command; InputError on `settings.k_threshold`.
        """
        if self.k_threshold is None:
            return None
        try:
            return _K_SEED.validate_python(self.k_threshold)
        except ValidationError as exc:
            raise settings_error(exc, setting="k_threshold") from None


# What each setting allows, as a person reads it when a value is refused: one entry per field
# of `Settings` (a test holds them to the same names). `lowest` and `highest` are its bounds.
ALLOWED: dict[str, str] = {
    "db_url": N_("must be a file path or a database URL"),
    "lang": N_("must be nl, fr or en"),
    "rules_file": N_("must be the path of a rules file"),
    "k_threshold": N_("must be a whole number from {lowest} to {highest}"),
    "retention_months": N_("must be a whole number of months from {lowest} to {highest}"),
    "usual_start": N_("must be a time HH:MM, such as 08:00"),
    "usual_end": N_("must be a time HH:MM, such as 08:00"),
    "privacy_notice_seen": N_("must be true or false"),
    "wfm_agent_id": N_("must be your agent id, {lowest} to {highest} characters long"),
    "reminders": N_("must be true or false"),
    "remind_after_minutes": N_("must be a whole number of minutes from {lowest} to {highest}"),
    "remind_from": N_("must be a time HH:MM from 00:00 to 23:59"),
    "remind_until": N_("must be a time HH:MM from 00:00 to 23:59"),
    "days_off": N_(
        "must be a list of day names from mon, tue, wed, thu, fri, sat and sun, such as "
        '["sat", "sun"]'
    ),
}
_BOUNDS = {**RANGES, "k_threshold": K_SEED_RANGE, "wfm_agent_id": AGENT_ID_LENGTH}


def settings_error(exc: ValidationError, setting: str | None = None) -> InputError:
    """pydantic's first complaint about the settings as one line in the person's language:
    the setting as the person set it (the environment variable, else the key of the settings
    file, with the file), what it allows, and the value refused.

    `setting`: the field judged, when `exc` does not say it (the k seed is judged apart).
    """
    first = exc.errors(include_url=False)[0]
    location = first.get("loc", ())
    key = setting or (str(location[0]) if location else "")
    if key not in ALLOWED:
        return input_error_from(exc, prefix="settings")
    lowest, highest = _BOUNDS.get(key, (None, None))
    rule = _(ALLOWED[key]).format(lowest=lowest, highest=highest)
    value = _shown_value(first.get("input"))
    variable = _environment_variable(key)
    if variable is not None:
        return InputError(variable, _("{rule}, not {value}").format(rule=rule, value=value))
    if first.get("type") == "string_type":  # `remind_from = 08:00:00` is a TOML time
        problem = _("{rule}, written in quotes, not {value}").format(rule=rule, value=value)
    else:
        problem = _("{rule}, not {value}").format(rule=rule, value=value)
    return InputError(
        f"settings.{key}", _("{problem} (in {file})").format(problem=problem, file=settings_file())
    )


def _environment_variable(key: str) -> str | None:
    """The WELLBEING_* variable that sets `key`, spelt as in the environment (pydantic reads
    the names in any case), or None when the environment does not set it."""
    wanted = (ENV_PREFIX + key).lower()
    found = [name for name in os.environ if name.lower() == wanted]
    return found[-1] if found else None


def _shown_value(value: object, limit: int = 40) -> str:
    """A refused value as a message quotes it, on one line: text in quotes (cut when long),
    a TOML value as the file spells it."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else repr(value[:limit]) + "..."
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | time):
        return value.isoformat()
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def save_settings(**changes: object) -> Settings:
    """Write changed values to the settings file (owner-only), validating them first."""
    import tomllib

    import tomli_w

    path = settings_file()
    current: dict[str, object] = {}
    if path.exists():
        current = tomllib.loads(path.read_text(encoding="utf-8"))
    current.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        current.pop(key, None)
    validated = Settings.model_validate(current)  # refuses bad values before writing
    if changes.get("k_threshold") is not None:
        # A seed is judged only when used, but one being written must be valid now.
        validated.k_threshold = _K_SEED.validate_python(changes["k_threshold"])
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # What was validated is written, not what was given: pydantic reads bytes or a number as
    # text, which the TOML writer would then refuse after the checks had passed.
    written = validated.model_dump(mode="json", include=set(current), exclude_none=True)
    text = tomli_w.dumps(written)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)
    return validated
