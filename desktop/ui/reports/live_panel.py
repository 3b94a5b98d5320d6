"""The Reports area's «Today live» box (for those who may watch the queue): every service's waiting line right
now, a wait longer than the hall's alert limit in red, and a summary of the waits and the windows. Its texts
keep the translation context of the area ("ReportsArea")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QVBoxLayout

from desktop.services import queue
from desktop.ui.reports.figure_table import figure_table
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.text import translator

_t = translator("ReportsArea")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALERT = "#b00020"


def long_wait(live: queue.LiveQueue | None, s) -> bool:
    return live is not None and s.longest_wait_seconds is not None and \
        s.longest_wait_seconds > live.alert_minutes * 60


def build_live(area) -> None:
    """The box on ``area``: live_box, live_summary, live_model and live_view (the table)."""
    area.live_box = QGroupBox(_t(QT_TRANSLATE_NOOP("ReportsArea", "Today live")))
    area.live_box.setObjectName("live")
    area.live_summary = QLabel()
    area.live_summary.setObjectName("live_summary")
    area.live_summary.setWordWrap(True)

    def alert(s):
        return ALERT if long_wait(area.live, s) else None

    area.live_model = PagedTableModel([
        Column(_t(QT_TRANSLATE_NOOP("ReportsArea", "Service")), lambda s: f"{s.letter} {s.name}"),
        Column(_t(QT_TRANSLATE_NOOP("ReportsArea", "Waiting")), lambda s: s.waiting, align=RIGHT, foreground=alert),
        Column(_t(QT_TRANSLATE_NOOP("ReportsArea", "Longest wait (min)")), lambda s: "" if s.longest_wait_seconds
               is None else f"{s.longest_wait_seconds / 60:.0f}", align=RIGHT, foreground=alert),
        Column(_t(QT_TRANSLATE_NOOP("ReportsArea", "Open windows")), lambda s: s.open_windows, align=RIGHT),
        Column(_t(QT_TRANSLATE_NOOP("ReportsArea", "Served")), lambda s: s.served_today, align=RIGHT),
    ], lambda *_a: [], parent=area)
    area.live_view = figure_table(area.live_model, "live_table")
    live_layout = QVBoxLayout(area.live_box)
    live_layout.setContentsMargins(6, 4, 6, 6)
    live_layout.addWidget(area.live_summary)
    live_layout.addWidget(area.live_view)
    area.live_box.setVisible(area.show_live)


def show_live(area, live: queue.LiveQueue) -> None:
    """The box filled in from a finished read of the live queue."""
    area.live = live
    waiting = sum(s.waiting for s in live.services)
    longest = max((s.longest_wait_seconds or 0 for s in live.services), default=0)
    served = sum(s.served_today for s in live.services)
    states = {k: sum(1 for w in live.windows if w.state == k) for k in ("serving", "idle", "paused", "closed")}
    area.live_box.setTitle(_t(QT_TRANSLATE_NOOP("ReportsArea", "Today live (%1)")).replace(
        "%1", live.at.strftime("%H:%M")))
    area.live_summary.setText(
        _t(QT_TRANSLATE_NOOP("ReportsArea", "Waiting: %1 · longest wait %2 min · served today: %3")).replace(
            "%1", str(waiting)).replace("%2", f"{longest / 60:.0f}").replace("%3", str(served)) + "<br>" +
        _t(QT_TRANSLATE_NOOP("ReportsArea", "Windows: %1 serving · %2 free · %3 paused · %4 closed")).replace(
            "%1", str(states["serving"])).replace("%2", str(states["idle"])).replace(
            "%3", str(states["paused"])).replace("%4", str(states["closed"])))
    area.live_model.set_rows([s for s in live.services])
    header = area.live_view.horizontalHeader()
    for i, width in ((1, 56), (2, 96), (3, 82), (4, 56)):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
        area.live_view.setColumnWidth(i, width)
