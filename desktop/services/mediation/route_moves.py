"""一案一码: where a dispute's actions take its matter on the route map, in the action's own transaction.

A written agreement in effect puts the matter on 司法确认 with the application's last day; the court's
decision, the parties declining, or an oral agreement conclude it. A dispute closed without agreement
concludes it, except a referral: to the court (诉调对接) or to arbitration the matter goes on that route and
is concluded here; to 信访 it stays open on the 信访 route until the petition registered for it finishes.
"""

from __future__ import annotations

import datetime as dt

from desktop.db import UnitOfWork
from desktop.models import Agreement, Dispute
from desktop.models.mediation import FAILED, ORAL, REFERRED, TERMINATED
from desktop.services import matters
from desktop.services.admin.settings import get_setting

JUDICIAL_STEP = "司法确认"


def agreement_in_effect(uow: UnitOfWork, d: Dispute, a: Agreement) -> None:
    """The dispute's agreement took effect: an oral one concludes the matter; a signed written one opens the
    judicial confirmation window (人民调解法 第三十三条: judicial_confirmation_days from signing)."""
    if a.form == ORAL:
        matters.case_finished(uow, d.matter_id, "调解成功，达成口头调解协议")
        return
    if a.signed_on is not None:
        last_day = a.signed_on + dt.timedelta(days=int(get_setting(uow, "judicial_confirmation_days")))
        matters.move_matter(uow, d.matter_id, route="judicial", name=JUDICIAL_STEP,
                            reason=f"调解成功，书面调解协议于{a.signed_on.year}年{a.signed_on.month}月"
                                   f"{a.signed_on.day}日签订", due_on=last_day)


def judicial_recorded(uow: UnitOfWork, d: Dispute, status: str, court: str) -> None:
    """A step of the judicial confirmation was recorded (aftercare.record_judicial)."""
    if status == "applied":
        matters.move_matter(uow, d.matter_id, route="judicial", name="法院审查",
                            reason=f"当事人已向{court}申请司法确认")
    elif status == "confirmed":
        matters.case_finished(uow, d.matter_id, f"调解成功，调解协议经{court or '人民法院'}司法确认")
    elif status == "rejected":
        matters.case_finished(uow, d.matter_id, "人民法院裁定不予确认调解协议，当事人可变更原协议、达成新协议或提起诉讼")
    elif status == "declined":
        matters.case_finished(uow, d.matter_id, "调解成功，当事人不申请司法确认，按协议履行")


def followed_up(uow: UnitOfWork, d: Dispute, judicial_status: str | None, last_day: dt.date | None) -> None:
    """A follow-up visit of an agreed dispute: with nothing pending (no application before the court, and the
    confirmation window over or the parties' choice made) the matter is concluded."""
    window_open = last_day is not None and uow.now().date() <= last_day and judicial_status in (None, "reminded")
    if judicial_status == "applied" or window_open:
        return
    matters.case_finished(uow, d.matter_id, "调解成功，协议履行已回访")


def _referral(referred_to: str | None, body: str) -> tuple[str, str, str] | None:
    """(route, step, reason) of a referral, or None for another body that is none of them."""
    if referred_to == "court":
        return "court", "诉调对接", f"诉调对接：调解不成，移送{body}"
    if referred_to == "petition":
        return "petition", "转信访", f"转信访：移交{body}"
    if "仲裁" in body:
        return "arbitration", "仲裁", f"仲裁：引导当事人向{body}申请仲裁"
    return None


def dispute_closed(uow: UnitOfWork, d: Dispute, outcome: str, note: str) -> None:
    """The dispute was closed without agreement (closing.close_dispute)."""
    if outcome == REFERRED:
        body = d.referred_body or ""
        move = _referral(d.referred_to, body)
        if move is None:
            matters.case_finished(uow, d.matter_id, f"调解终结，移交{body}处理：{note}")
            return
        route, step, reason = move
        moved = matters.move_matter(uow, d.matter_id, route=route, name=step, reason=reason, handler=body[:60])
        if moved and route != "petition":  # the court or the arbitration body takes it from here
            matters.case_finished(uow, d.matter_id, f"{reason}。{note}")
        return
    if outcome == FAILED:
        matters.case_finished(uow, d.matter_id, f"调解不成（诉讼引导：当事人可依法申请仲裁或提起诉讼）：{note}")
    elif outcome == TERMINATED:
        matters.case_finished(uow, d.matter_id, f"终止调解：{note}")
