"""一案一码 in the daily brief and the weekly bulletin, on both databases: matters by kind (the kinds add up to
the totals) and by route (the current routes add up to the open matters), handovers not acknowledged in time
(with the setting), and outcome ratings; the same numbers in the workbook and the PDF."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest
from sqlalchemy import insert

from desktop.models import Matter, MatterHandover, MatterStep
from desktop.reports import formats
from desktop.reports.data import Dataset
from desktop.reports.periods import day as day_period
from desktop.services import reports
from desktop.services.admin.settings import update_settings
from tests.integration.test_report_files import pdf_text, squeeze

T = dt.datetime
DAY = dt.date(2026, 11, 19)
_serial = itertools.count(1)


def _insert(ctx, table, **values) -> int:
    with ctx.db.engine.begin() as c:
        return c.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()


def matter(ctx, kind: str, registered: T, *, closed: T | None = None, rating: str | None = None,
           rated: T | None = None, steps=(), handovers=()) -> int:
    """A matter with its steps [(route, entered, left)] and handovers [(sent, acknowledged)]."""
    n = next(_serial)
    mid = _insert(ctx, Matter.__table__, code=f"HS-2026-{n:06d}", year=2026, serial=n, kind=kind, service="",
                  summary="事项", outcome="", state="closed" if closed else "open", registered_at=registered,
                  owner_place="1号窗口", closed_at=closed, rating=rating, rated_at=rated, updated_at=registered,
                  version=1)
    for route, entered, left in steps:
        _insert(ctx, MatterStep.__table__, matter_id=mid, route=route, name=route, entered_at=entered, left_at=left,
                reason="", handler="")
    for sent, acknowledged in handovers:
        _insert(ctx, MatterHandover.__table__, matter_id=mid, from_place="1号窗口", to_kind="window", to_ref=3,
                to_place="3号窗口", reason="转交", sent_at=sent, acknowledged_at=acknowledged)
    return mid


@pytest.fixture
def data(ctx):
    d = T(2026, 11, 19)
    matter(ctx, "window", d.replace(hour=9), closed=d.replace(hour=9, minute=30), rating="satisfied",
           rated=d.replace(hour=9, minute=40), steps=[("window", d.replace(hour=9), d.replace(hour=9, minute=30))])
    matter(ctx, "dispute", d.replace(hour=10),
           steps=[("window", d.replace(hour=10), d.replace(hour=10, minute=20)),
                  ("window", d.replace(hour=10, minute=20), d.replace(hour=11)), ("mediation", d.replace(hour=11), None)],
           handovers=[(d.replace(hour=10, minute=5), d.replace(hour=10, minute=20))])
    matter(ctx, "petition", d.replace(hour=11), steps=[("petition", d.replace(hour=11), None)],
           handovers=[(d.replace(hour=11, minute=10), None)])  # never acknowledged: late by the evening
    matter(ctx, "work_order", T(2026, 11, 18, 9), steps=[("petition", T(2026, 11, 18, 9), None)],
           handovers=[(T(2026, 11, 18, 9, 5), None)])  # sent the day before: not this day's
    matter(ctx, "dispute", T(2026, 11, 10, 9), closed=d.replace(hour=15), rating="very_dissatisfied",
           rated=d.replace(hour=16), steps=[("mediation", T(2026, 11, 10, 9), d.replace(hour=14)),
                                            ("judicial", d.replace(hour=14), d.replace(hour=15))])
    matter(ctx, "petition", d.replace(hour=12), steps=[("petition", d.replace(hour=12), None)],
           handovers=[(d.replace(hour=12), d.replace(hour=17))])  # acknowledged after five hours


def _figures(ctx, key: str) -> pd.DataFrame:
    with ctx.db.engine.connect() as conn:
        return Dataset(conn, day_period(DAY), now=T(2026, 11, 20, 10)).figure(key)


def test_matters_add_up_by_kind_and_by_route(ctx, data):
    summary = _figures(ctx, "matters.summary").iloc[0]
    assert (summary["registered"], summary["closed"], summary["open"]) == (4, 2, 4)
    assert (summary["handovers"], summary["handovers_late"]) == (3, 2)
    assert (summary["rated"], summary["good"], summary["bad"], summary["satisfaction_rate"]) == (2, 1, 1, 0.5)
    kinds = _figures(ctx, "matters.by_kind").set_index("kind_name")
    assert kinds["registered"].to_dict() == {"窗口事项": 1, "信访事项": 2, "矛盾纠纷": 1, "12345及网格工单": 0}
    assert kinds["open"].to_dict() == {"窗口事项": 0, "信访事项": 2, "矛盾纠纷": 1, "12345及网格工单": 1}
    for column in ("registered", "closed", "open"):
        assert kinds[column].sum() == summary[column], column
    routes = _figures(ctx, "matters.by_route").set_index("route_name")
    assert routes.loc["窗口办理", "entered"] == 2 and routes.loc["人民调解", "entered"] == 1
    assert routes.loc["信访", "entered"] == 2 and routes.loc["司法确认", "entered"] == 1
    assert routes["current"].sum() == summary["open"] and routes.loc["信访", "current"] == 3


def test_the_alert_setting_decides_which_handovers_are_late(ctx, data):
    update_settings(ctx.uow(), values={"matter_handover_alert_hours": 6})
    assert _figures(ctx, "matters.summary").iloc[0]["handovers_late"] == 1  # five hours is in time now


def test_daily_and_weekly_files_carry_the_matter_sections(ctx, data, tmp_path):
    path = reports.generate_report(ctx.uow(read_only=True), kind="daily", day=DAY, fmt="xlsx", out=tmp_path).path
    sheets = pd.read_excel(path, sheet_name=None, header=2, na_values=[formats.MISSING])
    overview = sheets["一案一码事项概况"]
    assert overview.loc[0, "登记事项"] == 4 and overview.loc[0, "转交超时未签收"] == 2
    kinds = sheets["各类事项登记办理情况"]
    assert kinds["登记事项"].sum() == 4 and kinds["在办事项"].sum() == 4
    assert sheets["事项路线分布"]["截止时所在"].sum() == 4
    pdf = reports.generate_report(ctx.uow(read_only=True), kind="daily", day=DAY, fmt="pdf", out=tmp_path).path
    text = squeeze(pdf_text(pdf))
    for title in ("一案一码事项概况", "各类事项登记办理情况", "事项路线分布", "转交超时未签收", "12345及网格工单"):
        assert title in text, title
    assert "仲裁" not in text.split("事项路线分布")[1].split("说明")[0]  # all-zero routes are left out in print
    weekly = reports.generate_report(ctx.uow(read_only=True), kind="weekly", day=DAY, fmt="xlsx", out=tmp_path).path
    week = pd.read_excel(weekly, sheet_name="各类事项登记办理情况", header=2)
    assert week["登记事项"].sum() == 5  # the work order of the 18th is in the same week
