"""The four charts of the Reports area in a 2×2 grid: waits by hour, visitors per window, case inflow and
closure, overdue matters by department; ``draw`` fills them from a dashboard, ``clicked`` says which bar or
point was clicked. Their titles keep the ReportsArea translation context they had there."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from desktop.services import reports
from desktop.ui.reports.charts import FigureChart
from desktop.ui.reports.labels import label
from desktop.ui.text import translator

_t = translator("ReportsArea")
WAITS = QT_TRANSLATE_NOOP("ReportsArea", "Waits by hour (min)")
WINDOWS = QT_TRANSLATE_NOOP("ReportsArea", "Visitors per window")
FLOW = QT_TRANSLATE_NOOP("ReportsArea", "Cases received and concluded")
NO_DAYS = QT_TRANSLATE_NOOP("ReportsArea", "No days yet")
OVERDUE = QT_TRANSLATE_NOOP("ReportsArea", "Overdue matters by department")
NOTHING_OVERDUE = QT_TRANSLATE_NOOP("ReportsArea", "Nothing is overdue")


class DashboardCharts(QWidget):
    clicked = Signal(str, int, str)  # which figure, row, key of the series

    def __init__(self, parent=None):
        super().__init__(parent)
        self.waits_chart = FigureChart()
        self.waits_chart.setObjectName("chart_waits")
        self.windows_chart = FigureChart()
        self.windows_chart.setObjectName("chart_windows")
        self.flow_chart = FigureChart()
        self.flow_chart.setObjectName("chart_flow")
        self.overdue_chart = FigureChart()
        self.overdue_chart.setObjectName("chart_overdue")
        self.waits_chart.clicked.connect(lambda row, key: self.clicked.emit("waits_by_hour", row, key))
        self.windows_chart.clicked.connect(lambda row, key: self.clicked.emit("windows", row, key))
        self.flow_chart.clicked.connect(lambda row, key: self.clicked.emit("flow", row, key))
        self.overdue_chart.clicked.connect(lambda row, key: self.clicked.emit("overdue", row, key))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.waits_chart, 0, 0)
        grid.addWidget(self.windows_chart, 0, 1)
        grid.addWidget(self.flow_chart, 1, 0)
        grid.addWidget(self.overdue_chart, 1, 1)

    def draw(self, data: reports.Dashboard) -> None:
        h = data.waits_by_hour.frame
        hours = [f"{int(x[:2])}" for x in h["hour"]]
        self.waits_chart.show_bars(_t(WAITS), hours, [
            ("wait_avg_min", label("平均等候（分钟）"), [_num(v) for v in h["wait_avg_min"]]),
            ("wait_p90_min", label("90%等候（分钟）"), [_num(v) for v in h["wait_p90_min"]])], integers=False)
        w = data.windows.frame
        self.windows_chart.show_bars(_t(WINDOWS), [str(n) for n in w["window_no"]], [
            ("handled", label("接待人数"), [_num(v) for v in w["handled"]]),
            ("served", label("办结人数"), [_num(v) for v in w["served"]])])
        f = data.flow.frame
        if f.empty:
            self.flow_chart.show_message(_t(FLOW), _t(NO_DAYS))
        else:
            monthly = len(f["bucket"].iloc[0]) == 7
            days = [dt.date.fromisoformat(b + "-01" if monthly else b) for b in f["bucket"]]
            self.flow_chart.show_lines(_t(FLOW), days, monthly=monthly, series=[
                (key, label(name), [_num(v) for v in f[key]]) for key, name in (
                    ("petitions_received", "信访登记"), ("petitions_concluded", "信访办结"),
                    ("disputes_received", "纠纷受理"), ("disputes_concluded", "纠纷结案"))])
        o = data.overdue.frame
        if o.empty:
            self.overdue_chart.show_message(_t(OVERDUE), _t(NOTHING_OVERDUE))
        else:
            self.overdue_chart.show_bars(_t(OVERDUE), list(o["department"]),
                                         [("overdue", label("超期件数"), [_num(v) for v in o["overdue"]])],
                                         horizontal=True)


def _num(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if f != f else f
