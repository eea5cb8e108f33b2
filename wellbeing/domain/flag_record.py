"""A stored flag as the person sees it: the finding, its episode and what they did with it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.findings import Finding, Level, Param
from wellbeing.domain.flags import OpenFlag, Visibility, visibility


class FlagRecord(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    rule_id: str
    level: Level
    message: str
    params: dict[str, Param]
    source: str
    suggestions: tuple[str, ...]
    raised_at: datetime
    updated_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_level: Level | None = None
    snoozed_until: datetime | None = None
    resolved_at: datetime | None = None

    # The record's fields already have the types a Finding and an OpenFlag hold, so these
    # are built without validating them again (a person's flags are listed often).

    def finding(self) -> Finding:
        return Finding.model_construct(
            rule_id=self.rule_id,
            level=self.level,
            message=self.message,
            params=dict(self.params),
            source=self.source,
            suggestions=self.suggestions,
        )

    def open_flag(self) -> OpenFlag:
        return OpenFlag.model_construct(
            id=self.id,
            rule_id=self.rule_id,
            level=self.level,
            raised_at=self.raised_at,
            acknowledged_at=self.acknowledged_at,
            acknowledged_level=self.acknowledged_level,
            snoozed_until=self.snoozed_until,
        )

    def visibility(self, now: datetime) -> Visibility:
        return visibility(self.open_flag(), now)
