"""The printed ticket (号票): its content from an issued ticket, and the PDF saved when the kiosk has no
printer (desktop.documents.ticket renders it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop import config, fileperms
from desktop.documents.ticket import TicketSlip, render_ticket
from desktop.services.queue.dto import IssuedTicket


def slip_for(issued: IssuedTicket, center_name: str) -> TicketSlip:
    t = issued.ticket
    return TicketSlip(center_name=center_name, number=t.number, service_name=t.service_name,
                      waiting_ahead=issued.waiting_ahead, issued_at=t.issued_at, priority=t.priority,
                      appointment=t.appointment)


def tickets_dir() -> Path:
    return fileperms.private_dir(config.data_dir() / "tickets")


def save_ticket_pdf(slip: TicketSlip, folder: Path | None = None) -> Path:
    """Write the ticket as a PDF (``tickets/2026-11-20-A012.pdf`` in the data folder) and return its path."""
    folder = folder or tickets_dir()
    day = slip.issued_at.date() if isinstance(slip.issued_at, dt.datetime) else slip.issued_at
    path = folder / f"{day:%Y-%m-%d}-{slip.number}.pdf"
    return fileperms.write_private(path, render_ticket(slip))
