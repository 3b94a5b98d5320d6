"""The Reports area (director and supervisor): today's queue live, the key figures of a period against the
previous one, four charts (waits by hour, visitors per window, case inflow and closure, overdue matters by
department), and the standard reports. Clicking a figure, a bar or a point lists the records behind it.

Everything is read in background tasks (QThreadPool): the window never freezes, a newer refresh replaces an
older one still running, and a running period refreshes itself every minute while the area is shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue, reports
from desktop.services.permissions import Permission, can
from desktop.ui.messages import describe
from desktop.ui.reports.dashboard_charts import DashboardCharts
from desktop.ui.reports.figure_table import figure_table, tool_button
from desktop.ui.reports.generate import GenerateDialog
from desktop.ui.reports.labels import label
from desktop.ui.reports.live_panel import build_live, show_live
from desktop.ui.reports.period_steps import KINDS, REPORT_FOR, shifted, to_date, to_qdate
from desktop.ui.reports.records import RecordsDialog
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner

REFRESH_MS = 60_000
LIVE_MS = 15_000
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportsArea(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.data: reports.Dashboard | None = None
        self.live: queue.LiveQueue | None = None
        self.show_live = can(ctx.actor.role, Permission.VIEW_LIVE_QUEUE)
        self.locale = QLocale()
        self._build()
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._timed_refresh)
        self.refresh_timer.start()
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_MS)
        self.live_timer.timeout.connect(self._timed_live)
        if self.show_live:
            self.live_timer.start()
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        bar = self._build_bar()
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.empty_note = QLabel(self.tr("No tickets, petitions or disputes in this period."))
        self.empty_note.setObjectName("empty_note")
        self.empty_note.setStyleSheet("color: #8a5a00;")
        self.empty_note.setVisible(False)
        build_live(self)
        self._build_kpis()
        charts = DashboardCharts()
        charts.clicked.connect(self._chart_clicked)
        self.waits_chart, self.windows_chart = charts.waits_chart, charts.windows_chart
        self.flow_chart, self.overdue_chart = charts.flow_chart, charts.overdue_chart
        self.charts = charts
        self._lay_out(bar, charts)

    def _build_bar(self) -> QHBoxLayout:
        today = self.ctx.clock.today()
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for key, text in zip(KINDS, (self.tr("Day"), self.tr("Week"), self.tr("Month"), self.tr("Year"),
                                     self.tr("Custom")), strict=True):
            self.kind.addItem(text, key)
        self.kind.setToolTip(self.tr("The period the figures cover"))
        self.day = QDateEdit(to_qdate(today))
        self.day.setObjectName("period_day")
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(to_qdate(today))
        self.end = QDateEdit(to_qdate(today))
        self.end.setObjectName("period_end")
        self.end.setCalendarPopup(True)
        self.end.setMaximumDate(to_qdate(today))
        self.end.setVisible(False)
        self.to_label = QLabel(self.tr("to"))
        self.to_label.setVisible(False)
        self.prev_button = tool_button("◀", self.tr("Previous period (Alt+Left)"), "Alt+Left", lambda: self.step(-1))
        self.next_button = tool_button("▶", self.tr("Next period (Alt+Right)"), "Alt+Right", lambda: self.step(1))
        self.today_button = QPushButton(self.tr("&Today"))
        self.today_button.setToolTip(self.tr("Back to the period that contains today (Alt+Home)"))
        self.today_button.setShortcut(QKeySequence("Alt+Home"))
        self.today_button.clicked.connect(self.go_today)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.setToolTip(self.tr("Read the figures again (F5)"))
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.clicked.connect(self.refresh)
        self.generate_button = QPushButton(self.tr("&Generate report…"))
        self.generate_button.setObjectName("generate")
        self.generate_button.setToolTip(self.tr("Daily brief, weekly bulletin, monthly or yearly report as PDF or "
                                                "Excel (Ctrl+G)"))
        self.generate_button.setShortcut(QKeySequence("Ctrl+G"))
        self.generate_button.clicked.connect(self.open_generate)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(70)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("status")
        bar = QHBoxLayout()
        for w in (self.kind, self.prev_button, self.day, self.to_label, self.end, self.next_button,
                  self.today_button, self.refresh_button):
            bar.addWidget(w)
        bar.addWidget(self.busy)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.generate_button)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.day.dateChanged.connect(self._period_changed)
        self.end.dateChanged.connect(self._period_changed)
        return bar

    def _build_kpis(self) -> None:
        # key figures
        self.kpi_box = QGroupBox(self.tr("This period and the previous one"))
        self.kpi_model = PagedTableModel([
            Column(self.tr("Area"), lambda i: label(self._kpis().frame["area"].iloc[i])),
            Column(self.tr("Figure"), lambda i: label(self._kpis().frame["label"].iloc[i]),
                   tooltip=lambda i: self.tr("Click a number to list the records behind it")),
            Column(self.tr("This period"), lambda i: self._kpis().text(i, "current"), align=RIGHT),
            Column(self.tr("Previous"), lambda i: self._kpis().text(i, "previous"), align=RIGHT),
            Column(self.tr("Change"), lambda i: self._kpis().text(i, "change"), align=RIGHT,
                   foreground=self._change_colour),
        ], lambda *_a: [], parent=self)
        self.kpi_view = figure_table(self.kpi_model, "kpi_table")
        self.kpi_view.clicked.connect(self._kpi_clicked)
        self.kpi_view.activated.connect(self._kpi_clicked)
        header = self.kpi_view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i, w in ((0, 60), (2, 84), (3, 84), (4, 58)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
            self.kpi_view.setColumnWidth(i, w)
        kpi_layout = QVBoxLayout(self.kpi_box)
        kpi_layout.setContentsMargins(6, 4, 6, 6)
        kpi_layout.addWidget(self.kpi_view)

    def _lay_out(self, bar: QHBoxLayout, charts: QWidget) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.live_box, 2)
        left_layout.addWidget(self.kpi_box, 3)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(charts)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([470, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.empty_note)
        head.addStretch(1)
        layout.addLayout(head)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------ the period
    def period(self) -> tuple[str, dt.date, dt.date | None]:
        kind = self.kind.currentData()
        return kind, to_date(self.day.date()), to_date(self.end.date()) if kind == "custom" else None

    def _date_format(self) -> None:
        """A month is shown as a month (2026年12月) and a year as a year: the date field picks the period."""
        kind = self.kind.currentData()
        short = self.locale.dateFormat(QLocale.FormatType.ShortFormat)
        self.day.setDisplayFormat({"month": self.tr("yyyy-MM", "display format of a month"),
                                   "year": self.tr("yyyy", "display format of a year")}.get(kind, short))
        self.day.setToolTip({"week": self.tr("Any day of the week (Monday to Sunday)")}.get(kind, ""))

    def _kind_changed(self, *_args) -> None:
        self._date_format()
        custom = self.kind.currentData() == "custom"
        self.end.setVisible(custom)
        self.to_label.setVisible(custom)
        if custom and self.end.date() < self.day.date():
            self.end.setDate(self.day.date())
        self.refresh()

    def _period_changed(self, *_args) -> None:
        self.refresh()

    def step(self, n: int) -> None:
        kind, day, end = self.period()
        new_day, new_end = shifted(kind, day, end or day, n)
        today = self.ctx.clock.today()
        if new_day > today:
            return
        for edit, value in ((self.day, new_day), (self.end, min(new_end, today))):
            edit.blockSignals(True)
            edit.setDate(to_qdate(value))
            edit.blockSignals(False)
        self.refresh()

    def go_today(self) -> None:
        today = self.ctx.clock.today()
        self.day.blockSignals(True)
        self.day.setDate(to_qdate(today))
        self.day.blockSignals(False)
        self.refresh()

    # ------------------------------------------------------------------ reading in the background
    def refresh(self) -> None:
        kind, day, end = self.period()
        ctx = self.ctx
        today = ctx.clock.today()
        for edit in (self.day, self.end):
            edit.setMaximumDate(to_qdate(today))
        task = Task(lambda progress, cancelled: reports.dashboard(ctx.uow(read_only=True), kind=kind, day=day,
                                                                  end=end, cancelled=cancelled),
                    cancel_error=reports.ReportCancelled)
        task.signals.finished.connect(self.show_dashboard)
        task.signals.failed.connect(self._failed)
        self.busy.setVisible(True)
        self.status.setText(self.tr("Refreshing…"))
        self.status.setStyleSheet("")
        self.runner.start("dashboard", task)
        self.refresh_live()

    def refresh_live(self) -> None:
        if not self.show_live:
            return
        ctx = self.ctx
        task = Task(lambda: queue.live_queue(ctx.uow(read_only=True)), plain=True)
        task.signals.finished.connect(self.show_live_queue)
        task.signals.failed.connect(self._live_failed)
        self.runner.start("live", task)

    def _timed_refresh(self) -> None:
        if self.isVisible() and self.data is not None and self.data.period.running \
                and not self.runner.is_running("dashboard"):
            self.refresh()

    def _timed_live(self) -> None:
        if self.isVisible() and not self.runner.is_running("live"):
            self.refresh_live()

    def _failed(self, exc) -> None:
        self.busy.setVisible(False)
        self.status.setText(describe(exc))
        self.status.setStyleSheet("color: #b00020")

    def _live_failed(self, exc) -> None:
        self.live_summary.setText(describe(exc))

    # ------------------------------------------------------------------ showing
    def _kpis(self) -> reports.FigureFrame:
        return self.data.kpis

    def _change_colour(self, i: int) -> str | None:
        key = self._kpis().frame["key"].iloc[i]
        change = self._kpis().frame["change"].iloc[i]
        if change is None or key not in ("petitions.summary:overdue", "satisfaction.summary:bad",
                                         "satisfaction.summary:follow_up_open", "queue.summary:wait_avg_min",
                                         "queue.summary:wait_p90_min", "queue.summary:no_show_rate"):
            return None
        return "#b00020" if change > 0 else "#1b7f3b" if change < 0 else None

    def _period_text(self, p: reports.PeriodInfo, start: dt.date, end: dt.date) -> str:
        fmt = QLocale.FormatType.ShortFormat
        if start == end:
            return self.locale.toString(to_qdate(start), QLocale.FormatType.LongFormat)
        return self.tr("%1 to %2").replace("%1", self.locale.toString(to_qdate(start), fmt)).replace(
            "%2", self.locale.toString(to_qdate(end), fmt))

    def show_dashboard(self, data: reports.Dashboard) -> None:
        """A finished refresh; the result of one that a newer refresh replaced is dropped."""
        current = self.runner.running.get("dashboard")
        sender = self.sender()
        if current is not None and sender is not None and sender is not current.signals:
            return
        self.busy.setVisible(False)
        self.data = data
        p = data.period
        previous = self._period_text(p, p.previous_start, p.previous_end)
        if p.previous_as_of < dt.datetime.combine(p.previous_end + dt.timedelta(days=1), dt.time()):
            if p.kind == "day":
                previous = self.tr("%1 until %2").replace("%1", previous).replace(
                    "%2", p.previous_as_of.strftime("%H:%M"))
            else:
                previous = self.tr("%1, same span up to %2").replace("%1", previous).replace(
                    "%2", self.locale.toString(to_qdate(p.previous_as_of.date()), QLocale.FormatType.ShortFormat)
                    + p.previous_as_of.strftime(" %H:%M"))
        now = self.tr("%1 (previous: %2)").replace("%1", self._period_text(p, p.start, p.end)).replace(
            "%2", previous)
        if p.running:
            now += "  " + self.tr("as of %1").replace("%1", data.period.as_of.strftime("%H:%M"))
        self.heading.setText(now)
        self.empty_note.setVisible(data.empty)
        self.status.setText(self.tr("Updated at %1").replace("%1", self.ctx.clock.now().strftime("%H:%M:%S")))
        self.status.setStyleSheet("color: #666")
        self.kpi_model.set_rows(list(range(len(data.kpis.frame))))
        today = self.ctx.clock.today()
        self.next_button.setEnabled(p.end < today)
        self.charts.draw(data)

    def show_live_queue(self, live: queue.LiveQueue) -> None:
        show_live(self, live)

    # ------------------------------------------------------------------ the records behind a figure
    def _kpi_clicked(self, index) -> None:
        if self.data is None or index.column() not in (2, 3):
            return
        i = index.row()
        column = "current" if index.column() == 2 else "previous"
        frame = self.data.kpis.frame
        which = self.tr("this period") if column == "current" else self.tr("previous period")
        title = f"{label(frame['label'].iloc[i])} — {which}"
        self.open_records(self.data.kpis, frame["key"].iloc[i], column, title)

    def _chart_clicked(self, which: str, row: int, key: str) -> None:
        if self.data is None:
            return
        figure = {"waits_by_hour": self.data.waits_by_hour, "windows": self.data.windows,
                  "flow": self.data.flow, "overdue": self.data.overdue}[which]
        if row >= len(figure.frame):
            return
        row_value = figure.frame[figure.row_key].iloc[row]
        if hasattr(row_value, "item"):
            row_value = row_value.item()
        column_label = next((c.label for c in figure.columns if c.key == key), key)
        title = f"{label(figure.title)} — {row_value} — {label(column_label)}"
        self.open_records(figure, row_value, key, title)

    def open_records(self, figure: reports.FigureFrame, row, column: str, title: str) -> RecordsDialog:
        p = figure.period
        ctx = self.ctx
        dialog = RecordsDialog(title, self._period_text(p, p.start, p.end), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.load(lambda: reports.figure_records(ctx.uow(read_only=True), key=figure.key, kind=p.kind,
                                                   day=p.start, end=p.end if p.kind == "custom" else None,
                                                   row=row, column=column))
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ standard reports
    def open_generate(self) -> GenerateDialog:
        kind, day, _end = self.period()
        dialog = GenerateDialog(self.ctx, day, REPORT_FOR[kind], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def closeEvent(self, event) -> None:  # noqa: N802
        self.runner.cancel_all()
        super().closeEvent(event)

