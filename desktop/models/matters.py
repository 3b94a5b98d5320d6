"""The matter register (一案一码): one record and one code for every matter the center takes.

A matter is whatever a visitor or a channel brought: a petition, a dispute, a 12345 / grid work order (an
imported petition), or a window matter that is neither (legal aid, 社会保障, 民政救助, a consultation). Its
code (HS-2026-000123, prefix configurable) follows it from the first window to the archive: a window matter
that turns into a dispute keeps its code, and the dispute's 司法确认 or referral steps are steps of the same
matter. Petitions (with their 复查 / 复核 cases) and disputes point at their matter (``matter_id``).

- ``MatterHandover``: 首问负责. The clerk who registered a matter owns it until a handover is acknowledged by
  the receiving window, department or mediator; until then both sides see it as pending.
- ``MatterStep``: the route map (路线图), one row per step with entry and exit times, its legal deadline and
  the reason it was entered.
- ``MatterLookup``: every code lookup at a kiosk, right or wrong, so wrong guesses can be limited per kiosk
  and per code, and read back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

# kinds
WINDOW = "window"
PETITION = "petition"
DISPUTE = "dispute"
WORK_ORDER = "work_order"
KINDS = (WINDOW, PETITION, DISPUTE, WORK_ORDER)

OPEN = "open"
CLOSED = "closed"


class Matter(Base):
    __tablename__ = "matter"
    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_matter_year_serial"),
        Index("ix_matter_person", "person_id", "state"),
        Index("ix_matter_registered_at", "registered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # HS-2026-000123
    year: Mapped[int]
    serial: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12))
    service: Mapped[str] = mapped_column(String(40), default="")  # window matters: 法律援助, 社会保障 …
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default=OPEN)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    ticket_day: Mapped[dt.date | None]  # the visit's ticket (the queue is purged: its day and number stay)
    ticket_number: Mapped[str | None] = mapped_column(String(4))
    registered_at: Mapped[dt.datetime]
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # 首问负责: who answers for the matter now, and where (「1号窗口」, a department, a mediator)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    owner_place: Mapped[str] = mapped_column(String(60), default="")
    closed_at: Mapped[dt.datetime | None]
    rating: Mapped[str | None] = mapped_column(String(20))  # the visitor's rating of the outcome
    rated_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class MatterHandover(Base):
    __tablename__ = "matter_handover"
    __table_args__ = (Index("ix_matter_handover_open", "acknowledged_at", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_place: Mapped[str] = mapped_column(String(60), default="")
    to_kind: Mapped[str] = mapped_column(String(12))  # window / department / mediator
    to_ref: Mapped[int]  # window number, department id or mediator id
    to_place: Mapped[str] = mapped_column(String(60))  # 「3号窗口」, the department's or mediator's name
    reason: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[dt.datetime]
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class MatterStep(Base):
    __tablename__ = "matter_step"
    __audited__ = False  # itself a log of the route; the matter and the case actions that move it are audited

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    route: Mapped[str] = mapped_column(String(12))  # window / mediation / judicial / arbitration / court / petition …
    name: Mapped[str] = mapped_column(String(40))  # what the step is, in staff's words
    entered_at: Mapped[dt.datetime]
    left_at: Mapped[dt.datetime | None]
    due_on: Mapped[dt.date | None]  # the step's legal deadline, where it has one
    reason: Mapped[str] = mapped_column(Text, default="")  # why the matter moved onto this step
    handler: Mapped[str] = mapped_column(String(60), default="")  # the department or window, never a phone


class MatterLookup(Base):
    __tablename__ = "matter_lookup"
    __audited__ = False  # the rows are themselves the log of kiosk lookups
    __table_args__ = (Index("ix_matter_lookup_kiosk", "kiosk", "at"), Index("ix_matter_lookup_code", "code", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    kiosk: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(24))
    ok: Mapped[bool]
