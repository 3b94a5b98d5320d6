"""The month view of the working-day calendar: a QCalendarWidget that paints each day in the colour of its
working-day status (public holiday 休, make-up working day 班, weekend) with its note, and the colours and
date helpers the calendar screen shares with it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QHeaderView, QTableView

from desktop.services.admin import calendar as calendar_service

HOLIDAY_BG = "#fde0dc"     # a weekday off: public holiday
MAKEUP_BG = "#fff0c2"      # a weekend day worked: 调休
WEEKEND_BG = "#f2f4f7"
HOLIDAY_FG = "#c62828"
MAKEUP_FG = "#9a6700"


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _kind(rule) -> str:
    """holiday / makeup / weekend / workday."""
    weekend = rule.day.weekday() >= 5
    if rule.is_workday:
        return "makeup" if weekend else "workday"
    return "weekend" if weekend and not rule.note else "holiday"


class WorkCalendarWidget(QCalendarWidget):
    """A QCalendarWidget that paints each day with its working-day status and note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules: dict[dt.date, calendar_service.DayRule] = {}
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setMinimumSize(560, 420)
        # The day-name row would get as much height as a week row; keep it a thin header instead.
        view = self.findChild(QTableView, "qt_calendar_calendarview")
        if view is not None:
            header = view.verticalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(0, 30)

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:  # noqa: N802 (Qt override)
        day = _date(qdate)
        rule = self.rules.get(day) or calendar_service.DayRule(day, day.weekday() < 5, "")
        kind = _kind(rule)
        in_month = qdate.month() == self.monthShown()
        painter.save()
        cell = rect.adjusted(1, 1, -1, -1)
        background = {"holiday": HOLIDAY_BG, "makeup": MAKEUP_BG, "weekend": WEEKEND_BG}.get(kind, "#ffffff")
        painter.fillRect(cell, QColor(background))
        painter.setPen(QPen(QColor("#e1e4e8"), 1))
        painter.drawRect(cell.adjusted(0, 0, -1, -1))
        if qdate == self.selectedDate():
            painter.setPen(QPen(self.palette().highlight().color(), 3))
            painter.drawRect(cell.adjusted(1, 1, -2, -2))
        colour = QColor({"holiday": HOLIDAY_FG, "weekend": HOLIDAY_FG, "makeup": MAKEUP_FG}.get(kind, "#202020"))
        if not in_month:
            colour.setAlpha(90)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        painter.setFont(font)
        painter.setPen(colour)
        top = cell.adjusted(6, 3, -6, 0)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day))
        badge = {"holiday": "休", "makeup": "班"}.get(kind)
        if badge:
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, badge)
        if rule.note:
            small = QFont(self.font())
            small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
            painter.setFont(small)
            note = painter.fontMetrics().elidedText(rule.note, Qt.TextElideMode.ElideRight, cell.width() - 6)
            painter.drawText(cell.adjusted(3, 0, -3, -3), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             note)
        painter.restore()
