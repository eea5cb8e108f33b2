"""Click parameter types for what people type on the command line.

Each type reads its text with `wellbeing.domain.text_input`, the parser the check-in form
uses too, and refuses with an InputError naming the field (exit code 2, one line, never
Click's usage text). Only Click and the translations are imported, so `--help` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import click

from wellbeing.i18n import _


def _field(param: click.Parameter | None, given: str | None) -> str:
    return given or (param.name if param is not None and param.name else "value")


class Whole(click.ParamType[int]):
    """A whole number, within [lo, hi] when given; `out_of_range` is the message past them
    (marked with N_, translated when it is shown; {fewest} and {most} are the bounds)."""

    name = "whole"

    def __init__(
        self,
        lo: int | None = None,
        hi: int | None = None,
        *,
        out_of_range: str | None = None,
        field: str | None = None,
    ) -> None:
        self.lo, self.hi, self.out_of_range, self.field = lo, hi, out_of_range, field

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from wellbeing.domain import text_input

        if isinstance(value, int) and not isinstance(value, bool):
            return value  # a default
        message = (
            _(self.out_of_range).format(fewest=self.lo, most=self.hi)
            if self.out_of_range
            else None
        )
        return text_input.whole(
            _field(param, self.field), str(value), lo=self.lo, hi=self.hi, out_of_range=message
        )


class Score(click.ParamType[int]):
    """A score from 0 to 10 (stress, energy, support)."""

    name = "score"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from wellbeing.domain import text_input

        return text_input.score(_field(param, None), str(value))


class Percentage(click.ParamType[float]):
    """A percentage such as 88.5 or 88.5%; the range is checked with the rest of the input."""

    name = "percentage"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from wellbeing.domain import text_input

        return text_input.percentage(_field(param, None), str(value))


class LocalMoment(click.ParamType[datetime]):
    """An ISO date and time; without an offset it is Brussels time. Converted to UTC."""

    name = "moment"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        from wellbeing.domain import text_input

        if isinstance(value, datetime):
            return value
        return text_input.moment(_field(param, None), str(value))


class Day(click.ParamType[date]):
    """A calendar day written YYYY-MM-DD."""

    name = "day"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from wellbeing.domain import text_input

        if isinstance(value, date):
            return value
        return text_input.iso_day(_field(param, None), str(value))


@dataclass(frozen=True)
class BreakText:
    """A break as typed, already read; it becomes moments once the shift's start is known."""

    text: str

    def resolve(self, shift_start: datetime) -> dict[str, datetime]:
        from wellbeing.domain.checkin import resolve_break

        return resolve_break(self.text, shift_start)


class BreakSpan(click.ParamType[BreakText]):
    """A break as HH:MM-HH:MM (on the shift's day) or ISO/ISO; errors name the field `break`."""

    name = "break"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> BreakText:
        from wellbeing.domain import text_input

        if isinstance(value, BreakText):
            return value
        text = str(value)
        if "/" in text:
            text_input.moment_span("break", text)
        else:
            text_input.clock_span("break", text)
        return BreakText(text)


class Choice(click.ParamType[str]):
    """One of a few words, in any case and with spaces around; `refusal` (marked with N_)
    names the value as {value!r} (or, in older messages, {kind!r}, {method!r} or {role!r})
    and is the message for anything else."""

    name = "choice"

    def __init__(self, choices: Sequence[str], refusal: str, *, field: str | None = None) -> None:
        self.choices, self.refusal, self.field = tuple(choices), refusal, field

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from wellbeing.domain.errors import InputError

        chosen = str(value).strip().lower()
        if chosen not in self.choices:
            message = _(self.refusal).format(value=value, kind=value, method=value, role=value)
            raise InputError(_field(param, self.field), message)
        return chosen
