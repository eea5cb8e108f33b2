"""WHO-5 Well-Being Index: five answers about the last two weeks turned into a score.

Scoring as published by the Psychiatric Research Unit (Region Hovedstaden) and reviewed by
Topp, Østergaard, Søndergaard & Bech, Psychother Psychosom 2015;84:167-176:
- each item 0 (at no time) to 5 (all of the time); raw score 0-25;
- percentage = raw × 4 (0-100). Not (raw − 5) × 4, which a published online calculator uses
  and which would make the best possible answers score 80 %;
- ≤ 50 % indicates poor well-being and is a reason to screen for depression;
- ≤ 28 % indicates likely depression;
- any single item at 0 or 1 is a reason to talk about it as well;
- a change of 10 percentage points is meaningful.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.instruments.answers import checked_answers
from wellbeing.i18n import N_

ITEM_COUNT = 5
LOWEST_ANSWER = 0
HIGHEST_ANSWER = 5
PERCENT_PER_POINT = 4
POOR_WELLBEING_PERCENT = 50
LIKELY_DEPRESSION_PERCENT = 28
LOW_ITEM_MAX = 1
MEANINGFUL_CHANGE = 10

Who5Band = Literal["very_low", "low", "good"]

BAND_LABELS: dict[Who5Band, str] = {
    "very_low": N_("very low well-being"),
    "low": N_("low well-being"),
    "good": N_("good well-being"),
}


class Who5Score(BaseModel):
    """A scored WHO-5: the answers, the raw sum, the percentage and the items at 0 or 1."""

    model_config = ConfigDict(frozen=True)

    answers: tuple[int, ...]
    raw: int
    percent: int
    low_items: tuple[int, ...]
    """Item numbers (1 to 5, in questionnaire order) answered 0 or 1."""

    @property
    def scores(self) -> dict[str, float]:
        """The form stored in a SurveyResult."""
        return {"raw": float(self.raw), "percent": float(self.percent)}

    @property
    def band(self) -> Who5Band:
        return who5_band(self.percent)

    @property
    def poor_wellbeing(self) -> bool:
        return self.percent <= POOR_WELLBEING_PERCENT

    @property
    def likely_depression(self) -> bool:
        return self.percent <= LIKELY_DEPRESSION_PERCENT


def validate_who5_answers(answers: object) -> tuple[int, ...]:
    """Exactly five whole numbers from 0 to 5, or an InputError on `answers`."""
    return checked_answers(
        answers, name="WHO-5", count=ITEM_COUNT, low=LOWEST_ANSWER, high=HIGHEST_ANSWER
    )


def score_who5(answers: Sequence[int]) -> Who5Score:
    """Score five WHO-5 answers (item order, each 0-5) after checking them."""
    checked = validate_who5_answers(answers)
    raw = sum(checked)
    return Who5Score(
        answers=checked,
        raw=raw,
        percent=raw * PERCENT_PER_POINT,
        low_items=tuple(n for n, value in enumerate(checked, start=1) if value <= LOW_ITEM_MAX),
    )


def who5_band(
    percent: float,
    *,
    poor: float = POOR_WELLBEING_PERCENT,
    likely_depression: float = LIKELY_DEPRESSION_PERCENT,
) -> Who5Band:
    """Which side of the published cut-offs a percentage falls on (both cut-offs inclusive)."""
    if percent <= likely_depression:
        return "very_low"
    if percent <= poor:
        return "low"
    return "good"


def who5_drop(
    previous_percent: float, current_percent: float, *, threshold: float = MEANINGFUL_CHANGE
) -> int | None:
    """The fall in percentage points since the previous WHO-5 when it is meaningful, else None.

    A rise, no change or a fall smaller than `threshold` (10 points by default) gives None.
    """
    for percent in (previous_percent, current_percent):
        if not 0 <= percent <= 100:
            raise ValueError(f"a WHO-5 percentage lies between 0 and 100, not {percent}")
    fall = previous_percent - current_percent
    return round(fall) if fall >= threshold else None
