"""Migrations run as the schema's owner: who owns it, whether the connected role may act as it, switching
to it, and the application role's grants again afterwards."""

from __future__ import annotations

from desktop.pg_setup.roles import _NAME, OwnerRequired
from desktop.pg_setup.server import _execute
from desktop.pg_setup.sql import grant_statements

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
