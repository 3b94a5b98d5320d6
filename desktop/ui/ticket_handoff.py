"""The hand-off of a queue ticket to a registration dialog (a petition's or a dispute's): the ticket's id
(kept with the new case, never shown), its number and service (shown), and what is known of the visitor.

``TicketHandoff.of(ticket)`` reads the queue's TicketInfo, any object or a dict with some of ``id`` or
``ticket_id``, ``number``, ``service_letter``, ``service_name``, ``visitor_name`` or ``name``, ``phone``,
``id_number``, ``village``, ``address``; empty values count as missing (None)."""

from __future__ import annotations

from dataclasses import dataclass


def _value(ticket, *names):
    for name in names:
        value = ticket.get(name) if isinstance(ticket, dict) else getattr(ticket, name, None)
        if value not in (None, ""):
            return value
    return None


@dataclass(frozen=True)
class TicketHandoff:
    ticket_id: int | None = None
    number: str | None = None
    service_letter: str | None = None
    service_name: str | None = None
    visitor_name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    village: str | None = None
    address: str | None = None

    @classmethod
    def of(cls, ticket) -> TicketHandoff | None:
        """The hand-off of ``ticket`` (None stays None)."""
        if ticket is None or isinstance(ticket, TicketHandoff):
            return ticket
        return cls(ticket_id=_value(ticket, "ticket_id", "id"), number=_value(ticket, "number"),
                   service_letter=_value(ticket, "service_letter"), service_name=_value(ticket, "service_name"),
                   visitor_name=_value(ticket, "visitor_name", "name"), phone=_value(ticket, "phone"),
                   id_number=_value(ticket, "id_number"), village=_value(ticket, "village"),
                   address=_value(ticket, "address"))

    @property
    def service(self) -> str:
        """The service as shown: letter and name ("B 信访接待"), or what there is of them."""
        return " ".join(str(v) for v in (self.service_letter, self.service_name) if v)
