"""The dispute list: filters, sort keys, counting and paging."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from desktop.db import UnitOfWork
from desktop.models import (
    Agreement,
    Dispute,
    DisputeMediator,
    DisputeType,
    Mediator,
)
from desktop.models.mediation import (
    AGREED,
    FINAL,
    OPEN_STATES,
)
from desktop.services import deadlines
from desktop.services.admin.settings import get_setting
from desktop.services.mediation._access import _like, _require_reader
from desktop.services.mediation._resources import pairs
from desktop.services.mediation.records import DisputeFilter, DisputeRow


def _filtered(uow: UnitOfWork, q, f: DisputeFilter):
    if f.text.strip():
        like = _like(f.text.strip())
        q = q.where(or_(Dispute.case_no.like(like, escape="\\"), Dispute.title.like(like, escape="\\"),
                        Dispute.party_names.like(like, escape="\\"), Dispute.facts.like(like, escape="\\")))
    if f.states:
        q = q.where(Dispute.state.in_(list(f.states)))
    if f.type_id is not None:
        q = q.where(Dispute.type_id == f.type_id)
    if f.mediator_id is not None:
        q = q.where(Dispute.id.in_(select(DisputeMediator.dispute_id)
                                   .where(DisputeMediator.mediator_id == f.mediator_id)))
    if f.clock in ("late", "soon"):
        today = uow.now().date()
        q = q.where(Dispute.state.in_(OPEN_STATES))
        if f.clock == "late":
            q = q.where(Dispute.due_on <= today)
        else:
            soon = today + dt.timedelta(days=int(get_setting(uow, "mediation_due_soon_days")))
            q = q.where(Dispute.due_on > today, Dispute.due_on <= soon)
    if f.registered_from is not None:
        q = q.where(Dispute.registered_at >= dt.datetime.combine(f.registered_from, dt.time()))
    if f.registered_to is not None:
        q = q.where(Dispute.registered_at < dt.datetime.combine(f.registered_to + dt.timedelta(days=1), dt.time()))
    return q


SORT_KEYS = {
    "case_no": (Dispute.year, Dispute.serial),
    "registered_at": (Dispute.registered_at, Dispute.id),
    "due_on": (Dispute.due_on, Dispute.id),
    "state": (Dispute.state, Dispute.id),
    "type": (Dispute.type_id, Dispute.id),
    "title": (Dispute.title, Dispute.id),
}


def count_disputes(uow: UnitOfWork, *, where: DisputeFilter = DisputeFilter()) -> int:
    with uow:
        _require_reader(uow)
        return uow.session.scalar(_filtered(uow, select(func.count(Dispute.id)), where)) or 0


def list_disputes(uow: UnitOfWork, *, where: DisputeFilter = DisputeFilter(), offset: int = 0, limit: int = 200,
                  sort_key: str | None = None, descending: bool = True) -> list[DisputeRow]:
    """One page of disputes, newest first unless sorted otherwise."""
    with uow:
        _require_reader(uow)
        columns = SORT_KEYS.get(sort_key or "case_no", SORT_KEYS["case_no"])
        order = [c.desc() if descending else c.asc() for c in columns]
        q = _filtered(uow, select(Dispute, DisputeType.name).join(DisputeType, DisputeType.id == Dispute.type_id),
                      where).order_by(*order).offset(offset).limit(limit)
        rows = list(uow.session.execute(q))
        ids = [d.id for d, _ in rows]
        names: dict[int, list[str]] = {}
        if ids:
            for did, name in uow.session.execute(
                    select(DisputeMediator.dispute_id, Mediator.name).join(Mediator, Mediator.id == DisputeMediator.mediator_id)
                    .where(DisputeMediator.dispute_id.in_(ids)).order_by(DisputeMediator.seq)):
                names.setdefault(did, []).append(name)
        forms = pairs(uow, select(Agreement.dispute_id, Agreement.form).where(
            Agreement.dispute_id.in_(ids), Agreement.state == FINAL)) if ids else {}
        soon = int(get_setting(uow, "mediation_due_soon_days"))
        today = uow.now().date()
        out = []
        for d, type_name in rows:
            clock = deadlines.clock_state(d.due_on, today, soon) if d.state in OPEN_STATES \
                else deadlines.Clock(deadlines.CLOCK_NONE, None)
            out.append(DisputeRow(d.id, d.case_no, type_name, d.title, d.party_names, d.state, d.source,
                                  d.registered_at, d.due_on, clock.state, clock.days_left,
                                  "、".join(names.get(d.id, [])), d.closed_on,
                                  forms.get(d.id) if d.state == AGREED else None))
        return out
