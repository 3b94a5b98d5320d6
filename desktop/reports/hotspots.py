"""Hot spots (热点) and the flow of cases.

- **By village or community** (村/社区): petitions and disputes received in the period, by the village of the
  first petitioner or the dispute's village, against the previous period.
- **By grid** (网格): petitions received, by the first petitioner's grid (disputes carry no grid).
- **Top categories**: the ten petition categories (second level) with most cases received in the period, with
  their count and rank in the previous period.
- **Case flow** (案件收结): petitions and disputes received and concluded per day (per month over longer
  periods); a petition concludes with its written reply, a dispute when it is closed.
"""

from __future__ import annotations

import pandas as pd

from desktop.reports import data
from desktop.reports.data import Dataset
from desktop.reports.figures import DATE, INT, TEXT, Col, Figure, RecordList, change, frame, register
from desktop.reports.mediation import STATE_LABELS as DISPUTE_STATES
from desktop.reports.periods import buckets
from desktop.reports.petitions import STATUS_LABELS as PETITION_STATES

TOP = 10
UNKNOWN = "（未填写）"

MATTER_COLUMNS = (
    Col("kind", "类别", TEXT, 6), Col("case_no", "案号", TEXT, 22), Col("category", "分类", TEXT, 14),
    Col("village", "村（社区）", TEXT, 10), Col("grid", "网格", TEXT, 10), Col("received_on", "受理日期", DATE),
    Col("concluded_on", "办结日期", DATE), Col("status", "状态", TEXT, 10),
)


def _petitions(ds: Dataset) -> pd.DataFrame:
    p = ds.table("petitions")
    return p[p["is_received"]]


def _disputes(ds: Dataset) -> pd.DataFrame:
    d = ds.table("disputes")
    return d[d["is_received"]]


def _place(value) -> str:
    value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return value or UNKNOWN


def matter_records(ds: Dataset, petitions: pd.DataFrame, disputes: pd.DataFrame) -> RecordList:
    categories = data.names(ds, "categories")
    types = data.names(ds, "dispute_types")
    a = pd.DataFrame({
        "kind": "信访", "case_no": petitions["case_no"], "category": petitions["category_id"].map(categories),
        "village": petitions["village"].map(_place), "grid": petitions["grid"].map(_place),
        "received_on": petitions["received_on"], "concluded_on": petitions["replied_on"],
        "status": petitions["status"].map(PETITION_STATES)})
    b = pd.DataFrame({
        "kind": "调解", "case_no": disputes["case_no"], "category": disputes["type_id"].map(types),
        "village": disputes["village"].map(_place), "grid": "", "received_on": disputes["registered_on"],
        "concluded_on": disputes["closed_on"], "status": disputes["state"].map(DISPUTE_STATES)})
    parts = [x for x in (a, b) if len(x)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[c.key for c in MATTER_COLUMNS])
    return RecordList(MATTER_COLUMNS, out[[c.key for c in MATTER_COLUMNS]])


def _village_counts(ds: Dataset) -> tuple[pd.Series, pd.Series]:
    return (_petitions(ds)["village"].map(_place).value_counts(),
            _disputes(ds)["village"].map(_place).value_counts())


def _by_village(ds: Dataset) -> pd.DataFrame:
    pet, dis = _village_counts(ds)
    prev_pet, prev_dis = _village_counts(ds.previous())
    villages = set(pet.index) | set(dis.index) | set(prev_pet.index) | set(prev_dis.index)
    rows = []
    for v in villages:
        total = int(pet.get(v, 0)) + int(dis.get(v, 0))
        before = int(prev_pet.get(v, 0)) + int(prev_dis.get(v, 0))
        rows.append({"village": v, "petitions": int(pet.get(v, 0)), "disputes": int(dis.get(v, 0)), "total": total,
                     "previous": before, "change": change(total, before)})
    rows.sort(key=lambda r: (-r["total"], -r["previous"], r["village"] == UNKNOWN, r["village"]))
    return frame(rows, BY_VILLAGE)


def _village_records(ds: Dataset, row, column) -> RecordList:
    target = ds.previous() if column == "previous" else ds
    p, d = _petitions(target), _disputes(target)
    if row is not None:
        p, d = p[p["village"].map(_place) == row], d[d["village"].map(_place) == row]
    if column == "petitions":
        d = d.iloc[0:0]
    elif column == "disputes":
        p = p.iloc[0:0]
    return matter_records(target, p, d)


BY_VILLAGE = register(Figure(
    "hotspots.by_village", "hotspots", "村（社区）热点",
    (Col("village", "村（社区）", TEXT, 14), Col("petitions", "信访", INT), Col("disputes", "矛盾纠纷", INT),
     Col("total", "合计", INT), Col("previous", "上期合计", INT), Col("change", "增减", "change")),
    _by_village, row_key="village", records=_village_records,
    drill_columns=frozenset({"petitions", "disputes", "total", "previous"}),
    note="信访按第一信访人所在村（社区），矛盾纠纷按纠纷发生地统计，均为本期受理数。",
))


def _by_grid(ds: Dataset) -> pd.DataFrame:
    now = _petitions(ds)["grid"].map(_place).value_counts()
    before = _petitions(ds.previous())["grid"].map(_place).value_counts()
    rows = [{"grid": g, "petitions": int(now.get(g, 0)), "previous": int(before.get(g, 0)),
             "change": change(int(now.get(g, 0)), int(before.get(g, 0)))}
            for g in set(now.index) | set(before.index)]
    rows.sort(key=lambda r: (-r["petitions"], -r["previous"], r["grid"] == UNKNOWN, r["grid"]))
    return frame(rows, BY_GRID)


def _grid_records(ds: Dataset, row, column) -> RecordList:
    target = ds.previous() if column == "previous" else ds
    p = _petitions(target)
    if row is not None:
        p = p[p["grid"].map(_place) == row]
    return matter_records(target, p, _disputes(target).iloc[0:0])


BY_GRID = register(Figure(
    "hotspots.by_grid", "hotspots", "网格热点",
    (Col("grid", "网格", TEXT, 14), Col("petitions", "信访", INT), Col("previous", "上期", INT),
     Col("change", "增减", "change")),
    _by_grid, row_key="grid", records=_grid_records, drill_columns=frozenset({"petitions", "previous"}),
))


def _category_counts(ds: Dataset) -> pd.DataFrame:
    cats = ds.table("categories")
    counts = _petitions(ds)["category_id"].value_counts()
    df = cats.assign(count=cats["id"].map(lambda i: int(counts.get(i, 0))))
    df = df[df["count"] > 0].sort_values(["count", "sort_order", "id"], ascending=[False, True, True])
    df["rank"] = df["count"].rank(method="min", ascending=False).astype(int)
    return df


def _top_categories(ds: Dataset) -> pd.DataFrame:
    now = _category_counts(ds)
    before = _category_counts(ds.previous()).set_index("id")
    rows = []
    for r in now.head(TOP).itertuples():
        prev_count = int(before.at[r.id, "count"]) if r.id in before.index else 0
        prev_rank = int(before.at[r.id, "rank"]) if r.id in before.index else None
        rows.append({"rank": int(r.rank), "category": r.name, "domain": r.domain, "count": int(r.count),
                     "previous": prev_count, "previous_rank": prev_rank, "change": change(int(r.count), prev_count)})
    return frame(rows, TOP_CATEGORIES)


def _category_records(ds: Dataset, row, column) -> RecordList:
    target = ds.previous() if column in ("previous", "previous_rank") else ds
    p = _petitions(target)
    if row is not None:
        ids = [i for i, n in data.names(ds, "categories").items() if n == row]
        p = p[p["category_id"].isin(ids)]
    return matter_records(target, p, _disputes(target).iloc[0:0])


TOP_CATEGORIES = register(Figure(
    "hotspots.top_categories", "hotspots", "信访热点事项（前十）",
    (Col("rank", "排名", INT, 6), Col("category", "事项分类", TEXT, 14), Col("domain", "所属领域", TEXT, 10),
     Col("count", "本期", INT), Col("previous", "上期", INT), Col("previous_rank", "上期排名", INT, 8),
     Col("change", "增减", "change")),
    _top_categories, row_key="category", records=_category_records,
    drill_columns=frozenset({"count", "previous"}),
    note="按本期登记信访事项数排列，并列者名次相同；上期排名为空表示上期没有该类事项。",
))


# ---------------------------------------------------------------- the flow of cases

def bucket_of(unit: str, day) -> str:
    return day.isoformat() if unit == "day" else f"{day.year}-{day.month:02d}"


def _flow(ds: Dataset) -> pd.DataFrame:
    unit = "day" if buckets(ds.period) in ("hour", "day") else "month"
    p, d = ds.table("petitions"), ds.table("disputes")
    labels: list[str] = []
    for day_ in ds.period.dates():
        if day_ > ds.today:
            break
        b = bucket_of(unit, day_)
        if not labels or labels[-1] != b:
            labels.append(b)

    def count(df: pd.DataFrame, flag: str, date_col: str) -> pd.Series:
        rows = df[df[flag]]
        return rows[date_col].map(lambda x: bucket_of(unit, x)).value_counts()

    pr = count(p, "is_received", "received_on")
    pc = count(p, "is_concluded", "replied_on")
    dr = count(d, "is_received", "registered_on")
    dc = count(d, "is_concluded", "closed_on")
    rows = [{"bucket": b, "petitions_received": int(pr.get(b, 0)), "petitions_concluded": int(pc.get(b, 0)),
             "disputes_received": int(dr.get(b, 0)), "disputes_concluded": int(dc.get(b, 0))} for b in labels]
    return frame(rows, FLOW)


def _flow_records(ds: Dataset, row, column) -> RecordList:
    unit = "day" if buckets(ds.period) in ("hour", "day") else "month"
    p, d = ds.table("petitions"), ds.table("disputes")
    spec = {"petitions_received": ("p", "is_received", "received_on"),
            "petitions_concluded": ("p", "is_concluded", "replied_on"),
            "disputes_received": ("d", "is_received", "registered_on"),
            "disputes_concluded": ("d", "is_concluded", "closed_on")}
    chosen = [spec[column]] if column in spec else list(spec.values())
    parts = {"p": p.iloc[0:0], "d": d.iloc[0:0]}
    for which, flag, col in chosen:
        df = p if which == "p" else d
        rows = df[df[flag]]
        if row is not None:
            rows = rows[rows[col].map(lambda x: bucket_of(unit, x)) == row]
        parts[which] = pd.concat([parts[which], rows]).drop_duplicates("id")
    return matter_records(ds, parts["p"], parts["d"])


FLOW = register(Figure(
    "cases.flow", "cases", "案件收结情况",
    (Col("bucket", "日期", TEXT, 11), Col("petitions_received", "信访登记", INT),
     Col("petitions_concluded", "信访办结", INT), Col("disputes_received", "纠纷受理", INT),
     Col("disputes_concluded", "纠纷结案", INT)),
    _flow, row_key="bucket", records=_flow_records,
    drill_columns=frozenset({"petitions_received", "petitions_concluded", "disputes_received",
                             "disputes_concluded"}),
))
