"""The working-day calendar's «Several days at once» box: a first and a last day, whether they become days off
(a whole holiday) or make-up working days, and their note. Its texts keep the translation context of the
calendar screen ("CalendarScreen")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

from desktop.ui.admin.calendar_month import _qdate
from desktop.ui.text import translator

_t = translator("CalendarScreen")


def build_range_box(screen, today: dt.date) -> QGroupBox:
    """The box; its fields are kept on ``screen`` (range_first, range_last, range_off, range_work, range_note,
    range_button) and its button saves through ``screen.save_range``."""
    screen.range_first = QDateEdit()
    screen.range_first.setObjectName("range_first")
    screen.range_last = QDateEdit()
    screen.range_last.setObjectName("range_last")
    for edit in (screen.range_first, screen.range_last):
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd ddd")
        edit.setDate(_qdate(today))
    screen.range_first.dateChanged.connect(
        lambda d: screen.range_last.setDate(d) if screen.range_last.date() < d else None)
    screen.range_off = QRadioButton(_t(QT_TRANSLATE_NOOP("CalendarScreen", "Days o&ff (holiday)")))
    screen.range_off.setObjectName("range_off")
    screen.range_work = QRadioButton(_t(QT_TRANSLATE_NOOP("CalendarScreen", "Make-up wor&king days (调休)")))
    screen.range_work.setObjectName("range_work")
    screen.range_off.setChecked(True)
    range_group = QButtonGroup(screen)
    range_group.addButton(screen.range_off)
    range_group.addButton(screen.range_work)
    screen.range_note = QLineEdit()
    screen.range_note.setObjectName("range_note")
    screen.range_note.setMaxLength(60)
    screen.range_note.setPlaceholderText(_t(QT_TRANSLATE_NOOP("CalendarScreen", "e.g. 春节")))
    screen.range_button = QPushButton(_t(QT_TRANSLATE_NOOP("CalendarScreen", "Save the da&ys")))
    screen.range_button.setObjectName("save_range")
    screen.range_button.setToolTip(_t(QT_TRANSLATE_NOOP(
        "CalendarScreen", "Every day from the first to the last becomes a day off (or a working day), with the note")))
    screen.range_button.clicked.connect(screen.save_range)
    return _lay_out(screen)


def _lay_out(screen) -> QGroupBox:
    range_box = QGroupBox(_t(QT_TRANSLATE_NOOP("CalendarScreen", "Several days at once")))
    range_form = QFormLayout(range_box)
    dates = QHBoxLayout()
    dates.addWidget(screen.range_first)
    dates.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("CalendarScreen", "to"))))
    dates.addWidget(screen.range_last)
    dates.addStretch(1)
    range_form.addRow(_t(QT_TRANSLATE_NOOP("CalendarScreen", "From:")), dates)
    kind = QHBoxLayout()
    kind.addWidget(screen.range_off)
    kind.addWidget(screen.range_work)
    kind.addStretch(1)
    range_form.addRow(_t(QT_TRANSLATE_NOOP("CalendarScreen", "These days are:")), kind)
    note_row = QHBoxLayout()
    note_row.addWidget(screen.range_note, 1)
    note_row.addWidget(screen.range_button)
    range_form.addRow(_t(QT_TRANSLATE_NOOP("CalendarScreen", "Note:")), note_row)
    return range_box
