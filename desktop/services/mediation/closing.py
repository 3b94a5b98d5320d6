"""Closing a dispute as failed, terminated or referred, and the sessions that remain to cancel with it."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
)
from desktop.models.mediation import (
    FAILED,
    OPEN_STATES,
    REFERRAL_TARGETS,
    REFERRED,
    TERMINATED,
)
from desktop.services.errors import Invalid
from desktop.services.mediation._access import _require_reader, get_dispute_row
from desktop.services.mediation.booking_changes import cancel_on_closing, remaining_booking_rows
from desktop.services.mediation.bookings import booking_infos
from desktop.services.mediation.disputes import _detail
from desktop.services.mediation.errors import WrongState
from desktop.services.mediation.records import DisputeDetail
from desktop.services.mediation.route_moves import dispute_closed
from desktop.services.mediation.schedule_records import BookingInfo
from desktop.services.permissions import Permission, require


def remaining_sessions(uow: UnitOfWork, *, dispute_id: int) -> list[BookingInfo]:
    """The sessions of a dispute still to come (tentative or confirmed, not begun), earliest first: closing
    the case (close_dispute, signing.finalise_agreement) offers to cancel them."""
    with uow:
        _require_reader(uow)
        ids = [b.id for b in remaining_booking_rows(uow, dispute_id)]
        return booking_infos(uow, Booking.id.in_(ids)) if ids else []


def close_dispute(uow: UnitOfWork, *, dispute_id: int, outcome: str, note: str, referred_to: str | None = None,
                  referred_body: str = "", cancel_booking_ids: Sequence[int] = (),
                  cancel_reason: str = "") -> DisputeDetail:
    """End an open dispute without agreement: failed (调解不成), terminated (终止调解) or referred (to the
    court, the petition office or another body). Its remaining sessions (remaining_sessions) are cancelled
    with it when listed in ``cancel_booking_ids`` (with ``cancel_reason``); a closed case keeps none, so
    closing is refused while one is left."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if outcome not in (FAILED, TERMINATED, REFERRED):
            raise Invalid(field="outcome", reason="unknown", value=outcome)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="close")
        if not note.strip():
            raise Invalid(field="outcome_note", reason="empty")
        if outcome == REFERRED:
            if referred_to not in REFERRAL_TARGETS:
                raise Invalid(field="referred_to", reason="empty")
            if not referred_body.strip():
                raise Invalid(field="referred_body", reason="empty")
        uow.action = f"dispute.{outcome}"
        cancel_on_closing(uow, d, cancel_booking_ids, cancel_reason)
        upcoming = len(remaining_booking_rows(uow, d.id))
        if upcoming:
            raise WrongState(entity="dispute", key=d.case_no, state="has_bookings", action="close", count=upcoming)
        d.state, d.outcome_note, d.closed_on, d.updated_at = outcome, note.strip(), uow.now().date(), uow.now()
        d.referred_to = referred_to if outcome == REFERRED else None
        d.referred_body = referred_body.strip()[:100] if outcome == REFERRED else ""
        uow.session.flush()
        dispute_closed(uow, d, outcome, d.outcome_note)
        detail = _detail(uow, d)
        uow.commit()
        return detail
