"""The printed ticket (号票): its content from an issued ticket, and the PDF saved when the kiosk has no
printer (desktop.documents.ticket renders it). A ticket printed once the visit has a matter (a window clerk
printing it again) may carry the matter's code; a kiosk ticket has none: no matter exists when it is issued."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from desktop import config, fileperms
from desktop.db import UnitOfWork
from desktop.documents.ticket import TicketSlip, render_ticket
from desktop.models import Matter
from desktop.services.admin.center import get_center
from desktop.services.permissions import Permission, require
from desktop.services.queue.dto import IssuedTicket, TicketInfo


def slip_for(issued: IssuedTicket, center_name: str, *, matter_code: str = "") -> TicketSlip:
    t = issued.ticket
    return TicketSlip(center_name=center_name, number=t.number, service_name=t.service_name,
                      waiting_ahead=issued.waiting_ahead, issued_at=t.issued_at, priority=t.priority,
                      appointment=t.appointment, matter_code=matter_code)


def ticket_matter_code(uow: UnitOfWork, *, day: dt.date, number: str) -> str:
    """The code of the matter registered at this ticket (the newest, if the visit brought several), "" when the
    visit has none (the queue's tickets are purged; a matter keeps its ticket's day and number). Staff only:
    a matter's code is what a kiosk looks a matter up by, so it is never read by ticket number there."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        return uow.session.scalar(select(Matter.code).where(Matter.ticket_day == day, Matter.ticket_number == number)
                                  .order_by(Matter.id.desc()).limit(1)) or ""


def matter_slip(uow: UnitOfWork, *, ticket: TicketInfo) -> TicketSlip | None:
    """The ticket printed again at the window with the code of the matter registered at its visit, for the
    visitor to look the matter up at the kiosk later; None while the visit has no matter."""
    code = ticket_matter_code(uow, day=ticket.day, number=ticket.number)
    center = get_center(uow) if code else None
    if center is None:
        return None
    return slip_for(IssuedTicket(ticket=ticket, waiting_ahead=0), center.name, matter_code=code)


def tickets_dir() -> Path:
    return fileperms.private_dir(config.data_dir() / "tickets")


def save_ticket_pdf(slip: TicketSlip, folder: Path | None = None) -> Path:
    """Write the ticket as a PDF (``tickets/2026-11-20-A012.pdf`` in the data folder) and return its path."""
    folder = folder or tickets_dir()
    day = slip.issued_at.date() if isinstance(slip.issued_at, dt.datetime) else slip.issued_at
    path = folder / f"{day:%Y-%m-%d}-{slip.number}.pdf"
    return fileperms.write_private(path, render_ticket(slip))
