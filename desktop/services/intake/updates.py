"""Inside the import transaction: writing to cases that exist — repeat visits recorded on them, and the
new values of changed work orders applied to their case and caller."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update

from desktop.models import ImportBatch, ImportedWorkOrder, Person, Petition, PetitionParty, PetitionStep
from desktop.models.audit import _plain, audit_row, queue_entries
from desktop.services.audit import record_event
from desktop.services.intake._common import CHUNK, _chunks, content_hash
from desktop.services.intake.bulk import _bulk_insert
from desktop.services.intake.headers import (
    ADDRESS,
    CALLER_NAME,
    CATEGORY,
    CONTENT,
    GRID,
    PHONE,
    REQUESTED_DEADLINE,
    VILLAGE,
    WORK_ORDER_NO,
)
from desktop.services.intake.rows import _Row
from desktop.services.people import PersonInput, upsert_person
from desktop.services.petitions import actor_name


def _record_repeats(uow, rows: list[_Row], counts: dict[int, int], step_base: dict) -> None:
    """Inside the import transaction: the repeat visits of ``rows`` on their cases — the count and the
    version of each case raised once (audited like an ORM update), one timeline entry per work order."""
    s = uow.session
    now = uow.now()
    before: dict[int, tuple] = {}
    for chunk in _chunks(sorted(counts)):
        for row in s.execute(select(Petition.id, Petition.repeat_count, Petition.updated_at, Petition.version,
                                    Petition.status).where(Petition.id.in_(chunk))):
            before[row.id] = (row.repeat_count, row.updated_at, row.version, row.status)
    changes = [{"pid": pid, "new_count": old[0] + counts[pid], "now": now, "old_version": old[2],
                "new_version": old[2] + 1} for pid, old in sorted(before.items())]
    t = Petition.__table__
    stmt = (update(t).where(t.c.id == bindparam("pid"), t.c.version == bindparam("old_version"))
            .values(repeat_count=bindparam("new_count"), updated_at=bindparam("now"),
                    version=bindparam("new_version")))
    for chunk in _chunks(changes, CHUNK):
        s.connection().execute(stmt, chunk)
    queue_entries(s, [audit_row(
        s, operation="update", entity="petition", entity_id=str(c["pid"]),
        before={"repeat_count": before[c["pid"]][0], "updated_at": _plain(before[c["pid"]][1]),
                "version": c["old_version"]},
        after={"repeat_count": c["new_count"], "updated_at": _plain(now), "version": c["new_version"]})
        for c in changes])
    steps = [{"petition_id": r.case_id, "action": "repeat_visit", "at": now, "actor_id": uow.actor.user_id,
              "actor_name": actor_name(uow), "from_status": before[r.case_id][3], "to_status": before[r.case_id][3],
              "note": "", "detail": {**step_base, "work_order_no": r.values[WORK_ORDER_NO], "ticket_id": None,
                                     "final": r.final, "similarity": r.similarity}} for r in rows]
    for chunk in _chunks(steps, CHUNK):
        _bulk_insert(uow, PetitionStep, chunk)


def _apply_update(uow, r: _Row, key: ImportedWorkOrder, batch: ImportBatch) -> None:
    """Write a changed work order's new values to its case and caller (a case created from it), or only to
    the key (a repeat visit on someone else's case); audited with before and after."""
    old = dict(key.data or {})
    new = {**old, **r.values}
    changed = [c.field for c in r.changes]
    if key.linked_as == "new":
        p = uow.session.get(Petition, key.petition_id)
        values = {}
        if CONTENT in r.values:
            values["content"] = r.values[CONTENT]
        if CATEGORY in r.values and r.category_id is not None:
            values["category_id"] = r.category_id
        if VILLAGE in r.values:
            values["village"] = r.values[VILLAGE]
        if GRID in r.values:
            values["grid"] = r.values[GRID]
        if r.received_at is not None:
            values["received_at"] = r.received_at
        for k, v in values.items():
            if getattr(p, k) != v:
                setattr(p, k, v)
        caller = {f for f in (CALLER_NAME, PHONE, ADDRESS, VILLAGE, GRID) if f in changed}
        if caller:
            person = uow.session.scalar(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                        .where(PetitionParty.petition_id == p.id)
                                        .order_by(PetitionParty.position).limit(1))
            if person is not None:
                upsert_person(uow, PersonInput(
                    name=new.get(CALLER_NAME) or person.name, phone=new.get(PHONE) if PHONE in r.values else None,
                    address=new.get(ADDRESS, person.address), village=new.get(VILLAGE, person.village),
                    grid=new.get(GRID, person.grid), organisation=person.organisation, person_id=person.id))
        p.updated_at = uow.now()
        uow.session.add(PetitionStep(petition_id=p.id, action="edit", at=uow.now(), actor_id=uow.actor.user_id,
                                     actor_name=actor_name(uow), from_status=p.status, to_status=p.status,
                                     note="", detail={"changed": changed, "source": key.source,
                                                      "work_order_no": key.work_order_no,
                                                      "batch_id": batch.id}))
    key.data = new
    key.content_hash = content_hash(uow, new)
    key.received_at = r.received_at or key.received_at
    if REQUESTED_DEADLINE in r.values:
        key.requested_due_on = r.requested_due_on
    key.updated_batch_id, key.updated_at = batch.id, uow.now()
    record_event(uow, action="intake.update", entity="petition", entity_id=str(key.petition_id), detail={
        "source": key.source, "work_order_no": key.work_order_no, "batch_id": batch.id,
        "linked_as": key.linked_as,
        "before": {c.field: c.old for c in r.changes}, "after": {c.field: c.new for c in r.changes}})
