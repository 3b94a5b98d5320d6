"""The charts of a report's PDF, drawn with reportlab.graphics: line, horizontal bar or vertical bar, with a
legend when there are several series."""

from __future__ import annotations

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm

from desktop.reports import formats
from desktop.reports.figures import INT, Figure
from desktop.reports.standard import Chart

PALETTE = [HexColor(c) for c in ("#3C78B4", "#E08A2E", "#4E9A52", "#B5473F", "#7B5EA7", "#8C8C8C")]
CHART_HEIGHT = 62 * mm


def chart_drawing(chart: Chart, fig: Figure, df: pd.DataFrame, font: str, width: float) -> Drawing | None:
    """The chart of a section ``width`` wide in the font ``font``; None when there is nothing to draw."""
    if chart.skip_zero:
        df = df[df[list(chart.series)].fillna(0).astype(float).abs().sum(axis=1) > 0]
    if df.empty:
        return None
    labels = [_short(formats.text(v, fig.column(chart.label).kind)) for v in df[chart.label]]
    series = [[0.0 if formats.missing(v) else float(v) for v in df[s]] for s in chart.series]
    names = [fig.column(s).label for s in chart.series]
    if chart.kind == "hbar":
        height = max(CHART_HEIGHT, 14 * len(labels) * max(1, len(series) * 0.7) + 40)
    else:
        height = CHART_HEIGHT
    d = Drawing(width, height)
    d.initialFontName = font  # reportlab's graphics state starts in Helvetica, which would go in unembedded
    d.add(String(width / 2, height - 12, chart.title, fontName=font, fontSize=10.5, textAnchor="middle"))
    top = height - 22 - (14 if len(series) > 1 else 0)
    if chart.kind == "line":
        c = _line_chart(series, labels, top, width)
    elif chart.kind == "hbar":
        c = _hbar_chart(series, labels, top, width)
    else:
        c = _vbar_chart(series, labels, top, width)
    _axes(c, font, series, all(fig.column(s).kind == INT for s in chart.series))
    d.add(c)
    if len(series) > 1:
        d.add(_legend(names, font, width, height))
    return d


def _line_chart(series: list[list[float]], labels: list[str], top: float, width: float) -> HorizontalLineChart:
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 38, 30, width - 50, top - 36
    c.data = series
    c.joinedLines = 1
    for i in range(len(series)):
        c.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        c.lines[i].strokeWidth = 1.4
    c.categoryAxis.categoryNames = _thin(labels, 16)
    return c


def _hbar_chart(series: list[list[float]], labels: list[str], top: float, width: float) -> HorizontalBarChart:
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 110, 8, width - 130, top - 14
    c.data = [list(reversed(s)) for s in series]  # the first label at the top
    c.categoryAxis.categoryNames = list(reversed(labels))
    c.barSpacing = 1
    c.groupSpacing = 4
    for i in range(len(series)):
        c.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        c.bars[i].strokeColor = None
    return c


def _vbar_chart(series: list[list[float]], labels: list[str], top: float, width: float) -> VerticalBarChart:
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 38, 30, width - 50, top - 36
    c.data = series
    c.categoryAxis.categoryNames = labels
    c.groupSpacing = 6
    for i in range(len(series)):
        c.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        c.bars[i].strokeColor = None
    if len(labels) > 12:
        c.categoryAxis.labels.angle = 45
        c.categoryAxis.labels.boxAnchor = "ne"
    return c


def _axes(c, font: str, series: list[list[float]], counts: bool) -> None:
    """Axis labels in the report's font, values from 0; small counts get a scale of whole numbers."""
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 7.5
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 7.5
    c.valueAxis.valueMin = 0
    peak = max((max(s) for s in series if s), default=0)
    if peak <= 0:
        c.valueAxis.valueMax = 1
        c.valueAxis.valueStep = 1
    elif peak < 5 and counts:
        c.valueAxis.valueMax = 5
        c.valueAxis.valueStep = 1
    c.valueAxis.strokeColor = black
    c.categoryAxis.strokeColor = black


def _legend(names: list[str], font: str, width: float, height: float) -> Legend:
    legend = Legend()
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.x = width / 2 - 35 * len(names)
    legend.y = height - 22
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    return legend


def _short(label: str) -> str:
    """Chart labels: 08:00–09:00 -> 8时, 2026-11-20 -> 11-20."""
    if len(label) == 11 and label[2] == ":" and "–" in label:
        return f"{int(label[:2])}时"
    if len(label) == 10 and label[4] == "-" and label[7] == "-":
        return label[5:]
    return label if len(label) <= 8 else label[:7] + "…"


def _thin(labels: list[str], most: int) -> list[str]:
    """Every n-th label of a long axis, the others blank."""
    if len(labels) <= most:
        return labels
    step = -(-len(labels) // most)
    return [lab if i % step == 0 else "" for i, lab in enumerate(labels)]
