"""`wellbeing db reevaluate`: apply the rules file in force to everyone's whole history.

Run it after changing the rules file, so that flags, their episodes and the weekly levels
that team trends count are what the new thresholds say, not what the old ones said.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, load_settings, print_json
from wellbeing.cli.output import LazyProgress
from wellbeing.cli.params import Whole
from wellbeing.i18n import N_, _, counted

if TYPE_CHECKING:
    from wellbeing.reevaluation import ReevaluationSummary
    from wellbeing.services import Organisation

MOST_WORKERS = 64


def reevaluate_command() -> click.Command:
    """`db reevaluate`."""

    @click.command(
        "reevaluate",
        help=_(
            "Apply the rules to every person's whole history again (after the rules file "
            "changed): flags and weekly levels are replaced by what the rules find now."
        )
    )
    @click.option(
        "--rules-file",
        metavar="PATH",
        help=_("Rules file to apply (default: the rules_file setting, else the defaults)."),
    )
    @click.option(
        "--workers",
        type=Whole(0, MOST_WORKERS, out_of_range=N_("must be a whole number from 0 to {most}")),
        metavar="N",
        help=_("Worker processes (default: one per core for large databases; 0: none)."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def reevaluate(
        invocation: Invocation, rules_file: str | None, workers: int | None, as_json: bool
    ) -> None:
        from wellbeing.domain.rules import load_rules

        path = Path(rules_file) if rules_file else load_settings().rules_file
        rules = load_rules(path)
        with invocation.organisation() as organisation:
            organisation.check_may_reevaluate()
            summary = _run(organisation, rules, workers)
        if as_json:
            print_json(summary._asdict())
            return
        click.echo(reevaluated_sentence(summary))
        click.echo(_("Rules checksum: {checksum}").format(checksum=summary.rules_checksum))

    return reevaluate


def reevaluated_sentence(summary: ReevaluationSummary) -> str:
    """What a re-evaluation went over and what it found, each count in its own plural form."""
    checkins, surveys, people = summary.checkins, summary.surveys, summary.people
    flags, still_open, levels = summary.flags, summary.open_flags, summary.weekly_levels
    return _(
        "Re-evaluated {checkins} and {surveys} of {people}: {flags} ({open}) and {levels}."
    ).format(
        checkins=counted("{count} check-in", "{count} check-ins", checkins),
        surveys=counted("{count} questionnaire", "{count} questionnaires", surveys),
        people=counted("{count} person", "{count} people", people),
        flags=counted("{count} flag", "{count} flags", flags),
        # "open" has one form in English and Dutch, but two in French (ouverte, ouvertes).
        open=counted("{count} open", "{count} open", still_open),
        levels=counted("{count} weekly level", "{count} weekly levels", levels),
    )


def judged_sentence(summary: ReevaluationSummary) -> str:
    """What judging the demo's check-ins found, each count in its own plural form."""
    return _("Judged with the rules in force: {flags} ({open}) and {levels}.").format(
        flags=counted("{count} flag", "{count} flags", summary.flags),
        open=counted("{count} open", "{count} open", summary.open_flags),
        levels=counted("{count} weekly level", "{count} weekly levels", summary.weekly_levels),
    )


def _run(organisation: Organisation, rules: Any, workers: int | None) -> ReevaluationSummary:
    """Re-evaluate on the database the admin check was made on, with a progress bar."""
    from wellbeing.reevaluation import reevaluate_history

    with ExitStack() as stack:
        progress = LazyProgress(stack, _("Re-evaluating"))
        return reevaluate_history(organisation.db, rules, workers=workers, progress=progress)
