"""处理进度随时看、满不满意随时评: a visitor looks a matter up at the kiosk and rates its outcome.

The kiosk asks for the matter's code (scanned from the QR code on the visitor's paper, or typed) and the last
four digits of the phone of the matter's person. A wrong pair gets one answer (LookupRefused) that does not
say which of the two was wrong. Every try is logged (``MatterLookup``); after ``matter_lookup_max_tries``
wrong tries within ``matter_lookup_lock_minutes``, at one kiosk or for one code, lookups there (or of that
code) are refused (LookupLocked) for as long. Tries refused while locked are logged but do not count again,
so the time the visitor is told stays true.

What the visitor sees (MatterProgress) is in plain words: the kind of matter, its steps with their dates,
who handles it (a window or a department, never a person or a phone), the next deadline, the person's name
masked, no ID number. A concluded matter's outcome can be rated once with the five 好差评 levels; a bad
rating opens a follow-up (``queue_follow_up``, with the matter instead of a ticket) due as a window rating's.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, text

from desktop.db import UnitOfWork
from desktop.models import Center, Department, Matter, MatterLookup, MatterStep, Person, RatingFollowUp
from desktop.models.matters import CLOSED, DISPUTE, OPEN, PETITION, WINDOW, WORK_ORDER
from desktop.services.admin.calendar import load_calendar
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Invalid
from desktop.services.matters.dto import MatterProgress, ProgressStep
from desktop.services.matters.errors import LookupLocked, LookupRefused
from desktop.services.people import mask_name
from desktop.services.permissions import Permission, require
from desktop.services.queue import BAD_RATINGS, RATINGS, AlreadyRated

KIND_NAMES = {WINDOW: "窗口事项", PETITION: "信访", DISPUTE: "矛盾纠纷调解", WORK_ORDER: "12345工单"}
# a current step named like this has concluded the matter for the visitor (answered, settled) though the
# register may keep it open for a review or the performance of an agreement
CONCLUDED_WORDS = ("办结", "结案", "答复", "调解成功", "已完成")
CODE_MAX, KIOSK_MAX = 24, 40
MEDIATION_COMMITTEE = "人民调解委员会"  # what the visitor reads for a mediator's step
_CODE = re.compile(r"(?:([A-Z]{1,8})-)?(\d{4})-?(\d{1,9})")  # HS-2026-000123, 2026-000123, 2026000123
_SCANNED = re.compile(r"[A-Z]{1,8}-\d{4}-\d{1,9}")
_WINDOW_PLACE = re.compile(r"\d+号窗口")
_MEDIATOR = re.compile(r"调解员[^\s，。、；（）()]*")
# PostgreSQL: the advisory lock every kiosk lookup queues on, so two wrong tries at one moment are counted one
# after the other (SQLite: the transaction holds the write lock already). Lookups are few; one lock is enough.
LOOKUP_LOCK = 0x4D4C4B


def normal_code(code: str | None) -> str:
    """A code as typed or scanned: trimmed, upper case (hs-2026-000123 is HS-2026-000123)."""
    return (code or "").strip().upper()[:CODE_MAX]


def looks_like_code(text: str | None) -> bool:
    """A matter's code in full, as its QR code holds it (HS-2026-000123): what a scanner typed, not a number
    a visitor typed (those, with or without prefix and dashes, go to the lookup as they are)."""
    return _SCANNED.fullmatch(normal_code(text)) is not None


def _matter_and_phone(uow: UnitOfWork, code: str):
    """(id, code, phone) of the matter a typed or scanned code names, or None. The year and the serial name it:
    the prefix may be left out (a visitor types the digits), and a different prefix names no matter."""
    match = _CODE.fullmatch(code)
    if match is None:
        return None
    prefix, year, serial = match.group(1), int(match.group(2)), int(match.group(3))
    row = uow.session.execute(select(Matter.id, Matter.code, Person.phone).join(Person, Person.id == Matter.person_id)
                              .where(Matter.year == year, Matter.serial == serial)).first()
    if row is None or (prefix is not None and not row.code.startswith(prefix + "-")):
        return None
    return row


def _last4(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-4:] if len(digits) >= 4 else ""


def lock_until(wrong: list[dt.datetime], *, tries: int, span: dt.timedelta) -> dt.datetime | None:
    """When the lock of these wrong tries (oldest first) ends, or None: ``tries`` of them within ``span``
    lock for ``span`` from the last of them; tries made while locked do not count."""
    until, counted = None, []
    for at in wrong:
        if until is not None and at < until:
            continue
        counted = [c for c in counted if c > at - span] + [at]
        if len(counted) >= tries:
            until, counted = at + span, []
    return until


def _locked(uow: UnitOfWork, kiosk: str, code: str, now: dt.datetime) -> dt.datetime | None:
    """Inside a unit of work: until when this kiosk or this code is locked (None: it is not)."""
    tries = get_setting(uow, "matter_lookup_max_tries")
    span = dt.timedelta(minutes=get_setting(uow, "matter_lookup_lock_minutes"))
    out = None
    for column, value in ((MatterLookup.kiosk, kiosk), (MatterLookup.code, code)):
        wrong = list(uow.session.scalars(select(MatterLookup.at).where(
            column == value, MatterLookup.ok.is_(False), MatterLookup.at > now - 3 * span)
            .order_by(MatterLookup.at, MatterLookup.id)))
        until = lock_until(wrong, tries=tries, span=span)
        if until is not None and until > now and (out is None or until > out):
            out = until
    return out


def _check(uow: UnitOfWork, kiosk: str, code: str, phone_last4: str) -> int:
    """Inside an open writing unit of work: log the try and commit it; give the matter's id, or raise
    LookupLocked / LookupRefused (the try stays logged). The log and the count per code keep the matter's
    own code however it was typed."""
    if uow.kind == "postgresql":
        uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOOKUP_LOCK})
    kiosk, code, now = (kiosk or "kiosk").strip()[:KIOSK_MAX], normal_code(code), uow.now()
    row = _matter_and_phone(uow, code)
    if row is not None:
        code = row.code
    until = _locked(uow, kiosk, code, now)
    given = (phone_last4 or "").strip()
    ok = until is None and row is not None and re.fullmatch(r"\d{4}", given) is not None \
        and _last4(row.phone) == given
    uow.session.add(MatterLookup(at=now, kiosk=kiosk, code=code, ok=ok))
    if until is None and not ok:
        uow.session.flush()
        until = _locked(uow, kiosk, code, now)  # this try may be the one that locks
    uow.commit()
    if until is not None:
        raise LookupLocked(until=until)
    if not ok:
        raise LookupRefused()
    return row.id


# ---------------------------------------------------------------- what the visitor sees

class _Places:
    """Where a step is handled, as the public may read it: a window, a department; a mediator or a clerk's
    own name (a clerk without a window) become the mediation committee or the center."""

    def __init__(self, uow: UnitOfWork):
        self.departments = set(uow.session.scalars(select(Department.name)))
        self.center = uow.session.scalar(select(Center.name).limit(1)) or "综合服务中心"

    def __call__(self, place: str) -> str:
        place = (place or "").strip()
        if not place or _WINDOW_PLACE.fullmatch(place) or place in self.departments or place == MEDIATION_COMMITTEE:
            return place
        if place.startswith("调解员"):
            return MEDIATION_COMMITTEE
        return self.center


def _concluded(m: Matter, steps: list[MatterStep]) -> bool:
    if m.state == CLOSED:
        return True
    last = steps[-1] if steps else None
    return last is not None and (last.left_at is not None or any(w in last.name for w in CONCLUDED_WORDS))


def progress(uow: UnitOfWork, m: Matter) -> MatterProgress:
    """Inside a transaction: the matter as the visitor sees it."""
    rows = list(uow.session.scalars(select(MatterStep).where(MatterStep.matter_id == m.id).order_by(MatterStep.id)))
    place = _Places(uow)
    steps = tuple(ProgressStep(_MEDIATOR.sub("人民调解员", s.name), place(s.handler), s.entered_at, s.left_at,
                               s.due_on, m.state == OPEN and s.left_at is None) for s in rows)
    current = next((s for s in reversed(steps) if s.current), None)
    name = uow.session.scalar(select(Person.name).where(Person.id == m.person_id)) if m.person_id else ""
    return MatterProgress(m.code, m.kind, KIND_NAMES.get(m.kind, ""), m.service if m.kind == WINDOW else "",
                          m.state, mask_name(name), m.registered_at, current.name if current else "",
                          current.handler if current else place(m.owner_place) if m.state == OPEN else "",
                          current.due_on if current else None, steps, m.closed_at, _concluded(m, rows), m.rating)


def kiosk_lookup(uow: UnitOfWork, *, kiosk: str, code: str, phone_last4: str) -> MatterProgress:
    """The matter of ``code`` when ``phone_last4`` are the last four digits of its person's phone. Raises
    LookupRefused (wrong pair, one answer for both halves) or LookupLocked (too many wrong tries)."""
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        matter_id = _check(uow, kiosk, code, phone_last4)
        return progress(uow, uow.session.get(Matter, matter_id))


def rate_matter_outcome(uow: UnitOfWork, *, kiosk: str, code: str, phone_last4: str, rating: str) -> MatterProgress:
    """满不满意随时评: the visitor rates a concluded matter's outcome once, after the same check as a lookup.
    The same rating again changes nothing; a different one is refused (AlreadyRated); a matter not yet
    concluded is refused (Invalid rating/not_concluded). A bad rating opens a follow-up with the matter, due
    ``queue_follow_up_working_days`` working days later."""
    if rating not in RATINGS:
        raise Invalid(field="rating", reason="unknown", value=rating)
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        matter_id = _check(uow, kiosk, code, phone_last4)
        m = uow.session.get(Matter, matter_id, with_for_update=True, populate_existing=True)
        if m.rating == rating:
            return progress(uow, m)
        if m.rating is not None:
            raise AlreadyRated(number=m.code, rating=m.rating)
        steps = list(uow.session.scalars(select(MatterStep).where(MatterStep.matter_id == m.id)
                                         .order_by(MatterStep.id)))
        if not _concluded(m, steps):
            raise Invalid(field="rating", reason="not_concluded", value=m.code)
        now = uow.now()
        uow.action = "matter.rate"
        m.rating, m.rated_at, m.updated_at = rating, now, now
        uow.session.flush()
        if rating in BAD_RATINGS:
            uow.action = "queue.follow_up.open"
            days = get_setting(uow, "queue_follow_up_working_days")
            uow.session.add(RatingFollowUp(ticket_id=None, matter_id=m.id, rating=rating, opened_at=now,
                                           status="open", answer="",
                                           due_on=load_calendar(uow).add_working_days(now.date(), days)))
            uow.session.flush()
        out = progress(uow, m)
        uow.commit()
        return out
