"""Changing a booking: confirm, reschedule, cancel (also when the case closes), no-show and held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    Dispute,
    DisputeParty,
    Mediator,
)
from desktop.models.mediation import (
    CANCELLED,
    CONFIRMED,
    HELD,
    NO_SHOW,
    TENTATIVE,
)
from desktop.services.errors import Conflict, Invalid, NotFound
from desktop.services.mediation._access import get_dispute_row
from desktop.services.mediation._resources import (
    _booking_resources,
    _conflicts,
    _lock_resources,
    _resources,
    _write_claims,
)
from desktop.services.mediation.bookings import _booking_info, _get_booking, _refresh_dispute_state, _room
from desktop.services.mediation.errors import BookingConflict, WrongState
from desktop.services.mediation.hours import _apply_hours_rule, _audit_override, _check_times, hours_problem
from desktop.services.mediation.schedule_records import BookingInfo, whole_minutes
from desktop.services.permissions import Permission, require


def confirm_booking(uow: UnitOfWork, *, booking_id: int) -> BookingInfo:
    """A tentative booking becomes confirmed, if its time is still free."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        b = _get_booking(uow, booking_id)
        resources = _booking_resources(uow, b)
        _lock_resources(uow, (r.key for r in resources))
        uow.session.expire(b)
        if b.state != TENTATIVE:
            raise WrongState(entity="booking", key=b.id, state=b.state, action="confirm")
        if b.end_at <= uow.now():
            raise Invalid(field="start_at", reason="in_past")
        if not b.hours_override:
            problem = hours_problem(uow, b.start_at, b.end_at)
            if problem is not None:  # the hours or the calendar changed since it was pencilled in
                raise problem
        conflicts = _conflicts(uow, resources, b.start_at, b.end_at, b.id)
        if conflicts:
            raise BookingConflict(start=b.start_at, end=b.end_at, conflicts=conflicts)
        uow.action = "booking.confirm"
        b.state, b.updated_at = CONFIRMED, uow.now()
        uow.session.flush()
        _write_claims(uow, b, resources)
        info = _booking_info(uow, b)
        uow.commit()
        return info


def reschedule_booking(uow: UnitOfWork, *, booking_id: int, start: dt.datetime, end: dt.datetime, room_id: int | None = None,
                       version: int | None = None, override_hours: bool = False) -> BookingInfo:
    """Move a tentative or confirmed booking to another time and/or room, under the same rules as booking."""
    start, end = whole_minutes(start), whole_minutes(end, "end_at")
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        _check_times(uow, start, end)
        b = _get_booking(uow, booking_id, version)
        room = _room(uow, room_id if room_id is not None else b.room_id)
        mediators = [uow.session.get(Mediator, bm.mediator_id) for bm in b.mediators]
        parties = [uow.session.get(DisputeParty, bp.party_id) for bp in b.parties]
        resources = _resources(room, mediators, parties)
        _lock_resources(uow, (r.key for r in resources))
        uow.session.expire(b)
        if version is not None and b.version != version:
            raise Conflict(entity="booking", key=booking_id)
        if b.state not in (TENTATIVE, CONFIRMED):
            raise WrongState(entity="booking", key=b.id, state=b.state, action="reschedule")
        if b.start_at <= uow.now() and b.state == CONFIRMED:
            raise WrongState(entity="booking", key=b.id, state="started", action="reschedule")
        overridden = _apply_hours_rule(uow, start, end, override_hours)
        conflicts = _conflicts(uow, resources, start, end, b.id)  # tentative ones may not land on confirmed
        if conflicts:
            raise BookingConflict(start=start, end=end, conflicts=conflicts)
        uow.action = "booking.reschedule"
        b.room_id, b.start_at, b.end_at, b.hours_override = room.id, start, end, overridden is not None
        b.updated_at = uow.now()
        uow.session.flush()
        _audit_override(uow, b, overridden)
        _write_claims(uow, b, resources)
        info = _booking_info(uow, b)
        uow.commit()
        return info


def cancel_booking(uow: UnitOfWork, *, booking_id: int, reason: str) -> BookingInfo:
    """Cancel a tentative or confirmed booking, with the reason; its room and people are free again."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        if not reason.strip():
            raise Invalid(field="cancel_reason", reason="empty")
        b = _get_booking(uow, booking_id)
        if b.state not in (TENTATIVE, CONFIRMED):
            raise WrongState(entity="booking", key=b.id, state=b.state, action="cancel")
        uow.action = "booking.cancel"
        b.state, b.cancel_reason, b.updated_at = CANCELLED, reason.strip()[:200], uow.now()
        uow.session.flush()
        _write_claims(uow, b, [])
        _refresh_dispute_state(uow, get_dispute_row(uow, b.dispute_id))
        info = _booking_info(uow, b)
        uow.commit()
        return info


def remaining_booking_rows(uow: UnitOfWork, dispute_id: int) -> list[Booking]:
    """Inside an open unit of work: the sessions of a dispute still to come (tentative or confirmed, not
    begun), earliest first — what closing the case offers to cancel."""
    return list(uow.session.scalars(select(Booking).where(
        Booking.dispute_id == dispute_id, Booking.state.in_((TENTATIVE, CONFIRMED)), Booking.start_at > uow.now())
        .order_by(Booking.start_at, Booking.id)))


def cancel_on_closing(uow: UnitOfWork, d: Dispute, booking_ids: Sequence[int], reason: str) -> None:
    """Inside an open unit of work that closes dispute ``d``: cancel the sessions the mediator chose among
    its remaining ones, with the reason. Ids that are not remaining sessions of ``d`` are refused."""
    remaining = {b.id: b for b in remaining_booking_rows(uow, d.id)}
    for bid in dict.fromkeys(booking_ids):
        b = remaining.get(bid)
        if b is None:
            raise NotFound(entity="booking", key=bid)
        if not reason.strip():
            raise Invalid(field="cancel_reason", reason="empty")
        b.state, b.cancel_reason, b.updated_at = CANCELLED, reason.strip()[:200], uow.now()
        uow.session.flush()
        _write_claims(uow, b, [])


def mark_no_show(uow: UnitOfWork, *, booking_id: int, note: str = "") -> BookingInfo:
    """The parties did not come to a confirmed session that has begun."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        b = _get_booking(uow, booking_id)
        if b.state != CONFIRMED:
            raise WrongState(entity="booking", key=b.id, state=b.state, action="no_show")
        if b.start_at > uow.now():
            raise WrongState(entity="booking", key=b.id, state="not_started", action="no_show")
        uow.action = "booking.no_show"
        b.state, b.updated_at = NO_SHOW, uow.now()
        if note.strip():
            b.note = note.strip()[:200]
        uow.session.flush()
        _write_claims(uow, b, [])
        _refresh_dispute_state(uow, get_dispute_row(uow, b.dispute_id))
        info = _booking_info(uow, b)
        uow.commit()
        return info


def mark_held(uow: UnitOfWork, b: Booking) -> None:
    """Inside an open unit of work: the session of booking ``b`` took place (a record was written)."""
    if b.state not in (CONFIRMED, HELD):
        raise WrongState(entity="booking", key=b.id, state=b.state, action="hold")
    if b.start_at > uow.now():
        raise WrongState(entity="booking", key=b.id, state="not_started", action="hold")
    if b.state != HELD:
        b.state, b.updated_at = HELD, uow.now()  # claims stay: a held booking keeps its time
