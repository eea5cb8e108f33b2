"""A stored questionnaire response, as the rules see it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Instrument = Literal["who5", "cbi"]


class SurveyResult(BaseModel):
    """Scores keyed by name: who5 → raw, percent; cbi → personal, work, client (0-100)."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    instrument: Instrument
    taken_at: datetime
    answers: tuple[int, ...]
    scores: dict[str, float]
