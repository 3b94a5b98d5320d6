"""Finalising an agreement and recording its signatures and seal; a signed agreement closes the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Agreement,
    TermPerformance,
)
from desktop.models.mediation import (
    AGREED,
    DRAFT,
    FINAL,
    OPEN_STATES,
    ORAL,
    SUPERSEDED,
    WRITTEN,
)
from desktop.services.audit import record_event
from desktop.services.errors import Invalid
from desktop.services.mediation._access import get_dispute_row
from desktop.services.mediation.agreements import (
    AgreementInfo,
    _agreement,
    _info,
    _snapshot_parties,
    current_agreement,
    missing_items,
    signature_codes,
)
from desktop.services.mediation.booking_changes import cancel_on_closing
from desktop.services.mediation.errors import AgreementIncomplete, AgreementUnsigned, WrongState
from desktop.services.mediation.route_moves import agreement_in_effect
from desktop.services.permissions import Permission, require


def finalise_agreement(uow: UnitOfWork, *, agreement_id: int, version: int, signed_on: dt.date | None = None,
                       cancel_booking_ids: Sequence[int] = (), cancel_reason: str = "") -> AgreementInfo:
    """Freeze a complete, signed draft: the agreement is in effect and the dispute is closed as agreed; a
    correction supersedes the version it corrects. Refused when an item 第二十九条 requires is missing
    (AgreementIncomplete) and, for a written agreement, while its signing is not recorded
    (AgreementUnsigned; ``record_signing`` on the draft, or ``signed_on``: the day every party, the
    mediator and the committee's seal were put on it). An oral agreement takes effect when agreed.
    ``cancel_booking_ids``: remaining sessions (closing.remaining_sessions) cancelled with the closing."""
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
        first = d.state in OPEN_STATES
        if first:
            d.state, d.closed_on, d.updated_at = AGREED, today, now
        cancel_on_closing(uow, d, cancel_booking_ids, cancel_reason)
        uow.session.flush()
        if first:
            agreement_in_effect(uow, d, a)
        info = _info(uow, a)
        uow.commit()
        return info


def _carry_performance(uow: UnitOfWork, old: Agreement, new: Agreement) -> None:
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


def record_signing(uow: UnitOfWork, *, agreement_id: int, signed_on: dt.date, signatures: Sequence[str]) -> AgreementInfo:
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
        in_effect = a.state == FINAL and a.signed_on is None
        a.signed_on, a.updated_at = signed_on, uow.now()
        uow.session.flush()
        if in_effect:  # a final version finalised unsigned: the judicial confirmation window opens now
            agreement_in_effect(uow, d, a)
        record_event(uow, action="agreement.sign", entity="agreement", entity_id=str(a.id),
                     detail={"signed_on": signed_on.isoformat(), "signed_by": [p["name"] for p in parties],
                             "mediator": True, "seal": True})
        info = _info(uow, a)
        uow.commit()
        return info
