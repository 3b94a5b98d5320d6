"""接: registering a petition, correcting it, a repeat visit; the new case a 复查/复核 request opens.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Matter,
    Person,
    Petition,
    PetitionParty,
)
from desktop.services import deadlines, matters
from desktop.services.admin.calendar import load_calendar
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.case_numbers import next_case_number
from desktop.services.deadlines import DUE_ACCEPT, DUE_CONCLUDE
from desktop.services.errors import Invalid
from desktop.services.people import PersonInput, upsert_person
from desktop.services.permissions import Permission, require
from desktop.services.petitions.access import (
    _check_category,
    _check_source,
    _commit,
    _open,
    _set_clock,
    _state,
    _step,
    _text,
    _touch,
)
from desktop.services.petitions.attachments import (
    _check_attachment,
    _store_attachments,
)
from desktop.services.petitions.dto import (
    AttachmentInput,
    CaseState,
    RegisteredCase,
    RepeatVisit,
)
from desktop.services.petitions.flow import (
    PETITION,
    REGISTERED,
)
from desktop.services.petitions.repeats import (
    _refuse_repeats,
    _settled_by_recheck,
)
from desktop.services.queue import link_case

# the route step a case of each kind puts its matter on
MATTER_STEPS = {PETITION: ("petition", "信访受理"), "review": ("review", "复查"), "recheck": ("recheck", "复核")}
WORK_ORDER_SOURCES = ("hotline", "grid")  # 12345 and grid work orders

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
NAMES_MAX = 200


def _query_code(uow) -> str:
    while True:
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
        if uow.session.scalar(select(Petition.id).where(Petition.query_code == code)) is None:
            return code


def _names(persons: Sequence[Person]) -> str:
    names = "、".join(p.name for p in persons)
    return names if len(names) <= NAMES_MAX else names[:NAMES_MAX - 1] + "等"


# ---------------------------------------------------------------- registration (接)

def _new_case(uow, *, kind: str, parent: Petition | None, source: str, category_id: int, content: str,
              requests: str, persons: Sequence[Person], ticket_id: int | None, new_case_reason: str,
              accept_due_on: dt.date | None, conclude_due_on: dt.date | None, matter_id: int | None = None
              ) -> Petition:
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
    p.matter_id = _matter(uow, p, parent, persons, ticket_id, matter_id).id
    uow.session.add(p)
    uow.session.flush()
    for i, person in enumerate(persons):
        uow.session.add(PetitionParty(petition_id=p.id, person_id=person.id, position=i))
    if ticket_id is not None:  # the visitor's ticket records the case it led to, as mediation does
        link_case(uow, ticket_id=ticket_id, case_kind="petition", case_id=p.id)
    return p


def _matter(uow, p: Petition, parent: Petition | None, persons: Sequence[Person], ticket_id: int | None,
            matter_id: int | None):
    """一案一码: a 复查 / 复核 case continues its original case's matter; a petition continues the window matter
    registered at the visitor's ticket (or the one named); otherwise it opens a matter of its own."""
    route, step = MATTER_STEPS[p.kind]
    kind = "work_order" if p.source in WORK_ORDER_SOURCES else "petition"
    m = None
    if parent is not None and parent.matter_id is not None:
        m = uow.session.get(Matter, parent.matter_id)
    elif matter_id is not None:
        m = matters.get_open_matter_by_id(uow, matter_id)
    else:
        m = matters.matter_for_ticket(uow, ticket_id)
    if m is None:
        return matters.open_matter(uow, kind=kind, summary=p.content, person_id=persons[0].id, ticket_id=ticket_id,
                                   route=route, step=step, due_on=p.due_on)
    if parent is not None:
        matters.reopen(uow, m)  # a 复查 / 复核 of a finished case: the matter is in progress again
        why = p.content  # a review case's content is its reason
    else:
        why = "调解不成，转信访登记" if m.kind == "dispute" else "窗口登记为信访事项"
    return matters.continue_matter(uow, m, kind=m.kind if parent is not None else kind, route=route, step=step,
                                   reason=why, due_on=p.due_on)


def _registered(p: Petition) -> RegisteredCase:
    return RegisteredCase(p.id, p.case_no, p.kind, p.query_code, p.status, p.received_at, p.accept_due_on,
                          p.due_on, p.version)


def register_petition(uow: UnitOfWork, *, source: str, petitioners: Sequence[PersonInput], category_id: int | None,
                      content: str, requests: str = "", attachments: Sequence[AttachmentInput] = (),
                      ticket_id: int | None = None, new_case_reason: str = "",
                      matter_id: int | None = None) -> RegisteredCase:
    """接: register a petition with its petitioners and attachments, and give it the next case number.

    When a petitioner has a case still in progress, registration is refused (PossibleRepeat) unless
    ``new_case_reason`` says why this is a new matter; the clerk records a repeat visit otherwise. A
    matter already settled by 复核 (same person, same category, similar content) is refused
    (FinalDecision). ``ticket_id`` links the queue ticket the visitor came with; the petition continues the
    window matter registered at that ticket, or the open matter ``matter_id``, and keeps its code.
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
                      accept_due_on=accept_due, conclude_due_on=None, matter_id=matter_id)
        _store_attachments(uow, p, files)
        _step(uow, p, "register", from_status="", note=new_case_reason,
              detail={"source": source, "ticket_id": ticket_id, "attachments": len(files),
                      "accept_due_on": accept_due.isoformat()})
        uow.session.flush()
        out = _registered(p)
        uow.commit()
        return out


def update_petition(uow: UnitOfWork, *, case_id: int, version: int | None, source: str, category_id: int, content: str,
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


def refresh_petitioner_names(uow: UnitOfWork, person_id: int) -> None:
    """Inside an open unit of work: copy a renamed person's name into their cases (lists, search)."""
    ids = select(PetitionParty.petition_id).where(PetitionParty.person_id == person_id)
    for p in uow.session.scalars(select(Petition).where(Petition.id.in_(ids))):
        persons = uow.session.scalars(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                      .where(PetitionParty.petition_id == p.id).order_by(PetitionParty.position))
        p.petitioner_names = _names(list(persons))


def record_repeat_visit(uow: UnitOfWork, *, case_id: int, source: str = "visit", note: str = "",
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


