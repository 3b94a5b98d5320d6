"""The export back to the platform: the handling results of imported work orders in the source's layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import and_, or_, select

from desktop.models import Department, ImportedWorkOrder, IntakeLayout, Petition, PetitionReply, PetitionStep
from desktop.reports import intake as files_out
from desktop.services.audit import record_event
from desktop.services.errors import Invalid
from desktop.services.intake._common import (
    DEFAULT_DATETIME_FORMAT,
    DEFAULT_EXPORT_COLUMNS,
    EXPORT_FIELDS,
    _chunks,
    _require_import,
    source_code,
)
from desktop.services.intake.batches import _of_complete_imports
from desktop.services.intake.dto import ExportColumn, ExportLayout, ExportResult
from desktop.services.intake.headers import WORK_ORDER_NO
from desktop.services.petitions import NOT_ACCEPTED, WITHDRAWN, actor_name


def _layout(uow, source: str) -> ExportLayout:
    row = uow.session.get(IntakeLayout, (source, "export"))
    stored = (row.layout or {}) if row is not None else {}
    columns = tuple(ExportColumn(c["field"], c["header"]) for c in stored.get("columns", ())
                    if c.get("field") in EXPORT_FIELDS and c.get("header"))
    return ExportLayout(columns or tuple(ExportColumn(f, h) for f, h in DEFAULT_EXPORT_COLUMNS),
                        stored.get("datetime_format") or DEFAULT_DATETIME_FORMAT)


def get_export_layout(uow, *, source: str) -> ExportLayout:
    source = source_code(source)
    with uow:
        _require_import(uow)
        return _layout(uow, source)


def save_export_layout(uow, *, source: str, layout: ExportLayout) -> ExportLayout:
    """The columns (our field, the platform's header, in the platform's order) and the time format."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        uow.action = "intake.export_layout"
        if not layout.columns:
            raise Invalid(field="columns", reason="empty")
        fields_seen: set[str] = set()
        headers_seen: set[str] = set()
        columns = []
        for c in layout.columns:
            header = " ".join((c.header or "").split())
            if c.field not in EXPORT_FIELDS:
                raise Invalid(field="columns", reason="unknown", value=c.field)
            if not header:
                raise Invalid(field="columns", reason="empty_header", value=c.field)
            if c.field in fields_seen or header in headers_seen:
                raise Invalid(field="columns", reason="duplicate_column", value=header)
            fields_seen.add(c.field)
            headers_seen.add(header)
            columns.append({"field": c.field, "header": header[:60]})
        if WORK_ORDER_NO not in fields_seen:
            raise Invalid(field="columns", reason="work_order_no_required")
        fmt = layout.datetime_format or DEFAULT_DATETIME_FORMAT
        try:
            dt.datetime(2026, 11, 3, 8, 5).strftime(fmt)
        except ValueError:
            raise Invalid(field="datetime_format", reason="format") from None
        if "%" not in fmt:
            raise Invalid(field="datetime_format", reason="format")
        value = {"columns": columns, "datetime_format": fmt}
        row = uow.session.get(IntakeLayout, (source, "export"))
        if row is None:
            uow.session.add(IntakeLayout(source=source, purpose="export", layout=value, updated_at=uow.now(),
                                         updated_by_name=actor_name(uow)[:40]))
        elif row.layout != value:
            row.layout, row.updated_at, row.updated_by_name = value, uow.now(), actor_name(uow)[:40]
        uow.commit()
        return _layout_from(value)


def _layout_from(value: dict) -> ExportLayout:
    return ExportLayout(tuple(ExportColumn(c["field"], c["header"]) for c in value["columns"]),
                        value["datetime_format"])


def _result_rows(uow, source: str, since: dt.date, until: dt.date) -> list[files_out.ResultRow]:
    s = uow.session
    answered = and_(Petition.replied_on >= since, Petition.replied_on <= until)
    ended = and_(Petition.status.in_((NOT_ACCEPTED, WITHDRAWN)), Petition.closed_on >= since,
                 Petition.closed_on <= until)
    rows = list(s.execute(
        select(ImportedWorkOrder.work_order_no, ImportedWorkOrder.received_at, ImportedWorkOrder.requested_due_on,
               Petition.id, Petition.case_no, Petition.status, Petition.satisfaction, Petition.department_id)
        .join(Petition, Petition.id == ImportedWorkOrder.petition_id)
        .where(ImportedWorkOrder.source == source, or_(answered, ended),
               _of_complete_imports(ImportedWorkOrder.batch_id))
        .order_by(ImportedWorkOrder.work_order_no)))
    ids = sorted({r.id for r in rows})
    replies: dict[int, PetitionReply] = {}
    ends: dict[int, tuple[dt.datetime, str]] = {}
    for chunk in _chunks(ids):
        for reply in s.scalars(select(PetitionReply).where(PetitionReply.petition_id.in_(chunk))):
            replies[reply.petition_id] = reply
        for pid, _action, at, note in s.execute(
                select(PetitionStep.petition_id, PetitionStep.action, PetitionStep.at, PetitionStep.note)
                .where(PetitionStep.petition_id.in_(chunk),
                       PetitionStep.action.in_(("conclude", "refuse", "withdraw")))
                .order_by(PetitionStep.id)):
            ends[pid] = (at, note)  # the latest one wins
    departments = dict(s.execute(select(Department.id, Department.name)).all())
    out = []
    for r in rows:
        reply = replies.get(r.id)
        at, note = ends.get(r.id, (None, ""))
        out.append(files_out.ResultRow(
            r.work_order_no, r.case_no, r.status, reply.facts if reply else "",
            tuple((d.get("request", ""), d.get("decision", "")) for d in (reply.decisions if reply else ())),
            note if r.status in (NOT_ACCEPTED, WITHDRAWN) else "", at, r.satisfaction,
            departments.get(r.department_id, ""), r.received_at, r.requested_due_on))
    return out


def export_results(uow, *, source: str, since: dt.date, out: str | Path, until: dt.date | None = None,
                   layout: ExportLayout | None = None) -> ExportResult:
    """Write the handling results of the source's work orders whose case was answered (or not accepted, or
    withdrawn) between ``since`` and ``until`` (today), in the source's export layout, to ``out`` (.xlsx or
    .csv). Recorded in the audit log."""
    source = source_code(source)
    path = Path(out)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise Invalid(field="path", reason="suffix", value=path.name)
    with uow:
        _require_import(uow)
        until = until or uow.now().date()
        if until < since:
            raise Invalid(field="until", reason="before_start")
        layout = layout or _layout(uow, source)
        rows = _result_rows(uow, source, since, until)
        try:
            files_out.write_export(rows, columns=[(c.field, c.header) for c in layout.columns],
                                   datetime_format=layout.datetime_format, path=path)
        except OSError as exc:
            raise Invalid(field="path", reason="not_writable", value=str(path), detail=exc.strerror or str(exc)) \
                from None
        record_event(uow, action="intake.export", entity="imported_work_order", entity_id=source,
                     detail={"since": since.isoformat(), "until": until.isoformat(), "rows": len(rows),
                             "file": path.name})
        uow.commit()
        return ExportResult(path, len(rows), since, until)
