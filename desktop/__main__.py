"""Command line. No argument starts the GUI; sub-commands do administrative work without it."""

from __future__ import annotations

import getpass
import sys

from desktop import cli_auth, config, fileperms
from desktop.applog import setup_logging
from desktop.cli_parser import parser


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
    args = parser().parse_args(argv)
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
