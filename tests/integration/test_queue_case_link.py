"""A visitor's ticket leads to the case the clerk registers for them (接 from a queue ticket)."""

from sqlalchemy import select

from desktop.models.queue import QueueEvent, Ticket
from desktop.services import queue
from desktop.services.admin import center
from tests.integration.test_petition_helpers import make_staff, register


def test_petition_registered_from_a_ticket_is_linked_to_it(admin_ctx):
    staff = make_staff(admin_ctx)
    service = next(s for s in center.list_services(admin_ctx.uow()) if s.letter == "B")
    issued = queue.issue_ticket(admin_ctx.uow(), service_id=service.id)
    queue.sign_in_window(staff.clerk.uow(), window_no=2)
    called = queue.call_next(staff.clerk.uow(), window_no=2)
    assert called.ticket.id == issued.ticket.id
    case = register(staff.clerk, staff, ticket_id=called.ticket.id)
    with admin_ctx.uow() as uow:
        ticket = uow.session.get(Ticket, called.ticket.id)
        assert (ticket.case_kind, ticket.case_id) == ("petition", case.id)
        kinds = list(uow.session.scalars(select(QueueEvent.kind).where(QueueEvent.ticket_id == ticket.id)))
    assert kinds[-1] == "linked"
