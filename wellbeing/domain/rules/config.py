"""Rule thresholds: the shipped defaults.toml, overridden value by value by an organisation file.

Both files are read the same way: `[rules.break.legal]` and `[rules."break.legal"]` name the
same rule. Anything the rules would not use is refused, naming it, so a typo never passes
silently as a default.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from wellbeing.domain.errors import InputError, input_error_from
from wellbeing.domain.rules.base import RuleSettings
from wellbeing.domain.rules.registry import RULE_IDS, SETTINGS
from wellbeing.i18n import N_, _

DEFAULTS_NAME = "defaults.toml"

_MESSAGES = {
    "extra_forbidden": N_("unknown key"),
    "missing": N_("is missing"),
    "bool_type": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "finite_number": N_("must be a number, not NaN or infinity"),
}
# Two bands of one measure: the stronger band's threshold may not lie on the weaker side of
# the other's, or the stronger would fire where the weaker does not (rule, setting, higher).
_BANDS = (
    ("stress.high", "stress.urgent", "min_stress", True),
    ("who5.low", "who5.very_low", "max_percent", False),
    ("cbi.elevated", "cbi.high", "min_score", True),
)
_BOUNDS = {
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be more than {gt}"),
}


@dataclass(frozen=True)
class RulesConfig:
    """Validated settings of every rule, keyed by rule id."""

    settings: Mapping[str, RuleSettings]

    def __getitem__(self, rule_id: str) -> RuleSettings:
        return self.settings[rule_id]

    def enabled(self, rule_id: str) -> bool:
        return self.settings[rule_id].enabled

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {rule_id: self.settings[rule_id].model_dump() for rule_id in RULE_IDS}


def load_rules(path: Path | None = None) -> RulesConfig:
    """The defaults, with an organisation file's values over them when a path is given."""
    merged = _rule_tables(_parse(files(__package__).joinpath(DEFAULTS_NAME).read_text(), None))
    if path is not None:
        for rule_id, table in _rule_tables(_read(path)).items():
            merged[rule_id] = {**merged.get(rule_id, {}), **table}
    return _validate(merged)


def rules_from_tables(tables: Mapping[str, Mapping[str, Any]]) -> RulesConfig:
    """Settings given as `RulesConfig.as_dict()` gives them, validated again (to hand a
    configuration to another process)."""
    return _validate(tables)


def rules_checksum(config: RulesConfig) -> str:
    """A fingerprint of the thresholds, so a changed rules file can be noticed."""
    canonical = json.dumps(config.as_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("rules_file", _("{path} does not exist").format(path=path)) from None
    except IsADirectoryError:
        raise InputError(
            "rules_file", _("{path} is a folder; give the path of a rules file").format(path=path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "rules_file", _("{path} cannot be read: {error}").format(path=path, error=exc)
        ) from None
    return _parse(text, path)


def _parse(text: str, path: Path | None) -> dict[str, Any]:
    where = path if path is not None else DEFAULTS_NAME
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            "rules_file", _("{file} is not valid TOML: {error}").format(file=where, error=exc)
        ) from None
    except RecursionError:
        # tomllib nests arrays and inline tables without limit: `a = [[[[...]]]]`.
        raise InputError(
            "rules_file", _("{file} nests its values too deeply").format(file=where)
        ) from None


def _shown(key: str) -> str:
    """A key as a message names it: quoted when it is empty or holds a character that would
    break the one line the message is (a newline, a control or right-to-left mark)."""
    return key if key and key.isprintable() else repr(key)


def _rule_tables(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Flatten `[rules.a.b]` tables into {"a.b": {...}}, refusing anything that is no rule."""
    for key in document:
        if key != "rules":
            raise InputError(
                _shown(key), _("unknown key; a rules file holds only [rules.<rule id>] tables")
            )
    found: dict[str, dict[str, Any]] = {}
    _collect(document.get("rules", {}), "", found)
    return found


def _collect(table: Any, prefix: str, found: dict[str, dict[str, Any]]) -> None:
    if not isinstance(table, dict):
        raise InputError(f"rules.{_shown(prefix)}" if prefix else "rules", _("must be a table"))
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if name in SETTINGS:
            if not isinstance(value, dict):
                raise InputError(f"rules.{_shown(name)}", _("must be a table of settings"))
            found[name] = {**found.get(name, {}), **value}
        elif isinstance(value, dict) and any(r.startswith(f"{name}.") for r in RULE_IDS):
            _collect(value, name, found)
        else:
            raise InputError(
                f"rules.{_shown(name)}",
                _("unknown rule; the rules are {rules}").format(rules=", ".join(RULE_IDS)),
            )


def _validate(tables: Mapping[str, Mapping[str, Any]]) -> RulesConfig:
    validated: dict[str, RuleSettings] = {}
    for rule_id in RULE_IDS:
        prefix = f"rules.{rule_id}"
        if rule_id not in tables:
            raise InputError(prefix, _("is missing"))
        try:
            validated[rule_id] = SETTINGS[rule_id].model_validate(tables[rule_id])
        except ValidationError as exc:
            raise _settings_error(exc, prefix) from None
    for weaker, stronger, setting, upwards in _BANDS:
        low, high = getattr(validated[weaker], setting), getattr(validated[stronger], setting)
        if (high < low) if upwards else (high > low):
            raise InputError(
                f"rules.{stronger}.{setting}",
                (
                    _("cannot be lower than {rule}'s {setting} ({value})")
                    if upwards
                    else _("cannot be higher than {rule}'s {setting} ({value})")
                ).format(rule=weaker, setting=setting, value=low),
            )
    return RulesConfig(MappingProxyType(validated))


def _settings_error(exc: ValidationError, prefix: str) -> InputError:
    first = exc.errors(include_url=False)[0]
    loc = ".".join(str(part) for part in first.get("loc", ()))
    field = f"{prefix}.{_shown(loc)}" if loc else prefix
    kind = first.get("type", "")
    context = first.get("ctx") or {}
    if kind in _MESSAGES:
        return InputError(field, _(_MESSAGES[kind]))
    if kind in _BOUNDS:
        return InputError(field, _(_BOUNDS[kind]).format(**context))
    return input_error_from(exc, prefix)
