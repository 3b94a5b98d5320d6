"""What the petition services return and take: frozen dataclasses, never live ORM objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.services.people import PersonInfo


@dataclass(frozen=True)
class AttachmentInput:
    file_name: str
    data: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Decision:
    """The answer to one request of the petitioner, as the reply states it."""

    request: str
    decision: str


@dataclass(frozen=True)
class RegisteredCase:
    id: int
    case_no: str
    kind: str
    query_code: str
    status: str
    received_at: dt.datetime
    accept_due_on: dt.date | None
    due_on: dt.date | None
    version: int


@dataclass(frozen=True)
class CaseState:
    """What a step left behind: enough for a screen to update without reloading everything."""

    id: int
    case_no: str
    status: str
    due_on: dt.date | None
    due_kind: str
    version: int


@dataclass(frozen=True)
class StepInfo:
    id: int
    action: str
    at: dt.datetime
    actor_name: str
    from_status: str
    to_status: str
    note: str
    detail: dict | None


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    file_name: str
    mime_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by_name: str


@dataclass(frozen=True)
class AttachmentContent:
    file_name: str
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class ExtensionInfo:
    id: int
    case_id: int
    case_no: str
    days: int
    reason: str
    status: str
    requested_at: dt.datetime
    requested_by_name: str
    decided_at: dt.datetime | None
    decided_by_name: str
    decision_note: str


@dataclass(frozen=True)
class SupervisionInfo:
    id: int
    department: str
    note: str
    due_on: dt.date
    created_at: dt.datetime
    created_by_name: str
    answer: str
    answered_at: dt.datetime | None
    answered_by_name: str
    overdue: bool


@dataclass(frozen=True)
class ReplyInfo:
    facts: str
    basis: str
    decisions: tuple[Decision, ...]
    issuing_body: str
    issued_on: dt.date


@dataclass(frozen=True)
class LinkedCase:
    id: int
    case_no: str
    kind: str
    status: str


@dataclass(frozen=True)
class DocumentRef:
    """A document the case has: receipt / acceptance_notice / rejection_notice / reply, its number and date."""

    document: str
    number: str
    issued_on: dt.date


@dataclass(frozen=True)
class CaseView:
    id: int
    case_no: str
    kind: str
    status: str
    source: str
    category_id: int
    category: str
    domain: str
    content: str
    requests: str
    received_at: dt.datetime
    query_code: str
    registered_by: str
    ticket_id: int | None
    department_id: int | None
    department: str
    handler_id: int | None
    handler: str
    accept_due_on: dt.date | None
    accepted_on: dt.date | None
    objection_due_on: dt.date | None
    conclude_due_on: dt.date | None
    extended_days: int
    hearing_days: int
    replied_on: dt.date | None
    remedy_due_on: dt.date | None
    follow_up_due_on: dt.date | None
    closed_on: dt.date | None
    due_on: dt.date | None
    due_kind: str
    clock: str
    days_left: int | None
    satisfaction: str | None
    dissatisfied: bool
    repeat_count: int
    new_case_reason: str
    final: bool  # the matter was settled by 复核
    version: int
    people: tuple[PersonInfo, ...]
    steps: tuple[StepInfo, ...]
    attachments: tuple[AttachmentInfo, ...]
    extensions: tuple[ExtensionInfo, ...]
    supervisions: tuple[SupervisionInfo, ...]
    reply: ReplyInfo | None
    parent: LinkedCase | None
    children: tuple[LinkedCase, ...]
    actions: tuple[str, ...]  # what the signed-in user may do next
    documents: tuple[DocumentRef, ...]
    provisional: tuple[str, ...] = ()  # the deadlines counted on a provisional calendar year ("conclude_due_on")
    ticket_number: str = ""  # the queue ticket the visitor came with, as staff know it (A064)


@dataclass(frozen=True)
class RepeatCandidate:
    id: int
    case_no: str
    kind: str
    status: str
    received_at: dt.datetime
    petitioner_names: str
    category: str
    content: str
    reasons: tuple[str, ...]  # person / id_number / phone / name_village / content
    similarity: int  # percent, content against the new content
    in_progress: bool
    final: bool


@dataclass(frozen=True)
class RepeatVisit:
    id: int
    case_no: str
    status: str
    repeat_count: int
    final: bool
    version: int


@dataclass(frozen=True)
class Handler:
    id: int
    full_name: str
    department_id: int | None

