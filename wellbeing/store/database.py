"""Engines, sessions and transactions: SQLite pragmas, owner-only files, retries when busy."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 8


class StoreError(RuntimeError):
    """A problem with the database that a person can act on; the message says what to do."""


def resolve_url(path_or_url: str | os.PathLike[str]) -> str:
    """A bare path means an SQLite file; anything with a scheme is a SQLAlchemy URL."""
    text = os.fspath(path_or_url)
    if "://" in text:
        url = make_url(text)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


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


def make_engine(
    path_or_url: str | os.PathLike[str],
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Engine:
    """Build an engine for a path or URL. Nothing is created at import time.

    `busy_timeout_ms` is how long SQLite itself waits for another writer before
    `Database.write` backs off and retries.
    """
    url = resolve_url(path_or_url)
    path = sqlite_path(url)
    if path is not None:
        if create:
            _prepare_sqlite_file(path)
        elif not path.exists():
            raise StoreError(f"database: {path} does not exist")
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text


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
        with self._read_sessions() as session, session.begin():
            yield session

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction; retry with backoff while the database is busy."""
        delay = 0.02
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._write_sessions() as session, session.begin():
                    return work(session)
            except OperationalError as exc:
                if not _is_busy(exc) or attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
