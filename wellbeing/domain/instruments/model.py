"""What a questionnaire is, as data: items, answer options and provenance in nl, fr and en.

Item wordings live in TOML files beside this module, so a translation can be corrected
without touching the scoring code, and every text is checked to exist in all three languages
when the file is loaded.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Language = Literal["nl", "fr", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "fr", "en")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Localized(_Frozen):
    """One text in each language the app speaks; none may be missing or blank."""

    nl: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        """The text in `language`, falling back to English for a language the app lacks."""
        if language in LANGUAGES:
            return str(getattr(self, language))
        return self.en


class Option(_Frozen):
    """One answer a person can pick: the code stored for it and the points it scores."""

    code: int
    points: int
    label: Localized


class Item(_Frozen):
    """One question or statement, the answer scale it uses and the subscale it counts toward."""

    id: str
    text: Localized
    scale: str
    subscale: str | None = None
    reversed: bool = False


class Instrument(_Frozen):
    """A validated questionnaire with everything a screen needs to show it honestly."""

    id: Literal["who5", "cbi"]
    title: Localized
    instructions: Localized
    stem: Localized | None = None
    credit: Localized
    source: Localized
    interpretation: Localized
    validated: dict[Language, bool]
    subscales: dict[str, Localized] = Field(default_factory=dict)
    scales: dict[str, tuple[Option, ...]]
    items: tuple[Item, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        missing = [lang for lang in LANGUAGES if lang not in self.validated]
        if missing:
            raise ValueError(f"validated: no entry for {', '.join(missing)}")
        for item in self.items:
            if item.scale not in self.scales:
                raise ValueError(f"item {item.id}: unknown answer scale {item.scale!r}")
            if item.subscale is not None and item.subscale not in self.subscales:
                raise ValueError(f"item {item.id}: unknown subscale {item.subscale!r}")
        for name, options in self.scales.items():
            codes = [option.code for option in options]
            if len(set(codes)) != len(codes):
                raise ValueError(f"scale {name}: answer codes repeat")
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids repeat")
        return self

    def options(self, item: Item) -> tuple[Option, ...]:
        """The answers offered for `item`, in the order the form shows them."""
        return self.scales[item.scale]

    def is_validated(self, language: str) -> bool:
        """Whether the wording in `language` is a published, validated version."""
        return language in LANGUAGES and self.validated[language]


@cache
def load_instrument(name: Literal["who5", "cbi"]) -> Instrument:
    """Read and check one instrument's data file shipped with the package."""
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return Instrument.model_validate(tomllib.loads(text))
