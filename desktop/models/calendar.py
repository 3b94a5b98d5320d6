"""What the working-day calendar knows about each year, and the deadlines it moved.

``calendar_day`` (desktop.models.center) holds the exceptions to the Monday–Friday week. ``calendar_year``
says which years of it are *official*: their holidays and make-up working days come from the package
``chinesecalendar``, from the State Council's notice (《国务院办公厅关于YYYY年部分节假日安排的通知》) imported
by a user, or were confirmed by hand. A year without a row (or with status "provisional") counts weekends
only. ``deadline_change`` lists every open deadline the calendar moved, for the director.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class CalendarYear(Base):
    """The coverage of one year: official (with its source) or provisional."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(12))  # official / provisional
    source: Mapped[str] = mapped_column(String(12))  # package / notice / hand
    source_detail: Mapped[str] = mapped_column(String(200), default="")  # "chinesecalendar 1.11.0", the title
    imported_at: Mapped[dt.datetime | None]
    imported_by: Mapped[str] = mapped_column(String(40), default="")


class DeadlineChange(Base):
    """An open deadline recomputed because a day of the calendar changed (old and new date)."""

    __tablename__ = "deadline_change"
    __audited__ = False  # itself a log; the case rows it changed are audited
    __table_args__ = (Index("ix_deadline_change_changed_at", "changed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime]
    cause: Mapped[str] = mapped_column(String(12))  # notice / package / day / range / confirm
    cause_detail: Mapped[str] = mapped_column(String(200), default="")
    actor_name: Mapped[str] = mapped_column(String(40), default="")
    case_kind: Mapped[str] = mapped_column(String(12))  # petition / dispute / follow_up (a bad rating's)
    case_id: Mapped[int]
    case_no: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(20))  # accept_notice / objection / conclude / ... / mediation_term
    old_date: Mapped[dt.date]
    new_date: Mapped[dt.date]
