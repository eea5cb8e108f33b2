"""Settings from the environment (WELLBEING_*) and the user's settings file, fully checked.

`wellbeing.startup_settings` reads the same values without pydantic for a quick start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from wellbeing.domain.errors import input_error_from
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
    days_off: list[Weekday] = Field(default_factory=list)

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
            raise input_error_from(exc, prefix="settings.k_threshold") from None


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
