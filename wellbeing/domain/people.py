"""People and roles as the domain sees them: a pseudonym, never a name."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.errors import InputError
from wellbeing.i18n import _


class Person(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    pseudonym: str
    os_account: str | None = None
    team_id: int | None = None
    is_admin: bool = False
    language: str | None = None


class Team(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    name: str


_ACCOUNT = re.compile(r"^[A-Za-z0-9._@\\-]{1,128}$")


def validate_account(account: str) -> str:
    """An operating-system (or database) login name."""
    account = account.strip()
    if not _ACCOUNT.match(account):
        raise InputError(
            "account", _("use 1-128 letters, digits, dots, dashes, underscores, @ or backslashes")
        )
    return account


def validate_team_name(name: str) -> str:
    """A team's name as it is kept: in Unicode NFC and trimmed, so that the same letters
    typed composed or decomposed (é as one character or as e and an accent) are one name."""
    name = unicodedata.normalize("NFC", name).strip()
    if not 1 <= len(name) <= 80:
        raise InputError("team", _("a team name has 1 to 80 characters"))
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise InputError("team", _("a team name cannot contain control characters"))
    return name


def team_key(name: str) -> str:
    """What the names of one team have in common: NFC, trimmed and without case (Unicode
    caseless matching), so that "Sales", "sales" and " SALES " name one team, never three."""
    # Decomposed first, as caseless matching asks (NFD of any form is the same).
    decomposed = unicodedata.normalize("NFD", name.strip())
    return unicodedata.normalize("NFC", decomposed.casefold())
