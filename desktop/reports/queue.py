"""Queue figures (排队叫号), from ``queue_ticket`` (one row per ticket and day) and ``queue_event``.

Definitions (DOMAIN.md, Reports):

- A **visitor** is a ticket issued in the period (an appointment check-in issues a ticket too).
- **Wait** runs from the ticket's issue (or appointment check-in) to its first call. Tickets never called
  have no wait and are left out of the wait figures.
- **Service time** runs from the start of service to finish; only finished tickets have one. A no-show or a
  transfer ends a segment without service: after a transfer the ticket's service restarts at the new window.
- **Served** tickets are finished; **no-shows** (过号) ended uncalled-for after the last call;
  **not finished** (未办结) tickets were still waiting or at a window when the day (or the report) ended.
- The no-show rate is no-shows ÷ visitors. The 90th-percentile wait is by nearest rank (figures.p90).
- Per window: the tickets whose last window it was. Per service: the service the ticket was issued for.
  Per hour: the hour of issue. The peak hour is the hour with the most tickets issued.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from desktop.models import QueueEvent, Ticket
from desktop.reports import data
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import (
    DATE,
    DATETIME,
    INT,
    MINUTES,
    RATE,
    TEXT,
    Col,
    Figure,
    RecordList,
    drillable,
    frame,
    minutes,
    p90,
    rate,
    register,
)

STATUS_LABELS = {"waiting": "未叫号", "called": "已叫号", "serving": "办理中", "finished": "已办结",
                 "no_show": "过号"}
RATING_LABELS = {"very_satisfied": "非常满意", "satisfied": "满意", "basically_satisfied": "基本满意",
                 "dissatisfied": "不满意", "very_dissatisfied": "非常不满意"}
OPEN_STATUSES = ("waiting", "called", "serving")


# ---------------------------------------------------------------- base rows

@loader("tickets")
def load_tickets(ds: Dataset) -> pd.DataFrame:
    t = Ticket.__table__.c
    p = ds.period
    cols = ["id", "day", "number", "issued_service_id", "status", "priority", "appointment_id", "issued_at",
            "first_called_at", "started_at", "finished_at", "window_id", "clerk_id", "rating", "rated_at"]
    df = ds.rows(select(*[t[c] for c in cols]).where(t.day >= p.start, t.day <= p.end, t.issued_at < ds.as_of)
                 .order_by(t.issued_at, t.id), cols,
                 datetimes=("issued_at", "first_called_at", "started_at", "finished_at", "rated_at"),
                 dates=("day",))
    df["wait_s"] = (df["first_called_at"] - df["issued_at"]).dt.total_seconds()
    df["service_s"] = (df["finished_at"] - df["started_at"]).dt.total_seconds()
    df.loc[df["status"] != "finished", "service_s"] = float("nan")
    df["hour"] = df["issued_at"].dt.hour
    windows = data.names(ds, "windows", "id", "number")
    df["window_no"] = pd.to_numeric(df["window_id"].map(windows), errors="coerce").astype("Int64")
    services = ds.table("services")
    letters = dict(zip(services["id"], services["letter"], strict=True))
    df["letter"] = df["issued_service_id"].map(letters)
    df["appointment"] = df["appointment_id"].notna()
    df["priority"] = df["priority"].astype(bool)
    return df


@loader("queue_transfers")
def load_transfers(ds: Dataset) -> pd.DataFrame:
    e = QueueEvent.__table__.c
    p = ds.period
    cols = ["id", "at", "ticket_id", "number", "window_no", "detail"]
    return ds.rows(select(*[e[c] for c in cols]).where(e.day >= p.start, e.day <= p.end, e.kind == "transferred",
                                                       e.at < ds.as_of).order_by(e.id), cols, datetimes=("at",))


# which tickets each measure is computed over: the records behind a value are exactly these
MEASURES = {
    "visitors": lambda t: pd.Series(True, index=t.index),
    "served": lambda t: t["status"] == "finished",
    "no_shows": lambda t: t["status"] == "no_show",
    "no_show_rate": lambda t: t["status"] == "no_show",
    "unfinished": lambda t: t["status"].isin(OPEN_STATUSES),
    "called": lambda t: t["first_called_at"].notna(),
    "wait_avg_min": lambda t: t["first_called_at"].notna(),
    "wait_p90_min": lambda t: t["first_called_at"].notna(),
    "service_avg_min": lambda t: t["service_s"].notna(),
    "appointments": lambda t: t["appointment"],
    "priority": lambda t: t["priority"],
    "share": lambda t: pd.Series(True, index=t.index),
}


EMPTY = {"visitors": 0, "served": 0, "no_shows": 0, "no_show_rate": None, "unfinished": 0, "called": 0,
         "wait_avg_min": None, "wait_p90_min": None, "service_avg_min": None, "appointments": 0, "priority": 0}


def group_measures(t: pd.DataFrame, by: str | None = None) -> dict:
    """The queue measures of the tickets in ``t`` per value of column ``by`` (one pass over the tickets);
    ``by`` None gives {None: measures of them all}. A group without tickets is absent: use EMPTY."""
    if t.empty:
        return {}
    called = t["first_called_at"].notna()
    flags = pd.DataFrame({
        "key": t[by] if by else 0, "served": t["status"] == "finished", "no_show": t["status"] == "no_show",
        "open": t["status"].isin(OPEN_STATUSES), "called": called, "appointment": t["appointment"],
        "priority": t["priority"], "wait": t["wait_s"].where(called), "service": t["service_s"]})
    g = flags.groupby("key", sort=False)
    sums = g[["served", "no_show", "open", "called", "appointment", "priority"]].sum()
    size = g.size()
    waits, services = g["wait"].mean(), g["service"].mean()
    p90s = g["wait"].agg(lambda w: p90(w))
    out = {}
    for key in size.index:
        visitors = int(size[key])
        no_shows = int(sums.at[key, "no_show"])
        out[None if by is None else key] = {
            "visitors": visitors, "served": int(sums.at[key, "served"]), "no_shows": no_shows,
            "no_show_rate": rate(no_shows, visitors), "unfinished": int(sums.at[key, "open"]),
            "called": int(sums.at[key, "called"]), "wait_avg_min": minutes(waits[key]),
            "wait_p90_min": minutes(p90s[key]), "service_avg_min": minutes(services[key]),
            "appointments": int(sums.at[key, "appointment"]), "priority": int(sums.at[key, "priority"])}
    return out


def measures(t: pd.DataFrame) -> dict:
    """The queue measures of a set of tickets (all of a period, or one window's, service's, hour's…)."""
    return group_measures(t).get(None, EMPTY)


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{hour + 1:02d}:00"


def _hour_of(label) -> int:
    return int(str(label)[:2])


def peak_hours(t: pd.DataFrame) -> list[int]:
    if t.empty:
        return []
    counts = t.groupby("hour").size()
    return sorted(int(h) for h in counts[counts == counts.max()].index)


# ---------------------------------------------------------------- records behind the figures

TICKET_COLUMNS = (
    Col("day", "日期", DATE), Col("number", "票号", TEXT, 6), Col("service", "取号事项", TEXT, 14),
    Col("status", "状态", TEXT, 7), Col("issued_at", "取号时间", DATETIME), Col("first_called_at", "首次叫号", DATETIME),
    Col("started_at", "开始办理", DATETIME), Col("finished_at", "办结时间", DATETIME), Col("window_no", "窗口", INT, 6),
    Col("clerk", "工作人员", TEXT, 8), Col("wait_min", "等候（分钟）", MINUTES), Col("service_min", "办理（分钟）", MINUTES),
    Col("rating", "评价", TEXT, 9),
)


def ticket_records(ds: Dataset, t: pd.DataFrame) -> pd.DataFrame:
    services = data.names(ds, "services")
    users = data.names(ds, "users", "id", "full_name")
    out = pd.DataFrame({
        "day": t["day"], "number": t["number"], "service": t["issued_service_id"].map(services),
        "status": t["status"].map(STATUS_LABELS), "issued_at": t["issued_at"],
        "first_called_at": t["first_called_at"], "started_at": t["started_at"], "finished_at": t["finished_at"],
        "window_no": t["window_no"], "clerk": t["clerk_id"].map(lambda c: users.get(c, "") if pd.notna(c) else ""),
        "wait_min": t["wait_s"].map(minutes), "service_min": t["service_s"].map(minutes),
        "rating": t["rating"].map(lambda r: RATING_LABELS.get(r, "") if isinstance(r, str) else ""),
    })
    return out.reset_index(drop=True)


def _select(t: pd.DataFrame, column: str | None) -> pd.DataFrame:
    mask = MEASURES.get(column or "visitors", MEASURES["visitors"])
    return t[mask(t)]


def _records_by(column_name: str, convert=lambda v: v):
    def records(ds: Dataset, row, column) -> pd.DataFrame:
        t = ds.table("tickets")
        if row is not None:
            t = t[t[column_name] == convert(row)]
        return ticket_records(ds, _select(t, column))
    return records


# ---------------------------------------------------------------- figures

MEASURE_COLUMNS = (
    Col("visitors", "取号人数", INT), Col("served", "办结人数", INT), Col("no_shows", "过号人数", INT),
    Col("no_show_rate", "过号率", RATE), Col("unfinished", "未办结", INT), Col("wait_avg_min", "平均等候（分钟）", MINUTES),
    Col("wait_p90_min", "90%等候（分钟）", MINUTES), Col("service_avg_min", "平均办理（分钟）", MINUTES),
)


def _summary(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    row = measures(t)
    row["transfers"] = len(ds.table("queue_transfers"))
    peaks = peak_hours(t)
    row["peak_hour"] = "、".join(hour_label(h) for h in peaks) if peaks else None
    return frame([row], SUMMARY)


def _summary_records(ds: Dataset, row, column) -> pd.DataFrame:
    if column == "transfers":
        e = ds.table("queue_transfers")
        services = data.names(ds, "services")
        return RecordList(TRANSFER_COLUMNS, pd.DataFrame({
            "at": e["at"], "number": e["number"], "window_no": e["window_no"],
            "to": e["detail"].map(lambda d: _transfer_target(d, services))}))
    if column == "peak_hour":
        t = ds.table("tickets")
        return ticket_records(ds, t[t["hour"].isin(peak_hours(t))])
    return ticket_records(ds, _select(ds.table("tickets"), column))


def _transfer_target(detail, services: dict) -> str:
    detail = detail or {}
    if detail.get("to_window"):
        return f"{detail['to_window']}号窗口"
    return services.get(detail.get("to_service"), "")


TRANSFER_COLUMNS = (Col("at", "转窗时间", DATETIME), Col("number", "票号", TEXT, 6), Col("window_no", "转出窗口", INT, 8),
                    Col("to", "转往", TEXT, 16))


SUMMARY = register(Figure(
    "queue.summary", "queue", "排队叫号概况",
    MEASURE_COLUMNS[:4] + (Col("unfinished", "未办结", INT), Col("called", "已叫号", INT)) + MEASURE_COLUMNS[5:] + (
        Col("appointments", "预约签到", INT), Col("priority", "绿色通道", INT), Col("transfers", "转窗次数", INT),
        Col("peak_hour", "高峰时段", TEXT, 14)),
    _summary, scalar=True, records=_summary_records, record_columns=TICKET_COLUMNS,
    drill_columns=frozenset(MEASURES) - {"share"} | {"transfers", "peak_hour"},
    note="取号人数含预约签到；等候为取号（或签到）至首次叫号，未叫号者不计；90%等候取最近秩（⌈0.9n⌉）；"
         "办理为开始办理至办结；过号率＝过号人数÷取号人数；高峰时段为取号最多的整点时段。",
))


def _by_window(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    windows = ds.table("windows")
    per = group_measures(t[t["window_no"].notna()], "window_no")
    rows = []
    for _, w in windows.iterrows():
        if not w["active"] and w["number"] not in per:
            continue
        m = per.get(w["number"], EMPTY)
        rows.append({"window_no": int(w["number"]), "window": w["name"], "handled": m["visitors"],
                     "served": m["served"], "no_shows": m["no_shows"], "wait_avg_min": m["wait_avg_min"],
                     "wait_p90_min": m["wait_p90_min"], "service_avg_min": m["service_avg_min"]})
    return frame(rows, BY_WINDOW)


def _window_records(ds: Dataset, row, column) -> pd.DataFrame:
    t = ds.table("tickets")
    if row is not None:
        t = t[t["window_no"] == int(row)]
    else:
        t = t[t["window_no"].notna()]
    return ticket_records(ds, _select(t, None if column == "handled" else column))


BY_WINDOW = register(Figure(
    "queue.by_window", "queue", "各窗口接待情况",
    (Col("window_no", "窗口", INT, 6), Col("window", "窗口名称", TEXT, 22), Col("handled", "接待人数", INT),
     Col("served", "办结人数", INT), Col("no_shows", "过号人数", INT), Col("wait_avg_min", "平均等候（分钟）", MINUTES),
     Col("wait_p90_min", "90%等候（分钟）", MINUTES), Col("service_avg_min", "平均办理（分钟）", MINUTES)),
    _by_window, row_key="window_no", records=_window_records, record_columns=TICKET_COLUMNS,
    drill_columns=frozenset({"handled", "served", "no_shows", "wait_avg_min", "wait_p90_min", "service_avg_min"}),
    note="按号票最后所在窗口统计：接待人数含办结、过号和仍在办理的号票。",
))


def _by_service(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    per = group_measures(t, "issued_service_id")
    rows = []
    for _, s in ds.table("services").iterrows():
        if not s["active"] and s["id"] not in per:
            continue
        m = per.get(s["id"], EMPTY)
        rows.append({"letter": s["letter"], "service": s["name"], **{c.key: m[c.key] for c in MEASURE_COLUMNS}})
    return frame(rows, BY_SERVICE)


BY_SERVICE = register(Figure(
    "queue.by_service", "queue", "各事项排队情况",
    (Col("letter", "字母", TEXT, 5), Col("service", "取号事项", TEXT, 16)) + MEASURE_COLUMNS,
    _by_service, row_key="letter", records=_records_by("letter"), record_columns=TICKET_COLUMNS,
    drill_columns=drillable(MEASURE_COLUMNS, MEASURES),
    note="按取号时选择的事项统计（转窗后仍计入原事项）。",
))


def _by_hour(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    opens, closes = data.opening_hours(ds)
    last = closes.hour - (1 if closes.minute == 0 else 0)
    hours = sorted(set(range(opens.hour, last + 1)) | set(int(h) for h in t["hour"].dropna()))
    peaks = set(peak_hours(t))
    per = group_measures(t, "hour")
    rows = []
    for h in hours:
        m = per.get(h, EMPTY)
        rows.append({"hour": hour_label(h), "visitors": m["visitors"], "share": rate(m["visitors"], len(t)),
                     "served": m["served"], "wait_avg_min": m["wait_avg_min"], "wait_p90_min": m["wait_p90_min"],
                     "service_avg_min": m["service_avg_min"], "peak": "高峰" if h in peaks else ""})
    return frame(rows, BY_HOUR)


BY_HOUR = register(Figure(
    "queue.by_hour", "queue", "分时段排队情况",
    (Col("hour", "时段", TEXT, 13), Col("visitors", "取号人数", INT), Col("share", "占比", RATE),
     Col("served", "办结人数", INT), Col("wait_avg_min", "平均等候（分钟）", MINUTES),
     Col("wait_p90_min", "90%等候（分钟）", MINUTES), Col("service_avg_min", "平均办理（分钟）", MINUTES),
     Col("peak", "高峰", TEXT, 6)),
    _by_hour, row_key="hour", records=_records_by("hour", _hour_of), record_columns=TICKET_COLUMNS,
    drill_columns=frozenset({"visitors", "share", "served", "wait_avg_min", "wait_p90_min", "service_avg_min"}),
    note="按取号时刻所在整点时段统计；多日的期间为各日同一时段之和。",
))


def _daily(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    per = group_measures(t, "day")
    rows = []
    for day_ in ds.period.dates():
        if day_ > ds.today:
            break
        m = per.get(day_, EMPTY)
        rows.append({"day": day_, **{c.key: m[c.key] for c in MEASURE_COLUMNS}})
    return frame(rows, DAILY)


DAILY = register(Figure(
    "queue.daily", "queue", "每日排队情况",
    (Col("day", "日期", DATE),) + MEASURE_COLUMNS,
    _daily, row_key="day", records=_records_by("day", lambda v: pd.Timestamp(v).date()),
    record_columns=TICKET_COLUMNS, drill_columns=drillable(MEASURE_COLUMNS, MEASURES),
))
