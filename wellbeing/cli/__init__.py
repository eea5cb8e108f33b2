"""The command line: `wellbeing` opens the app; subcommands check in, list, upgrade and demo.

The root group is lazy: it knows each command's name and the module that builds it, and
imports that module only when the command runs (or when `--help` lists them). Every problem
reaches the person as one line with its exit code, mapped in `wellbeing.cli.failures`: bad
input exits with 2 and writes nothing, a database problem with 1, and nothing ever shows a
traceback (WELLBEING_DEBUG=1 lets an unexpected error through for a developer).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime

import click

from wellbeing import __version__
from wellbeing.cli.context import PLAIN_ACCOUNT, Invocation, language_in_settings_file
from wellbeing.cli.failures import EXIT_OK, report
from wellbeing.cli.lazy import LazyGroup
from wellbeing.i18n import _, detect_language, set_language, standard_domain

# Each command and the factory that builds it; a group's module may list its own commands.
COMMANDS = {
    "admin": "wellbeing.cli.admin:admin_group",
    "checkin": "wellbeing.cli.checkin:checkin_command",
    "db": "wellbeing.cli.db:db_group",
    "demo": "wellbeing.cli.demo:demo_command",
    "erase": "wellbeing.cli.data:erase_command",
    "export": "wellbeing.cli.data:export_command",
    "flags": "wellbeing.cli.flags:flags_group",
    "help-lines": "wellbeing.cli.help_lines:help_lines_command",
    "history": "wellbeing.cli.history:history_command",
    "missing": "wellbeing.cli.schedule:missing_command",
    "org": "wellbeing.cli.team:org_group",
    "remind": "wellbeing.cli.remind:remind_command",
    "schedule": "wellbeing.cli.schedule:schedule_group",
    "survey": "wellbeing.cli.survey:survey_group",
    "team": "wellbeing.cli.team:team_group",
}


def open_the_app(invocation: Invocation) -> None:
    """Open the terminal app with only what its first frame needs loaded.

    Settings and account are checked in full, with pydantic, only when the quick read
    cannot vouch for them; the app loads the rest in a worker after its first frame.
    """
    from wellbeing.startup_settings import read_startup_settings

    quick = read_startup_settings()
    if quick is None:
        url = invocation.url()  # the full check: a bad value is refused as for any command
    else:
        set_language(detect_language(quick.lang))
        url = invocation.db or quick.database()
    account = invocation.account_name()
    if not PLAIN_ACCOUNT.fullmatch(account):
        from wellbeing.domain.people import validate_account

        account = validate_account(account)

    from wellbeing.tui.app import run as run_app

    run_app(url, account)


def build_cli() -> click.Group:
    """The root group, built after the language is chosen so that its help is translated."""

    @click.group(
        cls=LazyGroup,
        lazy=COMMANDS,
        invoke_without_command=True,
        help=_(
            "Wellbeing check-ins after each shift. Without a command, opens the app. "
            "Times without an offset are Brussels local time."
        ),
    )
    @click.option(
        "--db",
        "db",
        metavar="PATH_OR_URL",
        help=_("Database file or URL (default: WELLBEING_DB_URL, else your data directory)."),
    )
    @click.option(
        "--as",
        "account",
        metavar="ACCOUNT",
        help=_("The person acting (default: WELLBEING_USER, else your login name)."),
    )
    @click.version_option(__version__, prog_name="wellbeing", message="%(prog)s %(version)s")
    @click.pass_context
    def cli(ctx: click.Context, db: str | None, account: str | None) -> None:
        given = ctx.obj.clock if isinstance(ctx.obj, Invocation) else None
        ctx.obj = Invocation(db=db, account=account, clock=given)
        if ctx.invoked_subcommand is None:
            open_the_app(ctx.obj)

    return cli


def run(argv: Sequence[str] | None = None, *, clock: Callable[[], datetime] | None = None) -> int:
    """Run the command line and return its exit code (`clock`: what "now" is, for tests)."""
    language = detect_language(language_in_settings_file())
    set_language(language)
    arguments = list(argv) if argv is not None else sys.argv[1:]
    # Click's own words (help headings, usage errors) in the same language as ours.
    with standard_domain(language):
        try:
            result = build_cli().main(
                args=arguments,
                prog_name="wellbeing",
                standalone_mode=False,
                obj=Invocation(db=None, account=None, clock=clock),
            )
        except (Exception, click.Abort, KeyboardInterrupt) as exc:
            return report(exc)
    return result if isinstance(result, int) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `wellbeing` executable."""
    sys.exit(run(argv))
