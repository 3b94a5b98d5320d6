"""Engine factory, SQLite pragmas, and the unit of work every service runs in."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop import fileperms, validation
from desktop.clock import Clock
from desktop.facts import DatabaseUnavailable, ReadOnlyDatabase, ServiceError, StorageFull

log = logging.getLogger(__name__)
T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_S = 30
# Opening a connection to PostgreSQL is retried this often (with these pauses, seconds) before a unit of
# work gives up: nothing was sent yet, so trying again is always safe. Bridges a server restart.
CONNECT_RETRY_DELAYS = (0.2, 0.5, 1.0)

# SQLite primary result codes (the low byte of the extended code)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 5, 6, 8, 10, 13, 14
# PostgreSQL SQLSTATEs and classes
PG_DISK_FULL, PG_READ_ONLY_TRANSACTION = "53100", "25006"
PG_LOST_CLASSES = ("08",)  # connection exception
PG_LOST_STATES = ("57P01", "57P02", "57P03", "53300")  # admin/crash shutdown, cannot connect now, too many


def _sqlite_code(orig) -> int | None:
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def storage_error(exc: BaseException, url: str, *, may_have_applied: bool) -> ServiceError | None:
    """The typed failure for a driver error about the database itself (gone, full, read-only), or None
    for anything else (constraint violations and the like stay with the service that caused them).

    ``may_have_applied`` is only kept for a lost connection: a full disk or a read-only database refuses
    the write, so nothing of the action is stored.
    """
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    detail = str(orig or exc).strip().splitlines()[0] if str(orig or exc).strip() else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    code = _sqlite_code(orig)
    if sqlstate == PG_DISK_FULL or code == SQLITE_FULL:
        return StorageFull(url=url, detail=detail)
    if sqlstate == PG_READ_ONLY_TRANSACTION or code == SQLITE_READONLY:
        return ReadOnlyDatabase(url=url, detail=detail)
    lost = (exc.connection_invalidated
            or (sqlstate is not None and (sqlstate[:2] in PG_LOST_CLASSES or sqlstate in PG_LOST_STATES))
            or code in (SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_BUSY, SQLITE_LOCKED)
            # psycopg raises OperationalError without a SQLSTATE when the socket itself failed
            or (sqlstate is None and code is None and type(orig).__name__ in ("OperationalError", "InterfaceError")))
    if lost:
        return DatabaseUnavailable(url=url, detail=detail, may_have_applied=may_have_applied)
    return None


def retry_safe(action: Callable[[], T], *, delays: tuple[float, ...] = CONNECT_RETRY_DELAYS) -> T:
    """Run ``action`` (one whole unit of work); when the database was unreachable and the action surely
    did not apply (``may_have_applied`` False), try again after each pause of ``delays``. An action whose
    commit outcome is unknown is never repeated: its DatabaseUnavailable goes to the caller, who reads the
    state back."""
    for pause in (*delays, None):
        try:
            return action()
        except DatabaseUnavailable as exc:
            if exc.may_have_applied or pause is None:
                raise
            log.info("database unavailable (%s); trying again in %.1f s", exc.facts.get("detail"), pause)
            time.sleep(pause)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Actor:
    """Who performs a unit of work: the signed-in user, or a named system process."""

    user_id: int | None
    username: str
    role: str
    window_no: int | None = None
    department_id: int | None = None
    full_name: str = ""

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(user_id=None, username=name, role="system", full_name=name)


class Database:
    """One engine per process. ``kind`` is "sqlite" or "postgresql"."""

    def __init__(self, url: str, *, echo: bool = False,
                 connect_retry_delays: tuple[float, ...] = CONNECT_RETRY_DELAYS):
        self.url = make_url(url)
        self.connect_retry_delays = connect_retry_delays
        self.kind = self.url.get_backend_name()
        if self.kind == "sqlite":
            if self.sqlite_path:  # personal data: 0600 from the start (its -wal and -shm files follow it)
                fileperms.private_sqlite(self.sqlite_path)
            self.engine = _sqlite_engine(url, echo)
        elif self.kind == "postgresql":
            if self.url.drivername == "postgresql":
                self.url = self.url.set(drivername="postgresql+psycopg")
            # pool_pre_ping: a pooled connection that died with a server restart is noticed at checkout and
            # replaced before anything is sent; a disconnect mid-transaction invalidates the whole pool.
            self.engine = create_engine(self.url, echo=echo, pool_pre_ping=True, pool_size=5,
                                        connect_args={"connect_timeout": 5, "application_name": "onestop"})
        else:
            raise ValueError(f"unsupported database: {self.kind}")
        from desktop import crypto  # personal data: the key is loaded on first use when not loaded at open

        crypto.set_loader(self.engine)
        # Readers on SQLite begin a plain deferred transaction so they never queue behind writers.
        self.read_engine = self.engine.execution_options(onestop_read_only=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        # one validation layer: lengths, NUL, lone surrogates, types and years checked before any SQL
        event.listen(self._sessions, "before_flush", validation.before_flush)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        for sessions in (self._sessions, self._read_sessions):
            event.listen(sessions, "do_orm_execute", validation.before_query)

    def session(self, *, read_only: bool = False) -> Session:
        return (self._read_sessions if read_only else self._sessions)()

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> str | None:
        return self.url.database if self.kind == "sqlite" and self.url.database not in (None, "", ":memory:") else None

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: str, echo: bool) -> Engine:
    engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE is really issued.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA synchronous=FULL")  # legal records: a power cut must not lose a commit
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A writer takes the write lock up front: two windows calling at once queue instead of
        # failing with "database is locked" when a read lock would have to be upgraded.
        read_only = conn.get_execution_options().get("onestop_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


class UnitOfWork:
    """One transaction per user action.

    ``with uow: ...; uow.commit()`` — leaving the block without commit rolls back. The session carries
    the actor and the clock so the audit log can record who and when in the same transaction.

    Failures of the database itself leave the block as typed errors: DatabaseUnavailable (the server or
    file is unreachable or the connection broke; ``may_have_applied`` is True only when it broke while the
    COMMIT was under way or after it), StorageFull and ReadOnlyDatabase (nothing was stored). On
    PostgreSQL, opening the connection is retried briefly, since nothing has been sent at that point.
    """

    def __init__(self, db: Database, *, actor: Actor | None = None, clock: Clock | None = None,
                 read_only: bool = False):
        self.db = db
        self.actor = actor or Actor.system()
        self.clock = clock or Clock()
        self.read_only = read_only
        self.session: Session | None = None
        self._commit_sent = False

    @property
    def kind(self) -> str:
        return self.db.kind

    def __enter__(self) -> UnitOfWork:
        if self.session is not None:
            raise RuntimeError("unit of work is already open")
        self._commit_sent = False
        self.session = self.db.session(read_only=self.read_only)
        self.session.info.update(actor=self.actor, clock=self.clock, action=None)
        if self.db.kind == "postgresql":
            self._connect()
        return self

    def _connect(self) -> None:
        """Check out a connection now (the pool pings it first), retrying while the server is away."""
        for pause in (*self.db.connect_retry_delays, None):
            try:
                self.session.connection()
                return
            except DBAPIError as exc:
                typed = storage_error(exc, self.db.display_url, may_have_applied=False)
                self._close_quietly()
                if not isinstance(typed, DatabaseUnavailable) or pause is None:
                    self.session = None
                    if typed is not None:
                        raise typed from exc
                    raise
                time.sleep(pause)
                self.session = self.db.session(read_only=self.read_only)
                self.session.info.update(actor=self.actor, clock=self.clock, action=None)

    def _close_quietly(self) -> None:
        try:
            self.session.rollback()
        except DBAPIError:
            pass  # the connection is gone; the server has already rolled the transaction back
        finally:
            try:
                self.session.close()
            except DBAPIError:
                pass

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        except DBAPIError:
            if exc is None:
                raise
            log.warning("rollback after a failure failed too", exc_info=True)
        finally:
            try:
                self.session.close()
            except DBAPIError:
                log.warning("closing the session failed", exc_info=True)
            self.session = None
        if exc is not None:
            typed = storage_error(exc, self.db.display_url, may_have_applied=self._commit_sent)
            if typed is not None:
                raise typed from exc

    def commit(self) -> None:
        # Flush everything first: a failure up to here surely stored nothing. Only the COMMIT itself has
        # an outcome a broken connection can hide (``may_have_applied``).
        session = self.session
        for _ in range(100):
            if not (session.new or session.dirty or session.deleted):
                break
            session.flush()
        self._commit_sent = True
        session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def now(self) -> dt.datetime:
        return self.clock.now()

    @property
    def action(self) -> str | None:
        return self.session.info.get("action")

    @action.setter
    def action(self, label: str) -> None:
        """Label the audit entries of this transaction (e.g. "user.add")."""
        self.session.info["action"] = label
