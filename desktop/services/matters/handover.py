"""首问负责: the clerk who registered a matter answers for it until the receiver acknowledges a handover.

A handover names a window (by number), a department or a mediator. Until the receiver acknowledges it, the
sender stays the owner and both sides list it as pending; after ``matter_handover_alert_hours`` it is late
and the director's board counts it. Acknowledging makes the receiver the owner and starts their step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from desktop.db import UnitOfWork
from desktop.models import Department, Matter, MatterHandover, Mediator, Window
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Invalid, NotFound
from desktop.services.matters.dto import HandoverInfo
from desktop.services.matters.register import actor_place, get_open_matter_by_id, text
from desktop.services.matters.route import current_step, enter_step
from desktop.services.permissions import Permission, require

TO_KINDS = ("window", "department", "mediator")


def _receiver(uow: UnitOfWork, to_kind: str, to_ref: int) -> str:
    if to_kind == "window":
        if uow.session.scalar(select(Window.id).where(Window.number == to_ref)) is None:
            raise NotFound(entity="window", key=str(to_ref))
        return f"{to_ref}号窗口"
    if to_kind == "department":
        d = uow.session.get(Department, to_ref)
        if d is None:
            raise NotFound(entity="department", key=str(to_ref))
        return d.name
    if to_kind == "mediator":
        med = uow.session.get(Mediator, to_ref)
        if med is None:
            raise NotFound(entity="mediator", key=str(to_ref))
        return f"调解员{med.name}"
    raise Invalid(field="to_kind", reason="unknown", value=to_kind)


def _is_receiver(uow: UnitOfWork, h: MatterHandover) -> bool:
    a = uow.actor
    if h.to_kind == "window":
        return a.window_no == h.to_ref
    if h.to_kind == "department":
        return a.department_id == h.to_ref
    return uow.session.scalar(select(Mediator.id).where(Mediator.id == h.to_ref,
                                                        Mediator.user_id == a.user_id)) is not None


def _pending(uow: UnitOfWork, matter_id: int) -> MatterHandover | None:
    return uow.session.scalar(select(MatterHandover).where(MatterHandover.matter_id == matter_id,
                                                           MatterHandover.acknowledged_at.is_(None)))


def hand_over(uow: UnitOfWork, *, matter_id: int, to_kind: str, to_ref: int, reason: str) -> HandoverInfo:
    """Send an open matter to a window, department or mediator. The sender stays responsible until it is
    acknowledged; a matter has at most one handover pending."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        m = get_open_matter_by_id(uow, matter_id)
        if _pending(uow, m.id) is not None:
            raise Invalid(field="matter", reason="handover_pending", value=m.code)
        reason = text(reason, "reason", maximum=500)
        place = _receiver(uow, to_kind, to_ref)
        uow.action = "matter.hand_over"
        h = MatterHandover(matter_id=m.id, from_id=uow.actor.user_id, from_place=actor_place(uow), to_kind=to_kind,
                           to_ref=to_ref, to_place=place, reason=reason, sent_at=uow.now())
        uow.session.add(h)
        uow.session.flush()
        out = _info(uow, h, m, uow.now())
        uow.commit()
        return out


def acknowledge(uow: UnitOfWork, *, handover_id: int) -> HandoverInfo:
    """The receiver takes the matter over: they own it from now, on a new step at their place."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        h = uow.session.get(MatterHandover, handover_id)
        if h is None:
            raise NotFound(entity="handover", key=str(handover_id))
        if h.acknowledged_at is not None:
            raise Invalid(field="handover", reason="acknowledged", value=str(handover_id))
        if not _is_receiver(uow, h):
            raise Invalid(field="handover", reason="not_receiver", value=h.to_place)
        m = uow.session.get(Matter, h.matter_id)
        uow.action = "matter.acknowledge"
        now = uow.now()
        h.acknowledged_at, h.acknowledged_by = now, uow.actor.user_id
        m.owner_id, m.owner_place = uow.actor.user_id, h.to_place
        step = current_step(uow, m)
        enter_step(uow, m, route=step.route if step else "window", name=f"转交{h.to_place}", reason=h.reason,
                   due_on=step.due_on if step else None, handler=h.to_place)
        out = _info(uow, h, m, now)
        uow.commit()
        return out


def _late(uow: UnitOfWork, h: MatterHandover, now: dt.datetime) -> bool:
    hours = get_setting(uow, "matter_handover_alert_hours")
    return h.acknowledged_at is None and now - h.sent_at > dt.timedelta(hours=hours)


def _info(uow: UnitOfWork, h: MatterHandover, m: Matter, now: dt.datetime) -> HandoverInfo:
    return HandoverInfo(h.id, m.id, m.code, m.summary[:60], h.from_place, h.to_place, h.reason, h.sent_at,
                        h.acknowledged_at, _late(uow, h, now))


def pending_handovers(uow: UnitOfWork, *, side: str = "all") -> list[HandoverInfo]:
    """Handovers not yet acknowledged: ``incoming`` (to the acting clerk's window, department or mediator
    role), ``outgoing`` (sent by them), or ``all`` (the director's board)."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        q = (select(MatterHandover, Matter).join(Matter, Matter.id == MatterHandover.matter_id)
             .where(MatterHandover.acknowledged_at.is_(None)).order_by(MatterHandover.sent_at))
        a = uow.actor
        if side == "outgoing":
            q = q.where(MatterHandover.from_id == a.user_id)
        elif side == "incoming":
            mediator = uow.session.scalar(select(Mediator.id).where(Mediator.user_id == a.user_id))
            q = q.where(or_(
                (MatterHandover.to_kind == "window") & (MatterHandover.to_ref == (a.window_no or -1)),
                (MatterHandover.to_kind == "department") & (MatterHandover.to_ref == (a.department_id or -1)),
                (MatterHandover.to_kind == "mediator") & (MatterHandover.to_ref == (mediator or -1))))
        now = uow.now()
        return [_info(uow, h, m, now) for h, m in uow.session.execute(q).all()]


def count_late_handovers(uow: UnitOfWork, *, since: dt.datetime | None = None) -> int:
    """Handovers still unacknowledged after the alert time (``since``: sent on or after)."""
    with uow:
        hours = get_setting(uow, "matter_handover_alert_hours")
        q = select(MatterHandover).where(MatterHandover.acknowledged_at.is_(None),
                                         MatterHandover.sent_at < uow.now() - dt.timedelta(hours=hours))
        if since is not None:
            q = q.where(MatterHandover.sent_at >= since)
        return len(uow.session.scalars(q).all())
