"""Deadlines follow the calendar: when days of the working-day calendar change (a notice imported, a day or
a range edited by hand, a newer chinesecalendar imported), every *open* deadline counted over them is
computed again in the same transaction, and each change is recorded (``deadline_change``) for the director.

What is open, and so may move:

| case                               | deadline (rule)                                  | counted from            |
|------------------------------------|--------------------------------------------------|-------------------------|
| petition registered, not accepted  | accept_due_on (accept_notice)                    | registration            |
| petition assigned (转), in the     | objection_due_on (objection)                     | the last assignment     |
|   objection period                 |                                                  |                         |
| petition or 复查/复核 not concluded  | conclude_due_on (conclude / review_opinion /     | acceptance / the request|
|   (registered … handling, objected)|   recheck_opinion), with its approved extension  |                         |
|                                    |   and hearing days added in their order          |                         |
| dispute in mediation               | due_on (mediation_term)                          | registration            |
| a bad rating's open follow-up      | due_on (rating_follow_up, working days)          | the rating              |

Nothing already concluded changes: a petition that is concluded (办结, its reply issued), closed, not
accepted or withdrawn keeps every date; so do closed disputes and answered follow-ups; and a deadline whose
step was taken (the acceptance notice once accepted) is history.

How a date is recomputed: the rule is replayed from its start with the old calendar; when that gives the
stored date, the replay with the new calendar is the new date. When it does not (the rule's setting was
changed after the case started), the period already running is kept: a working-day period keeps its number
of working days; a calendar-day period keeps its end, moved to the next working day if that became a day off.
"""

from __future__ import annotations

import calendar as _month_lengths
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from desktop.db import UnitOfWork
from desktop.models import DeadlineChange, Dispute, Matter, Petition, PetitionStep, RatingFollowUp, Ticket
from desktop.services import deadlines
from desktop.services.admin.settings import get_setting
from desktop.services.workdays import WorkCalendar

# petition statuses (desktop.services.petitions.flow; not imported: importing it runs the petitions package,
# which needs the calendar service, which imports this module)
NOT_CONCLUDED = ("registered", "assigned", "objected", "met", "handling")
_DISPUTE_OPEN = ("registered", "scheduled", "in_mediation")

# the rule of each deadline, as the director's list names it
ACCEPT, OBJECTION, CONCLUDE = "accept_notice", "objection", "conclude"
REVIEW_OPINION, RECHECK_OPINION = "review_opinion", "recheck_opinion"
MEDIATION_TERM, RATING_FOLLOW_UP = "mediation_term", "rating_follow_up"
RULES = (ACCEPT, OBJECTION, CONCLUDE, REVIEW_OPINION, RECHECK_OPINION, MEDIATION_TERM, RATING_FOLLOW_UP)

# what changed the calendar
CAUSES = ("notice", "package", "day", "range", "confirm")


@dataclass(frozen=True)
class DeadlineChangeInfo:
    case_kind: str  # petition / dispute / follow_up
    case_id: int
    case_no: str  # the case number, or the ticket number (A064) of a bad rating's follow-up
    rule: str
    old_date: dt.date
    new_date: dt.date
    changed_at: dt.datetime | None = None
    cause: str = ""
    cause_detail: str = ""
    actor_name: str = ""
    id: int | None = None


@dataclass(frozen=True)
class _Period:
    days: int
    working: bool


def _add_months(day: dt.date, months: int) -> dt.date:
    """As desktop.services.mediation.add_months (not imported: mediation imports the calendar service)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, _month_lengths.monthrange(year, month)[1]))


class _Clock:
    """The rules as configured, counted on one calendar."""

    def __init__(self, uow, calendar: WorkCalendar):
        self.uow = uow
        self.calendar = calendar
        self.ends_on_workday = bool(get_setting(uow, "petition_period_ends_on_workday"))

    def after(self, start: dt.date, period: _Period) -> dt.date:
        return deadlines.due_after(self.calendar, start, period.days, working=period.working,
                                   ends_on_workday=self.ends_on_workday)


def _follow(old: _Clock, new: _Clock, replay: Callable[[_Clock], dt.date], stored: dt.date, start: dt.date,
            working: bool) -> dt.date:
    """The new date of a deadline stored as ``stored``: see the module's docstring."""
    before = replay(old)
    if before == stored:
        return replay(new)
    if working:
        return new.calendar.add_working_days(start, old.calendar.working_days_between(start, stored))
    return new.calendar.next_workday(stored) if new.ends_on_workday else stored


class _Recompute:
    def __init__(self, uow, old: WorkCalendar, new: WorkCalendar, *, write: bool, cause: str, detail: str):
        self.uow = uow
        self.old, self.new = _Clock(uow, old), _Clock(uow, new)
        self.write = write
        self.cause, self.detail = cause, detail[:200]
        self.now = uow.now()
        self.actor_name = (uow.actor.full_name or uow.actor.username)[:40]
        self.rules = {key: deadlines.rule(uow, key) for key in deadlines.RULES}
        self.changes: list[DeadlineChangeInfo] = []

    def period(self, key: str) -> _Period:
        r = self.rules[key]
        return _Period(r.days, r.working)

    def record(self, kind: str, case_id: int, case_no: str, rule: str, old: dt.date, new: dt.date) -> None:
        info = DeadlineChangeInfo(kind, case_id, case_no, rule, old, new, self.now, self.cause, self.detail,
                                  self.actor_name)
        if self.write:
            row = DeadlineChange(changed_at=self.now, cause=self.cause, cause_detail=self.detail,
                                 actor_name=self.actor_name, case_kind=kind, case_id=case_id, case_no=case_no,
                                 rule=rule, old_date=old, new_date=new)
            self.uow.session.add(row)
        self.changes.append(info)

    # ------------------------------------------------------------ petitions
    def petitions(self, since: dt.date) -> None:
        s = self.uow.session
        cases = list(s.scalars(select(Petition).where(
            Petition.status.in_(NOT_CONCLUDED),
            or_(Petition.accept_due_on >= since, Petition.objection_due_on >= since,
                Petition.conclude_due_on >= since)).order_by(Petition.id)))
        if not cases:
            return
        steps: dict[int, list[PetitionStep]] = {}
        for step in s.scalars(select(PetitionStep).where(
                PetitionStep.petition_id.in_([p.id for p in cases]),
                PetitionStep.action.in_(("register", "assign", "decide_extension", "hearing")))
                .order_by(PetitionStep.id)):
            steps.setdefault(step.petition_id, []).append(step)
        for p in cases:
            self.petition(p, steps.get(p.id, []), since)

    def petition(self, p: Petition, steps: list[PetitionStep], since: dt.date) -> None:
        registered = next((x.at.date() for x in steps if x.action == "register"), p.received_at.date())
        moved: list[tuple[str, str, dt.date, dt.date]] = []  # (field, rule, old, new)
        if p.status == "registered" and p.kind == "petition" and p.accept_due_on and p.accept_due_on >= since:
            period = self.period(ACCEPT)
            new = _follow(self.old, self.new, lambda c: c.after(registered, period), p.accept_due_on, registered,
                          period.working)
            moved.append(("accept_due_on", ACCEPT, p.accept_due_on, new))
        if p.status == "assigned" and p.objection_due_on and p.objection_due_on >= since:
            assigned = next((x.at.date() for x in reversed(steps) if x.action == "assign"), p.accepted_on)
            if assigned is not None:
                period = self.period(OBJECTION)
                new = _follow(self.old, self.new, lambda c: c.after(assigned, period), p.objection_due_on,
                              assigned, period.working)
                moved.append(("objection_due_on", OBJECTION, p.objection_due_on, new))
        if p.conclude_due_on and p.conclude_due_on >= since:
            key = {"petition": CONCLUDE, "review": REVIEW_OPINION, "recheck": RECHECK_OPINION}[p.kind]
            start = p.accepted_on if p.kind == "petition" else registered
            if start is not None:
                period = self.period(key)
                added = [int((x.detail or {}).get("days", 0)) for x in steps
                         if (x.action == "decide_extension" and (x.detail or {}).get("approved"))
                         or x.action == "hearing"]

                def replay(clock: _Clock, start=start, period=period, added=added) -> dt.date:
                    due = clock.after(start, period)
                    for days in added:
                        due = clock.after(due, _Period(days, False))
                    return due

                new = _follow(self.old, self.new, replay, p.conclude_due_on, start, period.working and not added)
                moved.append(("conclude_due_on", key, p.conclude_due_on, new))
        moved = [m for m in moved if m[2] != m[3]]
        if not moved:
            return
        for _field, rule, old, new in moved:
            self.record("petition", p.id, p.case_no, rule, old, new)
        if not self.write:
            return
        for field, rule, old, new in moved:
            setattr(p, field, new)
            if (field, p.due_kind) in (("accept_due_on", deadlines.DUE_ACCEPT),
                                       ("conclude_due_on", deadlines.DUE_CONCLUDE)):
                p.due_on = new
            self.uow.session.add(PetitionStep(
                petition_id=p.id, action="recompute", at=self.now, actor_id=self.uow.actor.user_id,
                actor_name=self.actor_name, from_status=p.status, to_status=p.status, note=self.detail,
                detail={"rule": rule, "old": old.isoformat(), "new": new.isoformat(), "cause": self.cause}))
        p.updated_at = self.now

    # ------------------------------------------------------------ disputes
    def disputes(self, since: dt.date) -> None:
        months = int(get_setting(self.uow, "mediation_term_months"))
        for d in self.uow.session.scalars(select(Dispute).where(
                Dispute.state.in_(_DISPUTE_OPEN), Dispute.due_on >= since).order_by(Dispute.id)):
            start = d.registered_at.date()
            end = _add_months(start, months)

            def replay(clock: _Clock, end=end) -> dt.date:
                return clock.calendar.next_workday(end) if clock.ends_on_workday else end

            new = _follow(self.old, self.new, replay, d.due_on, start, False)
            if new != d.due_on:
                self.record("dispute", d.id, d.case_no, MEDIATION_TERM, d.due_on, new)
                if self.write:
                    d.due_on, d.updated_at = new, self.now

    # ------------------------------------------------------------ a bad rating's follow-up
    def follow_ups(self, since: dt.date) -> None:
        rows = self.uow.session.execute(
            select(RatingFollowUp, func.coalesce(Ticket.number, Matter.code))  # a kiosk rating has no ticket
            .outerjoin(Ticket, Ticket.id == RatingFollowUp.ticket_id)
            .outerjoin(Matter, Matter.id == RatingFollowUp.matter_id)
            .where(RatingFollowUp.status == "open", RatingFollowUp.due_on >= since).order_by(RatingFollowUp.id))
        for f, number in rows:
            start = f.opened_at.date()
            n = self.old.calendar.working_days_between(start, f.due_on)
            new = self.new.calendar.add_working_days(start, n)
            if new != f.due_on:
                self.record("follow_up", f.id, number, RATING_FOLLOW_UP, f.due_on, new)
                if self.write:
                    f.due_on = new


def recompute_open_deadlines(uow: UnitOfWork, *, old: WorkCalendar, new: WorkCalendar, since: dt.date, cause: str,
                             detail: str = "", write: bool = True) -> list[DeadlineChangeInfo]:
    """Inside an open unit of work: move every open deadline that ``old`` → ``new`` changes (only deadlines
    on or after ``since``, the first changed day, can be affected) and record each change. With ``write``
    False nothing is changed: the list says what saving would move (the import preview)."""
    work = _Recompute(uow, old, new, write=write, cause=cause, detail=detail)
    work.petitions(since)
    work.disputes(since)
    work.follow_ups(since)
    if write:
        uow.session.flush()
    return work.changes


def deadline_change_info(row: DeadlineChange) -> DeadlineChangeInfo:
    return DeadlineChangeInfo(row.case_kind, row.case_id, row.case_no, row.rule, row.old_date, row.new_date,
                              row.changed_at, row.cause, row.cause_detail, row.actor_name, row.id)
