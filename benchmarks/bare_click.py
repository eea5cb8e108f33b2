"""The baseline of the command-line start-up figures: a click command that prints JSON.

It does what `wellbeing history --json` does minus the app's own work -- start Python, import
Click, parse a group's options and a subcommand's flag, print a JSON document -- so the
ratio of the two says what the app adds.
"""

from __future__ import annotations

import json

import click


@click.group()
@click.option("--db", metavar="PATH")
@click.option("--as", "account", metavar="ACCOUNT")
def cli(db: str | None, account: str | None) -> None:
    """A group with the same global options as `wellbeing`."""


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def history(as_json: bool) -> None:
    click.echo(json.dumps({"checkins": []}, indent=2) if as_json else "")


if __name__ == "__main__":
    cli(prog_name="bare")
