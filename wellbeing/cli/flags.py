"""`wellbeing flags`: the person's open flags, and setting one aside (acknowledge or snooze).

A flag stays open until its rule stops finding it; acknowledging or snoozing only changes how
it is shown, and either is undone by the domain when the flag's level rises.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, input_error, print_json
from wellbeing.cli.output import (
    finding_json,
    level_name,
    overall_text,
    print_finding,
)
from wellbeing.cli.params import Whole
from wellbeing.i18n import _, current_language
from wellbeing.presentation.to_watch import count_to_watch

if TYPE_CHECKING:
    from wellbeing.domain.flag_record import FlagRecord

# Shown first: what is new, then what was seen, then what is snoozed.
_STATE_ORDER = ("new", "seen", "hidden")
_LEVEL_ORDER = ("high", "warning", "watch", "info")


def flags_group() -> click.Group:
    """The `flags` group; `flags` alone lists the open flags."""

    @click.group(
        "flags",
        invoke_without_command=True,
        help=_(
            "Your open flags and the overall level. A flag closes by itself when its cause "
            "clears; 'ack' marks it as seen, 'snooze' hides it for a few days."
        ),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_context
    def flags(ctx: click.Context, as_json: bool) -> None:
        if ctx.invoked_subcommand is not None:
            return
        invocation: Invocation = ctx.obj
        overview, now = invocation.read(lambda reads: (reads.flags(), reads.clock()))
        shown = _in_order(overview.flags, now)
        if as_json:
            print_json(
                {
                    "overall": str(overview.overall),
                    "flags": [flag_json(flag, now) for flag in shown],
                }
            )
        else:
            _print_flags(str(overview.overall), shown, now)

    @flags.command(
        help=_("Mark flag ID as seen. It stays open and comes back as new if it gets more serious.")
    )
    @click.argument("flag", type=Whole(), metavar="ID")
    @click.pass_obj
    def ack(invocation: Invocation, flag: int) -> None:
        with invocation.wellbeing(existing=True) as service:
            service.acknowledge_flag(flag)
        click.echo(
            _("Flag {id} is marked as seen; it comes back as new if it gets more serious.").format(
                id=flag
            )
        )

    @flags.command(
        help=_("Hide flag ID for N days. It comes back earlier if it gets more serious.")
    )
    @click.argument("flag", type=Whole(), metavar="ID")
    @click.option(
        "--days", required=True, type=Whole(), metavar="N", help=_("How many days, 1 to 28.")
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def snooze(invocation: Invocation, flag: int, days: int, as_json: bool) -> None:
        count = _snooze_days(days)
        with invocation.wellbeing(existing=True) as service:
            until = service.snooze_flag(flag, count)
        if as_json:
            print_json({"id": flag, "snoozed_until": _local_iso(until)})
            return
        click.echo(
            _(
                "Flag {id} is snoozed until {until} (Brussels time); it comes back earlier if "
                "it gets more serious."
            ).format(id=flag, until=_local_text(until))
        )

    return flags


def _snooze_days(days: int) -> int:
    """1 to 28 days, checked here so the message names `days`, the option the person typed
    (the bound is the domain's, which `--help` does not load)."""
    from wellbeing.domain.flags import MAX_SNOOZE

    if not 1 <= days <= MAX_SNOOZE.days:
        input_error(
            "days",
            _("must be a whole number of days from 1 to {most}").format(most=MAX_SNOOZE.days),
        )
    return days


def _local_text(moment: datetime) -> str:
    from wellbeing.domain.localtime import to_local
    from wellbeing.i18n.formats import date_time

    return date_time(to_local(moment), current_language())


def _local_iso(moment: datetime | None) -> str | None:
    from wellbeing.domain.localtime import to_local

    return to_local(moment).isoformat() if moment is not None else None


def _in_order(flags: list[FlagRecord], now: datetime) -> list[FlagRecord]:
    return sorted(
        flags,
        key=lambda flag: (
            _STATE_ORDER.index(str(flag.visibility(now))),
            _LEVEL_ORDER.index(str(flag.level)),
            flag.id,
        ),
    )


def _state(flag: FlagRecord, now: datetime) -> str:
    """'new', 'seen' or 'snoozed': the words the person reads, also used in the JSON."""
    shown = str(flag.visibility(now))
    return "snoozed" if shown == "hidden" else shown


def flag_json(flag: FlagRecord, now: datetime) -> dict[str, Any]:
    """An open flag as data: its finding in the current language and what was done with it."""

    return {
        "id": flag.id,
        **finding_json(flag.finding()),
        "explanation": flag.finding().explain(current_language()),
        "raised_at": _local_iso(flag.raised_at),
        "latest_at": _local_iso(flag.updated_at),
        "state": _state(flag, now),
        "acknowledged_at": _local_iso(flag.acknowledged_at),
        "snoozed_until": _local_iso(flag.snoozed_until) if _state(flag, now) == "snoozed" else None,
    }


def _state_text(flag: FlagRecord, now: datetime) -> str:
    state = _state(flag, now)
    if state == "snoozed" and flag.snoozed_until is not None:
        return _("snoozed until {until}").format(until=_local_text(flag.snoozed_until))
    return _("seen") if state == "seen" else _("new")


def _print_flags(overall: str, flags: list[FlagRecord], now: datetime) -> None:
    click.echo(overall_text(overall, count_to_watch(flag.level for flag in flags)))
    if not flags:
        click.echo(_("You have no open flags."))
        return
    from wellbeing.presentation.flag_dates import episode_days

    for flag in flags:
        click.echo()
        days = episode_days(flag.raised_at, flag.updated_at, current_language())
        if days is not None:
            heading = _("Flag {id} [{level}] {rule}, since {raised}, latest {latest}: {state}")
            raised, latest = days
        else:
            heading = _("Flag {id} [{level}] {rule}, raised at {raised}: {state}")
            raised, latest = _local_text(flag.raised_at), ""
        heading = heading.format(
            id=flag.id,
            level=level_name(flag.level),
            rule=flag.rule_id,
            raised=raised,
            latest=latest,
            state=_state_text(flag, now),
        )
        print_finding(flag.finding(), heading)
