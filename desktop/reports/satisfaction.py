"""Satisfaction figures (好差评), from the ratings on ``queue_ticket`` and ``queue_follow_up``.

- A rating counts in the period of its ticket (ratings are given right after service, the same day).
- The satisfaction rate is (非常满意 + 满意) ÷ ratings given; no ratings, no rate.
- A bad rating is 不满意 or 非常不满意. Its follow-up stands as of the report's as-of moment: answered
  (已回访) when the answer was recorded by then; otherwise open (待回访), and overdue (逾期) once its due day
  has passed.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from desktop.models import RatingFollowUp, Ticket
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import DATE, DATETIME, INT, RATE, TEXT, Col, Figure, frame, rate, register
from desktop.reports.queue import RATING_LABELS, ticket_records

LEVELS = tuple(RATING_LABELS)
GOOD = ("very_satisfied", "satisfied")
BAD = ("dissatisfied", "very_dissatisfied")
FOLLOW_UP_LABELS = {"open": "待回访", "overdue": "逾期未回访", "answered": "已回访", "missing": "未建立"}


def rated(ds: Dataset) -> pd.DataFrame:
    t = ds.table("tickets")
    return t[t["rating"].notna() & (t["rated_at"] < ds.as_of)]


@loader("follow_ups")
def load_follow_ups(ds: Dataset) -> pd.DataFrame:
    f = RatingFollowUp.__table__.c
    t = Ticket.__table__.c
    p = ds.period
    cols = ["id", "ticket_id", "rating", "opened_at", "due_on", "answer", "answered_at"]
    df = ds.rows(select(*[f[c] for c in cols]).join(Ticket.__table__, t.id == f.ticket_id)
                 .where(t.day >= p.start, t.day <= p.end), cols, datetimes=("opened_at", "answered_at"),
                 dates=("due_on",))
    answered = df["answered_at"].notna() & (df["answered_at"] < ds.as_of)
    overdue = ~answered & df["due_on"].map(lambda d: d is not None and d < ds.as_of.date())
    df["state"] = ["answered" if a else "overdue" if o else "open" for a, o in zip(answered, overdue, strict=True)]
    df.loc[~answered, "answered_at"] = pd.NaT
    df.loc[~answered, "answer"] = ""  # an answer written after the as-of moment was not there yet
    return df


def _with_follow_up(ds: Dataset, r: pd.DataFrame) -> pd.DataFrame:
    """Rated tickets with their follow-up's state, due day, answer time and answer (a bad rating without a
    follow-up is "missing"; a good one has none)."""
    f = ds.table("follow_ups")[["ticket_id", "state", "due_on", "answered_at", "answer"]]
    out = r.merge(f, how="left", left_on="id", right_on="ticket_id", sort=False)
    out.index = r.index
    bad = out["rating"].isin(BAD)
    out["follow_up_state"] = out["state"].where(out["state"].notna(), pd.Series(
        ["missing" if b else None for b in bad], index=out.index, dtype=object))
    out["answer"] = out["answer"].where(out["answer"].notna(), "")
    return out.drop(columns=["state", "ticket_id"])


def bad_ratings(ds: Dataset) -> pd.DataFrame:
    """Bad ratings of the period with their follow-up (state "missing" if none was opened)."""
    r = rated(ds)
    return _with_follow_up(ds, r[r["rating"].isin(BAD)])


def _summary(ds: Dataset) -> pd.DataFrame:
    r = rated(ds)
    counts = r["rating"].value_counts()
    n = len(r)
    good = int(sum(counts.get(k, 0) for k in GOOD))
    bad = bad_ratings(ds)
    served = int((ds.table("tickets")["status"] == "finished").sum())
    row = {"rated": n, "rated_share": rate(n, served), "good": good, "satisfaction_rate": rate(good, n),
           "bad": len(bad),
           "follow_up_open": int(bad["follow_up_state"].isin(("open", "overdue", "missing")).sum()),
           "follow_up_overdue": int((bad["follow_up_state"] == "overdue").sum()),
           "follow_up_answered": int((bad["follow_up_state"] == "answered").sum())}
    row.update({k: int(counts.get(k, 0)) for k in LEVELS})
    return frame([row], SUMMARY)


RATING_RECORD_COLUMNS = (
    Col("day", "日期", DATE), Col("number", "票号", TEXT, 6), Col("service", "取号事项", TEXT, 14),
    Col("window_no", "窗口", INT, 6), Col("clerk", "工作人员", TEXT, 8), Col("rating", "评价", TEXT, 9),
    Col("follow_up", "回访状态", TEXT, 10), Col("due_on", "回访期限", DATE), Col("answered_at", "回访时间", DATETIME),
    Col("answer", "回访情况", TEXT, 30),
)


def _rating_records(ds: Dataset, r: pd.DataFrame) -> pd.DataFrame:
    r = r if "follow_up_state" in r.columns else _with_follow_up(ds, r)
    base = ticket_records(ds, r)
    base["follow_up"] = [FOLLOW_UP_LABELS.get(s, "") if isinstance(s, str) else "" for s in r["follow_up_state"]]
    base["due_on"] = list(r["due_on"])
    base["answered_at"] = pd.to_datetime(pd.Series(list(r["answered_at"]), dtype="datetime64[ns]"))
    base["answer"] = list(r["answer"])
    return base


SUMMARY_MASKS = {
    "rated": lambda r: pd.Series(True, index=r.index),
    "good": lambda r: r["rating"].isin(GOOD),
    "satisfaction_rate": lambda r: r["rating"].isin(GOOD),
    "bad": lambda r: r["rating"].isin(BAD),
    **{k: (lambda r, k=k: r["rating"] == k) for k in LEVELS},
}
FOLLOW_UP_MASKS = {"follow_up_open": ("open", "overdue", "missing"), "follow_up_overdue": ("overdue",),
                   "follow_up_answered": ("answered",)}


def _summary_records(ds: Dataset, row, column) -> pd.DataFrame:
    if column in FOLLOW_UP_MASKS:
        bad = bad_ratings(ds)
        return _rating_records(ds, bad[bad["follow_up_state"].isin(FOLLOW_UP_MASKS[column])])
    if column == "rated_share":
        t = ds.table("tickets")
        return ticket_records(ds, t[t["status"] == "finished"]).assign(follow_up="", due_on=None,
                                                                        answered_at=pd.NaT, answer="")
    r = rated(ds)
    return _rating_records(ds, r[SUMMARY_MASKS.get(column, SUMMARY_MASKS["rated"])(r)])


SUMMARY = register(Figure(
    "satisfaction.summary", "satisfaction", "好差评概况",
    (Col("rated", "评价数", INT), Col("rated_share", "参评率", RATE), Col("good", "满意数", INT),
     Col("satisfaction_rate", "满意率", RATE), Col("bad", "差评数", INT), Col("follow_up_open", "差评待回访", INT),
     Col("follow_up_overdue", "回访逾期", INT), Col("follow_up_answered", "差评已回访", INT),
     *[Col(k, RATING_LABELS[k], INT) for k in LEVELS]),
    _summary, scalar=True, records=_summary_records, record_columns=RATING_RECORD_COLUMNS,
    drill_columns=frozenset(SUMMARY_MASKS) | frozenset(FOLLOW_UP_MASKS) | {"rated_share"},
    note="满意率＝（非常满意＋满意）÷评价数；参评率＝评价数÷办结人数；差评为不满意和非常不满意，须在期限内回访答复。",
))


def _by_level(ds: Dataset) -> pd.DataFrame:
    r = rated(ds)
    counts = r["rating"].value_counts()
    rows = [{"level": k, "label": RATING_LABELS[k], "count": int(counts.get(k, 0)),
             "share": rate(int(counts.get(k, 0)), len(r))} for k in LEVELS]
    return frame(rows, BY_LEVEL)


BY_LEVEL = register(Figure(
    "satisfaction.by_level", "satisfaction", "评价等级分布",
    (Col("level", "代码", TEXT, 20, hidden=True), Col("label", "评价等级", TEXT, 12), Col("count", "评价数", INT),
     Col("share", "占比", RATE)),
    _by_level, row_key="level",
    records=lambda ds, row, column: _rating_records(
        ds, rated(ds) if row is None else rated(ds)[rated(ds)["rating"] == row]),
    record_columns=RATING_RECORD_COLUMNS, drill_columns=frozenset({"count", "share"}),
))


def _by_window(ds: Dataset) -> pd.DataFrame:
    r = rated(ds)
    rows = []
    for _, w in ds.table("windows").iterrows():
        mine = r[r["window_no"] == w["number"]]
        if mine.empty and not w["active"]:
            continue
        good = int(mine["rating"].isin(GOOD).sum())
        rows.append({"window_no": int(w["number"]), "window": w["name"], "rated": len(mine), "good": good,
                     "satisfaction_rate": rate(good, len(mine)), "bad": int(mine["rating"].isin(BAD).sum())})
    return frame(rows, BY_WINDOW)


def _window_records(ds: Dataset, row, column) -> pd.DataFrame:
    r = rated(ds)
    if row is not None:
        r = r[r["window_no"] == int(row)]
    return _rating_records(ds, r[SUMMARY_MASKS.get(column, SUMMARY_MASKS["rated"])(r)])


BY_WINDOW = register(Figure(
    "satisfaction.by_window", "satisfaction", "各窗口好差评",
    (Col("window_no", "窗口", INT, 6), Col("window", "窗口名称", TEXT, 22), Col("rated", "评价数", INT),
     Col("good", "满意数", INT), Col("satisfaction_rate", "满意率", RATE), Col("bad", "差评数", INT)),
    _by_window, row_key="window_no", records=_window_records, record_columns=RATING_RECORD_COLUMNS,
    drill_columns=frozenset({"rated", "good", "satisfaction_rate", "bad"}),
))


def _bad_list(ds: Dataset) -> pd.DataFrame:
    return _rating_records(ds, bad_ratings(ds))[[c.key for c in BAD_LIST.columns]]


BAD_LIST = register(Figure(
    "satisfaction.bad", "satisfaction", "差评及回访情况", RATING_RECORD_COLUMNS, _bad_list,
    records=lambda ds, row, column: _rating_records(ds, bad_ratings(ds)), record_columns=RATING_RECORD_COLUMNS,
    note="差评须在规定工作日内核实并答复评价人；状态按报告截止时刻计。",
))
