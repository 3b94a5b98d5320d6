"""Sentences for the typed failures of the queue (desktop.services.queue_errors) and for the reasons of
Invalid the queue uses. Both are registered in desktop/ui/message_registry.py."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.services import matters
from desktop.services import queue as e
from desktop.ui.message_registry import register, register_fields, register_invalid
from desktop.ui.queue import labels
from desktop.ui.text import translator

CTX = "QueueMessages"


_t = translator(CTX)


FIELDS = {
    "service_id": QT_TRANSLATE_NOOP("Fields", "Service"),
    "visitor_name": QT_TRANSLATE_NOOP("Fields", "Visitor's name"),
    "phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
    "appointment_day": QT_TRANSLATE_NOOP("Fields", "Appointment day"),
    "appointment_slot": QT_TRANSLATE_NOOP("Fields", "Appointment time"),
    "appointment": QT_TRANSLATE_NOOP("Fields", "Appointment"),
    "transfer_target": QT_TRANSLATE_NOOP("Fields", "Transfer target"),
    "position": QT_TRANSLATE_NOOP("Fields", "Place in the line"),
    "record": QT_TRANSLATE_NOOP("Fields", "Service record"),
    "case_kind": QT_TRANSLATE_NOOP("Fields", "Kind of case"),
    "rating": QT_TRANSLATE_NOOP("Fields", "Rating"),
    "answer": QT_TRANSLATE_NOOP("Fields", "Answer"),
    "queue_recall_max_calls": QT_TRANSLATE_NOOP("Fields", "Calls of one ticket at most"),
    "queue_recall_min_gap_seconds": QT_TRANSLATE_NOOP("Fields", "Seconds between two calls of a ticket"),
    "queue_issue_outside_hours": QT_TRANSLATE_NOOP("Fields", "Issue tickets outside opening hours"),
    "queue_wait_alert_minutes": QT_TRANSLATE_NOOP("Fields", "Live queue: highlight waits longer than (minutes)"),
    "queue_display_recent_calls": QT_TRANSLATE_NOOP("Fields", "Hall display: recent calls shown"),
    "queue_follow_up_working_days": QT_TRANSLATE_NOOP("Fields", "Bad-rating follow-up deadline (working days)"),
    "queue_rating_timeout_seconds": QT_TRANSLATE_NOOP("Fields", "Rating step: closes itself after (seconds)"),
}
QUEUE_FIELDS = {"service_id", "visitor_name", "phone", "appointment_day", "appointment_slot", "appointment",
                "transfer_target", "position", "record", "case_kind", "rating", "answer"}


def _hm(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _window(no) -> str:
    return _t(QT_TRANSLATE_NOOP("QueueMessages", "window %1")).replace("%1", str(no))


def invalid_text(f: dict) -> str | None:
    """The sentence for an Invalid about a queue field, or None for other areas' fields."""
    field, reason = f.get("field"), f.get("reason")
    if field not in QUEUE_FIELDS:
        return None
    if reason == "inactive":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "This service is not offered at the moment."))
    if reason == "past":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The appointment time has already passed."))
    if reason == "day_off":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The center is closed on that day."))
    if reason == "outside_hours":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The appointment time is outside opening hours."))
    if reason == "one_target":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "Choose either a service or a window to transfer to."))
    if reason == "same_window":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The ticket is already at this window."))
    if field == "rating" and reason == "not_concluded":
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The matter is still being handled: its result can be rated "
                                                     "once it is concluded."))
    if field == "appointment" and reason in ("checked_in", "cancelled"):
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "This appointment was already checked in or cancelled."))
    return None


def _outside(f: dict) -> str:
    if not f.get("workday", True):
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "The center is closed today. Tickets are issued on working days, "
                                         "%1–%2.")).replace("%1", _hm(f.get("opens_at"))).replace(
            "%2", _hm(f.get("closes_at")))
    return _t(QT_TRANSLATE_NOOP("QueueMessages", "Tickets are issued during opening hours, %1–%2.")).replace(
        "%1", _hm(f.get("opens_at"))).replace("%2", _hm(f.get("closes_at")))


def _held(f: dict) -> str:
    if f.get("window_no") is None:
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "Ticket %1 is not at this window.")).replace("%1", str(f.get("number")))
    return _t(QT_TRANSLATE_NOOP("QueueMessages", "Ticket %1 is held by %2, not by this window.")).replace(
        "%1", str(f.get("number"))).replace("%2", _window(f.get("window_no")))


def _no_show(f: dict) -> str:
    if f.get("calls_left"):
        return _t(QT_TRANSLATE_NOOP("QueueMessages", "%1 can be marked as a no-show only after every call: recall it "
                                         "(F2) %2 more time(s) first.")).replace("%1", str(f.get("number"))).replace(
            "%2", str(f.get("calls_left")))
    return _t(QT_TRANSLATE_NOOP("QueueMessages", "Give the visitor of %1 time to come: a no-show can be marked in %2 "
                                     "seconds.")).replace("%1", str(f.get("number"))).replace(
        "%2", str(f.get("wait_seconds")))


MESSAGES = [
    (e.NoWindow, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "No window is assigned to your account. Ask an "
                                                     "administrator to assign one."))),
    (e.WindowNotServing, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "Window %1 is inactive or serves no service. Ask an "
                                                             "administrator to assign its services.")).replace(
        "%1", str(f.get("window_no")))),
    (e.WindowPaused, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "Window %1 is paused. Resume it (F6) before calling.")
                                  ).replace("%1", str(f.get("window_no")))),
    (e.WindowBusy, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "%1 is still at the window. Finish it (F5), mark it as a "
                                                       "no-show (F3) or transfer it (F4) first.")).replace(
        "%1", str(f.get("number")))),
    (e.TicketHeldElsewhere, _held),
    (e.WrongTicketState, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "Ticket %1 is %2: this cannot be done now.")).replace(
        "%1", str(f.get("number"))).replace("%2", labels.label(labels.TICKET_STATES, f.get("status"))
                                            or labels.label(labels.FOLLOW_UP_STATES, f.get("status")))),
    (e.RecallLimit, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "%1 has been called %2 times, the most allowed. Mark it "
                                                        "as a no-show (F3).")).replace(
        "%1", str(f.get("number"))).replace("%2", str(f.get("max_calls")))),
    (e.RecallTooSoon, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "%1 was called a moment ago. It can be called again in "
                                                          "%2 seconds.")).replace(
        "%1", str(f.get("number"))).replace("%2", str(f.get("wait_seconds")))),
    (e.NoShowTooEarly, _no_show),
    (e.OutsideOpeningHours, _outside),
    (e.DailyNumbersExhausted, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "All numbers of service %1 are used today. "
                                                                  "Please ask at window 1.")).replace(
        "%1", str(f.get("letter")))),
    (e.AppointmentUnknown, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "No appointment today has the code %1. Please "
                                                               "check the code or ask at window 1.")).replace(
        "%1", str(f.get("code")))),
    (e.AppointmentUsed, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "This appointment is already checked in: your number "
                                                            "is %1.")).replace("%1", str(f.get("number")))),
    (e.AlreadyRated, lambda f: _t(QT_TRANSLATE_NOOP("QueueMessages", "%1 has already been rated.")).replace(
        "%1", str(f.get("number")))),
    (e.ServiceUnavailable, lambda f: (_t(QT_TRANSLATE_NOOP(
        "QueueMessages", "“%1” has no window today, so no ticket can be taken for it. Please ask at window 1."))
        if f.get("reason") == "no_window" else _t(QT_TRANSLATE_NOOP(
            "QueueMessages", "Nobody is at the window for “%1” right now, so no ticket can be taken for it. "
            "Please ask at window 1."))).replace("%1", str(f.get("name")))),
    # the kiosk's matter lookup (desktop.services.matters): one sentence for a wrong code or a wrong phone
    (matters.LookupRefused, lambda f: _t(QT_TRANSLATE_NOOP(
        "QueueMessages", "The matter number or the last 4 digits of the phone are not right. Please check them "
        "and try again."))),
    (matters.LookupLocked, lambda f: _t(QT_TRANSLATE_NOOP(
        "QueueMessages", "Too many tries. Please try again after %1 or ask at a window.")).replace(
        "%1", _hm(f.get("until")))),
]

register(MESSAGES)
register_fields(FIELDS, replace=True)  # its "case_kind" wins over the documents' whichever loads first
register_invalid(invalid_text, rank=2)  # after mediation, ahead of the intake
