"""The route map (路线图) in the dispute view and the petition case view, in Chinese: the matter's code, each
step with its route, times, days, deadline, reason and handler, and no stored code shown to staff. SQLite only."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop.services import mediation
from desktop.services.mediation import TermInput
from tests.conftest import sign_in
from tests.integration.test_petition_helpers import advance, make_staff, register
from tests.mediation_support import PASSWORD, applicant, interface_language, respondent, setup_mediation
from tests.mediation_support import register as register_dispute

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
TODAY = dt.date(2026, 11, 20)
CODES = re.compile(r"\b(window|petition|review|recheck|mediation|judicial|arbitration|court|open|closed)\b")


@pytest.fixture
def chinese(qapp):
    yield from interface_language(qapp, "zh_CN")


def _cells(view) -> list[list[str]]:
    t = view.route_map.steps
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _tab(view) -> int:
    return next(i for i in range(view.tabs.count()) if view.tabs.widget(i) is view.route_map)


def test_the_dispute_view_shows_the_route_to_judicial_confirmation(qtbot, ctx, chinese):
    from desktop.ui.mediation.view import DisputeView

    s = setup_mediation(ctx)
    me = sign_in(ctx, "mediator01", PASSWORD)
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    draft = mediation.draft_agreement(me.uow(), dispute_id=d.id)
    draft = mediation.save_agreement(
        me.uow(), agreement_id=draft.id, version=draft.version, form="written", facts="双方因院墙位置发生争执。",
        matters="院墙是否越界。", responsibilities="被申请人负主要责任。",
        terms=[TermInput("赵强拆除越界部分院墙", "赵强", "自行拆除", TODAY + dt.timedelta(days=10))])
    mediation.finalise_agreement(me.uow(), agreement_id=draft.id, version=draft.version, signed_on=TODAY)
    view = DisputeView(me)
    qtbot.addWidget(view)
    view.set_dispute(d.id)
    view.tabs.setCurrentIndex(_tab(view))
    assert view.tabs.tabText(_tab(view)) == "路线图"
    head = view.route_map.head.text()
    assert view.route_map.matter.code in head and "在办" in head
    rows = _cells(view)
    assert [r[0] for r in rows] == ["人民调解", "司法确认"] and [r[1] for r in rows] == ["人民调解", "司法确认"]
    assert rows[1][5] == "2026-12-20" and rows[1][3] == "" and "调解成功" in rows[1][6]
    assert rows[0][3] == rows[1][2] and rows[0][4] == "0.0"
    headers = [view.route_map.steps.horizontalHeaderItem(c).text() for c in range(8)]
    assert headers == ["步骤", "路线", "进入时间", "离开时间", "用时（天）", "期限", "原因", "经办"]
    assert not CODES.search(head + " ".join(" ".join(r) for r in rows))


def test_the_petition_view_shows_the_reply_and_the_review(qtbot, admin_ctx, chinese):
    from desktop.services import petitions as pt
    from desktop.ui.petitions.case_view import CaseView

    staff = make_staff(admin_ctx)
    case = register(staff.clerk, staff)
    advance(staff, case.id, "closed")
    review = pt.request_review(staff.clerk.uow(), case_id=case.id, reason="对答复不服，申请复查")
    view = CaseView(staff.clerk, None)
    qtbot.addWidget(view)
    view.set_case(review.id)
    assert view.tabs.tabText(_tab(view)) == "路线图"
    rows = _cells(view)
    assert [r[0] for r in rows] == ["信访受理", "信访答复", "复查"]
    assert [r[1] for r in rows] == ["信访", "信访", "复查"] and rows[2][6] == "对答复不服，申请复查"
    assert not CODES.search(view.route_map.head.text() + " ".join(" ".join(r) for r in rows))
