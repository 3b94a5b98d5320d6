"""PostgreSQL least privilege and transport security.

A center's server gets two roles (``onestop db setup-server``, run once by the administrator with the
server's admin credentials, or ``--print-sql`` for a DBA):

- the **owner** role (``<database>_owner``) owns the database, its schema and every table; only it runs
  migrations (``onestop db upgrade`` asks for it). Nobody uses it day to day.
- the **application** role (``<database>_app``), the account every PC uses: it owns nothing, may not
  create, alter or drop anything, has SELECT/INSERT/UPDATE/DELETE on the ordinary tables and their
  sequences, SELECT only on ``alembic_version`` and SELECT/INSERT only on the append-only tables
  (``audit_entry``). So it cannot disable the audit triggers, delete, truncate or drop the log.

Default privileges make the tables later migrations create (as the owner) available to the application
role; after every migration the owner applies the grants again, so a recreated audit table is append-only
for the application role too.

The app itself never migrates as a role that cannot: ``become_owner`` switches a member of the owner role
(a superuser, say) to it, and refuses anyone else with OwnerRequired.

Passwords are sent to the server only as SCRAM-SHA-256 verifiers computed here (like psql's
``\\password``), so neither the printed script nor a server log holds them in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field

APPEND_ONLY_TABLES = ("audit_entry",)  # the application role may only read and add rows
READ_ONLY_TABLES = ("alembic_version", "data_key")  # the application role may only read (the key check
# is made once by its migration: a PC must not be able to swap it for a key of its own)
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
SECURE_SSLMODES = ("require", "verify-ca", "verify-full")
ENV_OWNER_PASSWORD = "ONESTOP_OWNER_PASSWORD"
ENV_APP_PASSWORD = "ONESTOP_APP_PASSWORD"

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_PASSWORD = re.compile(r"[\x21-\x7e]{8,200}")  # printable ASCII: SCRAM needs no SASLprep then


class SetupError(Exception):
    """The server setup cannot go on; the message says why (for the command line)."""


class OwnerRequired(Exception):
    """The schema must be migrated and the connected role is not (a member of) the owner role."""

    def __init__(self, owner: str, user: str):
        super().__init__(f"only the owner role {owner!r} may change the schema (connected as {user!r})")
        self.owner = owner
        self.user = user


def check_name(name: str, what: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise SetupError(f"{what} {name!r} is not a plain lower-case name (a-z, 0-9, _; at most 63)")
    return name


def check_password(password: str, role: str) -> str:
    if not _PASSWORD.fullmatch(password):
        raise SetupError(f"the password for {role} must be 8 to 200 printable ASCII characters without spaces")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(18)


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677); the server accepts it
    in CREATE/ALTER ROLE … PASSWORD and never sees the password itself."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


@dataclass(frozen=True)
class RolePlan:
    database: str
    owner: str
    app: str

    @classmethod
    def for_database(cls, database: str, owner: str | None = None, app: str | None = None) -> RolePlan:
        check_name(database, "the database name")
        plan = cls(database, check_name(owner or f"{database}_owner", "the owner role"),
                   check_name(app or f"{database}_app", "the application role"))
        if plan.owner == plan.app:
            raise SetupError("the owner role and the application role must be different roles")
        return plan


def _q(name: str) -> str:
    return f'"{check_name(name, "name")}"'


# ---------------------------------------------------------------- the SQL

def role_statement(role: str, verifier: str | None, *, exists: bool) -> str:
    password = f" PASSWORD '{verifier}'" if verifier else ""
    assert "'" not in (verifier or "")
    return f"{'ALTER' if exists else 'CREATE'} ROLE {_q(role)} {ROLE_ATTRIBUTES}{password}"


def _restrict_block(owner: str, app: str) -> str:
    """Append-only and read-only tables for the application role, where they exist already (a fresh
    database has none until the first migration; the owner runs this again after each migration)."""
    append_only = ", ".join(f"'{t}'" for t in APPEND_ONLY_TABLES)
    read_only = ", ".join(f"'{t}'" for t in READ_ONLY_TABLES)
    return f"""DO $onestop$
DECLARE t text; s text;
BEGIN
    FOREACH t IN ARRAY ARRAY[{append_only}, {read_only}]::text[] LOOP
        CONTINUE WHEN to_regclass(format('public.%I', t)) IS NULL;
        EXECUTE format('REVOKE ALL ON TABLE public.%I FROM PUBLIC, %I', t, '{app}');
        EXECUTE format('GRANT SELECT ON TABLE public.%I TO %I', t, '{app}');
        IF t = ANY (ARRAY[{append_only}]::text[]) THEN
            EXECUTE format('GRANT INSERT ON TABLE public.%I TO %I', t, '{app}');
        END IF;
        FOR s IN SELECT pg_get_serial_sequence(format('public.%I', t), a.attname)
                 FROM pg_attribute a
                 WHERE a.attrelid = to_regclass(format('public.%I', t)) AND a.attnum > 0 AND NOT a.attisdropped
        LOOP
            CONTINUE WHEN s IS NULL;
            EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM PUBLIC, %I', s, '{app}');
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', s, '{app}');  -- no setval
        END LOOP;
    END LOOP;
END
$onestop$"""


def grant_statements(owner: str, app: str) -> list[str]:
    """The application role's rights inside the database. Idempotent; run by the admin at setup and by the
    owner after every migration."""
    o, a = _q(owner), _q(app)
    return [
        f"GRANT USAGE ON SCHEMA public TO {a}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {a}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {a}",
        _restrict_block(owner, app),
    ]


def _transfer_block(owner: str) -> str:
    """Give the owner role every table, view, sequence and function in ``public`` (a database set up before
    by one role that did everything). Sequences owned by a column and extension members follow their
    table or extension."""
    return f"""DO $onestop$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S')
               AND c.relowner <> '{owner}'::regrole
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                               AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, '{owner}');
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '{owner}'::regrole
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                               AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, '{owner}');
    END LOOP;
END
$onestop$"""


def database_statements(plan: RolePlan) -> list[str]:
    """Run inside the database by the admin, in one transaction."""
    d, o, a = _q(plan.database), _q(plan.owner), _q(plan.app)
    return [
        f"ALTER DATABASE {d} OWNER TO {o}",
        f"REVOKE ALL ON DATABASE {d} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {d} TO {a}",
        f"ALTER SCHEMA public OWNER TO {o}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        _transfer_block(plan.owner),
        *grant_statements(plan.owner, plan.app),
    ]


def create_database_statement(plan: RolePlan) -> str:
    return f"CREATE DATABASE {_q(plan.database)} OWNER {_q(plan.owner)} ENCODING 'UTF8' TEMPLATE template0"


def server_script(plan: RolePlan, owner_verifier: str, app_verifier: str) -> str:
    """The whole setup as a psql script for a DBA (a new database; run as a superuser)."""
    lines = [
        f"-- OneStop: the owner and application roles for the database {plan.database}.",
        "-- Run once as a superuser:  psql -f THIS_FILE postgresql://postgres@SERVER/postgres",
        "-- The passwords are given as SCRAM-SHA-256 verifiers; the administrator holds the passwords.",
        "\\set ON_ERROR_STOP on",
        role_statement(plan.owner, owner_verifier, exists=False) + ";",
        role_statement(plan.app, app_verifier, exists=False) + ";",
        create_database_statement(plan) + ";",
        f"\\connect {plan.database}",
        "BEGIN;",
        *(s + ";" for s in database_statements(plan)),
        "COMMIT;",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- running it

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


# ---------------------------------------------------------------- migrations

_OWNER_QUERY = """
SELECT current_user AS me, coalesce(
    (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'alembic_version'),
    (SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = 'public' AND r.rolname <> 'pg_database_owner' AND NOT r.rolsuper),
    (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())) AS owner
"""


def schema_owner(conn) -> tuple[str, str]:
    """(the connected role, the role that owns OneStop's schema: the owner of alembic_version, else of the
    schema, else of the database)."""
    from sqlalchemy import text

    row = conn.execute(text(_OWNER_QUERY)).one()
    return row.me, row.owner


def may_migrate(conn) -> bool:
    from sqlalchemy import text

    me, owner = schema_owner(conn)
    return me == owner or bool(conn.scalar(text("SELECT pg_has_role(current_user, :o, 'MEMBER')"), {"o": owner}))


def become_owner(conn) -> str:
    """Inside the migration's transaction: act as the schema's owner (SET LOCAL ROLE for a member such as a
    superuser), so every table a migration creates belongs to it. Raises OwnerRequired for anyone else,
    before anything is changed."""
    me, owner = schema_owner(conn)
    if me != owner:
        if not may_migrate(conn):
            raise OwnerRequired(owner, me)
        _execute(conn, f'SET LOCAL ROLE "{owner.replace(chr(34), chr(34) * 2)}"')
    return owner


def refresh_grants(conn) -> list[str]:
    """After a migration, as the owner: the grants again for every application role the owner's default
    privileges name (none for a database run by a single role). Returns those roles."""
    from sqlalchemy import text

    owner = conn.scalar(text("SELECT current_user"))
    apps = conn.scalars(text(
        "SELECT DISTINCT g.grantee::regrole::text FROM pg_default_acl d, aclexplode(d.defaclacl) g "
        "WHERE d.defaclrole = current_user::regrole AND d.defaclnamespace = 'public'::regnamespace "
        "AND d.defaclobjtype = 'r' AND g.grantee <> 0 AND g.grantee <> d.defaclrole")).all()
    done = []
    for app in apps:
        if not _NAME.fullmatch(app) or not _NAME.fullmatch(owner):
            continue  # not a role OneStop's setup made
        for statement in grant_statements(owner, app):
            _execute(conn, statement)
        done.append(app)
    return done


# ---------------------------------------------------------------- TLS

def _first(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else (value[0] if value else None)


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def remote_without_tls(url: str | None) -> bool:
    """Whether ``url`` reaches a PostgreSQL server on another computer without requiring TLS (sslmode
    require, verify-ca or verify-full, in the URL or PGSSLMODE): passwords and personal data would then
    cross the network readable by anyone on it. Sockets and loopback addresses never leave the computer."""
    if not url:
        return False
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    if not parsed.drivername.startswith("postgresql"):
        return False
    hosts = parsed.host or _first(parsed.query.get("host")) or os.environ.get("PGHOST") or ""
    remote = [h for h in hosts.split(",") if h and not h.startswith("/") and not h.startswith("@")
              and not _loopback(h)]
    if not remote:
        return False
    sslmode = _first(parsed.query.get("sslmode")) or os.environ.get("PGSSLMODE") or "prefer"
    return sslmode not in SECURE_SSLMODES
