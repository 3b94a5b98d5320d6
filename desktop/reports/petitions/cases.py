"""The petition base rows: every case of the period with its flags at the as-of day (received, accepted,
concluded, on time, overdue and at which stage), its repeat visits, extensions and 督办 notes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, or_, select

from desktop.models import Petition, PetitionExtension, PetitionStep, PetitionSupervision
from desktop.reports.data import Dataset, loader

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
