"""The mediation documents as PDF bytes: 人民调解协议书, 调解笔录, 矛盾纠纷受理登记表, 回访记录 and a room's day
schedule for its door. Each function reads the case through the services' rules, builds the DTO of the
desktop.documents module and renders it.

The documents are Chinese legal forms whatever the interface language, so the words they print for the
stored codes (申请调解, 上门回访, 满意 …) are part of the document, kept here beside the mapping.

The agreement and the registration form identify the parties with their full ID numbers: printing them is
a reveal of personal data, allowed to roles holding REVEAL_PERSONAL_DATA and written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.documents.common import APPLICANT, ORGANISATION, PERSON, Party, gender_label
from desktop.documents.dispute_registration import DisputeRegistration, render_dispute_registration
from desktop.documents.follow_up_record import FollowUpRecord, render_follow_up_record
from desktop.documents.mediation_agreement import AgreementTerm as DocTerm
from desktop.documents.mediation_agreement import MediationAgreement, copy_marks, render_mediation_agreement
from desktop.documents.mediation_record import MediationRecord, Utterance, render_mediation_record
from desktop.documents.room_schedule import RoomDaySchedule as DocRoomDay
from desktop.documents.room_schedule import ScheduledSession, render_room_schedule
from desktop.models import (
    Agreement,
    BookingParty,
    Center,
    Dispute,
    DisputeParty,
    DisputeType,
    FollowUpVisit,
    Matter,
    MediationSession,
    Person,
    User,
)
from desktop.models.mediation import DRAFT, FINAL, WRITTEN
from desktop.services.admin.settings import get_setting
from desktop.services.audit import record_event
from desktop.services.mediation._access import _get_row, get_dispute_row
from desktop.services.mediation.agreements import _snapshot_parties, missing_items
from desktop.services.mediation.errors import AgreementIncomplete, WrongState
from desktop.services.mediation.parties import mediators_of
from desktop.services.mediation.slots import room_day_schedule
from desktop.services.permissions import Permission, require

SOURCE_WORDS = {"proactive": "主动调解", "application": "申请调解", "referral": "接受委托移送"}
VISIT_WORDS = {"visit": "上门回访", "phone": "电话回访"}
SATISFACTION_WORDS = {"very_satisfied": "非常满意", "satisfied": "满意", "basically_satisfied": "基本满意",
                      "dissatisfied": "不满意", "very_dissatisfied": "非常不满意"}
SIDE_WORDS = {"applicant": "申请人", "respondent": "被申请人"}
REP_WORDS = {"legal": "法定代理人", "agent": "委托代理人"}
SPEAKER = re.compile(r"^\s*([^：:\s]{1,16})[：:]\s*(.*)$")


def committee_name(uow: UnitOfWork) -> str:
    """Inside an open unit of work: the people's mediation committee that signs the documents."""
    configured = str(get_setting(uow, "mediation_committee") or "").strip()
    if configured:
        return configured
    name = uow.session.scalar(select(Center.name).limit(1)) or ""
    for marker in ("镇", "街道", "乡"):
        if marker in name:
            return name[:name.index(marker) + len(marker)] + "人民调解委员会"
    return name + "人民调解委员会"


def _people(uow: UnitOfWork, parties: list[DisputeParty]) -> dict[int, Person]:
    ids = [p.person_id for p in parties if p.person_id]
    return {p.id: p for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}


def _doc_party(p: DisputeParty, person: Person | None, *, full_id: bool) -> Party:
    agent = f"{p.rep_name}（{REP_WORDS.get(p.rep_kind, '代理人')}）" if p.rep_name else None
    if p.kind == ORGANISATION:
        return Party(name=p.name, side=p.side, kind=ORGANISATION, address=p.org_address or None,
                     representative=p.org_legal_rep or None, credit_code=p.org_code or None, agent=agent)
    return Party(name=p.name, side=p.side, kind=PERSON, gender=gender_label(person.gender) if person else None,
                 birth_date=person.birth_date if person else None,
                 id_number=(person.id_number if full_id else None) if person else None,
                 address=(person.address or None) if person else None, agent=agent)


def _reveal(uow: UnitOfWork, action: str, entity: str, entity_id) -> None:
    require(uow, Permission.REVEAL_PERSONAL_DATA)
    record_event(uow, action=action, entity=entity, entity_id=str(entity_id), detail={"id_numbers": "full"})


FILE_WORDS = {"agreement": "调解协议书", "record": "调解笔录", "registration": "受理登记表", "visit": "回访记录",
              "room_day": "调解室日程"}


def file_stem(kind: str, case_no: str, *, version: int | None = None, day: dt.date | None = None) -> str:
    """The name a mediation document's file is given: the case number (or room), what the document is, and
    its version or day — 「（2026）虎调字第012号-调解协议书-第1版」, 「…-调解笔录-2026-11-23」."""
    parts = [case_no, FILE_WORDS[kind]]
    if version is not None:
        parts.append(f"第{version}版")
    if day is not None:
        parts.append(day.isoformat())
    return "-".join(parts)


def agreement_pdf(uow: UnitOfWork, *, agreement_id: int) -> bytes:
    """The 调解协议书 of a written agreement: one copy per party plus one for the committee."""
    return agreement_print(uow, agreement_id=agreement_id).data


@dataclass(frozen=True)
class AgreementPrint:
    """The printable agreement: every copy in one PDF, and whose copy each is, in print order."""

    data: bytes
    copies: tuple[str, ...]  # 申请人李明存, 被申请人赵强存, 调解委员会存


def agreement_print(uow: UnitOfWork, *, agreement_id: int) -> AgreementPrint:
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        a = _get_row(uow, Agreement, agreement_id, "agreement")
        _reveal(uow, "agreement.print", "agreement", a.id)
        doc = agreement_document(uow, a)
        data = render_mediation_agreement(doc)
        uow.commit()  # the audit entry of the reveal
        return AgreementPrint(data, tuple(copy_marks(doc)))


def agreement_document(uow: UnitOfWork, a: Agreement) -> MediationAgreement:
    """Inside an open unit of work: the DTO of a written agreement, full ID numbers included (the caller has
    checked the reveal). A final version prints as frozen; a complete draft prints for signing (the parties
    as registered now, dated today or the day it was signed); an incomplete draft is refused."""
    if a.state not in (FINAL, DRAFT) or a.form != WRITTEN:
        raise WrongState(entity="agreement", key=a.id, state=a.state if a.form == WRITTEN else a.form,
                         action="print")
    d = get_dispute_row(uow, a.dispute_id)
    frozen = a.parties
    if a.state == DRAFT:
        frozen = _snapshot_parties(uow, d)
        missing = missing_items(a.form, frozen, a.facts, a.matters, a.responsibilities, a.oral_content, a.terms)
        if missing:
            raise AgreementIncomplete(missing=missing)
    ids = [p["person_id"] for p in frozen if p.get("person_id")]
    people = {p.id: p for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    parties = []
    for item in frozen:  # the frozen basic information; the ID number from the person record
        person = people.get(item.get("person_id"))
        agent = f"{item['rep_name']}（{REP_WORDS.get(item.get('rep_kind'), '代理人')}）" \
            if item.get("rep_name") else None
        if item["kind"] == ORGANISATION:
            parties.append(Party(name=item["name"], side=item["side"], kind=ORGANISATION,
                                 address=item.get("address") or None,
                                 representative=item.get("org_legal_rep") or None,
                                 credit_code=item.get("org_code") or None, agent=agent))
        else:
            born = item.get("birth_date")
            parties.append(Party(name=item["name"], side=item["side"], kind=PERSON,
                                 gender=gender_label(item.get("gender")),
                                 birth_date=dt.date.fromisoformat(born) if born else None,
                                 id_number=person.id_number if person else None,
                                 address=item.get("address") or None, agent=agent))
    center = uow.session.scalar(select(Center.name).limit(1)) or ""
    return MediationAgreement(
        committee=committee_name(uow), case_number=d.case_no, parties=tuple(parties), facts=a.facts,
        disputed_matters=a.matters, responsibilities=a.responsibilities,
        terms=tuple(DocTerm(t.content, t.method, t.due_on) for t in a.terms),
        mediators=tuple(m.name for m in mediators_of(uow, d)),
        signed_on=a.signed_on or (a.finalised_at.date() if a.finalised_at else uow.now().date()),
        dispute_type=uow.session.scalar(select(DisputeType.name).where(DisputeType.id == d.type_id)),
        place=center or None, matter_code=matter_code(uow, d))


def matter_code(uow: UnitOfWork, d: Dispute) -> str:
    """The code of the dispute's matter (一案一码), "" for a dispute stored before it had one."""
    return (uow.session.scalar(select(Matter.code).where(Matter.id == d.matter_id)) or "") if d.matter_id else ""


def registration_pdf(uow: UnitOfWork, *, dispute_id: int) -> bytes:
    """The 矛盾纠纷受理登记表 of a dispute."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        _reveal(uow, "dispute.print_registration", "dispute", d.id)
        data = render_dispute_registration(registration_document(uow, d))
        uow.commit()
        return data


def registration_document(uow: UnitOfWork, d: Dispute) -> DisputeRegistration:
    """Inside an open unit of work: the registration form's DTO, full ID numbers included."""
    parties = sorted(d.parties, key=lambda p: p.seq)
    people = _people(uow, parties)
    registrar = uow.session.scalar(select(User.full_name).where(User.id == d.registered_by)) \
        if d.registered_by else None
    return DisputeRegistration(
        committee=committee_name(uow), case_number=d.case_no, registered_on=d.registered_at.date(),
        source=SOURCE_WORDS[d.source],
        dispute_type=uow.session.scalar(select(DisputeType.name).where(DisputeType.id == d.type_id)),
        parties=tuple(_doc_party(p, people.get(p.person_id), full_id=True) for p in parties),
        summary=d.facts, requests=d.matters, registrar=registrar or uow.actor.full_name or uow.actor.username,
        mediators=tuple(m.name for m in mediators_of(uow, d)), referred_by=d.referred_by or None,
        place=d.village or None)


def utterances(content: str) -> tuple[Utterance, ...]:
    """A record typed as 「调解员：……」「申请人李明：……」 paragraphs, as who said what. Text before the first
    speaker, or a record without speakers, is the recorder's note (记录)."""
    out: list[list[str]] = []
    for line in content.splitlines():
        if not line.strip():
            continue
        m = SPEAKER.match(line)
        if m and m.group(2).strip():
            out.append([m.group(1), m.group(2).strip()])
        elif out:
            out[-1][1] += "\n" + line.strip()
        else:
            out.append(["记录", line.strip()])
    return tuple(Utterance(speaker, text) for speaker, text in out)


def session_record_pdf(uow: UnitOfWork, *, session_id: int) -> bytes:
    """The 调解笔录 of one session."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        s = _get_row(uow, MediationSession, session_id, "mediation_session")
        return render_mediation_record(record_document(uow, s))


def record_document(uow: UnitOfWork, s: MediationSession) -> MediationRecord:
    """Inside an open unit of work: the 调解笔录 DTO of session ``s``."""
    d = get_dispute_row(uow, s.dispute_id)
    parties = sorted(d.parties, key=lambda p: p.seq)
    if s.booking_id is not None:
        present = set(uow.session.scalars(select(BookingParty.party_id).where(
            BookingParty.booking_id == s.booking_id)))
        parties = [p for p in parties if p.id in present] or parties
    names = {p.name for p in parties}
    others = tuple(n for n in re.split(r"[、，,；;\s]+", s.attendees) if n and n not in names)
    earlier = uow.session.scalars(select(MediationSession.id).where(
        MediationSession.dispute_id == d.id, MediationSession.started_at <= s.started_at)).all()
    people = _people(uow, parties)
    return MediationRecord(
        committee=committee_name(uow), case_number=d.case_no, started_at=s.started_at, place=s.place,
        mediators=tuple(n for n in re.split(r"[、，,]+", s.mediator_names) if n), recorder=s.recorder,
        parties=tuple(_doc_party(p, people.get(p.person_id), full_id=False) for p in parties),
        entries=utterances(s.content), ended_at=s.ended_at, session_no=len(earlier),
        others_present=others)


def follow_up_pdf(uow: UnitOfWork, *, visit_id: int) -> bytes:
    """The 人民调解回访记录 of one follow-up visit."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        v = _get_row(uow, FollowUpVisit, visit_id, "mediation_follow_up")
        return render_follow_up_record(follow_up_document(uow, v))


def follow_up_document(uow: UnitOfWork, v: FollowUpVisit) -> FollowUpRecord:
    """Inside an open unit of work: the 回访记录 DTO of visit ``v``."""
    d = uow.session.get(Dispute, v.dispute_id)
    party = next((p for p in sorted(d.parties, key=lambda p: p.seq) if p.name == v.visited_party), None)
    phone = None
    if party is not None and party.person_id:
        phone = uow.session.scalar(select(Person.phone).where(Person.id == party.person_id)) or None
    return FollowUpRecord(
        organisation=committee_name(uow), case_number=d.case_no, case_kind="mediation", subject=d.title,
        visited_at=dt.datetime.combine(v.visited_on, dt.time()), method=VISIT_WORDS[v.method],
        visitor=v.visitor, interviewee=v.visited_party or d.party_names.split("、")[0],
        interviewee_role=SIDE_WORDS.get(party.side, "当事人") if party else SIDE_WORDS[APPLICANT],
        satisfaction=SATISFACTION_WORDS[v.satisfaction], content=v.note or v.performance,
        performance=v.performance, interviewee_phone=phone)


def room_schedule_pdf(uow: UnitOfWork, *, room_id: int, day: dt.date) -> bytes:
    """A room's day for its door: what happens when and who hosts it; never the parties."""
    sheet = room_day_schedule(uow, room_id=room_id, day=day)
    doc = DocRoomDay(
        center_name=sheet.center_name, room_name=sheet.room_name, day=sheet.day, printed_at=sheet.printed_at,
        sessions=tuple(ScheduledSession(
            start=e.start.time(), end=e.end.time(), title=f"{e.type_name}纠纷调解", host="、".join(e.mediator_names),
            case_number=e.case_no, mode="公开" if e.public else "不公开") for e in sheet.entries))
    return render_room_schedule(doc)
