"""`wellbeing help-lines`: the support lines and every contact, with when to call which.

It needs no database, so it works even when the data cannot be opened.
"""

from __future__ import annotations

import click

from wellbeing.cli.context import print_json
from wellbeing.i18n import _, current_language


def help_lines_command() -> click.Command:
    @click.command(
        "help-lines",
        help=_("Support lines and where to turn at work, with when to call which. Needs no data."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    def help_lines(as_json: bool) -> None:
        # Imported here, so `wellbeing --help` stays fast (no pydantic at start).
        from wellbeing.domain.where_to_turn import contact_line, where_to_turn

        groups = where_to_turn(current_language())
        if as_json:
            print_json(
                {
                    "groups": [
                        {"title": title, "contacts": [c.model_dump() for c in contacts]}
                        for title, contacts in groups
                    ]
                }
            )
            return
        for index, (title, contacts) in enumerate(groups):
            if index:
                click.echo()
            click.echo(title)
            for contact in contacts:
                click.echo(f"- {contact_line(contact, current_language())}")

    return help_lines
