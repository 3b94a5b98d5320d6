"""Mediation figures (人民调解), from ``dispute``, ``agreement`` with its terms and performance checks,
``judicial_confirmation`` and the room bookings.

- **Received** (受理): disputes registered in the period, by dispute type.
- **Concluded** (结案): disputes closed in the period (agreed, failed, terminated or referred);
  **successful** (调解成功): closed with an agreement (written or oral). The success rate is successful ÷
  concluded; no conclusions, no rate.
- **Overdue** (超期): open at D past their due day (one month by default).
- **Agreements performed** (协议履行): for the agreements of disputes concluded successfully in the period, the
  state at D of the agreement in force (the latest final version): performed when the latest check of every
  term says performed; partly when some term is performed or partly performed; not performed when checks
  exist and none of the above; not checked yet otherwise (an oral agreement without terms counts as checked
  by its follow-up visit).
- **Judicial confirmation** (司法确认): applications made, and confirmations or rejections decided, in the period.
- **Room utilisation** (调解室使用): per room, the sessions held in the period and their hours, over the
  opening hours of the working days of the period up to D.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select

from desktop.models import (
    Agreement,
    AgreementTerm,
    Booking,
    Dispute,
    FollowUpVisit,
    JudicialConfirmation,
    TermPerformance,
)
from desktop.reports import data
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import (
    DATE,
    DATETIME,
    INT,
    NUMBER,
    RATE,
    TEXT,
    Col,
    Figure,
    RecordList,
    frame,
    rate,
    register,
)
from desktop.reports.petitions.cases import _before, _in, _on_or_before, mask_name

STATE_LABELS = {"registered": "已登记", "scheduled": "已排期", "in_mediation": "调解中", "agreed": "调解成功",
                "failed": "调解不成", "terminated": "终止调解", "referred": "移送"}
SOURCE_LABELS = {"proactive": "主动调解", "application": "申请调解", "referral": "接受委托移送"}
OPEN = ("registered", "scheduled", "in_mediation")
PERFORMANCE_LABELS = {"performed": "已履行", "partly": "部分履行", "not_performed": "未履行", "unchecked": "未核查"}
JUDICIAL_LABELS = {"reminded": "已提醒", "applied": "已申请", "confirmed": "已确认", "rejected": "被驳回",
                   "declined": "放弃申请"}


def _present(d) -> bool:
    return d is not None and not pd.isna(d)


# ---------------------------------------------------------------- base rows

@loader("disputes")
def load_disputes(ds: Dataset) -> pd.DataFrame:
    """Disputes registered by D and not closed before the period began."""
    d = Dispute.__table__.c
    cols = ["id", "case_no", "type_id", "source", "title", "village", "party_names", "state", "registered_at",
            "due_on", "closed_on", "referred_to"]
    df = ds.rows(select(*[d[c] for c in cols]).where(
        d.registered_at < ds.as_of, or_(d.closed_on.is_(None), d.closed_on >= ds.period.start)).order_by(d.id),
        cols, datetimes=("registered_at",), dates=("due_on", "closed_on"))
    day, start = ds.today, ds.period.start
    df["registered_on"] = df["registered_at"].dt.date
    closed_by = _on_or_before(df["closed_on"], day)
    df["is_received"] = _in(df["registered_on"], start, day)
    df["is_concluded"] = _in(df["closed_on"], start, day)
    df["is_success"] = df["is_concluded"] & (df["state"] == "agreed")
    df["is_open"] = ~closed_by
    df["is_overdue"] = df["is_open"] & _before(df["due_on"], day)
    df["days_overdue"] = [(day - u).days if o else None for o, u in zip(df["is_overdue"], df["due_on"], strict=True)]
    return df


@loader("agreements")
def load_agreements(ds: Dataset) -> pd.DataFrame:
    """The agreement in force (latest final version) of each dispute concluded successfully in the period,
    with the state of its performance at D."""
    d = Dispute.__table__.c
    a = Agreement.__table__.c
    t = AgreementTerm.__table__.c
    p = TermPerformance.__table__.c
    f = FollowUpVisit.__table__.c
    settled = select(d.id).where(d.state == "agreed", d.closed_on >= ds.period.start, d.closed_on <= ds.today)
    cols = ["id", "dispute_id", "version_no", "form", "signed_on"]
    df = ds.rows(select(a.id, a.dispute_id, a.version_no, a.form, a.signed_on)
                 .where(a.dispute_id.in_(settled), a.state == "final").order_by(a.dispute_id, a.version_no), cols,
                 dates=("signed_on",))
    df = df.drop_duplicates("dispute_id", keep="last").reset_index(drop=True)
    final = select(a.id).where(a.dispute_id.in_(settled), a.state == "final")
    terms = ds.rows(select(t.id, t.agreement_id).where(t.agreement_id.in_(final)), ["term_id", "agreement_id"])
    checks = ds.rows(select(p.term_id, p.status, p.recorded_at, p.id)
                     .join(AgreementTerm.__table__, t.id == p.term_id)
                     .where(t.agreement_id.in_(final), p.recorded_at < ds.as_of)
                     .order_by(p.term_id, p.recorded_at, p.id), ["term_id", "status", "recorded_at", "id"])
    latest = checks.drop_duplicates("term_id", keep="last").set_index("term_id")["status"].to_dict()
    visited = set(ds.rows(select(f.dispute_id).where(f.dispute_id.in_(settled), f.created_at < ds.as_of),
                          ["dispute_id"])["dispute_id"])
    by_agreement = terms.groupby("agreement_id")["term_id"].apply(list).to_dict() if len(terms) else {}
    states = []
    for agreement_id, dispute_id in zip(df["id"], df["dispute_id"], strict=True):
        statuses = [latest.get(term) for term in by_agreement.get(agreement_id, [])]
        states.append(_performance(statuses, dispute_id in visited))
    df["terms"] = [len(by_agreement.get(i, [])) for i in df["id"]]
    df["performance"] = states
    return df


def _performance(statuses: list[str | None], visited: bool) -> str:
    if not statuses:
        return "performed" if visited else "unchecked"
    if all(s == "performed" for s in statuses):
        return "performed"
    if any(s in ("performed", "partly") for s in statuses):
        return "partly"
    if any(s is not None for s in statuses):
        return "not_performed"
    return "unchecked"


@loader("judicial")
def load_judicial(ds: Dataset) -> pd.DataFrame:
    j = JudicialConfirmation.__table__.c
    d = Dispute.__table__.c
    start, day = ds.period.start, ds.today
    cols = ["id", "dispute_id", "case_no", "status", "applied_on", "decided_on", "court"]
    df = ds.rows(select(j.id, j.dispute_id, d.case_no, j.status, j.applied_on, j.decided_on, j.court)
                 .join(Dispute.__table__, d.id == j.dispute_id)
                 .where(or_(j.applied_on.between(start, day), j.decided_on.between(start, day))).order_by(j.id),
                 cols, dates=("applied_on", "decided_on"))
    df["is_applied"] = df["applied_on"].map(lambda a: _present(a) and start <= a <= day).astype(bool)
    decided = df["decided_on"].map(lambda a: _present(a) and start <= a <= day).astype(bool)
    df["is_confirmed"] = decided & (df["status"] == "confirmed")
    df["is_rejected"] = decided & (df["status"] == "rejected")
    return df


@loader("room_sessions")
def load_room_sessions(ds: Dataset) -> pd.DataFrame:
    """Bookings held (a session took place) or still confirmed, starting in the period before D's end."""
    b = Booking.__table__.c
    d = Dispute.__table__.c
    cols = ["id", "room_id", "dispute_id", "case_no", "start_at", "end_at", "state"]
    df = ds.rows(select(b.id, b.room_id, b.dispute_id, d.case_no, b.start_at, b.end_at, b.state)
                 .join(Dispute.__table__, d.id == b.dispute_id)
                 .where(b.start_at >= ds.period.start_at, b.start_at < ds.period.end_at,
                        b.state.in_(("held", "confirmed"))).order_by(b.start_at, b.id),
                 cols, datetimes=("start_at", "end_at"))
    df["hours"] = (df["end_at"] - df["start_at"]).dt.total_seconds() / 3600.0
    df["is_held"] = (df["state"] == "held") & (df["start_at"] < ds.as_of)
    return df


# ---------------------------------------------------------------- records

DISPUTE_COLUMNS = (
    Col("case_no", "案号", TEXT, 22), Col("type", "纠纷类型", TEXT, 10), Col("source", "来源", TEXT, 10),
    Col("title", "案由", TEXT, 24), Col("parties", "当事人", TEXT, 14), Col("village", "村（社区）", TEXT, 10),
    Col("state", "状态", TEXT, 9), Col("registered_on", "受理日期", DATE), Col("due_on", "期限", DATE),
    Col("closed_on", "结案日期", DATE), Col("performance", "协议履行", TEXT, 9),
)


def dispute_records(ds: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    types = data.names(ds, "dispute_types")
    agreements = ds.table("agreements")
    perf = dict(zip(agreements["dispute_id"], agreements["performance"], strict=True)) if len(agreements) else {}
    return pd.DataFrame({
        "case_no": df["case_no"], "type": df["type_id"].map(types), "source": df["source"].map(SOURCE_LABELS),
        "title": df["title"], "parties": df["party_names"].map(mask_name), "village": df["village"],
        "state": df["state"].map(STATE_LABELS), "registered_on": df["registered_on"], "due_on": df["due_on"],
        "closed_on": df["closed_on"], "performance": df["id"].map(lambda i: PERFORMANCE_LABELS.get(perf.get(i), "")),
    }).reset_index(drop=True)


FLAGS = {"received": "is_received", "concluded": "is_concluded", "success": "is_success",
         "success_rate": "is_success", "open": "is_open", "overdue": "is_overdue"}


def _disputes(ds: Dataset, column: str | None) -> pd.DataFrame:
    d = ds.table("disputes")
    if column in ("performed", "partly", "not_performed", "unchecked", "agreements"):
        a = ds.table("agreements")
        ids = set(a["dispute_id"] if column == "agreements" else a.loc[a["performance"] == column, "dispute_id"])
        return d[d["id"].isin(ids)]
    if column in ("failed", "terminated", "referred"):
        return d[d["is_concluded"] & (d["state"] == column)]
    return d[d[FLAGS.get(column or "received", "is_received")]]


JUDICIAL_COLUMNS = (Col("case_no", "案号", TEXT, 22), Col("status", "状态", TEXT, 9), Col("applied_on", "申请日期", DATE),
                    Col("decided_on", "裁定日期", DATE), Col("court", "法院", TEXT, 16))


def _judicial_records(ds: Dataset, column: str | None) -> RecordList:
    j = ds.table("judicial")
    flag = {"judicial_applied": "is_applied", "judicial_confirmed": "is_confirmed",
            "judicial_rejected": "is_rejected"}.get(column or "")
    if flag:
        j = j[j[flag]]
    return RecordList(JUDICIAL_COLUMNS, pd.DataFrame({
        "case_no": j["case_no"], "status": j["status"].map(JUDICIAL_LABELS), "applied_on": j["applied_on"],
        "decided_on": j["decided_on"], "court": j["court"]}).reset_index(drop=True))


# ---------------------------------------------------------------- figures

def _summary(ds: Dataset) -> pd.DataFrame:
    d = ds.table("disputes")
    a = ds.table("agreements")
    j = ds.table("judicial")
    concluded = int(d["is_concluded"].sum())
    success = int(d["is_success"].sum())
    perf = a["performance"].value_counts() if len(a) else pd.Series(dtype=int)
    closed = d[d["is_concluded"]]
    row = {"received": int(d["is_received"].sum()), "concluded": concluded, "success": success,
           "success_rate": rate(success, concluded), "failed": int((closed["state"] == "failed").sum()),
           "terminated": int((closed["state"] == "terminated").sum()),
           "referred": int((closed["state"] == "referred").sum()), "open": int(d["is_open"].sum()),
           "overdue": int(d["is_overdue"].sum()), "agreements": len(a),
           "performed": int(perf.get("performed", 0)), "partly": int(perf.get("partly", 0)),
           "performance_rate": rate(int(perf.get("performed", 0)), len(a)),
           "judicial_applied": int(j["is_applied"].sum()), "judicial_confirmed": int(j["is_confirmed"].sum()),
           "judicial_rejected": int(j["is_rejected"].sum()),
           "sessions": int(ds.table("room_sessions")["is_held"].sum())}
    return frame([row], SUMMARY)


def _summary_records(ds: Dataset, row, column):
    if column and column.startswith("judicial_"):
        return _judicial_records(ds, column)
    if column == "sessions":
        return _session_records(ds, None)
    if column == "performance_rate":
        column = "performed"
    return dispute_records(ds, _disputes(ds, column))


SUMMARY = register(Figure(
    "mediation.summary", "mediation", "矛盾纠纷调解概况",
    (Col("received", "受理", INT), Col("concluded", "结案", INT), Col("success", "调解成功", INT),
     Col("success_rate", "调解成功率", RATE), Col("failed", "调解不成", INT), Col("terminated", "终止调解", INT),
     Col("referred", "移送", INT), Col("open", "在调", INT), Col("overdue", "超期", INT),
     Col("agreements", "达成协议", INT), Col("performed", "协议已履行", INT), Col("partly", "部分履行", INT),
     Col("performance_rate", "协议履行率", RATE), Col("judicial_applied", "申请司法确认", INT),
     Col("judicial_confirmed", "司法确认", INT), Col("judicial_rejected", "确认驳回", INT),
     Col("sessions", "调解场次", INT)),
    _summary, scalar=True, records=_summary_records, record_columns=DISPUTE_COLUMNS,
    drill_columns=frozenset(FLAGS) | {"failed", "terminated", "referred", "agreements", "performed", "partly",
                                      "performance_rate", "judicial_applied", "judicial_confirmed",
                                      "judicial_rejected", "sessions"},
    note="调解成功率＝调解成功÷本期结案；协议履行按本期调解成功案件的现行协议统计，履行率＝已履行÷达成协议；"
         "在调、超期按报告截止日计。",
))


def _by_type(ds: Dataset) -> pd.DataFrame:
    d = ds.table("disputes")
    prev = ds.previous().table("disputes")
    rows = []
    for _, t in ds.table("dispute_types").iterrows():
        mine = d[d["type_id"] == t["id"]]
        before = int(prev.loc[prev["type_id"] == t["id"], "is_received"].sum())
        concluded = int(mine["is_concluded"].sum())
        success = int(mine["is_success"].sum())
        received = int(mine["is_received"].sum())
        if not t["active"] and not (received or concluded):
            continue
        rows.append({"type": t["name"], "received": received, "previous": before, "concluded": concluded,
                     "success": success, "success_rate": rate(success, concluded)})
    return frame(rows, BY_TYPE)


def _type_records(ds: Dataset, row, column):
    if column == "previous":
        p = ds.previous()
        d = p.table("disputes")
        ids = [i for i, n in data.names(ds, "dispute_types").items() if n == row] if row else list(d["type_id"])
        return dispute_records(p, d[d["is_received"] & d["type_id"].isin(ids)])
    d = _disputes(ds, column)
    if row is not None:
        ids = [i for i, n in data.names(ds, "dispute_types").items() if n == row]
        d = d[d["type_id"].isin(ids)]
    return dispute_records(ds, d)


BY_TYPE = register(Figure(
    "mediation.by_type", "mediation", "矛盾纠纷分类调解情况",
    (Col("type", "纠纷类型", TEXT, 12), Col("received", "受理", INT), Col("previous", "上期受理", INT),
     Col("concluded", "结案", INT), Col("success", "调解成功", INT), Col("success_rate", "调解成功率", RATE)),
    _by_type, row_key="type", records=_type_records, record_columns=DISPUTE_COLUMNS,
    drill_columns=frozenset({"received", "previous", "concluded", "success", "success_rate"}),
))


SESSION_COLUMNS = (Col("room", "调解室", TEXT, 12), Col("case_no", "案号", TEXT, 22), Col("start_at", "开始", DATETIME),
                   Col("end_at", "结束", DATETIME), Col("hours", "时长（小时）", NUMBER), Col("state", "状态", TEXT, 8))


def _session_records(ds: Dataset, room: str | None, which: str = "held") -> RecordList:
    """Held sessions, or (``which="booked"``) bookings of the period not held (yet)."""
    s = ds.table("room_sessions")
    rooms = data.names(ds, "rooms")
    s = s[s["is_held"]] if which == "held" else s[~s["is_held"]]
    if room is not None:
        s = s[s["room_id"].map(rooms) == room]
    return RecordList(SESSION_COLUMNS, pd.DataFrame({
        "room": s["room_id"].map(rooms), "case_no": s["case_no"], "start_at": s["start_at"], "end_at": s["end_at"],
        "hours": s["hours"].round(1), "state": s["state"].map({"held": "已举行", "confirmed": "已预订"})})
        .reset_index(drop=True))


def available_hours(ds: Dataset) -> float:
    """Opening hours of the period's working days up to D."""
    opens, closes = data.opening_hours(ds)
    per_day = (dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens)).total_seconds()
    return len(data.working_days(ds, until=ds.today)) * per_day / 3600.0


def _rooms(ds: Dataset) -> pd.DataFrame:
    s = ds.table("room_sessions")
    hours = available_hours(ds)
    rows = []
    for _, r in ds.table("rooms").iterrows():
        mine = s[s["room_id"] == r["id"]]
        held = mine[mine["is_held"]]
        if r["kind"] not in ("mediation", "hearing", "reception") and held.empty and mine.empty:
            continue
        used = round(float(held["hours"].sum()), 1)
        rows.append({"room": r["name"], "sessions": len(held), "hours": used,
                     "booked": len(mine[~mine["is_held"]]), "available": round(hours, 1),
                     "utilisation": rate(used, round(hours, 1))})
    return frame(rows, ROOMS)


ROOMS = register(Figure(
    "mediation.rooms", "mediation", "调解室使用情况",
    (Col("room", "调解室", TEXT, 14), Col("sessions", "调解场次", INT), Col("hours", "使用时长（小时）", NUMBER),
     Col("booked", "待举行预约", INT), Col("available", "可用时长（小时）", NUMBER),
     Col("utilisation", "使用率", RATE)),
    _rooms, row_key="room",
    records=lambda ds, row, column: _session_records(ds, row, "booked" if column == "booked" else "held"),
    drill_columns=frozenset({"sessions", "hours", "booked", "utilisation"}),
    note="使用率＝已举行调解的时长÷期间内工作日的开放时长（截至报告截止日）。",
))
