"""The 待办提醒 list the director reads (issue 14): a reminder past its day read 「剩余天数 -13」 beside an empty
内容. An overdue reminder says 「已超期 13 天」, and every kind of reminder says what is to be done."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.ui.i18n import install_translations
from tests.conftest import sign_in
from tests.mediation_support import PASSWORD, register, setup_mediation

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_an_overdue_reminder_says_how_late_and_what_is_to_be_done(qtbot, chinese, ctx, clock):
    from desktop.ui.mediation.today import TodayPanel

    s = setup_mediation(ctx)
    d = register(ctx, s)  # due a month after registration
    soon = register(ctx, s, title="相邻通道纠纷")
    clock.at = dt.datetime.combine(d.due_on + dt.timedelta(days=13), dt.time(9))
    director = sign_in(ctx, "director", PASSWORD)
    panel = TodayPanel(director)
    qtbot.addWidget(panel)
    assert panel.who.currentData() == s.mediators["mediator01"]  # the director looks at a mediator's day
    rows = {panel.reminders.item(r, 1).text(): r for r in range(panel.reminders.rowCount())}
    assert d.case_no in rows and soon.case_no in rows
    row = rows[d.case_no]
    assert panel.reminders.item(row, 5).text() == "已超期 13 天"
    assert panel.reminders.item(row, 3).text() != "", "the reminder says what is to be done"
    assert d.due_on.isoformat() in panel.reminders.item(row, 3).text() or "结案" in panel.reminders.item(row, 3).text()
    assert not any(panel.reminders.item(r, 5).text().startswith("-") for r in range(panel.reminders.rowCount()))
