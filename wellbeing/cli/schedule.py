"""`wellbeing schedule import` and `wellbeing missing`: the plan, and shifts left without a
check-in.

An import reads the whole file before it stores anything, so a bad file changes nothing and
its first problem is one line naming the row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, load_settings, print_json
from wellbeing.cli.params import Choice
from wellbeing.i18n import N_, _

if TYPE_CHECKING:
    from wellbeing.domain.schedule import PlannedShiftRecord

KINDS = ("ics", "iex", "csv")


def planned_json(record: PlannedShiftRecord) -> dict[str, Any]:
    from wellbeing.domain.localtime import to_local

    shift = record.shift
    return {
        "id": record.id,
        "date": shift.local_date.isoformat(),
        "start": to_local(shift.start).isoformat(),
        "end": to_local(shift.end).isoformat(),
        "breaks": [
            {"start": to_local(b.start).isoformat(), "end": to_local(b.end).isoformat()}
            for b in shift.breaks
        ],
    }


def planned_text(record: PlannedShiftRecord) -> str:
    """E.g. 'Mon 2026-11-23 08:00-16:30, 2 planned breaks'."""
    from wellbeing.domain.localtime import to_local
    from wellbeing.i18n import counted

    start, end = to_local(record.shift.start), to_local(record.shift.end)
    count = len(record.shift.breaks)
    breaks = counted("{count} planned break", "{count} planned breaks", count)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}, {breaks}"


def checkin_command(invocation: Invocation, record: PlannedShiftRecord) -> str:
    """The `wellbeing checkin` line for a planned shift, with the global options given to
    this command (the same database, the same person); only the scores are left to fill in.
    """
    from wellbeing.domain.localtime import to_local

    shift = record.shift
    arguments = [
        "checkin",
        "--start",
        f"{to_local(shift.start):%Y-%m-%dT%H:%M}",
        "--end",
        f"{to_local(shift.end):%Y-%m-%dT%H:%M}",
    ]
    for planned in shift.breaks:
        arguments += ["--break", f"{to_local(planned.start):%H:%M}-{to_local(planned.end):%H:%M}"]
    return invocation.command_line(*arguments, "--stress", "N", "--energy", "N")


def schedule_group() -> click.Group:
    """The `schedule` group."""

    @click.group("schedule", help=_("Your planned shifts, from your own schedule."))
    def schedule() -> None:
        """Only a namespace."""

    @schedule.command(
        "import",
        help=_(
            "Import your planned shifts from FILE: an iCalendar file (.ics), a NICE IEX "
            "export (with a #fields line; give --agent-id) or a CSV of start,end[,breaks]. "
            "Importing again updates the plan of the days the file covers."
        ),
    )
    @click.argument("file", metavar="FILE")
    @click.option(
        "--agent-id",
        metavar="ID",
        help=_("Your id in an IEX export (default: the wfm_agent_id setting); not stored."),
    )
    @click.option(
        "--format",
        "kind",
        type=Choice(KINDS, N_("{kind!r} is not a format; use ics, iex or csv"), field="format"),
        metavar="ics|iex|csv",
        help=_("The file's format."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def import_(
        invocation: Invocation, file: str, agent_id: str | None, kind: str | None, as_json: bool
    ) -> None:
        agent = agent_id if agent_id is not None else load_settings().wfm_agent_id
        from wellbeing.domain.schedule_files import read_limited

        data = read_limited(file)
        with invocation.wellbeing() as service:
            result = service.import_schedule(data, Path(file).name, agent_id=agent, kind=kind)
        if as_json:
            print_json(result._asdict())
            return
        from wellbeing.domain.schedule import import_summary

        click.echo(import_summary(*result))

    return schedule


def missing_command() -> click.Command:
    @click.command(
        "missing", help=_("Planned shifts of the last two weeks that have no check-in yet.")
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def missing(invocation: Invocation, as_json: bool) -> None:
        with invocation.wellbeing(existing=True) as service:
            found = service.missing_checkins()
        if as_json:
            print_json({"missing": [planned_json(record) for record in found]})
            return
        if not found:
            click.echo(_("Every planned shift of the last two weeks has a check-in."))
            return
        click.echo(_("Planned shifts without a check-in, each with the command that records it:"))
        for record in found:
            click.echo(f"  {planned_text(record)}")
            click.echo(f"    {checkin_command(invocation, record)}")

    return missing
