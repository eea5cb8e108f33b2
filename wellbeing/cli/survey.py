"""`wellbeing survey`: answer the WHO-5 or the CBI, and show either questionnaire.

Answers are typed as the instruments module stores them, so what a person types is exactly
what is kept: WHO-5 answers are the item scores 0-5 as printed on the form, CBI answers are
option positions 0-4 from the first option ("always", "to a very high degree") to the last.
`survey show` prints every option with the number to type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, load_settings, print_json
from wellbeing.cli.output import findings_json, print_findings
from wellbeing.i18n import N_, _, current_language, ngettext
from wellbeing.i18n.formats import long_date

if TYPE_CHECKING:
    from wellbeing.domain.findings import Finding
    from wellbeing.domain.instruments import CbiScore, Instrument, Who5Score
    from wellbeing.services import SurveyOutcome

ANSWER_SEPARATOR = ","
NOT_VALIDATED = N_(
    "This translation is not validated: it was made for this app and may read differently "
    "from the published questionnaire."
)


def survey_group() -> click.Group:
    """The `survey` group: `who5`, `cbi` and `show`."""

    @click.group(
        "survey",
        help=_(
            "Questionnaires: WHO-5 well-being (every two weeks) and the Copenhagen Burnout "
            "Inventory (monthly). 'survey show who5' prints the questions and the numbers to "
            "type."
        )
    )
    def survey() -> None:
        """Only a namespace for the questionnaires."""

    _add_answer_command(
        survey,
        "who5",
        _(
            "Store your WHO-5 answers and see your score. Give five numbers separated by "
            "commas, one per question in order, each from 0 (at no time) to 5 (all of the "
            "time), e.g. --answers 3,4,2,3,3."
        ),
        metavar="N,N,N,N,N",
        option_help=_("Five answers, 0-5."),
    )
    _add_answer_command(
        survey,
        "cbi",
        _(
            "Store your CBI answers and see your three burnout scores. Give 19 numbers "
            "separated by commas, one per question in order, each the position of the option "
            "you chose: 0 for the first (always, to a very high degree) to 4 for the last "
            "(never or almost never, to a very low degree)."
        ),
        metavar="N,...",
        option_help=_("19 answers, 0-4."),
    )

    @survey.command(
        help=_(
            "Show a questionnaire in your language: its questions, the answers with the "
            "number to type for each, its credit line and source."
        )
    )
    @click.argument("name", metavar="who5|cbi")
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    def show(name: str, as_json: bool) -> None:
        from wellbeing.domain.instruments import instrument

        load_settings()  # the settings file may choose the language
        found = instrument(name.strip().lower())
        if as_json:
            print_json(questionnaire_json(found, current_language()))
        else:
            _print_questionnaire(found, current_language())

    return survey


# --- answering -------------------------------------------------------------------------------


def _add_answer_command(
    group: click.Group, name: str, text: str, *, metavar: str, option_help: str
) -> None:
    """`survey who5` and `survey cbi`: the same options, each for its questionnaire."""

    @group.command(name=name, help=text)
    @click.option("--answers", required=True, metavar=metavar, help=option_help)
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def answer(invocation: Invocation, answers: str, as_json: bool) -> None:
        _take(invocation, name, answers, as_json=as_json)


def parse_answers(text: str) -> list[int | str]:
    """Comma-separated answers; anything that is not a whole number is kept as typed, so the
    instruments module refuses it with the range the questionnaire allows."""
    if not text.strip():
        return []
    from wellbeing.domain.text_input import is_whole

    items = [item.strip() for item in text.split(ANSWER_SEPARATOR)]
    return [int(item) if is_whole(item) else item for item in items]


def _take(invocation: Invocation, name: str, text: str, *, as_json: bool) -> None:
    from wellbeing.domain.instruments import score_answers

    answers = parse_answers(text)
    # Checked (and scored, for the bands) before the database is even opened.
    # Text that is not a number stays text on purpose, so that the instruments module refuses
    # it with the questionnaire's own range; its signature names the numbers it scores.
    score = score_answers(name, answers)  # type: ignore[arg-type]
    with invocation.wellbeing() as service:
        outcome = service.take_survey(name, score.answers, current_language())
    own = [found for found in outcome.findings if found.rule_id.split(".")[0] == name]
    others = len(outcome.findings) - len(own)
    if as_json:
        print_json(
            {
                "survey": _survey_json(outcome, score),
                **findings_json(outcome.overall, own),
                "other_findings": others,
            }
        )
        return
    _print_outcome(outcome, score, own, others)


def _bands(score: Who5Score | CbiScore) -> dict[str, str]:
    from wellbeing.domain.instruments import Who5Score

    if isinstance(score, Who5Score):
        return {"percent": score.band}
    return {scale: str(band) for scale, band in score.bands.items()}


def _survey_json(outcome: SurveyOutcome, score: Who5Score | CbiScore) -> dict[str, Any]:
    from wellbeing.domain.localtime import to_local

    result = outcome.result
    return {
        "id": result.id,
        "instrument": result.instrument,
        "taken_at": to_local(result.taken_at).isoformat(),
        "answers": list(result.answers),
        "scores": dict(result.scores),
        "bands": _bands(score),
    }


def _score_lines(score: Who5Score | CbiScore, language: str) -> list[str]:
    """Each score with its meaning, in the reader's number conventions."""
    from wellbeing.domain.findings import format_param
    from wellbeing.domain.instruments import (
        CBI_BAND_LABELS,
        WHO5_BAND_LABELS,
        Who5Score,
        load_instrument,
    )

    if isinstance(score, Who5Score):
        lines = [
            _("WHO-5 well-being: {percent} % (raw score {raw} of 25): {meaning}.").format(
                percent=score.percent, raw=score.raw, meaning=_(WHO5_BAND_LABELS[score.band])
            )
        ]
        if score.low_items:
            lines.append(
                ngettext(
                    "Answered 0 or 1 (at no time, some of the time): question {items}.",
                    "Answered 0 or 1 (at no time, some of the time): questions {items}.",
                    len(score.low_items),
                ).format(items=", ".join(str(n) for n in score.low_items))
            )
        return lines
    names = load_instrument("cbi").subscales
    return [
        _("{scale}: {score} of 100 ({band})").format(
            scale=names[scale].get(language),
            score=format_param(round(getattr(score, scale), 1), language),
            band=_(CBI_BAND_LABELS[band]),
        )
        for scale, band in score.bands.items()
    ]


def _print_outcome(
    outcome: SurveyOutcome, score: Who5Score | CbiScore, own: Sequence[Finding], others: int
) -> None:
    from wellbeing.domain.instruments import load_instrument
    from wellbeing.domain.localtime import to_local

    language = current_language()
    result = outcome.result
    meta = load_instrument(result.instrument)
    click.echo(
        _("Saved your {title} of {day} (number {id}).").format(
            title=meta.title.get(language),
            day=long_date(to_local(result.taken_at).date(), language),
            id=result.id,
        )
    )
    for line in _score_lines(score, language):
        click.echo(line)
    click.echo(meta.interpretation.get(language))
    click.echo()
    print_findings(
        outcome.overall,
        own,
        nothing=_("This questionnaire raised no flag."),
        open_levels=[f.level for f in outcome.findings],
    )
    if others:
        click.echo()
        click.echo(
            ngettext(
                "{count} other finding is open; see 'wellbeing flags'.",
                "{count} other findings are open; see 'wellbeing flags'.",
                others,
            ).format(count=others)
        )


# --- showing ---------------------------------------------------------------------------------


def questionnaire_json(found: Instrument, language: str) -> dict[str, Any]:
    """The questionnaire as shown, in `language`, with the number to type for each option."""
    return {
        "id": found.id,
        "language": language,
        "validated": found.is_validated(language),
        "title": found.title.get(language),
        "instructions": found.instructions.get(language),
        "stem": found.stem.get(language) if found.stem else None,
        "items": [
            {
                "number": number,
                "id": item.id,
                "subscale": found.subscales[item.subscale].get(language) if item.subscale else None,
                "text": item.text.get(language),
                "options": [
                    {"answer": option.code, "label": option.label.get(language)}
                    for option in found.options(item)
                ],
            }
            for number, item in enumerate(found.items, start=1)
        ],
        "answer_with": _answer_hint(found),
        "credit": found.credit.get(language),
        "source": found.source.get(language),
        "interpretation": found.interpretation.get(language),
    }


def _answer_hint(found: Instrument) -> str:
    return _("wellbeing survey {id} --answers {numbers}").format(
        id=found.id, numbers=",".join(["N"] * len(found.items))
    )


def _print_questionnaire(found: Instrument, language: str) -> None:
    click.echo(found.title.get(language))
    if not found.is_validated(language):
        click.echo(_(NOT_VALIDATED))
    click.echo()
    click.echo(found.instructions.get(language))
    if found.stem:
        click.echo()
        click.echo(found.stem.get(language))
    subscale = None
    for number, item in enumerate(found.items, start=1):
        if item.subscale is not None and item.subscale != subscale:
            subscale = item.subscale
            click.echo()
            click.echo(found.subscales[subscale].get(language))
        options = "  ".join(
            f"{option.code} = {option.label.get(language)}" for option in found.options(item)
        )
        click.echo(f"{number:>3}. {item.text.get(language)}")
        click.echo(f"     {options}")
    click.echo()
    click.echo(_("To answer: {command}").format(command=_answer_hint(found)))
    click.echo()
    click.echo(found.credit.get(language))
    click.echo(_("Source: {source}").format(source=found.source.get(language)))
