"""The command line: `wellbeing` opens the app; subcommands check in, list, upgrade and demo.

Every problem reaches the person as one line: bad input exits with code 2 and writes nothing,
a database problem with code 1, and nothing ever shows a traceback (WELLBEING_DEBUG=1 lets an
unexpected error through for a developer). SQLAlchemy, pydantic and Textual are imported
inside the commands, so that `wellbeing --help` answers at once.
"""

from __future__ import annotations

import getpass
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from wellbeing import __version__
from wellbeing.i18n import _, current_language, detect_language, ngettext, set_language
from wellbeing.i18n.formats import decimal, long_date

if TYPE_CHECKING:
    from wellbeing.demo import DemoSummary
    from wellbeing.domain.checkin import Checkin
    from wellbeing.services import CheckinOutcome, Organisation, Wellbeing

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
# The largest whole number an option takes: a signed 64-bit integer, as the databases store.
LARGEST_WHOLE = 2**63 - 1

_WHOLE = re.compile(r"^\s*[+-]?\d+\s*$", re.ASCII)
_DECIMAL = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*%?\s*$", re.ASCII)


class CommandFailed(Exception):
    """A failure the command has already put into words for the person."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Invocation:
    """What the global options say: which database, and who is acting."""

    db: str | None
    account: str | None
    # The clock the use cases read; None is the system clock (tests pass a frozen one).
    clock: Callable[[], datetime] | None = None

    def url(self) -> str:
        """--db, else WELLBEING_DB_URL, else the settings file, else the default file."""
        settings = _settings()
        return self.db if self.db else settings.database()

    def acting(self) -> str:
        from wellbeing.domain.people import validate_account

        return validate_account(self.account_name())

    def account_name(self) -> str:
        """--as, else WELLBEING_USER, else the login name; not yet checked."""
        if self.account is not None:
            return self.account
        found = os.environ.get("WELLBEING_USER")
        if not found:
            try:
                found = getpass.getuser()
            except (OSError, KeyError):
                found = ""
        if not found:
            _input_error("as", _("cannot tell who you are; give --as ACCOUNT"))
        return found

    def service(self) -> Wellbeing:
        from wellbeing.services import Wellbeing, open_database

        account = self.acting()
        if self.clock is not None:
            return Wellbeing(open_database(self.url()), account, self.clock)
        return Wellbeing(open_database(self.url()), account)

    @contextmanager
    def wellbeing(self) -> Iterator[Wellbeing]:
        """The acting person's use cases, with the database closed afterwards."""
        service = self.service()
        try:
            yield service
        finally:
            service.db.dispose()

    @contextmanager
    def organisation(self) -> Iterator[Organisation]:
        """The admin use cases as the acting person, with the database closed afterwards."""
        from wellbeing.services import Organisation, open_database

        account = self.acting()
        database = open_database(self.url())
        try:
            yield Organisation(database, account)
        finally:
            database.dispose()


def _settings() -> Any:
    """The settings (environment and file); their language becomes the output language."""
    import tomllib

    from pydantic import ValidationError

    from wellbeing.domain.errors import input_error_from
    from wellbeing.settings import Settings, settings_file

    try:
        settings = Settings()
    except ValidationError as exc:
        raise input_error_from(exc, prefix="settings") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        # RecursionError: tomllib nests without limit, so `a = [[[[...]]]]` exhausts the stack.
        problem = (
            _("its values nest too deeply") if isinstance(exc, RecursionError) else _describe(exc)
        )
        _input_error(
            "settings",
            _("{file} cannot be read as TOML: {problem}").format(
                file=settings_file(), problem=problem
            ),
        )
    set_language(detect_language(settings.lang))
    return settings


# Account names plainly valid by the rule of `wellbeing.domain.people.validate_account`; any
# other name goes to that function, which accepts or refuses it with its own message.
_PLAIN_ACCOUNT = re.compile(r"[A-Za-z0-9._@-]{1,128}", re.ASCII)


def _open_the_app(invocation: Invocation) -> None:
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
    if not _PLAIN_ACCOUNT.fullmatch(account):
        from wellbeing.domain.people import validate_account

        account = validate_account(account)

    from wellbeing.tui.app import run

    run(url, account)


def _language_in_settings_file() -> str | None:
    """The `lang` of the settings file, read without pydantic so that `--help` stays fast.

    The path follows `wellbeing.settings.settings_file()`. `Settings` reads and checks the
    same file once a command runs; here a missing or unreadable file only means that the help
    is shown in the language of the environment.
    """
    import tomllib

    override = os.environ.get("WELLBEING_CONFIG_DIR")
    if override:
        folder = Path(override)
    else:
        import platformdirs

        folder = platformdirs.user_config_path("wellbeing")
    try:
        value = tomllib.loads((folder / "settings.toml").read_text(encoding="utf-8")).get("lang")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def _input_error(field: str, message: str) -> NoReturn:
    from wellbeing.domain.errors import InputError

    raise InputError(field, message)


# --- parsing option values: one message naming the field, never Click's usage dump ---------


def _whole(field: str, text: str | None, *, score: bool = False) -> int | None:
    if text is None:
        return None
    if not _WHOLE.match(text):
        if score:
            _input_error(field, _("must be a whole number from 0 to 10"))
        _input_error(field, _("must be a whole number"))
    value = int(text)
    if not -LARGEST_WHOLE <= value <= LARGEST_WHOLE:
        # Nothing counts this far, and a database integer column cannot hold it.
        if score:
            _input_error(field, _("must be a whole number from 0 to 10"))
        if value < 0:
            _input_error(field, _("is too far below zero"))
        _input_error(field, _("is too large a number"))
    return value


def _percentage(field: str, text: str | None) -> float | None:
    if text is None:
        return None
    if not _DECIMAL.match(text):
        _input_error(field, _("must be a percentage from 0 to 100"))
    value = float(text.strip().rstrip("%"))
    if not math.isfinite(value):
        _input_error(field, _("must be a percentage from 0 to 100"))
    return value


def _day(field: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        _input_error(field, _("{text!r} is not a date; use YYYY-MM-DD").format(text=text))


# --- printing ------------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    from wellbeing.domain.localtime import to_local

    return to_local(moment)


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def _span_text(start: datetime, end: datetime) -> str:
    first, last = _local(start), _local(end)
    if first.date() == last.date():
        return f"{first:%Y-%m-%d %H:%M}-{last:%H:%M}"
    return f"{first:%Y-%m-%d %H:%M}-{last:%Y-%m-%d %H:%M}"


def checkin_json(checkin: Checkin) -> dict[str, Any]:
    """A check-in as the person's own data: local times with their offset, and the note."""
    shift = checkin.shift
    return {
        "id": checkin.id,
        "start": _local(shift.start).isoformat(),
        "end": _local(shift.end).isoformat(),
        "worked_minutes": _minutes(shift.worked),
        "break_minutes": _minutes(shift.break_time),
        "breaks": [
            {
                "start": _local(pause.start).isoformat(),
                "end": _local(pause.end).isoformat(),
                "kind": pause.kind,
                "minutes": _minutes(pause.duration),
            }
            for pause in shift.breaks
        ],
        "contacts": shift.contacts,
        "difficult": shift.difficult,
        "channels": dict(checkin.channels),
        "occupancy": shift.occupancy,
        "stress": checkin.stress,
        "energy": checkin.energy,
        "support": checkin.support,
        "note": checkin.note,
        "recorded_at": _local(checkin.recorded_at).isoformat(),
    }


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def report_saved(outcome: CheckinOutcome, *, as_json: bool) -> None:
    """Say what was saved, then what the rules found right after it."""
    from wellbeing.commands.output import (
        finding_heading,
        findings_json,
        print_finding,
        print_findings,
    )

    checkin = outcome.checkin
    if as_json:
        _print_json(
            {
                "checkin": checkin_json(checkin),
                "plan": list(outcome.plan),
                **findings_json(outcome.overall, outcome.findings),
                "neighbours": [
                    {
                        "checkin_id": shift.checkin.id,
                        "start": shift.checkin.shift.start.isoformat(),
                        "findings": findings_json(outcome.overall, shift.findings)["findings"],
                    }
                    for shift in outcome.neighbours
                ],
            }
        )
        return
    from wellbeing.domain.localtime import format_hours

    shift = checkin.shift
    click.echo(_("Saved check-in {id}.").format(id=checkin.id))
    click.echo(_("Shift: {span} (Brussels time)").format(span=_span_text(shift.start, shift.end)))
    click.echo(
        _("Worked: {worked}, breaks {minutes} min").format(
            worked=format_hours(shift.worked), minutes=_minutes(shift.break_time)
        )
    )
    for pause in shift.breaks:
        click.echo(
            _("  break {start}-{end} ({minutes} min)").format(
                start=f"{_local(pause.start):%H:%M}",
                end=f"{_local(pause.end):%H:%M}",
                minutes=_minutes(pause.duration),
            )
        )
    click.echo(
        ngettext(
            "Contacts: {contacts}, of which {difficult} difficult",
            "Contacts: {contacts}, of which {difficult} difficult",
            shift.difficult,
        ).format(
            contacts=shift.contacts, difficult=shift.difficult
        )
    )
    click.echo(
        _("Stress {stress}/10, energy {energy}/10").format(
            stress=checkin.stress, energy=checkin.energy
        )
    )
    for line in outcome.plan:
        click.echo(line)
    click.echo()
    print_findings(outcome.overall, outcome.findings)
    for neighbour in outcome.neighbours:
        click.echo()
        click.echo(
            _("This also changed what was found about your shift of {shift}:").format(
                shift=_span_text(neighbour.checkin.shift.start, neighbour.checkin.shift.end)
            )
        )
        if not neighbour.findings:
            click.echo(_("The rules found nothing to flag."))
        for finding in neighbour.findings:
            print_finding(finding, finding_heading(finding))


def _print_history(checkins: Sequence[Checkin]) -> None:
    from wellbeing.domain.localtime import hours

    if not checkins:
        click.echo(_("No check-ins yet."))
        return
    header = [
        _("Date"),
        _("Shift"),
        _("Worked h"),
        _("Break min"),
        _("Contacts/difficult"),
        _("Stress"),
        _("Energy"),
    ]
    rows = []
    for checkin in checkins:
        shift = checkin.shift
        start, end = _local(shift.start), _local(shift.end)
        rows.append(
            [
                f"{start:%Y-%m-%d}",
                f"{start:%H:%M}-{end:%H:%M}",
                decimal(hours(shift.worked), current_language(), digits=2, fixed=True),
                str(_minutes(shift.break_time)),
                f"{shift.contacts}/{shift.difficult}",
                str(checkin.stress),
                str(checkin.energy),
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


def _summary_text(summary: DemoSummary) -> str:
    return _(
        "Demo data from {first} to {last}: {teams} teams, {agents} agents, {leaders} team "
        "leaders, {shifts} shifts with {breaks} breaks and {checkins} check-ins."
    ).format(
        first=long_date(summary.first_day, current_language()),
        last=long_date(summary.last_day, current_language()),
        teams=summary.teams,
        agents=summary.agents,
        leaders=summary.leaders,
        shifts=summary.shifts,
        breaks=summary.breaks,
        checkins=summary.checkins,
    )


# --- commands ------------------------------------------------------------------------------


def build_cli(*, subcommands: bool = True) -> click.Group:
    """The command tree, built after the language is chosen so that its help is translated.

    Without `subcommands`, only the group itself and its global options: enough to open the
    app, which then starts without importing and building every command.
    """

    @click.group(
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
            _open_the_app(ctx.obj)

    @cli.command(help=_("Record a shift and how it went."))
    @click.option(
        "--start", required=True, metavar="ISO", help=_("Shift start, e.g. 2026-11-26T08:00.")
    )
    @click.option("--end", required=True, metavar="ISO", help=_("Shift end."))
    @click.option(
        "--break",
        "breaks",
        multiple=True,
        metavar="HH:MM-HH:MM",
        help=_("A break really taken (repeat for each; ISO/ISO also accepted)."),
    )
    @click.option("--stress", required=True, metavar="N", help=_("Stress from 0 to 10."))
    @click.option("--energy", required=True, metavar="N", help=_("Energy from 0 to 10."))
    @click.option("--contacts", metavar="N", help=_("Contacts handled."))
    @click.option("--difficult", metavar="N", help=_("Difficult or aggressive contacts."))
    @click.option("--phone", metavar="N", help=_("Contacts by phone."))
    @click.option("--email", metavar="N", help=_("Contacts by e-mail."))
    @click.option("--chat", metavar="N", help=_("Contacts by chat."))
    @click.option("--social", metavar="N", help=_("Contacts on social media."))
    @click.option("--occupancy", metavar="PCT", help=_("Occupancy in percent, if you know it."))
    @click.option("--support", metavar="N", help=_("Support felt from 0 to 10 (optional)."))
    @click.option("--note", metavar="TEXT", help=_("A private note, seen only by you."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def checkin(
        invocation: Invocation,
        start: str,
        end: str,
        breaks: tuple[str, ...],
        stress: str,
        energy: str,
        contacts: str | None,
        difficult: str | None,
        phone: str | None,
        email: str | None,
        chat: str | None,
        social: str | None,
        occupancy: str | None,
        support: str | None,
        note: str | None,
        as_json: bool,
    ) -> None:
        form = _checkin_form(
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

    @cli.command(help=_("Your check-ins, newest first."))
    @click.option("--limit", metavar="N", help=_("Show at most N check-ins."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON (includes your notes)."))
    @click.pass_obj
    def history(invocation: Invocation, limit: str | None, as_json: bool) -> None:
        count = _whole("limit", limit)
        if count is not None and count < 1:
            _input_error("limit", _("must be a whole number of at least 1"))
        with invocation.wellbeing() as service:
            found = service.history(limit=count)
        if as_json:
            _print_json({"checkins": [checkin_json(c) for c in found]})
        else:
            _print_history(found)

    @cli.group(help=_("Database maintenance."))
    def db() -> None:
        """Only a namespace for the maintenance commands."""

    @db.command(help=_("Upgrade the database to the schema this version knows."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def upgrade(invocation: Invocation, as_json: bool) -> None:
        from wellbeing.services import upgrade_database

        before, after = upgrade_database(invocation.url())
        if as_json:
            _print_json({"from": before, "to": after})
        elif before == after:
            click.echo(_("The database is already at revision {to}.").format(to=after))
        else:
            click.echo(
                _("Upgraded the database from revision {before} to {to}.").format(
                    before=before or _("(empty)"), to=after
                )
            )

    @cli.command(help=_("Fill a database with realistic synthetic teams, agents and shifts."))
    @click.option("--agents", default="50", show_default=True, metavar="N", help=_("Agents."))
    @click.option("--days", default="90", show_default=True, metavar="D", help=_("Days of data."))
    @click.option("--seed", default="1", show_default=True, metavar="S", help=_("Random seed."))
    @click.option("--teams", metavar="T", help=_("Teams (default: about one per 13 agents)."))
    @click.option("--end", metavar="YYYY-MM-DD", help=_("Last day (default: today)."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def demo(
        invocation: Invocation,
        agents: str,
        days: str,
        seed: str,
        teams: str | None,
        end: str | None,
        as_json: bool,
    ) -> None:
        summary = _run_demo(
            invocation.url(),
            agents=_whole("agents", agents) or 0,
            days=_whole("days", days) or 0,
            seed=_whole("seed", seed) or 0,
            teams=_whole("teams", teams),
            end=_day("end", end),
        )
        if as_json:
            _print_json(
                {
                    "teams": summary.teams,
                    "agents": summary.agents,
                    "leaders": summary.leaders,
                    "shifts": summary.shifts,
                    "breaks": summary.breaks,
                    "checkins": summary.checkins,
                    "first_day": summary.first_day.isoformat(),
                    "last_day": summary.last_day.isoformat(),
                }
            )
        else:
            click.echo(_summary_text(summary))

    if not subcommands:
        return cli
    from wellbeing.commands import (
        admin,
        data,
        deployment,
        flags,
        help_lines,
        maintenance,
        remind,
        schedule,
        survey,
    )
    from wellbeing.commands import team as team_commands

    help_lines.register(cli)
    team_commands.register(cli)
    flags.register(cli)
    survey.register(cli)
    data.register(cli)
    admin.register(cli)
    maintenance.register(cli)
    deployment.register(cli)
    schedule.register(cli)
    remind.register(cli)
    return cli


def _checkin_form(
    *,
    start: str,
    end: str,
    breaks: Sequence[str],
    numbers: dict[str, str | None],
    channels: dict[str, str | None],
    occupancy: str | None,
    note: str | None,
) -> Any:
    """Validate the options into a CheckinInput before the database is opened."""
    from wellbeing.domain.checkin import resolve_break, validate_checkin
    from wellbeing.domain.localtime import LocalTimeError, parse_moment

    try:
        shift_start = parse_moment(start)
    except LocalTimeError as exc:
        _input_error("start", str(exc))
    data: dict[str, object] = {"start": shift_start, "end": end}
    for field, text in numbers.items():
        value = _whole(field, text, score=field in ("stress", "energy", "support"))
        if value is not None:
            data[field] = value
    given = {name: _whole(name, text) for name, text in channels.items() if text is not None}
    if given:
        data["channels"] = given
        if "contacts" not in data and all(count >= 0 for count in given.values()):
            # The total follows from the channels, and `--difficult` is checked against it.
            data["contacts"] = sum(given.values())
    data["occupancy"] = _percentage("occupancy", occupancy)
    data["breaks"] = [resolve_break(text, shift_start) for text in breaks]
    data["note"] = note
    return validate_checkin(data)


def _run_demo(
    url: str, *, agents: int, days: int, seed: int, teams: int | None, end: date | None
) -> DemoSummary:
    from wellbeing.demo import check_demo_arguments, generate_demo
    from wellbeing.services import open_database

    check_demo_arguments(agents, days, teams)
    database = open_database(url)
    from wellbeing.commands.output import LazyProgress

    stack = ExitStack()
    progress = LazyProgress(stack, _("Generating demo data"))

    try:
        with stack:
            return generate_demo(
                database,
                agents=agents,
                days=days,
                seed=seed,
                teams=teams,
                end=end,
                progress=progress,
            )
    except Exception as exc:
        if not progress.started or _is_input_error(exc) or _debugging():
            raise
        raise CommandFailed(
            _(
                "error: the demo stopped part way ({problem}); what was generated so far "
                "stays in the database"
            ).format(problem=_describe(exc))
        ) from exc
    finally:
        database.dispose()


# --- running: one line per problem, the right exit code ------------------------------------


def _debugging() -> bool:
    return os.environ.get("WELLBEING_DEBUG", "") not in ("", "0")


def _is_input_error(exc: BaseException) -> bool:
    errors = sys.modules.get("wellbeing.domain.errors")
    return errors is not None and isinstance(exc, errors.InputError)


def _known_failure(exc: BaseException) -> bool:
    """Failures the services put into words: database problems, missing things, roles."""
    services = sys.modules.get("wellbeing.services")
    if services is None:
        return False
    kinds = tuple(
        getattr(services, name)
        for name in ("StoreError", "NotFound", "AccessDenied")
        if hasattr(services, name)
    )
    return isinstance(exc, kinds)


def _describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# A group called without one of its commands (Click 8.2 and later raise this).
_NO_COMMAND: tuple[type[Exception], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)


def _usage_problem(exc: click.UsageError) -> str:
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and isinstance(param, click.Argument):
        return _("{field}: is required; give {value}").format(
            field=param.name, value=param.metavar or (param.name or "").upper()
        )
    if isinstance(exc, click.MissingParameter) and param is not None and param.name:
        option = param.opts[0] if getattr(param, "opts", None) else param.name
        return _("{field}: is required; give {option}").format(field=param.name, option=option)
    if isinstance(exc, click.NoSuchOption):
        message = _("{option}: there is no such option").format(option=exc.option_name)
        if exc.possibilities:
            message += _("; did you mean {options}?").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return message
    if isinstance(exc, click.BadParameter) and param is not None and param.name:
        return f"{param.name}: {exc.message}"
    command = exc.ctx.command if exc.ctx is not None else None
    if isinstance(exc, _NO_COMMAND) and isinstance(command, click.Group) and exc.ctx is not None:
        names = ", ".join(command.list_commands(exc.ctx))
        return _("{command}: give one of its commands: {names}").format(
            command=exc.ctx.command_path, names=names
        )
    lines = exc.format_message().strip().splitlines()
    return lines[0] if lines else _("the command line is not valid")


def _say(line: str) -> None:
    click.echo(line, err=True)


def _opens_the_app(arguments: Sequence[str]) -> bool:
    """Whether the arguments are global options only (`--db`, `--as`), so the app opens."""
    rest = list(arguments)
    while rest:
        head = rest.pop(0)
        if head in ("--db", "--as") and rest and not rest[0].startswith("-"):
            rest.pop(0)
        elif not head.startswith(("--db=", "--as=")):
            return False
    return True


def run(argv: Sequence[str] | None = None, *, clock: Callable[[], datetime] | None = None) -> int:
    """Run the command line and return its exit code (`clock`: what "now" is, for tests)."""
    set_language(detect_language(_language_in_settings_file()))
    arguments = list(argv) if argv is not None else sys.argv[1:]
    cli = build_cli(subcommands=not _opens_the_app(arguments))
    try:
        result = cli.main(
            args=arguments,
            prog_name="wellbeing",
            standalone_mode=False,
            obj=Invocation(db=None, account=None, clock=clock),
        )
    except click.UsageError as exc:
        _say(_("error: {problem}").format(problem=_usage_problem(exc)))
        if exc.ctx is not None:
            _say(_("Try '{command} --help' for help.").format(command=exc.ctx.command_path))
        return EXIT_BAD_INPUT
    except click.ClickException as exc:
        _say(_("error: {problem}").format(problem=exc.format_message()))
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        _say(_("error: interrupted"))
        return EXIT_INTERRUPTED
    except CommandFailed as exc:
        _say(str(exc))
        return exc.exit_code
    except Exception as exc:
        if _is_input_error(exc):
            _say(_("error: {problem}").format(problem=str(exc)))
            return EXIT_BAD_INPUT
        if _known_failure(exc):
            _say(_("error: {problem}").format(problem=str(exc)))
            return EXIT_FAILED
        if _debugging():
            raise
        _say(
            _("error: unexpected problem ({problem}); nothing was saved").format(
                problem=_describe(exc)
            )
        )
        return EXIT_FAILED
    return result if isinstance(result, int) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `wellbeing` executable."""
    sys.exit(run(argv))
