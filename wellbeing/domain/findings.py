"""What a rule found, how serious it is, and how it is explained to the person.

A finding keeps its message as an English template (a gettext msgid) plus the numbers that
fill it, so it can be stored once and explained later in whichever language the person reads.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter

from pydantic import BaseModel, ConfigDict, Field

from wellbeing.domain import plural_messages  # noqa: F401 - declares the plural messages
from wellbeing.i18n import N_, translate, translate_count
from wellbeing.i18n.formats import decimal, text_value

Param = int | float | str

_EXPLANATION = N_("{message} Source: {source}.")
# Parameters that hold a msgid of their own (such as the CBI scale names), translated when
# the message is filled in.
TRANSLATED_PARAMS = frozenset({"scales"})


class _Ranked(enum.StrEnum):
    """A string enum ordered by declaration, so levels compare as people expect.

    Each member keeps its place as a plain attribute (set by `_number`): levels are compared
    and sorted for every shift judged, so a comparison is one call.
    """

    _rank: int

    @property
    def rank(self) -> int:
        return self._rank

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank < other._rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank <= other._rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank > other._rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank >= other._rank


def _number(kind: type[_Ranked]) -> None:
    """Give each member its place in declaration order."""
    for index, member in enumerate(kind):
        object.__setattr__(member, "_rank", index)


class Level(_Ranked):
    """How serious one finding is: info < watch < warning < high (design.md, Rules)."""

    INFO = "info"
    WATCH = "watch"
    WARNING = "warning"
    HIGH = "high"


class Overall(_Ranked):
    """The traffic light a person sees, modelled on the BAT's green/orange/red (domain.md §3)."""

    GREEN = "green"
    ORANGE = "orange"
    RED = "red"


_number(Level)
_number(Overall)


class Finding(BaseModel):
    """One rule's result: level, a translatable message with its numbers, and its source."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rule_id: str
    level: Level
    message: str
    params: dict[str, Param] = Field(default_factory=dict)
    source: str
    suggestions: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        rule_id: str,
        level: Level,
        message: str,
        params: dict[str, Param],
        source: str,
        suggestions: tuple[str, ...],
    ) -> Finding:
        """A finding a rule made from values of the declared types, built without validating
        them again: the rules make one for most shifts they judge, and validation cost more
        than the rule itself. Gives what `Finding(...)` gives for such values."""
        made = cls.__new__(cls)
        _set(
            made,
            "__dict__",
            {
                "rule_id": rule_id,
                "level": level,
                "message": message,
                "params": params,
                "source": source,
                "suggestions": suggestions,
            },
        )
        _set(made, "__pydantic_fields_set__", set(_FIELDS))
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made

    def typed_params(self) -> tuple[tuple[str, type, Param], ...]:
        """The numbers in order, each with its type: what the finding says, as a key (1 and
        1.0 are equal but read differently)."""
        params = self.params
        return tuple(zip(params, map(type, params.values()), params.values(), strict=True))

    def message_in(self, language: str) -> str:
        """The message with its numbers, in `language` (English when no translation fits)."""
        return _filled(self.message, self.typed_params(), language)

    def source_in(self, language: str) -> str:
        return translate(self.source, language)

    def explain(self, language: str) -> str:
        """Why this finding was raised, with its numbers and where the threshold comes from."""
        return _fill(
            _EXPLANATION,
            {"message": self.message_in(language), "source": self.source_in(language)},
            language,
        )


_set = object.__setattr__
_FIELDS = tuple(Finding.model_fields)


def overall(findings: Iterable[Finding]) -> Overall:
    """Green while nothing above watch is open, orange at warning, red when any is high."""
    return overall_of(f.level for f in findings)


def overall_of(levels: Iterable[Level]) -> Overall:
    """The overall level of findings at these levels (see `overall`)."""
    # By their places: every week of every history is judged so, and comparing the members
    # themselves calls a method per comparison.
    highest = max(map(_RANK, levels), default=Level.INFO.rank)
    if highest >= Level.HIGH.rank:
        return Overall.RED
    if highest >= Level.WARNING.rank:
        return Overall.ORANGE
    return Overall.GREEN


_RANK = attrgetter("_rank")


@lru_cache(maxsize=1 << 14, typed=True)  # typed: 1 and 1.0 read differently
def format_param(value: Param, language: str) -> str:
    """Values in the reader's conventions: 58,3 and "2 november 2026" in Dutch, 58.3 and
    "2 November 2026" in English; dates and durations are stored as text and localised here.
    Remembered: a re-evaluation writes the same dates and numbers for thousands of findings."""
    if isinstance(value, str):
        return text_value(value, language)
    if isinstance(value, int):
        return str(value)
    return decimal(value, language)


@lru_cache(maxsize=1 << 14)
def _filled(template: str, typed: tuple[tuple[str, type, Param], ...], language: str) -> str:
    """A message filled in, remembered: a re-evaluation keeps the same evidence (a rule's
    message with the same date and numbers) for many shifts and people."""
    return _fill(template, {key: value for key, _, value in typed}, language)


def _fill(template: str, params: dict[str, Param] | dict[str, str], language: str) -> str:
    values = {
        key: translate(value, language)
        if key in TRANSLATED_PARAMS and isinstance(value, str) and value
        else format_param(value, language)
        for key, value in params.items()
    }
    count = params.get("count")
    if isinstance(count, int):
        translated = translate_count(template, count, language)
    else:
        translated = translate(template, language)
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not hide the explanation.
        return template.format(**values)
