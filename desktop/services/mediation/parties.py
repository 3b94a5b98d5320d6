"""A dispute's parties and mediators: checking and storing them, reading them back, and copying a
person's new name into the parties after a rename."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingParty,
    Dispute,
    DisputeMediator,
    DisputeParty,
    Mediator,
    Person,
)
from desktop.models.mediation import (
    APPLICANT,
    CONFIRMED,
    ORGANISATION,
    PERSON,
    RESPONDENT,
    TENTATIVE,
)
from desktop.services.errors import Invalid, NotFound
from desktop.services.mediation._access import _get_row
from desktop.services.mediation._resources import check_party_not_mediator
from desktop.services.mediation.mediators import _mediator_info
from desktop.services.mediation.records import ORG_NAME_MAX, REP_KINDS, MediatorInfo, PartyInfo, PartyInput
from desktop.services.people import (
    PersonInput,
    mask_id,
    mask_phone,
    normalize_phone,
    upsert_person,
)


def _party_info(p: DisputeParty, person: Person | None) -> PartyInfo:
    return PartyInfo(
        p.id, p.side, p.seq, p.kind, p.person_id, p.name,
        person.gender if person else None, person.birth_date if person else None,
        mask_id(person.id_number) if person else "", mask_phone(person.phone) if person else "",
        person.address if person else p.org_address, person.village if person else "",
        person.grid if person else "", p.org_code, p.org_legal_rep, p.org_address, p.rep_name, p.rep_kind,
        mask_phone(p.rep_phone), person.version if person else None)


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


def _apply_party(uow: UnitOfWork, row: DisputeParty, data: PartyInput, i: int) -> None:
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


def _set_parties(uow: UnitOfWork, d: Dispute, parties: list[PartyInput]) -> None:
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


def _set_mediators(uow: UnitOfWork, d: Dispute, mediator_ids) -> None:
    ids = list(dict.fromkeys(mediator_ids))
    mediators = []
    for mid in ids:
        m = _get_row(uow, Mediator, mid, "mediator")
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


def _parties(uow: UnitOfWork, d: Dispute) -> tuple[PartyInfo, ...]:
    rows = sorted(d.parties, key=lambda p: p.seq)
    ids = [p.person_id for p in rows if p.person_id]
    people = {p.id: p for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    return tuple(_party_info(p, people.get(p.person_id)) for p in rows)


def mediators_of(uow: UnitOfWork, d: Dispute) -> tuple[MediatorInfo, ...]:
    out = []
    for dm in sorted(d.mediators, key=lambda dm: dm.seq):
        out.append(_mediator_info(uow.session.get(Mediator, dm.mediator_id)))
    return tuple(out)


def refresh_party_names(uow: UnitOfWork, person_id: int) -> None:
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
