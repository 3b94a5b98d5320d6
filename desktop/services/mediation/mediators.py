"""The mediator roster: staff enrolled from user accounts, volunteers entered by hand."""

from __future__ import annotations

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Mediator,
    User,
)
from desktop.services.errors import Invalid, NotFound
from desktop.services.mediation._access import _require_reader
from desktop.services.mediation.records import MEDIATOR_KINDS, MediatorInfo
from desktop.services.people import (
    PersonInput,
    mask_phone,
    normalize_phone,
    upsert_person,
)
from desktop.services.permissions import Permission, require


def _mediator_info(m: Mediator) -> MediatorInfo:
    return MediatorInfo(m.id, m.kind, m.name, m.organisation, m.title, mask_phone(m.phone), m.user_id, m.person_id,
                        m.active)


# ---------------------------------------------------------------- mediators

def _enrol_staff(uow: UnitOfWork) -> None:
    """Inside an open unit of work: every active user with the mediator role is on the roster."""
    enrolled = select(Mediator.user_id).where(Mediator.user_id.is_not(None))
    for user in uow.session.scalars(select(User).where(User.role == "mediator", User.active,
                                                       User.id.not_in(enrolled))):
        uow.action = "mediator.enrol"
        uow.session.add(Mediator(kind="staff", user_id=user.id, name=user.full_name, organisation="",
                                 title="", phone=user.phone or "", active=True, created_at=uow.now()))
    uow.session.flush()


def list_mediators(uow: UnitOfWork, *, active_only: bool = True) -> list[MediatorInfo]:
    """The roster: staff mediators (every user with the mediator role is enrolled on first look) and external
    volunteer mediators with their organisation."""
    with uow:
        _require_reader(uow)
        _enrol_staff(uow)
        q = select(Mediator).order_by(Mediator.kind, Mediator.name, Mediator.id)
        if active_only:
            q = q.where(Mediator.active)
        out = [_mediator_info(m) for m in uow.session.scalars(q)]
        uow.commit()
        return out


def save_mediator(uow: UnitOfWork, *, id: int | None = None, kind: str = "volunteer", name: str, organisation: str = "",
                  title: str = "", phone: str | None = "", user_id: int | None = None, active: bool = True,
                  person: PersonInput | None = None) -> MediatorInfo:
    """Add or change a mediator. A volunteer may be tied to their person record (``person``), so that they
    can never mediate a dispute they are a party to, and their own party sessions block them. ``phone``
    None keeps the stored number (the form shows it masked)."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        if kind not in MEDIATOR_KINDS:
            raise Invalid(field="kind", reason="unknown", value=kind)
        name = " ".join(name.split())
        if not name:
            raise Invalid(field="name", reason="empty")
        if kind == "staff":
            if user_id is None or uow.session.get(User, user_id) is None:
                raise Invalid(field="user_id", reason="empty")
            other = uow.session.scalar(select(Mediator.id).where(Mediator.user_id == user_id))
            if other is not None and other != id:
                raise Invalid(field="user_id", reason="duplicate")
        m = uow.session.get(Mediator, id) if id else Mediator(created_at=uow.now(), phone="")
        if m is None:
            raise NotFound(entity="mediator", key=id)
        phone = m.phone if phone is None else normalize_phone(phone, field="phone")
        uow.action = "mediator.save"
        if person is not None:
            m.person_id = upsert_person(uow, person, field="person").id
        m.kind, m.name, m.organisation, m.title = kind, name, organisation.strip()[:100], title.strip()[:40]
        m.phone, m.active, m.user_id = phone, active, user_id if kind == "staff" else None
        uow.session.add(m)
        uow.session.flush()
        info = _mediator_info(m)
        uow.commit()
        return info


def my_mediator_id(uow: UnitOfWork) -> int | None:
    """Inside an open unit of work: the signed-in user's place on the roster, if any."""
    if uow.actor.user_id is None:
        return None
    return uow.session.scalar(select(Mediator.id).where(Mediator.user_id == uow.actor.user_id))
