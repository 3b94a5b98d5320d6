"""Case-number counters: the last number issued per kind (信, 调) and year.

The row is bumped inside the transaction that registers the case, so a rolled-back registration gives
its number back and two clerks registering at once queue on the row lock: numbers stay unique and
gap-free. The counter is mechanical state; the case that takes the number is what the audit log records.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class CaseCounter(Base):
    __tablename__ = "case_counter"
    __audited__ = False

    kind: Mapped[str] = mapped_column(String(4), primary_key=True)  # "信" (petitions), "调" (mediation)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_no: Mapped[int]
