"""A person's data rights on the command line: `export`, `erase` and `db purge`.

Export (GDPR art. 15 and 20) writes everything stored about the acting person, as JSON or as
one CSV per table beside a manifest; the files hold private notes, so they are created
readable by their owner only. Erase (art. 17) removes every row about the person after they
confirm. `db purge` applies the retention period to everyone's raw rows.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

from wellbeing.cli.context import Invocation, input_error, load_settings, print_json
from wellbeing.cli.params import Choice, Whole
from wellbeing.i18n import N_, _, current_language, ngettext
from wellbeing.i18n.formats import long_date

FORMATS = ("json", "csv")
MANIFEST_FILE = "manifest.json"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
# The bounds `Settings.retention_months` accepts.
FEWEST_MONTHS, MOST_MONTHS = 1, 600
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


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
        chosen = kind
        target = Path(out).expanduser() if out else None
        if target is not None and target.exists():
            input_error("out", _("{path} already exists; give a new path").format(path=target))
        with invocation.wellbeing() as service:
            exported = service.export()
            now = service.clock()
        if chosen == "csv":
            folder = write_csv_export(exported, target or default_folder(now))
            click.echo(
                _("Exported {rows} rows to {folder}").format(
                    rows=_row_count(exported), folder=folder
                )
            )
        elif target is not None:
            write_json_export(exported, target)
            click.echo(
                _("Exported {rows} rows to {file}").format(rows=_row_count(exported), file=target)
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
        if not yes:
            _confirm_erase(account)
        with invocation.wellbeing() as service:
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
        from wellbeing.services import open_database, purge_expired, system_clock

        kept = months if months is not None else int(load_settings().retention_months)
        now = system_clock()
        database = open_database(invocation.url())
        try:
            removed = purge_expired(
                database, kept, clock=lambda: now, account=invocation.account_name()
            )
        finally:
            database.dispose()
        cutoff = to_local(retention_week_start(now, kept))
        if as_json:
            print_json({"removed": removed, "months": kept, "cutoff": cutoff.isoformat()})
            return
        click.echo(
            ngettext(
                "Removed {count} row from before {day} (retention: {months} months).",
                "Removed {count} rows from before {day} (retention: {months} months).",
                removed,
            ).format(
                count=removed, day=long_date(cutoff.date(), current_language()), months=kept
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


def _row_count(exported: dict[str, Any]) -> int:
    return sum(exported["manifest"]["tables"].values())


# --- files readable by their owner only ------------------------------------------------------


@contextmanager
def _private_file(path: Path) -> Iterator[IO[str]]:
    """A new file, mode 0600 from the moment it exists; never overwrites one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        yield handle


def default_folder(now: datetime) -> Path:
    """wellbeing-export-YYYYMMDD (Brussels date) in the current folder, numbered if taken."""
    from wellbeing.domain.localtime import to_local

    base = Path.cwd() / f"wellbeing-export-{to_local(now):%Y%m%d}"
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def write_json_export(exported: dict[str, Any], path: Path) -> None:
    with _private_file(path) as handle:
        json.dump(exported, handle, ensure_ascii=False, indent=2, default=str)
        handle.write("\n")


def csv_text(value: object) -> str:
    """A value as a CSV cell: nested values as JSON, text that a spreadsheet would run as a
    formula behind a leading quote."""
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return FORMULA_GUARD + value
    return str(value)


def write_csv_export(exported: dict[str, Any], folder: Path) -> Path:
    """`folder` (new, 0700) with one CSV per table and a manifest saying how to read them."""
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=False)
    except FileExistsError:
        input_error("out", _("{path} already exists; give a new path").format(path=folder))
    except OSError as exc:
        input_error(
            "out",
            _("cannot create {path}: {reason}").format(path=folder, reason=exc.strerror or exc),
        )
    folder.chmod(PRIVATE_FOLDER)  # the umask may have narrowed it; never widened
    tables: dict[str, list[dict[str, Any]]] = exported["data"]
    files = {}
    for table, rows in tables.items():
        files[table] = f"{table}.csv"
        columns = list(dict.fromkeys(column for row in rows for column in row))
        with _private_file(folder / files[table]) as handle:
            writer = csv.writer(handle)
            if columns:
                writer.writerow(columns)
            writer.writerows([csv_text(row.get(column)) for column in columns] for row in rows)
    manifest = {
        **exported["manifest"],
        "files": files,
        "csv": {
            "encoding": "utf-8",
            "empty_cell": "null",
            "nested_values": "JSON",
            "formula_guard": _(
                "text starting with = + - @ or a tab is preceded by ' so that a spreadsheet "
                "shows it instead of running it"
            ),
        },
    }
    with _private_file(folder / MANIFEST_FILE) as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return folder
