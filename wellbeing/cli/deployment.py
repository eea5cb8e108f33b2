"""`wellbeing db check-deployment`: what an organisation's PostgreSQL server still exposes;
`wellbeing db deployment-scripts`: the superuser's scripts that set it up, from the package.

The schema's own rules come with the migrations; what lies outside it (statistics views that
every login may read, who owns the functions that run with elevated rights, whether the
tables belong to a superuser) is the DBA's part, done by deploy/postgres/setup.sql. This
command reads a live server and says what is missing, with exit code 1 while anything is.
"""

from __future__ import annotations

from pathlib import Path

import click

from wellbeing.cli.context import Invocation, input_error, print_json
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


# The scripts a superuser runs with psql, shipped in the package as `wellbeing.deploy.postgres`
# (the repository's deploy/postgres), and where the README's steps expect them.
DEPLOYMENT_SCRIPTS = ("setup.sql", "lockdown.sql")
DEFAULT_FOLDER = Path("deploy", "postgres")


def deployment_scripts_command() -> click.Command:
    """`db deployment-scripts`."""

    @click.command(
        "deployment-scripts",
        help=_(
            "Write the PostgreSQL scripts a superuser runs once (setup.sql, lockdown.sql) "
            "into a folder, from this installed version. Needs no database."
        ),
    )
    @click.option(
        "--out",
        metavar="DIR",
        default=str(DEFAULT_FOLDER),
        show_default=True,
        help=_("The folder (made if it is not there)."),
    )
    def deployment_scripts(out: str) -> None:
        from importlib import resources

        folder = Path(out).expanduser()
        shipped = resources.files("wellbeing.deploy.postgres")
        texts = {name: shipped.joinpath(name).read_bytes() for name in DEPLOYMENT_SCRIPTS}
        for name, text in texts.items():
            target = folder / name
            # A copy someone changed is theirs: never written over.
            if target.exists() and (not target.is_file() or target.read_bytes() != text):
                input_error(
                    "out",
                    _("{path} already exists and differs; give another folder").format(
                        path=target
                    ),
                )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in texts.items():
                (folder / name).write_bytes(text)
        except OSError as exc:
            input_error(
                "out",
                _("cannot create {path}: {reason}").format(path=folder, reason=exc.strerror or exc),
            )
        for name in DEPLOYMENT_SCRIPTS:
            click.echo(_("Wrote {path}").format(path=folder / name))

    return deployment_scripts
