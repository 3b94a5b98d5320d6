"""An import that stopped (cancelled, or a batch failed) taken back: the cases it created, their register
steps and parties, the callers it added and its work-order keys removed, a few hundred cases per
transaction (audited as ``intake.discard``), the case numbers given back when nobody took one since, and
the record marked ``failed``. If that fails too the record stays ``running``: importing the same file again
takes it over (desktop.services.intake.batches)."""

from __future__ import annotations

import logging

from sqlalchemy import delete, func, select, update

from desktop.models import (
    CaseCounter,
    ImportBatch,
    ImportedWorkOrder,
    Person,
    Petition,
    PetitionParty,
    PetitionStep,
)
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.intake._common import _chunks
from desktop.services.intake.batches import COMPLETE, FAILED, _lock_source, _mark

log = logging.getLogger(__name__)
DISCARD_CHUNK = 500  # cases removed per transaction (ORM deletes, each audited)


def _discard(uow, *, batch_id: int, source: str) -> bool:
    """Remove what import ``batch_id`` wrote; True when it is all gone and the record says failed."""
    seqs: dict[int, list[int]] = {}  # year -> the case numbers removed
    try:
        with uow:  # a failure reported after its last COMMIT went through: the import is complete, keep it
            if uow.session.scalar(select(ImportBatch.state).where(ImportBatch.id == batch_id)) == COMPLETE:
                return False
        while _discard_some(uow, batch_id, source, seqs):
            pass
        with uow:
            _lock_source(uow, source)
            for year, removed in seqs.items():
                _give_back_numbers(uow, year, min(removed), max(removed))
            _mark(uow, batch_id, state=FAILED, rows_done=0)
            uow.commit()
        return True
    except Exception:  # the original failure is what the caller reports; this one is only logged
        log.warning("removing the rows of unfinished import %s failed", batch_id, exc_info=True)
        return False


def _discard_some(uow, batch_id: int, source: str, seqs: dict[int, list[int]]) -> bool:
    """One transaction: up to DISCARD_CHUNK cases of the batch and what hangs on them removed; False when
    nothing was left."""
    with uow:
        _lock_source(uow, source)
        uow.action = "intake.discard"
        s = uow.session
        k = ImportedWorkOrder
        case_ids = list(s.scalars(select(k.petition_id).where(k.batch_id == batch_id, k.linked_as == "new")
                                  .order_by(k.petition_id).limit(DISCARD_CHUNK)))
        key_ids = list(s.scalars(select(k.id).where(k.batch_id == batch_id, k.petition_id.in_(case_ids))))
        if not case_ids:  # repeat keys only (they are written with the last batch, so normally none)
            key_ids = list(s.scalars(select(k.id).where(k.batch_id == batch_id).limit(DISCARD_CHUNK)))
        if not key_ids:
            return False
        imported_at = s.scalar(select(k.imported_at).where(k.id == key_ids[0]))
        callers = set(s.scalars(select(PetitionParty.person_id).where(PetitionParty.petition_id.in_(case_ids))))
        for model, column in ((PetitionStep, PetitionStep.petition_id), (PetitionParty, PetitionParty.petition_id)):
            for obj in s.scalars(select(model).where(column.in_(case_ids))):
                s.delete(obj)
        s.flush()
        s.execute(delete(k).where(k.id.in_(key_ids)))  # bookkeeping, not audited (as when written)
        for p in s.scalars(select(Petition).where(Petition.id.in_(case_ids))):
            seqs.setdefault(p.case_year, []).append(p.case_seq)
            s.delete(p)
        s.flush()
        for person in _added_callers(s, callers, imported_at):
            s.delete(person)
        uow.commit()
        return True


def _added_callers(s, person_ids: set[int], imported_at) -> list[Person]:
    """The callers the import added (stored at its time) that no other case names any more."""
    out = []
    for chunk in _chunks(sorted(person_ids)):
        still = set(s.scalars(select(PetitionParty.person_id).where(PetitionParty.person_id.in_(chunk))))
        out += [p for p in s.scalars(select(Person).where(Person.id.in_(chunk), Person.created_at >= imported_at))
                if p.id not in still]
    return out


def _give_back_numbers(uow, year: int, first: int, last: int) -> None:
    """Petition numbers ``first``…``last`` returned to the counter when they were its last ones and no case
    took a number after them (numbers stay without gaps); otherwise the gap stays."""
    s = uow.session
    counter = (CaseCounter.kind == PETITION_NUMBERS, CaseCounter.year == year)
    later = s.scalar(select(func.count()).select_from(Petition).where(Petition.case_year == year,
                                                                       Petition.case_seq >= first))
    if later == 0:
        s.execute(update(CaseCounter).where(*counter, CaseCounter.last_no == last).values(last_no=first - 1)
                  .execution_options(synchronize_session=False))
