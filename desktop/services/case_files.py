"""Case files (卷宗) of closed cases: built, finalised, stored, read back and exported.

- ``preview_case_file`` builds the PDF of a closed petition or dispute without storing it.
- ``finalise_case_file`` stores version 1: the PDF bytes (in the database, so a backup carries them), their
  SHA-256 and page count, who finalised it and when. From then on the stored file is what is opened and
  exported; it is never silently rebuilt.
- ``new_case_file_version`` is the only way to a new version: an explicit action with a reason, a new row;
  every earlier version is kept.
- ``open_case_file`` reads a stored version back and checks its SHA-256 (``CaseFileCorrupt`` on a mismatch).
- ``export_case_files`` writes every case closed in a date range to a folder, one PDF per case plus
  ``manifest.csv``, finalising the cases that have no stored version yet; with progress and cancel, each file
  written under a temporary name and renamed when complete, so a cancelled export leaves no partial file.

A petition is closed in status closed, not_accepted or withdrawn; a dispute once agreed, failed, terminated or
referred. A case that is not closed raises ``CaseNotClosed``; a case lacking what its case file needs raises
``CaseFileIncomplete`` naming every missing item.

Dispute case files carry the registration form and the agreement with full ID numbers, as the committee's
archive copy: building or opening one is a reveal of personal data (REVEAL_PERSONAL_DATA, audited).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop import exports, fileperms
from desktop.db import UnitOfWork
from desktop.documents.case_file import MEDIATION, Attachment, CaseFile, render_case_file
from desktop.documents.case_file import PETITION as PETITION_VOLUME
from desktop.documents.errors import DocumentError, InvalidData, MissingData
from desktop.models import (
    Agreement,
    Dispute,
    FollowUpVisit,
    MediationSession,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionStep,
    User,
)
from desktop.models.case_files import DISPUTE, PETITION, CaseFileVersion
from desktop.models.mediation import CLOSED_STATES, FINAL, WRITTEN
from desktop.services import mediation as md
from desktop.services.admin.settings import get_setting
from desktop.services.audit import record_event
from desktop.services.case_file_errors import (  # noqa: F401  (callers import them from here too)
    CaseFileCorrupt,
    CaseFileExists,
    CaseFileIncomplete,
    CaseFileNotFinalised,
    CaseNotClosed,
    ExportCancelled,
)
from desktop.services.errors import Conflict, Invalid, NotFound
from desktop.services.mediation import mediators_of as _mediators_of
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions import FINISHED, require_case_access
from desktop.services.petitions import documents as pd

KINDS = (PETITION, DISPUTE)
REASON_MAX = 500



@dataclass(frozen=True)
class CaseFileInfo:
    id: int
    case_kind: str
    case_id: int
    case_no: str
    version_no: int
    sha256: str
    size: int
    pages: int
    closed_on: dt.date
    finalised_at: dt.datetime
    finalised_by: str
    reason: str


@dataclass(frozen=True)
class StoredCaseFile:
    info: CaseFileInfo
    data: bytes


@dataclass(frozen=True)
class CaseFileState:
    """What the case view offers: may it be finalised, and its stored versions (oldest first)."""

    case_kind: str
    case_id: int
    case_no: str
    closed: bool
    versions: tuple[CaseFileInfo, ...]


@dataclass(frozen=True)
class ClosedCase:
    case_kind: str
    case_id: int
    case_no: str
    closed_on: dt.date


@dataclass(frozen=True)
class ExportedFile:
    case_kind: str
    case_no: str
    version_no: int
    sha256: str
    pages: int
    file_name: str
    finalised_now: bool


@dataclass(frozen=True)
class ExportResult:
    folder: str
    files: tuple[ExportedFile, ...]
    manifest: str

    @property
    def finalised(self) -> int:
        return sum(1 for f in self.files if f.finalised_now)


# --- access --------------------------------------------------------------------------------------------------
def _require(uow, kind: str) -> None:
    if kind == PETITION:
        require_case_access(uow)
    elif kind == DISPUTE:
        require(uow, Permission.MANAGE_DISPUTES)
        require(uow, Permission.REVEAL_PERSONAL_DATA)
    else:
        raise Invalid(field="case_kind", reason="unknown")


def may_export(role: str) -> bool:
    """For the UI: the batch export is for those who supervise cases (it reveals dispute files in full)."""
    return role == "system" or (can(role, Permission.SUPERVISE_CASES) and can(role, Permission.MANAGE_DISPUTES)
                                and can(role, Permission.REVEAL_PERSONAL_DATA))


def _reveal(uow, kind: str, case_id: int, action: str) -> None:
    if kind == DISPUTE:
        record_event(uow, action=action, entity="dispute", entity_id=str(case_id), detail={"id_numbers": "full"})


def _case(uow, kind: str, case_id: int):
    row = uow.session.get(Petition if kind == PETITION else Dispute, case_id)
    if row is None:
        raise NotFound(entity=kind, key=case_id)
    return row


def _is_closed(kind: str, row) -> bool:
    if kind == PETITION:
        return row.status in FINISHED and row.closed_on is not None
    return row.state in CLOSED_STATES and row.closed_on is not None


def _status(kind: str, row) -> str:
    return row.status if kind == PETITION else row.state


# --- building ------------------------------------------------------------------------------------------------
def _user_name(uow, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return uow.session.scalar(select(User.full_name).where(User.id == user_id)) or ""


def _petition_volume(uow, p: Petition, compiled_on: dt.date, compiled_by: str) -> CaseFile:
    documents = [pd.receipt_document(pd.receipt_of(uow, p))]
    if p.kind == "petition" and p.accepted_on is not None:
        documents.append(pd.acceptance_document(pd.acceptance_notice_of(uow, p)))
    if p.status == "not_accepted":
        documents.append(pd.rejection_document(pd.rejection_notice_of(uow, p)))
    try:
        documents.append(pd.reply_document(pd.reply_of(uow, p)))
    except pd.DocumentNotAvailable:
        pass  # not accepted or withdrawn before a reply
    visit = pd.follow_up_document(uow, p)
    if visit is not None:
        documents.append(visit)
    last_step = uow.session.scalar(select(PetitionStep.actor_name).where(
        PetitionStep.petition_id == p.id, PetitionStep.to_status == p.status).order_by(PetitionStep.id.desc()))
    handler = _user_name(uow, p.handler_id) or (last_step or "")
    category = uow.session.get(PetitionCategory, p.category_id)
    files = uow.session.scalars(select(PetitionAttachment).where(PetitionAttachment.petition_id == p.id)
                                .order_by(PetitionAttachment.id)).all()
    attachments = tuple(Attachment(a.file_name, a.data, a.file_name, None, a.uploaded_at.date()) for a in files)
    return CaseFile(
        kind=PETITION_VOLUME, office=pd._heading(uow).name, case_number=p.case_no,
        cause=f"{category.name if category else ''}：{pd._subject(p.content, 30)}", parties=tuple(
            x.name for x in pd._people(uow, p)),
        received_on=p.received_at.date(), closed_on=p.closed_on, handler=handler,
        retention=str(get_setting(uow, "case_file_retention_petition") or ""), documents=tuple(documents),
        compiled_on=compiled_on, compiled_by=compiled_by, attachments=attachments)


def _dispute_volume(uow, d: Dispute, compiled_on: dt.date, compiled_by: str) -> CaseFile:
    documents: list = [md.registration_document(uow, d)]
    for s in uow.session.scalars(select(MediationSession).where(MediationSession.dispute_id == d.id)
                                 .order_by(MediationSession.started_at, MediationSession.id)):
        documents.append(md.record_document(uow, s))
    agreement = uow.session.scalar(select(Agreement).where(
        Agreement.dispute_id == d.id, Agreement.state == FINAL, Agreement.form == WRITTEN)
        .order_by(Agreement.version_no.desc()).limit(1))
    if agreement is not None:
        documents.append(md.agreement_document(uow, agreement))
    for v in uow.session.scalars(select(FollowUpVisit).where(FollowUpVisit.dispute_id == d.id)
                                 .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)):
        documents.append(md.follow_up_document(uow, v))
    mediators = _mediators_of(uow, d)
    return CaseFile(
        kind=MEDIATION, office=md.committee_name(uow), case_number=d.case_no,
        cause=d.title,
        parties=tuple(p.name for p in sorted(d.parties, key=lambda p: p.seq)),
        received_on=d.registered_at.date(), closed_on=d.closed_on, handler=mediators[0].name if mediators else "",
        retention=str(get_setting(uow, "case_file_retention_dispute") or ""), documents=tuple(documents),
        compiled_on=compiled_on, compiled_by=compiled_by)


def _build(uow, kind: str, row):
    """Inside an open unit of work: the rendered case file of a closed case, or a typed error."""
    if not _is_closed(kind, row):
        raise CaseNotClosed(case_kind=kind, case_no=row.case_no, status=_status(kind, row))
    compiled_on = uow.now().date()
    compiled_by = uow.actor.full_name or uow.actor.username or ""
    try:
        volume = (_petition_volume if kind == PETITION else _dispute_volume)(uow, row, compiled_on, compiled_by)
        return render_case_file(volume)
    except MissingData as exc:
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no, missing=list(exc.missing)) from exc
    except InvalidData as exc:
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no,
                                 missing=[f"{exc.field}:{exc.reason}"]) from exc
    except DocumentError as exc:  # any other document refusal, with its facts
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no, missing=[type(exc).__name__]) from exc


def preview_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int) -> bytes:
    """The case file as it would be finalised now, not stored (for a look before finalising)."""
    with uow:
        _require(uow, case_kind)
        row = _case(uow, case_kind, case_id)
        pdf = _build(uow, case_kind, row)
        _reveal(uow, case_kind, case_id, "case_file.preview")
        uow.commit()
        return pdf.data


# --- storing -------------------------------------------------------------------------------------------------
def _info(v: CaseFileVersion) -> CaseFileInfo:
    return CaseFileInfo(v.id, v.case_kind, v.petition_id if v.case_kind == PETITION else v.dispute_id, v.case_no,
                        v.version_no, v.sha256, v.size, v.pages, v.closed_on, v.finalised_at, v.finalised_by_name,
                        v.reason)


def _key(kind: str):
    return CaseFileVersion.petition_id if kind == PETITION else CaseFileVersion.dispute_id


def _versions(uow, kind: str, case_id: int) -> list[CaseFileVersion]:
    return list(uow.session.scalars(select(CaseFileVersion).where(_key(kind) == case_id)
                                    .order_by(CaseFileVersion.version_no)))


def _store(uow, kind: str, row, reason: str) -> CaseFileInfo:
    pdf = _build(uow, kind, row)
    last = uow.session.scalar(select(func.max(CaseFileVersion.version_no)).where(_key(kind) == row.id)) or 0
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
    _reveal(uow, kind, row.id, "case_file.finalise")
    return _info(v)


def finalise_in(uow: UnitOfWork, kind: str, row) -> CaseFileInfo:
    """Inside an open unit of work: stores version 1 of a closed case (CaseFileExists if it has one)."""
    existing = _versions(uow, kind, row.id)
    if existing:
        raise CaseFileExists(case_no=row.case_no, version_no=existing[-1].version_no)
    uow.action = "case_file.finalise"
    return _store(uow, kind, row, "")


def finalise_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int) -> CaseFileInfo:
    """Stores version 1 of the case file of a closed case."""
    with uow:
        _require(uow, case_kind)
        info = finalise_in(uow, case_kind, _case(uow, case_kind, case_id))
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
        _require(uow, case_kind)
        row = _case(uow, case_kind, case_id)
        if not _versions(uow, case_kind, row.id):
            raise CaseFileNotFinalised(case_no=row.case_no)
        uow.action = "case_file.new_version"
        info = _store(uow, case_kind, row, reason)
        uow.commit()
        return info


def case_file_state(uow: UnitOfWork, *, case_kind: str, case_id: int) -> CaseFileState:
    with uow:
        _require(uow, case_kind)
        row = _case(uow, case_kind, case_id)
        return CaseFileState(case_kind, row.id, row.case_no, _is_closed(case_kind, row),
                             tuple(_info(v) for v in _versions(uow, case_kind, row.id)))


def list_case_file_versions(uow: UnitOfWork, *, case_kind: str, case_id: int) -> tuple[CaseFileInfo, ...]:
    return case_file_state(uow, case_kind=case_kind, case_id=case_id).versions


def _read(uow, kind: str, row, version_no: int | None) -> StoredCaseFile:
    q = select(CaseFileVersion).where(_key(kind) == row.id)
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
    return StoredCaseFile(_info(v), data)


def open_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int, version_no: int | None = None) -> StoredCaseFile:
    """A stored version (the latest by default) exactly as finalised; its SHA-256 is checked."""
    with uow:
        _require(uow, case_kind)
        stored = _read(uow, case_kind, _case(uow, case_kind, case_id), version_no)
        if case_kind == DISPUTE:
            _reveal(uow, case_kind, case_id, "case_file.open")
            uow.commit()
        return stored


# --- batch export --------------------------------------------------------------------------------------------
def closed_cases(uow: UnitOfWork, *, start: dt.date, end: dt.date) -> tuple[ClosedCase, ...]:
    """Petitions and disputes closed from ``start`` to ``end`` (both included), by closing day then number."""
    if end < start:
        raise Invalid(field="end", reason="order")
    with uow:
        require(uow, Permission.SUPERVISE_CASES)
        out = [ClosedCase(PETITION, i, no, day) for i, no, day in uow.session.execute(
            select(Petition.id, Petition.case_no, Petition.closed_on).where(
                Petition.status.in_(FINISHED), Petition.closed_on >= start, Petition.closed_on <= end))]
        out += [ClosedCase(DISPUTE, i, no, day) for i, no, day in uow.session.execute(
            select(Dispute.id, Dispute.case_no, Dispute.closed_on).where(
                Dispute.state.in_(CLOSED_STATES), Dispute.closed_on >= start, Dispute.closed_on <= end))]
        return tuple(sorted(out, key=lambda c: (c.closed_on, c.case_kind, c.case_no)))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(case_no: str, version_no: int) -> str:
    """（2026）虎信字第034号_v1.pdf: the case number as is, minus characters no file system takes."""
    return f"{_UNSAFE.sub('_', case_no).strip(' .') or 'case'}_v{version_no}.pdf"


def _write_whole(path: Path, data: bytes) -> None:
    """Write under a temporary name and rename when complete: the final name only ever holds a whole file."""
    tmp = path.with_name(path.name + ".part")
    try:
        with fileperms.open_private(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("case_no", "case_kind", "version", "sha256", "pages", "file")


def export_case_files(new_uow: Callable[[], object], *, start: dt.date, end: dt.date, folder: str | Path,
                      progress: Callable[[int, int, str], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Export every case closed from ``start`` to ``end`` into ``folder``: the latest stored version of each
    (finalising the cases without one, each in its own transaction), then ``manifest.csv``.

    ``new_uow()`` gives a fresh unit of work for each step. ``progress(done, total, case_no)`` is called after
    each case; when ``cancelled()`` turns true the export stops before the next case and raises
    ExportCancelled: no partial file is left (the files already complete stay; no manifest is written)."""
    folder = Path(folder)
    cases = closed_cases(new_uow(), start=start, end=end)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Invalid(field="folder", reason="not_writable") from exc
    if not os.access(folder, os.W_OK):
        raise Invalid(field="folder", reason="not_writable")
    total = len(cases)
    done: list[ExportedFile] = []
    if progress:
        progress(0, total, "")
    for case in cases:
        if cancelled and cancelled():
            raise ExportCancelled(done=len(done), total=total)
        stored, fresh = _stored_or_finalised(new_uow, case)
        name = file_name(case.case_no, stored.info.version_no)
        _write_whole(folder / name, stored.data)
        done.append(ExportedFile(case.case_kind, case.case_no, stored.info.version_no, stored.info.sha256,
                                 stored.info.pages, name, fresh))
        if progress:
            progress(len(done), total, case.case_no)
    if cancelled and cancelled():
        raise ExportCancelled(done=len(done), total=total)
    buf = io.StringIO()
    w = exports.CsvWriter(buf)
    w.writerow(MANIFEST_COLUMNS)
    for f in done:
        w.writerow((f.case_no, f.case_kind, f.version_no, f.sha256, f.pages, f.file_name))
    _write_whole(folder / MANIFEST, buf.getvalue().encode("utf-8-sig"))  # utf-8-sig: Excel opens it right
    return ExportResult(str(folder), tuple(done), str(folder / MANIFEST))


def _stored_or_finalised(new_uow, case: ClosedCase) -> tuple[StoredCaseFile, bool]:
    uow = new_uow()
    with uow:
        _require(uow, case.case_kind)
        row = _case(uow, case.case_kind, case.case_id)
        fresh = False
        if not _versions(uow, case.case_kind, row.id):
            finalise_in(uow, case.case_kind, row)
            fresh = True
        stored = _read(uow, case.case_kind, row, None)
        _reveal(uow, case.case_kind, row.id, "case_file.export")
        uow.commit()
        return stored, fresh
