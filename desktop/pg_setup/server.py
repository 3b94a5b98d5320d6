"""Running the setup on a server with its administrator's credentials (``onestop db setup-server``), and
the URL for another role."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.pg_setup.roles import RolePlan, SetupError, _q, check_password, new_password, scram_verifier
from desktop.pg_setup.sql import create_database_statement, database_statements, role_statement


@dataclass(frozen=True)
class SetupResult:
    plan: RolePlan
    passwords: dict = field(default_factory=dict)  # role -> password, for roles created or given a password
    created_roles: tuple = ()
    created_database: bool = False
    previous_owner: str | None = None  # the database's owner before (a set-up by one role), if another


def _execute(conn, sql: str) -> None:
    """One statement through the driver itself: DO blocks hold format() placeholders (%I, %s) that a
    parameter-parsing execute would take for its own."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _psycopg(url):
    from sqlalchemy.engine import make_url

    url = make_url(url) if isinstance(url, str) else url
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def setup_server(admin_url: str, plan: RolePlan, *, owner_password: str | None = None,
                 app_password: str | None = None) -> SetupResult:
    """Create (or bring into line) both roles and the database, then the privileges inside it. A role that
    exists keeps its password unless one is given; a new role gets the given or a generated one."""
    from sqlalchemy import create_engine, text

    url = _psycopg(admin_url)
    passwords: dict[str, str] = {}
    created: list[str] = []
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as c:
            me = c.execute(text("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                                "WHERE rolname = current_user")).one()
            if me.rolname in (plan.owner, plan.app):
                raise SetupError(f"connect as the server's administrator, not as {me.rolname}")
            if not (me.rolsuper or me.rolcreaterole):
                raise SetupError(f"{me.rolname} may not create roles: connect as the server's administrator "
                                 "(e.g. postgres)")
            for role, given in ((plan.owner, owner_password), (plan.app, app_password)):
                exists = c.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": role}) > 0
                if not exists and given is None:
                    given = new_password()
                if given is not None:
                    passwords[role] = check_password(given, role)
                verifier = scram_verifier(given) if given is not None else None
                _execute(c, role_statement(role, verifier, exists=exists))
                if not exists:
                    created.append(role)
            if c.scalar(text("SELECT pg_has_role(:a, :o, 'MEMBER')"), {"a": plan.app, "o": plan.owner}):
                _execute(c, f"REVOKE {_q(plan.owner)} FROM {_q(plan.app)}")
            previous = c.scalar(text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :d"),
                                {"d": plan.database})
            if previous is None:
                _execute(c, create_database_statement(plan))
    finally:
        engine.dispose()
    engine = create_engine(url.set(database=plan.database))
    try:
        with engine.begin() as c:
            for statement in database_statements(plan):
                _execute(c, statement)
    finally:
        engine.dispose()
    return SetupResult(plan, passwords, tuple(created), previous is None,
                       previous if previous not in (None, plan.owner) else None)


def with_user(url: str, username: str, password: str | None, *, database: str | None = None) -> str:
    """``url`` for another role (same server and TLS parameters; the same database unless one is given)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(username=username, password=password)
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)
