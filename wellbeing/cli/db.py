"""`wellbeing db`: database maintenance, each command in the module of its area."""

from __future__ import annotations

import click

from wellbeing.cli.context import Invocation, print_json
from wellbeing.cli.lazy import LazyGroup
from wellbeing.i18n import _

COMMANDS = {
    "upgrade": "wellbeing.cli.db:upgrade_command",
    "purge": "wellbeing.cli.data:purge_command",
    "reevaluate": "wellbeing.cli.maintenance:reevaluate_command",
    "check-deployment": "wellbeing.cli.deployment:check_deployment_command",
    "deployment-scripts": "wellbeing.cli.deployment:deployment_scripts_command",
}


def db_group() -> click.Group:
    @click.group("db", cls=LazyGroup, lazy=COMMANDS, help=_("Database maintenance."))
    def db() -> None:
        """Only a namespace for the maintenance commands."""

    return db


def upgrade_command() -> click.Command:
    @click.command("upgrade", help=_("Upgrade the database to the schema this version knows."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def upgrade(invocation: Invocation, as_json: bool) -> None:
        from wellbeing.services import upgrade_database

        before, after = upgrade_database(invocation.url())
        if as_json:
            print_json({"from": before, "to": after})
        elif before == after:
            click.echo(_("The database is already at revision {to}.").format(to=after))
        else:
            click.echo(
                _("Upgraded the database from revision {before} to {to}.").format(
                    before=before or _("(empty)"), to=after
                )
            )

    return upgrade
