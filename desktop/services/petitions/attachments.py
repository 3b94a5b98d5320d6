"""Files kept with a case: checked (size limit, no duplicate), stored, read back.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Petition,
    PetitionAttachment,
)
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Duplicate, Invalid
from desktop.services.petitions.access import (
    _get,
    _open,
    _step,
    actor_name,
    require_case_access,
)
from desktop.services.petitions.dto import (
    AttachmentContent,
    AttachmentInfo,
    AttachmentInput,
)


def _check_attachment(uow, a: AttachmentInput) -> tuple[AttachmentInput, str]:
    name = (a.file_name or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not name:
        raise Invalid(field="attachment", reason="empty")
    if not a.data:
        raise Invalid(field="attachment", reason="empty_file", file=name)
    limit_mb = get_setting(uow, "petition_attachment_max_mb")
    if len(a.data) > limit_mb * 1024 * 1024:
        raise Invalid(field="attachment", reason="too_large", file=name, maximum=limit_mb)
    return AttachmentInput(name[:200], bytes(a.data), (a.mime_type or "application/octet-stream")[:100]), \
        hashlib.sha256(a.data).hexdigest()


def _store_attachments(uow, p: Petition, files: list[tuple[AttachmentInput, str]]) -> list[PetitionAttachment]:
    known = set(uow.session.scalars(select(PetitionAttachment.sha256).where(
        PetitionAttachment.petition_id == p.id)))
    rows = []
    for a, digest in files:
        if digest in known:
            raise Duplicate(entity="attachment", field="attachment", value=a.file_name)
        known.add(digest)
        row = PetitionAttachment(petition_id=p.id, file_name=a.file_name, mime_type=a.mime_type, size=len(a.data),
                                 sha256=digest, data=a.data, uploaded_at=uow.now(), uploaded_by_name=actor_name(uow))
        uow.session.add(row)
        rows.append(row)
    return rows



# ---------------------------------------------------------------- attachments

def _attachment_info(a: PetitionAttachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.file_name, a.mime_type, a.size, a.sha256, a.uploaded_at, a.uploaded_by_name)


def add_attachment(uow: UnitOfWork, *, case_id: int, attachment: AttachmentInput) -> AttachmentInfo:
    """Keep a file with the case (size-limited; the same file twice is refused)."""
    with uow:
        p = _open(uow, case_id, None, "attach")
        checked = _check_attachment(uow, attachment)
        (row,) = _store_attachments(uow, p, [checked])
        _step(uow, p, "attach", from_status=p.status, note=row.file_name,
              detail={"size": row.size, "sha256": row.sha256})
        uow.session.flush()
        info = _attachment_info(row)
        uow.commit()
        return info


def attachment_content(uow: UnitOfWork, *, attachment_id: int) -> AttachmentContent:
    with uow:
        require_case_access(uow)
        a = _get(uow, PetitionAttachment, attachment_id, "petition_attachment")
        return AttachmentContent(a.file_name, a.mime_type, a.data)

