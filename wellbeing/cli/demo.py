"""`wellbeing demo`: fill a database with realistic synthetic teams, agents and shifts."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from typing import TYPE_CHECKING

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.failures import CommandFailed, debugging, describe
from wellbeing.cli.output import LazyProgress
from wellbeing.cli.params import Day, Whole
from wellbeing.i18n import _, counted, current_language
from wellbeing.i18n.formats import long_date

if TYPE_CHECKING:
    from wellbeing.demo import DemoSummary
    from wellbeing.domain.rules import RulesConfig
    from wellbeing.reevaluation import ReevaluationSummary


def demo_command() -> click.Command:
    @click.command(
        "demo", help=_("Fill a database with realistic synthetic teams, agents and shifts.")
    )
    @click.option(
        "--agents", default=50, type=Whole(), show_default=True, metavar="N", help=_("Agents.")
    )
    @click.option(
        "--days", default=90, type=Whole(), show_default=True, metavar="D", help=_("Days of data.")
    )
    @click.option(
        "--seed", default=1, type=Whole(), show_default=True, metavar="S", help=_("Random seed.")
    )
    @click.option(
        "--teams",
        type=Whole(),
        metavar="T",
        help=_("Teams (default: about one per 13 agents)."),
    )
    @click.option("--end", type=Day(), metavar="YYYY-MM-DD", help=_("Last day (default: today)."))
    @click.option(
        "--unjudged",
        is_flag=True,
        help=_(
            "Leave the check-ins unjudged: no findings, flags or weekly levels until "
            "`db reevaluate`."
        ),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def demo(
        invocation: Invocation,
        agents: int,
        days: int,
        seed: int,
        teams: int | None,
        end: date | None,
        unjudged: bool,
        as_json: bool,
    ) -> None:
        summary, judged = run_demo(
            invocation.url(),
            agents=agents,
            days=days,
            seed=seed,
            teams=teams,
            end=end,
            judge=not unjudged,
        )
        if as_json:
            print_json(
                {
                    "teams": summary.teams,
                    "agents": summary.agents,
                    "leaders": summary.leaders,
                    "shifts": summary.shifts,
                    "breaks": summary.breaks,
                    "checkins": summary.checkins,
                    "first_day": summary.first_day.isoformat(),
                    "last_day": summary.last_day.isoformat(),
                    "judged": None if judged is None else judged._asdict(),
                }
            )
            return
        click.echo(summary_text(summary))
        if judged is not None:
            from wellbeing.cli.maintenance import judged_sentence

            click.echo(judged_sentence(judged))

    return demo


def run_demo(
    url: str,
    *,
    agents: int,
    days: int,
    seed: int,
    teams: int | None,
    end: date | None,
    judge: bool = True,
) -> tuple[DemoSummary, ReevaluationSummary | None]:
    """Generate the data with a progress bar, then (with `judge`) judge every check-in with
    the rules in force, as recording them one by one would have: findings, flags and weekly
    levels, so that the demo's people and teams look as they would in use. A failure part
    way says what stays stored."""
    from wellbeing.demo import check_demo_arguments, generate_demo
    from wellbeing.domain.errors import InputError
    from wellbeing.services import open_database

    check_demo_arguments(agents, days, teams)
    rules = _rules_in_force() if judge else None
    database = open_database(url)
    stack = ExitStack()
    progress = LazyProgress(stack, _("Generating demo data"))
    try:
        with stack:
            summary = generate_demo(
                database,
                agents=agents,
                days=days,
                seed=seed,
                teams=teams,
                end=end,
                progress=progress,
            )
    except Exception as exc:
        database.dispose()
        if not progress.started or isinstance(exc, InputError) or debugging():
            raise
        raise CommandFailed(
            _(
                "error: the demo stopped part way ({problem}); what was generated so far "
                "stays in the database"
            ).format(problem=describe(exc))
        ) from exc
    try:
        if rules is None:
            return summary, None
        from wellbeing.reevaluation import reevaluate_history

        with ExitStack() as judging:
            bar = LazyProgress(judging, _("Judging the check-ins"))
            return summary, reevaluate_history(database, rules, progress=bar)
    except Exception as exc:
        if debugging():
            raise
        raise CommandFailed(
            _(
                "error: the demo data is stored, but judging it stopped part way ({problem}); "
                "`wellbeing db reevaluate` judges it again"
            ).format(problem=describe(exc))
        ) from exc
    finally:
        database.dispose()


def _rules_in_force() -> RulesConfig:
    """The rules file of the settings (else the defaults), read before anything is written so
    that a broken file is refused with nothing generated."""
    from wellbeing.cli.context import load_settings
    from wellbeing.domain.rules import load_rules

    return load_rules(load_settings().rules_file)


def summary_text(summary: DemoSummary) -> str:
    """What the demo made, each count in its own plural form."""
    teams, agents, leaders = summary.teams, summary.agents, summary.leaders
    shifts, breaks, checkins = summary.shifts, summary.breaks, summary.checkins
    return _(
        "Demo data from {first} to {last}: {teams}, {agents}, {leaders}, {shifts} with {breaks} "
        "and {checkins}."
    ).format(
        first=long_date(summary.first_day, current_language()),
        last=long_date(summary.last_day, current_language()),
        teams=counted("{count} team", "{count} teams", teams),
        agents=counted("{count} agent", "{count} agents", agents),
        leaders=counted("{count} team leader", "{count} team leaders", leaders),
        shifts=counted("{count} shift", "{count} shifts", shifts),
        breaks=counted("{count} break", "{count} breaks", breaks),
        checkins=counted("{count} check-in", "{count} check-ins", checkins),
    )
