"""Intake of work orders from the 12345 hotline and the grid platform (网格上报).

- ``ImportBatch``: one imported file — who, when, which file (SHA-256), the mapping used, strict or not,
  and what came of it (created, repeats, updated, unchanged, rejected rows; category names that matched
  none of ours). ``state`` says how far it got: an import commits in batches of rows (so other windows
  never wait long for the database), ``running`` until its last batch, then ``complete``; ``failed`` when
  it stopped and its rows were removed again. ``rows_done`` counts the rows written so far and
  ``heartbeat_at`` (the real time of its last batch) tells a running import from one whose process died.
- ``ImportedWorkOrder``: the key that makes re-importing idempotent: (source, work-order number) -> the
  petition it created, or the case it was recorded on as a repeat visit, with the values last imported
  (to show what changed) and their hash. The petitions, people and updates it leads to are audited; this
  row is the intake's bookkeeping and stays out of the audit log (it would copy each caller's phone
  into the log).
- ``IntakeLayout``: per source, the remembered column mapping of the import and the column layout of the
  export back to the platform.
- ``CategorySynonym``: a category name used by a platform, mapped to one of our level-two categories;
  edited by an administrator.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.crypto import EncryptedJSON
from desktop.models.base import Base


class ImportBatch(Base):
    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_source", "source", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # petition source: hotline (12345) / grid (网格上报)
    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(String(100), default="")
    header_row: Mapped[int] = mapped_column(default=1)
    mapping: Mapped[dict]  # our field -> the file's header label
    strict: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[dt.datetime]
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(40), default="")
    rows_total: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    repeats: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    empty_rows: Mapped[int] = mapped_column(default=0)
    other_category: Mapped[int] = mapped_column(default=0)  # rows whose category went to 其他
    unmatched_categories: Mapped[list]  # the platform's names that matched none of ours
    state: Mapped[str] = mapped_column(String(10), default="complete", server_default="complete")
    rows_done: Mapped[int] = mapped_column(default=0, server_default="0")
    heartbeat_at: Mapped[dt.datetime | None]  # UTC wall clock, not the app's clock: only liveness


class ImportedWorkOrder(Base):
    __tablename__ = "imported_work_order"
    __audited__ = False  # bookkeeping of the intake; the cases and updates it leads to are audited
    __table_args__ = (
        # the number first: a file's numbers are looked up with work_order_no IN (…)
        UniqueConstraint("work_order_no", "source", name="uq_imported_work_order_no_source"),
        Index("ix_imported_work_order_petition_id", "petition_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    work_order_no: Mapped[str] = mapped_column(String(40))
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="RESTRICT"))
    linked_as: Mapped[str] = mapped_column(String(10))  # "new" (the case came from it) / "repeat"
    content_hash: Mapped[str] = mapped_column(String(64))  # keyed (DataKey.digest): it covers the phone too
    # the values last imported, normalised (dates as ISO text); encrypted, since they hold the caller's phone
    data: Mapped[dict] = mapped_column(EncryptedJSON())
    received_at: Mapped[dt.datetime | None]
    requested_due_on: Mapped[dt.date | None]  # the platform's own deadline for the work order
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="RESTRICT"))
    updated_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="RESTRICT"))
    imported_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime | None]


class IntakeLayout(Base):
    """``purpose`` "import": {"mapping": {field: header}}; "export": {"columns": [{"field", "header"}],
    "datetime_format": ...}."""

    __tablename__ = "intake_layout"

    source: Mapped[str] = mapped_column(String(10), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10), primary_key=True)
    layout: Mapped[dict]
    updated_at: Mapped[dt.datetime]
    updated_by_name: Mapped[str] = mapped_column(String(40), default="")


class CategorySynonym(Base):
    __tablename__ = "category_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))  # as the platform writes it
    key: Mapped[str] = mapped_column(String(60), unique=True)  # normalised for matching
    category_id: Mapped[int] = mapped_column(ForeignKey("petition_category.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]
    created_by_name: Mapped[str] = mapped_column(String(40), default="")
