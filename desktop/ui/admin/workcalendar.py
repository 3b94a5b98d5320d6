"""The working-day calendar: a month view with public holidays (休) and make-up working days (调休, 班)
in colour with their notes; whether the year shown is official (and from which source) or provisional; a day
or a range of days (a whole holiday, with its note) can be switched between working day and day off; the
State Council's notice and the official holidays a newer release knows can be imported. Every change
recomputes the open deadlines counted over it and lists them (also later, under "Deadline changes")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import calendar as calendar_service
from desktop.ui import ops
from desktop.ui.admin.calendar_import import NoticeImportDialog
from desktop.ui.admin.calendar_month import (
    HOLIDAY_BG,
    HOLIDAY_FG,
    MAKEUP_BG,
    MAKEUP_FG,
    WEEKEND_BG,
    WorkCalendarWidget,
    _date,
    _kind,
    _qdate,
)
from desktop.ui.admin.calendar_range import build_range_box
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.calendar_texts import join_sentences, source_text
from desktop.ui.deadline_changes import DeadlineChangesDialog
from desktop.ui.messages import describe
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.widgets import table_view


class CalendarScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.clock.now().date()
        self._build_calendar(today)
        day_box = self._build_day_box()
        self._build_exceptions()
        year_box = self._build_year_box()
        range_box = build_range_box(self, today)
        self._lay_out(day_box, year_box, range_box)

    def _build_calendar(self, today: dt.date) -> None:
        self.calendar = WorkCalendarWidget()
        self.calendar.setObjectName("calendar")
        self.calendar.setSelectedDate(_qdate(today))
        self.calendar.currentPageChanged.connect(lambda *_: self.load_month())
        self.calendar.selectionChanged.connect(self.show_day)

        self.primary = self.calendar  # takes the focus when the tab opens

    def _build_day_box(self) -> QGroupBox:
        # --- the selected day
        self.day_title = QLabel()
        self.day_title.setObjectName("day_title")
        font = QFont(self.day_title.font())
        font.setPointSizeF(font.pointSizeF() + 3)
        font.setBold(True)
        self.day_title.setFont(font)
        self.day_status = QLabel()
        self.day_status.setObjectName("day_status")
        self.day_status.setWordWrap(True)
        self.workday = QRadioButton(self.tr("&Working day"))
        self.workday.setObjectName("workday")
        self.day_off = QRadioButton(self.tr("&Day off"))
        self.day_off.setObjectName("day_off")
        group = QButtonGroup(self)
        group.addButton(self.workday)
        group.addButton(self.day_off)
        choice = QHBoxLayout()
        choice.addWidget(self.workday)
        choice.addWidget(self.day_off)
        choice.addStretch(1)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(60)
        self.note.setPlaceholderText(self.tr("e.g. 春节, 调休上班（春节）"))
        self.save_button = QPushButton(self.tr("&Save day"))
        self.save_button.setToolTip(with_shortcut(self.tr("Save this day"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save_day)
        self.reset_button = QPushButton(self.tr("&Restore default"))
        self.reset_button.setToolTip(self.tr("Monday to Friday are working days, weekends are days off"))
        self.reset_button.clicked.connect(self.restore_default)
        self.day_message = QLabel()
        self.day_message.setObjectName("day_message")
        self.day_message.setWordWrap(True)
        day_box = QGroupBox(self.tr("Selected day"))
        day_form = QFormLayout(day_box)
        day_form.addRow(self.day_title)
        day_form.addRow(self.day_status)
        day_form.addRow(self.tr("This day is a:"), choice)
        day_form.addRow(self.tr("&Note:"), self.note)
        day_buttons = QHBoxLayout()
        day_buttons.addWidget(self.save_button)
        day_buttons.addWidget(self.reset_button)
        day_buttons.addStretch(1)
        day_form.addRow(day_buttons)
        day_form.addRow(self.day_message)
        make_action(self, "Ctrl+S", self.save_day)
        return day_box

    def _build_exceptions(self) -> None:
        # --- the month's exceptions
        self.exceptions = PagedTableModel(
            [Column(self.tr("Date"), lambda r: QLocale().toString(_qdate(r.day), "yyyy-MM-dd ddd")),
             Column(self.tr("Status"), lambda r: self.tr("Working day") if r.is_workday else self.tr("Day off"),
                    background=lambda r: MAKEUP_BG if r.is_workday else HOLIDAY_BG),
             Column(self.tr("Note"), lambda r: r.note)],
            self._fetch_exceptions, parent=self)
        self.exception_view = table_view(self.exceptions)
        self.exception_view.setColumnWidth(0, 120)
        self.exception_view.setColumnWidth(1, 90)
        self.exception_view.clicked.connect(
            lambda index: self.calendar.setSelectedDate(_qdate(self.exceptions.row_at(index.row()).day)))

    def _build_year_box(self) -> QGroupBox:
        # --- the year: official or provisional, and the imports that make it official
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("coverage")
        self.coverage_label.setWordWrap(True)
        self.notice_button = QPushButton(self.tr("Import the State Council no&tice…"))
        self.notice_button.setObjectName("import_notice")
        self.notice_button.setToolTip(with_shortcut(self.tr(
            "Paste or open 《国务院办公厅关于YYYY年部分节假日安排的通知》: its holidays and make-up working days "
            "make the year official"), "Ctrl+I"))
        self.notice_button.clicked.connect(self.open_import)
        self.import_button = QPushButton(self.tr("&Import official holidays"))
        self.import_button.setToolTip(self.tr(
            "Add the State Council's holidays and make-up working days this version of OneStop knows; "
            "days already in the calendar are left as they are"))
        self.import_button.clicked.connect(self.import_official)
        self.confirm_button = QPushButton(self.tr("&Mark the year official…"))
        self.confirm_button.setObjectName("confirm_year")
        self.confirm_button.setToolTip(self.tr("You entered this year's holidays by hand from the published "
                                               "notice: declare the year official"))
        self.confirm_button.clicked.connect(self.confirm_year)
        self.changes_button = QPushButton(self.tr("Deadline &changes…"))
        self.changes_button.setObjectName("deadline_changes_button")
        self.changes_button.setToolTip(self.tr("The deadlines the calendar has moved: case, deadline, old and "
                                               "new date"))
        self.changes_button.clicked.connect(self.show_changes)
        year_box = QGroupBox(self.tr("The year's holidays"))
        year_layout = QVBoxLayout(year_box)
        year_layout.addWidget(self.coverage_label)
        year_buttons = QHBoxLayout()
        for b in (self.notice_button, self.import_button, self.confirm_button, self.changes_button):
            year_buttons.addWidget(b)
        year_buttons.addStretch(1)
        year_layout.addLayout(year_buttons)
        make_action(self, "Ctrl+I", self.open_import)
        return year_box

    def _lay_out(self, day_box: QGroupBox, year_box: QGroupBox, range_box: QGroupBox) -> None:
        legend = QLabel(
            f'<span style="background:{HOLIDAY_BG}; color:{HOLIDAY_FG}">&nbsp;休&nbsp;</span> '
            + self.tr("public holiday") + "&nbsp;&nbsp; "
            f'<span style="background:{MAKEUP_BG}; color:{MAKEUP_FG}">&nbsp;班&nbsp;</span> '
            + self.tr("make-up working day (调休)") + "&nbsp;&nbsp; "
            f'<span style="background:{WEEKEND_BG}; color:{HOLIDAY_FG}">&nbsp;6&nbsp;</span> '
            + self.tr("weekend"))
        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(legend)
        right = QVBoxLayout()
        right.addWidget(year_box)
        right.addWidget(day_box)
        right.addWidget(range_box)
        self.month_title = QLabel()
        right.addWidget(self.month_title)
        right.addWidget(self.exception_view, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    # --- loading
    def refresh(self) -> None:
        self.load_month()

    def load_month(self) -> None:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        rules = {}
        for offset in (-1, 0, 1):  # the grid shows the ends of the neighbouring months too
            y, m = year + (month + offset - 1) // 12, (month + offset - 1) % 12 + 1
            for rule in calendar_service.month_days(self.ctx.uow(read_only=True), year=y, month=m):
                rules[rule.day] = rule
        self.calendar.rules = rules
        self.calendar.updateCells()
        month_name = QLocale().toString(QDate(year, month, 1), self.tr("MMMM yyyy", "date format of a month"))
        self.month_title.setText("<b>" + self.tr("Holidays and make-up days in %1").replace("%1", month_name)
                                 + "</b>")
        self.exceptions.reload()
        self.show_coverage()
        self.show_day()

    def show_coverage(self) -> None:
        year = self.calendar.yearShown()
        status = {c.year: c for c in calendar_service.calendar_status(self.ctx.uow(read_only=True), through=year)}
        c = status.get(year)
        if c is None:  # a year before the calendar's first official year
            self.coverage_label.setText(self.tr("%1: before OneStop's calendar.").replace("%1", str(year)))
            self.coverage_label.setStyleSheet("")
            return
        self.coverage_label.setText("<b>" + str(year) + "</b>：" + source_text(c))
        self.coverage_label.setStyleSheet("" if c.official else "color: #9a3412")
        self.confirm_button.setText(self.tr("&Mark %1 official…").replace("%1", str(year)))
        self.confirm_button.setEnabled(not c.official)

    def _fetch_exceptions(self, offset, limit, _key, _descending):
        if offset:
            return []
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        return [r for r in self.calendar.rules.values() if (r.day.year, r.day.month) == (year, month)
                and _kind(r) in ("holiday", "makeup")]

    def selected_rule(self):
        day = _date(self.calendar.selectedDate())
        return self.calendar.rules.get(day) or calendar_service.DayRule(day, day.weekday() < 5, "")

    def show_day(self) -> None:
        rule = self.selected_rule()
        qdate = _qdate(rule.day)
        self.day_title.setText(QLocale().toString(qdate, QLocale.FormatType.LongFormat))
        kind = _kind(rule)
        status = {
            "workday": self.tr("An ordinary working day."),
            "weekend": self.tr("Weekend: a day off."),
            "holiday": self.tr("A day off (holiday)."),
            "makeup": self.tr("A make-up working day on a weekend (调休)."),
        }[kind]
        if not rule.is_workday and rule.day.weekday() < 5 and not rule.note:
            status = self.tr("A day off.")
        self.day_status.setText(status + (" " + rule.note if rule.note else ""))
        (self.workday if rule.is_workday else self.day_off).setChecked(True)
        self.note.setText(rule.note)
        self.day_message.clear()

    # --- changing
    def save_day(self) -> bool:
        day = _date(self.calendar.selectedDate())
        return self._set(day, self.workday.isChecked(), self.note.text().strip())

    def restore_default(self) -> bool:
        day = _date(self.calendar.selectedDate())
        return self._set(day, day.weekday() < 5, "")

    def _set(self, day: dt.date, is_workday: bool, note: str) -> bool:
        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.set_day(uow, day=day, is_workday=is_workday, note=note),
                          failure=self._failed, area="calendar")
        if not outcome.ok:
            return False
        result = outcome.value
        self.load_month()
        self.day_message.setStyleSheet(OK_STYLE)
        text = self.tr("Saved: %1 is a working day.") if is_workday else self.tr("Saved: %1 is a day off.")
        self.day_message.setText(join_sentences(text.replace("%1", QLocale().toString(_qdate(day), "yyyy-MM-dd ddd")),
                                                self._moved(result)))
        self._changed(result)
        return True

    def save_range(self) -> bool:
        first, last = _date(self.range_first.date()), _date(self.range_last.date())
        is_workday = self.range_work.isChecked()

        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.set_days(uow, first=first, last=last, is_workday=is_workday,
                                                                                note=self.range_note.text().strip()),
                          failure=self._failed, area="calendar")
        if not outcome.ok:
            return False
        result = outcome.value
        self.calendar.setSelectedDate(_qdate(first))
        self.load_month()
        self.day_message.setStyleSheet(OK_STYLE)
        text = self.tr("Saved: %1 to %2 are working days (%3 days changed).") if is_workday else \
            self.tr("Saved: %1 to %2 are days off (%3 days changed).")
        self.day_message.setText(join_sentences(text.replace(
            "%1", QLocale().toString(_qdate(first), "yyyy-MM-dd ddd")).replace(
            "%2", QLocale().toString(_qdate(last), "yyyy-MM-dd ddd")).replace("%3", str(result.days_changed)),
            self._moved(result)))
        self._changed(result)
        return True

    def _failed(self, exc: Exception) -> None:
        self.day_message.setStyleSheet(ERROR_STYLE)
        self.day_message.setText(describe(exc))

    def _moved(self, result) -> str:
        n = len(result.deadline_changes)
        return self.tr("%1 open deadlines were recomputed.").replace("%1", str(n)) if n else ""

    def _changed(self, result) -> None:
        """List the deadlines that moved (the banner heard of the change from desktop.ui.ops)."""
        if result.deadline_changes:
            self.changes_dialog = DeadlineChangesDialog(self.ctx, result.deadline_changes, self)
            self.changes_dialog.open()

    # --- the year
    def open_import(self) -> NoticeImportDialog:
        self.import_dialog = NoticeImportDialog(self.ctx, self)
        self.import_dialog.imported.connect(self._notice_imported)
        self.import_dialog.open()
        return self.import_dialog

    def _notice_imported(self, result) -> None:
        year = result.years_official[0]
        if self.calendar.yearShown() != year:
            self.calendar.setCurrentPage(year, self.calendar.monthShown())
        self.load_month()
        self.day_message.setStyleSheet(OK_STYLE)
        self.day_message.setText(join_sentences(self.tr(
            "The %1 calendar is official: %2 days saved from the State Council's notice.").replace(
            "%1", str(year)).replace("%2", str(result.days_changed)), self._moved(result)))
        self.changes_dialog = DeadlineChangesDialog(self.ctx, result.deadline_changes, self)
        self.changes_dialog.open()

    def confirm_year(self) -> bool:
        year = self.calendar.yearShown()
        answer = QMessageBox.question(self, self.tr("Mark %1 official").replace("%1", str(year)), self.tr(
            "Have you entered every holiday and make-up working day of %1 from the State Council's notice? "
            "Deadlines are then no longer shown as provisional.").replace("%1", str(year)))
        if answer != QMessageBox.StandardButton.Yes:
            return False

        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.confirm_year(uow, year=year, note=self.tr("entered by hand")),
                          failure=self._failed, area="calendar")
        if not outcome.ok:
            return False
        self.load_month()
        return True

    def show_changes(self) -> DeadlineChangesDialog:
        self.changes_dialog = DeadlineChangesDialog(self.ctx, None, self)
        self.changes_dialog.open()
        return self.changes_dialog

    def import_official(self) -> int | None:
        since = self.ctx.clock.now().year - 1

        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.import_official(uow, since_year=since),
                          failure=self._failed, area="calendar")
        if not outcome.ok:
            return None
        result = outcome.value
        known = max(calendar_service.package_years())
        self.load_month()
        self.day_message.setStyleSheet(OK_STYLE)
        self.day_message.setText(self.tr(
            "%1 days added from the official calendar. It is known up to %2; import the State Council's notice "
            "for later years once it is published.").replace("%1", str(result.days_changed)).replace(
            "%2", str(known)))
        if result.deadline_changes:
            self.day_message.setText(join_sentences(self.day_message.text(), self._moved(result)))
        self._changed(result)
        return result.days_changed
