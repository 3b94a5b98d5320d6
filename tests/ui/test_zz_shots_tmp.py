"""Temporary: offscreen screenshots for the pixel comparison (not committed)."""
import os

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import sign_in
from tests.mediation_support import MONDAY, PASSWORD, applicant, at, register, respondent, setup_mediation

OUT = os.environ["SHOTS"]
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _save(w, name):
    QApplication.processEvents()
    assert w.grab().save(os.path.join(OUT, name + ".png"))


def test_reports(qtbot, ctx, admin_ctx):
    from desktop.services.admin import accounts
    from desktop.ui.reports.area import ReportsArea
    from tests.integration.test_report_builders import Build, cases_november, queue_day
    accounts.add_user(admin_ctx.uow(), username="boss", full_name="陈立新", role="director", password="pass1234")
    b = Build(ctx)
    queue_day(b)
    cases_november(b)
    w = ReportsArea(sign_in(ctx, "boss", "pass1234"))
    qtbot.addWidget(w)
    w.resize(1366, 720)
    w.show()
    qtbot.waitUntil(lambda: w.data is not None, timeout=30_000)
    qtbot.wait(200)
    _save(w, "reports")
    w.runner.cancel_all()
    w.runner.wait()


def test_admin(qtbot, admin_ctx):
    from desktop.ui.admin.area import AdminArea
    w = AdminArea(admin_ctx)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    cal = w.show_screen("calendar")
    _save(w, "calendar_area")
    _save(cal, "calendar")
    cat = w.show_screen("categories")
    _save(w, "categories_area")
    _save(cat, "categories")


def test_mediation_view(qtbot, ctx):
    from desktop.ui.mediation.area import MediationArea
    s = setup_mediation(ctx)
    register(ctx, s, [applicant("欧阳娜娜"), respondent("赵强")], title="噪音扰民纠纷")
    area = MediationArea(sign_in(ctx, "mediator01", PASSWORD))
    qtbot.addWidget(area)
    area.resize(1200, 700)
    area.show()
    area.show_tab(1)
    area.disputes.view.selectRow(0)
    area.disputes._open(0)
    _save(area, "mediation_view")


def test_booking(qtbot, ctx):
    from desktop.services import mediation as scheduling
    from desktop.ui.schedule.booking import BookingDialog
    s = setup_mediation(ctx)
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    scheduling.book_room(ctx.uow(), dispute_id=first.id, room_id=s.rooms["人民调解室一"],
                         start=at(MONDAY, "09:00"), end=at(MONDAY, "10:00"))
    d = BookingDialog(sign_in(ctx, "supervisor", PASSWORD), dispute_id=other.id,
                      room_id=s.rooms["人民调解室一"], start=at(MONDAY, "09:30"), end=at(MONDAY, "10:30"))
    qtbot.addWidget(d)
    d.show()
    d.check()
    _save(d, "booking")
