"""What every command shares: who is acting, on which database, with which settings.

Set up once by the root group from the global options (`--db`, `--as`) and handed to each
command as Click's context object.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from wellbeing.i18n import _, detect_language, set_language

if TYPE_CHECKING:
    from wellbeing.own_reads import PersonReads
    from wellbeing.services import Database, Organisation, Wellbeing
    from wellbeing.settings import Settings

T = TypeVar("T")

# Account names plainly valid by the rule of `wellbeing.domain.people.validate_account`; any
# other name goes to that function, which accepts or refuses it with its own message.
PLAIN_ACCOUNT = re.compile(r"[A-Za-z0-9._@-]{1,128}", re.ASCII)


def input_error(field: str, message: str) -> NoReturn:
    """Refuse what the person typed: one line naming the field, exit code 2."""
    from wellbeing.domain.errors import InputError

    raise InputError(field, message)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def load_settings() -> Settings:
    """The settings (environment and file); their language becomes the output language."""
    import tomllib

    from pydantic import ValidationError

    from wellbeing.cli.failures import describe
    from wellbeing.settings import Settings, settings_error, settings_file

    try:
        settings = Settings()
    except ValidationError as exc:
        raise settings_error(exc) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        # RecursionError: tomllib nests without limit, so `a = [[[[...]]]]` exhausts the stack.
        problem = (
            _("its values nest too deeply") if isinstance(exc, RecursionError) else describe(exc)
        )
        input_error(
            "settings",
            _("{file} cannot be read as TOML: {problem}").format(
                file=settings_file(), problem=problem
            ),
        )
    set_language(detect_language(settings.lang))
    return settings


def language_in_settings_file() -> str | None:
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


@dataclass
class Invocation:
    """What the global options say: which database, and who is acting."""

    db: str | None
    account: str | None
    # The clock the use cases read; None is the system clock (tests pass a frozen one).
    clock: Callable[[], datetime] | None = None

    def given_options(self, *, from_anywhere: bool = False) -> list[str]:
        """The global options given on this command line (`--db`, `--as`), as arguments.

        A command printed for the person to run, or run for them later, repeats them, so
        that it acts on the same database as the same person; the environment and the
        settings, which it reads again, are left to it. `from_anywhere` is for a command run
        later from another folder (a timer starts in the home folder): a database file given
        as a relative path is then written as the absolute path it means here.
        """
        options: list[str] = []
        if self.db is not None:
            db = self._given_db()
            if from_anywhere and "://" not in db:
                db = str(Path(db).expanduser().resolve())
            options += ["--db", db]
        if self.account is not None:
            options += ["--as", self.account]
        return options

    def command_line(self, *args: str) -> str:
        """`wellbeing`, the global options given, then `args`, quoted to paste in a shell."""
        import shlex

        return shlex.join(["wellbeing", *self.given_options(), *args])

    def url(self) -> str:
        """--db, else WELLBEING_DB_URL, else the settings file, else the default file."""
        settings = load_settings()  # read even beside --db: a broken file is said at once
        if self.db is not None:
            return self._given_db()
        return settings.database()

    def _given_db(self) -> str:
        """--db as given; empty, it would silently mean the default database."""
        if self.db is None or not self.db.strip():
            input_error("db", _("is empty; give a file path or a database URL"))
        return self.db

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
            input_error("as", _("cannot tell who you are; give --as ACCOUNT"))
        return found

    def read(self, work: Callable[[PersonReads], T]) -> T:
        """A read of the acting person's own data (`history`, `flags`).

        On a current SQLite file it runs through the standard library (`read_quickly`),
        once the settings and the account are plainly valid without pydantic; anything
        else -- another database, an older schema, a value to check in full -- goes
        through the use cases, which read the same queries through SQLAlchemy. A database
        file that does not exist is refused, never created.
        """
        quick = self._quick_target()
        if quick is not None:
            from wellbeing.own_reads import Unavailable, read_quickly

            url, account = quick
            try:
                if self.clock is not None:
                    return read_quickly(url, account, work, self.clock)
                return read_quickly(url, account, work)
            except Unavailable:
                pass
        with self.wellbeing(existing=True) as service:
            return work(service)

    def _quick_target(self) -> tuple[str, str] | None:
        """Database and account when both are plainly valid without pydantic, else None."""
        from wellbeing.startup_settings import read_startup_settings

        quick = read_startup_settings()
        if quick is None:
            return None
        account = self.account_name()
        if not PLAIN_ACCOUNT.fullmatch(account):
            return None
        set_language(detect_language(quick.lang))
        return (self._given_db() if self.db is not None else quick.database()), account

    def database(self, account: str, *, existing: bool = False) -> Database:
        """The database of --db, upgraded to this version's schema, for `account` to act on.

        `existing`: the command only reads or changes what is already stored (history,
        export, team views, re-evaluation...), so a database file that is not there is
        refused on `db` rather than created empty; commands that record create it. On
        PostgreSQL a person's login acts only as that person (`refuse_another_login`).
        """
        from wellbeing.services import open_database, refuse_another_login

        database = open_database(self.url(), create=not existing)
        try:
            refuse_another_login(database, account)
        except BaseException:
            database.dispose()
            raise
        return database

    def service(self, *, existing: bool = False) -> Wellbeing:
        """The acting person's use cases (`existing` as for `database`)."""
        from wellbeing.services import Wellbeing

        account = self.acting()
        database = self.database(account, existing=existing)
        if self.clock is not None:
            return Wellbeing(database, account, self.clock)
        return Wellbeing(database, account)

    @contextmanager
    def wellbeing(self, *, existing: bool = False) -> Iterator[Wellbeing]:
        """The acting person's use cases, with the database closed afterwards."""
        service = self.service(existing=existing)
        try:
            yield service
        finally:
            service.db.dispose()

    @contextmanager
    def organisation(self, *, existing: bool = True) -> Iterator[Organisation]:
        """The admin use cases as the acting person, with the database closed afterwards.

        Only `admin bootstrap` may start a new database: every other admin command needs
        the admin an existing one holds, so by default a missing file is refused.
        """
        from wellbeing.services import Organisation

        account = self.acting()
        database = self.database(account, existing=existing)
        try:
            yield Organisation(database, account)
        finally:
            database.dispose()
