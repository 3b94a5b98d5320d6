"""What follows an agreement: performance of its terms, judicial confirmation and follow-up visits, and
the reminders they raise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import (
    Agreement,
    AgreementTerm,
    Dispute,
    FollowUpVisit,
    JudicialConfirmation,
    TermPerformance,
)
from desktop.models.mediation import (
    AGREED,
    FINAL,
    WRITTEN,
)
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Invalid
from desktop.services.mediation._access import _get_row, _require_reader, get_dispute_row
from desktop.services.mediation.agreements import (
    AgreementInfo,
    TermInfo,
    _agreement,
    _checks,
    _info,
    current_agreement,
)
from desktop.services.mediation.errors import WrongState
from desktop.services.mediation.records import TodayItem
from desktop.services.mediation.route_moves import followed_up, judicial_recorded
from desktop.services.permissions import Permission, require

PERFORMANCE_STATES = ("performed", "partly", "not_performed")
JUDICIAL_STATES = ("reminded", "applied", "confirmed", "rejected", "declined")
VISIT_METHODS = ("visit", "phone")
SATISFACTION = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")


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


# ---------------------------------------------------------------- after the agreement

def _judicial_last_day(uow: UnitOfWork, a: Agreement | None) -> dt.date | None:
    if a is None or a.form != WRITTEN or a.signed_on is None:
        return None
    return a.signed_on + dt.timedelta(days=int(get_setting(uow, "judicial_confirmation_days")))


def after_agreement(uow: UnitOfWork, *, dispute_id: int) -> AfterAgreement:
    with uow:
        _require_reader(uow)
        a = current_agreement(uow, dispute_id)
        j = uow.session.scalar(select(JudicialConfirmation).where(JudicialConfirmation.dispute_id == dispute_id))
        judicial = JudicialInfo(j.status, j.reminded_on, j.applied_on, j.court, j.decided_on, j.note) if j else None
        visits = uow.session.scalars(select(FollowUpVisit).where(FollowUpVisit.dispute_id == dispute_id)
                                     .order_by(FollowUpVisit.visited_on.desc(), FollowUpVisit.id.desc()))
        return AfterAgreement(_info(uow, a) if a else None, judicial, _judicial_last_day(uow, a),
                              tuple(_visit_info(v) for v in visits))


def record_performance(uow: UnitOfWork, *, term_id: int, status: str, on_date: dt.date, note: str = "") -> TermInfo:
    """A check of one term of the agreement in force: performed, partly or not performed, as of ``on_date``."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        t = _get_row(uow, AgreementTerm, term_id, "agreement_term")
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


def record_judicial(uow: UnitOfWork, *, dispute_id: int, status: str, on_date: dt.date, court: str = "",
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
        judicial_recorded(uow, d, status, j.court)
        info = JudicialInfo(j.status, j.reminded_on, j.applied_on, j.court, j.decided_on, j.note)
        uow.commit()
        return info


def _judicial_rows(uow: UnitOfWork, today: dt.date, dispute_ids=None):
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


def judicial_reminders(uow: UnitOfWork) -> list[JudicialReminder]:
    """Every judicial-confirmation window still open, the closest first."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        today = uow.now().date()
        out = [JudicialReminder(d.id, d.case_no, d.title, d.party_names, a.id, a.signed_on, last_day,
                                (last_day - today).days, j.status if j else None, j.reminded_on if j else None)
               for a, d, j, last_day in _judicial_rows(uow, today)]
        return sorted(out, key=lambda r: (r.last_day, r.case_no))


def judicial_reminder_items(uow: UnitOfWork, *, today: dt.date, dispute_ids) -> list[TodayItem]:
    """Inside an open unit of work: windows closing within judicial_remind_days, for the today view."""
    within = int(get_setting(uow, "judicial_remind_days"))
    return [TodayItem("judicial", d.id, d.case_no, d.title, last_day, (last_day - today).days,
                      {"status": j.status if j else None, "signed_on": a.signed_on})
            for a, d, j, last_day in _judicial_rows(uow, today, dispute_ids) if (last_day - today).days <= within]


def due_terms(uow: UnitOfWork, *, today: dt.date, within_days: int, dispute_ids=None) -> list[TodayItem]:
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


def follow_ups_due(uow: UnitOfWork, *, today: dt.date, dispute_ids=None) -> list[TodayItem]:
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


def record_follow_up(uow: UnitOfWork, *, dispute_id: int, visited_on: dt.date, method: str, visitor: str, performance: str,
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
        j = uow.session.scalar(select(JudicialConfirmation.status).where(JudicialConfirmation.dispute_id == d.id))
        followed_up(uow, d, j, _judicial_last_day(uow, current_agreement(uow, d.id)))
        info = _visit_info(v)
        uow.commit()
        return info
