"""Words of the window matter screens (the light form, handovers, a person's history): the failure sentences of
the matter register's Invalid reasons and its field words, registered in desktop/ui/message_registry.py when
the clerk panel loads; the kinds and states of a matter in words."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.ui.message_registry import register_fields, register_invalid
from desktop.ui.text import labeller, translator

CTX = "MatterMessages"
_t = translator(CTX)
label = labeller(translator("MatterLabels"))

FIELDS = {
    "summary": QT_TRANSLATE_NOOP("Fields", "Summary of the matter"),
    "outcome": QT_TRANSLATE_NOOP("Fields", "Outcome"),
    "service": QT_TRANSLATE_NOOP("Fields", "Service"),
    "reason": QT_TRANSLATE_NOOP("Fields", "Reason"),
    "person.name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "person.id_number": QT_TRANSLATE_NOOP("Fields", "ID number"),
    "person.phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
}

KINDS = {
    "window": QT_TRANSLATE_NOOP("MatterLabels", "Window matter"),
    "petition": QT_TRANSLATE_NOOP("MatterLabels", "Petition"),
    "dispute": QT_TRANSLATE_NOOP("MatterLabels", "Dispute"),
    "work_order": QT_TRANSLATE_NOOP("MatterLabels", "Work order"),
}
STATES = {
    "open": QT_TRANSLATE_NOOP("MatterLabels", "In progress"),
    "closed": QT_TRANSLATE_NOOP("MatterLabels", "Concluded"),
}
TO_KINDS = {
    "window": QT_TRANSLATE_NOOP("MatterLabels", "A window"),
    "department": QT_TRANSLATE_NOOP("MatterLabels", "A department"),
    "mediator": QT_TRANSLATE_NOOP("MatterLabels", "A mediator"),
}


def invalid_text(f: dict) -> str | None:
    """The sentence for an Invalid about a matter or a handover, or None for other fields."""
    field, reason, value = f.get("field"), f.get("reason"), str(f.get("value", ""))
    if field == "matter" and reason == "closed":
        return _t(QT_TRANSLATE_NOOP("MatterMessages", "Matter %1 is already concluded.")).replace("%1", value)
    if field == "matter" and reason == "handover_pending":
        return _t(QT_TRANSLATE_NOOP("MatterMessages", "Matter %1 is already handed over and waits to be received.")).replace(
            "%1", value)
    if field == "handover" and reason == "acknowledged":
        return _t(QT_TRANSLATE_NOOP("MatterMessages", "This handover has already been received."))
    if field == "handover" and reason == "not_receiver":
        return _t(QT_TRANSLATE_NOOP("MatterMessages", "Only %1 can receive this matter.")).replace("%1", value)
    if field == "service" and reason == "unknown":
        return _t(QT_TRANSLATE_NOOP("MatterMessages", "Choose the service of the matter."))
    return None


register_fields(FIELDS, replace=False)
register_invalid(invalid_text, rank=1)
