"""Sentences for the typed failures of the reports service (desktop.services.reports) and the names of its
fields, registered in desktop/ui/message_registry.py."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.ui.message_registry import register, register_fields
from desktop.ui.text import translator

CTX = "ReportMessages"


_t = translator(CTX)


FIELDS = {
    "period": QT_TRANSLATE_NOOP("Fields", "Period"),
    "format": QT_TRANSLATE_NOOP("Fields", "File format"),
    "report_kind": QT_TRANSLATE_NOOP("Fields", "Report"),
    "figure": QT_TRANSLATE_NOOP("Fields", "Figure"),
}


def _future(f: dict) -> str:
    return _t(QT_TRANSLATE_NOOP("ReportMessages", "The period starts on %1, after today (%2): there is nothing to "
                                                  "report yet.")).replace("%1", str(f.get("start"))).replace(
        "%2", str(f.get("today")))


WRITE_REASONS = {
    "is_directory": QT_TRANSLATE_NOOP("ReportMessages", "a folder of that name is there"),
    "no_directory": QT_TRANSLATE_NOOP("ReportMessages", "its folder does not exist"),
    "read_only": QT_TRANSLATE_NOOP("ReportMessages", "a read-only file of that name is there"),
    "no_permission": QT_TRANSLATE_NOOP("ReportMessages", "you may not write in that folder"),
    "disk_full": QT_TRANSLATE_NOOP("ReportMessages", "the disk is full"),
    "read_only_disk": QT_TRANSLATE_NOOP("ReportMessages", "the disk is read-only"),
    "name_too_long": QT_TRANSLATE_NOOP("ReportMessages", "the name is too long"),
    "system": QT_TRANSLATE_NOOP("ReportMessages", "the system refused to write it"),
}


def _not_writable(f: dict) -> str:
    reason = _t(WRITE_REASONS.get(f.get("reason"), WRITE_REASONS["system"]))
    if WRITE_REASONS.get(f.get("reason")) in (None, WRITE_REASONS["system"]) and f.get("errno"):
        reason = _t(QT_TRANSLATE_NOOP("ReportMessages", "the system refused to write it (error %1)")).replace(
            "%1", str(f["errno"]))
    return _t(QT_TRANSLATE_NOOP("ReportMessages", "The report cannot be saved as %1: %2. Choose another folder "
                                                  "or file name.")).replace("%1", str(f.get("path"))).replace(
        "%2", reason)


MESSAGES = [
    ("desktop.services.reports.PeriodInFuture", _future),
    ("desktop.services.reports.OutputNotWritable", _not_writable),
    ("desktop.services.reports.ReportCancelled", lambda f: _t(QT_TRANSLATE_NOOP("ReportMessages",
                                                             "The report was cancelled; no file was written."))),
]

register(MESSAGES)
register_fields(FIELDS, replace=True)
