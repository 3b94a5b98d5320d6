"""Engine factory, SQLite pragmas, and the unit of work every service runs in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop.clock import Clock

SQLITE_BUSY_TIMEOUT_S = 30


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

    def __init__(self, url: str, *, echo: bool = False):
        self.url = make_url(url)
        self.kind = self.url.get_backend_name()
        if self.kind == "sqlite":
            self.engine = _sqlite_engine(url, echo)
        elif self.kind == "postgresql":
            if self.url.drivername == "postgresql":
                self.url = self.url.set(drivername="postgresql+psycopg")
            self.engine = create_engine(self.url, echo=echo, pool_pre_ping=True, pool_size=5,
                                        connect_args={"connect_timeout": 5, "application_name": "onestop"})
        else:
            raise ValueError(f"unsupported database: {self.kind}")
        # Readers on SQLite begin a plain deferred transaction so they never queue behind writers.
        self.read_engine = self.engine.execution_options(onestop_read_only=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

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
    """

    def __init__(self, db: Database, *, actor: Actor | None = None, clock: Clock | None = None,
                 read_only: bool = False):
        self.db = db
        self.actor = actor or Actor.system()
        self.clock = clock or Clock()
        self.read_only = read_only
        self.session: Session | None = None

    @property
    def kind(self) -> str:
        return self.db.kind

    def __enter__(self) -> UnitOfWork:
        if self.session is not None:
            raise RuntimeError("unit of work is already open")
        self.session = self.db.session(read_only=self.read_only)
        self.session.info.update(actor=self.actor, clock=self.clock, action=None)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self.session = None

    def commit(self) -> None:
        self.session.commit()

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
