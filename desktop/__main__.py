"""Command line. No argument starts the GUI; sub-commands do administrative work without it."""

from __future__ import annotations

import argparse
import getpass
import sys

from desktop import __version__, cli_auth, config, fileperms
from desktop.applog import setup_logging


def _parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL (default: ONESTOP_DB_URL, then the saved setting, then the local file)")
    cli_auth.add_arguments(common)  # --user NAME: commands that change or export data run as a signed-in user
    p = argparse.ArgumentParser(prog="onestop", description="OneStop 一站式综合服务中心工作台", parents=[common])
    p.add_argument("--version", action="version", version=f"OneStop {__version__}")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    p.add_argument("--selftest", action="store_true", help="check every part the app needs, then exit")
    def with_db(**kw):
        return argparse.ArgumentParser(parents=[common], **kw)

    sub = p.add_subparsers(dest="command", parser_class=with_db)
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade", "check", "current", "use", "setup-server"])
    db.add_argument("url", nargs="?", help="with 'use': the URL to save for this PC ('local' for the file)")
    from desktop import cli_pg

    cli_pg.add_arguments(db)  # setup-server: the PostgreSQL owner and application roles; upgrade: the owner
    user = sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True, parser_class=with_db)
    add = user_sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--role", required=True, choices=["admin", "director", "supervisor", "clerk", "mediator"])
    add.add_argument("--window", type=int, help="window number (clerks)")
    add.add_argument("--password", help="password (asked for when omitted)")
    sub.add_parser("kiosk", help="the ticket kiosk (取号机), full screen")
    display = sub.add_parser("display", help="the hall display (叫号屏), full screen")
    display.add_argument("--screen", type=int, default=0, metavar="N", help="screen number (0 = the first)")
    demo = sub.add_parser("demo", help="create a demo database with realistic sample data")
    demo.add_argument("--force", action="store_true", help="replace an existing demo database")
    report = sub.add_parser("report", help="write a standard report (for scheduled tasks, without the GUI)")
    report.add_argument("kind", choices=["daily", "weekly", "monthly", "yearly"],
                        help="一日一快报, 一周一通报, monthly or yearly report")
    report.add_argument("--date", type=_day, help="a day of the period, YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=["pdf", "xlsx"], default="pdf", help="file format (default: pdf)")
    report.add_argument("--out", default=".", metavar="PATH",
                        help="the file to write, or a directory for the standard name (default: here)")
    work = sub.add_parser("import", help="import work orders from the 12345 hotline or the grid platform "
                                         "(.xlsx, .xls, .csv)")
    work.add_argument("source", choices=["12345", "grid"], help="12345 work orders or 网格上报 grid reports")
    work.add_argument("file", help="the exported file")
    work.add_argument("--strict", action="store_true", help="import nothing when any row is invalid")
    work.add_argument("--mapping", action="append", default=[], metavar="FIELD=HEADER",
                      help="map a field to a column header (repeatable; 'FIELD=' leaves it out); fields: "
                           "work_order_no received_at caller_name phone address village grid category content "
                           "requested_deadline")
    work.add_argument("--errors", metavar="OUT.xlsx", help="write the rejected rows and their reasons here")
    work.add_argument("--sheet", help="the sheet to read (default: the first with data)")
    work.add_argument("--header-row", type=int, metavar="N", help="the header is row N (default: found by name)")
    work.add_argument("--apply-updates", action="store_true",
                      help="apply the changes of work orders imported before (written to the audit log)")
    work.add_argument("--dry-run", action="store_true", help="check the file and report, without importing")
    export = sub.add_parser("export", help="export handling results for the 12345 platform or the grid platform")
    export.add_argument("source", choices=["12345", "grid"])
    export.add_argument("--since", type=_day, required=True, help="results from this day on, YYYY-MM-DD")
    export.add_argument("--until", type=_day, help="up to this day, YYYY-MM-DD (default: today)")
    export.add_argument("--out", required=True, metavar="FILE", help="the .xlsx or .csv file to write")
    backup = sub.add_parser("backup", help="back up the database now (SQLite copy, or pg_dump on PostgreSQL)")
    backup.add_argument("--to", metavar="DIR", help="the folder to write to (default: the backup folder)")
    audit = sub.add_parser("audit", help="the audit log: 'verify' checks its hash chain (read-only, no sign-in)")
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("--expect", action="append", default=[], metavar="SEQ:HASH", type=_expectation,
                       help="a chain head recorded earlier (e.g. by a backup) that must still be in the log")
    restore = sub.add_parser("restore", help="replace the database with a backup after checking it "
                                             "(close every OneStop program first)")
    restore.add_argument("file", help="a .db backup (SQLite) or a .dump archive (PostgreSQL)")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    cli_pg.add_restore_arguments(restore)  # PostgreSQL: only the owner role restores
    cal = sub.add_parser("calendar", help="the working-day calendar: which years are official, the State "
                                          "Council's holiday notice")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True, parser_class=with_db)
    cal_sub.add_parser("status", help="each year: official (and its source) or provisional")
    notice = cal_sub.add_parser("import-notice", help="import 国务院办公厅关于YYYY年部分节假日安排的通知 "
                                                      "(.txt, .html or .pdf) and recompute open deadlines")
    notice.add_argument("file", help="the notice as saved from the government website")
    notice.add_argument("--dry-run", action="store_true", help="show what would change, save nothing")
    cal_sub.add_parser("import-package", help="import the holidays the installed chinesecalendar knows")
    moved = cal_sub.add_parser("changes", help="the deadlines the calendar has moved, newest first")
    moved.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    from desktop import cli_key

    cli_key.add_parser(sub, with_db)  # the personal data key: status, recovery sheet, entering it on another PC
    from desktop import cli_voice

    cli_voice.add_parser(sub, with_db)  # voice test: one call rendered to a WAV (read-only, no sign-in)
    return p


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _open(args, *, upgrade=True, permission=None, what: str = ""):
    """The database's context; with ``permission``, signed in as the command line's user, who must hold it
    (cli_auth: exits before anything is changed otherwise)."""
    ctx = _open_database(args, upgrade=upgrade)
    if permission is None:
        return ctx
    try:
        return cli_auth.sign_in(ctx, args, permission, what or args.command)
    except BaseException:
        ctx.close()
        raise


def _open_database(args, *, upgrade=True):
    from desktop.services.context import open_database
    from desktop.services.errors import DataKeyMissing, SchemaNeedsUpgrade, ServiceError, WrongDataKey

    choice = config.resolve_db_url(args.db)
    try:
        return open_database(choice.url, upgrade=upgrade)
    except SchemaNeedsUpgrade as exc:
        print(f"onestop: the database schema is older than this OneStop and {exc.user} may not upgrade it: "
              f"the administrator must run 'onestop db upgrade' (as {exc.owner})", file=sys.stderr)
        raise SystemExit(2) from exc
    except (DataKeyMissing, WrongDataKey) as exc:
        from desktop import cli_key

        print(f"onestop: {config.safe_url(choice.url)}: {cli_key.explain(exc)}", file=sys.stderr)
        raise SystemExit(cli_key.EXIT_NO_KEY) from exc
    except ServiceError as exc:
        print(f"onestop: cannot open {config.safe_url(choice.url)} ({choice.origin}): {exc}", file=sys.stderr)
        print("Fix the URL with --db, ONESTOP_DB_URL, or 'onestop db use URL'.", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_db(args) -> int:
    from desktop import cli_pg, migrations

    if args.action == "setup-server":
        return cli_pg.setup_server(args)
    if args.action == "use":
        url = None if args.url in (None, "local") else args.url
        saved = config.save_db_url(url)
        print(f"database for this PC: {config.safe_url(url or config.default_sqlite_url())}")
        cli_pg.warn_if_plain(url)
        from desktop import cli_key

        cli_key.after_db_use(url or config.default_sqlite_url())  # asks for a data key this PC lacks
        if saved.in_keyring:
            print(f"the password is kept in the system keyring (service {config.KEYRING_SERVICE!r}), "
                  "not in settings.json")
        elif saved.plain_password:
            print(f"warning: no system keyring is available, so the password is stored in plain text in "
                  f"{saved.password_file} (readable only by this user), not in settings.json. Anyone who can "
                  "sign in to this computer as this user can read it: install a keyring (e.g. "
                  "gnome-keyring) and run 'onestop db use' again", file=sys.stderr)
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
    if args.action == "upgrade":
        cli_pg.as_owner(args)  # PostgreSQL: only the owner role migrates
    ctx = _open(args, upgrade=args.action == "upgrade")
    try:
        print(f"{ctx.db_display}: revision {migrations.current_revision(ctx.db)} "
              f"(this OneStop: {migrations.head_revision()})")
    finally:
        ctx.close()
    return 0


def cmd_user(args) -> int:
    from desktop.services.admin import accounts
    from desktop.services.errors import PermissionDenied, ServiceError
    from desktop.services.permissions import Permission

    ctx = _open(args)
    try:
        first = cli_auth.first_admin_allowed(ctx, args)
        if first:
            print("no account exists yet: adding the first administrator", file=sys.stderr)
        else:
            ctx = cli_auth.sign_in(ctx, args, Permission.MANAGE_USERS, "user add")
        password = args.password or getpass.getpass(f"password for the new user {args.username}: ")
        if first:
            info = accounts.add_first_admin(ctx.uow(), username=args.username, full_name=args.name,
                                            password=password)
        else:
            info = accounts.add_user(ctx.uow(), username=args.username, full_name=args.name, role=args.role,
                                     password=password, window_no=args.window)
    except PermissionDenied:
        print("onestop: another account was added meanwhile: sign in with --user to add more",
              file=sys.stderr)
        return cli_auth.EXIT_SIGN_IN
    except ServiceError as exc:
        print(f"onestop: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    print(f"added user {info.username} ({info.role})")
    return 0


def cmd_demo(args) -> int:
    from desktop.demo import create_demo

    url = config.resolve_db_url(args.db).url
    report = create_demo(url, force=args.force)
    print(report)
    return 0


def cmd_report(args) -> int:
    from desktop.services import reports
    from desktop.services.permissions import Permission

    ctx = _open(args, permission=Permission.VIEW_REPORTS)
    try:
        day = args.date or ctx.clock.today()
        result = reports.generate_report(ctx.uow(read_only=True), kind=args.kind, day=day, fmt=args.format,
                                         out=args.out)
    except reports.PeriodInFuture as exc:
        print(f"onestop: the period starts on {exc.start}, after today ({exc.today}): nothing to report yet",
              file=sys.stderr)
        return 1
    except reports.OutputNotWritable as exc:
        print(f"onestop: cannot write {exc.path}: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    note = " (no business in this period)" if result.empty else ""
    print(f"{result.path}  {result.title} {result.period.label}, {result.size:,} bytes{note}")
    return 0


def cmd_import(args) -> int:
    from desktop import cli_intake
    from desktop.services.permissions import Permission

    ctx = _open(args, permission=Permission.IMPORT_WORK_ORDERS)
    try:
        return cli_intake.run_import(ctx, args)
    finally:
        ctx.close()


def cmd_export(args) -> int:
    from desktop import cli_intake
    from desktop.services.permissions import Permission

    ctx = _open(args, permission=Permission.IMPORT_WORK_ORDERS)
    try:
        return cli_intake.run_export(ctx, args)
    finally:
        ctx.close()


def _expectation(text: str):
    from desktop.cli_audit import expectation

    return expectation(text)


def cmd_audit(args) -> int:
    from desktop import cli_audit

    ctx = _open(args, upgrade=False)  # read-only: no sign-in, no upgrade
    try:
        return cli_audit.verify(ctx, args)
    finally:
        ctx.close()


def cmd_backup(args) -> int:
    from desktop.services import backup
    from desktop.services.permissions import Permission

    ctx = _open(args, upgrade=False, permission=Permission.CONFIGURE_CENTER)
    try:
        result = backup.backup_database(ctx, folder=args.to)
        cli_auth.record(ctx, action="database.backup", entity="database", entity_id=ctx.db_kind,
                        detail={"file": str(result.backup.path), "bytes": result.backup.size})
    except backup.BackupError as exc:
        print(f"onestop: backup failed: {backup.explain(exc)}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    print(f"{result.backup.path}  {result.backup.size:,} bytes  (schema {result.revision}, "
          f"{result.seconds:.1f} s)")
    if result.audit_head:
        print(f"audit chain head {result.audit_head[0]}:{result.audit_head[1]} (check later with "
              f"'onestop audit verify --expect {result.audit_head[0]}:{result.audit_head[1]}')")
    if result.removed:
        print(f"retention removed {len(result.removed)} older backup(s)")
    return 0


def cmd_restore(args) -> int:
    from sqlalchemy.engine import make_url

    from desktop.services import backup

    choice = config.resolve_db_url(args.db)
    target = make_url(choice.url).render_as_string(hide_password=True)
    try:
        found = backup.describe_file(args.file)
    except backup.BackupError as exc:
        print(f"onestop: cannot restore: {backup.explain(exc)}", file=sys.stderr)
        return 1
    actor = cli_auth.authorize_restore(choice.url, args, args.file)  # an administrator, before anything else
    print(f"This replaces the database {target}\nwith {found.path} ({found.size:,} bytes"
          + (f", schema {found.revision})" if found.revision else ")"))
    if not args.yes:
        try:
            answer = input("Type 'yes' to restore: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("yes", "y"):
            print("Nothing was changed.", file=sys.stderr)
            return 1
    try:
        from desktop import cli_pg

        result = backup.restore(cli_pg.restore_url(choice.url, args), args.file)
    except backup.BackupError as exc:
        print(f"onestop: restore refused: {backup.explain(exc)}. Nothing was changed.", file=sys.stderr)
        return 1
    print(f"restored {result.target} from {result.source} (schema {result.revision})")
    cli_auth.record_restore(choice.url, actor, detail={"file": str(result.source), "revision": result.revision,
                                                       "replaced": str(result.replaced or "")})
    if result.replaced is not None:
        print(f"the replaced database is kept as {result.replaced}")
    if result.needs_upgrade:
        print(f"the backup's schema is older than this OneStop's ({result.head}); it is upgraded when "
              "OneStop next opens the database")
    return 0


def cmd_key(args) -> int:
    from desktop import cli_key

    return cli_key.run(args, _open)


def cmd_voice(args) -> int:
    from desktop import cli_voice

    ctx = _open(args, upgrade=False)  # read-only: no sign-in, no upgrade
    try:
        return cli_voice.run(ctx, args)
    finally:
        ctx.close()


def cmd_calendar(args) -> int:
    from desktop import cli_calendar
    from desktop.services.permissions import Permission

    changes = args.calendar_command in ("import-notice", "import-package")  # status and changes only read
    ctx = _open(args, permission=Permission.CONFIGURE_CENTER if changes else None,
                what=f"calendar {args.calendar_command}")
    try:
        return cli_calendar.run(ctx, args)
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    previous = fileperms.restrict_umask()  # on Linux every file this process writes is 0600, every folder 0700
    try:
        return _run(argv)
    finally:
        fileperms.restore_umask(previous)  # for callers in the same process (tests)


def _run(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    setup_logging()
    if args.selftest:
        from desktop.selftest import run

        return run()
    handlers = {"db": cmd_db, "user": cmd_user, "demo": cmd_demo, "report": cmd_report, "import": cmd_import,
                "export": cmd_export, "backup": cmd_backup, "audit": cmd_audit, "restore": cmd_restore,
                "calendar": cmd_calendar, "key": cmd_key, "voice": cmd_voice}
    if args.command in handlers:
        return handlers[args.command](args)
    if args.command == "kiosk":
        from desktop.ui.kiosk import run_kiosk

        return run_kiosk(args.db, args.lang)
    if args.command == "display":
        from desktop.ui.display import run_display

        return run_display(args.db, args.lang, args.screen)
    from desktop.ui.app import run_gui

    return run_gui(args.db, args.lang)


if __name__ == "__main__":
    sys.exit(main())
