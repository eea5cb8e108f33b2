"""Engines, sessions and transactions: SQLite pragmas, owner-only files, retries when busy."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from wellbeing.domain.errors import InputError
from wellbeing.i18n import _
from wellbeing.store.errors import StoreError as StoreError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 8


def resolve_url(path_or_url: str | os.PathLike[str]) -> str:
    """A bare path means an SQLite file; anything with a scheme is a SQLAlchemy URL.

    The path is escaped into the URL, so that a file name with '?', '#' or '%' names that
    very file and not another one. A value that is neither is an InputError on `db`.
    """
    text = os.fspath(path_or_url)
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            # The text is not repeated: it may hold a password.
            raise InputError(
                "db", _("is neither a file path nor a database URL such as postgresql://HOST/NAME")
            ) from None
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() == "postgresql" and not url.database and not os.environ.get(
            "PGDATABASE"
        ):
            # libpq would take the database named as the login, often not the organisation's.
            raise InputError(
                "db", _("the URL names no database; give one, as in postgresql://HOST/NAME")
            )
        return url.render_as_string(hide_password=False)
    if "\x00" in text or not _encodable(text):
        raise InputError(
            "db", _("{path!r} is not a usable file name (it is not valid text)").format(path=text)
        )
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite touches it.

    SQLite gives its -wal and -shm files the mode of the database file, so they stay private
    too. Modes are set explicitly because a permissive umask would otherwise widen them.
    """
    if path.exists():
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        path.parent.chmod(0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    """A connect listener: these pragmas (WAL aside) hold per connection, so every pooled
    connection must get them, not just the first."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN, so writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    return on_connect


def _on_sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("wellbeing_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class MissingDatabase(InputError):
    """A command that creates no database was given an SQLite file that is not there."""


def _check_sqlite_path(path: Path, *, create: bool) -> None:
    """Refuse what SQLite would hang on or misreport, and create a missing file privately."""
    if path.is_dir():
        raise StoreError(
            _("database: {path} is a folder; give the path of a database file").format(path=path)
        )
    if path.exists() and not path.is_file():
        # A FIFO or a device would block or swallow every write.
        raise StoreError(
            _("database: {path} is not a regular file; give the path of a database file").format(
                path=path
            )
        )
    if create:
        try:
            _prepare_sqlite_file(path)
        except OSError as exc:
            raise StoreError(
                _("database: cannot create {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
    elif not path.exists():
        # A command that only reads what is stored must not leave an empty database (and
        # its folders) behind a mistyped path.
        raise MissingDatabase(
            "db",
            _(
                "{path} does not exist, and this command creates no database; give an "
                "existing one with --db, or record a check-in first"
            ).format(path=path),
        )
    elif _holds_nothing(path):
        # SQLite would take an empty file for an empty database and write the schema into
        # it; a command that only reads leaves it as it found it, as if it were not there.
        raise MissingDatabase(
            "db",
            _(
                "{path} is empty, and this command creates no database; give an existing "
                "one with --db, or record a check-in first"
            ).format(path=path),
        )


def _holds_nothing(path: Path) -> bool:
    """A file of zero bytes with no write-ahead log holding pages for it."""
    log = Path(f"{path}-wal")
    return path.stat().st_size == 0 and (not log.exists() or log.stat().st_size == 0)


def writable(path: Path) -> bool:
    """Whether SQLite can write to the file: it needs the file and, for its -wal and -shm
    files, the folder."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only(path: Path) -> bool:
    """An existing file that this process may read but not change, with no log to replay.

    SQLite would otherwise create its -wal and -shm files beside it (when the folder
    allows), with the file's read-only mode, and those would keep refusing writes after the
    person makes the file writable again; in a read-only folder it could not open the file
    at all. Opened as immutable, it creates nothing, reads work and writes are refused.
    """
    if not path.exists() or writable(path):
        return False
    log = Path(f"{path}-wal")
    return os.access(path, os.R_OK) and (not log.exists() or not log.stat().st_size)


def _open_immutable(path: Path) -> Callable[..., None]:
    """A do_connect listener that opens `path` read-only, as immutable, through a URI."""
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"

    def on_do_connect(
        _dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> None:
        cargs[:] = [uri]
        cparams["uri"] = True

    return on_do_connect


def make_engine(
    path_or_url: str | os.PathLike[str],
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Engine:
    """Build an engine for a path or URL. Nothing is created at import time.

    `create=False` refuses an SQLite file that does not exist (InputError on `db`)
    instead of creating it. `busy_timeout_ms` is how long SQLite itself waits for another
    writer before `Database.write` backs off and retries. A file this process may not write
    is opened read-only (see `_read_only`); a write then fails as StoreError saying so.
    """
    url = resolve_url(path_or_url)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_path(path, create=create)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        if _read_only(path):
            event.listen(engine, "do_connect", _open_immutable(path))
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if make_url(url).get_backend_name() == "sqlite":
        raise InputError(
            "db", _("an in-memory database forgets everything at once; give a file path")
        )
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:  # ImportError: no driver
        raise InputError(
            "db",
            _(
                "{scheme!r} is not a database this app can use; give a file path or a "
                "postgresql:// URL"
            ).format(scheme=make_url(url).drivername),
        ) from exc


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text


# SQLite's primary result codes (https://www.sqlite.org/rescode.html) a person can act on.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
# PostgreSQL SQLSTATE classes: 53 insufficient resources (53100 disk full), 08 connection.
PG_DISK_FULL, PG_RESOURCES, PG_CONNECTION, PG_READ_ONLY = "53100", "53", "08", "25006"
PG_NO_PRIVILEGE = "42501"  # insufficient_privilege: the login may not touch those rows
# Less free space than this beside an SQLite file counts as a full disk: a write needs at
# least the 32 KiB shared-memory file and a few pages of log.
NEARLY_FULL_BYTES = 256 * 1024


def location(engine: Engine) -> str:
    """Where the data is, to name it in a message: the file, or the URL without password."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def _driver_reason(exc: DBAPIError) -> str:
    """The driver's own first line, without SQLAlchemy's statement dump."""
    lines = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _disk_full(path: Path | None) -> bool:
    """Whether the disk holding `path` has (next to) no room left for its user."""
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def database_problem(exc: DBAPIError, engine: Engine) -> StoreError | None:
    """The failure in words a person can act on, or None when it is not the environment's
    doing (a constraint, a programming error), which must stay visible as it is.

    On a full disk SQLite often cannot even grow its shared-memory file, which it reports
    as an I/O error; the free space tells that case apart from a failing disk.
    """
    where = location(engine)
    reason = _driver_reason(exc)
    code = getattr(exc.orig, "sqlite_errorcode", None)
    state = getattr(exc.orig, "sqlstate", None) or ""
    primary = code & 0xFF if isinstance(code, int) else None
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if primary == SQLITE_IOERR and _disk_full(path):
        primary = SQLITE_FULL
    if primary == SQLITE_FULL or state == PG_DISK_FULL:
        message = _(
            "database: the disk is full, so {where} could not be written; nothing was saved; "
            "free some space and try again"
        )
    elif primary == SQLITE_READONLY or state == PG_READ_ONLY:
        message = _(
            "database: cannot write to {where}: it is read-only (check the permissions of the "
            "file and its folder); nothing was saved"
        )
    elif primary in (SQLITE_BUSY, SQLITE_LOCKED):
        message = _(
            "database: {where} stayed busy with another program's changes; nothing was "
            "saved; try again in a moment"
        )
    elif primary == SQLITE_NOTADB:
        message = _("database: cannot open {where}: it is not a database file ({reason})")
    elif primary == SQLITE_CORRUPT:
        message = _(
            "database: cannot open {where}: the file is damaged ({reason}); restore it from a "
            "backup"
        )
    elif primary == SQLITE_CANTOPEN:
        message = _(
            "database: cannot open {where} ({reason}); check that it and its folder exist and "
            "that you may use them"
        )
    elif primary == SQLITE_IOERR:
        message = _("database: reading or writing {where} failed ({reason}); check the disk")
    elif state == PG_NO_PRIVILEGE:
        message = _(
            "database: your login may not do this on {where} ({reason}); nothing was saved. "
            "On PostgreSQL, work on everyone's rows (db purge for everyone, db reevaluate, "
            "org trends) runs as the owner's login"
        )
    elif state.startswith(PG_RESOURCES):
        message = _("database: the server at {where} is out of resources ({reason})")
    elif state.startswith(PG_CONNECTION):
        message = _("database: cannot reach {where}: {reason}")
    else:
        return None
    return StoreError(message.format(where=where, reason=reason))


class Database:
    """One database: a session factory for reads and a retrying transaction for writes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(wellbeing_write=True)
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with self._read_sessions() as session, session.begin():
                yield session
        except DBAPIError as exc:
            self._explain(exc)
            raise

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction; retry with backoff while the database is busy.

        A full disk, a read-only file or a damaged one ends as a StoreError that says so;
        the transaction was rolled back, so nothing of `work` was kept.
        """
        delay = 0.02
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._write_sessions() as session, session.begin():
                    return work(session)
            except OperationalError as exc:
                if not _is_busy(exc) or attempt == WRITE_ATTEMPTS:
                    self._explain(exc)
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)
            except DBAPIError as exc:
                self._explain(exc)
                raise
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()

    def _explain(self, exc: DBAPIError) -> None:
        """Raise the StoreError for a failure of the environment; return for anything else,
        which the caller raises as it is."""
        problem = database_problem(exc, self.engine)
        if problem is not None:
            raise problem from exc
