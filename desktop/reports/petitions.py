"""Petition figures (信访事项), from ``petition`` and its timeline, extensions and 督办 notes.

Every figure stands at the report's as-of day D (the last day of the period, or today while it runs); dates
on the case say when each step happened, so a past period gives the same figures whenever it is reported.

- **Received** (登记): cases registered in the period, 复查 and 复核 cases included (each has its own case
  number); ``reviews`` and ``rechecks`` count those among them.
- **Accepted** (受理): cases accepted (first assigned) in the period. **Not accepted** (不予受理) likewise.
- **Concluded** (办结): cases whose written reply was issued in the period. **On time**: the reply was issued
  on or before the conclusion deadline in force (the 60 days plus an approved extension and hearing time);
  the on-time rate is on time ÷ concluded.
- **Overdue** (超期) at D, by stage: not told whether accepted by the acceptance deadline (告知), not concluded
  by the conclusion deadline (办结), or not followed up by the follow-up deadline (回访); a case counts once
  its deadline day has passed without the step, until the step is taken or the case ends. Deadlines are
  those in force now (an extension granted later moves them).
- **Extensions** (延期): extensions approved in the period; **repeats** (重复信访): repeat visits recorded on
  existing cases in the period; **supervisions** (督办): 督办 notes written in the period.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, or_, select

from desktop.models import Petition, PetitionExtension, PetitionStep, PetitionSupervision
from desktop.reports import data
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import (
    DATE,
    INT,
    RATE,
    TEXT,
    Col,
    Figure,
    RecordList,
    frame,
    rate,
    register,
)

STATUS_LABELS = {"registered": "已登记", "assigned": "已交办", "objected": "退回待重新交办", "met": "已见面",
                 "handling": "办理中", "concluded": "已答复", "closed": "已回访办结", "not_accepted": "不予受理",
                 "withdrawn": "已撤回"}
KIND_LABELS = {"petition": "信访", "review": "复查", "recheck": "复核"}
SOURCE_LABELS = {"visit": "走访", "letter": "来信", "phone": "来电", "hotline": "12345转办", "grid": "网格上报",
                 "online": "网上信访"}
STAGE_LABELS = {"accept": "告知受理", "conclude": "办结", "follow_up": "回访"}
SATISFIED = ("very_satisfied", "satisfied")
NO_DEPARTMENT = "（未交办）"


def mask_name(name: str) -> str:
    """张三 -> 张*; several names 张三、李四 -> 张*、李*: reports never print petitioners in full."""
    parts = [p.strip() for p in str(name or "").split("、")]
    return "、".join(p[:1] + "*" * (len(p) - 1) for p in parts if p)


# ---------------------------------------------------------------- base rows

@loader("petitions")
def load_petitions(ds: Dataset) -> pd.DataFrame:
    """Every case that was registered by D and not finished before the period began: enough for cases
    received, accepted, concluded and overdue in the period."""
    p = Petition.__table__.c
    cols = ["id", "case_no", "kind", "source", "category_id", "petitioner_names", "village", "grid", "status",
            "received_at", "department_id", "handler_id", "accept_due_on", "accepted_on", "conclude_due_on",
            "extended_days", "replied_on", "follow_up_due_on", "closed_on", "satisfaction", "repeat_count"]
    df = ds.rows(select(*[p[c] for c in cols]).where(
        p.received_at < ds.as_of, or_(p.closed_on.is_(None), p.closed_on >= ds.period.start)).order_by(p.id),
        cols, datetimes=("received_at",),
        dates=("accept_due_on", "accepted_on", "conclude_due_on", "replied_on", "follow_up_due_on", "closed_on"))
    df["received_on"] = df["received_at"].dt.date
    return _stand_at(df, ds.today, ds.period.start)


def _present(d) -> bool:
    return d is not None and not pd.isna(d)


def _ts(series: pd.Series) -> pd.Series:
    """Dates (None when missing) as datetime64 for vectorised comparison; missing ones compare False."""
    return pd.to_datetime(series, errors="coerce") if len(series) else pd.Series(dtype="datetime64[ns]")


def _on_or_before(series: pd.Series, day: dt.date) -> pd.Series:
    return (_ts(series) <= pd.Timestamp(day)).astype(bool)


def _in(series: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    ts = _ts(series)
    return ((ts >= pd.Timestamp(start)) & (ts <= pd.Timestamp(end))).astype(bool)


def _before(series: pd.Series, day: dt.date) -> pd.Series:
    return (_ts(series) < pd.Timestamp(day)).astype(bool)


def _stand_at(df: pd.DataFrame, day: dt.date, start: dt.date) -> pd.DataFrame:
    """Flags of each case at day D and in the period [start, D]."""
    received = _on_or_before(df["received_on"], day)
    accepted = _on_or_before(df["accepted_on"], day)
    replied = _on_or_before(df["replied_on"], day)
    ended = _on_or_before(df["closed_on"], day)
    df["is_received"] = _in(df["received_on"], start, day)
    df["is_accepted"] = _in(df["accepted_on"], start, day)
    df["is_concluded"] = _in(df["replied_on"], start, day)
    conclude_due = _ts(df["conclude_due_on"])
    df["is_on_time"] = df["is_concluded"] & (conclude_due.isna() | (_ts(df["replied_on"]) <= conclude_due)).astype(bool)
    df["is_not_accepted"] = (df["status"] == "not_accepted") & _in(df["closed_on"], start, day)
    df["is_withdrawn"] = (df["status"] == "withdrawn") & _in(df["closed_on"], start, day)
    df["is_followed_up"] = (df["status"] == "closed") & _in(df["closed_on"], start, day) & df["satisfaction"].notna()
    df["is_open"] = received & ~replied & ~ended
    accept_late = received & ~accepted & ~ended & _before(df["accept_due_on"], day)
    conclude_late = (received & (accepted | (df["kind"] != "petition")) & ~replied & ~ended
                     & _before(df["conclude_due_on"], day))
    follow_late = replied & ~ended & _before(df["follow_up_due_on"], day)
    stage, due = [], []
    for a, c, f, ad, cd, fd in zip(accept_late, conclude_late, follow_late, df["accept_due_on"],
                                   df["conclude_due_on"], df["follow_up_due_on"], strict=True):
        if c:
            stage.append("conclude"), due.append(cd)
        elif a:
            stage.append("accept"), due.append(ad)
        elif f:
            stage.append("follow_up"), due.append(fd)
        else:
            stage.append(None), due.append(None)
    df["overdue_stage"] = stage
    df["overdue_due_on"] = due
    df["is_overdue"] = pd.Series([s is not None for s in stage], index=df.index, dtype=bool)
    df["days_overdue"] = [(day - d).days if s is not None else None for s, d in zip(stage, due, strict=True)]
    return df


@loader("petition_repeats")
def load_repeats(ds: Dataset) -> pd.DataFrame:
    s = PetitionStep.__table__.c
    p = Petition.__table__.c
    cols = ["id", "petition_id", "at", "note", "case_no", "category_id", "petitioner_names", "department_id",
            "status"]
    return ds.rows(select(s.id, s.petition_id, s.at, s.note, p.case_no, p.category_id, p.petitioner_names,
                          p.department_id, p.status)
                   .join(Petition.__table__, p.id == s.petition_id)
                   .where(s.action == "repeat_visit", s.at >= ds.period.start_at, s.at < ds.as_of)
                   .order_by(s.at, s.id), cols, datetimes=("at",))


@loader("petition_extensions")
def load_extensions(ds: Dataset) -> pd.DataFrame:
    e = PetitionExtension.__table__.c
    p = Petition.__table__.c
    cols = ["id", "petition_id", "case_no", "department_id", "days", "reason", "status", "requested_at",
            "decided_at", "decided_by_name"]
    start, end = ds.period.start_at, ds.as_of
    df = ds.rows(select(e.id, e.petition_id, p.case_no, p.department_id, e.days, e.reason, e.status, e.requested_at,
                        e.decided_at, e.decided_by_name)
                 .join(Petition.__table__, p.id == e.petition_id)
                 .where(or_(and_(e.requested_at >= start, e.requested_at < end),
                            and_(e.decided_at >= start, e.decided_at < end))).order_by(e.id),
                 cols, datetimes=("requested_at", "decided_at"))
    df["is_approved"] = (df["status"] == "approved") & (df["decided_at"] >= start) & (df["decided_at"] < end)
    df["is_requested"] = (df["requested_at"] >= start) & (df["requested_at"] < end)
    return df


@loader("petition_supervisions")
def load_supervisions(ds: Dataset) -> pd.DataFrame:
    """督办 notes written by D on the cases of the period (the overdue list counts them), flagged when written
    in the period."""
    s = PetitionSupervision.__table__.c
    p = Petition.__table__.c
    cases = select(p.id).where(p.received_at < ds.as_of, or_(p.closed_on.is_(None), p.closed_on >= ds.period.start))
    cols = ["id", "petition_id", "department_id", "note", "due_on", "created_at", "answered_at"]
    df = ds.rows(select(*[s[c] for c in cols]).where(s.created_at < ds.as_of, s.petition_id.in_(cases))
                 .order_by(s.id), cols, datetimes=("created_at", "answered_at"), dates=("due_on",))
    df["is_new"] = df["created_at"] >= ds.period.start_at
    return df


def supervision_counts(ds: Dataset) -> dict[int, int]:
    s = ds.table("petition_supervisions")
    return s.groupby("petition_id").size().to_dict() if not s.empty else {}


# ---------------------------------------------------------------- records

CASE_COLUMNS = (
    Col("case_no", "案号", TEXT, 22), Col("kind", "类别", TEXT, 6), Col("source", "来源", TEXT, 9),
    Col("category", "事项分类", TEXT, 14), Col("petitioners", "信访人", TEXT, 10), Col("village", "村（社区）", TEXT, 10),
    Col("department", "责任单位", TEXT, 14), Col("status", "状态", TEXT, 10), Col("received_on", "登记日期", DATE),
    Col("accepted_on", "受理日期", DATE), Col("conclude_due_on", "办结期限", DATE), Col("replied_on", "答复日期", DATE),
    Col("closed_on", "结案日期", DATE), Col("overdue", "超期情况", TEXT, 14),
)


def case_records(ds: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    categories = data.names(ds, "categories")
    departments = data.names(ds, "departments")
    return pd.DataFrame({
        "case_no": df["case_no"], "kind": df["kind"].map(KIND_LABELS), "source": df["source"].map(SOURCE_LABELS),
        "category": df["category_id"].map(categories), "petitioners": df["petitioner_names"].map(mask_name),
        "village": df["village"], "department": df["department_id"].map(
            lambda d: departments.get(d, "") if pd.notna(d) else NO_DEPARTMENT),
        "status": df["status"].map(STATUS_LABELS), "received_on": df["received_on"],
        "accepted_on": df["accepted_on"], "conclude_due_on": df["conclude_due_on"], "replied_on": df["replied_on"],
        "closed_on": df["closed_on"],
        "overdue": [f"{STAGE_LABELS[s]}超期{int(n)}天" if isinstance(s, str) else "" for s, n in
                    zip(df["overdue_stage"], df["days_overdue"], strict=True)],
    }).reset_index(drop=True)


REPEAT_COLUMNS = (Col("at", "来访时间", "datetime"), Col("case_no", "案号", TEXT, 22), Col("category", "事项分类", TEXT, 14),
                  Col("petitioners", "信访人", TEXT, 10), Col("department", "责任单位", TEXT, 14),
                  Col("note", "情况", TEXT, 30))
EXTENSION_COLUMNS = (Col("case_no", "案号", TEXT, 22), Col("department", "责任单位", TEXT, 14), Col("days", "延期天数", INT),
                     Col("reason", "理由", TEXT, 30), Col("status", "审批", TEXT, 8),
                     Col("requested_at", "申请时间", "datetime"), Col("decided_at", "审批时间", "datetime"))
EXTENSION_STATUS = {"pending": "待审批", "approved": "批准", "refused": "不批准", "lapsed": "已失效"}


def _repeat_records(ds: Dataset, r: pd.DataFrame) -> RecordList:
    categories = data.names(ds, "categories")
    departments = data.names(ds, "departments")
    return RecordList(REPEAT_COLUMNS, pd.DataFrame({
        "at": r["at"], "case_no": r["case_no"], "category": r["category_id"].map(categories),
        "petitioners": r["petitioner_names"].map(mask_name),
        "department": r["department_id"].map(lambda d: departments.get(d, "") if pd.notna(d) else NO_DEPARTMENT),
        "note": r["note"]}).reset_index(drop=True))


def _extension_records(ds: Dataset, e: pd.DataFrame) -> RecordList:
    departments = data.names(ds, "departments")
    return RecordList(EXTENSION_COLUMNS, pd.DataFrame({
        "case_no": e["case_no"],
        "department": e["department_id"].map(lambda d: departments.get(d, "") if pd.notna(d) else NO_DEPARTMENT),
        "days": e["days"], "reason": e["reason"], "status": e["status"].map(EXTENSION_STATUS),
        "requested_at": e["requested_at"], "decided_at": e["decided_at"]}).reset_index(drop=True))


CASE_FLAGS = {
    "received": "is_received", "accepted": "is_accepted", "not_accepted": "is_not_accepted",
    "concluded": "is_concluded", "on_time": "is_on_time", "on_time_rate": "is_concluded", "open": "is_open",
    "overdue": "is_overdue", "withdrawn": "is_withdrawn", "followed_up": "is_followed_up",
    "satisfaction_rate": "is_followed_up",
}


def _cases(ds: Dataset, column: str | None) -> pd.DataFrame:
    p = ds.table("petitions")
    if column == "reviews":
        return p[p["is_received"] & (p["kind"] == "review")]
    if column == "rechecks":
        return p[p["is_received"] & (p["kind"] == "recheck")]
    return p[p[CASE_FLAGS.get(column or "received", "is_received")]]


# ---------------------------------------------------------------- figures

def _summary(ds: Dataset) -> pd.DataFrame:
    p = ds.table("petitions")
    received = p[p["is_received"]]
    concluded = int(p["is_concluded"].sum())
    on_time = int(p["is_on_time"].sum())
    followed = p[p["is_followed_up"]]
    satisfied = int(followed["satisfaction"].isin(SATISFIED).sum())
    ext = ds.table("petition_extensions")
    row = {
        "received": len(received), "reviews": int((received["kind"] == "review").sum()),
        "rechecks": int((received["kind"] == "recheck").sum()), "accepted": int(p["is_accepted"].sum()),
        "not_accepted": int(p["is_not_accepted"].sum()), "concluded": concluded, "on_time": on_time,
        "on_time_rate": rate(on_time, concluded), "open": int(p["is_open"].sum()),
        "overdue": int(p["is_overdue"].sum()), "extensions": int(ext["is_approved"].sum()),
        "repeats": len(ds.table("petition_repeats")),
        "supervisions": int(ds.table("petition_supervisions")["is_new"].sum()),
        "withdrawn": int(p["is_withdrawn"].sum()), "followed_up": len(followed),
        "satisfaction_rate": rate(satisfied, len(followed)),
    }
    return frame([row], SUMMARY)


def _summary_records(ds: Dataset, row, column):
    if column == "extensions":
        e = ds.table("petition_extensions")
        return _extension_records(ds, e[e["is_approved"]])
    if column == "repeats":
        return _repeat_records(ds, ds.table("petition_repeats"))
    if column == "supervisions":
        s = ds.table("petition_supervisions")
        ids = set(s.loc[s["is_new"], "petition_id"])
        p = ds.table("petitions")
        return case_records(ds, p[p["id"].isin(ids)])
    cases = _cases(ds, column)
    if column == "satisfaction_rate":
        cases = cases[cases["satisfaction"].isin(SATISFIED)]
    return case_records(ds, cases)


SUMMARY = register(Figure(
    "petitions.summary", "petitions", "信访事项概况",
    (Col("received", "登记", INT), Col("reviews", "其中复查", INT), Col("rechecks", "其中复核", INT),
     Col("accepted", "受理", INT), Col("not_accepted", "不予受理", INT), Col("concluded", "办结", INT),
     Col("on_time", "按期办结", INT), Col("on_time_rate", "按期办结率", RATE), Col("open", "在办", INT),
     Col("overdue", "超期", INT), Col("extensions", "批准延期", INT), Col("repeats", "重复信访", INT),
     Col("supervisions", "督办", INT), Col("withdrawn", "撤回", INT), Col("followed_up", "回访", INT),
     Col("satisfaction_rate", "回访满意率", RATE)),
    _summary, scalar=True, records=_summary_records, record_columns=CASE_COLUMNS,
    drill_columns=frozenset(CASE_FLAGS) | {"reviews", "rechecks", "extensions", "repeats", "supervisions"},
    note="登记含复查、复核案件；办结以出具答复意见书为准，按期指答复日不晚于现行办结期限（含批准的延期）；"
         "在办、超期按报告截止日计；重复信访为同一事项在办期间再次来访的次数。",
))


def _by_department(ds: Dataset) -> pd.DataFrame:
    p = ds.table("petitions")
    rows = []
    dept = p["department_id"]
    departments = ds.table("departments")
    for _, d in departments.iterrows():
        mine = p[dept == d["id"]]
        row = _department_row(mine)
        if not d["active"] and not any(row.values()):
            continue
        rows.append({"department": d["name"], **row})
    unassigned = p[dept.isna()]
    row = _department_row(unassigned)
    if any(v for k, v in row.items() if k != "on_time_rate"):
        rows.append({"department": NO_DEPARTMENT, **row})
    return frame(rows, BY_DEPARTMENT)


def _department_row(mine: pd.DataFrame) -> dict:
    concluded = int(mine["is_concluded"].sum())
    on_time = int(mine["is_on_time"].sum())
    return {"accepted": int(mine["is_accepted"].sum()), "concluded": concluded, "on_time": on_time,
            "on_time_rate": rate(on_time, concluded), "open": int(mine["is_open"].sum()),
            "overdue": int(mine["is_overdue"].sum())}


def _department_cases(ds: Dataset, row) -> pd.DataFrame:
    p = ds.table("petitions")
    if row is None:
        return p
    if row == NO_DEPARTMENT:
        return p[p["department_id"].isna()]
    ids = [i for i, n in data.names(ds, "departments").items() if n == row]
    return p[p["department_id"].isin(ids)]


BY_DEPARTMENT = register(Figure(
    "petitions.by_department", "petitions", "各责任单位办理情况",
    (Col("department", "责任单位", TEXT, 16), Col("accepted", "交办", INT), Col("concluded", "办结", INT),
     Col("on_time", "按期办结", INT), Col("on_time_rate", "按期办结率", RATE), Col("open", "在办", INT),
     Col("overdue", "超期", INT)),
    _by_department, row_key="department",
    records=lambda ds, row, column: case_records(ds, _cases_in(_department_cases(ds, row), column)),
    record_columns=CASE_COLUMNS, drill_columns=frozenset({"accepted", "concluded", "on_time", "on_time_rate", "open",
                                                          "overdue"}),
    note="按案件当前责任单位统计；退回待重新交办的案件列入“（未交办）”。",
))


def _cases_in(p: pd.DataFrame, column: str | None) -> pd.DataFrame:
    return p[p[CASE_FLAGS.get(column or "received", "is_received")]] if column else p


OVERDUE_COLUMNS = (
    Col("department", "责任单位", TEXT, 14), Col("case_no", "案号", TEXT, 22), Col("kind", "类别", TEXT, 5),
    Col("category", "事项分类", TEXT, 12), Col("petitioners", "信访人", TEXT, 9), Col("received_on", "登记日期", DATE),
    Col("stage", "超期环节", TEXT, 8), Col("due_on", "期限", DATE), Col("days_overdue", "超期天数", INT),
    Col("supervisions", "已督办次数", INT),
)


def _overdue(ds: Dataset) -> pd.DataFrame:
    p = ds.table("petitions")
    late = p[p["is_overdue"]]
    if late.empty:
        return OVERDUE.empty()
    categories = data.names(ds, "categories")
    departments = data.names(ds, "departments")
    order = {d: i for i, d in enumerate(ds.table("departments")["id"])}
    counts = supervision_counts(ds)
    rows = [{
        "department": departments.get(r.department_id, "") if pd.notna(r.department_id) else (
            "中心（待受理）" if r.overdue_stage == "accept" else NO_DEPARTMENT),
        "case_no": r.case_no, "kind": KIND_LABELS[r.kind], "category": categories.get(r.category_id, ""),
        "petitioners": mask_name(r.petitioner_names), "received_on": r.received_on,
        "stage": STAGE_LABELS[r.overdue_stage], "due_on": r.overdue_due_on, "days_overdue": r.days_overdue,
        "supervisions": counts.get(r.id, 0),
        "_order": (order.get(r.department_id, len(order)) if pd.notna(r.department_id) else len(order),
                   -r.days_overdue, r.case_no)}
        for r in late.itertuples()]
    rows.sort(key=lambda r: r.pop("_order"))
    return frame(rows, OVERDUE)


OVERDUE = register(Figure(
    "petitions.overdue", "petitions", "超期事项督办单", OVERDUE_COLUMNS, _overdue, row_key="case_no",
    records=lambda ds, row, column: case_records(ds, ds.table("petitions")[
        ds.table("petitions")["is_overdue"] & ((ds.table("petitions")["case_no"] == row) if row else True)]),
    record_columns=CASE_COLUMNS,
    note="截至报告截止日已过期限仍未完成相应环节的事项，按责任单位排列，超期天数多者在前。信访人姓名已作脱敏处理。",
))


def overdue_by_department(ds: Dataset) -> pd.DataFrame:
    o = ds.figure("petitions.overdue")
    if o.empty:
        return pd.DataFrame({"department": pd.Series(dtype=object), "overdue": pd.Series(dtype="Int64")})
    counts = o.groupby("department", sort=False).size()
    return pd.DataFrame({"department": counts.index, "overdue": counts.values.astype(int)})


def _overdue_by_department(ds: Dataset) -> pd.DataFrame:
    df = overdue_by_department(ds)
    o = ds.figure("petitions.overdue")
    rows = []
    for dept, n in zip(df["department"], df["overdue"], strict=True):
        mine = o[o["department"] == dept]
        rows.append({"department": dept, "overdue": int(n), "max_days": int(mine["days_overdue"].max()),
                     "conclude": int((mine["stage"] == STAGE_LABELS["conclude"]).sum())})
    return frame(rows, OVERDUE_BY_DEPARTMENT)


def _overdue_department_records(ds: Dataset, row, column) -> pd.DataFrame:
    p = ds.table("petitions")
    late = p[p["is_overdue"]]
    if row is None:
        return case_records(ds, late)
    records = case_records(ds, late)
    overdue = ds.figure("petitions.overdue")
    numbers = set(overdue.loc[overdue["department"] == row, "case_no"])
    return records[records["case_no"].isin(numbers)].reset_index(drop=True)


OVERDUE_BY_DEPARTMENT = register(Figure(
    "petitions.overdue_by_department", "petitions", "各单位超期事项",
    (Col("department", "责任单位", TEXT, 16), Col("overdue", "超期件数", INT), Col("conclude", "其中超期未办结", INT),
     Col("max_days", "最长超期天数", INT)),
    _overdue_by_department, row_key="department", records=_overdue_department_records, record_columns=CASE_COLUMNS,
    drill_columns=frozenset({"overdue", "conclude", "max_days"}),
))


def _by_source(ds: Dataset) -> pd.DataFrame:
    p = ds.table("petitions")
    received = p[p["is_received"]]
    counts = received["source"].value_counts()
    rows = [{"source": label, "received": int(counts.get(code, 0)), "share": rate(int(counts.get(code, 0)),
                                                                                   len(received))}
            for code, label in SOURCE_LABELS.items()]
    return frame(rows, BY_SOURCE)


BY_SOURCE = register(Figure(
    "petitions.by_source", "petitions", "信访来源",
    (Col("source", "来源", TEXT, 12), Col("received", "登记", INT), Col("share", "占比", RATE)),
    _by_source, row_key="source",
    records=lambda ds, row, column: case_records(ds, _cases(ds, "received")[
        _cases(ds, "received")["source"].map(SOURCE_LABELS) == row] if row else _cases(ds, "received")),
    record_columns=CASE_COLUMNS, drill_columns=frozenset({"received", "share"}),
))
