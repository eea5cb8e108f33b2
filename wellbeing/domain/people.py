"""People and roles as the domain sees them: a pseudonym, never a name."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    pseudonym: str
    os_account: str | None = None
    team_id: int | None = None
    is_admin: bool = False
    language: str | None = None
