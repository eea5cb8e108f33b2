"""The validated questionnaires the app ships: WHO-5 (every two weeks) and CBI (monthly).

Item wordings, answer labels, credit lines and sources are data (who5.toml, cbi.toml) in nl,
fr and en, with a `validated` flag per language so a screen can say when a translation is not
a validated version. Scoring lives in who5.py and cbi.py. BAT and MBI items are deliberately
absent: their licences do not allow shipping them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import get_args

from wellbeing.domain.errors import InputError
from wellbeing.domain.instruments.cbi import (
    BAND_LABELS as CBI_BAND_LABELS,
)
from wellbeing.domain.instruments.cbi import (
    SUBSCALES,
    CbiBand,
    CbiScore,
    cbi_band,
    score_cbi,
    validate_cbi_answers,
)
from wellbeing.domain.instruments.model import (
    LANGUAGES,
    Instrument,
    Item,
    Language,
    Localized,
    Option,
    load_instrument,
)
from wellbeing.domain.instruments.who5 import (
    BAND_LABELS as WHO5_BAND_LABELS,
)
from wellbeing.domain.instruments.who5 import (
    Who5Band,
    Who5Score,
    score_who5,
    validate_who5_answers,
    who5_band,
    who5_drop,
)
from wellbeing.domain.surveys import Instrument as InstrumentId
from wellbeing.domain.surveys import SurveyResult
from wellbeing.i18n import _

INSTRUMENT_IDS: tuple[InstrumentId, ...] = get_args(InstrumentId)


def known_instrument(instrument_id: str) -> InstrumentId:
    """The id itself when the app ships that questionnaire, or an InputError on `instrument`."""
    if instrument_id not in INSTRUMENT_IDS:
        raise InputError(
            "instrument",
            _("{name!r} is not a questionnaire; use {choices}").format(
                name=instrument_id, choices=", ".join(INSTRUMENT_IDS)
            ),
        )
    return instrument_id


def instrument(instrument_id: str) -> Instrument:
    """The metadata of a shipped instrument, or an InputError naming `instrument`."""
    return load_instrument(known_instrument(instrument_id))


def score_answers(instrument_id: str, answers: Sequence[int]) -> Who5Score | CbiScore:
    """Check and score answers for either instrument by its id."""
    if known_instrument(instrument_id) == "who5":
        return score_who5(answers)
    return score_cbi(answers)


def survey_result(instrument_id: str, answers: Sequence[int], taken_at: datetime) -> SurveyResult:
    """A SurveyResult ready to store: checked answers and their scores."""
    scored = score_answers(instrument_id, answers)
    return SurveyResult(
        instrument=known_instrument(instrument_id),
        taken_at=taken_at,
        answers=scored.answers,
        scores=scored.scores,
    )


__all__ = [
    "CBI_BAND_LABELS",
    "INSTRUMENT_IDS",
    "LANGUAGES",
    "SUBSCALES",
    "WHO5_BAND_LABELS",
    "CbiBand",
    "CbiScore",
    "Instrument",
    "Item",
    "Language",
    "Localized",
    "Option",
    "Who5Band",
    "Who5Score",
    "cbi_band",
    "instrument",
    "known_instrument",
    "load_instrument",
    "score_answers",
    "score_cbi",
    "score_who5",
    "survey_result",
    "validate_cbi_answers",
    "validate_who5_answers",
    "who5_band",
    "who5_drop",
]
