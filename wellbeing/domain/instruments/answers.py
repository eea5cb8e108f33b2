"""Checking a person's answers before anything is scored or stored."""

from __future__ import annotations

from collections.abc import Sequence

from wellbeing.domain.errors import InputError
from wellbeing.i18n import _


def checked_answers(
    answers: object, *, name: str, count: int, low: int, high: int
) -> tuple[int, ...]:
    """Exactly `count` whole numbers from `low` to `high`, or one InputError naming `answers`.

    Strings, booleans and floats are refused even when they look like a number, so a typo on
    the command line or a half-filled form never turns into a plausible score.
    """
    if not isinstance(answers, Sequence) or isinstance(answers, str | bytes | bytearray):
        raise InputError(
            "answers",
            _("must be a list of {count} whole numbers from {low} to {high}").format(
                count=count, low=low, high=high
            ),
        )
    if len(answers) != count:
        raise InputError(
            "answers",
            _("{name} needs exactly {count} answers, got {got}").format(
                name=name, count=count, got=len(answers)
            ),
        )
    for number, value in enumerate(answers, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError(
                "answers",
                _(
                    "answer {number} is {value!r}; "
                    "each answer must be a whole number from {low} to {high}"
                ).format(number=number, value=value, low=low, high=high),
            )
    return tuple(int(value) for value in answers)
