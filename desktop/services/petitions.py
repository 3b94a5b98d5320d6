"""Petition casework (信访事项): registration (接), the steps 转 见 办 结 访, the side paths (不予受理, objection,
withdrawal, extension, 督办, 复查/复核, repeat visits), attachments and the case view.

Every service is one transaction. A step checks the role (desktop.services.petition_flow.TRANSITIONS),
the case's status and, when the form sends it, the case's ``version``: two clerks editing the same case
cannot both win — the second save is refused with Conflict and the form keeps its input. Each step
writes a timeline row (who, when, what) and sets the next deadline (desktop.services.deadlines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import load_only
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import (
    Center,
    Department,
    Person,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionExtension,
    PetitionParty,
    PetitionReply,
    PetitionStep,
    PetitionSupervision,
    Ticket,
    User,
)
from desktop.services import deadlines
from desktop.services.calendar import load_calendar, provisional_marks
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.case_numbers import next_case_number
from desktop.services.deadlines import DUE_ACCEPT, DUE_CONCLUDE, DUE_FOLLOW_UP, clock_state
from desktop.services.errors import Conflict, Duplicate, Invalid, NotFound, PermissionDenied
from desktop.services.people import PersonInfo, PersonInput, find_person_ids, person_info, upsert_person
from desktop.services.permissions import Permission, can, require
from desktop.services.petition_flow import (
    ASSIGNED,
    CLOSED,
    CONCLUDED,
    DISSATISFIED,
    FOLLOW_UP_METHODS,
    HANDLING,
    IN_PROGRESS,
    MET,
    NOT_ACCEPTED,
    OBJECTED,
    PETITION,
    RECHECK,
    REGISTERED,
    REVIEW,
    SATISFACTION,
    SOURCES,
    TRANSITIONS,
    WITHDRAWN,
    DeadlinePassed,
    ExtensionUsed,
    FinalDecision,
    NotResponsible,
    PossibleRepeat,
    TransitionNotAllowed,
)
from desktop.services.settings import Declared, declare, get_setting

declare(
    Declared("petition_attachment_max_mb", 20, 1, 200),
    Declared("petition_repeat_lookback_days", 365, 30, 3650),
    Declared("petition_similarity_percent", 40, 10, 95),
    # the bodies named in a reply's notice: where to request 复查, and (in a 复查意见) where to request 复核
    Declared("petition_review_body", ""),
    Declared("petition_recheck_body", ""),
)
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
# the middle of a document number, per document (the reply's code depends on the kind of case)
DOCUMENT_CODES = {"acceptance_notice": "信受告", "rejection_notice": "信不受", PETITION: "信答", REVIEW: "信复查",
                  RECHECK: "信复核"}
TEXT_MAX = 20000
REPEAT_REASONS = ("person", "id_number", "phone", "name_village", "content")  # strongest first
CONTENT_CANDIDATES = 8  # similar matters of other people shown while registering
NAMES_MAX = 200


# ---------------------------------------------------------------- DTOs

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


# ---------------------------------------------------------------- helpers (inside an open unit of work)

def actor_name(uow) -> str:
    return uow.actor.full_name or uow.actor.username


def require_case_access(uow) -> None:
    """Reading cases is for those who register, handle or supervise them."""
    if uow.actor.role == "system":
        return
    wanted = (Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES)
    if not any(can(uow.actor.role, p) for p in wanted):
        raise PermissionDenied(role=uow.actor.role, permission=Permission.HANDLE_PETITION.value)


def _may(uow, permission: Permission) -> bool:
    return uow.actor.role == "system" or can(uow.actor.role, permission)


def _text(value: str | None, field: str, *, required: bool = True, maximum: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(field=field, reason="empty")
    if len(text) > maximum:
        raise Invalid(field=field, reason="length", maximum=maximum)
    return text


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise Invalid(field="source", reason="unknown", value=source)


def _check_category(uow, category_id: int | None) -> PetitionCategory:
    if category_id is None:
        raise Invalid(field="category_id", reason="empty")
    category = uow.session.get(PetitionCategory, category_id)
    if category is None:
        raise NotFound(entity="petition_category", key=category_id)
    if category.parent_id is None:
        raise Invalid(field="category_id", reason="level_two")
    return category


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


def _query_code(uow) -> str:
    while True:
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
        if uow.session.scalar(select(Petition.id).where(Petition.query_code == code)) is None:
            return code


def _names(persons: Sequence[Person]) -> str:
    names = "、".join(p.name for p in persons)
    return names if len(names) <= NAMES_MAX else names[:NAMES_MAX - 1] + "等"


def _step(uow, p: Petition, action: str, *, from_status: str, note: str = "", detail: dict | None = None) -> None:
    uow.session.add(PetitionStep(petition_id=p.id, action=action, at=uow.now(), actor_id=uow.actor.user_id,
                                 actor_name=actor_name(uow), from_status=from_status, to_status=p.status,
                                 note=note, detail=detail))


def _case(uow, case_id: int) -> Petition:
    p = uow.session.get(Petition, case_id)
    if p is None:
        raise NotFound(entity="petition", key=case_id)
    return p


def _open(uow, case_id: int, version: int | None, action: str) -> Petition:
    """The case, after checking the actor's permission, the version the form was read at, and that
    ``action`` follows from its status."""
    transition = TRANSITIONS[action]
    require(uow, transition.permission)
    p = _case(uow, case_id)
    if version is not None and version != p.version:
        raise Conflict(entity="petition", key=p.case_no)
    if p.status not in transition.from_statuses:
        raise TransitionNotAllowed(action=action, status=p.status, case_no=p.case_no)
    uow.action = f"petition.{action}"
    uow.session.autoflush = False  # one UPDATE (one version step, one audit entry) per action, in _commit
    return p


def _department_name(uow, department_id: int | None) -> str:
    if department_id is None:
        return ""
    return uow.session.scalar(select(Department.name).where(Department.id == department_id)) or ""


def _check_responsible(uow, p: Petition) -> None:
    """A department's staff act on their own department's cases; the center (staff without a
    department) and supervisors act on any."""
    mine = uow.actor.department_id
    if mine is not None and p.department_id is not None and mine != p.department_id \
            and not _may(uow, Permission.SUPERVISE_CASES):
        raise NotResponsible(case_no=p.case_no, department=_department_name(uow, p.department_id))


def _commit(uow, p: Petition) -> None:
    case_no = p.case_no  # the failed flush leaves the object unreadable
    try:
        uow.session.flush()
    except StaleDataError:  # another transaction saved the case between our read and our write
        raise Conflict(entity="petition", key=case_no) from None
    uow.commit()


def _state(p: Petition) -> CaseState:
    return CaseState(p.id, p.case_no, p.status, p.due_on, p.due_kind, p.version)


def _set_clock(p: Petition, due_on: dt.date | None, kind: str) -> None:
    p.due_on, p.due_kind = due_on, kind if due_on else ""


def _touch(uow, p: Petition) -> None:
    p.updated_at = uow.now()


def _lapse_pending_extension(uow, p: Petition) -> None:
    """A request nobody decided before the case left the department's hands is void."""
    for ext in uow.session.scalars(select(PetitionExtension).where(
            PetitionExtension.petition_id == p.id, PetitionExtension.status == "pending")):
        ext.status, ext.decided_at = "lapsed", uow.now()


# ---------------------------------------------------------------- repeat detection

_NOT_TEXT = re.compile(r"[\W_]+")


def _trigrams(text: str) -> set[str]:
    t = _NOT_TEXT.sub("", (text or "").lower())
    if len(t) < 3:
        return {t} if t else set()
    return {t[i:i + 3] for i in range(len(t) - 2)}


def similarity(a: str, b: str) -> int:
    """How alike two contents are, 0–100: the Dice coefficient of their character trigrams."""
    ta, tb = _trigrams(a), _trigrams(b)
    if not ta or not tb:
        return 0
    return round(200 * len(ta & tb) / (len(ta) + len(tb)))


def _chain_contents(uow, p: Petition) -> list[str]:
    """The contents of a case and the cases it reviews (a 复核 case's matter is its root petition's)."""
    out, current = [p.content], p
    while current.parent_id is not None:
        current = _case(uow, current.parent_id)
        out.append(current.content)
    return out


def _settled_by_recheck(uow, p: Petition) -> bool:
    """Whether the matter of ``p`` was settled by a concluded 复核 (on ``p`` itself or a case reviewing it)."""
    if p.kind == RECHECK:
        return p.status in (CONCLUDED, CLOSED)
    # Linked cases are few: fetch them by parent_id alone, so the planner always takes that index.
    linked = uow.session.execute(select(Petition.id, Petition.kind, Petition.status)
                                 .where(Petition.parent_id == p.id)).all()
    reviews = [i for i, kind, _ in linked if kind == REVIEW]
    if reviews:
        linked += uow.session.execute(select(Petition.id, Petition.kind, Petition.status)
                                      .where(Petition.parent_id.in_(reviews))).all()
    return any(kind == RECHECK and status in (CONCLUDED, CLOSED) for _, kind, status in linked)


def _cases_of(uow, person_ids) -> list[Petition]:
    if not person_ids:
        return []
    ids = select(PetitionParty.petition_id).where(PetitionParty.person_id.in_(list(person_ids)))
    return list(uow.session.scalars(select(Petition).where(Petition.id.in_(ids)).order_by(Petition.id.desc())
                                    .limit(200)))


def _refuse_repeats(uow, persons: Sequence[Person], category_id: int, content: str, reason: str) -> None:
    cases = _cases_of(uow, {p.id for p in persons})
    threshold = get_setting(uow, "petition_similarity_percent")
    for case in cases:
        if case.category_id == category_id and _settled_by_recheck(uow, case) and max(
                similarity(content, c) for c in _chain_contents(uow, case)) >= threshold:
            raise FinalDecision(case_no=case.case_no)
    in_progress = tuple(c.case_no for c in cases if c.status in IN_PROGRESS)
    if in_progress and not reason:
        raise PossibleRepeat(cases=in_progress)


def _similar_content_ids(uow, content: str, since: dt.datetime, limit: int = 200) -> list[int]:
    """Recent cases sharing a few four-character pieces of ``content`` (found through the search index)."""
    from desktop.services.petition_lists import text_condition

    text = _NOT_TEXT.sub("", content or "")
    if len(text) < 4:
        return []
    step = max(1, (len(text) - 4) // 7)
    pieces = list(dict.fromkeys(text[i:i + 4] for i in range(0, len(text) - 3, step)))[:8]
    condition = text_condition(uow, pieces, any_term=True)
    return list(uow.session.scalars(select(Petition.id).where(condition, Petition.received_at >= since)
                                    .order_by(Petition.id.desc()).limit(limit)))


def find_repeats(uow, *, petitioners: Sequence[PersonInput], content: str = "",
                 exclude_case_id: int | None = None) -> list[RepeatCandidate]:
    """While registering: cases of the same person (same ID number, phone, or name + village), then a few
    recent cases of other people with similar content (the same village first), each with why it matched.
    Cases still in progress come first."""
    with uow:
        require(uow, Permission.REGISTER_PETITION)
        matched = find_person_ids(uow, petitioners)
        reasons: dict[int, set[str]] = {}
        for pid, how in matched.items():
            for case in _cases_of(uow, {pid}):
                reasons.setdefault(case.id, set()).update(how)
        threshold = get_setting(uow, "petition_similarity_percent")
        since = uow.now() - dt.timedelta(days=get_setting(uow, "petition_repeat_lookback_days"))
        scores: dict[int, int] = {}
        if content.strip():
            for case_id in _similar_content_ids(uow, content, since):
                scores[case_id] = -1  # scored below
        ids = [i for i in set(reasons) | set(scores) if i != exclude_case_id]
        if not ids:
            return []
        villages = {(p.village or "").strip() for p in petitioners} - {""}
        by_person, by_content = [], []
        for case in uow.session.scalars(select(Petition).where(Petition.id.in_(ids))):
            score = similarity(content, case.content) if content.strip() else 0
            if case.id in reasons:
                by_person.append((case, score))
            elif score >= threshold:
                by_content.append((case, score))
        # someone else's similar matter: the same village first, the most similar, a handful
        by_content.sort(key=lambda x: (x[0].village not in villages, -x[1], -x[0].id))
        categories = {c.id: c.name for c in uow.session.scalars(select(PetitionCategory))}
        out = []
        for case, score in by_person + by_content[:CONTENT_CANDIDATES]:
            why = reasons.get(case.id, set()) | ({"content"} if score >= threshold else set())
            out.append(RepeatCandidate(case.id, case.case_no, case.kind, case.status, case.received_at,
                                       case.petitioner_names, categories.get(case.category_id, ""),
                                       case.content, tuple(r for r in REPEAT_REASONS if r in why), score,
                                       case.status in IN_PROGRESS, _settled_by_recheck(uow, case)))
        out.sort(key=lambda c: (c.reasons[0] == "content", not c.in_progress, -c.similarity, -c.id))
        return out


# ---------------------------------------------------------------- registration (接)

def _new_case(uow, *, kind: str, parent: Petition | None, source: str, category_id: int, content: str,
              requests: str, persons: Sequence[Person], ticket_id: int | None, new_case_reason: str,
              accept_due_on: dt.date | None, conclude_due_on: dt.date | None) -> Petition:
    now = uow.now()
    number = next_case_number(uow, kind=PETITION_NUMBERS, year=now.year)
    p = Petition(case_no=number.text, case_year=number.year, case_seq=number.seq, kind=kind,
                 parent_id=parent.id if parent else None, source=source, category_id=category_id, content=content,
                 requests=requests, petitioner_names=_names(persons), village=persons[0].village,
                 grid=persons[0].grid, status=REGISTERED, received_at=now, query_code=_query_code(uow),
                 registered_by_id=uow.actor.user_id, ticket_id=ticket_id, handler_id=uow.actor.user_id,
                 accept_due_on=accept_due_on, conclude_due_on=conclude_due_on, extended_days=0, hearing_days=0,
                 dissatisfied=False, repeat_count=0, new_case_reason=new_case_reason, updated_at=now)
    if accept_due_on is not None:
        _set_clock(p, accept_due_on, DUE_ACCEPT)
    else:
        _set_clock(p, conclude_due_on, DUE_CONCLUDE)
    uow.session.add(p)
    uow.session.flush()
    for i, person in enumerate(persons):
        uow.session.add(PetitionParty(petition_id=p.id, person_id=person.id, position=i))
    if ticket_id is not None:  # the visitor's ticket records the case it led to, as mediation does
        from desktop.services.queue import link_case

        link_case(uow, ticket_id=ticket_id, case_kind="petition", case_id=p.id)
    return p


def _registered(p: Petition) -> RegisteredCase:
    return RegisteredCase(p.id, p.case_no, p.kind, p.query_code, p.status, p.received_at, p.accept_due_on,
                          p.due_on, p.version)


def register_petition(uow, *, source: str, petitioners: Sequence[PersonInput], category_id: int | None,
                      content: str, requests: str = "", attachments: Sequence[AttachmentInput] = (),
                      ticket_id: int | None = None, new_case_reason: str = "") -> RegisteredCase:
    """接: register a petition with its petitioners and attachments, and give it the next case number.

    When a petitioner has a case still in progress, registration is refused (PossibleRepeat) unless
    ``new_case_reason`` says why this is a new matter; the clerk records a repeat visit otherwise. A
    matter already settled by 复核 (same person, same category, similar content) is refused
    (FinalDecision). ``ticket_id`` links the queue ticket the visitor came with.
    """
    with uow:
        require(uow, Permission.REGISTER_PETITION)
        _check_source(source)
        content = _text(content, "content")
        requests = _text(requests, "requests", required=False)
        new_case_reason = _text(new_case_reason, "new_case_reason", required=False)
        if not petitioners:
            raise Invalid(field="petitioners", reason="empty")
        _check_category(uow, category_id)
        files = [_check_attachment(uow, a) for a in attachments]
        uow.action = "petition.register"
        persons: list[Person] = []
        for i, data in enumerate(petitioners):
            person = upsert_person(uow, data, field=f"petitioners[{i}]")
            if person in persons:
                raise Invalid(field="petitioners", reason="duplicate", value=person.name)
            persons.append(person)
        _refuse_repeats(uow, persons, category_id, content, new_case_reason)
        today = uow.now().date()
        accept_due = deadlines.due_date(uow, load_calendar(uow), "accept_notice", today)
        p = _new_case(uow, kind=PETITION, parent=None, source=source, category_id=category_id, content=content,
                      requests=requests, persons=persons, ticket_id=ticket_id, new_case_reason=new_case_reason,
                      accept_due_on=accept_due, conclude_due_on=None)
        _store_attachments(uow, p, files)
        _step(uow, p, "register", from_status="", note=new_case_reason,
              detail={"source": source, "ticket_id": ticket_id, "attachments": len(files),
                      "accept_due_on": accept_due.isoformat()})
        uow.session.flush()
        out = _registered(p)
        uow.commit()
        return out


def update_petition(uow, *, case_id: int, version: int | None, source: str, category_id: int, content: str,
                    requests: str = "") -> CaseState:
    """Correct the registration of an open case."""
    with uow:
        p = _open(uow, case_id, version, "edit")
        _check_source(source)
        _check_category(uow, category_id)
        values = {"source": source, "category_id": category_id, "content": _text(content, "content"),
                  "requests": _text(requests, "requests", required=False)}
        changed = [k for k, v in values.items() if getattr(p, k) != v]
        if changed:
            for key in changed:
                setattr(p, key, values[key])
            _touch(uow, p)
            _step(uow, p, "edit", from_status=p.status, detail={"changed": changed})
        _commit(uow, p)
        return _state(p)


def refresh_petitioner_names(uow, person_id: int) -> None:
    """Inside an open unit of work: copy a renamed person's name into their cases (lists, search)."""
    ids = select(PetitionParty.petition_id).where(PetitionParty.person_id == person_id)
    for p in uow.session.scalars(select(Petition).where(Petition.id.in_(ids))):
        persons = uow.session.scalars(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                      .where(PetitionParty.petition_id == p.id).order_by(PetitionParty.position))
        p.petitioner_names = _names(list(persons))


def record_repeat_visit(uow, *, case_id: int, source: str = "visit", note: str = "",
                        ticket_id: int | None = None) -> RepeatVisit:
    """The same matter raised again: recorded on the existing case (repeat count, timeline) instead of a
    new case. ``final`` tells the clerk the matter was settled by 复核 and is not accepted again."""
    with uow:
        p = _open(uow, case_id, None, "repeat_visit")
        _check_source(source)
        final = _settled_by_recheck(uow, p)
        p.repeat_count += 1
        _touch(uow, p)
        _step(uow, p, "repeat_visit", from_status=p.status, note=_text(note, "note", required=False),
              detail={"source": source, "ticket_id": ticket_id, "final": final})
        _commit(uow, p)
        return RepeatVisit(p.id, p.case_no, p.status, p.repeat_count, final, p.version)


# ---------------------------------------------------------------- the steps

def assign_petition(uow, *, case_id: int, version: int | None, department_id: int, handler_id: int | None = None,
                    note: str = "") -> CaseState:
    """转: accept the matter and hand it to the responsible department (again, after an objection).
    Acceptance starts the conclusion clock; the department has the objection period to refuse it."""
    with uow:
        p = _open(uow, case_id, version, "assign")
        dept = uow.session.get(Department, department_id)
        if dept is None:
            raise NotFound(entity="department", key=department_id)
        if not dept.active:
            raise Invalid(field="department_id", reason="inactive", value=dept.name)
        if handler_id is not None:
            handler = uow.session.get(User, handler_id)
            if handler is None or not handler.active:
                raise NotFound(entity="user", key=handler_id)
            if handler.department_id is not None and handler.department_id != department_id:
                raise Invalid(field="handler_id", reason="other_department", value=handler.full_name)
        today = uow.now().date()
        calendar = load_calendar(uow)
        from_status = p.status
        late = False
        if from_status == REGISTERED:
            p.accepted_on = today
            late = p.accept_due_on is not None and today > p.accept_due_on
            if p.kind == PETITION:
                p.conclude_due_on = deadlines.due_date(uow, calendar, "conclude", today)
        p.department_id, p.handler_id = dept.id, handler_id
        p.objection_due_on = deadlines.due_date(uow, calendar, "objection", today)
        p.status = ASSIGNED
        _set_clock(p, p.conclude_due_on, DUE_CONCLUDE)
        _touch(uow, p)
        _step(uow, p, "assign", from_status=from_status, note=_text(note, "note", required=False),
              detail={"department_id": dept.id, "department": dept.name, "accepted_late": late,
                      "objection_due_on": p.objection_due_on.isoformat(),
                      "conclude_due_on": p.conclude_due_on.isoformat() if p.conclude_due_on else None})
        _commit(uow, p)
        return _state(p)


def refuse_petition(uow, *, case_id: int, version: int | None, reason: str, basis: str = "",
                    advice: str = "") -> CaseState:
    """不予受理: the matter is not accepted; the petitioner gets a written notice with the reason."""
    with uow:
        p = _open(uow, case_id, version, "refuse")
        reason = _text(reason, "reason")
        from_status = p.status
        p.status, p.closed_on = NOT_ACCEPTED, uow.now().date()
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "refuse", from_status=from_status, note=reason,
              detail={"reason": reason, "basis": _text(basis, "basis", required=False),
                      "advice": _text(advice, "advice", required=False)})
        _commit(uow, p)
        return _state(p)


def object_to_assignment(uow, *, case_id: int, version: int | None, reason: str) -> CaseState:
    """The department says the matter is not theirs, within the objection period (5 working days); the
    case goes back to the center to be assigned again. The conclusion deadline keeps running."""
    with uow:
        p = _open(uow, case_id, version, "object")
        _check_responsible(uow, p)
        reason = _text(reason, "reason")
        if p.objection_due_on is None or uow.now().date() > p.objection_due_on:
            raise DeadlinePassed(what="objection", due_on=p.objection_due_on)
        dept = _department_name(uow, p.department_id)
        p.status, p.department_id, p.handler_id, p.objection_due_on = OBJECTED, None, p.registered_by_id, None
        _touch(uow, p)
        _lapse_pending_extension(uow, p)
        _step(uow, p, "object", from_status=ASSIGNED, note=reason, detail={"department": dept})
        _commit(uow, p)
        return _state(p)


def record_meeting(uow, *, case_id: int, version: int | None, met_on: dt.date, place: str = "",
                   note: str) -> CaseState:
    """见: the department met the petitioner."""
    with uow:
        p = _open(uow, case_id, version, "meet")
        _check_responsible(uow, p)
        note = _text(note, "note")
        if met_on > uow.now().date():
            raise Invalid(field="met_on", reason="future")
        if p.accepted_on and met_on < p.accepted_on:
            raise Invalid(field="met_on", reason="before_acceptance", value=p.accepted_on)
        p.status = MET
        p.handler_id = p.handler_id or uow.actor.user_id
        _touch(uow, p)
        _step(uow, p, "meet", from_status=ASSIGNED, note=note,
              detail={"met_on": met_on.isoformat(), "place": _text(place, "place", required=False)})
        _commit(uow, p)
        return _state(p)


def record_handling(uow, *, case_id: int, version: int | None, note: str) -> CaseState:
    """办: what the department did (may be recorded several times)."""
    with uow:
        p = _open(uow, case_id, version, "handle")
        _check_responsible(uow, p)
        note = _text(note, "note")
        from_status = p.status
        p.status = HANDLING
        p.handler_id = p.handler_id or uow.actor.user_id
        _touch(uow, p)
        _step(uow, p, "handle", from_status=from_status, note=note)
        _commit(uow, p)
        return _state(p)


def conclude_petition(uow, *, case_id: int, version: int | None, facts: str, basis: str,
                      decisions: Sequence[Decision], issuing_body: str) -> CaseState:
    """结: the written reply (答复意见书; 复查/复核意见 for a review). It opens the period to request the next
    review (none after 复核) and the follow-up clock."""
    with uow:
        p = _open(uow, case_id, version, "conclude")
        _check_responsible(uow, p)
        facts, basis = _text(facts, "facts"), _text(basis, "basis")
        issuing_body = _text(issuing_body, "issuing_body", maximum=100)
        if not decisions:
            raise Invalid(field="decisions", reason="empty")
        clean = tuple(Decision(_text(d.request, "decisions"), _text(d.decision, "decisions")) for d in decisions)
        today = uow.now().date()
        calendar = load_calendar(uow)
        uow.session.add(PetitionReply(petition_id=p.id, facts=facts, basis=basis,
                                      decisions=[{"request": d.request, "decision": d.decision} for d in clean],
                                      issuing_body=issuing_body, issued_on=today, created_at=uow.now()))
        p.replied_on = today
        remedy = {PETITION: "review_request", REVIEW: "recheck_request"}.get(p.kind)
        p.remedy_due_on = deadlines.due_date(uow, calendar, remedy, today) if remedy else None
        p.follow_up_due_on = deadlines.due_date(uow, calendar, "follow_up", today)
        on_time = p.conclude_due_on is None or today <= p.conclude_due_on
        _lapse_pending_extension(uow, p)
        p.status = CONCLUDED
        _set_clock(p, p.follow_up_due_on, DUE_FOLLOW_UP)
        _touch(uow, p)
        _step(uow, p, "conclude", from_status=HANDLING, note=facts,
              detail={"on_time": on_time, "issuing_body": issuing_body,
                      "remedy_due_on": p.remedy_due_on.isoformat() if p.remedy_due_on else None})
        _commit(uow, p)
        return _state(p)


def record_follow_up(uow, *, case_id: int, version: int | None, satisfaction: str, method: str = "phone",
                     note: str = "") -> CaseState:
    """访: the follow-up visit and the petitioner's satisfaction (five levels). 不满意 and 非常不满意 flag the
    case on the director's list."""
    with uow:
        p = _open(uow, case_id, version, "follow_up")
        if satisfaction not in SATISFACTION:
            raise Invalid(field="satisfaction", reason="unknown", value=satisfaction)
        if method not in FOLLOW_UP_METHODS:
            raise Invalid(field="method", reason="unknown", value=method)
        p.satisfaction, p.dissatisfied = satisfaction, satisfaction in DISSATISFIED
        p.status, p.closed_on = CLOSED, uow.now().date()
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "follow_up", from_status=CONCLUDED, note=_text(note, "note", required=False),
              detail={"satisfaction": satisfaction, "method": method})
        _commit(uow, p)
        return _state(p)


def withdraw_petition(uow, *, case_id: int, version: int | None, reason: str) -> CaseState:
    """The petitioner withdraws the matter."""
    with uow:
        p = _open(uow, case_id, version, "withdraw")
        reason = _text(reason, "reason")
        from_status = p.status
        p.status, p.closed_on = WITHDRAWN, uow.now().date()
        _lapse_pending_extension(uow, p)
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "withdraw", from_status=from_status, note=reason)
        _commit(uow, p)
        return _state(p)


# ---------------------------------------------------------------- extension, hearing, supervision

def _extension_info(e: PetitionExtension, case_no: str) -> ExtensionInfo:
    return ExtensionInfo(e.id, e.petition_id, case_no, e.days, e.reason, e.status, e.requested_at, e.requested_by_name,
                         e.decided_at, e.decided_by_name, e.decision_note)


def request_extension(uow, *, case_id: int, days: int, reason: str) -> ExtensionInfo:
    """Ask to extend the conclusion deadline (at most 30 days, once); the director decides."""
    with uow:
        p = _open(uow, case_id, None, "request_extension")
        _check_responsible(uow, p)
        limit = deadlines.extension_limit(uow)
        if not isinstance(days, int) or not 1 <= days <= limit:
            raise Invalid(field="days", reason="range", minimum=1, maximum=limit)
        reason = _text(reason, "reason")
        used = uow.session.scalar(select(PetitionExtension.status).where(
            PetitionExtension.petition_id == p.id, PetitionExtension.status.in_(("pending", "approved"))))
        if used is not None:
            raise ExtensionUsed(case_no=p.case_no, status=used)
        ext = PetitionExtension(petition_id=p.id, days=days, reason=reason, status="pending", requested_at=uow.now(),
                                requested_by_name=actor_name(uow), decided_by_name="", decision_note="")
        uow.session.add(ext)
        _step(uow, p, "request_extension", from_status=p.status, note=reason, detail={"days": days})
        uow.session.flush()
        info = _extension_info(ext, p.case_no)
        uow.commit()
        return info


def decide_extension(uow, *, extension_id: int, approve: bool, note: str = "") -> ExtensionInfo:
    """The director approves (the deadline moves) or refuses (with a reason) an extension request."""
    with uow:
        ext = uow.session.get(PetitionExtension, extension_id)
        if ext is None:
            raise NotFound(entity="petition_extension", key=extension_id)
        p = _open(uow, ext.petition_id, None, "decide_extension")
        if ext.status != "pending":
            raise TransitionNotAllowed(action="decide_extension", status=ext.status, case_no=p.case_no)
        note = _text(note, "note", required=not approve)
        ext.status = "approved" if approve else "refused"
        ext.decided_at, ext.decided_by_name, ext.decision_note = uow.now(), actor_name(uow), note
        detail = {"days": ext.days, "approved": approve}
        if approve:
            p.conclude_due_on = deadlines.extend(uow, load_calendar(uow), p.conclude_due_on, ext.days)
            p.extended_days += ext.days
            if p.due_kind == DUE_CONCLUDE:
                p.due_on = p.conclude_due_on
            _touch(uow, p)
            detail["conclude_due_on"] = p.conclude_due_on.isoformat()
        _step(uow, p, "decide_extension", from_status=p.status, note=note or ext.reason, detail=detail)
        info = _extension_info(ext, p.case_no)
        _commit(uow, p)
        return info


def record_hearing(uow, *, case_id: int, version: int | None, start: dt.date, end: dt.date,
                   note: str = "") -> CaseState:
    """A 复核 hearing (听证): its days do not count towards the 30 days for the 复核意见."""
    with uow:
        p = _open(uow, case_id, version, "hearing")
        if p.kind != RECHECK:
            raise TransitionNotAllowed(action="hearing", status=p.status, case_no=p.case_no)
        if end < start:
            raise Invalid(field="end", reason="before_start")
        days = (end - start).days + 1
        p.hearing_days += days
        p.conclude_due_on = deadlines.extend(uow, load_calendar(uow), p.conclude_due_on, days)
        _set_clock(p, p.conclude_due_on, DUE_CONCLUDE)
        _touch(uow, p)
        _step(uow, p, "hearing", from_status=p.status, note=_text(note, "note", required=False),
              detail={"start": start.isoformat(), "end": end.isoformat(), "days": days})
        _commit(uow, p)
        return _state(p)


def _supervision_info(uow, s: PetitionSupervision, today: dt.date) -> SupervisionInfo:
    return SupervisionInfo(s.id, _department_name(uow, s.department_id), s.note, s.due_on, s.created_at,
                           s.created_by_name, s.answer, s.answered_at, s.answered_by_name,
                           s.answered_at is None and s.due_on < today)


def add_supervision(uow, *, case_id: int, note: str, due_on: dt.date,
                    department_id: int | None = None) -> SupervisionInfo:
    """督办: the director tells the department what to do by when."""
    with uow:
        p = _open(uow, case_id, None, "supervise")
        note = _text(note, "note")
        today = uow.now().date()
        if due_on < today:
            raise Invalid(field="due_on", reason="past")
        department_id = department_id or p.department_id
        if department_id is not None and uow.session.get(Department, department_id) is None:
            raise NotFound(entity="department", key=department_id)
        row = PetitionSupervision(petition_id=p.id, department_id=department_id, note=note, due_on=due_on,
                                  created_at=uow.now(), created_by_name=actor_name(uow), answer="",
                                  answered_by_name="")
        uow.session.add(row)
        _step(uow, p, "supervise", from_status=p.status, note=note,
              detail={"due_on": due_on.isoformat(), "department": _department_name(uow, department_id)})
        uow.session.flush()
        info = _supervision_info(uow, row, today)
        uow.commit()
        return info


def answer_supervision(uow, *, supervision_id: int, answer: str) -> SupervisionInfo:
    """The department reports what it did about a 督办 note."""
    with uow:
        require(uow, Permission.HANDLE_PETITION)
        row = uow.session.get(PetitionSupervision, supervision_id)
        if row is None:
            raise NotFound(entity="petition_supervision", key=supervision_id)
        p = _case(uow, row.petition_id)
        if row.answered_at is not None:
            raise TransitionNotAllowed(action="answer_supervision", status="answered", case_no=p.case_no)
        _check_responsible(uow, p)
        uow.action = "petition.answer_supervision"
        row.answer = _text(answer, "answer")
        row.answered_at, row.answered_by_name = uow.now(), actor_name(uow)
        _step(uow, p, "answer_supervision", from_status=p.status, note=row.answer)
        info = _supervision_info(uow, row, uow.now().date())
        uow.commit()
        return info


# ---------------------------------------------------------------- 复查 / 复核

def request_review(uow, *, case_id: int, reason: str, source: str = "visit") -> RegisteredCase:
    """The petitioner disagrees with the reply: a linked 复查 case (or 复核 after a 复查), within 30 days
    of the reply. After 复核 the matter is final."""
    with uow:
        p = _open(uow, case_id, None, "request_review")
        if p.kind == RECHECK:
            raise FinalDecision(case_no=p.case_no)
        today = uow.now().date()
        if p.remedy_due_on is None or today > p.remedy_due_on:
            raise DeadlinePassed(what="review_request", due_on=p.remedy_due_on)
        existing = uow.session.scalar(select(Petition.case_no).where(Petition.parent_id == p.id))
        if existing is not None:
            raise Duplicate(entity="petition", field="review", value=existing)
        reason = _text(reason, "reason")
        _check_source(source)
        kind = REVIEW if p.kind == PETITION else RECHECK
        persons = list(uow.session.scalars(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                           .where(PetitionParty.petition_id == p.id)
                                           .order_by(PetitionParty.position)))
        due = deadlines.due_date(uow, load_calendar(uow), "review_opinion" if kind == REVIEW else "recheck_opinion",
                                 today)
        child = _new_case(uow, kind=kind, parent=p, source=source, category_id=p.category_id, content=reason,
                          requests=p.requests, persons=persons, ticket_id=None, new_case_reason="",
                          accept_due_on=None, conclude_due_on=due)
        _step(uow, child, "register", from_status="", detail={"source": source, "parent": p.case_no, "kind": kind,
                                                               "conclude_due_on": due.isoformat()})
        _touch(uow, p)
        _step(uow, p, "request_review", from_status=p.status, note=reason,
              detail={"case_no": child.case_no, "kind": kind})
        _commit(uow, p)
        return _registered(child)


# ---------------------------------------------------------------- attachments

def _attachment_info(a: PetitionAttachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.file_name, a.mime_type, a.size, a.sha256, a.uploaded_at, a.uploaded_by_name)


def add_attachment(uow, *, case_id: int, attachment: AttachmentInput) -> AttachmentInfo:
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


def attachment_content(uow, *, attachment_id: int) -> AttachmentContent:
    with uow:
        require_case_access(uow)
        a = uow.session.get(PetitionAttachment, attachment_id)
        if a is None:
            raise NotFound(entity="petition_attachment", key=attachment_id)
        return AttachmentContent(a.file_name, a.mime_type, a.data)


# ---------------------------------------------------------------- reading

def list_handlers(uow, *, department_id: int | None = None) -> list[Handler]:
    """Active staff who may handle cases, of one department (and those without one) when given."""
    with uow:
        require_case_access(uow)
        q = select(User).where(User.active).order_by(User.full_name)
        if department_id is not None:
            q = q.where(or_(User.department_id == department_id, User.department_id.is_(None)))
        return [Handler(u.id, u.full_name, u.department_id) for u in uow.session.scalars(q)
                if can(u.role, Permission.HANDLE_PETITION)]


def offered_actions(uow, p: Petition, *, pending_extension: bool, extension_used: bool, has_review: bool,
                    final: bool) -> tuple[str, ...]:
    """Inside an open unit of work: the actions the actor may take on ``p`` now (what the UI offers)."""
    today = uow.now().date()
    mine = uow.actor.department_id
    own = mine is None or p.department_id in (None, mine) or _may(uow, Permission.SUPERVISE_CASES)
    extra = {
        "object": own and p.objection_due_on is not None and today <= p.objection_due_on,
        "meet": own, "handle": own, "conclude": own,
        "request_extension": own and not extension_used,
        "decide_extension": pending_extension,
        "hearing": p.kind == RECHECK,
        "request_review": p.kind != RECHECK and not has_review and not final
                          and p.remedy_due_on is not None and today <= p.remedy_due_on,
    }
    return tuple(action for action, t in TRANSITIONS.items()
                 if p.status in t.from_statuses and _may(uow, t.permission) and extra.get(action, True))


def document_number(abbr: str, document: str, year: int, seq: int) -> str:
    """虎信受告〔2026〕34号: office abbreviation, document code, the case number's year and sequence — so each
    case's notice has one number and no counter is needed."""
    return f"{abbr}{DOCUMENT_CODES[document]}〔{year}〕{seq}号"


def _documents(uow, p: Petition, reply: PetitionReply | None) -> tuple[DocumentRef, ...]:
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    docs = [DocumentRef("receipt", p.case_no, p.received_at.date())]
    if p.accepted_on is not None and p.kind == PETITION:
        docs.append(DocumentRef("acceptance_notice", document_number(abbr, "acceptance_notice", p.case_year,
                                                                     p.case_seq), p.accepted_on))
    if p.status == NOT_ACCEPTED:
        docs.append(DocumentRef("rejection_notice", document_number(abbr, "rejection_notice", p.case_year,
                                                                    p.case_seq), p.closed_on))
    if reply is not None:
        docs.append(DocumentRef("reply", document_number(abbr, p.kind, p.case_year, p.case_seq), reply.issued_on))
    return tuple(docs)


def _linked(p: Petition) -> LinkedCase:
    return LinkedCase(p.id, p.case_no, p.kind, p.status)


def get_case(uow, case_id: int) -> CaseView:
    """Everything the case view shows: the case, its clock, people, timeline, attachments, extensions,
    supervision notes, the reply, linked cases, and what the signed-in user may do next."""
    with uow:
        require_case_access(uow)
        s = uow.session
        p = _case(uow, case_id)
        today = uow.now().date()
        category = s.get(PetitionCategory, p.category_id)
        domain = s.get(PetitionCategory, category.parent_id) if category.parent_id else None
        users = {u.id: u.full_name for u in s.execute(select(User.id, User.full_name).where(
            User.id.in_([i for i in (p.registered_by_id, p.handler_id) if i is not None])))}
        people = tuple(person_info(x) for x in s.scalars(
            select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
            .where(PetitionParty.petition_id == p.id).order_by(PetitionParty.position)))
        steps = tuple(StepInfo(x.id, x.action, x.at, x.actor_name, x.from_status, x.to_status, x.note, x.detail)
                      for x in s.scalars(select(PetitionStep).where(PetitionStep.petition_id == p.id)
                                         .order_by(PetitionStep.id)))
        attachments = tuple(_attachment_info(a) for a in s.scalars(
            select(PetitionAttachment).options(load_only(
                PetitionAttachment.id, PetitionAttachment.file_name, PetitionAttachment.mime_type,
                PetitionAttachment.size, PetitionAttachment.sha256, PetitionAttachment.uploaded_at,
                PetitionAttachment.uploaded_by_name))
            .where(PetitionAttachment.petition_id == p.id).order_by(PetitionAttachment.id)))
        extension_rows = list(s.scalars(select(PetitionExtension).where(PetitionExtension.petition_id == p.id)
                                        .order_by(PetitionExtension.id)))
        supervisions = tuple(_supervision_info(uow, x, today) for x in s.scalars(
            select(PetitionSupervision).where(PetitionSupervision.petition_id == p.id)
            .order_by(PetitionSupervision.id)))
        reply_row = s.get(PetitionReply, p.id)
        reply = None if reply_row is None else ReplyInfo(
            reply_row.facts, reply_row.basis, tuple(Decision(d["request"], d["decision"]) for d in reply_row.decisions),
            reply_row.issuing_body, reply_row.issued_on)
        parent = s.get(Petition, p.parent_id) if p.parent_id else None
        children = tuple(_linked(c) for c in s.scalars(select(Petition).where(Petition.parent_id == p.id)
                                                         .order_by(Petition.id)))
        final = _settled_by_recheck(uow, p)
        actions = offered_actions(
            uow, p, pending_extension=any(e.status == "pending" for e in extension_rows),
            extension_used=any(e.status in ("pending", "approved") for e in extension_rows),
            has_review=bool(children), final=final)
        clock = clock_state(p.due_on, today, get_setting(uow, "petition_due_soon_days"))
        return CaseView(
            p.id, p.case_no, p.kind, p.status, p.source, p.category_id, category.name,
            domain.name if domain else "", p.content, p.requests, p.received_at, p.query_code,
            users.get(p.registered_by_id, ""), p.ticket_id, p.department_id, _department_name(uow, p.department_id),
            p.handler_id, users.get(p.handler_id, ""), p.accept_due_on, p.accepted_on, p.objection_due_on,
            p.conclude_due_on, p.extended_days, p.hearing_days, p.replied_on, p.remedy_due_on, p.follow_up_due_on,
            p.closed_on, p.due_on, p.due_kind, clock.state, clock.days_left, p.satisfaction, p.dissatisfied,
            p.repeat_count, p.new_case_reason, final, p.version, people, steps, attachments,
            tuple(_extension_info(e, p.case_no) for e in extension_rows), supervisions, reply,
            _linked(parent) if parent else None, children, actions, _documents(uow, p, reply_row),
            provisional=provisional_marks(uow, p.status, {
                "accept_due_on": p.accept_due_on, "objection_due_on": p.objection_due_on,
                "conclude_due_on": p.conclude_due_on, "due_on": p.due_on}),
            ticket_number=s.scalar(select(Ticket.number).where(Ticket.id == p.ticket_id)) or "" if p.ticket_id else "")


def pending_extensions(uow) -> list[ExtensionInfo]:
    """Extension requests waiting for the director, oldest first."""
    with uow:
        require(uow, Permission.APPROVE_EXTENSION)
        rows = uow.session.execute(select(PetitionExtension, Petition.case_no)
                                   .join(Petition, Petition.id == PetitionExtension.petition_id)
                                   .where(PetitionExtension.status == "pending").order_by(PetitionExtension.id))
        return [_extension_info(e, case_no) for e, case_no in rows]
