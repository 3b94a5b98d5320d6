"""Sign-in on the command line.

Commands that change accounts, the calendar or data, restore a backup, import, export or write personal data
run as a OneStop user with that user's role, exactly as in the app: ``--user NAME`` (or ``ONESTOP_USER``),
and the password from a prompt (or ``ONESTOP_PASSWORD`` for scheduled tasks). The same password check as the
app's sign-in runs, so wrong passwords count toward the lockout, and the audit log names the user. Without a
user, with a wrong password, a locked or disabled account, or a role without the permission, the command
exits with EXIT_SIGN_IN before it changes anything.

Read-only checks (``--version``, ``--selftest``, ``db check``, ``db current``), ``onestop demo`` (it makes a
database of its own) and the first run need no sign-in: ``user add --role admin`` on a database without any
account creates the first administrator (as the app's first-run setup does), atomically, so only one can.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from desktop.services.errors import AccountDisabled, AccountLocked, ServiceError, WrongPassword
from desktop.services.permissions import Permission, can

log = logging.getLogger(__name__)

ENV_USER = "ONESTOP_USER"
ENV_PASSWORD = "ONESTOP_PASSWORD"
EXIT_SIGN_IN = 4  # no user, wrong password, locked, disabled, or the role may not do it


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--user NAME``, accepted before or after the sub-command like ``--db``."""
    parser.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help=f"sign in as this OneStop user (default: {ENV_USER}); the password is asked for, "
                             f"or read from {ENV_PASSWORD}")


def _refuse(message: str) -> SystemExit:
    print(f"onestop: {message}", file=sys.stderr)
    return SystemExit(EXIT_SIGN_IN)


def credentials(args, what: str) -> tuple[str, str]:
    """(user name, password) from --user / ONESTOP_USER and ONESTOP_PASSWORD or a prompt; exits when
    there is no user name or no password."""
    username = (getattr(args, "user", None) or os.environ.get(ENV_USER) or "").strip()
    if not username:
        raise _refuse(f"'onestop {what}' needs a signed-in user: give --user NAME (or set {ENV_USER}); the "
                      f"password is asked for (scripts: set {ENV_PASSWORD}). Nothing was changed.")
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        try:
            password = getpass.getpass(f"password for {username}: ")
        except (EOFError, KeyboardInterrupt):
            password = ""
        if not password:
            raise _refuse("no password given. Nothing was changed.")
    return username, password


def sign_in(ctx, args, permission: Permission, what: str):
    """``ctx`` signed in as the command line's user, who must hold ``permission``; exits with EXIT_SIGN_IN
    (after saying why) otherwise. The caller closes ``ctx`` either way."""
    from desktop.services.admin import accounts

    username, password = credentials(args, what)
    try:
        actor = accounts.authenticate(ctx.uow(), username=username, password=password)
    except WrongPassword as exc:
        left = f" ({exc.remaining} more wrong passwords lock the account)" if exc.remaining else ""
        raise _refuse(f"wrong user name or password{left}. Nothing was changed.") from None
    except AccountLocked as exc:
        until = exc.facts.get("until")
        when = f" until {until:%Y-%m-%d %H:%M}" if until else ""
        raise _refuse(f"the account {username} is locked{when} after too many wrong passwords; an "
                      "administrator can unlock it. Nothing was changed.") from None
    except AccountDisabled:
        raise _refuse(f"the account {username} is disabled. Nothing was changed.") from None
    if not can(actor.role, permission):
        raise _refuse(f"{actor.username} ({actor.role}) may not run 'onestop {what}'. Nothing was changed.")
    log.info("command line: %s signed in as %s (%s) for %r", getpass.getuser(), actor.username, actor.role, what)
    return ctx.as_user(actor)


def first_admin_allowed(ctx, args) -> bool:
    """Whether ``user add`` may run without sign-in: the database has no account at all yet and the new
    user is an administrator (the first-run path; ``accounts.add_first_admin`` checks again atomically)."""
    from desktop.services.admin import accounts

    return args.role == "admin" and accounts.count_users(ctx.uow()) == 0


def record(ctx, *, action: str, entity: str, entity_id: str = "", detail: dict | None = None) -> None:
    """An audit entry for a command that is not a row change (a backup, a restore), in the signed-in
    user's name."""
    from desktop.services.audit import record_event

    with ctx.uow() as uow:
        record_event(uow, action=action, entity=entity, entity_id=entity_id, detail=detail)
        uow.commit()


def record_restore(url: str, actor, *, detail: dict) -> None:
    """After a restore: an audit entry in the restored database naming who restored it (as the system when
    the replaced database had no account). A restored schema older than this OneStop's gets none (it is
    upgraded at the next start); the app log has the restore either way."""
    from desktop import migrations
    from desktop.db import Actor
    from desktop.services.context import open_database

    who = actor or Actor.system()
    log.info("command line: %s restored %s", who.username, detail)
    try:
        ctx = open_database(url, upgrade=False)
    except ServiceError as exc:
        print(f"onestop: warning: the restore could not be written to the audit log: {exc}", file=sys.stderr)
        return
    try:
        if migrations.needs_upgrade(ctx.db):
            return
        record(ctx.as_user(who), action="database.restore", entity="database", entity_id=ctx.db_kind,
               detail=detail)
    except Exception as exc:  # the restore itself is done; say so rather than hide it behind a traceback
        print(f"onestop: warning: the restore could not be written to the audit log: {exc}", file=sys.stderr)
    finally:
        ctx.close()


def authorize_restore(url: str, args, backup_file: str):
    """The user restoring a backup over the database at ``url``: an administrator of that database signs
    in. Returns the Actor, or None when there is no account to protect (a new, empty database, or a SQLite
    file that does not exist yet). When the database cannot be read at all (a damaged SQLite file, which
    the user could replace by hand anyway), an administrator of the SQLite backup signs in instead, on a
    temporary copy of it."""
    from desktop.services.admin import accounts
    from desktop.services.context import open_database

    what = "restore"
    path = _sqlite_file(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return None  # no database here yet
    try:
        ctx = open_database(url, upgrade=False)
    except ServiceError as exc:
        ctx = None
        unreadable = exc
    if ctx is not None:
        try:
            try:
                users = accounts.count_users(ctx.uow())
            except Exception as exc:  # no accounts table (an empty database), or a damaged file
                users, unreadable = (0 if _no_accounts_table(ctx) else None), exc
            if users == 0:
                return None
            if users is not None:
                return sign_in(ctx, args, Permission.CONFIGURE_CENTER, what).actor
        finally:
            ctx.close()
    if not url.startswith("sqlite"):
        raise _refuse(f"cannot sign in: the database cannot be read ({unreadable}). Nothing was changed.")
    print(f"onestop: the database cannot be read ({unreadable}); sign in as an administrator of the backup",
          file=sys.stderr)
    return _sign_in_to_backup(args, backup_file, what)


def _sqlite_file(url: str):
    from pathlib import Path

    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _no_accounts_table(ctx) -> bool:
    from sqlalchemy import inspect

    from desktop.models import User

    try:
        return not inspect(ctx.db.engine).has_table(User.__tablename__)
    except Exception:  # the file is damaged: that is not "empty"
        return False


def _sign_in_to_backup(args, backup_file: str, what: str):
    import shutil
    import tempfile
    from pathlib import Path

    from desktop import fileperms
    from desktop.services.context import open_database

    with tempfile.TemporaryDirectory(prefix="onestop-restore-") as tmp:
        copy = Path(tmp) / "backup.db"
        fileperms.create_private(copy)
        with open(backup_file, "rb") as src, open(copy, "wb") as dst:
            shutil.copyfileobj(src, dst)
        try:
            ctx = open_database(f"sqlite:///{copy}", upgrade=False)
        except ServiceError as exc:
            raise _refuse(f"cannot sign in: the backup cannot be read either ({exc}). Nothing was changed.") \
                from None
        try:
            return sign_in(ctx, args, Permission.CONFIGURE_CENTER, what).actor
        finally:
            ctx.close()
