"""Command line. No argument starts the GUI; sub-commands do administrative work without it."""

from __future__ import annotations

import argparse
import getpass
import sys

from desktop import __version__, config
from desktop.applog import setup_logging


def _parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL (default: ONESTOP_DB_URL, then the saved setting, then the local file)")
    p = argparse.ArgumentParser(prog="onestop", description="OneStop 一站式综合服务中心工作台", parents=[common])
    p.add_argument("--version", action="version", version=f"OneStop {__version__}")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    def with_db(**kw):
        return argparse.ArgumentParser(parents=[common], **kw)

    sub = p.add_subparsers(dest="command", parser_class=with_db)
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade", "check", "current", "use"])
    db.add_argument("url", nargs="?", help="with 'use': the URL to save for this PC ('local' for the file)")
    user = sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True, parser_class=with_db)
    add = user_sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--role", required=True, choices=["admin", "director", "supervisor", "clerk", "mediator"])
    add.add_argument("--window", type=int, help="window number (clerks)")
    add.add_argument("--password", help="password (asked for when omitted)")
    demo = sub.add_parser("demo", help="create a demo database with realistic sample data")
    demo.add_argument("--force", action="store_true", help="replace an existing demo database")
    return p


def _open(args, *, upgrade=True):
    from desktop.services.context import open_database
    from desktop.services.errors import ServiceError

    choice = config.resolve_db_url(args.db)
    try:
        return open_database(choice.url, upgrade=upgrade)
    except ServiceError as exc:
        print(f"onestop: cannot open {choice.url} ({choice.origin}): {exc}", file=sys.stderr)
        print("Fix the URL with --db, ONESTOP_DB_URL, or 'onestop db use URL'.", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_db(args) -> int:
    from desktop import migrations

    if args.action == "use":
        url = None if args.url in (None, "local") else args.url
        config.save_db_url(url)
        print(f"database for this PC: {url or config.default_sqlite_url()}")
        return 0
    if args.action == "check":
        diffs = migrations.drift()
        if diffs:
            print("models and migrations differ:")
            for d in diffs:
                print("  ", d)
            return 1
        print(f"models and migrations agree (head {migrations.head_revision()})")
        return 0
    ctx = _open(args, upgrade=args.action == "upgrade")
    try:
        print(f"{ctx.db_display}: revision {migrations.current_revision(ctx.db)} "
              f"(this OneStop: {migrations.head_revision()})")
    finally:
        ctx.close()
    return 0


def cmd_user(args) -> int:
    from desktop.services import accounts
    from desktop.services.errors import ServiceError

    password = args.password or getpass.getpass("password: ")
    ctx = _open(args)
    try:
        info = accounts.add_user(ctx.uow(), username=args.username, full_name=args.name, role=args.role,
                                 password=password, window_no=args.window)
    except ServiceError as exc:
        print(f"onestop: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    print(f"added user {info.username} ({info.role})")
    return 0


def cmd_demo(args) -> int:
    from desktop.services.demo import create_demo

    url = config.resolve_db_url(args.db).url
    report = create_demo(url, force=args.force)
    print(report)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    setup_logging()
    handlers = {"db": cmd_db, "user": cmd_user, "demo": cmd_demo}
    if args.command in handlers:
        return handlers[args.command](args)
    from desktop.ui.app import run_gui

    return run_gui(args.db, args.lang)


if __name__ == "__main__":
    sys.exit(main())
