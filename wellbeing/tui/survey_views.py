"""Questionnaires as the screens show them: texts in the person's language, keys, results.

Built in a worker from the instrument data and the service, so the screens handle only plain
strings and numbers, and importing this module loads neither pydantic nor the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from wellbeing.domain.localtime import to_local
from wellbeing.i18n import N_, current_language, translate
from wellbeing.i18n.formats import long_date
from wellbeing.tui.finding_views import FeedbackView, feedback_view

if TYPE_CHECKING:
    from wellbeing.domain.instruments import Option
    from wellbeing.domain.surveys import SurveyResult
    from wellbeing.services import SurveyOutcome, Wellbeing

SURVEY_IDS = ("who5", "cbi")
SHORT_NAMES = {"who5": "WHO-5", "cbi": "CBI"}

WHO5_SCORE = N_("Raw score {raw} of 25 · {percent} %")
WHO5_BAND = N_("Band: {band}")
CBI_SCALE = N_("{scale}: {score} of 100 — {band}")


@dataclass(frozen=True)
class OptionView:
    """One answer: the digit key that picks it, the code stored and its label."""

    key: str
    code: int
    label: str


@dataclass(frozen=True)
class ItemView:
    number: int
    text: str
    options: tuple[OptionView, ...]
    scale_name: str = ""

    def code_for_key(self, key: str) -> int | None:
        return next((option.code for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class QuestionnaireView:
    """Everything needed to ask a questionnaire honestly in one language."""

    instrument: str
    title: str
    instructions: str
    stem: str
    credit: str
    validated: bool
    items: tuple[ItemView, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every digit key some item accepts."""
        return tuple(sorted({option.key for item in self.items for option in item.options}))


@dataclass(frozen=True)
class SurveyStatus:
    """One line of the overview: due or not, and the last result."""

    instrument: str
    title: str
    due: bool
    last_taken: str = ""
    last_score: str = ""


@dataclass(frozen=True)
class SurveyResultView:
    """Scores with their meaning, and the findings they raised."""

    instrument: str
    title: str
    score_lines: tuple[str, ...]
    interpretation: str
    feedback: FeedbackView
    other_findings: int = 0
    """Findings of other rules (check-ins) that are open as well: the Flags screen lists them."""


@dataclass(frozen=True)
class ReviewLine:
    """One answer as the review step shows it: the question and the answer chosen."""

    number: int
    question: str
    answer: str


def review_lines(
    questionnaire: QuestionnaireView, answers: tuple[int, ...] | list[int]
) -> tuple[ReviewLine, ...]:
    """Each question with the label of the answer given, in order, to check before saving."""
    lines = []
    for item, code in zip(questionnaire.items, answers, strict=False):
        label = next((option.label for option in item.options if option.code == code), "")
        lines.append(ReviewLine(item.number, item.text, label))
    return tuple(lines)


def answer_key(instrument_id: str, position: int, option: Option) -> str:
    """WHO-5 answers are typed as their score, 0 to 5; CBI answers as their place, 1 to 5."""
    return str(option.code) if instrument_id == "who5" else str(position + 1)


def questionnaire_view(instrument_id: str, language: str | None = None) -> QuestionnaireView:
    from wellbeing.domain.instruments import instrument

    language = language or current_language()
    found = instrument(instrument_id)
    items = tuple(
        ItemView(
            number=number,
            text=item.text.get(language),
            options=tuple(
                OptionView(answer_key(instrument_id, position, option), option.code, label)
                for position, option in enumerate(found.options(item))
                for label in (option.label.get(language),)
            ),
            scale_name=found.subscales[item.subscale].get(language) if item.subscale else "",
        )
        for number, item in enumerate(found.items, start=1)
    )
    return QuestionnaireView(
        instrument=instrument_id,
        title=found.title.get(language),
        instructions=found.instructions.get(language),
        stem=found.stem.get(language) if found.stem else "",
        credit=found.credit.get(language),
        validated=found.is_validated(language),
        items=items,
    )


def score_lines(instrument_id: str, scores: dict[str, float], language: str) -> tuple[str, ...]:
    """The scores in words: WHO-5 raw, percent and band; CBI each scale with its band."""
    from wellbeing.domain.findings import format_param
    from wellbeing.domain.instruments import (
        CBI_BAND_LABELS,
        SUBSCALES,
        WHO5_BAND_LABELS,
        cbi_band,
        instrument,
        who5_band,
    )

    if instrument_id == "who5":
        percent = scores["percent"]
        return (
            translate(WHO5_SCORE, language).format(
                raw=format_param(round(scores["raw"]), language),
                percent=format_param(round(percent), language),
            ),
            translate(WHO5_BAND, language).format(
                band=translate(WHO5_BAND_LABELS[who5_band(percent)], language)
            ),
        )
    names = instrument("cbi").subscales
    return tuple(
        translate(CBI_SCALE, language).format(
            scale=names[scale].get(language),
            score=format_param(round(scores[scale], 1), language),
            band=translate(CBI_BAND_LABELS[cbi_band(scores[scale])], language),
        )
        for scale in SUBSCALES
    )


def short_score(result: SurveyResult, language: str) -> str:
    from wellbeing.domain.findings import format_param

    if result.instrument == "who5":
        return f"{format_param(round(result.scores['percent']), language)} %"
    return " · ".join(
        f"{format_param(round(result.scores[name]), language)}"
        for name in ("personal", "work", "client")
    )


def local_day(moment: datetime, language: str | None = None) -> str:
    """A day inside a sentence ("Last answered on 2 november 2026")."""
    return long_date(to_local(moment).date(), language or current_language())


def survey_statuses(service: Wellbeing, language: str | None = None) -> tuple[SurveyStatus, ...]:
    """Due or not, with the date and score of the last answers, for both questionnaires."""
    from wellbeing.domain.instruments import instrument

    language = language or current_language()
    due = service.surveys_due()
    statuses = []
    for instrument_id in SURVEY_IDS:
        last = service.last_survey(instrument_id)
        statuses.append(
            SurveyStatus(
                instrument=instrument_id,
                title=instrument(instrument_id).title.get(language),
                due=due[instrument_id],
                last_taken=local_day(last.taken_at, language) if last else "",
                last_score=short_score(last, language) if last else "",
            )
        )
    return tuple(statuses)


def result_view(outcome: SurveyOutcome, language: str | None = None) -> SurveyResultView:
    """The scores and the findings of this questionnaire's own rules; the overall level is the
    person's, whatever raised it."""
    from wellbeing.domain.instruments import instrument

    language = language or current_language()
    result = outcome.result
    found = instrument(result.instrument)
    own = [f for f in outcome.findings if f.rule_id.startswith(f"{result.instrument}.")]
    return SurveyResultView(
        instrument=result.instrument,
        title=found.title.get(language),
        score_lines=score_lines(result.instrument, result.scores, language),
        interpretation=found.interpretation.get(language),
        feedback=feedback_view(
            outcome.overall, own, language, open_levels=[f.level for f in outcome.findings]
        ),
        other_findings=len(outcome.findings) - len(own),
    )
