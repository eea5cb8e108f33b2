"""`wellbeing db check-deployment`: what an organisation's PostgreSQL server still exposes.

The schema's own rules come with the migrations; what lies outside it (statistics views that
every login may read, who owns the functions that run with elevated rights, whether the
tables belong to a superuser) is the DBA's part, done by deploy/postgres/setup.sql. This
command reads a live server and says what is missing, with exit code 1 while anything is.
"""

from __future__ import annotations

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.failures import CommandFailed
from wellbeing.i18n import _, ngettext


def check_deployment_command() -> click.Command:
    """`db check-deployment`."""

    @click.command(
        "check-deployment",
        help=_(
            "Check a PostgreSQL deployment on the live server: statistics views locked "
            "down, elevated functions owned by a role nobody logs in as, no superuser owner."
        ),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def check_deployment(invocation: Invocation, as_json: bool) -> None:
        from wellbeing.services import check_deployment as check

        problems = check(invocation.url())
        if as_json:
            print_json({"applies": problems is not None, "problems": problems or []})
        elif problems is None:
            click.echo(
                _(
                    "Nothing to check: this is an SQLite file, not an organisation's "
                    "PostgreSQL database."
                )
            )
        elif not problems:
            click.echo(_("The deployment passes every check."))
        else:
            for problem in problems:
                click.echo(_("problem: {problem}").format(problem=problem))
        if problems:
            raise CommandFailed(
                ngettext(
                    "the deployment has {count} problem; see above",
                    "the deployment has {count} problems; see above",
                    len(problems),
                ).format(count=len(problems))
            )

    return check_deployment
