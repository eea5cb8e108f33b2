"""`wellbeing history`: the person's check-ins, newest first, as a table or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.output import checkin_json, local, minutes, most_serious_first
from wellbeing.cli.params import Whole
from wellbeing.i18n import N_, _, current_language
from wellbeing.i18n.formats import duration
from wellbeing.presentation.clock_spans import clock_span

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.domain.findings import Finding


def history_command() -> click.Command:
    @click.command("history", help=_("Your check-ins, newest first."))
    @click.option(
        "--limit",
        type=Whole(1, out_of_range=N_("must be a whole number of at least 1")),
        metavar="N",
        help=_("Show at most N check-ins."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON (includes your notes)."))
    @click.pass_obj
    def history(invocation: Invocation, limit: int | None, as_json: bool) -> None:
        found = invocation.read(lambda reads: reads.judged_history(limit=limit))
        if as_json:
            print_json(
                {
                    "checkins": [
                        {
                            **checkin_json(checkin),
                            # The rule, level and numbers only: the words need Babel's
                            # calendar data, which would make the command a third slower.
                            "findings": [
                                {"rule_id": f.rule_id, "level": str(f.level), "params": f.params}
                                for f in most_serious_first(findings)
                            ],
                        }
                        for checkin, findings in found
                    ]
                }
            )
        else:
            print_history(found)

    return history


def print_history(judged: Sequence[tuple[Checkin, list[Finding]]]) -> None:
    """One line per check-in under a header, columns padded to their widest cell; the last
    column names the rules that found something about the shift, most serious first."""
    if not judged:
        click.echo(_("No check-ins yet."))
        return
    header = [
        _("Date"),
        _("Shift"),
        _("Worked"),
        _("Break min"),
        _("Contacts/difficult"),
        _("Stress"),
        _("Energy"),
        _("Findings"),
    ]
    rows = []
    for checkin, findings in judged:
        shift = checkin.shift
        start = local(shift.start)
        rows.append(
            [
                f"{start:%Y-%m-%d}",
                clock_span(shift.start, shift.end),
                duration(shift.worked, current_language()),
                str(minutes(shift.break_time)),
                f"{shift.contacts}/{shift.difficult}",
                str(checkin.stress),
                str(checkin.energy),
                ", ".join(f.rule_id for f in most_serious_first(findings)),
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())
