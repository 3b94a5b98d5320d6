"""Matter-register figures (一案一码), from ``matter``, ``matter_step`` and ``matter_handover``.

- **Registered** (登记): matters registered in the period, by their kind as it stands at the report (a window
  matter that became a dispute counts as a dispute). The kinds add up to the total.
- **Concluded** (办结): matters closed in the period; **open** (在办): registered by D and not closed at D.
- **By route** (路线): *entered* counts the matters that moved onto a route in the period (a matter counts
  once per route however many steps it took there); *current* puts every matter open at D on the route of its
  step at D, so the current column adds up to the open matters.
- **Late handovers** (转交超时未签收): handovers sent in the period that the receiver did not acknowledge within
  ``matter_handover_alert_hours`` (acknowledged later, or still not at D with the time passed).
- **Outcome ratings** (办理结果评价): ratings of a matter's outcome given in the period at the kiosk;
  satisfaction rate = (非常满意 + 满意) ÷ ratings, as for the windows' ratings.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import or_, select

from desktop.models import Matter, MatterHandover, MatterStep, Setting
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import INT, RATE, TEXT, Col, Figure, frame, rate, register
from desktop.reports.satisfaction import BAD, GOOD

KIND_LABELS = {"window": "窗口事项", "petition": "信访事项", "dispute": "矛盾纠纷", "work_order": "12345及网格工单"}
ROUTE_LABELS = {"window": "窗口办理", "mediation": "人民调解", "judicial": "司法确认", "arbitration": "仲裁",
                "court": "诉讼（诉调对接）", "petition": "信访", "review": "复查", "recheck": "复核"}
ALERT_HOURS_DEFAULT = 4  # as desktop.services.admin.settings declares matter_handover_alert_hours


def alert_hours(ds: Dataset) -> int:
    row = ds.conn.execute(select(Setting.value).where(Setting.key == "matter_handover_alert_hours")).scalar()
    return int(json.loads(row)) if row is not None else ALERT_HOURS_DEFAULT


# ---------------------------------------------------------------- base rows

@loader("matters")
def load_matters(ds: Dataset) -> pd.DataFrame:
    """Matters registered by D and not closed before the period began, with their flags at D."""
    m = Matter.__table__.c
    cols = ["id", "code", "kind", "state", "registered_at", "closed_at"]
    df = ds.rows(select(m.id, m.code, m.kind, m.state, m.registered_at, m.closed_at).where(
        m.registered_at < ds.as_of, or_(m.closed_at.is_(None), m.closed_at >= ds.period.start_at)).order_by(m.id),
        cols, datetimes=("registered_at", "closed_at"))
    start, end = pd.Timestamp(ds.period.start_at), pd.Timestamp(ds.as_of)
    closed = df["closed_at"]
    df["is_registered"] = (df["registered_at"] >= start).astype(bool)
    df["is_closed"] = (closed.notna() & (closed >= start) & (closed < end)).astype(bool)
    df["is_open"] = (closed.isna() | (closed >= end)).astype(bool)
    return df


@loader("matter_steps")
def load_matter_steps(ds: Dataset) -> pd.DataFrame:
    """The steps entered by D of the matters of ``matters``, in order."""
    s = MatterStep.__table__.c
    m = Matter.__table__.c
    ids = select(m.id).where(m.registered_at < ds.as_of,
                             or_(m.closed_at.is_(None), m.closed_at >= ds.period.start_at))
    return ds.rows(select(s.id, s.matter_id, s.route, s.entered_at).where(
        s.matter_id.in_(ids), s.entered_at < ds.as_of).order_by(s.matter_id, s.id),
        ["id", "matter_id", "route", "entered_at"], datetimes=("entered_at",))


@loader("matter_handovers")
def load_matter_handovers(ds: Dataset) -> pd.DataFrame:
    """Handovers sent in the period (by D), with whether they were acknowledged in time."""
    h = MatterHandover.__table__.c
    df = ds.rows(select(h.id, h.matter_id, h.sent_at, h.acknowledged_at).where(
        h.sent_at >= ds.period.start_at, h.sent_at < ds.as_of).order_by(h.id),
        ["id", "matter_id", "sent_at", "acknowledged_at"], datetimes=("sent_at", "acknowledged_at"))
    limit = df["sent_at"] + pd.Timedelta(hours=alert_hours(ds))
    ack = df["acknowledged_at"].where(df["acknowledged_at"] < pd.Timestamp(ds.as_of))
    acked_late = ack.notna() & (ack > limit)
    waiting_late = ack.isna() & (limit < pd.Timestamp(ds.as_of))
    df["is_late"] = (acked_late | waiting_late).astype(bool)
    return df


@loader("matter_ratings")
def load_matter_ratings(ds: Dataset) -> pd.DataFrame:
    m = Matter.__table__.c
    return ds.rows(select(m.id, m.rating, m.rated_at).where(
        m.rated_at >= ds.period.start_at, m.rated_at < ds.as_of, m.rating.is_not(None)).order_by(m.id),
        ["id", "rating", "rated_at"], datetimes=("rated_at",))


# ---------------------------------------------------------------- figures

def _summary(ds: Dataset) -> pd.DataFrame:
    m = ds.table("matters")
    h = ds.table("matter_handovers")
    r = ds.table("matter_ratings")
    good = int(r["rating"].isin(GOOD).sum())
    row = {"registered": int(m["is_registered"].sum()), "closed": int(m["is_closed"].sum()),
           "open": int(m["is_open"].sum()), "handovers": len(h), "handovers_late": int(h["is_late"].sum()),
           "rated": len(r), "good": good, "satisfaction_rate": rate(good, len(r)),
           "bad": int(r["rating"].isin(BAD).sum())}
    return frame([row], SUMMARY)


SUMMARY = register(Figure(
    "matters.summary", "matters", "一案一码事项概况",
    (Col("registered", "登记事项", INT), Col("closed", "办结事项", INT), Col("open", "在办事项", INT),
     Col("handovers", "转交次数", INT), Col("handovers_late", "转交超时未签收", INT),
     Col("rated", "结果评价数", INT), Col("good", "结果满意数", INT), Col("satisfaction_rate", "结果满意率", RATE),
     Col("bad", "结果差评数", INT)),
    _summary, scalar=True,
    note="登记按本期登记的事项计，办结按本期办结的事项计，在办按报告截止时计；转交超时未签收指本期转交后超过规定"
         "时限才签收或至截止时仍未签收的转交；结果满意率＝（非常满意＋满意）÷结果评价数。",
))


def _by_kind(ds: Dataset) -> pd.DataFrame:
    m = ds.table("matters")
    rows = []
    for kind, label in KIND_LABELS.items():
        mine = m[m["kind"] == kind]
        rows.append({"kind_name": label, "registered": int(mine["is_registered"].sum()),
                     "closed": int(mine["is_closed"].sum()), "open": int(mine["is_open"].sum())})
    return frame(rows, BY_KIND)


BY_KIND = register(Figure(
    "matters.by_kind", "matters", "各类事项登记办理情况",
    (Col("kind_name", "事项类别", TEXT, 14), Col("registered", "登记事项", INT), Col("closed", "办结事项", INT),
     Col("open", "在办事项", INT)),
    _by_kind, row_key="kind_name",
    note="按事项现时的类别统计（窗口事项转为信访或纠纷后计入后者），各类之和等于概况中的合计。",
))


def _current_routes(ds: Dataset) -> pd.Series:
    """The route each matter open at D is on (its last step entered by D), by matter id."""
    m = ds.table("matters")
    s = ds.table("matter_steps")
    last = s.drop_duplicates("matter_id", keep="last").set_index("matter_id")["route"]
    return m.loc[m["is_open"], "id"].map(last).fillna("window")


def _by_route(ds: Dataset) -> pd.DataFrame:
    s = ds.table("matter_steps")
    entered = s[s["entered_at"] >= pd.Timestamp(ds.period.start_at)].drop_duplicates(["matter_id", "route"])
    entered_counts = entered["route"].value_counts()
    current = _current_routes(ds).value_counts()
    rows = [{"route_name": label, "entered": int(entered_counts.get(route, 0)), "current": int(current.get(route, 0))}
            for route, label in ROUTE_LABELS.items()]
    return frame(rows, BY_ROUTE)


BY_ROUTE = register(Figure(
    "matters.by_route", "matters", "事项路线分布",
    (Col("route_name", "路线", TEXT, 14), Col("entered", "本期进入", INT), Col("current", "截止时所在", INT)),
    _by_route, row_key="route_name",
    note="本期进入：本期转入该路线的事项数（同一事项在同一路线只计一次）；截止时所在：报告截止时在办事项当前所在"
         "路线，合计等于在办事项。",
))

