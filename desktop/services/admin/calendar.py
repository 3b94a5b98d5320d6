"""The working-day calendar: Monday–Friday, except the stored exceptions (public holidays on weekdays,
make-up working days on weekends), and what it knows about each year.

A year is *official* when its holidays and 调休 make-up days were entered from an official source: the
package ``chinesecalendar`` (seeded at setup, or imported when a newer release knows more years), the
State Council's notice (《国务院办公厅关于YYYY年部分节假日安排的通知》, desktop.services.admin.calendar_notice)
imported by a user, or a year an administrator entered by hand and confirmed. Any other year is
*provisional*: it counts weekends only, and deadlines that fall in it are shown as provisional. From a
configurable day (1 November) administrators and directors are warned until next year is official.

Every change of a day (a notice, the package, a day or a range edited by hand) recomputes the open
deadlines counted over it in the same transaction (desktop.services.deadline_recompute) and returns the
list of changes; the director reads them with ``list_deadline_changes``.

This module holds the status, the warnings and the changes, and re-exports what callers use from its parts:
calendar_types (values and errors), calendar_days (the stored days and years), calendar_package (what
chinesecalendar knows) and calendar_hall (the hall on days off).
"""

from __future__ import annotations

import calendar as _month_lengths
import datetime as dt
from pathlib import Path

from sqlalchemy import and_, func, or_, select

from desktop.db import UnitOfWork
from desktop.models import CalendarDay, DeadlineChange, Petition
from desktop.services.admin.calendar_days import (
    apply_days,
    coverage_of,
    load_calendar,
    load_coverage,
    month_days,
    set_official,
    stored_days,
)
from desktop.services.admin.calendar_hall import HallDay, hall_day
from desktop.services.admin.calendar_notice import (
    Notice,
    NoticeHoliday,
    NoticeNotUnderstood,
    NoticeUnreadable,
    parse_notice,
    read_notice_file,
)
from desktop.services.admin.calendar_package import official_exceptions, package_source, package_years
from desktop.services.admin.calendar_types import (
    RANGE_MAX_DAYS,
    SOURCE_HAND,
    SOURCE_NOTICE,
    SOURCE_PACKAGE,
    CalendarRangeInvalid,
    CalendarUpdate,
    CalendarWarning,
    Coverage,
    DayChange,
    DayRule,
    NoticePreview,
    YearCoverage,
    YearWithoutHolidays,
)
from desktop.services.admin.settings import get_setting
from desktop.services.deadline_recompute import (
    NOT_CONCLUDED,
    DeadlineChangeInfo,
    deadline_change_info,
    recompute_open_deadlines,
)
from desktop.services.errors import Invalid, PermissionDenied
from desktop.services.permissions import Permission, can, require
from desktop.services.workdays import WorkCalendar

__all__ = [
    "CalendarRangeInvalid", "CalendarUpdate", "YearWithoutHolidays", "CalendarWarning", "DayChange", "DayRule", "DeadlineChangeInfo", "HallDay", "Notice",
    "NoticeHoliday", "NoticeNotUnderstood", "NoticePreview", "NoticeUnreadable", "WorkCalendar", "YearCoverage",
    "calendar_status", "calendar_warning", "confirm_year", "hall_day", "import_notice", "import_official",
    "list_deadline_changes", "load_calendar", "load_coverage", "month_days", "preview_notice", "provisional_marks",
    "read_notice_file", "seed_calendar", "set_day", "set_days",
]


def seed_calendar(uow: UnitOfWork, *, since_year: int) -> int:
    """Inside an open unit of work: store official exceptions from ``since_year`` on, and record those years
    as official from the package; returns how many days were added."""
    existing = set(uow.session.scalars(select(CalendarDay.day)))
    added = 0
    for rule in official_exceptions():
        if rule.day.year >= since_year and rule.day not in existing:
            uow.session.add(CalendarDay(day=rule.day, is_workday=rule.is_workday, note=rule.note))
            added += 1
    official = load_coverage(uow).official
    for year in sorted(package_years()):
        if year >= since_year and year not in official:
            set_official(uow, year, SOURCE_PACKAGE, package_source())
    return added


# ---------------------------------------------------------------- coverage and warnings

def calendar_status(uow: UnitOfWork, *, through: int | None = None) -> list[YearCoverage]:
    """Each year from the first official one (or this year) to next year (or ``through``): official with its
    source, or provisional."""
    with uow:
        today = uow.now().date()
        official = load_coverage(uow).official
        first = min([*official, today.year])
        last = max(through or today.year + 1, today.year + 1)
        known = package_years()
        return [coverage_of(uow, y, known) for y in range(first, last + 1)]


def provisional_marks(uow: UnitOfWork, status: str, dates: dict[str, dt.date | None]) -> tuple[str, ...]:
    """Inside an open unit of work: which running deadlines of a petition (field names of ``dates``) fall in a
    provisional year. Only deadlines that a change of the calendar would recompute are marked: none of a
    concluded case, the acceptance notice only before acceptance, the objection only while assigned."""
    if status not in NOT_CONCLUDED:
        return ()
    coverage = load_coverage(uow)
    running = {"due_on", "conclude_due_on"}
    running |= {"accept_due_on"} if status == "registered" else {"objection_due_on"} if status == "assigned" else set()
    return tuple(k for k, d in dates.items() if k in running and coverage.provisional(d))


def _provisional_condition(coverage: Coverage, today: dt.date):
    years = [y for y in range(today.year - 1, today.year + 3) if coverage.provisional_year(y)]
    if not years:
        return None
    return or_(*[and_(Petition.due_on >= dt.date(y, 1, 1), Petition.due_on < dt.date(y + 1, 1, 1)) for y in years])


def count_provisional_deadlines(uow: UnitOfWork) -> int:
    """Inside an open unit of work: open cases whose running deadline falls in a provisional year."""
    condition = _provisional_condition(load_coverage(uow), uow.now().date())
    if condition is None:
        return 0
    return uow.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.status.in_(NOT_CONCLUDED), Petition.due_on.is_not(None), condition)) or 0


def _warn_from(uow, year: int) -> dt.date:
    month = int(get_setting(uow, "calendar_warn_month"))
    day = min(int(get_setting(uow, "calendar_warn_day")), _month_lengths.monthrange(year, month)[1])
    return dt.date(year, month, day)


def calendar_warning(uow: UnitOfWork) -> CalendarWarning | None:
    """The banner of administrators and directors: this year is provisional, or it is past the warning day
    (1 November) and next year is not official yet. None when all is well."""
    with uow:
        today = uow.now().date()
        coverage = load_coverage(uow)
        if coverage.provisional_year(today.year):
            year, begun = today.year, True
        elif today >= _warn_from(uow, today.year) and today.year + 1 not in coverage.official:
            year, begun = today.year + 1, False
        else:
            return None
        return CalendarWarning(year, begun, year in package_years(), count_provisional_deadlines(uow))


# ---------------------------------------------------------------- changing the days

def _recompute(uow, old: WorkCalendar, changed: list[DayChange], cause: str, detail: str,
               *, write: bool = True) -> list[DeadlineChangeInfo]:
    moved = [c for c in changed if c.old_is_workday != c.new_is_workday]
    if not moved:
        return []
    new = old.with_days({c.day: c.new_is_workday for c in moved})
    return recompute_open_deadlines(uow, old=old, new=new, since=min(c.day for c in moved), cause=cause,
                                    detail=detail, write=write)


def set_day(uow: UnitOfWork, *, day: dt.date, is_workday: bool, note: str = "") -> CalendarUpdate:
    """Make ``day`` a working day or a day off (and recompute the open deadlines counted over it). A day set
    back to its weekday default without a note is not stored."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.set_day"
        old = load_calendar(uow)
        changed = apply_days(uow, {day: (is_workday, note)})
        moved = _recompute(uow, old, changed, "day", day.isoformat())
        uow.commit()
        return CalendarUpdate(tuple(changed), (), tuple(moved))


def set_days(uow: UnitOfWork, *, first: dt.date, last: dt.date, is_workday: bool, note: str = "") -> CalendarUpdate:
    """A range entered at once (a holiday 5–11 February, or make-up working days), with one note: each day
    becomes a day off (``is_workday`` False) or a working day; days that are so anyway by the weekday are not
    stored. Open deadlines counted over the range are recomputed."""
    if last < first:
        raise CalendarRangeInvalid(reason="before_first", first=first, last=last, maximum=RANGE_MAX_DAYS)
    if (last - first).days + 1 > RANGE_MAX_DAYS:
        raise CalendarRangeInvalid(reason="too_long", first=first, last=last, maximum=RANGE_MAX_DAYS)
    note = (note or "").strip()
    if len(note) > 60:
        raise Invalid(field="note", reason="length", maximum=60)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.set_range"
        old = load_calendar(uow)
        wanted = {}
        day = first
        while day <= last:
            default = day.weekday() < 5
            wanted[day] = (is_workday, note if is_workday != default else "")
            day += dt.timedelta(days=1)
        changed = apply_days(uow, wanted)
        moved = _recompute(uow, old, changed, "range", f"{first.isoformat()}–{last.isoformat()} {note}".strip())
        uow.commit()
        return CalendarUpdate(tuple(changed), (), tuple(moved))


def import_official(uow: UnitOfWork, *, since_year: int) -> CalendarUpdate:
    """The holidays of the installed chinesecalendar from ``since_year`` on. A year not yet official takes
    the package's days (and becomes official); in an official year only missing days are added, so days
    set by hand stay. Open deadlines are recomputed."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.import_official"
        old = load_calendar(uow)
        official = load_coverage(uow).official
        rules = [r for r in official_exceptions() if r.day.year >= since_year]
        stored = {d for d, in uow.session.execute(select(CalendarDay.day).where(
            CalendarDay.day >= dt.date(since_year, 1, 1)))}
        wanted = {r.day: (r.is_workday, r.note) for r in rules
                  if r.day.year not in official or r.day not in stored}
        changed = apply_days(uow, wanted)
        new_years = sorted(y for y in package_years() if y >= since_year and y not in official)
        for year in new_years:
            set_official(uow, year, SOURCE_PACKAGE, package_source())
        moved = _recompute(uow, old, changed, "package", package_source())
        uow.commit()
        return CalendarUpdate(tuple(changed), tuple(new_years), tuple(moved))


def _notice_plan(uow, notice: Notice) -> tuple[list[DayChange], list[DayRule]]:
    """Every exception the notice sets, against what is stored; and the stored exceptions of its year that
    it does not mention."""
    wanted = {r.day: (r.is_workday, r.note) for r in notice.exceptions()}
    days = sorted(set(wanted))
    first, last = min([dt.date(notice.year, 1, 1), *days]), max([dt.date(notice.year, 12, 31), *days])
    stored = {r.day: r for r in stored_days(uow, first, last)}
    plan = [DayChange(d, stored[d].is_workday, stored[d].note, *wanted[d]) for d in days]
    kept = [r for d, r in sorted(stored.items()) if d not in wanted and d.year == notice.year
            and (r.is_workday != (d.weekday() < 5) or r.note)]
    return plan, kept


def preview_notice(uow: UnitOfWork, *, text: str) -> NoticePreview:
    """Parse the notice and compare it with the calendar; nothing is saved. Raises NoticeNotUnderstood with
    the line it stopped at."""
    notice = parse_notice(text)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        plan, kept = _notice_plan(uow, notice)
        changed = [c for c in plan if c.kind != "same"]
        moved = _recompute(uow, load_calendar(uow), changed, "notice", _notice_detail(notice), write=False)
        return NoticePreview(notice.year, notice.title, notice.holidays, tuple(plan), tuple(kept),
                             coverage_of(uow, notice.year, package_years()), tuple(moved))


def _notice_detail(notice: Notice) -> str:
    return notice.title or f"国务院办公厅关于{notice.year}年部分节假日安排的通知"


def import_notice(uow: UnitOfWork, *, text: str) -> CalendarUpdate:
    """Save the days of a State Council notice, make its year official (source: the notice, now, by whom)
    and recompute the open deadlines, in one transaction. Unparseable text saves nothing."""
    notice = parse_notice(text)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.import_notice"
        old = load_calendar(uow)
        plan, _kept = _notice_plan(uow, notice)
        changed = apply_days(uow, {c.day: (c.new_is_workday, c.new_note) for c in plan})
        detail = _notice_detail(notice)
        set_official(uow, notice.year, SOURCE_NOTICE, detail)
        moved = _recompute(uow, old, changed, "notice", detail)
        uow.commit()
        return CalendarUpdate(tuple(changed), (notice.year,), tuple(moved))


def import_notice_file(uow: UnitOfWork, *, path: str | Path) -> CalendarUpdate:
    return import_notice(uow, text=read_notice_file(path))


def confirm_year(uow: UnitOfWork, *, year: int, note: str = "") -> CalendarUpdate:
    """An administrator who entered a year's holidays by hand (from the published notice) declares the year
    official. At least one holiday of that year must be stored."""
    note = (note or "").strip()
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        days = uow.session.scalar(select(func.count()).select_from(CalendarDay).where(
            CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31),
            CalendarDay.is_workday.is_(False)))
        if not days:
            raise YearWithoutHolidays(year=year)
        uow.action = "calendar.confirm_year"
        set_official(uow, year, SOURCE_HAND, note)
        uow.commit()
        return CalendarUpdate((), (year,), ())


def list_deadline_changes(uow: UnitOfWork, *, limit: int = 500) -> list[DeadlineChangeInfo]:
    """The deadlines the calendar moved, newest first (for the director and the administrator)."""
    with uow:
        role = uow.actor.role
        if role != "system" and not (can(role, Permission.CONFIGURE_CENTER) or
                                     can(role, Permission.SUPERVISE_CASES)):
            raise PermissionDenied(role=role, permission=Permission.SUPERVISE_CASES.value)
        rows = uow.session.scalars(select(DeadlineChange).order_by(DeadlineChange.changed_at.desc(),
                                                                   DeadlineChange.id.desc()).limit(limit))
        return [deadline_change_info(r) for r in rows]
