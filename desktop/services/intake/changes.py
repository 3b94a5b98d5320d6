"""Inside an open unit of work: the rows of a file imported before — unchanged, or changed (with the
differences, as the preview shows them)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import ImportedWorkOrder, Petition
from desktop.services.intake._common import CHANGED, UNCHANGED, _chunks, _shown, content_hash
from desktop.services.intake.dto import FieldChange
from desktop.services.intake.headers import FIELDS, WORK_ORDER_NO
from desktop.services.intake.rows import _Row
from desktop.services.petitions import OPEN


def _compare_with_stored(uow, source: str, valid: list[_Row]) -> list[_Row]:
    """Mark the valid rows imported before as unchanged or changed (with the differences, and the case's
    status when a change cannot be applied to it); the rows never imported are returned."""
    existing = _stored_keys(uow, source, [r.values[WORK_ORDER_NO] for r in valid])
    fresh: list[_Row] = []
    differ: list[_Row] = []
    for r in valid:
        key = existing.get(r.values[WORK_ORDER_NO])
        if key is None:
            fresh.append(r)
            continue
        r.existing, r.case_id = key, key.petition_id
        if content_hash(uow, r.values) == key.content_hash:
            r.status = UNCHANGED
        else:
            differ.append(r)
    k = ImportedWorkOrder
    stored: dict[int, dict] = {}
    for chunk in _chunks([r.existing.id for r in differ]):
        stored.update(uow.session.execute(select(k.id, k.data).where(k.id.in_(chunk))).all())
    case_rows = {}
    for chunk in _chunks(sorted({r.case_id for r in valid if r.existing is not None})):
        for cid, case_no, status in uow.session.execute(select(Petition.id, Petition.case_no, Petition.status)
                                                        .where(Petition.id.in_(chunk))):
            case_rows[cid] = (case_no, status)
    for r in valid:
        if r.existing is not None:
            r.case_no = case_rows.get(r.case_id, ("", ""))[0]
    for r in differ:
        _mark_changes(r, stored.get(r.existing.id) or {}, case_rows.get(r.case_id, ("", ""))[1])
    return fresh


def _stored_keys(uow, source: str, numbers: list[str]) -> dict[str, object]:
    """The stored keys (id, work_order_no, petition_id, linked_as, content_hash, batch_id) of ``numbers``. The stored
    values are fetched later only for keys whose hash differs: an unchanged file costs one small query per
    500 rows."""
    existing: dict[str, object] = {}
    k = ImportedWorkOrder
    for chunk in _chunks(numbers):
        for key in uow.session.execute(select(k.id, k.work_order_no, k.petition_id, k.linked_as, k.content_hash,
                                              k.batch_id).where(k.source == source, k.work_order_no.in_(chunk))):
            existing[key.work_order_no] = key
    return existing


def _mark_changes(r: _Row, old: dict, case_status: str) -> None:
    # a field one of the two files lacks is no change: the platform's export had other columns
    changes = tuple(FieldChange(f, _shown(f, old[f]), _shown(f, r.values[f])) for f in FIELDS
                    if f != WORK_ORDER_NO and f in old and f in r.values and (old[f] or "") != (r.values[f] or ""))
    if changes:
        r.status, r.changes = CHANGED, changes
        if r.existing.linked_as == "new" and case_status not in OPEN:
            r.update_blocked = case_status
    else:
        r.status = UNCHANGED
