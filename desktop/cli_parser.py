"""The command line's arguments: the options of ``onestop`` itself and the parser of each sub-command.

The sub-commands are added here in the order ``onestop --help`` lists them. The key and voice commands add
their own (desktop.cli_key, desktop.cli_voice); the import, export, audit and calendar parsers stay here
because their modules load the services, which must not load at every start (issue 18).
"""

from __future__ import annotations

import argparse

from desktop import __version__, cli_auth, cli_key, cli_pg, cli_voice


def parser() -> argparse.ArgumentParser:
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
    _add_db_and_user(sub, with_db)
    _add_screens_and_demo(sub)
    _add_report(sub)
    _add_import_and_export(sub)
    _add_backup_audit_restore(sub)
    _add_calendar(sub, with_db)
    cli_key.add_parser(sub, with_db)  # the personal data key: status, recovery sheet, entering it on another PC
    cli_voice.add_parser(sub, with_db)  # voice test: one call rendered to a WAV (read-only, no sign-in)
    return p


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _expectation(text: str):
    from desktop.cli_audit import expectation

    return expectation(text)


def _add_db_and_user(sub, with_db) -> None:
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade", "check", "current", "use", "setup-server"])
    db.add_argument("url", nargs="?", help="with 'use': the URL to save for this PC ('local' for the file)")
    cli_pg.add_arguments(db)  # setup-server: the PostgreSQL owner and application roles; upgrade: the owner
    user = sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True, parser_class=with_db)
    add = user_sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--role", required=True, choices=["admin", "director", "supervisor", "clerk", "mediator"])
    add.add_argument("--window", type=int, help="window number (clerks)")
    add.add_argument("--password", help="password (asked for when omitted)")


def _add_screens_and_demo(sub) -> None:
    sub.add_parser("kiosk", help="the ticket kiosk (取号机), full screen")
    display = sub.add_parser("display", help="the hall display (叫号屏), full screen")
    display.add_argument("--screen", type=int, default=0, metavar="N", help="screen number (0 = the first)")
    demo = sub.add_parser("demo", help="create a demo database with realistic sample data")
    demo.add_argument("--force", action="store_true", help="replace an existing demo database")


def _add_report(sub) -> None:
    report = sub.add_parser("report", help="write a standard report (for scheduled tasks, without the GUI)")
    report.add_argument("kind", choices=["daily", "weekly", "monthly", "yearly"],
                        help="一日一快报, 一周一通报, monthly or yearly report")
    report.add_argument("--date", type=_day, help="a day of the period, YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=["pdf", "xlsx"], default="pdf", help="file format (default: pdf)")
    report.add_argument("--out", default=".", metavar="PATH",
                        help="the file to write, or a directory for the standard name (default: here)")


def _add_import_and_export(sub) -> None:
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


def _add_backup_audit_restore(sub) -> None:
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


def _add_calendar(sub, with_db) -> None:
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
