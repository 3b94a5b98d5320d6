"""The PostgreSQL parts of ``onestop db``: ``setup-server`` (the owner and application roles), the owner
for ``upgrade``, and the warning for a server reached without TLS. See desktop.pg_setup."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop import config, pg_setup


def add_arguments(db: argparse.ArgumentParser) -> None:
    group = db.add_argument_group("PostgreSQL server (setup-server, upgrade)")
    group.add_argument("--owner-url", metavar="URL",
                       help="with 'upgrade': connect as the owner role (default: this PC's URL with the owner "
                            f"role; its password is asked for, or taken from {pg_setup.ENV_OWNER_PASSWORD})")
    group.add_argument("--admin-url", metavar="URL",
                       help="with 'setup-server': the server's administrator, e.g. postgresql://postgres@HOST/postgres")
    group.add_argument("--database", default="onestop", help="with 'setup-server': the database (default onestop)")
    group.add_argument("--owner-role", help="with 'setup-server': default DATABASE_owner")
    group.add_argument("--app-role", help="with 'setup-server': the role every PC uses, default DATABASE_app")
    group.add_argument("--print-sql", action="store_true",
                       help="with 'setup-server': print the SQL script for a DBA instead of running it")


def warn_if_plain(url: str | None) -> None:
    if pg_setup.remote_without_tls(url):
        print("warning: this PostgreSQL server is on another computer and the connection is not required to be "
              "encrypted, so passwords and personal data cross the network in clear. Add "
              "?sslmode=verify-full&sslrootcert=/path/to/center-ca.crt to the URL.", file=sys.stderr)


def _password(env: str) -> str | None:
    return os.environ.get(env) or None


def setup_server(args) -> int:
    try:
        plan = pg_setup.RolePlan.for_database(args.database, args.owner_role, args.app_role)
        if args.print_sql:
            owner_pw = pg_setup.check_password(_password(pg_setup.ENV_OWNER_PASSWORD) or pg_setup.new_password(),
                                               plan.owner)
            app_pw = pg_setup.check_password(_password(pg_setup.ENV_APP_PASSWORD) or pg_setup.new_password(),
                                             plan.app)
            print(pg_setup.server_script(plan, pg_setup.scram_verifier(owner_pw), pg_setup.scram_verifier(app_pw)),
                  end="")
            print(f"passwords (the script holds only their SCRAM verifiers; keep these safe):\n"
                  f"  {plan.owner}: {owner_pw}\n  {plan.app}: {app_pw}", file=sys.stderr)
            return 0
        if not args.admin_url:
            print("onestop: setup-server needs --admin-url (the server's administrator) or --print-sql",
                  file=sys.stderr)
            return 2
        result = pg_setup.setup_server(args.admin_url, plan,
                                       owner_password=_password(pg_setup.ENV_OWNER_PASSWORD),
                                       app_password=_password(pg_setup.ENV_APP_PASSWORD))
    except pg_setup.SetupError as exc:
        print(f"onestop: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the server's own refusal (no rights, unreachable): its words, no traceback
        import psycopg
        from sqlalchemy.exc import DBAPIError

        if not isinstance(exc, DBAPIError | psycopg.Error):
            raise
        detail = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"onestop: the server refused the setup: {detail}", file=sys.stderr)
        return 1
    for role in (plan.owner, plan.app):
        state = "created" if role in result.created_roles else "updated"
        what = "owns the schema, runs 'onestop db upgrade'" if role == plan.owner else "every PC's account"
        print(f"role {role} {state} ({what})" + (f", password: {result.passwords[role]}"
                                                   if role in result.passwords else ""))
    print(f"database {plan.database} {'created' if result.created_database else 'kept'}, owned by {plan.owner}; "
          f"{plan.app} may read and write the tables but only add to and read "
          f"{', '.join(pg_setup.APPEND_ONLY_TABLES)}, and may not create, alter or drop anything")
    if result.previous_owner:
        print(f"note: the database belonged to {result.previous_owner} before; once every PC uses {plan.app}, "
              f"take that role's rights away (e.g. ALTER ROLE {result.previous_owner} NOLOGIN)")
    app_url = pg_setup.with_user(args.admin_url, plan.app, result.passwords.get(plan.app, "PASSWORD"),
                                 database=plan.database)
    owner_url = pg_setup.with_user(args.admin_url, plan.owner, None, database=plan.database)
    print("next:\n"
          f"  onestop db upgrade --owner-url {owner_url}   (asks for the password of {plan.owner})\n"
          f"  on every PC: onestop db use {app_url}")
    warn_if_plain(app_url)
    return 0


def restore_url(url: str, args) -> str:
    """The URL ``onestop restore`` replaces the database with: on PostgreSQL set up with an owner role, the
    owner (``--owner-url``, or this URL with the owner role and its password), since a restore replaces the
    audit log too; otherwise ``url`` itself."""
    from sqlalchemy.engine import make_url

    given = getattr(args, "owner_url", None)
    if given:
        parsed = make_url(given)
        return given if parsed.password or not parsed.username else pg_setup.with_user(
            given, parsed.username, _owner_password(parsed.username))
    if not url.startswith("postgresql"):
        return url
    try:
        owner = owner_needed(url, only_if_behind=False)
    except Exception:  # unreachable and the like: the restore reports it in its words
        return url
    if owner is None:
        return url
    print(f"A restore replaces the audit log too: only the database owner role {owner} may.", file=sys.stderr)
    return pg_setup.with_user(url, owner, _owner_password(owner))


def add_restore_arguments(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("--owner-url", metavar="URL",
                         help="PostgreSQL: restore as the owner role (default: this PC's URL with the owner role; "
                              f"its password is asked for, or taken from {pg_setup.ENV_OWNER_PASSWORD})")


def as_owner(args) -> None:
    """Before ``onestop db upgrade`` on PostgreSQL: when the schema needs a migration and this PC's role may
    not run it, switch ``args.db`` to the owner role (``--owner-url``, or this URL with the owner role and
    its password from ONESTOP_OWNER_PASSWORD or a prompt)."""
    from sqlalchemy.engine import make_url

    if getattr(args, "owner_url", None):
        owner_url = make_url(args.owner_url)
        args.db = args.owner_url if owner_url.password or not owner_url.username else pg_setup.with_user(
            args.owner_url, owner_url.username, _owner_password(owner_url.username))
        return
    url = config.resolve_db_url(args.db).url
    if not url.startswith("postgresql"):
        return
    try:
        owner = owner_needed(url)
    except Exception:  # unreachable and the like: the normal path reports it in its words
        return
    if owner is None:
        return
    print(f"The schema must be upgraded by the database owner role {owner}.", file=sys.stderr)
    args.db = pg_setup.with_user(url, owner, _owner_password(owner))


def _owner_password(owner: str | None) -> str:
    return _password(pg_setup.ENV_OWNER_PASSWORD) or getpass.getpass(f"password of {owner}: ")


def owner_needed(url: str, *, only_if_behind: bool = True) -> str | None:
    """For ``onestop db upgrade`` (and ``restore``, ``only_if_behind=False``): the owner role to connect as,
    when the schema needs a migration and the role in ``url`` may not run it; None otherwise (nothing to do,
    or this role may)."""
    from desktop import migrations
    from desktop.db import Database

    db = Database(url)
    try:
        if db.kind != "postgresql" or (only_if_behind and not migrations.needs_upgrade(db)):
            return None
        with db.engine.connect() as conn:
            if pg_setup.may_migrate(conn):
                return None
            return pg_setup.schema_owner(conn)[1]
    finally:
        db.dispose()
