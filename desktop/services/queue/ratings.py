"""好差评: the visitor rates a finished service; a bad rating opens a follow-up that is answered and closed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import Matter, RatingFollowUp, Ticket, User
from desktop.models.queue import FINISHED
from desktop.services.admin.calendar import load_calendar
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.queue._common import (
    BAD_RATINGS,
    RATINGS,
    _change,
    _held,
    _my_window,
    _service,
    _window_number,
    log_event,
)
from desktop.services.queue._lookup import _get
from desktop.services.queue.dto import FollowUpInfo, RatingResult
from desktop.services.queue.errors import AlreadyRated, WrongTicketState


def rate_service(uow: UnitOfWork, *, ticket_id: int, rating: str, window_no: int | None = None) -> RatingResult:
    """好差评: the visitor rates the finished service once. A bad rating opens a follow-up that is due the
    configured number of working days later. The same rating sent again (a late duplicate) changes nothing
    and returns what was recorded; a different one is refused (AlreadyRated)."""
    with uow:
        if rating not in RATINGS:
            raise Invalid(field="rating", reason="unknown", value=rating)
        win = _my_window(uow, window_no)
        t = _held(uow, ticket_id, win, (FINISHED,))
        if t["rating"] == rating:
            follow_up = uow.session.scalar(select(RatingFollowUp).where(RatingFollowUp.ticket_id == t["id"])
                                           .order_by(RatingFollowUp.id).limit(1))
            return RatingResult(t["number"], rating, follow_up and follow_up.id, follow_up and follow_up.due_on)
        if t["rating"] is not None:
            raise AlreadyRated(number=t["number"], rating=t["rating"])
        now = uow.now()
        t = _change(uow, t, rating=rating, rated_at=now)
        follow_up = None
        if rating in BAD_RATINGS:
            uow.action = "queue.follow_up.open"
            days = get_setting(uow, "queue_follow_up_working_days")
            follow_up = RatingFollowUp(ticket_id=t["id"], rating=rating, opened_at=now, status="open",
                                       due_on=load_calendar(uow).add_working_days(now.date(), days), answer="")
            uow.session.add(follow_up)
            uow.session.flush()
        log_event(uow, "rated", ticket=t, window_no=win.number, detail={"rating": rating})
        result = RatingResult(t["number"], rating, follow_up and follow_up.id, follow_up and follow_up.due_on)
        uow.commit()
        return result



# ---------------------------------------------------------------- follow-ups of bad ratings

# a matter's kind as the follow-up list names it where a ticket's service would be (matters.lookup.KIND_NAMES)
_MATTER_KINDS = {"window": "窗口事项", "petition": "信访", "dispute": "矛盾纠纷调解", "work_order": "12345工单"}


def _follow_up_info(uow, f: RatingFollowUp, t: Ticket | None, m: Matter | None, clerk: str | None,
                    today: dt.date) -> FollowUpInfo:
    """A window rating's follow-up names its ticket; a kiosk rating's (no ticket) names its matter: the code
    where the ticket's number would be, the day it was registered, its service or kind, its outcome."""
    overdue = f.status == "open" and f.due_on < today
    if t is not None:
        return FollowUpInfo(f.id, t.id, t.number, t.day, _service(uow, t.service_id).name,
                            _window_number(uow, t.window_id), clerk or "", f.rating, t.record, f.opened_at,
                            f.due_on, f.status, f.answer, f.answered_at, overdue)
    return FollowUpInfo(f.id, None, m.code if m else "", m.registered_at.date() if m else f.opened_at.date(),
                        (m.service or _MATTER_KINDS.get(m.kind, "")) if m else "", None, clerk or "", f.rating,
                        (m.outcome or m.summary) if m else "", f.opened_at, f.due_on, f.status, f.answer,
                        f.answered_at, overdue, f.matter_id)


def count_follow_ups(uow: UnitOfWork, *, open_only: bool = False) -> int:
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        q = select(func.count(RatingFollowUp.id))
        if open_only:
            q = q.where(RatingFollowUp.status == "open")
        return uow.session.scalar(q) or 0


def list_follow_ups(uow: UnitOfWork, *, open_only: bool = False, offset: int = 0, limit: int = 200) -> list[FollowUpInfo]:
    """Open ones first, by due date; then answered ones, newest first."""
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        today = uow.now().date()
        q = (select(RatingFollowUp, Ticket, Matter, User.full_name)
             .outerjoin(Ticket, Ticket.id == RatingFollowUp.ticket_id)
             .outerjoin(Matter, Matter.id == RatingFollowUp.matter_id)
             .outerjoin(User, User.id == func.coalesce(Ticket.clerk_id, Matter.owner_id)))
        if open_only:
            q = q.where(RatingFollowUp.status == "open")
        q = q.order_by((RatingFollowUp.status != "open"), RatingFollowUp.due_on, RatingFollowUp.id.desc())
        return [_follow_up_info(uow, f, t, m, clerk, today)
                for f, t, m, clerk in uow.session.execute(q.offset(offset).limit(limit))]


def answer_follow_up(uow: UnitOfWork, *, follow_up_id: int, answer: str) -> FollowUpInfo:
    """Record what was checked and answered to the visitor; the follow-up is then closed."""
    answer = (answer or "").strip()
    with uow:
        require(uow, Permission.SUPERVISE_CASES)
        if not answer:
            raise Invalid(field="answer", reason="empty")
        if len(answer) > 2000:
            raise Invalid(field="answer", reason="length", maximum=2000)
        f = _get(uow, RatingFollowUp, follow_up_id, entity="follow_up", lock=True)
        if f.status != "open":
            raise WrongTicketState(number=str(follow_up_id), status=f.status)
        uow.action = "queue.follow_up.answer"
        f.status, f.answer, f.answered_at, f.answered_by = "answered", answer, uow.now(), uow.actor.user_id
        t = uow.session.get(Ticket, f.ticket_id) if f.ticket_id is not None else None
        m = uow.session.get(Matter, f.matter_id) if f.matter_id is not None else None
        clerk_id = t.clerk_id if t is not None else m.owner_id if m is not None else None
        clerk = uow.session.scalar(select(User.full_name).where(User.id == clerk_id)) if clerk_id else ""
        info = _follow_up_info(uow, f, t, m, clerk, uow.now().date())
        uow.commit()
        return info
