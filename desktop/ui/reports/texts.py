"""Sentences for the typed failures of the reports service (desktop.services.reports) and the names of its
fields; desktop/ui/messages.py appends them."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services import reports

CTX = "ReportMessages"


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


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


def _not_writable(f: dict) -> str:
    return _t(QT_TRANSLATE_NOOP("ReportMessages", "The report cannot be saved as %1 (%2). Choose another folder "
                                                  "or file name.")).replace("%1", str(f.get("path"))).replace(
        "%2", str(f.get("detail")))


MESSAGES = [
    (reports.PeriodInFuture, _future),
    (reports.OutputNotWritable, _not_writable),
    (reports.ReportCancelled, lambda f: _t(QT_TRANSLATE_NOOP("ReportMessages",
                                                             "The report was cancelled; no file was written."))),
]
