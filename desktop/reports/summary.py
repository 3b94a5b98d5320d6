"""The key figures of a period against the previous one (本期与上期对比).

Each key figure is one column of an area's summary figure (queue.summary, satisfaction.summary, …), taken as
it is: the comparison adds no arithmetic of its own beyond the difference. A difference of two rates is in
percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from desktop.reports.data import Dataset
from desktop.reports.figures import (
    BY_ROW,
    INT,
    TEXT,
    Col,
    Figure,
    UnknownRow,
    change,
    figure,
    frame,
    records_of,
    register,
    value,
)


@dataclass(frozen=True)
class Kpi:
    figure: str
    column: str
    area: str  # Chinese heading of its group

    @property
    def key(self) -> str:
        return f"{self.figure}:{self.column}"


KPIS: tuple[Kpi, ...] = (
    Kpi("queue.summary", "visitors", "排队叫号"), Kpi("queue.summary", "served", "排队叫号"),
    Kpi("queue.summary", "no_show_rate", "排队叫号"), Kpi("queue.summary", "wait_avg_min", "排队叫号"),
    Kpi("queue.summary", "wait_p90_min", "排队叫号"), Kpi("queue.summary", "service_avg_min", "排队叫号"),
    Kpi("queue.summary", "peak_hour", "排队叫号"),
    Kpi("satisfaction.summary", "rated", "好差评"), Kpi("satisfaction.summary", "satisfaction_rate", "好差评"),
    Kpi("satisfaction.summary", "bad", "好差评"), Kpi("satisfaction.summary", "follow_up_open", "好差评"),
    Kpi("petitions.summary", "received", "信访"), Kpi("petitions.summary", "accepted", "信访"),
    Kpi("petitions.summary", "concluded", "信访"), Kpi("petitions.summary", "on_time_rate", "信访"),
    Kpi("petitions.summary", "overdue", "信访"), Kpi("petitions.summary", "extensions", "信访"),
    Kpi("petitions.summary", "reviews", "信访"), Kpi("petitions.summary", "rechecks", "信访"),
    Kpi("petitions.summary", "repeats", "信访"),
    Kpi("mediation.summary", "received", "矛盾纠纷调解"), Kpi("mediation.summary", "concluded", "矛盾纠纷调解"),
    Kpi("mediation.summary", "success", "矛盾纠纷调解"), Kpi("mediation.summary", "success_rate", "矛盾纠纷调解"),
    Kpi("mediation.summary", "performed", "矛盾纠纷调解"),
    Kpi("mediation.summary", "judicial_confirmed", "矛盾纠纷调解"),
    Kpi("mediation.summary", "sessions", "矛盾纠纷调解"),
    Kpi("matters.summary", "registered", "一案一码"), Kpi("matters.summary", "closed", "一案一码"),
    Kpi("matters.summary", "open", "一案一码"), Kpi("matters.summary", "handovers_late", "一案一码"),
    Kpi("matters.summary", "satisfaction_rate", "一案一码"),
)
# key figures that stand at a moment (the end of each period) rather than summing over it
SNAPSHOT = frozenset({"petitions.summary:overdue", "satisfaction.summary:follow_up_open", "matters.summary:open"})


def kpi(key: str) -> Kpi:
    for k in KPIS:
        if k.key == key:
            return k
    raise KeyError(key)


def _compare(ds: Dataset) -> pd.DataFrame:
    prev = ds.previous()
    rows = []
    for k in KPIS:
        col = figure(k.figure).column(k.column)
        now = value(ds.figure(k.figure), k.column)
        before = value(prev.figure(k.figure), k.column)
        rows.append({"key": k.key, "area": k.area, "label": col.label, "current": now, "previous": before,
                     "change": None if col.kind == TEXT else change(now, before), "kind": col.kind})
    df = frame(rows, COMPARE)
    # values of different kinds share a column: keep them as objects so counts stay integers
    for c in ("current", "previous", "change"):
        df[c] = pd.Series([_plain(v, kind) for v, kind in zip([r[c] for r in rows], df["kind"], strict=True)],
                          dtype=object)
    return df


def _plain(v, kind: str):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if kind == INT:
        return int(v)
    if kind == TEXT:
        return str(v)
    return float(v)


def _records(ds: Dataset, row, column):
    if row is None:
        raise UnknownRow("the key figures list records one figure at a time: name the row")
    try:
        k = kpi(row)
    except KeyError:
        raise UnknownRow(row) from None
    target = ds.previous() if column == "previous" else ds
    return records_of(figure(k.figure), target, None, k.column)


COMPARE = register(Figure(
    "summary.compare", "summary", "主要指标（本期与上期对比）",
    (Col("key", "代码", TEXT, 30, hidden=True), Col("area", "板块", TEXT, 12), Col("label", "指标", TEXT, 16),
     Col("current", "本期", BY_ROW), Col("previous", "上期", BY_ROW), Col("change", "增减", BY_ROW),
     Col("kind", "类型", TEXT, 8, hidden=True)),
    _compare, row_key="key", records=_records, drill_columns=frozenset({"current", "previous"}),
    note="比率的增减为百分点；超期、待回访为各期截止时的数量。",
))
