"""Copenhagen Burnout Inventory: 19 answers turned into three burnout scores from 0 to 100.

Scoring (Kristensen, Borritz, Villadsen & Christensen, Work & Stress 2005;19:192-207): each
answer maps to 100 / 75 / 50 / 25 / 0 from the first option ("always", "to a very high
degree") to the last; the work item about having enough energy for family and friends is
reversed; a scale's score is the mean of its items. Which items use the frequency or the
intensity scale, and their order, is data (cbi.toml).

Bands are conventions, not the author's: 50-74 moderate, 75-99 high, 100 severe; the rules
and their explanations use the same words. Kristensen himself finds a fixed cut-point
between burnout and no burnout problematic, because burnout is a matter of degree that shifts
over time ("Interview with Tage S. Kristensen about burnout", North American Journal of
Psychology), so a band is only ever shown as an indication.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wellbeing.domain.instruments.answers import checked_answers
from wellbeing.domain.instruments.model import Instrument, Item, load_instrument
from wellbeing.i18n import N_

ITEM_COUNT = 19
LOWEST_ANSWER = 0
HIGHEST_ANSWER = 4
MAX_POINTS = 100
ELEVATED = 50
HIGH = 75
SEVERE = 100

Subscale = Literal["personal", "work", "client"]
SUBSCALES: tuple[Subscale, ...] = ("personal", "work", "client")

CbiBand = Literal["low", "moderate", "high", "severe"]

BAND_LABELS: dict[CbiBand, str] = {
    "low": N_("low"),
    "moderate": N_("moderate"),
    "high": N_("high"),
    "severe": N_("severe"),
}


class CbiScore(BaseModel):
    """A scored CBI: the answers and the mean of each scale (0-100, higher is worse)."""

    model_config = ConfigDict(frozen=True)

    answers: tuple[int, ...]
    personal: float
    work: float
    client: float

    @property
    def scores(self) -> dict[str, float]:
        """The form stored in a SurveyResult."""
        return {"personal": self.personal, "work": self.work, "client": self.client}

    @property
    def bands(self) -> dict[Subscale, CbiBand]:
        return {name: cbi_band(getattr(self, name)) for name in SUBSCALES}

    @property
    def elevated(self) -> tuple[Subscale, ...]:
        """The scales at or above 50: moderate or worse."""
        return tuple(name for name in SUBSCALES if getattr(self, name) >= ELEVATED)


def validate_cbi_answers(answers: object) -> tuple[int, ...]:
    """Exactly nineteen option positions from 0 to 4, or an InputError on `answers`."""
    return checked_answers(
        answers, name="CBI", count=ITEM_COUNT, low=LOWEST_ANSWER, high=HIGHEST_ANSWER
    )


def item_points(instrument: Instrument, item: Item, code: int) -> int:
    """The points an answer earns on its item, with the reversed item turned around."""
    points = next(option.points for option in instrument.options(item) if option.code == code)
    return MAX_POINTS - points if item.reversed else points


def score_cbi(answers: Sequence[int]) -> CbiScore:
    """Score the 19 CBI answers (option positions 0-4, in questionnaire order)."""
    checked = validate_cbi_answers(answers)
    instrument = load_instrument("cbi")
    by_scale: dict[str, list[int]] = {name: [] for name in SUBSCALES}
    for item, code in zip(instrument.items, checked, strict=True):
        if item.subscale is not None:
            by_scale[item.subscale].append(item_points(instrument, item, code))
    means = {name: sum(points) / len(points) for name, points in by_scale.items()}
    return CbiScore(answers=checked, **means)


def cbi_band(score: float) -> CbiBand:
    """The conventional band of one scale score: < 50, 50-74, 75-99, 100."""
    if score >= SEVERE:
        return "severe"
    if score >= HIGH:
        return "high"
    if score >= ELEVATED:
        return "moderate"
    return "low"
