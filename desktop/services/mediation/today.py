"""The mediator's day: today's sessions and the reminders of deadlines, due terms, judicial confirmation
windows and follow-up visits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingMediator,
    Dispute,
    DisputeMediator,
    Mediator,
)
from desktop.models.mediation import (
    CANCELLED,
    OPEN_STATES,
)
from desktop.services.admin.settings import get_setting
from desktop.services.mediation._access import _require_reader
from desktop.services.mediation.aftercare import due_terms, follow_ups_due, judicial_reminder_items
from desktop.services.mediation.bookings import booking_infos
from desktop.services.mediation.mediators import _enrol_staff, _mediator_info, my_mediator_id
from desktop.services.mediation.records import TodayItem, TodayView

# ---------------------------------------------------------------- the mediator's day

def mediator_today(uow: UnitOfWork, *, mediator_id: int | None = None) -> TodayView:
    """A mediator's day: today's sessions, and what needs them — disputes near or past their deadline,
    agreement terms due or overdue and not performed, judicial-confirmation windows closing, follow-up
    visits due. Defaults to the signed-in user's place on the roster."""
    with uow:
        _require_reader(uow)
        if mediator_id is None:
            _enrol_staff(uow)
            mediator_id = my_mediator_id(uow)
        m = uow.session.get(Mediator, mediator_id) if mediator_id is not None else None
        today = uow.now().date()
        if m is None:
            uow.commit()
            return TodayView(today, None, (), (), 0)
        mine = select(DisputeMediator.dispute_id).where(DisputeMediator.mediator_id == m.id)
        sessions = tuple(booking_infos(
            uow, Booking.start_at >= dt.datetime.combine(today, dt.time()),
            Booking.start_at < dt.datetime.combine(today + dt.timedelta(days=1), dt.time()),
            Booking.state != CANCELLED,
            Booking.id.in_(select(BookingMediator.booking_id).where(BookingMediator.mediator_id == m.id))))
        soon_days = int(get_setting(uow, "mediation_due_soon_days"))
        reminders: list[TodayItem] = []
        for d in uow.session.scalars(select(Dispute).where(Dispute.id.in_(mine), Dispute.state.in_(OPEN_STATES),
                                                           Dispute.due_on <= today + dt.timedelta(days=soon_days))
                                     .order_by(Dispute.due_on)):
            reminders.append(TodayItem("deadline", d.id, d.case_no, d.title, d.due_on, (d.due_on - today).days))
        reminders += due_terms(uow, today=today, within_days=soon_days, dispute_ids=mine)
        reminders += judicial_reminder_items(uow, today=today, dispute_ids=mine)
        reminders += follow_ups_due(uow, today=today, dispute_ids=mine)
        open_count = uow.session.scalar(select(func.count(Dispute.id)).where(
            Dispute.id.in_(mine), Dispute.state.in_(OPEN_STATES))) or 0
        order = {"deadline": 0, "term_due": 1, "judicial": 2, "follow_up": 3}
        reminders.sort(key=lambda r: (r.days_left if r.days_left is not None else 9999, order[r.kind], r.case_no))
        uow.commit()
        return TodayView(today, _mediator_info(m), sessions, tuple(reminders), open_count)
