"""How a case's actions move its matter along the route map, inside the case action's own transaction.

The petition and mediation services call these with the case's ``matter_id`` (None for a case stored before
it had a matter: then nothing moves). A closed matter does not move, except that ``reopen`` brings it back
when a 复查 / 复核 is requested after the case was finished.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import Dispute, Matter, Petition
from desktop.models.matters import CLOSED, OPEN
from desktop.models.mediation import OPEN_STATES as DISPUTE_OPEN
from desktop.services.matters.register import close
from desktop.services.matters.route import enter_step

# case states after which a case no longer keeps its matter open
PETITION_FINISHED = ("closed", "not_accepted", "withdrawn")


def _open_matter(uow: UnitOfWork, matter_id: int | None) -> Matter | None:
    if matter_id is None:
        return None
    m = uow.session.get(Matter, matter_id)
    return m if m is not None and m.state == OPEN else None


def move_matter(uow: UnitOfWork, matter_id: int | None, *, route: str, name: str, reason: str,
                due_on: dt.date | None = None, handler: str = "") -> bool:
    """Inside a transaction: the case's open matter goes on to step ``name`` of ``route``. False when the case
    has no open matter."""
    m = _open_matter(uow, matter_id)
    if m is None:
        return False
    enter_step(uow, m, route=route, name=name, reason=reason, due_on=due_on, handler=handler)
    return True


def finish_matter(uow: UnitOfWork, matter_id: int | None, outcome: str) -> bool:
    """Inside a transaction: the case's open matter is concluded with ``outcome`` (in words)."""
    m = _open_matter(uow, matter_id)
    if m is None:
        return False
    close(uow, m, outcome)
    return True


def open_cases(uow: UnitOfWork, matter_id: int) -> int:
    """The matter's cases still in progress: petitions not closed, not refused, not withdrawn; disputes in
    mediation."""
    uow.session.flush()
    petitions = uow.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.matter_id == matter_id, Petition.status.not_in(PETITION_FINISHED)))
    disputes = uow.session.scalar(select(func.count()).select_from(Dispute).where(
        Dispute.matter_id == matter_id, Dispute.state.in_(DISPUTE_OPEN)))
    return int(petitions or 0) + int(disputes or 0)


def case_finished(uow: UnitOfWork, matter_id: int | None, outcome: str) -> bool:
    """Inside a transaction, after a case's own change: its matter closes with ``outcome`` when this was the
    last case of the matter still in progress. True when it closed."""
    m = _open_matter(uow, matter_id)
    if m is None or open_cases(uow, m.id):
        return False
    close(uow, m, outcome)
    return True


def reopen(uow: UnitOfWork, m: Matter) -> None:
    """Inside a transaction: a closed matter is in progress again (a 复查 / 复核 of a finished case); the next
    ``enter_step`` puts it on its new step."""
    if m.state == CLOSED:
        m.state, m.closed_at, m.updated_at = OPEN, None, uow.now()
