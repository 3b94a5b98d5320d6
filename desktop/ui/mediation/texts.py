"""Sentences for the typed failures of mediation and scheduling (desktop.services.mediation_errors) and for
the reasons of Invalid that these areas use. Both are registered in
desktop/ui/message_registry.py, ``invalid_text`` first."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.services import mediation as e
from desktop.ui.booking_conflicts import busy_lines
from desktop.ui.fields import field_name as _field
from desktop.ui.mediation_labels import fmt_date, fmt_hm, label, missing_text, weekday
from desktop.ui.message_registry import register, register_fields, register_invalid
from desktop.ui.text import translator

CTX = "MediationMessages"


_t = translator(CTX)


FIELDS = {
    "title": QT_TRANSLATE_NOOP("Fields", "Subject"),
    "facts": QT_TRANSLATE_NOOP("Fields", "Facts"),
    "matters": QT_TRANSLATE_NOOP("Fields", "Disputed matters"),
    "parties": QT_TRANSLATE_NOOP("Fields", "Parties"),
    "mediators": QT_TRANSLATE_NOOP("Fields", "Mediators"),
    "source": QT_TRANSLATE_NOOP("Fields", "Source"),
    "referred_by": QT_TRANSLATE_NOOP("Fields", "Referred by"),
    "type_id": QT_TRANSLATE_NOOP("Fields", "Dispute type"),
    "start_at": QT_TRANSLATE_NOOP("Fields", "Start"),
    "end_at": QT_TRANSLATE_NOOP("Fields", "End"),
    "room_id": QT_TRANSLATE_NOOP("Fields", "Room"),
    "cancel_reason": QT_TRANSLATE_NOOP("Fields", "Reason for cancelling"),
    "outcome": QT_TRANSLATE_NOOP("Fields", "Outcome"),
    "outcome_note": QT_TRANSLATE_NOOP("Fields", "Explanation"),
    "referred_to": QT_TRANSLATE_NOOP("Fields", "Referred to"),
    "referred_body": QT_TRANSLATE_NOOP("Fields", "Receiving body"),
    "started_at": QT_TRANSLATE_NOOP("Fields", "Start"),
    "ended_at": QT_TRANSLATE_NOOP("Fields", "End"),
    "place": QT_TRANSLATE_NOOP("Fields", "Place"),
    "attendees": QT_TRANSLATE_NOOP("Fields", "Attendees"),
    "recorder": QT_TRANSLATE_NOOP("Fields", "Recorder"),
    "content": QT_TRANSLATE_NOOP("Fields", "Record"),
    "correction_reason": QT_TRANSLATE_NOOP("Fields", "Reason for the correction"),
    "signed_on": QT_TRANSLATE_NOOP("Fields", "Signing date"),
    "on_date": QT_TRANSLATE_NOOP("Fields", "Date"),
    "applied_on": QT_TRANSLATE_NOOP("Fields", "Application date"),
    "court": QT_TRANSLATE_NOOP("Fields", "Court"),
    "visitor": QT_TRANSLATE_NOOP("Fields", "Visited by"),
    "visited_on": QT_TRANSLATE_NOOP("Fields", "Visit date"),
    "performance": QT_TRANSLATE_NOOP("Fields", "Performance"),
    "satisfaction": QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
    "duration": QT_TRANSLATE_NOOP("Fields", "Duration (minutes)"),
    "days": QT_TRANSLATE_NOOP("Fields", "Working days"),
    "user_id": QT_TRANSLATE_NOOP("Fields", "Staff account"),
    "id_number": QT_TRANSLATE_NOOP("Fields", "ID number"),
    "rep_name": QT_TRANSLATE_NOOP("Fields", "Representative"),
    "rep_phone": QT_TRANSLATE_NOOP("Fields", "Representative's phone"),
    "org_code": QT_TRANSLATE_NOOP("Fields", "Unified social credit code"),
}

ACTIONS = {
    "book": QT_TRANSLATE_NOOP("MediationMessages", "book a session for"),
    "edit": QT_TRANSLATE_NOOP("MediationMessages", "change"),
    "close": QT_TRANSLATE_NOOP("MediationMessages", "close"),
    "confirm": QT_TRANSLATE_NOOP("MediationMessages", "confirm"),
    "reschedule": QT_TRANSLATE_NOOP("MediationMessages", "move"),
    "cancel": QT_TRANSLATE_NOOP("MediationMessages", "cancel"),
    "no_show": QT_TRANSLATE_NOOP("MediationMessages", "mark as no-show"),
    "hold": QT_TRANSLATE_NOOP("MediationMessages", "record a session for"),
    "record_session": QT_TRANSLATE_NOOP("MediationMessages", "record a session for"),
    "agreement": QT_TRANSLATE_NOOP("MediationMessages", "write an agreement for"),
    "finalise": QT_TRANSLATE_NOOP("MediationMessages", "finalise"),
    "discard": QT_TRANSLATE_NOOP("MediationMessages", "discard"),
    "sign": QT_TRANSLATE_NOOP("MediationMessages", "record the signing of"),
    "print": QT_TRANSLATE_NOOP("MediationMessages", "print"),
    "performance": QT_TRANSLATE_NOOP("MediationMessages", "check the performance of"),
    "judicial": QT_TRANSLATE_NOOP("MediationMessages", "record judicial confirmation for"),
    "follow_up": QT_TRANSLATE_NOOP("MediationMessages", "record a follow-up visit for"),
}


def _conflict(f: dict) -> str:
    lines = busy_lines(f.get("conflicts", ()))
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "This time overlaps confirmed sessions:")) + "\n" + "\n".join(
        "• " + line for line in lines)


def _hours(f: dict) -> str:
    return _t(QT_TRANSLATE_NOOP(
        "MediationMessages", "The center is open from %1 to %2; a session must lie inside these hours on one day. "
                             "An administrator may book outside them.")).replace(
        "%1", fmt_hm(f["opens_at"])).replace("%2", fmt_hm(f["closes_at"]))


def _closed(f: dict) -> str:
    day = f["day"]
    text = _t(QT_TRANSLATE_NOOP("MediationMessages", "The center is closed on %1 (%2).")).replace(
        "%1", fmt_date(day)).replace("%2", f.get("note") or weekday(day))
    return text + " " + _t(QT_TRANSLATE_NOOP("MediationMessages", "An administrator may book on a day off."))


def _wrong_state(f: dict) -> str:
    from desktop.ui.mediation_labels import AGREEMENT_STATES, BOOKING_STATES, DISPUTE_STATES

    state, entity = f.get("state"), f.get("entity")
    if state == "has_bookings":
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "Case %1 still has %2 upcoming sessions booked. "
                                                         "Cancel them first.")).replace(
            "%1", str(f.get("key"))).replace("%2", str(f.get("count")))
    if state == "not_started":
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "The session has not begun yet."))
    if state == "started":
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "The session has already begun and cannot be moved."))
    if state == "recorded":
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "This session already has its record."))
    if state == "not_effective":
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "Only a signed written agreement can be confirmed "
                                                         "by a court."))
    if state in ("oral",):
        return _t(QT_TRANSLATE_NOOP("MediationMessages", "An oral agreement has no agreement document to print."))
    table = {"dispute": DISPUTE_STATES, "booking": BOOKING_STATES, "agreement": AGREEMENT_STATES}.get(entity, {})
    from desktop.ui.mediation_labels import JUDICIAL

    if entity == "judicial":
        table = JUDICIAL
    action = _t(ACTIONS.get(f.get("action"), f.get("action") or ""))
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "You cannot %1 it: it is “%2”.")).replace(
        "%1", action).replace("%2", label(table, state) if state else "")


def _incomplete(f: dict) -> str:
    items = [missing_text(code) for code in f.get("missing", ())]
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "The agreement cannot be finalised. Article 29 of the People's "
                                                     "Mediation Law requires:")) + "\n" + "\n".join(
        "• " + i for i in items)


def _unsigned(f: dict) -> str:
    names = tuple(f.get("party_names", ()))
    missing = tuple(f.get("missing", ()))
    items = []
    for code in missing:
        key, _, n = code.partition(":")
        if key == "party" and n.isdigit() and int(n) <= len(names):
            items.append(_t(QT_TRANSLATE_NOOP("MediationMessages", "party %1 (%2)")).replace("%1", n).replace(
                "%2", names[int(n) - 1]))
        elif key == "mediator":
            items.append(_t(QT_TRANSLATE_NOOP("MediationMessages", "the mediator")))
        elif key == "seal":
            items.append(_t(QT_TRANSLATE_NOOP("MediationMessages", "the committee's seal")))
    if len(missing) == len(names) + 2:  # nothing recorded yet
        return _t(QT_TRANSLATE_NOOP(
            "MediationMessages", "The agreement is not signed yet, so it cannot be finalised and the case stays open. "
                                 "A written agreement takes effect only when every party, the mediator and the "
                                 "committee's seal are on it: print it for signing, then record the signing."))
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "The agreement is not fully signed. Still missing: %1.")
              ).replace("%1", _t(QT_TRANSLATE_NOOP("MediationMessages", ", ")).join(items))


def _party_is_mediator(f: dict) -> str:
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "%1 is a party and cannot also be a mediator of this case.")
              ).replace("%1", str(f.get("name")))


MESSAGES = [
    (e.BookingConflict, _conflict),
    (e.OutsideOpeningHours, _hours),
    (e.ClosedDay, _closed),
    (e.WrongState, _wrong_state),
    (e.AgreementIncomplete, _incomplete),
    (e.AgreementUnsigned, _unsigned),
    (e.PartyIsMediator, _party_is_mediator),
]


def invalid_text(f: dict) -> str | None:
    """Sentences for the Invalid reasons of these areas; None leaves the reason to the common ones."""
    reason, field = f.get("reason"), _field(f.get("field", ""))
    texts = {
        "too_few": QT_TRANSLATE_NOOP("MediationMessages", "A dispute needs at least %2 parties."),
        "side_missing": QT_TRANSLATE_NOOP("MediationMessages", "A dispute needs an applicant and a respondent."),
        "duplicate_party": QT_TRANSLATE_NOOP("MediationMessages", "%3 is entered twice among the parties."),
        "in_use": QT_TRANSLATE_NOOP("MediationMessages", "%3 attends a booked session and cannot be removed."),
        "changed_identity": QT_TRANSLATE_NOOP("MediationMessages", "A registered party cannot become somebody else; "
                                                                   "remove it and add the other party."),
        "inactive": QT_TRANSLATE_NOOP("MediationMessages", "%3 is no longer active."),
        "before_start": QT_TRANSLATE_NOOP("MediationMessages", "The end must come after the start."),
        "too_brief": QT_TRANSLATE_NOOP("MediationMessages", "A session lasts at least %2 minutes."),
        "too_long": QT_TRANSLATE_NOOP("MediationMessages", "A session lasts at most %4 hours."),
        "other_day": QT_TRANSLATE_NOOP("MediationMessages", "A session must end on the day it starts."),
        "in_past": QT_TRANSLATE_NOOP("MediationMessages", "This time has already passed."),
        "in_future": QT_TRANSLATE_NOOP("MediationMessages", "%1 cannot lie in the future."),
        "before_agreement": QT_TRANSLATE_NOOP("MediationMessages", "%1 cannot be earlier than the agreement."),
        "window_closed": QT_TRANSLATE_NOOP("MediationMessages", "The 30-day window for judicial confirmation "
                                                                "closed on %5."),
        "duplicate": QT_TRANSLATE_NOOP("MediationMessages", "This staff member is already on the roster."),
    }
    scoped = {"too_few": "parties", "side_missing": "parties", "duplicate_party": "parties", "in_use": "parties",
              "duplicate": "user_id", "window_closed": "applied_on"}
    if reason not in texts or not str(f.get("field", "")).startswith(scoped.get(reason, "")):
        return None
    return _t(texts[reason]).replace("%1", field).replace("%2", str(f.get("minimum", ""))).replace(
        "%3", str(f.get("name", ""))).replace("%4", str(f.get("maximum", ""))).replace(
        "%5", fmt_date(f.get("last_day")) if f.get("last_day") else "")

register(MESSAGES)
register_fields(FIELDS, replace=True)
register_invalid(invalid_text, rank=1)  # ahead of the queue and the intake
