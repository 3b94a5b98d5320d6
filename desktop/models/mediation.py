"""People's mediation (人民调解): disputes and their parties, mediators, room bookings, sessions with their
records (调解笔录), agreements with versions and terms, judicial confirmation, performance and follow-up visits.

Conflict-free booking rests on ``booking_claim``: one row per resource (room, mediator, party) that a
confirmed or held booking occupies, with the booking's start and end copied in. The overlap check is one
indexed range query on it; the booking service takes a lock on each resource first (see
desktop.services.scheduling), so two people booking at the same moment cannot both pass the check.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.crypto import EncryptedString
from desktop.models import people  # noqa: F401  (the person table parties refer to)
from desktop.models.base import Base

# Dispute.source
SOURCES = ("proactive", "application", "referral")  # 主动调解 / 申请调解 / 接受委托移送

# Dispute.state
REGISTERED = "registered"
SCHEDULED = "scheduled"
IN_MEDIATION = "in_mediation"
AGREED = "agreed"            # agreement reached (written or oral, see Agreement.form)
FAILED = "failed"            # 调解不成
TERMINATED = "terminated"    # 终止调解
REFERRED = "referred"        # to court, petition or another body
DISPUTE_STATES = (REGISTERED, SCHEDULED, IN_MEDIATION, AGREED, FAILED, TERMINATED, REFERRED)
OPEN_STATES = (REGISTERED, SCHEDULED, IN_MEDIATION)
CLOSED_STATES = (AGREED, FAILED, TERMINATED, REFERRED)
REFERRAL_TARGETS = ("court", "petition", "other")

# DisputeParty
APPLICANT, RESPONDENT = "applicant", "respondent"
PERSON, ORGANISATION = "person", "organisation"

# Booking.state
TENTATIVE, CONFIRMED, HELD, CANCELLED, NO_SHOW = "tentative", "confirmed", "held", "cancelled", "no_show"
BOOKING_STATES = (TENTATIVE, CONFIRMED, HELD, CANCELLED, NO_SHOW)
BLOCKING_STATES = (CONFIRMED, HELD)  # these occupy their room, mediators and parties

# Agreement
WRITTEN, ORAL = "written", "oral"
DRAFT, FINAL, SUPERSEDED = "draft", "final", "superseded"


class Mediator(Base):
    """A staff member (``user_id``) or an external volunteer mediator with their organisation."""

    __tablename__ = "mediator"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # staff / volunteer
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"), unique=True)
    # the mediator's own person record when known: refuses them as a party, and their party bookings block them
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(40), default="")  # 专职 / 兼职 / 特邀 …
    phone: Mapped[str] = mapped_column(EncryptedString(20), default="", info={"audit": "secret"})  # encrypted
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]


class Dispute(Base):
    """A 矛盾纠纷 case. ``party_names`` repeats the parties' names for substring search."""

    __tablename__ = "dispute"
    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_dispute_year_serial"),
        Index("ix_dispute_state_due_on", "state", "due_on"),
        Index("ix_dispute_registered_at", "registered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int]
    serial: Mapped[int]
    type_id: Mapped[int] = mapped_column(ForeignKey("dispute_type.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(12))
    referred_by: Mapped[str] = mapped_column(String(100), default="")  # who referred it (委托移送单位)
    ticket_id: Mapped[int | None]  # the queue ticket the visitor came with (no key: the queue is purged)
    title: Mapped[str] = mapped_column(String(100))  # 案由, one line
    facts: Mapped[str] = mapped_column(Text)
    matters: Mapped[str] = mapped_column(Text)  # the disputed matters / what the applicant asks for
    village: Mapped[str] = mapped_column(String(40), default="")
    party_names: Mapped[str] = mapped_column(String(400), default="")
    state: Mapped[str] = mapped_column(String(14))
    registered_at: Mapped[dt.datetime]
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date]  # one month from registration by default (mediation_term_months)
    closed_on: Mapped[dt.date | None]
    outcome_note: Mapped[str] = mapped_column(Text, default="")  # why it failed / was terminated / referred
    referred_to: Mapped[str | None] = mapped_column(String(10))  # court / petition / other
    referred_body: Mapped[str] = mapped_column(String(100), default="")
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id", ondelete="RESTRICT"), index=True)
    updated_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)

    parties: Mapped[list[DisputeParty]] = relationship(
        back_populates="dispute", order_by="DisputeParty.seq", cascade="all, delete-orphan")
    mediators: Mapped[list[DisputeMediator]] = relationship(
        order_by="DisputeMediator.seq", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class DisputeParty(Base):
    """A party on the applicant or respondent side: a person (``person_id``) or an organisation."""

    __tablename__ = "dispute_party"
    __table_args__ = (Index("ix_dispute_party_person", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    seq: Mapped[int]  # order within the dispute (applicants first)
    kind: Mapped[str] = mapped_column(String(12))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(100))  # the person's or the organisation's name
    org_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码
    org_legal_rep: Mapped[str] = mapped_column(String(40), default="")  # 法定代表人 / 负责人
    org_address: Mapped[str] = mapped_column(String(200), default="")
    rep_name: Mapped[str] = mapped_column(String(40), default="")  # 代理人
    rep_kind: Mapped[str] = mapped_column(String(12), default="")  # legal / agent (法定 / 委托)
    rep_phone: Mapped[str] = mapped_column(EncryptedString(20), default="", info={"audit": "secret"})  # encrypted

    dispute: Mapped[Dispute] = relationship(back_populates="parties")


class DisputeMediator(Base):
    __tablename__ = "dispute_mediator"

    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id", ondelete="RESTRICT"), primary_key=True,
                                             index=True)
    seq: Mapped[int] = mapped_column(default=0)  # 0 = lead mediator


class Booking(Base):
    """A room booked for a session of a dispute."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_room_start", "room_id", "start_at"),
        Index("ix_booking_start", "start_at"),
        Index("ix_booking_dispute", "dispute_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"))
    start_at: Mapped[dt.datetime]
    end_at: Mapped[dt.datetime]
    public: Mapped[bool] = mapped_column(default=False)  # 公开 / 不公开 mediation
    state: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    hours_override: Mapped[bool] = mapped_column(default=False)  # booked outside hours / on a day off
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)

    mediators: Mapped[list[BookingMediator]] = relationship(cascade="all, delete-orphan")
    parties: Mapped[list[BookingParty]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class BookingMediator(Base):
    __tablename__ = "booking_mediator"

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id", ondelete="RESTRICT"), primary_key=True)


class BookingParty(Base):
    __tablename__ = "booking_party"

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("dispute_party.id", ondelete="CASCADE"), primary_key=True)


class BookingClaim(Base):
    """A resource a confirmed or held booking occupies from ``start_at`` to ``end_at``.

    ``resource`` is "room:<id>", "mediator:<id>", "person:<id>" or "org:<name>". Derived from the booking
    (rewritten by the scheduling service whenever the booking changes), so it is not audited itself.
    """

    __tablename__ = "booking_claim"
    __audited__ = False
    __table_args__ = (Index("ix_booking_claim_resource_start", "resource", "start_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    resource: Mapped[str] = mapped_column(String(120))
    start_at: Mapped[dt.datetime]
    end_at: Mapped[dt.datetime]


class MediationSession(Base):
    """What happened at one session: the 调解笔录. Usually tied to a held booking; on-site sessions have none."""

    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"), unique=True)
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(100))
    mediator_names: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[str] = mapped_column(Text)  # 参加人
    recorder: Mapped[str] = mapped_column(String(40))  # 记录人
    content: Mapped[str] = mapped_column(Text)  # 笔录 body
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class Agreement(Base):
    """One version of a dispute's agreement. A draft is edited; ``final`` is frozen; correcting a final
    version makes a new draft whose finalisation marks the earlier one ``superseded`` (kept, never changed)."""

    __tablename__ = "agreement"
    __table_args__ = (UniqueConstraint("dispute_id", "version_no", name="uq_agreement_dispute_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int]
    form: Mapped[str] = mapped_column(String(8))  # written / oral
    state: Mapped[str] = mapped_column(String(10))
    parties: Mapped[list] = mapped_column(default=list)  # snapshot of the parties' basic information
    facts: Mapped[str] = mapped_column(Text, default="")
    matters: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[str] = mapped_column(Text, default="")
    oral_content: Mapped[str] = mapped_column(Text, default="")
    other_terms: Mapped[str] = mapped_column(Text, default="")  # 其他事项
    correction_reason: Mapped[str] = mapped_column(String(200), default="")
    copies: Mapped[int] = mapped_column(default=0)  # parties + 1, fixed at finalisation
    signed_on: Mapped[dt.date | None]  # the day every party and the mediator signed: it takes effect
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    finalised_at: Mapped[dt.datetime | None]
    finalised_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    terms: Mapped[list[AgreementTerm]] = relationship(order_by="AgreementTerm.seq", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class AgreementTerm(Base):
    """A numbered term: what is agreed, who performs it, how, and by when."""

    __tablename__ = "agreement_term"
    __table_args__ = (UniqueConstraint("agreement_id", "seq", name="uq_agreement_term_agreement_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    seq: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    obligor: Mapped[str] = mapped_column(String(100), default="")  # who performs (履行人)
    method: Mapped[str] = mapped_column(String(200), default="")  # how (履行方式)
    due_on: Mapped[dt.date | None]  # by when (履行期限)


class TermPerformance(Base):
    """A check of one term's performance (履行情况); the latest check per term is its state."""

    __tablename__ = "term_performance"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("agreement_term.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # performed / partly / not_performed
    on_date: Mapped[dt.date]  # when it was performed, or when it was checked
    note: Mapped[str] = mapped_column(String(400), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime]


class JudicialConfirmation(Base):
    """司法确认 of a dispute's written agreement: reminded, applied, then confirmed or rejected; or declined."""

    __tablename__ = "judicial_confirmation"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), unique=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(10))  # reminded / applied / confirmed / rejected / declined
    reminded_on: Mapped[dt.date | None]
    applied_on: Mapped[dt.date | None]
    court: Mapped[str] = mapped_column(String(100), default="")
    decided_on: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[dt.datetime]


class FollowUpVisit(Base):
    """回访: how the terms are being performed and whether the parties are satisfied."""

    __tablename__ = "mediation_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    visited_on: Mapped[dt.date]
    method: Mapped[str] = mapped_column(String(10))  # visit / phone
    visitor: Mapped[str] = mapped_column(String(40))
    visited_party: Mapped[str] = mapped_column(String(100), default="")
    performance: Mapped[str] = mapped_column(Text)
    satisfaction: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
