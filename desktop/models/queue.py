"""The visitor queue (排队叫号): tickets, the per-day number counters, appointments, window state, the
append-only queue event log, and the follow-ups that bad ratings open.

Tickets, counters and window state are not audited row by row: every service that changes them writes a
``queue_event`` in the same transaction (who, when, which ticket and window, and what changed), so the
event table is their change log. Writing each call twice (event + audit entry) would only double the
busiest writes of the day. Appointments and follow-ups are ordinary records and are audited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.crypto import EncryptedString
from desktop.models.base import Base

# Ticket.status
WAITING = "waiting"      # in the line
CALLED = "called"        # called to a window, visitor not yet there
SERVING = "serving"      # service started
FINISHED = "finished"    # service done (may then be rated)
NO_SHOW = "no_show"      # 过号: did not come after the last call; a late arrival can be re-queued
TICKET_STATES = (WAITING, CALLED, SERVING, FINISHED, NO_SHOW)

# Ticket.rank: lower is called first. Rank 0 is a ticket transferred "to the front".
RANK_FRONT, RANK_APPOINTMENT, RANK_PRIORITY, RANK_NORMAL = 0, 1, 2, 3


class Ticket(Base):
    """One visitor's ticket for one day. ``number`` is the letter plus three digits (A012)."""

    __tablename__ = "queue_ticket"
    __audited__ = False  # queue_event is its change log
    __table_args__ = (
        UniqueConstraint("day", "issued_service_id", "seq", name="uq_queue_ticket_day_service_seq"),
        # call next: today's waiting tickets of some services, in calling order
        Index("ix_queue_ticket_waiting", "day", "status", "service_id", "rank", "queue_order"),
        Index("ix_queue_ticket_window", "window_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date]
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_service.id", ondelete="RESTRICT"))
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(4))
    # the service the ticket was first issued for (a transfer changes service_id)
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("queue_service.id", ondelete="RESTRICT"))
    priority: Mapped[bool] = mapped_column(default=False)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("queue_appointment.id", ondelete="SET NULL"))
    visitor_name: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int]
    # position inside a rank: milliseconds since the epoch of the moment the ticket joined the line
    queue_order: Mapped[int] = mapped_column(BigInteger)
    issued_order: Mapped[int] = mapped_column(BigInteger)  # queue_order at issue ("original order")
    target_window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    issued_at: Mapped[dt.datetime]
    first_called_at: Mapped[dt.datetime | None]
    last_called_at: Mapped[dt.datetime | None]
    call_count: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    record: Mapped[str] = mapped_column(Text, default="")
    case_kind: Mapped[str | None] = mapped_column(String(20))  # "petition" / "mediation", set by those areas
    case_id: Mapped[int | None]
    rating: Mapped[str | None] = mapped_column(String(20))
    rated_at: Mapped[dt.datetime | None]


class TicketCounter(Base):
    """The last number issued per service and day; bumped with an upsert in the issuing transaction."""

    __tablename__ = "queue_counter"
    __audited__ = False

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_service.id", ondelete="CASCADE"),
                                            primary_key=True)
    last_seq: Mapped[int]


class Appointment(Base):
    """A booked visit. The visitor checks in at the kiosk with ``code`` and joins the front of the line."""

    __tablename__ = "queue_appointment"
    __table_args__ = (
        UniqueConstraint("day", "code", name="uq_queue_appointment_day_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date]
    slot: Mapped[dt.time]
    code: Mapped[str] = mapped_column(String(6))
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_service.id", ondelete="RESTRICT"))
    visitor_name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(EncryptedString(20), default="", info={"audit": "secret"})  # encrypted
    status: Mapped[str] = mapped_column(String(12))  # booked / checked_in / cancelled (the ticket points here)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]


class WindowState(Base):
    """What a window is doing now and who is signed in at it. One row per window, made on first use."""

    __tablename__ = "queue_window_state"
    __audited__ = False  # queue_event records sign-in, pause and resume

    window_id: Mapped[int] = mapped_column(ForeignKey("window.id", ondelete="CASCADE"), primary_key=True)
    # the shown state follows: paused, else closed without a clerk, else serving while a ticket is called or
    # served there (Ticket.window_id and status say which: the one source of that fact), else idle
    paused: Mapped[bool] = mapped_column(default=False)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    since: Mapped[dt.datetime]  # of the last sign-in, sign-out, pause or resume


class QueueEvent(Base):
    """Append-only: what happened in the queue, in order. Screens poll ``WHERE id > :last_seen``."""

    __tablename__ = "queue_event"
    __audited__ = False
    __table_args__ = (
        Index("ix_queue_event_day", "day"),
        Index("ix_queue_event_ticket", "ticket_id"),
        # the reports' transfers of a period (kind = 'transferred', day in range): a few hundred among the
        # hundreds of thousands of events of a month
        Index("ix_queue_event_kind_day", "kind", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    day: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None]  # no foreign key: the log outlives what it describes
    number: Mapped[str] = mapped_column(String(4), default="")
    service_id: Mapped[int | None]
    window_no: Mapped[int | None]
    actor_id: Mapped[int | None]
    detail: Mapped[dict | None]


class RatingFollowUp(Base):
    """A 不满意 / 非常不满意 rating must be checked and answered by a working-day deadline."""

    __tablename__ = "queue_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    # a window rating's ticket, or the matter whose outcome a visitor rated at the kiosk (exactly one is set)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_ticket.id", ondelete="CASCADE"), unique=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[dt.datetime]
    due_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / answered
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime | None]
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
