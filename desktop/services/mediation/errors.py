"""Typed failures of mediation and room scheduling. They carry facts; desktop/ui/messages.py words them."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class BookingConflict(ServiceError):
    """The time overlaps confirmed bookings of the same room, mediator or party.
    facts: start, end, conflicts (a tuple of schedule_records.Busy: who or what is busy, for which case, when)."""


class OutsideOpeningHours(ServiceError):
    """The booking does not lie inside the center's opening hours of one day.
    facts: day, start, end, opens_at, closes_at."""


class ClosedDay(ServiceError):
    """The day is a weekend or public holiday. facts: day, note (the holiday's name, "" for a weekend)."""


class WrongState(ServiceError):
    """The record is not in a state that allows this action.
    facts: entity ("dispute", "booking", "agreement"), key, state, action."""


class PartyIsMediator(ServiceError):
    """The same person would be a party and a mediator of the dispute or session. facts: name."""


class AgreementIncomplete(ServiceError):
    """The agreement lacks an item 《人民调解法》第二十九条 requires. facts: missing, a tuple of codes:
    "parties", "facts", "matters", "responsibilities", "terms", "oral_content"; per party
    "party_id_number:<n>", "party_representative:<n>", "party_address:<n>"; per term "term_content:<n>",
    "term_method:<n>", "term_deadline:<n>"."""


class AgreementUnsigned(ServiceError):
    """A written agreement takes effect, and closes the case, only once every party has signed (sealed or
    fingerprinted) it, the mediator has signed it and the committee has sealed it (《人民调解法》第二十九条).
    facts: missing, a tuple of what is not yet recorded: "party:<n>" (the n-th party of the agreement),
    "mediator", "seal"; party_names, the agreement's parties in order."""
