"""Choosing the period of a report the way it is named: a day from a calendar, a week, a month or a year from a
list (newest first, the running one marked 「截至今天」), instead of «a day of the period»."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QWidget

from desktop.services import reports

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
YEARS_BACK = 10  # how far back the lists of weeks, months and years go


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PeriodPicker(QWidget):
    """``kind`` is day, week, month or year; ``day()`` is the first day of the chosen period (the chosen day for
    a day). ``changed`` is emitted when the choice changes."""

    changed = Signal()

    def __init__(self, today: dt.date, kind: str = DAY, day: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.kind = kind
        self.date = QDateEdit(_qdate(day or today))
        self.date.setObjectName("report_day")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(_qdate(today))
        self.date.dateChanged.connect(lambda _d: self.changed.emit())
        self.list = QComboBox()
        self.list.setObjectName("report_period")
        self.list.setMaxVisibleItems(14)
        self.list.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date)
        layout.addWidget(self.list, 1)
        self.set_kind(kind, day or today)

    # ------------------------------------------------------------------ choices
    def set_kind(self, kind: str, keep: dt.date | None = None) -> None:
        """Show the picker for ``kind``, on the period that contains ``keep`` (default: the current choice)."""
        keep = keep or self.day()
        self.kind = kind
        self.date.setVisible(kind == DAY)
        self.list.setVisible(kind != DAY)
        self.blockSignals(True)
        try:
            if kind == DAY:
                self.date.setDate(_qdate(min(keep, self.today)))
            else:
                self._fill(kind, keep)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def _fill(self, kind: str, keep: dt.date) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        oldest = dt.date(self.today.year - YEARS_BACK, 1, 1)
        period = reports.period_of(kind, self.today)
        chosen = 0
        while period.end >= oldest:
            self.list.addItem(self.period_text(period), period.start)
            if period.contains(keep):
                chosen = self.list.count() - 1
            period = period.previous()
        self.list.setCurrentIndex(chosen)
        self.list.blockSignals(False)

    def period_text(self, period) -> str:
        if period.kind == WEEK:
            iso_year, iso_week, _ = period.start.isocalendar()
            fmt = QLocale.FormatType.ShortFormat
            text = self.tr("%1, week %2 (%3 to %4)").replace("%1", str(iso_year)).replace(
                "%2", str(iso_week)).replace("%3", QLocale().toString(_qdate(period.start), fmt)).replace(
                "%4", QLocale().toString(_qdate(period.end), fmt))
        elif period.kind == MONTH:
            text = self.tr("%1-%2", "year-month").replace("%1", str(period.start.year)).replace(
                "%2", str(period.start.month))
        else:
            text = self.tr("Year %1").replace("%1", str(period.start.year))
        if period.contains(self.today):
            text = self.tr("%1 (so far)").replace("%1", text)
        return text

    def day(self) -> dt.date:
        if self.kind == DAY or self.list.count() == 0:
            d = self.date.date()
            return dt.date(d.year(), d.month(), d.day())
        return self.list.currentData()

    def text(self) -> str:
        return self.date.text() if self.kind == DAY else self.list.currentText()
