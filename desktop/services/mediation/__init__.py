"""Mediation: disputes and their parties, mediators, sessions, the mediator's day, closing, agreements and
what follows them, room scheduling with its slot finder, and the documents (人民调解). Other packages use
only what this module names; the modules whose names start with an underscore are private to the package."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from desktop.models.mediation import CONFIRMED, FAILED, REFERRED, TERMINATED
from desktop.services.mediation._resources import (
    check_party_not_mediator,
    org_key,
    pairs,
    same_person,
)
from desktop.services.mediation.aftercare import (
    JUDICIAL_STATES,
    PERFORMANCE_STATES,
    SATISFACTION,
    VISIT_METHODS,
    AfterAgreement,
    FollowUpInfo,
    JudicialInfo,
    JudicialReminder,
    after_agreement,
    due_terms,
    follow_ups_due,
    judicial_reminder_items,
    judicial_reminders,
    record_follow_up,
    record_judicial,
    record_performance,
)
from desktop.services.mediation.agreements import (
    AgreementInfo,
    AgreementParty,
    PerformanceInfo,
    TermInfo,
    TermInput,
    current_agreement,
    discard_draft,
    draft_agreement,
    get_agreement,
    list_agreements,
    missing_items,
    save_agreement,
    signature_codes,
)
from desktop.services.mediation.booking_changes import (
    cancel_booking,
    cancel_on_closing,
    confirm_booking,
    mark_held,
    mark_no_show,
    remaining_booking_rows,
    reschedule_booking,
)
from desktop.services.mediation.bookings import (
    book_room,
    booking_infos,
    check_booking,
    dispute_bookings,
    get_booking,
    list_bookings,
)
from desktop.services.mediation.closing import (
    close_dispute,
    remaining_sessions,
)
from desktop.services.mediation.dispute_lists import (
    SORT_KEYS,
    count_disputes,
    list_disputes,
)
from desktop.services.mediation.disputes import (
    add_months,
    dispute_clock,
    find_dispute,
    get_dispute,
    register_dispute,
    registration_form,
    update_dispute,
)
from desktop.services.mediation.errors import (
    AgreementIncomplete,
    AgreementUnsigned,
    BookingConflict,
    ClosedDay,
    OutsideOpeningHours,
    PartyIsMediator,
    WrongState,
)
from desktop.services.mediation.hours import (
    hours_problem,
    opening_hours,
)
from desktop.services.mediation.mediators import (
    list_mediators,
    my_mediator_id,
    save_mediator,
)
from desktop.services.mediation.parties import (
    mediators_of,
    refresh_party_names,
)
from desktop.services.mediation.records import (
    MEDIATOR_KINDS,
    ORG_NAME_MAX,
    REP_KINDS,
    TITLE_MAX,
    DisputeDetail,
    DisputeFilter,
    DisputeRow,
    MediatorInfo,
    PartyInfo,
    PartyInput,
    RegistrationForm,
    SessionInfo,
    TodayItem,
    TodayView,
)
from desktop.services.mediation.schedule_records import (
    MAX_BOOKING,
    MIN_BOOKING,
    SLOT_STEP,
    BookingCheck,
    BookingInfo,
    Busy,
    DoorEntry,
    RoomDaySchedule,
    SlotOption,
    whole_minutes,
)
from desktop.services.mediation.sessions import (
    get_session,
    record_session,
    update_session,
)
from desktop.services.mediation.signing import (
    finalise_agreement,
    record_signing,
)
from desktop.services.mediation.slots import (
    find_slots,
    room_day_schedule,
)
from desktop.services.mediation.today import (
    mediator_today,
)

if TYPE_CHECKING:  # loaded on first use: see __getattr__ below
    from desktop.services.mediation.documents import (
        FILE_WORDS,
        REP_WORDS,
        SATISFACTION_WORDS,
        SIDE_WORDS,
        SOURCE_WORDS,
        SPEAKER,
        VISIT_WORDS,
        AgreementPrint,
        agreement_document,
        agreement_pdf,
        agreement_print,
        committee_name,
        file_stem,
        follow_up_document,
        follow_up_pdf,
        record_document,
        registration_document,
        registration_pdf,
        room_schedule_pdf,
        session_record_pdf,
        utterances,
    )

__all__ = [
    "AfterAgreement",
    "AgreementIncomplete",
    "AgreementInfo",
    "AgreementParty",
    "AgreementPrint",
    "AgreementUnsigned",
    "BookingCheck",
    "BookingConflict",
    "BookingInfo",
    "Busy",
    "CONFIRMED",
    "ClosedDay",
    "DisputeDetail",
    "DisputeFilter",
    "DisputeRow",
    "DoorEntry",
    "FAILED",
    "FILE_WORDS",
    "FollowUpInfo",
    "JUDICIAL_STATES",
    "JudicialInfo",
    "JudicialReminder",
    "MAX_BOOKING",
    "MEDIATOR_KINDS",
    "MIN_BOOKING",
    "MediatorInfo",
    "ORG_NAME_MAX",
    "OutsideOpeningHours",
    "PERFORMANCE_STATES",
    "PartyInfo",
    "PartyInput",
    "PartyIsMediator",
    "PerformanceInfo",
    "REFERRED",
    "REP_KINDS",
    "REP_WORDS",
    "RegistrationForm",
    "RoomDaySchedule",
    "SATISFACTION",
    "SATISFACTION_WORDS",
    "SIDE_WORDS",
    "SLOT_STEP",
    "SORT_KEYS",
    "SOURCE_WORDS",
    "SPEAKER",
    "SessionInfo",
    "SlotOption",
    "TERMINATED",
    "TITLE_MAX",
    "TermInfo",
    "TermInput",
    "TodayItem",
    "TodayView",
    "VISIT_METHODS",
    "VISIT_WORDS",
    "WrongState",
    "add_months",
    "after_agreement",
    "agreement_document",
    "agreement_pdf",
    "agreement_print",
    "book_room",
    "booking_infos",
    "cancel_booking",
    "cancel_on_closing",
    "check_booking",
    "check_party_not_mediator",
    "close_dispute",
    "committee_name",
    "confirm_booking",
    "count_disputes",
    "current_agreement",
    "discard_draft",
    "dispute_bookings",
    "dispute_clock",
    "draft_agreement",
    "due_terms",
    "file_stem",
    "finalise_agreement",
    "find_dispute",
    "find_slots",
    "follow_up_document",
    "follow_up_pdf",
    "follow_ups_due",
    "get_agreement",
    "get_booking",
    "get_dispute",
    "get_session",
    "hours_problem",
    "judicial_reminder_items",
    "judicial_reminders",
    "list_agreements",
    "list_bookings",
    "list_disputes",
    "list_mediators",
    "mark_held",
    "mark_no_show",
    "mediator_today",
    "mediators_of",
    "missing_items",
    "my_mediator_id",
    "opening_hours",
    "org_key",
    "pairs",
    "record_document",
    "record_follow_up",
    "record_judicial",
    "record_performance",
    "record_session",
    "record_signing",
    "refresh_party_names",
    "register_dispute",
    "registration_document",
    "registration_form",
    "registration_pdf",
    "remaining_booking_rows",
    "remaining_sessions",
    "reschedule_booking",
    "room_day_schedule",
    "room_schedule_pdf",
    "same_person",
    "save_agreement",
    "save_mediator",
    "session_record_pdf",
    "signature_codes",
    "update_dispute",
    "update_session",
    "utterances",
    "whole_minutes",
]


# The documents need reportlab: the sign-in window does not wait for it. They load when one of their
# names is first used (tests/ui/test_startup_imports.py).
_ON_FIRST_USE = ("documents",)


def __getattr__(name: str):
    if name in __all__:
        for module in _ON_FIRST_USE:
            value = getattr(importlib.import_module(f"{__name__}.{module}"), name, _MISSING)
            if value is not _MISSING:
                globals()[name] = value
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_MISSING = object()
