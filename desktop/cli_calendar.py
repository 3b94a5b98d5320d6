"""``onestop calendar ...``: the working-day calendar without the GUI.

    onestop calendar status                    each year: official (and its source) or provisional
    onestop calendar import-notice FILE        the State Council's notice (.txt, .html, .pdf); --dry-run
    onestop calendar import-package            the holidays the installed chinesecalendar knows
    onestop calendar changes                   the deadlines the calendar has moved, newest first

Exit status: 0 done; 1 refused (a notice that cannot be read: nothing is saved). Messages are English like
the rest of the command line; the notice's words stay Chinese.
"""

from __future__ import annotations

import sys

from desktop.services.admin import calendar
from desktop.services.errors import ServiceError

SOURCE_WORDS = {"package": "package", "notice": "State Council notice", "hand": "entered by hand"}


def _explain(exc: ServiceError) -> str:
    f = exc.facts
    if isinstance(exc, calendar.NoticeNotUnderstood):
        where = f"line {f.get('line_no')}: {f.get('line', '')!s}" if f.get("line_no") else "the text"
        detail = {"weekday": f"{f.get('day')} is printed as {f.get('printed')} but is another weekday",
                  "day_count": f"the range has {f.get('expected')} days, the notice says {f.get('stated')}",
                  "conflict": f"{f.get('day')} is both a day off and a working day",
                  "out_of_year": f"{f.get('day')} is not in the notice's year",
                  "date": f"{f.get('day')} is not a date",
                  "no_year": "no year found (the title names it: 国务院办公厅关于YYYY年部分节假日安排的通知)",
                  "no_holidays": "no holiday items found (二、春节：…放假…)",
                  "empty": "the text is empty"}.get(f.get("reason"), "neither days off nor make-up working days")
        return f"cannot read the notice at {where} ({detail}). Nothing was saved."
    if isinstance(exc, calendar.NoticeUnreadable):
        return f"cannot read {f.get('file')}: {f.get('reason')} {f.get('detail', '')}".rstrip()
    return f"{type(exc).__name__}: {exc}"


def _source(c: calendar.YearCoverage) -> str:
    if not c.official:
        hint = ("import-package (the installed chinesecalendar knows it)" if c.package_knows else
                f"import-notice FILE once 国务院办公厅关于{c.year}年部分节假日安排的通知 is published")
        return f"weekends only; make it official with: onestop calendar {hint}"
    text = f"{SOURCE_WORDS.get(c.source, c.source)}: {c.source_detail}"
    if c.imported_at is not None:
        text += f", {c.imported_at:%Y-%m-%d %H:%M} by {c.imported_by or '-'}"
    return text


def _print_changes(changes) -> None:
    if not changes:
        print("no open deadline depends on the days that changed")
        return
    print(f"{len(changes)} open deadlines recomputed:")
    print(f"  {'case':<24} {'deadline':<18} {'old':<10}    {'new':<10}")
    for c in changes:
        print(f"  {c.case_no:<24} {c.rule:<18} {c.old_date.isoformat()} -> {c.new_date.isoformat()}")


def status(ctx) -> int:
    for c in calendar.calendar_status(ctx.uow(read_only=True)):
        print(f"{c.year}  {'official' if c.official else 'provisional':<11}  {_source(c)}")
    return 0


def import_notice(ctx, path: str, *, dry_run: bool) -> int:
    try:
        text = calendar.read_notice_file(path)
        if dry_run:
            p = calendar.preview_notice(ctx.uow(read_only=True), text=text)
            print(f"{p.year}: {len(p.holidays)} holidays, {len(p.changes)} days differ from the stored calendar "
                  f"(dry run: nothing saved)")
            for d in p.changes:
                print(f"  {d.day.isoformat()}  {'working day' if d.new_is_workday else 'day off':<11}  {d.new_note}")
            _print_changes(p.deadline_changes)
            return 0
        result = calendar.import_notice(ctx.uow(), text=text)
    except ServiceError as exc:
        print(f"onestop: {_explain(exc)}", file=sys.stderr)
        return 1
    year = result.years_official[0]
    print(f"{year} is official: {result.days_changed} days saved from the State Council's notice")
    _print_changes(result.deadline_changes)
    return 0


def import_package(ctx) -> int:
    since = ctx.clock.today().year - 1
    try:
        result = calendar.import_official(ctx.uow(), since_year=since)
    except ServiceError as exc:
        print(f"onestop: {_explain(exc)}", file=sys.stderr)
        return 1
    print(f"{result.days_changed} days added from {calendar.package_source()}"
          + (f"; official now: {', '.join(map(str, result.years_official))}" if result.years_official else ""))
    _print_changes(result.deadline_changes)
    return 0


def changes(ctx, limit: int) -> int:
    rows = calendar.list_deadline_changes(ctx.uow(read_only=True), limit=limit)
    if not rows:
        print("the calendar has not moved any deadline")
        return 0
    for c in rows:
        print(f"{c.changed_at:%Y-%m-%d %H:%M}  {c.case_no:<24} {c.rule:<18} {c.old_date.isoformat()} -> "
              f"{c.new_date.isoformat()}  ({c.cause}: {c.cause_detail})")
    return 0


def run(ctx, args) -> int:
    if args.calendar_command == "status":
        return status(ctx)
    if args.calendar_command == "import-notice":
        return import_notice(ctx, args.file, dry_run=args.dry_run)
    if args.calendar_command == "import-package":
        return import_package(ctx)
    return changes(ctx, args.limit)
