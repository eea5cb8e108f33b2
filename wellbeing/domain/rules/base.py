"""The shape every rule shares: its settings model, its check and how far back it looks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from wellbeing.domain.findings import Finding
from wellbeing.domain.rules.context import RuleContext


class RuleSettings(BaseModel):
    """Thresholds of one rule. No defaults here: defaults.toml is the one place for numbers."""

    # NaN compares false with every bound, so it would pass as any threshold.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    enabled: StrictBool


S = TypeVar("S", bound=RuleSettings)

Hours = Annotated[float, Field(gt=0, le=24)]
Minutes = Annotated[int, Field(ge=1, le=240, strict=True)]
Days = Annotated[int, Field(ge=1, le=366, strict=True)]
Count = Annotated[int, Field(ge=1, le=50, strict=True)]
Score = Annotated[int, Field(ge=0, le=10, strict=True)]
Percent = Annotated[float, Field(ge=0, le=100)]


@dataclass(frozen=True)
class Rule(Generic[S]):
    """A rule that judges the context on its own."""

    id: str
    settings: type[S]
    check: Callable[[RuleContext, S], list[Finding]]
    window: Callable[[S], timedelta]


Check = Callable[[RuleContext], list[Finding]]


@dataclass(frozen=True)
class StrainChecks:
    """The enabled rules whose findings are evidence of strain, their settings bound: those
    judged at a check-in, and those judged when a questionnaire is answered."""

    checkin: tuple[Check, ...]
    survey: tuple[Check, ...]


@dataclass(frozen=True)
class FollowUpRule(Generic[S]):
    """A rule that judges over what other rules find (only `sustained`)."""

    id: str
    settings: type[S]
    check: Callable[[RuleContext, S, StrainChecks], list[Finding]]
    window: Callable[[S], timedelta]


@cache
def hours(value: float) -> timedelta:
    """A setting in hours as a duration, made once per value (rules ask it at every shift)."""
    return timedelta(hours=value)


@cache
def minutes(value: float) -> timedelta:
    """A setting in minutes as a duration, made once per value."""
    return timedelta(minutes=value)


@cache
def days(value: float) -> timedelta:
    """A setting in days as a duration, made once per value."""
    return timedelta(days=value)


def no_history(_: RuleSettings) -> timedelta:
    return timedelta()


def number(value: float) -> int | float:
    """A whole number stays whole (60, not 60.0); anything else keeps one decimal."""
    rounded = round(value, 1)
    return int(rounded) if float(rounded).is_integer() else rounded


def joined(values: list[int] | list[float]) -> str:
    """Values as a person reads them in a list: 7, 8, 7."""
    return ", ".join(str(number(v)) for v in values)
