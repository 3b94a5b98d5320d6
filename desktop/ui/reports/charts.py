"""QtCharts for the dashboard: bar charts (vertical or horizontal) and line charts over the categories of one
figure. Every bar and point is clickable: ``clicked(row, series_key)`` names the figure's row and column, and
the dashboard lists the records behind that value."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter

PALETTE = ("#3C78B4", "#E08A2E", "#4E9A52", "#B5473F", "#7B5EA7", "#8C8C8C")


def label_positions(n: int, most: int = 7) -> list[int]:
    """Which of ``n`` points get an axis label: all of few, else the first, the last and evenly spaced ones
    between (none so close to the last that the two labels would touch)."""
    if n <= most:
        return list(range(n))
    step = -(-(n - 1) // (most - 1))
    picked = list(range(0, n - 1, step))
    if n - 1 - picked[-1] < step / 2:
        picked.pop()
    return [*picked, n - 1]


class FigureChart(QChartView):
    """One chart; ``show_bars`` / ``show_lines`` replace its content."""

    clicked = Signal(int, str)  # row of the figure, key of the series

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(260, 190)
        self._chart = QChart()
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.setBackgroundRoundness(4)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        font.setBold(True)
        self._chart.setTitleFont(font)
        self.setChart(self._chart)
        self.rows = 0
        self.series_keys: list[str] = []
        self.values: list[list[float]] = []
        self.categories: list[str] = []

    def _reset(self, title: str) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)

    def _value_axis(self, values: Sequence[Sequence[float]], integers: bool) -> QValueAxis:
        """A value axis from 0 with round ticks (whole numbers for counts)."""
        axis = QValueAxis()
        peak = max((max(v) for v in values if v), default=0.0)
        if integers:
            step = max(1, math.ceil(peak * 1.05 / 5))
            axis.setRange(0, step * 5)
            axis.setTickCount(6)
            axis.setLabelFormat("%d")
        else:
            axis.setRange(0, max(1.0, peak * 1.05))
            axis.applyNiceNumbers()
            axis.setLabelFormat("%.0f" if axis.max() >= 10 else "%.1f")
        small = QFont(self.font())
        small.setPointSizeF(8)
        axis.setLabelsFont(small)
        return axis

    def _category_axis(self, categories: Sequence[str]) -> QBarCategoryAxis:
        axis = QBarCategoryAxis()
        axis.append(list(categories))
        axis.setTruncateLabels(False)
        small = QFont(self.font())
        small.setPointSizeF(8 if len(categories) <= 12 else 7)
        axis.setLabelsFont(small)
        return axis

    def show_bars(self, title: str, categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]],
                  *, horizontal: bool = False, integers: bool = True) -> None:
        """``series``: (key, legend, values) each; the values follow ``categories``. Horizontal bars list the
        first category at the top."""
        self._reset(title)
        self.rows = len(categories)
        self.categories = list(categories)
        self.series_keys = [k for k, _n, _v in series]
        self.values = [list(v) for _k, _n, v in series]
        order = list(reversed(range(len(categories)))) if horizontal else list(range(len(categories)))
        bars = QHorizontalBarSeries() if horizontal else QBarSeries()
        bars.setBarWidth(0.75)
        for i, (key, name, values) in enumerate(series):
            bar_set = QBarSet(name)
            bar_set.append([float(values[j]) for j in order])
            bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.setBorderColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.clicked.connect(lambda index, k=key, o=order: self.clicked.emit(o[index], k))
            bars.append(bar_set)
        self._chart.addSeries(bars)
        cats = self._category_axis([categories[j] for j in order])
        vals = self._value_axis(self.values, integers)
        self._chart.addAxis(cats, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        self._chart.addAxis(vals, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(cats)
        bars.attachAxis(vals)
        self._chart.legend().setVisible(len(series) > 1)

    def show_lines(self, title: str, days: Sequence[dt.date], series: Sequence[tuple[str, str, Sequence[float]]],
                   *, integers: bool = True, monthly: bool = False) -> None:
        """Lines over ``days`` (one point a day, or a month with ``monthly``). The axis labels stand on points:
        the first and the last day always, evenly spaced days between (a date axis put its ticks between the
        days and left the last one without a label)."""
        self._reset(title)
        self.rows = len(days)
        self.categories = [d.isoformat() for d in days]
        self.series_keys = [k for k, _n, _v in series]
        self.values = [list(v) for _k, _n, v in series]
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, max(0, len(days) - 1) + 0.5)
        axis.setStartValue(-0.5)
        for i in label_positions(len(days)):
            d = days[i]
            axis.append(f"{d.year}-{d.month:02d}" if monthly else f"{d.month:02d}-{d.day:02d}", i)
        axis.setGridLineVisible(False)
        small = QFont(self.font())
        small.setPointSizeF(8)
        axis.setLabelsFont(small)
        vals = self._value_axis(self.values, integers)
        self._chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        self._chart.addAxis(vals, Qt.AlignmentFlag.AlignLeft)
        for i, (key, name, values) in enumerate(series):
            line = QLineSeries()
            line.setName(name)
            for x, v in enumerate(values):
                line.append(float(x), float(v))
            line.setColor(QColor(PALETTE[i % len(PALETTE)]))
            line.setPointsVisible(len(values) <= 31)
            line.clicked.connect(lambda point, k=key: self._line_clicked(point.x(), k))
            self._chart.addSeries(line)
            line.attachAxis(axis)
            line.attachAxis(vals)
        self._chart.legend().setVisible(len(series) > 1)

    def _line_clicked(self, x: float, key: str) -> None:
        """The point nearest to where the line was clicked."""
        if not self.rows:
            return
        self.clicked.emit(min(self.rows - 1, max(0, round(x))), key)

    def show_message(self, title: str, text: str) -> None:
        self._reset(title)
        self.rows = 0
        self.series_keys, self.values, self.categories = [], [], []
        self._chart.setTitle(f"{title}<br><span style='font-weight:normal;color:#777'>{text}</span>")
