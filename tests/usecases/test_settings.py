"""Settings come from the environment first, then the user's settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from wellbeing.settings import Settings, save_settings, settings_file


def test_saved_settings_are_read_back() -> None:
    save_settings(lang="nl", usual_start="08:00", usual_end="16:30")
    settings = Settings()
    assert (settings.lang, settings.usual_start, settings.usual_end) == ("nl", "08:00", "16:30")
    assert settings_file().stat().st_mode & 0o777 == 0o600


def test_the_environment_wins_over_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(lang="nl")
    monkeypatch.setenv("WELLBEING_LANG", "fr")
    assert Settings().lang == "fr"


def test_an_invalid_value_is_refused_and_the_file_is_unchanged() -> None:
    save_settings(lang="nl")
    before = settings_file().read_text()
    with pytest.raises(ValidationError):
        save_settings(lang="de")
    assert settings_file().read_text() == before


def test_a_value_accepted_as_text_is_written_as_text() -> None:
    save_settings(usual_start=b"08:00", rules_file=Path("/srv/rules.toml"))
    settings = Settings()
    assert (settings.usual_start, settings.rules_file) == ("08:00", Path("/srv/rules.toml"))


def test_k_below_three_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELLBEING_K_THRESHOLD", "2")
    with pytest.raises(ValidationError, match="k_threshold"):
        Settings()
