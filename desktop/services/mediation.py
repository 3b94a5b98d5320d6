"""Disputes (矛盾纠纷) for the people's mediation committee, after 《人民调解法》(2010).

A dispute is registered from a queue ticket or directly, with two or more parties on the applicant and
respondent sides (people, or organisations with their representatives), the facts and the disputed matters,
and the mediators assigned to it. It gets a case number （2026）虎调字第012号 (desktop.services.case_numbers)
and a deadline one month later by default (mediation_term_months), on the same clock as petitions
(desktop.services.deadlines: a period whose last day is a day off ends on the next working day).

States: registered → scheduled (a session is booked) → in mediation (a session was held) → one of agreed
(written or oral agreement, desktop.services.agreements), failed, terminated or referred (to the court,
the petition office or another body).

Sessions: the mediator records what happened at each session (调解笔录); the session of a booking marks
the booking held.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from desktop.models import (
    Agreement,
    Booking,
    BookingMediator,
    BookingParty,
    Dispute,
    DisputeMediator,
    DisputeParty,
    DisputeType,
    MediationSession,
    Mediator,
    Person,
    Room,
    User,
)
from desktop.models.mediation import (
    AGREED,
    APPLICANT,
    CANCELLED,
    CONFIRMED,
    FAILED,
    FINAL,
    IN_MEDIATION,
    OPEN_STATES,
    ORGANISATION,
    PERSON,
    REFERRAL_TARGETS,
    REFERRED,
    REGISTERED,
    RESPONDENT,
    SCHEDULED,
    SOURCES,
    TENTATIVE,
    TERMINATED,
)
from desktop.services import deadlines
from desktop.services.calendar import load_calendar
from desktop.services.case_numbers import MEDIATION, next_case_number
from desktop.services.errors import Conflict, Invalid, NotFound, PermissionDenied
from desktop.services.mediation_errors import WrongState
from desktop.services.people import (
    PersonInput,
    mask_id,
    mask_phone,
    normalize_phone,
    upsert_person,
)
from desktop.services.permissions import Permission, can, require
from desktop.services.scheduling import (
    BookingInfo,
    booking_infos,
    cancel_on_closing,
    check_party_not_mediator,
    dispute_bookings,
    mark_held,
    pairs,
    remaining_booking_rows,
)
from desktop.services.settings import Declared, declare, get_setting

declare(
    Declared("mediation_term_months", 1, 1, 6),   # mediation normally concludes within one month
    Declared("mediation_due_soon_days", 5, 1, 30),
)

TITLE_MAX = 100
ORG_NAME_MAX = 100
REP_KINDS = ("", "legal", "agent")  # 法定代理人 / 委托代理人
MEDIATOR_KINDS = ("staff", "volunteer")


# ---------------------------------------------------------------- DTOs

@dataclass(frozen=True)
class MediatorInfo:
    id: int
    kind: str  # staff / volunteer
    name: str
    organisation: str
    title: str
    phone_masked: str
    user_id: int | None
    person_id: int | None
    active: bool


@dataclass(frozen=True)
class PartyInput:
    """A party as typed: a person (``person``, found or created through desktop.services.people) or an
    organisation (``name`` and the ``org_*`` fields); optionally represented by ``rep_*``. ``party_id``
    names an existing party of the dispute when editing (its person or organisation stays the same)."""

    side: str
    kind: str = PERSON
    person: PersonInput | None = None
    name: str = ""
    org_code: str = ""
    org_legal_rep: str = ""
    org_address: str = ""
    rep_name: str = ""
    rep_kind: str = ""
    rep_phone: str = ""
    party_id: int | None = None


@dataclass(frozen=True)
class PartyInfo:
    id: int
    side: str
    seq: int
    kind: str
    person_id: int | None
    name: str
    gender: str | None
    birth_date: dt.date | None
    id_number_masked: str
    phone_masked: str
    address: str
    village: str
    grid: str
    org_code: str
    org_legal_rep: str
    org_address: str
    rep_name: str
    rep_kind: str
    rep_phone_masked: str
    person_version: int | None


@dataclass(frozen=True)
class DisputeRow:
    """One line of the dispute list."""

    id: int
    case_no: str
    type_name: str
    title: str
    party_names: str
    state: str
    source: str
    registered_at: dt.datetime
    due_on: dt.date
    clock: str  # deadlines.CLOCK_*: none (closed) / ok / soon / today / overdue
    days_left: int | None
    mediator_names: str
    closed_on: dt.date | None
    agreement_form: str | None  # written / oral when agreed


@dataclass(frozen=True)
class SessionInfo:
    id: int
    dispute_id: int
    booking_id: int | None
    started_at: dt.datetime
    ended_at: dt.datetime
    place: str
    mediator_names: str
    attendees: str
    recorder: str
    content: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class DisputeDetail:
    id: int
    case_no: str
    type_id: int
    type_name: str
    source: str
    referred_by: str
    ticket_id: int | None
    title: str
    facts: str
    matters: str
    village: str
    state: str
    registered_at: dt.datetime
    registered_by_name: str
    due_on: dt.date
    clock: str
    days_left: int | None
    closed_on: dt.date | None
    outcome_note: str
    referred_to: str | None
    referred_body: str
    parties: tuple[PartyInfo, ...]
    mediators: tuple[MediatorInfo, ...]
    bookings: tuple[BookingInfo, ...]
    sessions: tuple[SessionInfo, ...]
    version: int

    @property
    def applicants(self) -> tuple[PartyInfo, ...]:
        return tuple(p for p in self.parties if p.side == APPLICANT)

    @property
    def respondents(self) -> tuple[PartyInfo, ...]:
        return tuple(p for p in self.parties if p.side == RESPONDENT)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class DisputeFilter:
    text: str = ""  # substring of the case number, title, party names or facts
    states: tuple[str, ...] = ()
    type_id: int | None = None
    mediator_id: int | None = None
    clock: str | None = None  # "late": overdue or due today / "soon": due within the warning days
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None


@dataclass(frozen=True)
class RegistrationForm:
    """What the dispute registration form (纠纷登记表) prints."""

    center_name: str
    case_no: str
    type_name: str
    source: str
    referred_by: str
    title: str
    facts: str
    matters: str
    registered_at: dt.datetime
    registered_by_name: str
    due_on: dt.date
    parties: tuple[PartyInfo, ...]
    mediator_names: tuple[str, ...]


@dataclass(frozen=True)
class TodayItem:
    """A reminder in the mediator's today view; ``kind`` says which list it belongs to."""

    kind: str  # deadline / term_due / judicial / follow_up
    dispute_id: int
    case_no: str
    title: str
    due_on: dt.date | None
    days_left: int | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TodayView:
    day: dt.date
    mediator: MediatorInfo | None
    sessions: tuple[BookingInfo, ...]
    reminders: tuple[TodayItem, ...]
    open_disputes: int


# ---------------------------------------------------------------- helpers

def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _due_on(uow, registered: dt.date) -> dt.date:
    """The month's end falls on a working day (the petitions' clock: 民法典 第二百零三条)."""
    end = add_months(registered, int(get_setting(uow, "mediation_term_months")))
    if bool(get_setting(uow, "petition_period_ends_on_workday")):
        end = load_calendar(uow).next_workday(end)
    return end


def dispute_clock(uow, d: Dispute) -> deadlines.Clock:
    """Inside an open unit of work: a closed dispute has no running clock."""
    if d.state not in OPEN_STATES:
        return deadlines.Clock(deadlines.CLOCK_NONE, None)
    return deadlines.clock_state(d.due_on, uow.now().date(), int(get_setting(uow, "mediation_due_soon_days")))


def _mediator_info(m: Mediator) -> MediatorInfo:
    return MediatorInfo(m.id, m.kind, m.name, m.organisation, m.title, mask_phone(m.phone), m.user_id, m.person_id,
                        m.active)


def _party_info(p: DisputeParty, person: Person | None) -> PartyInfo:
    return PartyInfo(
        p.id, p.side, p.seq, p.kind, p.person_id, p.name,
        person.gender if person else None, person.birth_date if person else None,
        mask_id(person.id_number) if person else "", mask_phone(person.phone) if person else "",
        person.address if person else p.org_address, person.village if person else "",
        person.grid if person else "", p.org_code, p.org_legal_rep, p.org_address, p.rep_name, p.rep_kind,
        mask_phone(p.rep_phone), person.version if person else None)


def get_dispute_row(uow, dispute_id: int) -> Dispute:
    d = uow.session.get(Dispute, dispute_id)
    if d is None:
        raise NotFound(entity="dispute", key=dispute_id)
    return d


def _require_reader(uow) -> None:
    """Disputes are read by those who handle them and by those who book their sessions."""
    role = uow.actor.role
    if role == "system" or can(role, Permission.MANAGE_DISPUTES) or can(role, Permission.BOOK_ROOMS):
        return
    raise PermissionDenied(role=role, permission=Permission.MANAGE_DISPUTES.value)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ---------------------------------------------------------------- mediators

def _enrol_staff(uow) -> None:
    """Inside an open unit of work: every active user with the mediator role is on the roster."""
    enrolled = select(Mediator.user_id).where(Mediator.user_id.is_not(None))
    for user in uow.session.scalars(select(User).where(User.role == "mediator", User.active,
                                                       User.id.not_in(enrolled))):
        uow.action = "mediator.enrol"
        uow.session.add(Mediator(kind="staff", user_id=user.id, name=user.full_name, organisation="",
                                 title="", phone=user.phone or "", active=True, created_at=uow.now()))
    uow.session.flush()


def list_mediators(uow, *, active_only: bool = True) -> list[MediatorInfo]:
    """The roster: staff mediators (every user with the mediator role is enrolled on first look) and external
    volunteer mediators with their organisation."""
    with uow:
        _require_reader(uow)
        _enrol_staff(uow)
        q = select(Mediator).order_by(Mediator.kind, Mediator.name, Mediator.id)
        if active_only:
            q = q.where(Mediator.active)
        out = [_mediator_info(m) for m in uow.session.scalars(q)]
        uow.commit()
        return out


def save_mediator(uow, *, id: int | None = None, kind: str = "volunteer", name: str, organisation: str = "",
                  title: str = "", phone: str | None = "", user_id: int | None = None, active: bool = True,
                  person: PersonInput | None = None) -> MediatorInfo:
    """Add or change a mediator. A volunteer may be tied to their person record (``person``), so that they
    can never mediate a dispute they are a party to, and their own party sessions block them. ``phone``
    None keeps the stored number (the form shows it masked)."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        if kind not in MEDIATOR_KINDS:
            raise Invalid(field="kind", reason="unknown", value=kind)
        name = " ".join(name.split())
        if not name:
            raise Invalid(field="name", reason="empty")
        if kind == "staff":
            if user_id is None or uow.session.get(User, user_id) is None:
                raise Invalid(field="user_id", reason="empty")
            other = uow.session.scalar(select(Mediator.id).where(Mediator.user_id == user_id))
            if other is not None and other != id:
                raise Invalid(field="user_id", reason="duplicate")
        m = uow.session.get(Mediator, id) if id else Mediator(created_at=uow.now(), phone="")
        if m is None:
            raise NotFound(entity="mediator", key=id)
        phone = m.phone if phone is None else normalize_phone(phone, field="phone")
        uow.action = "mediator.save"
        if person is not None:
            m.person_id = upsert_person(uow, person, field="person").id
        m.kind, m.name, m.organisation, m.title = kind, name, organisation.strip()[:100], title.strip()[:40]
        m.phone, m.active, m.user_id = phone, active, user_id if kind == "staff" else None
        uow.session.add(m)
        uow.session.flush()
        info = _mediator_info(m)
        uow.commit()
        return info


def my_mediator_id(uow) -> int | None:
    """Inside an open unit of work: the signed-in user's place on the roster, if any."""
    if uow.actor.user_id is None:
        return None
    return uow.session.scalar(select(Mediator.id).where(Mediator.user_id == uow.actor.user_id))


# ---------------------------------------------------------------- registration

def _check_text(title: str, facts: str, matters: str) -> tuple[str, str, str]:
    title = " ".join(title.split())
    if not title:
        raise Invalid(field="title", reason="empty")
    if len(title) > TITLE_MAX:
        raise Invalid(field="title", reason="length", maximum=TITLE_MAX)
    if not facts.strip():
        raise Invalid(field="facts", reason="empty")
    if not matters.strip():
        raise Invalid(field="matters", reason="empty")
    return title, facts.strip(), matters.strip()


def _check_type_source(uow, type_id: int, source: str, referred_by: str) -> None:
    t = uow.session.get(DisputeType, type_id)
    if t is None:
        raise NotFound(entity="dispute_type", key=type_id)
    if source not in SOURCES:
        raise Invalid(field="source", reason="unknown", value=source)
    if source == "referral" and not referred_by.strip():
        raise Invalid(field="referred_by", reason="empty")


def _check_parties_shape(parties) -> None:
    if len(parties) < 2:
        raise Invalid(field="parties", reason="too_few", minimum=2)
    for i, p in enumerate(parties):
        if p.side not in (APPLICANT, RESPONDENT):
            raise Invalid(field=f"parties[{i}].side", reason="unknown", value=p.side)
        if p.kind not in (PERSON, ORGANISATION):
            raise Invalid(field=f"parties[{i}].kind", reason="unknown", value=p.kind)
    for side in (APPLICANT, RESPONDENT):
        if not any(p.side == side for p in parties):
            raise Invalid(field="parties", reason="side_missing", side=side)


def _apply_party(uow, row: DisputeParty, data: PartyInput, i: int) -> None:
    prefix = f"parties[{i}]"
    if data.rep_kind not in REP_KINDS:
        raise Invalid(field=f"{prefix}.rep_kind", reason="unknown", value=data.rep_kind)
    rep_name = " ".join(data.rep_name.split())[:40]
    if data.rep_kind and not rep_name:
        raise Invalid(field=f"{prefix}.rep_name", reason="empty")
    row.rep_name, row.rep_kind = rep_name, data.rep_kind if rep_name else ""
    row.rep_phone = normalize_phone(data.rep_phone, field=f"{prefix}.rep_phone")
    if data.kind == PERSON:
        if data.person is None:
            raise Invalid(field=f"{prefix}.name", reason="empty")
        person_data = data.person
        if row.person_id is not None:  # an existing party stays the same person
            person_data = PersonInput(**{**person_data.__dict__, "person_id": row.person_id})
        person = upsert_person(uow, person_data, field=prefix)
        if row.person_id is not None and person.id != row.person_id:
            raise Invalid(field=f"{prefix}.id_number", reason="changed_identity")
        row.kind, row.person_id, row.name = PERSON, person.id, person.name
        row.org_code = row.org_legal_rep = row.org_address = ""
    else:
        name = " ".join(data.name.split())
        if not name:
            raise Invalid(field=f"{prefix}.name", reason="empty")
        if len(name) > ORG_NAME_MAX:
            raise Invalid(field=f"{prefix}.name", reason="length", maximum=ORG_NAME_MAX)
        code = data.org_code.strip().upper()
        if code:
            from stdnum.cn import uscc

            if not uscc.is_valid(code):
                raise Invalid(field=f"{prefix}.org_code", reason="format")
        row.kind, row.person_id, row.name = ORGANISATION, None, name
        row.org_code, row.org_legal_rep = code, " ".join(data.org_legal_rep.split())[:40]
        row.org_address = data.org_address.strip()[:200]


def _set_parties(uow, d: Dispute, parties: list[PartyInput]) -> None:
    _check_parties_shape(parties)
    existing = {p.id: p for p in d.parties}
    keep = {p.party_id for p in parties if p.party_id is not None}
    for pid in keep - set(existing):
        raise NotFound(entity="dispute_party", key=pid)
    for pid, row in existing.items():
        if pid in keep:
            continue
        in_use = uow.session.scalar(select(func.count()).select_from(BookingParty).join(
            Booking, Booking.id == BookingParty.booking_id).where(
            BookingParty.party_id == pid, Booking.state.in_((TENTATIVE, CONFIRMED, "held"))))
        if in_use:
            raise Invalid(field="parties", reason="in_use", name=row.name)
        d.parties.remove(row)
    uow.session.flush()
    # applicants first, each side in the order typed
    ordered = sorted(enumerate(parties), key=lambda ip: (ip[1].side != APPLICANT, ip[0]))
    seen_people, seen_orgs = {}, {}
    for seq, (i, data) in enumerate(ordered, start=1):
        row = existing.get(data.party_id) if data.party_id is not None else None
        if row is None:
            row = DisputeParty(side=data.side, seq=seq, kind=data.kind, name="", org_code="", org_legal_rep="",
                               org_address="", rep_name="", rep_kind="", rep_phone="")
            d.parties.append(row)
        elif row.kind != data.kind:
            raise Invalid(field=f"parties[{i}].kind", reason="changed_identity")
        row.side, row.seq = data.side, seq
        _apply_party(uow, row, data, i)
        key = row.person_id if row.kind == PERSON else "".join(row.name.split()).casefold()
        seen = seen_people if row.kind == PERSON else seen_orgs
        if key in seen:
            raise Invalid(field=f"parties[{i}]", reason="duplicate_party", name=row.name)
        seen[key] = i
    uow.session.flush()
    d.party_names = "、".join(p.name for p in sorted(d.parties, key=lambda p: p.seq))[:400]
    first = next((p for p in sorted(d.parties, key=lambda p: p.seq) if p.person_id), None)
    d.village = uow.session.get(Person, first.person_id).village if first else ""


def _set_mediators(uow, d: Dispute, mediator_ids) -> None:
    ids = list(dict.fromkeys(mediator_ids))
    mediators = []
    for mid in ids:
        m = uow.session.get(Mediator, mid)
        if m is None:
            raise NotFound(entity="mediator", key=mid)
        if not m.active and mid not in {dm.mediator_id for dm in d.mediators}:
            raise Invalid(field="mediators", reason="inactive", name=m.name)
        mediators.append(m)
    check_party_not_mediator(uow, mediators, d.parties)
    current = {dm.mediator_id: dm for dm in d.mediators}
    for mid, dm in current.items():
        if mid not in ids:
            d.mediators.remove(dm)
    for seq, mid in enumerate(ids):
        if mid in current:
            current[mid].seq = seq
        else:
            d.mediators.append(DisputeMediator(mediator_id=mid, seq=seq))


def register_dispute(uow, *, type_id: int, source: str, title: str, facts: str, matters: str,
                     parties: list[PartyInput], mediator_ids: list[int] = (), referred_by: str = "",
                     ticket_id: int | None = None) -> DisputeDetail:
    """Register a dispute, directly or from the queue ticket the visitor came with (``ticket_id``: the
    ticket is linked to the new case). Nothing is stored when any of it is refused."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        title, facts, matters = _check_text(title, facts, matters)
        _check_type_source(uow, type_id, source, referred_by)
        _check_parties_shape(parties)
        uow.action = "dispute.register"
        _enrol_staff(uow)
        now = uow.now()
        number = next_case_number(uow, kind=MEDIATION, year=now.year)
        d = Dispute(case_no=number.text, year=number.year, serial=number.seq, type_id=type_id, source=source,
                    referred_by=referred_by.strip()[:100] if source == "referral" else "", ticket_id=ticket_id,
                    title=title, facts=facts, matters=matters, state=REGISTERED, registered_at=now,
                    registered_by=uow.actor.user_id, due_on=_due_on(uow, now.date()), outcome_note="",
                    referred_body="", updated_at=now, party_names="", village="")
        _set_parties(uow, d, list(parties))  # before the dispute joins the session: one insert, no updates
        _set_mediators(uow, d, mediator_ids)
        uow.session.add(d)
        uow.session.flush()
        if ticket_id is not None:
            from desktop.services.queue import link_case

            link_case(uow, ticket_id=ticket_id, case_kind="mediation", case_id=d.id)
        detail = _detail(uow, d)
        uow.commit()
        return detail


def update_dispute(uow, *, dispute_id: int, version: int, type_id: int, source: str, title: str, facts: str,
                   matters: str, parties: list[PartyInput], mediator_ids: list[int],
                   referred_by: str = "") -> DisputeDetail:
    """Correct an open dispute's registration. ``version`` is the one the form was filled from."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if d.version != version:
            raise Conflict(entity="dispute", key=d.case_no)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="edit")
        title, facts, matters = _check_text(title, facts, matters)
        _check_type_source(uow, type_id, source, referred_by)
        uow.action = "dispute.update"
        d.type_id, d.source, d.title, d.facts, d.matters = type_id, source, title, facts, matters
        d.referred_by = referred_by.strip()[:100] if source == "referral" else ""
        _set_parties(uow, d, list(parties))
        _set_mediators(uow, d, mediator_ids)
        d.updated_at = uow.now()
        uow.session.flush()
        detail = _detail(uow, d)
        uow.commit()
        return detail


def remaining_sessions(uow, *, dispute_id: int) -> list[BookingInfo]:
    """The sessions of a dispute still to come (tentative or confirmed, not begun), earliest first: closing
    the case (close_dispute, agreements.finalise_agreement) offers to cancel them."""
    with uow:
        _require_reader(uow)
        ids = [b.id for b in remaining_booking_rows(uow, dispute_id)]
        return booking_infos(uow, Booking.id.in_(ids)) if ids else []


def close_dispute(uow, *, dispute_id: int, outcome: str, note: str, referred_to: str | None = None,
                  referred_body: str = "", cancel_booking_ids: Sequence[int] = (),
                  cancel_reason: str = "") -> DisputeDetail:
    """End an open dispute without agreement: failed (调解不成), terminated (终止调解) or referred (to the
    court, the petition office or another body). Its remaining sessions (remaining_sessions) are cancelled
    with it when listed in ``cancel_booking_ids`` (with ``cancel_reason``); a closed case keeps none, so
    closing is refused while one is left."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if outcome not in (FAILED, TERMINATED, REFERRED):
            raise Invalid(field="outcome", reason="unknown", value=outcome)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="close")
        if not note.strip():
            raise Invalid(field="outcome_note", reason="empty")
        if outcome == REFERRED:
            if referred_to not in REFERRAL_TARGETS:
                raise Invalid(field="referred_to", reason="empty")
            if not referred_body.strip():
                raise Invalid(field="referred_body", reason="empty")
        uow.action = f"dispute.{outcome}"
        cancel_on_closing(uow, d, cancel_booking_ids, cancel_reason)
        upcoming = len(remaining_booking_rows(uow, d.id))
        if upcoming:
            raise WrongState(entity="dispute", key=d.case_no, state="has_bookings", action="close", count=upcoming)
        d.state, d.outcome_note, d.closed_on, d.updated_at = outcome, note.strip(), uow.now().date(), uow.now()
        d.referred_to = referred_to if outcome == REFERRED else None
        d.referred_body = referred_body.strip()[:100] if outcome == REFERRED else ""
        uow.session.flush()
        detail = _detail(uow, d)
        uow.commit()
        return detail


# ---------------------------------------------------------------- reading

def _sessions(uow, dispute_id: int) -> tuple[SessionInfo, ...]:
    rows = uow.session.scalars(select(MediationSession).where(MediationSession.dispute_id == dispute_id)
                               .order_by(MediationSession.started_at, MediationSession.id))
    return tuple(_session_info(s) for s in rows)


def _session_info(s: MediationSession) -> SessionInfo:
    return SessionInfo(s.id, s.dispute_id, s.booking_id, s.started_at, s.ended_at, s.place, s.mediator_names,
                       s.attendees, s.recorder, s.content, s.created_at, s.updated_at)


def _parties(uow, d: Dispute) -> tuple[PartyInfo, ...]:
    rows = sorted(d.parties, key=lambda p: p.seq)
    ids = [p.person_id for p in rows if p.person_id]
    people = {p.id: p for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    return tuple(_party_info(p, people.get(p.person_id)) for p in rows)


def _mediators_of(uow, d: Dispute) -> tuple[MediatorInfo, ...]:
    out = []
    for dm in sorted(d.mediators, key=lambda dm: dm.seq):
        out.append(_mediator_info(uow.session.get(Mediator, dm.mediator_id)))
    return tuple(out)


def _detail(uow, d: Dispute) -> DisputeDetail:
    clock = dispute_clock(uow, d)
    type_name = uow.session.scalar(select(DisputeType.name).where(DisputeType.id == d.type_id)) or ""
    registered_by = uow.session.scalar(select(User.full_name).where(User.id == d.registered_by)) \
        if d.registered_by else ""
    return DisputeDetail(
        d.id, d.case_no, d.type_id, type_name, d.source, d.referred_by, d.ticket_id, d.title, d.facts, d.matters,
        d.village, d.state, d.registered_at, registered_by or "", d.due_on, clock.state, clock.days_left,
        d.closed_on, d.outcome_note, d.referred_to, d.referred_body, _parties(uow, d), _mediators_of(uow, d),
        tuple(dispute_bookings(uow, d.id)), _sessions(uow, d.id), d.version)


def get_dispute(uow, *, dispute_id: int) -> DisputeDetail:
    with uow:
        _require_reader(uow)
        return _detail(uow, get_dispute_row(uow, dispute_id))


def find_dispute(uow, *, case_no: str) -> DisputeDetail:
    with uow:
        _require_reader(uow)
        d = uow.session.scalar(select(Dispute).where(Dispute.case_no == case_no.strip()))
        if d is None:
            raise NotFound(entity="dispute", key=case_no)
        return _detail(uow, d)


def _filtered(uow, q, f: DisputeFilter):
    if f.text.strip():
        like = _like(f.text.strip())
        q = q.where(or_(Dispute.case_no.like(like, escape="\\"), Dispute.title.like(like, escape="\\"),
                        Dispute.party_names.like(like, escape="\\"), Dispute.facts.like(like, escape="\\")))
    if f.states:
        q = q.where(Dispute.state.in_(list(f.states)))
    if f.type_id is not None:
        q = q.where(Dispute.type_id == f.type_id)
    if f.mediator_id is not None:
        q = q.where(Dispute.id.in_(select(DisputeMediator.dispute_id)
                                   .where(DisputeMediator.mediator_id == f.mediator_id)))
    if f.clock in ("late", "soon"):
        today = uow.now().date()
        q = q.where(Dispute.state.in_(OPEN_STATES))
        if f.clock == "late":
            q = q.where(Dispute.due_on <= today)
        else:
            soon = today + dt.timedelta(days=int(get_setting(uow, "mediation_due_soon_days")))
            q = q.where(Dispute.due_on > today, Dispute.due_on <= soon)
    if f.registered_from is not None:
        q = q.where(Dispute.registered_at >= dt.datetime.combine(f.registered_from, dt.time()))
    if f.registered_to is not None:
        q = q.where(Dispute.registered_at < dt.datetime.combine(f.registered_to + dt.timedelta(days=1), dt.time()))
    return q


SORT_KEYS = {
    "case_no": (Dispute.year, Dispute.serial),
    "registered_at": (Dispute.registered_at, Dispute.id),
    "due_on": (Dispute.due_on, Dispute.id),
    "state": (Dispute.state, Dispute.id),
    "type": (Dispute.type_id, Dispute.id),
    "title": (Dispute.title, Dispute.id),
}


def count_disputes(uow, f: DisputeFilter = DisputeFilter()) -> int:
    with uow:
        _require_reader(uow)
        return uow.session.scalar(_filtered(uow, select(func.count(Dispute.id)), f)) or 0


def list_disputes(uow, f: DisputeFilter = DisputeFilter(), *, offset: int = 0, limit: int = 200,
                  sort_key: str | None = None, descending: bool = True) -> list[DisputeRow]:
    """One page of disputes, newest first unless sorted otherwise."""
    with uow:
        _require_reader(uow)
        columns = SORT_KEYS.get(sort_key or "case_no", SORT_KEYS["case_no"])
        order = [c.desc() if descending else c.asc() for c in columns]
        q = _filtered(uow, select(Dispute, DisputeType.name).join(DisputeType, DisputeType.id == Dispute.type_id),
                      f).order_by(*order).offset(offset).limit(limit)
        rows = list(uow.session.execute(q))
        ids = [d.id for d, _ in rows]
        names: dict[int, list[str]] = {}
        if ids:
            for did, name in uow.session.execute(
                    select(DisputeMediator.dispute_id, Mediator.name).join(Mediator, Mediator.id == DisputeMediator.mediator_id)
                    .where(DisputeMediator.dispute_id.in_(ids)).order_by(DisputeMediator.seq)):
                names.setdefault(did, []).append(name)
        forms = pairs(uow, select(Agreement.dispute_id, Agreement.form).where(
            Agreement.dispute_id.in_(ids), Agreement.state == FINAL)) if ids else {}
        soon = int(get_setting(uow, "mediation_due_soon_days"))
        today = uow.now().date()
        out = []
        for d, type_name in rows:
            clock = deadlines.clock_state(d.due_on, today, soon) if d.state in OPEN_STATES \
                else deadlines.Clock(deadlines.CLOCK_NONE, None)
            out.append(DisputeRow(d.id, d.case_no, type_name, d.title, d.party_names, d.state, d.source,
                                  d.registered_at, d.due_on, clock.state, clock.days_left,
                                  "、".join(names.get(d.id, [])), d.closed_on,
                                  forms.get(d.id) if d.state == AGREED else None))
        return out


def registration_form(uow, *, dispute_id: int) -> RegistrationForm:
    """The data of the dispute registration form (纠纷登记表)."""
    from desktop.models import Center

    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        detail = _detail(uow, get_dispute_row(uow, dispute_id))
        center = uow.session.scalar(select(Center.name).limit(1)) or ""
        return RegistrationForm(center, detail.case_no, detail.type_name, detail.source, detail.referred_by,
                                detail.title, detail.facts, detail.matters, detail.registered_at,
                                detail.registered_by_name, detail.due_on, detail.parties,
                                tuple(m.name for m in detail.mediators))


def refresh_party_names(uow, person_id: int) -> None:
    """Inside an open unit of work, after person ``person_id`` was renamed: their parties and the disputes'
    searchable names follow (a desktop.services.people rename listener)."""
    person = uow.session.get(Person, person_id)
    if person is None:
        return
    parties = list(uow.session.scalars(select(DisputeParty).where(DisputeParty.person_id == person_id)))
    for p in parties:
        p.name = person.name
    uow.session.flush()
    for did in {p.dispute_id for p in parties}:
        d = uow.session.get(Dispute, did, options=[selectinload(Dispute.parties)])
        d.party_names = "、".join(p.name for p in sorted(d.parties, key=lambda p: p.seq))[:400]


# ---------------------------------------------------------------- sessions and records

def _check_session(uow, started_at: dt.datetime, ended_at: dt.datetime, attendees: str, recorder: str,
                   content: str) -> None:
    if ended_at <= started_at:
        raise Invalid(field="ended_at", reason="before_start")
    if started_at > uow.now():
        raise Invalid(field="started_at", reason="in_future")
    if not attendees.strip():
        raise Invalid(field="attendees", reason="empty")
    if not recorder.strip():
        raise Invalid(field="recorder", reason="empty")
    if not content.strip():
        raise Invalid(field="content", reason="empty")


def record_session(uow, *, dispute_id: int, started_at: dt.datetime, ended_at: dt.datetime, attendees: str,
                   recorder: str, content: str, booking_id: int | None = None, place: str = "",
                   mediator_names: str = "") -> SessionInfo:
    """The record (调解笔录) of a session that took place. With ``booking_id`` the booking becomes held;
    place and mediators default to the booking's. The dispute is then in mediation."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="record_session")
        _check_session(uow, started_at, ended_at, attendees, recorder, content)
        uow.action = "session.record"
        if booking_id is not None:
            b = uow.session.get(Booking, booking_id)
            if b is None or b.dispute_id != d.id:
                raise NotFound(entity="booking", key=booking_id)
            if uow.session.scalar(select(MediationSession.id).where(MediationSession.booking_id == b.id)):
                raise WrongState(entity="booking", key=b.id, state="recorded", action="record_session")
            mark_held(uow, b)
            place = place.strip() or uow.session.scalar(select(Room.name).where(Room.id == b.room_id))
            if not mediator_names.strip():
                mediator_names = "、".join(uow.session.scalars(
                    select(Mediator.name).join(BookingMediator, BookingMediator.mediator_id == Mediator.id)
                    .where(BookingMediator.booking_id == b.id).order_by(Mediator.name)))
        if not place.strip():
            raise Invalid(field="place", reason="empty")
        if not mediator_names.strip():
            mediator_names = "、".join(m.name for m in _mediators_of(uow, d))
        now = uow.now()
        s = MediationSession(dispute_id=d.id, booking_id=booking_id, started_at=started_at, ended_at=ended_at,
                             place=place.strip()[:100], mediator_names=mediator_names.strip()[:200],
                             attendees=attendees.strip(), recorder=recorder.strip()[:40], content=content.strip(),
                             created_by=uow.actor.user_id, created_at=now, updated_at=now)
        uow.session.add(s)
        if d.state in (REGISTERED, SCHEDULED):
            d.state, d.updated_at = IN_MEDIATION, now
        uow.session.flush()
        info = _session_info(s)
        uow.commit()
        return info


def update_session(uow, *, session_id: int, started_at: dt.datetime, ended_at: dt.datetime, place: str,
                   mediator_names: str, attendees: str, recorder: str, content: str) -> SessionInfo:
    """Correct a session record while its dispute is open (the audit log keeps what it said before)."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        s = uow.session.get(MediationSession, session_id)
        if s is None:
            raise NotFound(entity="mediation_session", key=session_id)
        d = get_dispute_row(uow, s.dispute_id)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="record_session")
        _check_session(uow, started_at, ended_at, attendees, recorder, content)
        if not place.strip():
            raise Invalid(field="place", reason="empty")
        uow.action = "session.update"
        s.started_at, s.ended_at, s.place = started_at, ended_at, place.strip()[:100]
        s.mediator_names, s.attendees = mediator_names.strip()[:200], attendees.strip()
        s.recorder, s.content, s.updated_at = recorder.strip()[:40], content.strip(), uow.now()
        info = _session_info(s)
        uow.commit()
        return info


def get_session(uow, *, session_id: int) -> SessionInfo:
    with uow:
        _require_reader(uow)
        s = uow.session.get(MediationSession, session_id)
        if s is None:
            raise NotFound(entity="mediation_session", key=session_id)
        return _session_info(s)


# ---------------------------------------------------------------- the mediator's day

def mediator_today(uow, *, mediator_id: int | None = None) -> TodayView:
    """A mediator's day: today's sessions, and what needs them — disputes near or past their deadline,
    agreement terms due or overdue and not performed, judicial-confirmation windows closing, follow-up
    visits due. Defaults to the signed-in user's place on the roster."""
    from desktop.services import agreements

    with uow:
        _require_reader(uow)
        if mediator_id is None:
            _enrol_staff(uow)
            mediator_id = my_mediator_id(uow)
        m = uow.session.get(Mediator, mediator_id) if mediator_id is not None else None
        today = uow.now().date()
        if m is None:
            uow.commit()
            return TodayView(today, None, (), (), 0)
        mine = select(DisputeMediator.dispute_id).where(DisputeMediator.mediator_id == m.id)
        from desktop.services.scheduling import booking_infos

        sessions = tuple(booking_infos(
            uow, Booking.start_at >= dt.datetime.combine(today, dt.time()),
            Booking.start_at < dt.datetime.combine(today + dt.timedelta(days=1), dt.time()),
            Booking.state != CANCELLED,
            Booking.id.in_(select(BookingMediator.booking_id).where(BookingMediator.mediator_id == m.id))))
        soon_days = int(get_setting(uow, "mediation_due_soon_days"))
        reminders: list[TodayItem] = []
        for d in uow.session.scalars(select(Dispute).where(Dispute.id.in_(mine), Dispute.state.in_(OPEN_STATES),
                                                           Dispute.due_on <= today + dt.timedelta(days=soon_days))
                                     .order_by(Dispute.due_on)):
            reminders.append(TodayItem("deadline", d.id, d.case_no, d.title, d.due_on, (d.due_on - today).days))
        reminders += agreements.due_terms(uow, today=today, within_days=soon_days, dispute_ids=mine)
        reminders += agreements.judicial_reminder_items(uow, today=today, dispute_ids=mine)
        reminders += agreements.follow_ups_due(uow, today=today, dispute_ids=mine)
        open_count = uow.session.scalar(select(func.count(Dispute.id)).where(
            Dispute.id.in_(mine), Dispute.state.in_(OPEN_STATES))) or 0
        order = {"deadline": 0, "term_due": 1, "judicial": 2, "follow_up": 3}
        reminders.sort(key=lambda r: (r.days_left if r.days_left is not None else 9999, order[r.kind], r.case_no))
        uow.commit()
        return TodayView(today, _mediator_info(m), sessions, tuple(reminders), open_count)

