"""Mediation agreements (调解协议) and what follows them: judicial confirmation, performance, follow-up.

《人民调解法》第二十九条: a written agreement states (1) the parties' basic information, (2) the main facts,
the disputed matters and each party's responsibility, (3) the agreed terms and how and by when they are
performed. ``finalise_agreement`` refuses one that lacks any of them (AgreementIncomplete names each gap).
An oral agreement (第二十八条) is recorded with its content.

Versions: an agreement is edited as a draft; finalising freezes it (the parties' information is copied
into it, copies = parties + 1). A correction is a new draft version with a reason; finalising it marks the
earlier version superseded. No version is ever changed or deleted once final.

Signing comes before finalising: a written agreement takes effect once every party, the mediator and the
committee's seal are on it (第二十九条), and only an agreement in effect closes the case. So the complete
draft is printed for signing, the signing is recorded on the draft (``record_signing``: who signed, and
when), and ``finalise_agreement`` refuses an unsigned written agreement (AgreementUnsigned). Changing the
text of a signed draft clears its signing: the signatures were put on the earlier text. Finalising closes
the case as agreed and cancels the remaining sessions the mediator chose (scheduling.cancel_on_closing).

After the agreement: the parties may jointly apply for judicial confirmation within 30 days of it taking
effect (第三十三条), so the reminder list shows every window still open; performance of each term is
checked with dates; follow-up visits (回访) record performance and satisfaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.models import (
    Agreement,
    AgreementTerm,
    Dispute,
    FollowUpVisit,
    JudicialConfirmation,
    Person,
    TermPerformance,
    User,
)
from desktop.models.mediation import (
    AGREED,
    DRAFT,
    FINAL,
    OPEN_STATES,
    ORAL,
    ORGANISATION,
    SUPERSEDED,
    WRITTEN,
)
from desktop.services.audit import record_event
from desktop.services.errors import Conflict, Invalid, NotFound
from desktop.services.mediation import TodayItem, _require_reader, get_dispute_row
from desktop.services.mediation_errors import AgreementIncomplete, AgreementUnsigned, WrongState
from desktop.services.people import mask_id
from desktop.services.permissions import Permission, require
from desktop.services.scheduling import cancel_on_closing, pairs
from desktop.services.settings import Declared, declare, get_setting

declare(
    Declared("judicial_confirmation_days", 30, 1, 30),  # 人民调解法 第三十三条
    Declared("judicial_remind_days", 10, 1, 30),
    Declared("mediation_follow_up_days", 7, 0, 180),  # a visit is due this long after the last term's deadline
)

PERFORMANCE_STATES = ("performed", "partly", "not_performed")
JUDICIAL_STATES = ("reminded", "applied", "confirmed", "rejected", "declined")
VISIT_METHODS = ("visit", "phone")
SATISFACTION = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")


# ---------------------------------------------------------------- DTOs

@dataclass(frozen=True)
class TermInput:
    content: str
    obligor: str = ""
    method: str = ""
    due_on: dt.date | None = None


@dataclass(frozen=True)
class PerformanceInfo:
    id: int
    status: str
    on_date: dt.date
    note: str
    recorded_at: dt.datetime
    recorded_by_name: str


@dataclass(frozen=True)
class TermInfo:
    id: int
    seq: int
    content: str
    obligor: str
    method: str
    due_on: dt.date | None
    checks: tuple[PerformanceInfo, ...]  # newest first

    @property
    def performance(self) -> str | None:
        return self.checks[0].status if self.checks else None


@dataclass(frozen=True)
class AgreementParty:
    """A party's basic information as the agreement states it."""

    side: str
    kind: str
    name: str
    gender: str | None
    birth_date: dt.date | None
    address: str
    id_number_masked: str
    org_code: str
    org_legal_rep: str
    rep_name: str
    rep_kind: str
    person_id: int | None


@dataclass(frozen=True)
class AgreementInfo:
    id: int
    dispute_id: int
    case_no: str
    version_no: int
    form: str  # written / oral
    state: str  # draft / final / superseded
    parties: tuple[AgreementParty, ...]  # frozen at finalisation; a draft shows the dispute's parties now
    facts: str
    matters: str
    responsibilities: str
    oral_content: str
    other_terms: str
    terms: tuple[TermInfo, ...]
    copies: int  # parties + 1
    signed_on: dt.date | None
    correction_reason: str
    created_at: dt.datetime
    finalised_at: dt.datetime | None
    finalised_by_name: str
    missing: tuple[str, ...]  # what finalising would refuse (empty when complete)
    version: int


@dataclass(frozen=True)
class JudicialInfo:
    status: str
    reminded_on: dt.date | None
    applied_on: dt.date | None
    court: str
    decided_on: dt.date | None
    note: str


@dataclass(frozen=True)
class JudicialReminder:
    dispute_id: int
    case_no: str
    title: str
    party_names: str
    agreement_id: int
    signed_on: dt.date
    last_day: dt.date
    days_left: int
    status: str | None  # None (nobody told them yet) or "reminded"
    reminded_on: dt.date | None


@dataclass(frozen=True)
class FollowUpInfo:
    id: int
    dispute_id: int
    visited_on: dt.date
    method: str
    visitor: str
    visited_party: str
    performance: str
    satisfaction: str
    note: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AfterAgreement:
    """Everything after the agreement for the dispute view."""

    current: AgreementInfo | None  # the version in force
    judicial: JudicialInfo | None
    judicial_last_day: dt.date | None
    follow_ups: tuple[FollowUpInfo, ...]


# ---------------------------------------------------------------- helpers

def _snapshot_parties(uow, d: Dispute) -> list[dict]:
    ids = [p.person_id for p in d.parties if p.person_id]
    people = {p.id: p for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    out = []
    for p in sorted(d.parties, key=lambda p: p.seq):
        person = people.get(p.person_id)
        out.append({
            "side": p.side, "kind": p.kind, "name": p.name, "person_id": p.person_id,
            "gender": person.gender if person else None,
            "birth_date": person.birth_date.isoformat() if person and person.birth_date else None,
            "address": person.address if person else p.org_address,
            "has_id_number": bool(person and person.id_number),
            "org_code": p.org_code, "org_legal_rep": p.org_legal_rep, "rep_name": p.rep_name, "rep_kind": p.rep_kind,
        })
    return out


def _party_dto(item: dict, id_numbers: dict[int, str | None]) -> AgreementParty:
    born = item.get("birth_date")
    return AgreementParty(item["side"], item["kind"], item["name"], item.get("gender"),
                          dt.date.fromisoformat(born) if born else None, item.get("address", ""),
                          mask_id(id_numbers.get(item.get("person_id"))), item.get("org_code", ""),
                          item.get("org_legal_rep", ""), item.get("rep_name", ""), item.get("rep_kind", ""),
                          item.get("person_id"))


def missing_items(form: str, parties: Sequence[dict], facts: str, matters: str, responsibilities: str,
                  oral_content: str, terms: Sequence[TermInput | AgreementTerm]) -> tuple[str, ...]:
    """What 第二十九条 (written) or 第二十八条 (oral) would find missing; pure, for the editor and finalising.
    Each party's basic information is its ID number (persons; gender and birth date come from it) or its
    legal representative (organisations), and its address."""
    out = []
    sides = {p["side"] for p in parties}
    if len(parties) < 2 or sides != {"applicant", "respondent"} or any(not p["name"] for p in parties):
        out.append("parties")
    for n, p in enumerate(parties, start=1):  # the basic information the agreement states of each party
        if p["kind"] == ORGANISATION:
            if not p.get("org_legal_rep"):
                out.append(f"party_representative:{n}")
        elif not p.get("has_id_number"):
            out.append(f"party_id_number:{n}")
        if not (p.get("address") or "").strip():
            out.append(f"party_address:{n}")
    if form == ORAL:
        if not oral_content.strip():
            out.append("oral_content")
    else:
        for code, value in (("facts", facts), ("matters", matters), ("responsibilities", responsibilities)):
            if not value.strip():
                out.append(code)
        if not terms:
            out.append("terms")
    for n, t in enumerate(terms, start=1):
        if not t.content.strip():
            out.append(f"term_content:{n}")
        if form == WRITTEN and not t.method.strip():
            out.append(f"term_method:{n}")
        if t.due_on is None:
            out.append(f"term_deadline:{n}")
    return tuple(out)


def signature_codes(party_count: int) -> tuple[str, ...]:
    """What a written agreement needs on it to take effect: each party ("party:1" …), the mediator and the
    committee's seal."""
    return tuple(f"party:{n}" for n in range(1, party_count + 1)) + ("mediator", "seal")


def _agreement(uow, agreement_id: int, version: int | None = None) -> Agreement:
    a = uow.session.get(Agreement, agreement_id)
    if a is None:
        raise NotFound(entity="agreement", key=agreement_id)
    if version is not None and a.version != version:
        raise Conflict(entity="agreement", key=agreement_id)
    return a


def _checks(uow, term_ids: list[int]) -> dict[int, list[PerformanceInfo]]:
    if not term_ids:
        return {}
    names = pairs(uow, select(User.id, User.full_name))
    out: dict[int, list[PerformanceInfo]] = {}
    for c in uow.session.scalars(select(TermPerformance).where(TermPerformance.term_id.in_(term_ids))
                                 .order_by(TermPerformance.on_date.desc(), TermPerformance.id.desc())):
        out.setdefault(c.term_id, []).append(PerformanceInfo(c.id, c.status, c.on_date, c.note, c.recorded_at,
                                                             names.get(c.recorded_by, "")))
    return out


def _info(uow, a: Agreement) -> AgreementInfo:
    d = get_dispute_row(uow, a.dispute_id)
    parties = a.parties if a.state != DRAFT else _snapshot_parties(uow, d)
    ids = [p.get("person_id") for p in parties if p.get("person_id")]
    id_numbers = pairs(uow, select(Person.id, Person.id_number).where(Person.id.in_(ids))) \
        if ids else {}
    checks = _checks(uow, [t.id for t in a.terms])
    terms = tuple(TermInfo(t.id, t.seq, t.content, t.obligor, t.method, t.due_on, tuple(checks.get(t.id, ())))
                  for t in a.terms)
    finaliser = uow.session.scalar(select(User.full_name).where(User.id == a.finalised_by)) if a.finalised_by else ""
    missing = missing_items(a.form, parties, a.facts, a.matters, a.responsibilities, a.oral_content, a.terms)
    copies = a.copies if a.state != DRAFT else len(parties) + 1
    return AgreementInfo(a.id, a.dispute_id, d.case_no, a.version_no, a.form, a.state,
                         tuple(_party_dto(p, id_numbers) for p in parties), a.facts, a.matters, a.responsibilities,
                         a.oral_content, a.other_terms, terms, copies, a.signed_on, a.correction_reason,
                         a.created_at, a.finalised_at, finaliser or "", missing, a.version)


def current_agreement(uow, dispute_id: int) -> Agreement | None:
    """Inside an open unit of work: the final version in force, if any."""
    return uow.session.scalar(select(Agreement).where(Agreement.dispute_id == dispute_id, Agreement.state == FINAL))


# ---------------------------------------------------------------- editing

def draft_agreement(uow, *, dispute_id: int, form: str = WRITTEN) -> AgreementInfo:
    """The draft to edit: the existing draft, or a new version. A first draft starts from the dispute's facts
    and matters; a correction of a final agreement starts as a copy of it."""
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        if form not in (WRITTEN, ORAL):
            raise Invalid(field="form", reason="unknown", value=form)
        d = get_dispute_row(uow, dispute_id)
        existing = uow.session.scalar(select(Agreement).where(Agreement.dispute_id == d.id, Agreement.state == DRAFT))
        if existing is not None:
            return _info(uow, existing)
        current = current_agreement(uow, d.id)
        if current is None and d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="agreement")
        last = uow.session.scalar(select(func.max(Agreement.version_no)).where(Agreement.dispute_id == d.id)) or 0
        uow.action = "agreement.draft"
        now = uow.now()
        a = Agreement(dispute_id=d.id, version_no=last + 1, state=DRAFT, parties=[], copies=0, created_at=now,
                      updated_at=now, created_by=uow.actor.user_id, correction_reason="")
        if current is not None:
            a.form, a.facts, a.matters = current.form, current.facts, current.matters
            a.responsibilities, a.oral_content, a.other_terms = (current.responsibilities, current.oral_content,
                                                                 current.other_terms)
            a.terms = [AgreementTerm(seq=t.seq, content=t.content, obligor=t.obligor, method=t.method,
                                     due_on=t.due_on) for t in current.terms]
        else:
            a.form, a.facts, a.matters = form, d.facts, d.matters
            a.responsibilities = a.oral_content = a.other_terms = ""
        uow.session.add(a)
        uow.session.flush()
        info = _info(uow, a)
        uow.commit()
        return info


def save_agreement(uow, *, agreement_id: int, version: int, form: str, facts: str, matters: str,
                   responsibilities: str, terms: Sequence[TermInput], oral_content: str = "",
                   other_terms: str = "", correction_reason: str = "") -> AgreementInfo:
    """Save a draft (it may still be incomplete; ``missing`` says what finalising would refuse)."""
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        a = _agreement(uow, agreement_id, version)
        if a.state != DRAFT:
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="edit")
        if form not in (WRITTEN, ORAL):
            raise Invalid(field="form", reason="unknown", value=form)
        uow.action = "agreement.save"
        before = _wording(a.form, a.facts, a.matters, a.responsibilities, a.oral_content, a.other_terms, a.terms)
        a.form, a.facts, a.matters = form, facts.strip(), matters.strip()
        a.responsibilities, a.oral_content, a.other_terms = responsibilities.strip(), oral_content.strip(), \
            other_terms.strip()
        a.correction_reason = correction_reason.strip()[:200]
        old = {t.seq: t for t in a.terms}
        kept = []
        for seq, t in enumerate(terms, start=1):
            row = old.pop(seq, None) or AgreementTerm(seq=seq)
            row.content, row.obligor = t.content.strip(), t.obligor.strip()[:100]
            row.method, row.due_on = t.method.strip()[:200], t.due_on
            kept.append(row)
        for row in old.values():
            a.terms.remove(row)
        uow.session.flush()
        for row in kept:
            if row not in a.terms:
                a.terms.append(row)
        a.updated_at = uow.now()
        uow.session.flush()
        uow.session.refresh(a, ["terms"])
        if a.signed_on is not None and before != _wording(a.form, a.facts, a.matters, a.responsibilities,
                                                          a.oral_content, a.other_terms, a.terms):
            a.signed_on = None  # the signatures were put on the earlier text
            uow.session.flush()
        info = _info(uow, a)
        uow.commit()
        return info


def _wording(form, facts, matters, responsibilities, oral_content, other_terms, terms) -> tuple:
    return (form, facts, matters, responsibilities, oral_content, other_terms,
            tuple((t.content, t.obligor, t.method, t.due_on) for t in terms))


def discard_draft(uow, *, agreement_id: int) -> None:
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        a = _agreement(uow, agreement_id)
        if a.state != DRAFT:
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="discard")
        uow.action = "agreement.discard"
        uow.session.delete(a)
        uow.commit()


def finalise_agreement(uow, *, agreement_id: int, version: int, signed_on: dt.date | None = None,
                       cancel_booking_ids: Sequence[int] = (), cancel_reason: str = "") -> AgreementInfo:
    """Freeze a complete, signed draft: the agreement is in effect and the dispute is closed as agreed; a
    correction supersedes the version it corrects. Refused when an item 第二十九条 requires is missing
    (AgreementIncomplete) and, for a written agreement, while its signing is not recorded
    (AgreementUnsigned; ``record_signing`` on the draft, or ``signed_on``: the day every party, the
    mediator and the committee's seal were put on it). An oral agreement takes effect when agreed.
    ``cancel_booking_ids``: remaining sessions (mediation.remaining_sessions) cancelled with the closing."""
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        a = _agreement(uow, agreement_id, version)
        if a.state != DRAFT:
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="finalise")
        d = get_dispute_row(uow, a.dispute_id)
        parties = _snapshot_parties(uow, d)
        missing = missing_items(a.form, parties, a.facts, a.matters, a.responsibilities, a.oral_content, a.terms)
        if missing:
            raise AgreementIncomplete(missing=missing)
        current = current_agreement(uow, d.id)
        if current is None and d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="agreement")
        if current is not None and not a.correction_reason:
            raise Invalid(field="correction_reason", reason="empty")
        today = uow.now().date()
        if signed_on is not None and (signed_on > today or signed_on < d.registered_at.date()):
            raise Invalid(field="signed_on", reason="range", minimum=d.registered_at.date(), maximum=today)
        if a.form == WRITTEN and signed_on is None and a.signed_on is None:
            raise AgreementUnsigned(missing=signature_codes(len(parties)), party_names=tuple(p["name"] for p in parties))
        uow.action = "agreement.finalise"
        now = uow.now()
        if current is not None:
            current.state = SUPERSEDED
            uow.session.flush()  # one final version at a time
            _carry_performance(uow, current, a)
        a.state, a.parties, a.copies = FINAL, parties, len(parties) + 1
        a.finalised_at, a.finalised_by, a.updated_at = now, uow.actor.user_id, now
        # an oral agreement takes effect when the parties agree (第三十条)
        a.signed_on = signed_on or a.signed_on or (today if a.form == ORAL else None)
        if d.state in OPEN_STATES:
            d.state, d.closed_on, d.updated_at = AGREED, today, now
        cancel_on_closing(uow, d, cancel_booking_ids, cancel_reason)
        uow.session.flush()
        info = _info(uow, a)
        uow.commit()
        return info


def _carry_performance(uow, old: Agreement, new: Agreement) -> None:
    """Checks of a term carry over to the correction when the term itself did not change."""
    old_terms = {t.seq: t for t in old.terms}
    for t in new.terms:
        before = old_terms.get(t.seq)
        if before is None or (before.content, before.obligor, before.method, before.due_on) != (
                t.content, t.obligor, t.method, t.due_on):
            continue
        for c in uow.session.scalars(select(TermPerformance).where(TermPerformance.term_id == before.id)):
            uow.session.add(TermPerformance(term_id=t.id, status=c.status, on_date=c.on_date, note=c.note,
                                            recorded_by=c.recorded_by, recorded_at=c.recorded_at))


def record_signing(uow, *, agreement_id: int, signed_on: dt.date, signatures: Sequence[str]) -> AgreementInfo:
    """Record that the written agreement was signed on ``signed_on``: ``signatures`` names what is on it
    (signature_codes: each party, the mediator, the committee's seal) and must name all of it, else
    AgreementUnsigned says what is missing. Usually recorded on the complete draft, which can then be
    finalised; on a final version finalised unsigned (before signing was required) it takes effect now and
    the judicial confirmation window opens."""
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        a = _agreement(uow, agreement_id)
        if a.state not in (DRAFT, FINAL):
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="sign")
        if a.form != WRITTEN:
            raise WrongState(entity="agreement", key=a.id, state=a.form, action="sign")
        d = get_dispute_row(uow, a.dispute_id)
        parties = a.parties if a.state == FINAL else _snapshot_parties(uow, d)
        if a.state == DRAFT:
            missing = missing_items(a.form, parties, a.facts, a.matters, a.responsibilities, a.oral_content,
                                    a.terms)
            if missing:
                raise AgreementIncomplete(missing=missing)
        needed = signature_codes(len(parties))
        lacking = tuple(code for code in needed if code not in set(signatures))
        if lacking:
            raise AgreementUnsigned(missing=lacking, party_names=tuple(p["name"] for p in parties))
        today = uow.now().date()
        if signed_on > today or signed_on < d.registered_at.date():
            raise Invalid(field="signed_on", reason="range", minimum=d.registered_at.date(), maximum=today)
        uow.action = "agreement.sign"
        a.signed_on, a.updated_at = signed_on, uow.now()
        uow.session.flush()
        record_event(uow, action="agreement.sign", entity="agreement", entity_id=str(a.id),
                     detail={"signed_on": signed_on.isoformat(), "signed_by": [p["name"] for p in parties],
                             "mediator": True, "seal": True})
        info = _info(uow, a)
        uow.commit()
        return info


def get_agreement(uow, *, agreement_id: int) -> AgreementInfo:
    with uow:
        _require_reader(uow)
        return _info(uow, _agreement(uow, agreement_id))


def list_agreements(uow, *, dispute_id: int) -> list[AgreementInfo]:
    """Every version of a dispute's agreement, newest first (superseded ones are kept)."""
    with uow:
        _require_reader(uow)
        rows = uow.session.scalars(select(Agreement).where(Agreement.dispute_id == dispute_id)
                                   .order_by(Agreement.version_no.desc()))
        return [_info(uow, a) for a in rows]


# ---------------------------------------------------------------- after the agreement

def _judicial_last_day(uow, a: Agreement | None) -> dt.date | None:
    if a is None or a.form != WRITTEN or a.signed_on is None:
        return None
    return a.signed_on + dt.timedelta(days=int(get_setting(uow, "judicial_confirmation_days")))


def after_agreement(uow, *, dispute_id: int) -> AfterAgreement:
    with uow:
        _require_reader(uow)
        a = current_agreement(uow, dispute_id)
        j = uow.session.scalar(select(JudicialConfirmation).where(JudicialConfirmation.dispute_id == dispute_id))
        judicial = JudicialInfo(j.status, j.reminded_on, j.applied_on, j.court, j.decided_on, j.note) if j else None
        visits = uow.session.scalars(select(FollowUpVisit).where(FollowUpVisit.dispute_id == dispute_id)
                                     .order_by(FollowUpVisit.visited_on.desc(), FollowUpVisit.id.desc()))
        return AfterAgreement(_info(uow, a) if a else None, judicial, _judicial_last_day(uow, a),
                              tuple(_visit_info(v) for v in visits))


def record_performance(uow, *, term_id: int, status: str, on_date: dt.date, note: str = "") -> TermInfo:
    """A check of one term of the agreement in force: performed, partly or not performed, as of ``on_date``."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        t = uow.session.get(AgreementTerm, term_id)
        if t is None:
            raise NotFound(entity="agreement_term", key=term_id)
        a = _agreement(uow, t.agreement_id)
        if a.state != FINAL:
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="performance")
        if status not in PERFORMANCE_STATES:
            raise Invalid(field="status", reason="unknown", value=status)
        if on_date > uow.now().date():
            raise Invalid(field="on_date", reason="in_future")
        if on_date < a.finalised_at.date():
            raise Invalid(field="on_date", reason="before_agreement")
        uow.action = "agreement.performance"
        uow.session.add(TermPerformance(term_id=t.id, status=status, on_date=on_date, note=note.strip()[:400],
                                        recorded_by=uow.actor.user_id, recorded_at=uow.now()))
        uow.session.flush()
        checks = _checks(uow, [t.id])
        info = TermInfo(t.id, t.seq, t.content, t.obligor, t.method, t.due_on, tuple(checks.get(t.id, ())))
        uow.commit()
        return info


def record_judicial(uow, *, dispute_id: int, status: str, on_date: dt.date, court: str = "",
                    note: str = "") -> JudicialInfo:
    """Judicial confirmation of the written agreement in force: the parties were reminded, they applied to
    the court (inside the window), the court confirmed or rejected it; or they declined to apply."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        a = current_agreement(uow, d.id)
        if a is None or d.state != AGREED:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="judicial")
        if a.form != WRITTEN or a.signed_on is None:
            raise WrongState(entity="agreement", key=a.id, state="not_effective", action="judicial")
        if status not in JUDICIAL_STATES:
            raise Invalid(field="status", reason="unknown", value=status)
        if on_date > uow.now().date():
            raise Invalid(field="on_date", reason="in_future")
        if on_date < a.signed_on:
            raise Invalid(field="on_date", reason="before_agreement")
        j = uow.session.scalar(select(JudicialConfirmation).where(JudicialConfirmation.dispute_id == d.id))
        current = j.status if j else None
        if status in ("confirmed", "rejected") and current != "applied":
            raise WrongState(entity="judicial", key=d.case_no, state=current or "none", action=status)
        if status in ("reminded", "applied", "declined") and current in ("applied", "confirmed", "rejected"):
            raise WrongState(entity="judicial", key=d.case_no, state=current, action=status)
        if status == "applied":
            last_day = _judicial_last_day(uow, a)
            if on_date > last_day:
                raise Invalid(field="applied_on", reason="window_closed", last_day=last_day)
            if not court.strip():
                raise Invalid(field="court", reason="empty")
        uow.action = f"judicial.{status}"
        if j is None:
            j = JudicialConfirmation(dispute_id=d.id, agreement_id=a.id, court="", note="")
            uow.session.add(j)
        j.status, j.agreement_id, j.updated_at = status, a.id, uow.now()
        if status == "reminded":
            j.reminded_on = on_date
        elif status == "applied":
            j.applied_on, j.court = on_date, court.strip()[:100]
        elif status in ("confirmed", "rejected"):
            j.decided_on = on_date
        if note.strip():
            j.note = note.strip()[:400]
        info = JudicialInfo(j.status, j.reminded_on, j.applied_on, j.court, j.decided_on, j.note)
        uow.commit()
        return info


def _judicial_rows(uow, today: dt.date, dispute_ids=None):
    """Inside an open unit of work: agreements in force whose confirmation window is still open and whose
    parties have neither applied nor declined."""
    days = int(get_setting(uow, "judicial_confirmation_days"))
    q = (select(Agreement, Dispute, JudicialConfirmation)
         .join(Dispute, Dispute.id == Agreement.dispute_id)
         .outerjoin(JudicialConfirmation, JudicialConfirmation.dispute_id == Dispute.id)
         .where(Agreement.state == FINAL, Agreement.form == WRITTEN, Agreement.signed_on.is_not(None),
                Agreement.signed_on >= today - dt.timedelta(days=days), Dispute.state == AGREED,
                (JudicialConfirmation.id.is_(None)) | (JudicialConfirmation.status == "reminded")))
    if dispute_ids is not None:
        q = q.where(Dispute.id.in_(dispute_ids))
    for a, d, j in uow.session.execute(q):
        last_day = a.signed_on + dt.timedelta(days=days)
        yield a, d, j, last_day


def judicial_reminders(uow) -> list[JudicialReminder]:
    """Every judicial-confirmation window still open, the closest first."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        today = uow.now().date()
        out = [JudicialReminder(d.id, d.case_no, d.title, d.party_names, a.id, a.signed_on, last_day,
                                (last_day - today).days, j.status if j else None, j.reminded_on if j else None)
               for a, d, j, last_day in _judicial_rows(uow, today)]
        return sorted(out, key=lambda r: (r.last_day, r.case_no))


def judicial_reminder_items(uow, *, today: dt.date, dispute_ids) -> list[TodayItem]:
    """Inside an open unit of work: windows closing within judicial_remind_days, for the today view."""
    within = int(get_setting(uow, "judicial_remind_days"))
    return [TodayItem("judicial", d.id, d.case_no, d.title, last_day, (last_day - today).days,
                      {"status": j.status if j else None, "signed_on": a.signed_on})
            for a, d, j, last_day in _judicial_rows(uow, today, dispute_ids) if (last_day - today).days <= within]


def due_terms(uow, *, today: dt.date, within_days: int, dispute_ids=None) -> list[TodayItem]:
    """Inside an open unit of work: terms of agreements in force due within ``within_days`` (or overdue)
    whose latest check is not "performed"."""
    latest = (select(TermPerformance.term_id, func.max(TermPerformance.id).label("last_id"))
              .group_by(TermPerformance.term_id).subquery())
    q = (select(AgreementTerm, Dispute, TermPerformance.status)
         .join(Agreement, Agreement.id == AgreementTerm.agreement_id)
         .join(Dispute, Dispute.id == Agreement.dispute_id)
         .outerjoin(latest, latest.c.term_id == AgreementTerm.id)
         .outerjoin(TermPerformance, TermPerformance.id == latest.c.last_id)
         .where(Agreement.state == FINAL, AgreementTerm.due_on.is_not(None),
                AgreementTerm.due_on <= today + dt.timedelta(days=within_days),
                (TermPerformance.status.is_(None)) | (TermPerformance.status != "performed"))
         .order_by(AgreementTerm.due_on))
    if dispute_ids is not None:
        q = q.where(Dispute.id.in_(dispute_ids))
    return [TodayItem("term_due", d.id, d.case_no, d.title, t.due_on, (t.due_on - today).days,
                      {"seq": t.seq, "content": t.content, "obligor": t.obligor, "status": status})
            for t, d, status in uow.session.execute(q)]


def follow_ups_due(uow, *, today: dt.date, dispute_ids=None) -> list[TodayItem]:
    """Inside an open unit of work: agreed disputes without a follow-up visit yet whose visit is due
    (mediation_follow_up_days after the last term's deadline, or after the agreement)."""
    after = int(get_setting(uow, "mediation_follow_up_days"))
    visited = select(FollowUpVisit.dispute_id)
    q = (select(Agreement, Dispute, func.max(AgreementTerm.due_on))
         .join(Dispute, Dispute.id == Agreement.dispute_id)
         .outerjoin(AgreementTerm, AgreementTerm.agreement_id == Agreement.id)
         .where(Agreement.state == FINAL, Dispute.state == AGREED, Dispute.id.not_in(visited))
         .group_by(Agreement.id, Dispute.id))
    if dispute_ids is not None:
        q = q.where(Dispute.id.in_(dispute_ids))
    out = []
    for a, d, last_due in uow.session.execute(q):
        base = max(filter(None, (last_due, a.finalised_at.date() if a.finalised_at else None)))
        due = base + dt.timedelta(days=after)
        if due <= today:
            out.append(TodayItem("follow_up", d.id, d.case_no, d.title, due, (due - today).days, {}))
    return out


def _visit_info(v: FollowUpVisit) -> FollowUpInfo:
    return FollowUpInfo(v.id, v.dispute_id, v.visited_on, v.method, v.visitor, v.visited_party, v.performance,
                        v.satisfaction, v.note, v.created_at)


def record_follow_up(uow, *, dispute_id: int, visited_on: dt.date, method: str, visitor: str, performance: str,
                     satisfaction: str, visited_party: str = "", note: str = "") -> FollowUpInfo:
    """A follow-up visit (回访) of an agreed dispute: how the terms are performed, and satisfaction."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if d.state != AGREED:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="follow_up")
        if method not in VISIT_METHODS:
            raise Invalid(field="method", reason="unknown", value=method)
        if satisfaction not in SATISFACTION:
            raise Invalid(field="satisfaction", reason="unknown", value=satisfaction)
        if not visitor.strip():
            raise Invalid(field="visitor", reason="empty")
        if not performance.strip():
            raise Invalid(field="performance", reason="empty")
        if visited_on > uow.now().date():
            raise Invalid(field="visited_on", reason="in_future")
        if d.closed_on and visited_on < d.closed_on:
            raise Invalid(field="visited_on", reason="before_agreement")
        uow.action = "mediation.follow_up"
        v = FollowUpVisit(dispute_id=d.id, visited_on=visited_on, method=method, visitor=visitor.strip()[:40],
                          visited_party=visited_party.strip()[:100], performance=performance.strip(),
                          satisfaction=satisfaction, note=note.strip(), created_by=uow.actor.user_id,
                          created_at=uow.now())
        uow.session.add(v)
        uow.session.flush()
        info = _visit_info(v)
        uow.commit()
        return info

