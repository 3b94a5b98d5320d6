"""件件有登记: a matter and its code, opened by the window, the petition or the dispute that takes it.

``open_matter`` runs inside the caller's transaction (a petition's registration opens its matter in the same
commit, so a rolled-back registration gives its code back). ``register_window_matter`` is the light form of a
window matter that is neither a petition nor a dispute.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import Matter, Ticket
from desktop.models.matters import CLOSED, KINDS, OPEN, WINDOW
from desktop.services.admin.settings import get_setting
from desktop.services.case_numbers import MATTER, next_case_number
from desktop.services.errors import Invalid, NotFound
from desktop.services.matters.route import enter_step
from desktop.services.people import PersonInput, upsert_person
from desktop.services.permissions import Permission, require
from desktop.validation import clean_text

SERVICES = ("法律援助", "社会保障", "民政救助", "法律咨询", "政策咨询", "其他")
SUMMARY_MAX = 2000


def text(value: str | None, field: str, *, required: bool = True, maximum: int = SUMMARY_MAX) -> str:
    return clean_text(value, field, required=required, maximum=maximum)


def format_code(prefix: str, year: int, serial: int) -> str:
    """HS-2026-000123: prefix, year, six digits (more when a year needs them)."""
    return f"{prefix}-{year}-{serial:06d}"


def actor_place(uow: UnitOfWork) -> str:
    """Where the acting clerk answers for a matter: 「3号窗口」, else their name."""
    if uow.actor.window_no:
        return f"{uow.actor.window_no}号窗口"
    return uow.actor.full_name or uow.actor.username


def open_matter(uow: UnitOfWork, *, kind: str, summary: str, person_id: int | None, ticket_id: int | None,
                route: str, step: str, due_on: dt.date | None = None, service: str = "") -> Matter:
    """Inside an open writing unit of work: a new matter with the next code, owned by the acting clerk, on
    its first route step."""
    if kind not in KINDS:
        raise Invalid(field="kind", reason="unknown", value=kind)
    now = uow.now()
    number = next_case_number(uow, kind=MATTER, year=now.year)
    day = number_ = None
    if ticket_id is not None:
        t = uow.session.get(Ticket, ticket_id)
        if t is not None:
            day, number_ = t.day, t.number
    m = Matter(code=format_code(get_setting(uow, "matter_code_prefix"), number.year, number.seq),
               year=number.year, serial=number.seq, kind=kind, service=service, summary=summary[:SUMMARY_MAX],
               outcome="", state=OPEN, person_id=person_id, ticket_day=day, ticket_number=number_,
               registered_at=now, registered_by=uow.actor.user_id, owner_id=uow.actor.user_id,
               owner_place=actor_place(uow), updated_at=now)
    uow.session.add(m)
    uow.session.flush()
    enter_step(uow, m, route=route, name=step, due_on=due_on)
    return m


def matter_for_ticket(uow: UnitOfWork, ticket_id: int | None) -> Matter | None:
    """The open window matter registered at this visit's ticket, which a petition or dispute then continues."""
    if ticket_id is None:
        return None
    t = uow.session.get(Ticket, ticket_id)
    if t is None:
        return None
    return uow.session.scalar(select(Matter).where(
        Matter.ticket_day == t.day, Matter.ticket_number == t.number, Matter.kind == WINDOW,
        Matter.state == OPEN).order_by(Matter.id.desc()).limit(1))


def get_open_matter(uow: UnitOfWork, code: str) -> Matter:
    m = uow.session.scalar(select(Matter).where(Matter.code == code.strip().upper()))
    if m is None:
        raise NotFound(entity="matter", key=code)
    if m.state != OPEN:
        raise Invalid(field="matter", reason="closed", value=code)
    return m


def get_open_matter_by_id(uow: UnitOfWork, matter_id: int) -> Matter:
    m = uow.session.get(Matter, matter_id)
    if m is None:
        raise NotFound(entity="matter", key=str(matter_id))
    if m.state != OPEN:
        raise Invalid(field="matter", reason="closed", value=m.code)
    return m


def continue_matter(uow: UnitOfWork, m: Matter, *, kind: str, route: str, step: str, reason: str,
                    due_on: dt.date | None = None) -> Matter:
    """A window matter becomes a petition or a dispute: same code, a new route step."""
    m.kind, m.updated_at = kind, uow.now()
    enter_step(uow, m, route=route, name=step, reason=reason, due_on=due_on)
    return m


def register_window_matter(uow: UnitOfWork, *, service: str, summary: str, person: PersonInput | None = None,
                           outcome: str = "", ticket_id: int | None = None, done: bool = False) -> tuple[int, str]:
    """A window matter: who, which service, what they asked, what was done. ``done`` closes it at once (a
    consultation answered at the window); otherwise it stays open with the clerk until handed over or closed.
    Returns (matter id, code)."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        if service not in SERVICES:
            raise Invalid(field="service", reason="unknown", value=service)
        summary = text(summary, "summary")
        outcome = text(outcome, "outcome", required=False)
        uow.action = "matter.register"
        person_row = upsert_person(uow, person, field="person") if person is not None else None
        m = open_matter(uow, kind=WINDOW, summary=summary, person_id=person_row and person_row.id,
                        ticket_id=ticket_id, route="window", step=f"窗口受理（{service}）", service=service)
        m.outcome = outcome
        if done:
            close(uow, m, outcome)
        out = (m.id, m.code)
        uow.commit()
        return out


def close(uow: UnitOfWork, m: Matter, outcome: str = "") -> None:
    """Inside a transaction: the matter is concluded; its open step ends now."""
    from desktop.services.matters.route import leave_step

    now = uow.now()
    leave_step(uow, m, now)
    m.state, m.closed_at, m.updated_at = CLOSED, now, now
    if outcome:
        m.outcome = outcome


def close_window_matter(uow: UnitOfWork, *, matter_id: int, outcome: str) -> None:
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        m = get_open_matter_by_id(uow, matter_id)
        uow.action = "matter.close"
        close(uow, m, text(outcome, "outcome"))
        uow.commit()
