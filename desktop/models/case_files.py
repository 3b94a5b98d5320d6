"""Finalised case files (卷宗): the PDF of a closed petition or mediation case, stored once and kept.

One row per version. Version 1 is written when the case file is finalised; a later version is only made by an
explicit action with a reason, as a new row, and every earlier row is kept. The PDF bytes live in the database
(so a backup carries them) with their SHA-256, which is checked whenever the file is read back.

Exactly one of ``petition_id`` / ``dispute_id`` is set (check constraint); ``case_no`` is copied from the case so
an export names its files without a join.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

PETITION = "petition"
DISPUTE = "dispute"


class CaseFileVersion(Base):
    __tablename__ = "case_file_version"
    __table_args__ = (
        CheckConstraint("(petition_id IS NULL) <> (dispute_id IS NULL)", name="one_case"),
        CheckConstraint("version_no >= 1", name="version_positive"),
        Index("uq_case_file_version_petition", "petition_id", "version_no", unique=True),
        Index("uq_case_file_version_dispute", "dispute_id", "version_no", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_kind: Mapped[str] = mapped_column(String(10))  # petition / dispute
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petition.id", ondelete="RESTRICT"))
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id", ondelete="RESTRICT"))
    case_no: Mapped[str] = mapped_column(String(40), index=True)
    version_no: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    pages: Mapped[int]
    closed_on: Mapped[dt.date]  # the case's closing day when this version was made (export ranges use it)
    finalised_at: Mapped[dt.datetime]
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    finalised_by_name: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # why a new version was made ("" for version 1)
