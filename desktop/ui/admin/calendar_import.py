"""Importing the State Council's holiday notice (《国务院办公厅关于YYYY年部分节假日安排的通知》): the
administrator pastes its text or opens a saved .txt/.html/.pdf; OneStop reads every holiday's days off and
make-up working days and shows the year as a calendar, with the days that change against the stored calendar
outlined, the holidays as a table and how many open deadlines would move. Saving makes the year official and
recomputes the deadlines in one transaction; text OneStop cannot read is refused with its line marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QLocale, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import calendar as calendar_service
from desktop.ui import ops
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.calendar_texts import source_text
from desktop.ui.messages import describe

HOLIDAY_BG = "#fde0dc"
MAKEUP_BG = "#fff0c2"
WEEKEND_BG = "#f2f4f7"
HOLIDAY_FG = "#c62828"
MAKEUP_FG = "#9a6700"
CHANGED = "#1a56c4"


class YearView(QWidget):
    """Twelve small months of one year: days off of the notice in red (休), make-up working days in amber
    (班), weekends grey; a blue frame around each day that differs from the stored calendar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year = 0
        self.kinds: dict[dt.date, str] = {}  # holiday / makeup
        self.changed: set[dt.date] = set()
        self.setMinimumSize(QSize(640, 400))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_year(self, year: int, kinds: dict[dt.date, str], changed: set[dt.date]) -> None:
        self.year, self.kinds, self.changed = year, kinds, changed
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        if not self.year:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        cols, rows = 4, 3
        w, h = self.width() / cols, self.height() / rows
        locale = QLocale()
        base = QFont(self.font())
        for m in range(12):
            x, y = (m % cols) * w, (m // cols) * h
            self._month(painter, QRect(int(x) + 4, int(y) + 2, int(w) - 8, int(h) - 4), m + 1, locale, base)
        painter.end()

    def _month(self, painter: QPainter, box: QRect, month: int, locale: QLocale, base: QFont) -> None:
        title_h = 20
        cell_w = box.width() / 7
        cell_h = (box.height() - title_h * 2) / 6
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#202020"))
        painter.drawText(QRect(box.left(), box.top(), box.width(), title_h), Qt.AlignmentFlag.AlignCenter,
                         locale.monthName(month, QLocale.FormatType.LongFormat))
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1.5))
        painter.setFont(small)
        for i in range(7):
            painter.setPen(QColor(HOLIDAY_FG if i >= 5 else "#606060"))
            painter.drawText(QRect(int(box.left() + i * cell_w), box.top() + title_h, int(cell_w), title_h),
                             Qt.AlignmentFlag.AlignCenter, locale.dayName(i + 1, QLocale.FormatType.NarrowFormat))
        first = dt.date(self.year, month, 1)
        day, row = first, 0
        painter.setFont(base)
        while day.month == month:
            col = day.weekday()
            cell = QRect(int(box.left() + col * cell_w) + 1, int(box.top() + title_h * 2 + row * cell_h) + 1,
                         int(cell_w) - 2, int(cell_h) - 2)
            kind = self.kinds.get(day) or ("weekend" if col >= 5 else "workday")
            background = {"holiday": HOLIDAY_BG, "makeup": MAKEUP_BG, "weekend": WEEKEND_BG}.get(kind)
            if background:
                painter.fillRect(cell, QColor(background))
            painter.setPen(QColor({"holiday": HOLIDAY_FG, "makeup": MAKEUP_FG, "weekend": HOLIDAY_FG}.get(kind,
                                                                                                          "#202020")))
            text = str(day.day) + {"holiday": "休", "makeup": "班"}.get(kind, "")
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
            if day in self.changed:
                painter.setPen(QPen(QColor(CHANGED), 2))
                painter.drawRect(cell.adjusted(1, 1, -1, -1))
            if col == 6:
                row += 1
            day += dt.timedelta(days=1)


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _span(days: tuple[dt.date, ...]) -> str:
    if not days:
        return ""
    if len(days) == 1:
        return _md(days[0])
    return f"{_md(days[0])}–{_md(days[-1])}"


class NoticeImportDialog(QDialog):
    imported = Signal(object)  # the CalendarUpdate

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview: calendar_service.NoticePreview | None = None
        self.result: calendar_service.CalendarUpdate | None = None
        self.setObjectName("notice_import")
        self.setWindowTitle(self.tr("Import the State Council's holiday notice"))
        self.resize(1280, 720)
        intro = self._build_input()
        preview = self._build_preview()
        split = self._build_split(preview)
        self._lay_out(intro, split)

    def _build_input(self) -> QLabel:
        intro = QLabel(self.tr(
            "Paste the text of 《国务院办公厅关于YYYY年部分节假日安排的通知》 from the government website, or open a "
            "saved copy (.txt, .html or .pdf). OneStop reads every holiday's days off and make-up working days and "
            "shows them before anything is saved."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("notice_text")
        self.text.setPlaceholderText("国务院办公厅关于2027年部分节假日安排的通知\n……\n一、元旦：……\n二、春节：……")
        self.text.textChanged.connect(self._text_changed)
        self.open_button = QPushButton(self.tr("&Open file…"))
        self.open_button.setToolTip(with_shortcut(self.tr("Open a saved notice (.txt, .html, .pdf)"), "Ctrl+O"))
        self.open_button.clicked.connect(self.open_file)
        self.read_button = QPushButton(self.tr("&Read the notice"))
        self.read_button.setObjectName("read_notice")
        self.read_button.setToolTip(with_shortcut(self.tr("Read the text and show the year"), "Ctrl+Return"))
        self.read_button.clicked.connect(self.read_notice)
        self.file_label = QLabel()
        self.file_label.setObjectName("notice_file")
        self.message = QLabel()
        self.message.setObjectName("notice_message")
        self.message.setWordWrap(True)
        return intro

    def _build_preview(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setObjectName("preview_heading")
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.heading.setFont(font)
        self.year_view = YearView()
        self.year_view.setObjectName("year_view")
        self.holidays = QTableWidget(0, 3)
        self.holidays.setObjectName("notice_holidays")
        self.holidays.setHorizontalHeaderLabels([self.tr("Holiday"), self.tr("Days off"),
                                                 self.tr("Make-up working days")])
        self.holidays.verticalHeader().setVisible(False)
        self.holidays.verticalHeader().setDefaultSectionSize(24)
        self.holidays.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holidays.horizontalHeader().setStretchLastSection(True)
        self.holidays.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.holidays.setMaximumHeight(232)  # the seven holidays of a notice without scrolling
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        legend = QLabel(
            f'<span style="background:{HOLIDAY_BG}; color:{HOLIDAY_FG}">&nbsp;休&nbsp;</span> '
            + self.tr("day off") + "&nbsp;&nbsp; "
            f'<span style="background:{MAKEUP_BG}; color:{MAKEUP_FG}">&nbsp;班&nbsp;</span> '
            + self.tr("make-up working day") + "&nbsp;&nbsp; "
            f'<span style="border:2px solid {CHANGED}; color:{CHANGED}">&nbsp;□&nbsp;</span> '
            + self.tr("differs from the stored calendar"))
        preview = QWidget()
        right = QVBoxLayout(preview)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.year_view, 1)
        right.addWidget(legend)
        bottom = QHBoxLayout()
        bottom.addWidget(self.holidays, 3)
        bottom.addWidget(self.summary, 2)
        right.addLayout(bottom)
        return preview

    def _build_split(self, preview: QWidget) -> QSplitter:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.file_label)
        left_layout.addWidget(self.text, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(preview)
        split.setStretchFactor(1, 1)
        split.setSizes([400, 880])
        return split

    def _lay_out(self, intro: QLabel, split: QSplitter) -> None:
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("save_notice")
        self.save_button.setEnabled(False)
        self.save_button.setToolTip(with_shortcut(self.tr("Save the days and make the year official"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        make_action(self, "Ctrl+O", self.open_file)
        make_action(self, ["Ctrl+Return", "Ctrl+Enter"], self.read_notice)
        make_action(self, "Ctrl+S", self.save)
        self._clear_preview()

    # ------------------------------------------------------------ input
    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a saved notice"), str(Path.home()),
                                              self.tr("Notices (*.txt *.html *.htm *.pdf)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> bool:
        outcome = ops.run(self, None, lambda: calendar_service.read_notice_file(path),
                          failure=lambda exc: self._error(describe(exc)))
        if not outcome.ok:
            return False
        text = outcome.value
        self.text.setPlainText(text)
        self.file_label.setText(Path(path).name)
        return self.read_notice()

    def _text_changed(self) -> None:
        if self.preview is not None:
            self._clear_preview()
        self.text.setExtraSelections([])

    # ------------------------------------------------------------ preview
    def _clear_preview(self) -> None:
        self.preview = None
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("&Save"))
        self.heading.setText(self.tr("Read the notice to see its year here."))
        self.year_view.show_year(0, {}, set())
        self.holidays.setRowCount(0)
        self.summary.clear()

    def read_notice(self) -> bool:
        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.preview_notice(uow, text=self.text.toPlainText()),
                          failure=self._not_read, read_only=True)
        if not outcome.ok:
            return False
        self._show(outcome.value)
        return True

    def _not_read(self, exc: Exception) -> None:
        self._clear_preview()
        if isinstance(exc, calendar_service.NoticeNotUnderstood):
            self._mark_line(int(exc.facts.get("line_no") or 0))
        self._error(describe(exc))

    def _mark_line(self, line_no: int) -> None:
        if line_no <= 0:
            return
        block = self.text.document().findBlockByNumber(line_no - 1)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(QColor("#fbd5d5"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.text.setExtraSelections([selection])
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _show(self, p: calendar_service.NoticePreview) -> None:
        self.preview = p
        kinds = {}
        for h in p.holidays:
            kinds.update({d: "holiday" for d in h.days_off})
            kinds.update({d: "makeup" for d in h.workdays})
        changed = {c.day for c in p.changes}
        self.year_view.show_year(p.year, kinds, changed)
        now = source_text(p.coverage)
        self.heading.setText(self.tr("%1: %2 → official (State Council notice)").replace("%1", str(p.year)).replace(
            "%2", now) if not p.coverage.official else self.tr("%1: now %2; saving replaces it with this notice")
            .replace("%1", str(p.year)).replace("%2", now))
        self.holidays.setRowCount(len(p.holidays))
        for r, h in enumerate(p.holidays):
            values = [h.name, self.tr("%1 (%2 days)").replace("%1", _span(h.days_off)).replace(
                "%2", str(len(h.days_off))), "、".join(_md(d) for d in h.workdays) or "—"]
            for c, value in enumerate(values):
                self.holidays.setItem(r, c, QTableWidgetItem(value))
        self.holidays.resizeColumnToContents(0)
        off = sum(1 for c in p.changes if c.kind == "day_off")
        work = sum(1 for c in p.changes if c.kind == "workday")
        notes = sum(1 for c in p.changes if c.kind == "note")
        lines = [self.tr("Against the stored calendar: %1 days become days off, %2 become working days, %3 get "
                         "a new note; %4 are already so.").replace("%1", str(off)).replace("%2", str(work)).replace(
            "%3", str(notes)).replace("%4", str(len(p.days) - len(p.changes)))]
        if p.kept:
            lines.append(self.tr("Kept as they are (not in the notice): %1").replace(
                "%1", "、".join(f"{_md(r.day)} {r.note}".strip() for r in p.kept)))
        n = len(p.deadline_changes)
        lines.append(self.tr("Saving recomputes %1 open deadlines; the director gets the list.").replace("%1", str(n))
                     if n else self.tr("No open deadline depends on these days."))
        self.summary.setText("\n".join(lines))
        self.save_button.setEnabled(True)
        self.save_button.setText(self.tr("&Save the %1 calendar").replace("%1", str(p.year)))
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("Read %1 holidays. Check the year, then save.").replace(
            "%1", str(len(p.holidays))))

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    # ------------------------------------------------------------ saving
    def save(self) -> bool:
        if self.preview is None:
            return False
        outcome = ops.run(self, self.ctx, lambda uow: calendar_service.import_notice(uow, text=self.text.toPlainText()),
                          failure=lambda exc: self._error(describe(exc)), area="calendar")
        if not outcome.ok:
            return False
        result = outcome.value
        self.result = result
        self.accept()
        self.imported.emit(result)  # the calendar screen reloads and shows the deadlines that moved
        return True
