"""The petition figures: the summary, each department's work, the overdue list (督办单) and its totals per
department, and the sources."""

from __future__ import annotations

import pandas as pd

from desktop.reports import data
from desktop.reports.data import Dataset
from desktop.reports.figures import DATE, INT, RATE, TEXT, Col, Figure, frame, rate, register
from desktop.reports.petitions.cases import (
    KIND_LABELS,
    NO_DEPARTMENT,
    SATISFIED,
    SOURCE_LABELS,
    STAGE_LABELS,
    mask_name,
    supervision_counts,
)
from desktop.reports.petitions.records import (
    CASE_COLUMNS,
    CASE_FLAGS,
    case_records,
    cases_in,
    cases_with,
    extension_records,
    repeat_records,
)


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
        return extension_records(ds, e[e["is_approved"]])
    if column == "repeats":
        return repeat_records(ds, ds.table("petition_repeats"))
    if column == "supervisions":
        s = ds.table("petition_supervisions")
        ids = set(s.loc[s["is_new"], "petition_id"])
        p = ds.table("petitions")
        return case_records(ds, p[p["id"].isin(ids)])
    cases = cases_with(ds, column)
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
    records=lambda ds, row, column: case_records(ds, cases_in(_department_cases(ds, row), column)),
    record_columns=CASE_COLUMNS, drill_columns=frozenset({"accepted", "concluded", "on_time", "on_time_rate", "open",
                                                          "overdue"}),
    note="按案件当前责任单位统计；退回待重新交办的案件列入“（未交办）”。",
))


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
    records=lambda ds, row, column: case_records(ds, cases_with(ds, "received")[
        cases_with(ds, "received")["source"].map(SOURCE_LABELS) == row] if row else cases_with(ds, "received")),
    record_columns=CASE_COLUMNS, drill_columns=frozenset({"received", "share"}),
))
