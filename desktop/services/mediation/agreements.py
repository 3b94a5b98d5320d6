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
the case as agreed and cancels the remaining sessions the mediator chose (booking_changes.cancel_on_closing).

After the agreement: the parties may jointly apply for judicial confirmation within 30 days of it taking
effect (第三十三条), so the reminder list shows every window still open; performance of each term is
checked with dates; follow-up visits (回访) record performance and satisfaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import (
    Agreement,
    AgreementTerm,
    Dispute,
    Person,
    TermPerformance,
    User,
)
from desktop.models.mediation import (
    DRAFT,
    FINAL,
    OPEN_STATES,
    ORAL,
    ORGANISATION,
    WRITTEN,
)
from desktop.services.errors import Conflict, Invalid
from desktop.services.mediation._access import _get_row, _require_reader, get_dispute_row
from desktop.services.mediation._resources import pairs
from desktop.services.mediation.errors import WrongState
from desktop.services.people import mask_id
from desktop.services.permissions import Permission, require

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


# ---------------------------------------------------------------- helpers

def _snapshot_parties(uow: UnitOfWork, d: Dispute) -> list[dict]:
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


def _agreement(uow: UnitOfWork, agreement_id: int, version: int | None = None) -> Agreement:
    a = _get_row(uow, Agreement, agreement_id, "agreement")
    if version is not None and a.version != version:
        raise Conflict(entity="agreement", key=agreement_id)
    return a


def _checks(uow: UnitOfWork, term_ids: list[int]) -> dict[int, list[PerformanceInfo]]:
    if not term_ids:
        return {}
    names = pairs(uow, select(User.id, User.full_name))
    out: dict[int, list[PerformanceInfo]] = {}
    for c in uow.session.scalars(select(TermPerformance).where(TermPerformance.term_id.in_(term_ids))
                                 .order_by(TermPerformance.on_date.desc(), TermPerformance.id.desc())):
        out.setdefault(c.term_id, []).append(PerformanceInfo(c.id, c.status, c.on_date, c.note, c.recorded_at,
                                                             names.get(c.recorded_by, "")))
    return out


def _info(uow: UnitOfWork, a: Agreement) -> AgreementInfo:
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


def current_agreement(uow: UnitOfWork, dispute_id: int) -> Agreement | None:
    """Inside an open unit of work: the final version in force, if any."""
    return uow.session.scalar(select(Agreement).where(Agreement.dispute_id == dispute_id, Agreement.state == FINAL))


# ---------------------------------------------------------------- editing

def draft_agreement(uow: UnitOfWork, *, dispute_id: int, form: str = WRITTEN) -> AgreementInfo:
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


def save_agreement(uow: UnitOfWork, *, agreement_id: int, version: int, form: str, facts: str, matters: str,
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


def discard_draft(uow: UnitOfWork, *, agreement_id: int) -> None:
    with uow:
        require(uow, Permission.EDIT_AGREEMENTS)
        a = _agreement(uow, agreement_id)
        if a.state != DRAFT:
            raise WrongState(entity="agreement", key=a.id, state=a.state, action="discard")
        uow.action = "agreement.discard"
        uow.session.delete(a)
        uow.commit()


def get_agreement(uow: UnitOfWork, *, agreement_id: int) -> AgreementInfo:
    with uow:
        _require_reader(uow)
        return _info(uow, _agreement(uow, agreement_id))


def list_agreements(uow: UnitOfWork, *, dispute_id: int) -> list[AgreementInfo]:
    """Every version of a dispute's agreement, newest first (superseded ones are kept)."""
    with uow:
        _require_reader(uow)
        rows = uow.session.scalars(select(Agreement).where(Agreement.dispute_id == dispute_id)
                                   .order_by(Agreement.version_no.desc()))
        return [_info(uow, a) for a in rows]
