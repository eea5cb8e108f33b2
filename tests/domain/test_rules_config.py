"""The rules file: shipped defaults, an organisation's overrides, and refusal of any typo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.rules_builders import DEFAULTS
from wellbeing.domain.errors import InputError
from wellbeing.domain.rules import RULE_IDS, load_rules, rules_checksum


def _org_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_rules(_org_file(tmp_path, text))
    return caught.value


def test_defaults_file_validates_with_every_rule_enabled() -> None:
    config = load_rules()
    assert set(config.settings) == set(RULE_IDS)
    assert all(config.enabled(rule_id) for rule_id in RULE_IDS)


def test_defaults_hold_the_designed_thresholds() -> None:
    assert DEFAULTS["break.legal"].model_dump() == {
        "enabled": True,
        "after_hours": 6.0,
        "min_break_minutes": 15,
    }
    assert DEFAULTS["rest.daily"].model_dump()["min_rest_hours"] == 11.0
    assert DEFAULTS["who5.very_low"].model_dump()["max_percent"] == 28.0


def test_typo_in_a_key_is_refused_naming_that_key(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.break.legal]\nmin_break_minuts = 20\n")
    assert str(error) == "rules.break.legal.min_break_minuts: unknown key"


def test_unknown_rule_is_refused_naming_it(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.break.legall]\nenabled = false\n")
    assert error.field == "rules.break.legall"
    assert error.message.startswith("unknown rule")


def test_value_out_of_range_is_refused_with_its_bound(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.break.legal]\nmin_break_minutes = 0\n")
    assert str(error) == "rules.break.legal.min_break_minutes: must be at least 1"


def test_fractional_value_for_a_whole_number_is_refused(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.stress.high]\nmin_stress = 7.5\n")
    assert str(error) == "rules.stress.high.min_stress: must be a whole number"


def test_enabled_must_be_true_or_false(tmp_path: Path) -> None:
    error = _refusal(tmp_path, '[rules.sustained]\nenabled = "yes"\n')
    assert str(error) == "rules.sustained.enabled: must be true or false"


def test_inconsistent_counts_are_refused_naming_the_rule(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.stress.high]\nmin_count = 6\n")
    assert error.field == "rules.stress.high"
    assert "last_count" in error.message


def test_nan_is_refused_as_not_a_number(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.break.legal]\nafter_hours = nan\n")
    assert str(error) == "rules.break.legal.after_hours: must be a number, not NaN or infinity"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[rules.stress.high]\nmin_stress = 9\n",
            "rules.stress.urgent.min_stress: cannot be lower than stress.high's min_stress (9)",
        ),
        (
            "[rules.who5.very_low]\nmax_percent = 60\n",
            "rules.who5.very_low.max_percent: cannot be higher than who5.low's max_percent (50.0)",
        ),
        (
            "[rules.cbi.high]\nmin_score = 40\n",
            "rules.cbi.high.min_score: cannot be lower than cbi.elevated's min_score (50.0)",
        ),
    ],
)
def test_a_stronger_band_on_the_weaker_side_of_its_neighbour_is_refused(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert str(_refusal(tmp_path, text)) == expected


def test_unknown_top_level_table_is_refused(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rule.break.legal]\nenabled = false\n")
    assert error.field == "rule"


def test_invalid_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    error = _refusal(tmp_path, "[rules.break.legal\n")
    assert error.field == "rules_file"
    assert "not valid TOML" in error.message


def test_missing_rules_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_rules(tmp_path / "absent.toml")
    assert caught.value.field == "rules_file"


def test_organisation_value_overrides_one_key_and_keeps_the_others(tmp_path: Path) -> None:
    config = load_rules(_org_file(tmp_path, "[rules.break.legal]\nmin_break_minutes = 20\n"))
    settings = config["break.legal"].model_dump()
    assert settings["min_break_minutes"] == 20
    assert settings["after_hours"] == 6.0
    assert config["rest.daily"] == DEFAULTS["rest.daily"]


def test_rule_may_be_named_with_a_quoted_dotted_key(tmp_path: Path) -> None:
    config = load_rules(_org_file(tmp_path, '[rules."stress.high"]\nenabled = false\n'))
    assert not config.enabled("stress.high")


def test_checksum_is_the_same_for_the_same_thresholds(tmp_path: Path) -> None:
    same = load_rules(_org_file(tmp_path, "[rules.break.legal]\nmin_break_minutes = 15\n"))
    assert rules_checksum(same) == rules_checksum(DEFAULTS)


def test_checksum_changes_when_a_threshold_changes(tmp_path: Path) -> None:
    changed = load_rules(_org_file(tmp_path, "[rules.rest.daily]\nmin_rest_hours = 12\n"))
    assert rules_checksum(changed) != rules_checksum(DEFAULTS)
