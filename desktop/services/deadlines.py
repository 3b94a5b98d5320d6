"""The statutory clock of petitions (《信访工作条例》2022), as declared settings with the law's defaults.

Each rule is a number of days and whether they are working days (public holidays and make-up working days
from the editable calendar) or calendar days. A period counted in calendar days whose last day is a day
off ends on the next working day (民法典 第二百零三条), unless the setting says otherwise.

| rule              | default                  | runs from            |
|-------------------|--------------------------|----------------------|
| accept_notice     | 15 days                  | registration         |
| objection         | 5 working days           | assignment (转)      |
| conclude          | 60 days                  | acceptance           |
| extension         | at most 30 days          | (added to conclude)  |
| review_request    | 30 days                  | the reply            |
| review_opinion    | 30 days                  | the 复查 request     |
| recheck_request   | 30 days                  | the 复查意见         |
| recheck_opinion   | 30 days (+ hearing days) | the 复核 request     |
| follow_up         | 15 days                  | the reply            |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.db import UnitOfWork
from desktop.services.admin.settings import PETITION_EXTENSION_LIMIT, PETITION_RULES, get_setting
from desktop.services.workdays import WorkCalendar

# the statutory periods and their bounds are declared with the other settings
RULES, EXTENSION_LIMIT = PETITION_RULES, PETITION_EXTENSION_LIMIT


# what the running clock (petition.due_kind) is counting towards
DUE_ACCEPT = "accept"        # tell the petitioner whether the matter is accepted
DUE_CONCLUDE = "conclude"    # conclude with a written reply
DUE_FOLLOW_UP = "follow_up"  # the follow-up visit after the reply

# the state of a clock, as every list shows it
CLOCK_NONE, CLOCK_OK, CLOCK_SOON, CLOCK_TODAY, CLOCK_OVERDUE = "none", "ok", "soon", "today", "overdue"


@dataclass(frozen=True)
class Rule:
    key: str
    days: int
    working: bool


@dataclass(frozen=True)
class Clock:
    state: str  # none / ok / soon / today / overdue
    days_left: int | None  # negative when overdue


def rule(uow: UnitOfWork, key: str) -> Rule:
    """Inside an open unit of work: the configured rule ``key``."""
    return Rule(key, get_setting(uow, f"petition_{key}_days"), bool(get_setting(uow, f"petition_{key}_working_days")))


def due_after(calendar: WorkCalendar, start: dt.date, days: int, *, working: bool,
              ends_on_workday: bool = True) -> dt.date:
    """The last day of a period of ``days`` that starts the day after ``start``."""
    if working:
        return calendar.add_working_days(start, days)
    end = start + dt.timedelta(days=days)
    return calendar.next_workday(end) if ends_on_workday else end


def due_date(uow: UnitOfWork, calendar: WorkCalendar, key: str, start: dt.date) -> dt.date:
    """Inside an open unit of work: the deadline of rule ``key`` for a period starting at ``start``."""
    r = rule(uow, key)
    return due_after(calendar, start, r.days, working=r.working,
                     ends_on_workday=bool(get_setting(uow, "petition_period_ends_on_workday")))


def extend(uow: UnitOfWork, calendar: WorkCalendar, due: dt.date, days: int) -> dt.date:
    """Inside an open unit of work: ``due`` moved by ``days`` calendar days (an extension, hearing time)."""
    ends_on_workday = bool(get_setting(uow, "petition_period_ends_on_workday"))
    return due_after(calendar, due, days, working=False, ends_on_workday=ends_on_workday)


def extension_limit(uow: UnitOfWork) -> int:
    return min(int(get_setting(uow, "petition_extension_max_days")), EXTENSION_LIMIT)


def clock_state(due_on: dt.date | None, today: dt.date, soon_days: int) -> Clock:
    if due_on is None:
        return Clock(CLOCK_NONE, None)
    left = (due_on - today).days
    if left < 0:
        return Clock(CLOCK_OVERDUE, left)
    if left == 0:
        return Clock(CLOCK_TODAY, 0)
    if left <= soon_days:
        return Clock(CLOCK_SOON, left)
    return Clock(CLOCK_OK, left)
