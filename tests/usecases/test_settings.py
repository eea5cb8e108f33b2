"""Settings come from the environment first, then the user's settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from wellbeing.domain.anonymity import MINIMUM_K
from wellbeing.domain.errors import InputError
from wellbeing.i18n import translate
from wellbeing.services import MAX_K
from wellbeing.settings import ALLOWED, Settings, save_settings, settings_file
from wellbeing.startup_settings import K_SEED_RANGE


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


@pytest.mark.parametrize("value", ["2", "101", "abc", ""])
def test_a_k_seed_outside_3_to_100_is_refused_when_it_is_used_and_only_then(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("WELLBEING_K_THRESHOLD", value)
    settings = Settings()  # every command but `admin bootstrap` reads no further
    with pytest.raises(InputError) as refused:
        settings.k_seed()
    assert refused.value.field == "WELLBEING_K_THRESHOLD"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_setting_says_what_it_allows_in_each_language(language: str) -> None:
    assert set(ALLOWED) == set(Settings.model_fields)
    untranslated = [key for key, text in ALLOWED.items() if translate(text, language) == text]
    assert untranslated == []


def test_the_k_seed_is_the_setting_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().k_seed() is None
    monkeypatch.setenv("WELLBEING_K_THRESHOLD", "8")
    assert Settings().k_seed() == 8


def test_the_k_seed_has_the_bounds_of_the_organisations_k() -> None:
    assert K_SEED_RANGE == (MINIMUM_K, MAX_K)
