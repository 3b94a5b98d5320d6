"""The SQL of the setup: the roles, the application role's grants (run again by the owner after every
migration), handing the database to the owner, and the whole setup as a psql script for a DBA."""

from __future__ import annotations

from desktop.pg_setup.roles import (
    APPEND_ONLY_TABLES,
    READ_ONLY_TABLES,
    ROLE_ATTRIBUTES,
    SEQUENCE_PRIVILEGES,
    TABLE_PRIVILEGES,
    RolePlan,
    _q,
)


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
