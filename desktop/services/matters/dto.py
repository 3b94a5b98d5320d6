"""What the matter register's services return: plain frozen data, no ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class HandoverInfo:
    id: int
    matter_id: int
    code: str
    summary: str
    from_place: str
    to_place: str
    reason: str
    sent_at: dt.datetime
    acknowledged_at: dt.datetime | None
    late: bool


@dataclass(frozen=True)
class StepInfo:
    route: str
    name: str
    entered_at: dt.datetime
    left_at: dt.datetime | None
    due_on: dt.date | None
    reason: str
    handler: str

    def days(self, now: dt.datetime) -> float:
        """Time spent on the step, in days (to now while it is current)."""
        return ((self.left_at or now) - self.entered_at).total_seconds() / 86400


@dataclass(frozen=True)
class CaseRef:
    kind: str  # petition / dispute
    id: int
    case_no: str
    state: str


@dataclass(frozen=True)
class MatterDetail:
    id: int
    code: str
    kind: str
    service: str
    summary: str
    outcome: str
    state: str
    person_id: int | None
    person_name: str
    ticket_day: dt.date | None
    ticket_number: str | None
    registered_at: dt.datetime
    owner_place: str
    closed_at: dt.datetime | None
    rating: str | None
    steps: tuple[StepInfo, ...]
    handovers: tuple[HandoverInfo, ...]
    cases: tuple[CaseRef, ...]
    version: int


@dataclass(frozen=True)
class MatterRow:
    """One line of a person's history."""
    id: int
    code: str
    kind: str
    summary: str
    state: str
    registered_at: dt.datetime
    step: str
    cases: str  # the case numbers, 「、」-joined
    visit: str = ""  # the visit it was registered at, as staff know it: 2026-12-05 A037 ("" from another channel)


# ---------------------------------------------------------------- what a visitor sees at the kiosk

@dataclass(frozen=True)
class ProgressStep:
    """A step of the route as the visitor sees it: no reason, no clerk's name."""
    name: str
    handler: str  # a window or a department, never a person
    entered_at: dt.datetime
    left_at: dt.datetime | None
    due_on: dt.date | None
    current: bool


@dataclass(frozen=True)
class MatterProgress:
    """处理进度随时看: a matter looked up at the kiosk with its code and the phone's last four digits. The
    person's name is masked (张*); no ID number, no phone, no staff names."""
    code: str
    kind: str  # window / petition / dispute / work_order
    kind_name: str  # 窗口事项 / 信访 / 矛盾纠纷调解 / 12345工单
    service: str  # a window matter's service (法律援助 …), else ""
    state: str  # open / closed
    person: str  # masked
    registered_at: dt.datetime
    current_step: str  # "" once closed
    handler: str  # who handles it now: a window or a department
    next_due: dt.date | None  # the current step's deadline
    steps: tuple[ProgressStep, ...]
    closed_at: dt.datetime | None
    ratable: bool  # concluded: its outcome can be rated (once)
    rating: str | None
