"""The route map (路线图): the legal route a matter is on and the step it is at, one row per step.

Routes: window (窗口办理), petition (信访) → review (复查) → recheck (复核), mediation (人民调解) → judicial
(司法确认), or on failure a referral: arbitration (仲裁), court (诉讼 / 诉调对接), petition. A move closes the
current step and opens the next one with its reason and its legal deadline, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import Matter, MatterStep

ROUTES = ("window", "petition", "review", "recheck", "mediation", "judicial", "arbitration", "court")


def current_step(uow: UnitOfWork, m: Matter) -> MatterStep | None:
    return uow.session.scalar(select(MatterStep).where(MatterStep.matter_id == m.id, MatterStep.left_at.is_(None))
                              .order_by(MatterStep.id.desc()).limit(1))


def leave_step(uow: UnitOfWork, m: Matter, at: dt.datetime) -> None:
    step = current_step(uow, m)
    if step is not None:
        step.left_at = at


def enter_step(uow: UnitOfWork, m: Matter, *, route: str, name: str, reason: str = "",
               due_on: dt.date | None = None, handler: str = "") -> MatterStep:
    """Inside a transaction: end the current step now and start ``name`` on ``route``."""
    if route not in ROUTES:
        raise ValueError(f"unknown route {route!r}")
    now = uow.now()
    leave_step(uow, m, now)
    step = MatterStep(matter_id=m.id, route=route, name=name, entered_at=now, left_at=None, due_on=due_on,
                      reason=reason, handler=handler or m.owner_place)
    uow.session.add(step)
    m.updated_at = now
    uow.session.flush()
    return step
