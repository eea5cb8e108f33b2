"""`wellbeing checkin`: record a shift and how it went, then say what the rules found."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.output import (
    checkin_json,
    finding_heading,
    findings_json,
    local,
    minutes,
    print_finding,
    print_findings,
    span_text,
)
from wellbeing.cli.params import BreakSpan, BreakText, LocalMoment, Percentage, Score, Whole
from wellbeing.i18n import _, current_language, ngettext
from wellbeing.presentation.no_longer_found import no_longer_found

if TYPE_CHECKING:
    from wellbeing.domain.checkin import CheckinInput
    from wellbeing.services import CheckinOutcome

CHANNEL_OPTIONS = ("phone", "email", "chat", "social")


def checkin_command() -> click.Command:
    @click.command("checkin", help=_("Record a shift and how it went."))
    @click.option(
        "--start",
        required=True,
        type=LocalMoment(),
        metavar="ISO",
        help=_("Shift start, e.g. 2026-11-26T08:00."),
    )
    @click.option("--end", required=True, type=LocalMoment(), metavar="ISO", help=_("Shift end."))
    @click.option(
        "--break",
        "breaks",
        multiple=True,
        type=BreakSpan(),
        metavar="HH:MM-HH:MM",
        help=_("A break really taken (repeat for each; ISO/ISO also accepted)."),
    )
    @click.option(
        "--stress", required=True, type=Score(), metavar="N", help=_("Stress from 0 to 10.")
    )
    @click.option(
        "--energy", required=True, type=Score(), metavar="N", help=_("Energy from 0 to 10.")
    )
    @click.option("--contacts", type=Whole(), metavar="N", help=_("Contacts handled."))
    @click.option(
        "--difficult", type=Whole(), metavar="N", help=_("Difficult or aggressive contacts.")
    )
    @click.option("--phone", type=Whole(), metavar="N", help=_("Contacts by phone."))
    @click.option("--email", type=Whole(), metavar="N", help=_("Contacts by e-mail."))
    @click.option("--chat", type=Whole(), metavar="N", help=_("Contacts by chat."))
    @click.option("--social", type=Whole(), metavar="N", help=_("Contacts on social media."))
    @click.option(
        "--occupancy",
        type=Percentage(),
        metavar="PCT",
        help=_("Occupancy in percent, if you know it."),
    )
    @click.option(
        "--support", type=Score(), metavar="N", help=_("Support felt from 0 to 10 (optional).")
    )
    @click.option("--note", metavar="TEXT", help=_("A private note, seen only by you."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def checkin(
        invocation: Invocation,
        start: datetime,
        end: datetime,
        breaks: tuple[BreakText, ...],
        stress: int,
        energy: int,
        contacts: int | None,
        difficult: int | None,
        phone: int | None,
        email: int | None,
        chat: int | None,
        social: int | None,
        occupancy: float | None,
        support: int | None,
        note: str | None,
        as_json: bool,
    ) -> None:
        form = checkin_input(
            start=start,
            end=end,
            breaks=breaks,
            numbers={
                "stress": stress,
                "energy": energy,
                "contacts": contacts,
                "difficult": difficult,
                "support": support,
            },
            channels={"phone": phone, "email": email, "chat": chat, "social": social},
            occupancy=occupancy,
            note=note,
        )
        with invocation.wellbeing() as service:
            outcome = service.check_in(form)
        report_saved(outcome, as_json=as_json)

    return checkin


def checkin_input(
    *,
    start: datetime,
    end: datetime,
    breaks: Sequence[BreakText],
    numbers: dict[str, int | None],
    channels: dict[str, int | None],
    occupancy: float | None,
    note: str | None,
) -> CheckinInput:
    """The options, already read, validated together before the database is opened."""
    from wellbeing.domain.checkin import validate_checkin

    data: dict[str, object] = {"start": start, "end": end}
    data.update({field: value for field, value in numbers.items() if value is not None})
    given = {name: count for name, count in channels.items() if count is not None}
    if given:
        data["channels"] = given
        if "contacts" not in data and all(count >= 0 for count in given.values()):
            # The total follows from the channels, and `--difficult` is checked against it.
            data["contacts"] = sum(given.values())
    data["occupancy"] = occupancy
    data["breaks"] = [pause.resolve(start) for pause in breaks]
    data["note"] = note
    return validate_checkin(data)


def report_saved(outcome: CheckinOutcome, *, as_json: bool) -> None:
    """Say what was saved, then what the rules found right after it."""
    checkin = outcome.checkin
    if as_json:
        print_json(
            {
                "checkin": checkin_json(checkin),
                "plan": list(outcome.plan),
                **findings_json(outcome.overall, outcome.findings),
                "neighbours": [
                    {
                        "checkin_id": shift.checkin.id,
                        "start": local(shift.checkin.shift.start).isoformat(),
                        "end": local(shift.checkin.shift.end).isoformat(),
                        "findings": findings_json(outcome.overall, shift.findings)["findings"],
                        "no_longer_found": list(shift.gone),
                    }
                    for shift in outcome.neighbours
                ],
            }
        )
        return
    from wellbeing.i18n.formats import duration

    shift = checkin.shift
    click.echo(_("Saved check-in {id}.").format(id=checkin.id))
    click.echo(_("Shift: {span} (Brussels time)").format(span=span_text(shift.start, shift.end)))
    click.echo(
        _("Worked: {worked}, breaks {minutes} min").format(
            worked=duration(shift.worked, current_language()), minutes=minutes(shift.break_time)
        )
    )
    for pause in shift.breaks:
        click.echo(
            _("  break {start}-{end} ({minutes} min)").format(
                start=f"{local(pause.start):%H:%M}",
                end=f"{local(pause.end):%H:%M}",
                minutes=minutes(pause.duration),
            )
        )
    click.echo(
        ngettext(
            "Contacts: {contacts}, of which {difficult} difficult",
            "Contacts: {contacts}, of which {difficult} difficult",
            shift.difficult,
        ).format(contacts=shift.contacts, difficult=shift.difficult)
    )
    click.echo(
        _("Stress {stress}/10, energy {energy}/10").format(
            stress=checkin.stress, energy=checkin.energy
        )
    )
    for line in outcome.plan:
        click.echo(line)
    click.echo()
    print_findings(
        outcome.overall,
        outcome.findings,
        shown_after=[f for neighbour in outcome.neighbours for f in neighbour.findings],
        open_levels=outcome.open_levels,
    )
    for neighbour in outcome.neighbours:
        click.echo()
        click.echo(
            _("This also changed what was found about your shift of {shift}:").format(
                shift=span_text(neighbour.checkin.shift.start, neighbour.checkin.shift.end)
            )
        )
        if neighbour.gone:
            click.echo(no_longer_found(neighbour.gone))
        if not neighbour.findings:
            click.echo(_("The rules found nothing to flag."))
        for finding in neighbour.findings:
            print_finding(finding, finding_heading(finding))
