"""The frozen records (DTOs) the dispute, session and today services return, and the field limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.models.mediation import (
    APPLICANT,
    OPEN_STATES,
    PERSON,
    RESPONDENT,
)
from desktop.services.mediation.schedule_records import BookingInfo
from desktop.services.people import (
    PersonInput,
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
