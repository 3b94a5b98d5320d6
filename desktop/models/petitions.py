"""Petition cases (信访事项): the case, its petitioners, the timeline of steps, attachments, deadline
extensions, supervision (督办) notes and the written reply (答复意见书).

The rules (which step may follow which, who may take it, which deadline it sets) live in
desktop.services.petition_flow and desktop.services.deadlines; these are the stored facts.

Search: ``case_no``, ``petitioner_names``, ``content`` and ``requests`` are indexed for Chinese substring
search outside the models, by migration 0003: a trigram GIN index on PostgreSQL (``ix_petition_search_trgm``)
and an FTS5 trigram table with triggers on SQLite (``petition_fts``). A later SQLite batch migration that
copies the ``petition`` table must recreate those triggers (SQLITE_TRIGGERS in that migration).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class Petition(Base):
    __tablename__ = "petition"
    __table_args__ = (
        # Every list pages newest first (id) inside one filter; the clock lists range over due_on.
        Index("ix_petition_status", "status", "id"),
        Index("ix_petition_department", "department_id", "id"),
        Index("ix_petition_handler", "handler_id", "id"),
        Index("ix_petition_category", "category_id", "id"),
        Index("ix_petition_source", "source", "id"),
        Index("ix_petition_village", "village", "id"),
        Index("ix_petition_dissatisfied", "dissatisfied", "id"),
        Index("ix_petition_due_on", "due_on"),
        Index("ix_petition_received_at", "received_at"),
        # Mostly NULL: partial indexes, so the planners' statistics see only the linked cases.
        Index("ix_petition_parent_id", "parent_id", sqlite_where=text("parent_id IS NOT NULL"),
              postgresql_where=text("parent_id IS NOT NULL")),
        Index("ix_petition_ticket_id", "ticket_id", sqlite_where=text("ticket_id IS NOT NULL"),
              postgresql_where=text("ticket_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)  # （2026）虎信字第034号
    case_year: Mapped[int]
    case_seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))  # petition / review (复查) / recheck (复核)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("petition.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(10))  # visit / letter / phone / hotline / grid / online
    category_id: Mapped[int] = mapped_column(ForeignKey("petition_category.id", ondelete="RESTRICT"))
    content: Mapped[str] = mapped_column(Text)
    requests: Mapped[str] = mapped_column(Text, default="")
    petitioner_names: Mapped[str] = mapped_column(String(200))  # "张三、李四", kept in step with person.name
    village: Mapped[str] = mapped_column(String(40), default="")  # of the first petitioner (hot spots)
    grid: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[dt.datetime]
    query_code: Mapped[str] = mapped_column(String(12), unique=True)  # printed on the receipt
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None]  # the queue ticket the visitor came with (no key: the queue is purged)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="RESTRICT"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # the statutory clock: each deadline as it was set, and the one running now (due_on / due_kind)
    accept_due_on: Mapped[dt.date | None]
    accepted_on: Mapped[dt.date | None]
    objection_due_on: Mapped[dt.date | None]
    conclude_due_on: Mapped[dt.date | None]
    extended_days: Mapped[int] = mapped_column(default=0)
    hearing_days: Mapped[int] = mapped_column(default=0)
    replied_on: Mapped[dt.date | None]
    remedy_due_on: Mapped[dt.date | None]  # last day to request 复查 / 复核
    follow_up_due_on: Mapped[dt.date | None]
    closed_on: Mapped[dt.date | None]
    due_on: Mapped[dt.date | None]
    due_kind: Mapped[str] = mapped_column(String(12), default="")
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    dissatisfied: Mapped[bool] = mapped_column(default=False)
    repeat_count: Mapped[int] = mapped_column(default=0)
    new_case_reason: Mapped[str] = mapped_column(Text, default="")
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id", ondelete="RESTRICT"), index=True)
    updated_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PetitionParty(Base):
    """A petitioner of a case, in the order given at registration."""

    __tablename__ = "petition_party"
    __table_args__ = (Index("ix_petition_party_person_id", "person_id", "petition_id"),)

    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class PetitionStep(Base):
    """The timeline: one row per step taken (接 转 见 办 结 访 and the others), append-only."""

    __tablename__ = "petition_step"
    __audited__ = False  # itself a log of who did what when
    __table_args__ = (
        Index("ix_petition_step_petition", "petition_id", "id"),
        # the reports' repeat visits of a period (action = 'repeat_visit', at in range): without it a scan
        # of every step, millions at ten years
        Index("ix_petition_step_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(40), default="")
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict | None]


class PetitionAttachment(Base):
    """A file kept in the database with its SHA-256; the bytes load only when asked for."""

    __tablename__ = "petition_attachment"
    __table_args__ = (
        UniqueConstraint("petition_id", "sha256", name="uq_petition_attachment_petition_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[dt.datetime]
    uploaded_by_name: Mapped[str] = mapped_column(String(40), default="")


class PetitionExtension(Base):
    """A request to extend the conclusion deadline, and the director's decision on it."""

    __tablename__ = "petition_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending / approved / refused
    requested_at: Mapped[dt.datetime]
    requested_by_name: Mapped[str] = mapped_column(String(40), default="")
    decided_at: Mapped[dt.datetime | None]
    decided_by_name: Mapped[str] = mapped_column(String(40), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")


class PetitionSupervision(Base):
    """A 督办 note by the director: what the department must do, by when, and the department's answer."""

    __tablename__ = "petition_supervision"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date]
    created_at: Mapped[dt.datetime]
    created_by_name: Mapped[str] = mapped_column(String(40), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime | None]
    answered_by_name: Mapped[str] = mapped_column(String(40), default="")


class PetitionReply(Base):
    """The written reply that concludes a case (答复意见书, or 复查 / 复核意见书 for a review case)."""

    __tablename__ = "petition_reply"

    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    facts: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)
    decisions: Mapped[list]  # [{"request": "...", "decision": "..."}], one per request
    issuing_body: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[dt.date]
    created_at: Mapped[dt.datetime]
