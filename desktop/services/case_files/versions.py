"""Stored case files: finalising version 1, a new version with its reason, the versions of a case, and
reading one back with its SHA-256 checked."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.db import UnitOfWork
from desktop.models.case_files import DISPUTE, PETITION, CaseFileVersion
from desktop.services.case_file_errors import CaseFileCorrupt, CaseFileExists, CaseFileNotFinalised
from desktop.services.case_files.access import case_row, is_closed, require_kind, reveal
from desktop.services.case_files.dto import CaseFileInfo, CaseFileState, StoredCaseFile
from desktop.services.case_files.volumes import build
from desktop.services.errors import Conflict, Invalid, NotFound

REASON_MAX = 500


def info_of(v: CaseFileVersion) -> CaseFileInfo:
    return CaseFileInfo(v.id, v.case_kind, v.petition_id if v.case_kind == PETITION else v.dispute_id, v.case_no,
                        v.version_no, v.sha256, v.size, v.pages, v.closed_on, v.finalised_at, v.finalised_by_name,
                        v.reason)


def version_key(kind: str):
    return CaseFileVersion.petition_id if kind == PETITION else CaseFileVersion.dispute_id


def versions_of(uow: UnitOfWork, kind: str, case_id: int) -> list[CaseFileVersion]:
    return list(uow.session.scalars(select(CaseFileVersion).where(version_key(kind) == case_id)
                                    .order_by(CaseFileVersion.version_no)))


def _store(uow: UnitOfWork, kind: str, row, reason: str) -> CaseFileInfo:
    pdf = build(uow, kind, row)
    last = uow.session.scalar(select(func.max(CaseFileVersion.version_no)).where(version_key(kind) == row.id)) or 0
    v = CaseFileVersion(case_kind=kind, petition_id=row.id if kind == PETITION else None,
                        dispute_id=row.id if kind == DISPUTE else None, case_no=row.case_no, version_no=last + 1,
                        data=pdf.data, sha256=pdf.sha256, size=len(pdf.data), pages=pdf.pages,
                        closed_on=row.closed_on, finalised_at=uow.now(), finalised_by_id=uow.actor.user_id,
                        finalised_by_name=uow.actor.full_name or uow.actor.username or "", reason=reason)
    uow.session.add(v)
    try:
        uow.session.flush()
    except IntegrityError as exc:  # someone finalised the same case at the same moment
        raise Conflict(entity="case_file", key=row.case_no) from exc
    reveal(uow, kind, row.id, "case_file.finalise")
    return info_of(v)


def finalise_in(uow: UnitOfWork, kind: str, row) -> CaseFileInfo:
    """Inside an open unit of work: stores version 1 of a closed case (CaseFileExists if it has one)."""
    existing = versions_of(uow, kind, row.id)
    if existing:
        raise CaseFileExists(case_no=row.case_no, version_no=existing[-1].version_no)
    uow.action = "case_file.finalise"
    return _store(uow, kind, row, "")


def finalise_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int) -> CaseFileInfo:
    """Stores version 1 of the case file of a closed case."""
    with uow:
        require_kind(uow, case_kind)
        info = finalise_in(uow, case_kind, case_row(uow, case_kind, case_id))
        uow.commit()
        return info


def new_case_file_version(uow: UnitOfWork, *, case_kind: str, case_id: int, reason: str) -> CaseFileInfo:
    """Builds and stores the next version, with the reason why (e.g. a corrected reply); earlier versions stay."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(field="reason", reason="empty")
    if len(reason) > REASON_MAX:
        raise Invalid(field="reason", reason="too_long")
    with uow:
        require_kind(uow, case_kind)
        row = case_row(uow, case_kind, case_id)
        if not versions_of(uow, case_kind, row.id):
            raise CaseFileNotFinalised(case_no=row.case_no)
        uow.action = "case_file.new_version"
        info = _store(uow, case_kind, row, reason)
        uow.commit()
        return info


def case_file_state(uow: UnitOfWork, *, case_kind: str, case_id: int) -> CaseFileState:
    with uow:
        require_kind(uow, case_kind)
        row = case_row(uow, case_kind, case_id)
        return CaseFileState(case_kind, row.id, row.case_no, is_closed(case_kind, row),
                             tuple(info_of(v) for v in versions_of(uow, case_kind, row.id)))


def list_case_file_versions(uow: UnitOfWork, *, case_kind: str, case_id: int) -> tuple[CaseFileInfo, ...]:
    return case_file_state(uow, case_kind=case_kind, case_id=case_id).versions


def read_version(uow: UnitOfWork, kind: str, row, version_no: int | None) -> StoredCaseFile:
    q = select(CaseFileVersion).where(version_key(kind) == row.id)
    q = q.where(CaseFileVersion.version_no == version_no) if version_no is not None else \
        q.order_by(CaseFileVersion.version_no.desc()).limit(1)
    v = uow.session.scalar(q)
    if v is None:
        if version_no is None:
            raise CaseFileNotFinalised(case_no=row.case_no)
        raise NotFound(entity="case_file_version", key=f"{row.case_no} v{version_no}")
    data = bytes(v.data)
    actual = hashlib.sha256(data).hexdigest()
    if actual != v.sha256:
        raise CaseFileCorrupt(case_no=v.case_no, version_no=v.version_no, expected=v.sha256, actual=actual)
    return StoredCaseFile(info_of(v), data)


def open_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int, version_no: int | None = None) -> StoredCaseFile:
    """A stored version (the latest by default) exactly as finalised; its SHA-256 is checked."""
    with uow:
        require_kind(uow, case_kind)
        stored = read_version(uow, case_kind, case_row(uow, case_kind, case_id), version_no)
        if case_kind == DISPUTE:
            reveal(uow, case_kind, case_id, "case_file.open")
            uow.commit()
        return stored
