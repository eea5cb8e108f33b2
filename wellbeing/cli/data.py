"""A person's data rights on the command line: `export`, `erase` and `db purge`.

Export (GDPR art. 15 and 20) writes everything stored about the acting person, as JSON or as
one CSV per table beside a manifest; the files hold private notes, so they are created
readable by their owner only. Erase (art. 17) removes every row about the person after they
confirm. `db purge` applies the retention period to everyone's raw rows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wellbeing.cli.context import Invocation, input_error, load_settings, print_json
from wellbeing.cli.params import Choice, Whole
from wellbeing.i18n import N_, _, counted, current_language, ngettext
from wellbeing.i18n.formats import long_date

if TYPE_CHECKING:
    from wellbeing.presentation.export import ExportFiles

FORMATS = ("json", "csv")
# The bounds `Settings.retention_months` accepts.
FEWEST_MONTHS, MOST_MONTHS = 1, 600


def export_command() -> click.Command:
    @click.command(
        "export",
        help=_(
            "Export everything stored about you. JSON goes to the screen or to --out FILE; "
            "CSV makes a folder (default wellbeing-export-YYYYMMDD) with manifest.json and "
            "one file per table. The files hold your private notes and are readable only by "
            "you."
        )
    )
    @click.option(
        "--format",
        "kind",
        default="json",
        type=Choice(FORMATS, N_("{kind!r} is not a format; use json or csv"), field="format"),
        show_default=True,
        metavar="json|csv",
        help=_("The file format."),
    )
    @click.option("--out", metavar="PATH", help=_("The file (JSON) or new folder (CSV)."))
    @click.pass_obj
    def export(invocation: Invocation, kind: str, out: str | None) -> None:
        from wellbeing.presentation.export import free_folder, row_count, write_json_export

        target = Path(out).expanduser() if out else None
        if target is not None and target.exists():
            input_error("out", _("{path} already exists; give a new path").format(path=target))
        with invocation.wellbeing(existing=True) as service:
            exported = service.export()
            now = service.clock()
        if kind == "csv":
            files = _write_folder(exported, target or free_folder(Path.cwd(), now))
            click.echo(
                ngettext(
                    "Exported {rows} row to {folder}",
                    "Exported {rows} rows to {folder}",
                    files.rows,
                ).format(rows=files.rows, folder=files.folder)
            )
        elif target is not None:
            try:
                write_json_export(exported, target)
            except OSError as exc:  # a folder that is not there, or not ours to write in
                input_error(
                    "out",
                    _("cannot create {path}: {reason}").format(
                        path=target, reason=exc.strerror or exc
                    ),
                )
            rows = row_count(exported)
            click.echo(
                ngettext(
                    "Exported {rows} row to {file}", "Exported {rows} rows to {file}", rows
                ).format(rows=rows, file=target)
            )
        else:
            print_json(exported)

    return export


def erase_command() -> click.Command:
    @click.command(
        "erase",
        help=_(
            "Erase every row about you: check-ins, shifts, breaks, questionnaires, flags and "
            "your place in a team. Asks you to type your account name unless --yes is given."
        )
    )
    @click.option("--yes", is_flag=True, help=_("Erase without asking (for scripts)."))
    @click.pass_obj
    def erase(invocation: Invocation, yes: bool) -> None:
        account = invocation.acting()
        # The database first: nobody is asked to confirm an erasure that cannot happen.
        with invocation.wellbeing(existing=True) as service:
            if not yes:
                _confirm_erase(account)
            removed = service.erase()
        if removed:
            click.echo(
                ngettext(
                    "Erased {count} row about {account}.",
                    "Erased {count} rows about {account}.",
                    removed,
                ).format(count=removed, account=account)
            )
        else:
            click.echo(_("Nothing was stored about {account}.").format(account=account))

    return erase


def purge_command() -> click.Command:
    """`db purge`."""

    @click.command(
        "purge",
        help=_(
            "Delete raw rows (shifts, breaks, check-ins, questionnaires, closed flags, weekly "
            "levels) older than the retention period, in whole ISO weeks: everyone's when an "
            "admin runs it, otherwise only your own."
        )
    )
    @click.option(
        "--months",
        type=Whole(
            FEWEST_MONTHS,
            MOST_MONTHS,
            out_of_range=N_("must be a whole number from {fewest} to {most}"),
        ),
        metavar="N",
        help=_("Keep this many whole calendar months (default: the retention_months setting)."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def purge(invocation: Invocation, months: int | None, as_json: bool) -> None:
        from wellbeing.domain.localtime import retention_week_start, to_local
        from wellbeing.services import purge_expired, system_clock

        kept = months if months is not None else int(load_settings().retention_months)
        now = system_clock()
        account = invocation.account_name()
        database = invocation.database(account, existing=True)
        try:
            removed = purge_expired(database, kept, clock=lambda: now, account=account)
        finally:
            database.dispose()
        cutoff = to_local(retention_week_start(now, kept))
        if as_json:
            print_json({"removed": removed, "months": kept, "cutoff": cutoff.isoformat()})
            return
        click.echo(
            ngettext(
                "Removed {count} row from before {day} (retention: {period}).",
                "Removed {count} rows from before {day} (retention: {period}).",
                removed,
            ).format(
                count=removed,
                day=long_date(cutoff.date(), current_language()),
                period=counted("{count} month", "{count} months", kept),
            )
        )

    return purge


def _confirm_erase(account: str) -> None:
    """Erasing cannot be undone: the person types their account name, at a terminal."""
    if not sys.stdin.isatty():
        input_error(
            "yes",
            _("erasing needs a confirmation; run it in a terminal, or give --yes"),
        )
    click.echo(
        _(
            "This erases every row about {account}; it cannot be undone. Export first if you "
            "want to keep a copy."
        ).format(account=account),
        err=True,
    )
    typed = click.prompt(
        _("Type {account} to confirm").format(account=account),
        default="",
        show_default=False,
        err=True,
    )
    if typed.strip() != account:
        input_error(
            "confirmation", _("that is not {account}; nothing was erased").format(account=account)
        )




def _write_folder(exported: dict[str, Any], folder: Path) -> ExportFiles:
    """The CSV export; a folder that exists or cannot be made is the `--out` field's fault."""
    from wellbeing.presentation.export import write_csv_export

    try:
        return write_csv_export(exported, folder)
    except FileExistsError:
        input_error("out", _("{path} already exists; give a new path").format(path=folder))
    except OSError as exc:
        input_error(
            "out",
            _("cannot create {path}: {reason}").format(path=folder, reason=exc.strerror or exc),
        )
