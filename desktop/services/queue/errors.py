"""Typed failures of the visitor queue. They carry facts; desktop/ui/messages.py words them."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class NoWindow(ServiceError):
    """The signed-in user has no window assigned. facts: username."""


class WindowNotServing(ServiceError):
    """The window is inactive or serves no service (unassigned). facts: window_no."""


class WindowPaused(ServiceError):
    """Calling at a paused window. facts: window_no."""


class WindowBusy(ServiceError):
    """The window still holds a ticket; finish, mark no-show or transfer it first. facts: window_no, number."""


class TicketHeldElsewhere(ServiceError):
    """The ticket is held by (or was served at) another window. facts: number, window_no (the other one,
    None when no window holds it)."""


class WrongTicketState(ServiceError):
    """The ticket is not in a state that allows this. facts: number, status."""


class RecallLimit(ServiceError):
    """The ticket was already called the maximum number of times. facts: number, max_calls."""


class RecallTooSoon(ServiceError):
    """Less than the minimum gap since the last call. facts: number, wait_seconds."""


class NoShowTooEarly(ServiceError):
    """A no-show needs every call to have been made and the gap after the last one to have passed.
    facts: number, calls_left, wait_seconds."""


class OutsideOpeningHours(ServiceError):
    """Issuing a ticket outside opening hours or on a day off. facts: opens_at, closes_at, workday."""


class HallClosed(OutsideOpeningHours):
    """Ordinary tickets on a day off (a public holiday or a weekend; setting hall_open_on_days_off opens a
    staffed holiday). facts: as OutsideOpeningHours (workday False), and day, kind (holiday / weekend), note
    (the holiday's name, e.g. 春节), next_open (the next day the hall opens)."""


class DailyNumbersExhausted(ServiceError):
    """All 999 numbers of the service are used today. facts: letter."""


class AppointmentUnknown(ServiceError):
    """No booked appointment with this code today. facts: code."""


class AppointmentUsed(ServiceError):
    """The appointment has already been checked in. facts: code, number."""


class AlreadyRated(ServiceError):
    """The visitor already rated this service. facts: number, rating."""


class ServiceUnavailable(ServiceError):
    """The kiosk issues no ticket for a service nobody would call: no active window serves it
    (reason no_window) or nobody is signed in at one (no_staff). facts: service_id, letter, name, reason."""
