"""The import history and the work orders linked to a case."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import ImportBatch, ImportedWorkOrder
from desktop.services.errors import PermissionDenied
from desktop.services.intake._common import _require_import, source_code
from desktop.services.intake.batches import _of_complete_imports
from desktop.services.intake.dto import BatchInfo, WorkOrderInfo
from desktop.services.permissions import Permission, can


def list_batches(uow, *, source: str | None = None, limit: int = 20) -> list[BatchInfo]:
    """The latest imports, newest first, with how far each got (running, complete, failed)."""
    with uow:
        _require_import(uow)
        q = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
        if source:
            q = q.where(ImportBatch.source == source_code(source))
        return [BatchInfo(b.id, b.source, b.file_name, b.imported_at, b.actor_name, b.rows_total, b.created,
                          b.repeats, b.updated, b.unchanged, b.rejected, b.strict, b.state, b.rows_done)
                for b in uow.session.scalars(q)]


def work_orders_of_case(uow, *, case_id: int) -> list[WorkOrderInfo]:
    """The work orders that created a case or were recorded on it as repeat visits (for the case view)."""
    with uow:
        if uow.actor.role != "system" and not any(can(uow.actor.role, p) for p in (
                Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES,
                Permission.IMPORT_WORK_ORDERS)):
            raise PermissionDenied(role=uow.actor.role, permission=Permission.HANDLE_PETITION.value)
        rows = uow.session.scalars(select(ImportedWorkOrder).where(
            ImportedWorkOrder.petition_id == case_id, _of_complete_imports(ImportedWorkOrder.batch_id))
            .order_by(ImportedWorkOrder.id))
        return [WorkOrderInfo(w.source, w.work_order_no, w.linked_as, w.received_at, w.requested_due_on,
                              w.imported_at, w.batch_id) for w in rows]
