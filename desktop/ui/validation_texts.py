"""Messages of the one validation layer (desktop/validation.py, InvalidInput): the field named in words
(translation context "Validation"; a field without a label reads as "the input"), registered in
desktop/ui/message_registry.py; InvalidInput is a kind of Invalid, so it wins over the general Invalid messages."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services.errors import InvalidInput
from desktop.ui.fields import FIELDS
from desktop.ui.message_registry import register
from desktop.ui.text import translator

t = translator("Validation")


# "table.column" (as the layer names it) or a service's field name -> words
LABELS = {
    "user_account.username": QT_TRANSLATE_NOOP("Validation", "User name"),
    "user_account.full_name": QT_TRANSLATE_NOOP("Validation", "Full name"),
    "user_account.phone": QT_TRANSLATE_NOOP("Validation", "Phone"),
    "center.name": QT_TRANSLATE_NOOP("Validation", "Center name"),
    "center.address": QT_TRANSLATE_NOOP("Validation", "Address"),
    "center.phone": QT_TRANSLATE_NOOP("Validation", "Phone"),
    "room.name": QT_TRANSLATE_NOOP("Validation", "Room name"),
    "window.name": QT_TRANSLATE_NOOP("Validation", "Window name"),
    "window.description": QT_TRANSLATE_NOOP("Validation", "Window description"),
    "queue_service.name": QT_TRANSLATE_NOOP("Validation", "Service name"),
    "queue_service.description": QT_TRANSLATE_NOOP("Validation", "Service description"),
    "department.name": QT_TRANSLATE_NOOP("Validation", "Department name"),
    "department.contact": QT_TRANSLATE_NOOP("Validation", "Contact person"),
    "person.name": QT_TRANSLATE_NOOP("Validation", "Name"),
    "person.address": QT_TRANSLATE_NOOP("Validation", "Address"),
    "person.village": QT_TRANSLATE_NOOP("Validation", "Village"),
    "person.grid": QT_TRANSLATE_NOOP("Validation", "Grid"),
    "person.organisation": QT_TRANSLATE_NOOP("Validation", "Work unit"),
    "person.phone": QT_TRANSLATE_NOOP("Validation", "Phone"),
    "person.id_number": QT_TRANSLATE_NOOP("Validation", "ID number"),
    "petition.content": QT_TRANSLATE_NOOP("Validation", "Petition content"),
    "petition.requests": QT_TRANSLATE_NOOP("Validation", "Requests"),
    "petition.petitioner_names": QT_TRANSLATE_NOOP("Validation", "Petitioners' names (together)"),
    "dispute.title": QT_TRANSLATE_NOOP("Validation", "Dispute title"),
    "dispute.facts": QT_TRANSLATE_NOOP("Validation", "Facts of the dispute"),
    "dispute.matters": QT_TRANSLATE_NOOP("Validation", "Matters in dispute"),
    "dispute.party_names": QT_TRANSLATE_NOOP("Validation", "Parties' names (together)"),
    "dispute.referred_by": QT_TRANSLATE_NOOP("Validation", "Referred by"),
    "dispute_party.name": QT_TRANSLATE_NOOP("Validation", "Party name"),
    "dispute_party.org_address": QT_TRANSLATE_NOOP("Validation", "Address of the organisation"),
    "dispute_party.rep_name": QT_TRANSLATE_NOOP("Validation", "Representative"),
    "booking.note": QT_TRANSLATE_NOOP("Validation", "Booking note"),
    "start_at": QT_TRANSLATE_NOOP("Validation", "Start time"),
    "end_at": QT_TRANSLATE_NOOP("Validation", "End time"),
    "appointment_day": QT_TRANSLATE_NOOP("Validation", "Appointment day"),
    "appointment_slot": QT_TRANSLATE_NOOP("Validation", "Appointment time"),
    "visitor_name": QT_TRANSLATE_NOOP("Validation", "Visitor's name"),
    "queue_appointment.visitor_name": QT_TRANSLATE_NOOP("Validation", "Visitor's name"),
    "phone": QT_TRANSLATE_NOOP("Validation", "Phone"),
    "name": QT_TRANSLATE_NOOP("Validation", "Name"),
    "setting.value": QT_TRANSLATE_NOOP("Validation", "Setting"),
}
GENERIC = QT_TRANSLATE_NOOP("Validation", "The input")


def field_label(field: str) -> str:
    """Words for a field: its own label, else a label the areas registered (desktop/ui/fields.FIELDS,
    by the column's name too), else "the input" (never an English code)."""
    if field in LABELS:
        return t(LABELS[field])
    column = field.rpartition(".")[2]
    for key in (field, column):
        if key in FIELDS:
            return QCoreApplication.translate("Fields", FIELDS[key])
    return t(GENERIC)


def invalid_input_text(f: dict) -> str:
    field, reason = field_label(str(f.get("field", ""))), f.get("reason")
    if reason == "too_long":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 is too long: at most %2 characters.")).replace("%2", str(f.get("limit")))
    elif reason == "nul":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 contains an invisible control character; remove it and try again."))
    elif reason == "surrogate":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 contains a broken character (such as half of an emoji); retype it."))
    elif reason == "year":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 must lie in the years %2 to %3.")).replace(
            "%2", str(f.get("minimum"))).replace("%3", str(f.get("maximum")))
    elif reason == "too_far_ahead":
        text = t(QT_TRANSLATE_NOOP("Validation", "A booking can be made at most %2 days ahead.")).replace(
            "%2", str(f.get("limit")))
    elif reason == "range":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 must be between %2 and %3.")).replace(
            "%2", str(f.get("minimum"))).replace("%3", str(f.get("maximum")))
    elif reason == "type" and f.get("expected") in ("date", "datetime", "time"):
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 must be a valid date or time."))
    elif reason == "type" and f.get("expected") == "int":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 must be a whole number."))
    elif reason == "type" and f.get("expected") == "bool":
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 must be yes or no."))
    else:
        text = t(QT_TRANSLATE_NOOP("Validation", "%1 cannot be saved as given."))
    return text.replace("%1", field)


MESSAGES: list = [(InvalidInput, invalid_input_text)]

register(MESSAGES)
