"""`wellbeing remind`: one reminder per planned shift left without a check-in.

Off by default; on, it reminds a set number of minutes after the planned end, and only within
the hours and on the days the person allows. `--install` has it run every 15 minutes.
"""

from __future__ import annotations

from typing import Any

import click

from wellbeing.cli.context import Invocation, input_error, load_settings, print_json
from wellbeing.cli.params import Choice
from wellbeing.i18n import N_, _

METHODS = ("auto", "systemd", "cron")


def remind_command() -> click.Command:
    @click.command(
        "remind",
        help=_(
            "Remind you of a planned shift that ended without a check-in, if reminders are on "
            "in Settings, and only within the hours and on the days you allow. --install runs "
            "it every 15 minutes (a systemd user timer, else a cron line); --uninstall stops it."
        )
    )
    @click.option("--install", is_flag=True, help=_("Run the reminder every 15 minutes."))
    @click.option("--uninstall", is_flag=True, help=_("Stop running the reminder."))
    @click.option(
        "--method",
        default="auto",
        type=Choice(METHODS, N_("{method!r} is not a method; use auto, systemd or cron")),
        show_default=True,
        metavar="auto|systemd|cron",
        help=_("How to run it: a systemd user timer, or a cron line to add yourself."),
    )
    @click.option("--terminal", is_flag=True, help=_("Print the reminder instead of a pop-up."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def remind(
        invocation: Invocation,
        install: bool,
        uninstall: bool,
        method: str,
        terminal: bool,
        as_json: bool,
    ) -> None:
        if install and uninstall:
            input_error("install", _("give --install or --uninstall, not both"))
        if install or uninstall:
            _set_up(invocation, method, install=install)
            return
        _remind(invocation, terminal=terminal, as_json=as_json)

    return remind


def _set_up(invocation: Invocation, method: str, *, install: bool) -> None:
    from wellbeing import reminder_timer as timer

    use_systemd = method == "systemd" or (method == "auto" and timer.systemd_runs())
    command = timer.remind_command(invocation.given_options(from_anywhere=True))
    if install and use_systemd:
        paths = timer.install_timer(command)
        click.echo(_("Wrote {paths}.").format(paths=", ".join(str(p) for p in paths)))
        click.echo(
            _(
                "Start it with: systemctl --user daemon-reload && "
                "systemctl --user enable --now {unit}"
            ).format(unit=f"{timer.UNIT}.timer")
        )
    elif install:
        if method == "cron":
            click.echo(_("Add this line with 'crontab -e':"))
        else:
            click.echo(_("systemd does not run here; add this line with 'crontab -e':"))
        click.echo(timer.cron_line(command))
    else:
        # Units written earlier go whatever the method now (systemd may have stopped running,
        # or the cron way was asked for): a timer left behind would keep reminding.
        removed = timer.uninstall_timer()
        if removed:
            click.echo(_("Removed {paths}.").format(paths=", ".join(str(p) for p in removed)))
            click.echo(
                _("Stop the running timer with: systemctl --user stop {unit}").format(
                    unit=f"{timer.UNIT}.timer"
                )
            )
        elif use_systemd:
            click.echo(_("No reminder timer was installed."))
        if not use_systemd:
            click.echo(_("Remove the line with 'wellbeing' and 'remind' from 'crontab -e'."))


def _remind(invocation: Invocation, *, terminal: bool, as_json: bool) -> None:
    from wellbeing.domain.reminders import ReminderPolicy, why_not
    from wellbeing.notify import send

    settings = load_settings()
    policy = ReminderPolicy.from_settings(
        settings.reminders,
        settings.remind_after_minutes,
        settings.remind_from,
        settings.remind_until,
        settings.days_off,
    )
    from wellbeing.cli.schedule import planned_json, planned_text
    from wellbeing.services import MissingDatabase, system_clock

    # Asked first: a timer runs this every 15 minutes, and reminders that are off or outside
    # the hours allowed need no database at all.
    reason = why_not(policy, (invocation.clock or system_clock)())
    due: list[Any] = []
    if reason is None:
        try:
            with invocation.wellbeing(existing=True) as service:
                due = service.reminders_due(policy)
                for record in due:
                    if not as_json:
                        message = _("Your shift of {shift} has no check-in yet.")
                        send(
                            _("Wellbeing"),
                            message.format(shift=planned_text(record)),
                            desktop=not terminal,
                        )
                if due:
                    service.mark_reminded(due)
        except MissingDatabase:
            pass  # nothing recorded or planned yet, so nothing to remind of
    if as_json:
        print_json({"not_sent_because": reason, "reminders": [planned_json(r) for r in due]})
        return
    if reason == "off":
        click.echo(_("Reminders are off; turn them on in Settings (F8)."))
    elif reason is not None:
        click.echo(
            _(
                "No reminders now: outside the hours you allow ({start}-{until}) or a day off."
            ).format(start=settings.remind_from, until=settings.remind_until)
        )
