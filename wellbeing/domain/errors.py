"""The one family of failures a person is told about, each with its exit code.

Every layer's error derives from `WellbeingError`: the command line maps the family to a
line and an exit code in one place (`wellbeing.cli.run`), so a new kind of failure needs no
new `except`. Bad input is an `InputError`: one clear message naming the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from wellbeing.i18n import _

if TYPE_CHECKING:  # pydantic is loaded only when a validation error is converted
    from pydantic import ValidationError

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class WellbeingError(Exception):
    """A failure already put into words for a person; `exit_code` says what kind it is."""

    exit_code: ClassVar[int] = EXIT_FAILED

    def for_people(self) -> str:
        """The message as a person reads it (without the 'error:' that a UI puts before)."""
        return str(self)


class InputError(WellbeingError, ValueError):
    """Input a person gave that cannot be accepted, with the field it concerns.

    A ValueError too, so that pydantic validators may raise it and keep it as the cause.
    """

    exit_code: ClassVar[int] = EXIT_BAD_INPUT

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def __str__(self) -> str:
        # Joined as the language punctuates it: French puts a space before the colon.
        return _("{field}: {message}").format(field=self.field, message=self.message)


def _shown(key: str) -> str:
    """A key as a message names it: quoted when it is empty or would break the line (an
    unknown key can be anything a caller passed)."""
    return key if key and key.isprintable() else repr(key)


def input_error_from(exc: ValidationError, prefix: str = "") -> InputError:
    """Turn pydantic's first error into one InputError naming the field."""
    first = exc.errors(include_url=False)[0]
    loc = [_shown(str(part)) for part in first.get("loc", ()) if part != "__root__"]
    field = ".".join(loc) if loc else (prefix or "input")
    if prefix and loc:
        field = f"{prefix}.{field}"
    ctx_error = (first.get("ctx") or {}).get("error")
    if isinstance(ctx_error, InputError):
        return InputError(ctx_error.field if not loc else field, ctx_error.message)
    message = str(first.get("msg", "is not valid"))
    for lead in ("Value error, ", "Assertion failed, "):
        if message.startswith(lead):
            message = message[len(lead) :]
    return InputError(field, message[0].lower() + message[1:] if message else "is not valid")
