"""The records behind the petition figures: case lists with masked names, repeat visits and extensions."""

from __future__ import annotations

import pandas as pd

from desktop.reports import data
from desktop.reports.data import Dataset
from desktop.reports.figures import DATE, INT, TEXT, Col, RecordList
from desktop.reports.petitions.cases import (
    KIND_LABELS,
    NO_DEPARTMENT,
    SOURCE_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    mask_name,
)

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


def repeat_records(ds: Dataset, r: pd.DataFrame) -> RecordList:
    categories = data.names(ds, "categories")
    departments = data.names(ds, "departments")
    return RecordList(REPEAT_COLUMNS, pd.DataFrame({
        "at": r["at"], "case_no": r["case_no"], "category": r["category_id"].map(categories),
        "petitioners": r["petitioner_names"].map(mask_name),
        "department": r["department_id"].map(lambda d: departments.get(d, "") if pd.notna(d) else NO_DEPARTMENT),
        "note": r["note"]}).reset_index(drop=True))


def extension_records(ds: Dataset, e: pd.DataFrame) -> RecordList:
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


def cases_with(ds: Dataset, column: str | None) -> pd.DataFrame:
    p = ds.table("petitions")
    if column == "reviews":
        return p[p["is_received"] & (p["kind"] == "review")]
    if column == "rechecks":
        return p[p["is_received"] & (p["kind"] == "recheck")]
    return p[p[CASE_FLAGS.get(column or "received", "is_received")]]


def cases_in(p: pd.DataFrame, column: str | None) -> pd.DataFrame:
    return p[p[CASE_FLAGS.get(column or "received", "is_received")]] if column else p
