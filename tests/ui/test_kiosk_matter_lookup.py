"""查询办理进度 at the kiosk, driven by real key presses and taps: a scanner types the matter's code and Enter on
the first page, the visitor taps the phone's last four digits, and the progress page shows the steps with the
current one highlighted, the masked name and no ID number; a wrong number or wrong digits give one plain
sentence; too many say until when; a concluded matter is rated once with the five buttons and a bad rating
opens a follow-up; the pages go home when left alone, and fit a 1366×768 screen. SQLite only.

With KIOSK_SHOTS=<folder> the pages are saved there as PNG (offscreen) to be looked at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.services import matters
from desktop.services import queue as q
from desktop.services.admin import accounts
from desktop.services.people import PersonInput
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def clerk(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="clerk1", full_name="王小明", role="clerk", password="pass1234",
                      window_no=1)
    clerk = sign_in(admin_ctx, "clerk1", "pass1234")
    q.sign_in_window(clerk.uow())
    return clerk


def register(clerk, *, done=False, steps=()) -> str:
    _id, code = matters.register_window_matter(
        clerk.uow(), service="法律援助", summary="申请法律援助：工资被拖欠", outcome="已受理" if done else "",
        person=PersonInput(name="张三丰", id_number=ID_NUMBER, phone="13812345678"), done=done and not steps)
    if steps:
        with clerk.uow() as uow:
            m = matters.get_open_matter(uow, code)
            for route, name, handler, due in steps:
                matters.enter_step(uow, m, route=route, name=name, handler=handler, due_on=due)
            if done:
                matters.close(uow, m, "已办结")
            uow.commit()
    return code


@pytest.fixture
def kiosk(qtbot, ctx, clerk):
    from desktop.ui.kiosk import KioskWindow

    widget = KioskWindow(q.as_screen(ctx, "kiosk"), size=(1366, 768), printer_name="")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.buttons) and widget.online, timeout=10_000)
    return widget


def tap(qtbot, button):
    assert button is not None and button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def key(kiosk, name):
    return kiosk.findChild(QPushButton, f"lookup_key_{name}")


def scan(kiosk, text):
    """A USB scanner: a keyboard typing the code, then Enter, into whatever has the keyboard."""
    target = QApplication.focusWidget() or kiosk
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def digits(qtbot, kiosk, text):
    for d in text:
        tap(qtbot, key(kiosk, d))


def shot(widget, name):
    folder = os.environ.get("KIOSK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_a_scanned_code_and_the_phone_digits_show_the_progress(qtbot, kiosk, clerk):
    code = register(clerk, steps=[("mediation", "人民调解", "调解员李调解", dt.date(2026, 12, 20))])
    shot(kiosk, "1-home")
    scan(kiosk, code)
    lookup = kiosk.lookup
    assert kiosk.pages.currentWidget() is lookup.page
    assert lookup.code.text() == code and lookup.active is lookup.phone
    digits(qtbot, kiosk, "5678")
    assert lookup.phone.text() == "5678"
    shot(kiosk, "2-lookup")
    tap(qtbot, key(kiosk, "OK"))
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is lookup.progress, timeout=10_000)
    page = lookup.progress
    assert code in page.head.text() and "Window matter（法律援助）" in page.head.text()
    assert page.person.text().startswith("张**")
    assert "人民调解" in page.now.text() and "人民调解委员会" in page.now.text() and "2026-12-20" in page.now.text()
    rows = [page.findChild(QLabel, f"step_name_{i}").text() for i in range(2)]
    assert rows[0] == "窗口受理（法律援助）" and rows[1].startswith("人民调解")
    assert [page.steps.findChild(QLabel, f"step_name_{i}").parent().property("current") for i in range(2)] == \
        [False, True]
    shown = texts(page)
    for secret in (ID_NUMBER, "13812345678", "王小明", "李调解"):
        assert secret not in shown
    assert not page.rate_box.isVisible()  # still being handled
    assert lookup.phone.text() == ""  # the digits do not stay behind
    shot(kiosk, "3-progress")


def test_typed_number_wrong_number_and_wrong_digits_say_the_same(qtbot, kiosk, clerk):
    code = register(clerk)
    tap(qtbot, kiosk.lookup.button)
    lookup = kiosk.lookup
    assert kiosk.pages.currentWidget() is lookup.page and lookup.active is lookup.code
    year, serial = code.split("-")[1:]
    said = []
    for number, last4 in ((f"{year}999999", "5678"), (year + serial, "0000")):
        qtbot.mouseClick(lookup.code, Qt.MouseButton.LeftButton)  # a touch on a field: the keypad fills it
        assert lookup.active is lookup.code
        while lookup.code.text():
            tap(qtbot, key(kiosk, "⌫"))
        digits(qtbot, kiosk, number)
        tap(qtbot, key(kiosk, "OK"))  # to the phone digits
        assert lookup.active is lookup.phone
        digits(qtbot, kiosk, last4)
        tap(qtbot, key(kiosk, "OK"))
        qtbot.waitUntil(lambda: lookup.error.text() != "", timeout=10_000)
        said.append(lookup.error.text())
        assert lookup.phone.text() == ""
    assert said[0] == said[1] == ("The matter number or the last 4 digits of the phone are not right. "
                                  "Please check them and try again.")
    shot(kiosk, "4-wrong")
    digits(qtbot, kiosk, "5678")
    tap(qtbot, key(kiosk, "OK"))
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is lookup.progress, timeout=10_000)
    assert code in lookup.progress.head.text()


def test_too_many_tries_say_until_when(qtbot, ctx, kiosk, clerk):
    code = register(clerk)
    for i in range(4):
        with pytest.raises(matters.LookupRefused):
            matters.kiosk_lookup(ctx.uow(), kiosk=kiosk.lookup.name, code=f"HS-2026-00900{i}", phone_last4="1111")
    scan(kiosk, "HS-2026-009009")
    digits(qtbot, kiosk, "1111")
    tap(qtbot, key(kiosk, "OK"))
    qtbot.waitUntil(lambda: kiosk.lookup.error.text() != "", timeout=10_000)
    assert kiosk.lookup.error.text() == "Too many tries. Please try again after 10:30 or ask at a window."
    shot(kiosk, "5-locked")
    scan(kiosk, code)  # the right pair now: still locked at this kiosk
    digits(qtbot, kiosk, "5678")
    tap(qtbot, key(kiosk, "OK"))
    qtbot.waitUntil(lambda: kiosk.lookup.error.text() != "", timeout=10_000)
    assert "10:30" in kiosk.lookup.error.text() and kiosk.pages.currentWidget() is kiosk.lookup.page


def test_a_concluded_matter_is_rated_once_and_a_bad_rating_is_followed_up(qtbot, ctx, kiosk, clerk):
    code = register(clerk, done=True, steps=[("window", "转交司法所", "", None)])
    scan(kiosk, code)
    digits(qtbot, kiosk, "5678")
    QTest.keyClick(QApplication.focusWidget() or kiosk, Qt.Key.Key_Return)  # Enter confirms too
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.lookup.progress, timeout=10_000)
    page = kiosk.lookup.progress
    assert "Concluded on 2026-11-20" in page.now.text()
    assert page.rate_box.isVisible() and len(page.rate_buttons) == 5
    shot(kiosk, "6-rating")
    tap(qtbot, page.rate_buttons["dissatisfied"])
    qtbot.waitUntil(lambda: "Thank you" in page.rate_title.text(), timeout=10_000)
    assert "Dissatisfied" in page.rate_title.text() and not page.rate_box.isVisible()
    shot(kiosk, "7-rated")
    follow_ups = q.list_follow_ups(ctx.uow())
    assert [(f.number, f.rating, f.ticket_id) for f in follow_ups] == [(code, "dissatisfied", None)]
    assert kiosk.back_timer.isActive()
    kiosk.back_timer.timeout.emit()  # nobody touches it: home, nothing of the visitor left
    assert kiosk.pages.currentIndex() == 0 and kiosk.lookup.pair is None


def test_a_scan_reaches_the_lookup_whatever_button_has_the_keyboard(qtbot, kiosk, clerk):
    code = register(clerk)
    kiosk.activateWindow()
    button = kiosk.buttons[next(iter(kiosk.buttons))]
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button, timeout=5_000)
    scan(kiosk, "not a code")  # a stray text and Enter changes nothing
    assert kiosk.pages.currentIndex() == 0
    scan(kiosk, code.lower())
    assert kiosk.pages.currentWidget() is kiosk.lookup.page and kiosk.lookup.code.text() == code


def test_the_lookup_goes_home_when_left_alone(qtbot, kiosk):
    tap(qtbot, kiosk.lookup.button)
    digits(qtbot, kiosk, "2026")
    assert kiosk.back_timer.isActive() and kiosk.back_timer.interval() == 60_000
    kiosk.back_timer.timeout.emit()
    assert kiosk.pages.currentIndex() == 0 and kiosk.lookup.code.text() == ""


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_lookup_pages_fit_the_screen(qtbot, ctx, clerk, size):
    from desktop.ui.kiosk import KioskWindow

    code = register(clerk, done=True, steps=[("window", f"第{i}步", "", dt.date(2026, 12, i)) for i in range(1, 9)])
    widget = KioskWindow(q.as_screen(ctx, "kiosk"), size=size, printer_name="")
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.buttons) and widget.online, timeout=10_000)
    widget.lookup.progress.show_progress(matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678"))
    for page in (widget.pages.widget(0), widget.lookup.page, widget.lookup.progress):
        widget.pages.setCurrentWidget(page)
        qtbot.wait(50)
        hint = widget.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], (page, hint)
        assert (widget.width(), widget.height()) == size
        for button in widget.findChildren(QPushButton):
            if button.isVisible():
                rect = QRect(button.mapTo(widget, QPoint(0, 0)), button.size())
                assert widget.rect().contains(rect), (button.objectName(), rect)
        shot(widget, f"fit-{size[0]}-{page.objectName() or 'home'}")


@pytest.fixture
def chinese(qapp):
    from desktop.ui.i18n import install_translations

    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_in_chinese_the_visitor_reads_plain_sentences(qtbot, ctx, clerk, chinese):
    """The kiosk's default language: the sentences of the issue, word for word, on a 1366×768 screen."""
    from desktop.ui.kiosk import KioskWindow

    code = register(clerk, done=True, steps=[("mediation", "人民调解", "人民调解委员会", dt.date(2026, 12, 4)),
                                              ("judicial", "司法确认", "", None)])
    open_code = register(clerk, steps=[("mediation", "人民调解", "调解员李调解", dt.date(2026, 12, 20))])
    widget = KioskWindow(q.as_screen(ctx, "kiosk"), size=(1366, 768), printer_name="")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.buttons) and widget.online, timeout=10_000)
    assert widget.lookup.button.text() == "查询办理进度"
    shot(widget, "zh-1-home")
    scan(widget, open_code)
    digits(qtbot, widget, "0000")
    tap(qtbot, key(widget, "OK"))
    qtbot.waitUntil(lambda: widget.lookup.error.text() != "", timeout=10_000)
    assert widget.lookup.error.text() == "事项编号或手机号后四位不对，请核对后再试"
    shot(widget, "zh-2-wrong")
    digits(qtbot, widget, "5678")
    tap(qtbot, key(widget, "OK"))
    qtbot.waitUntil(lambda: widget.pages.currentWidget() is widget.lookup.progress, timeout=10_000)
    page = widget.lookup.progress
    assert page.now.text() == "当前：人民调解，由人民调解委员会办理，办理期限 2026-12-20"
    shot(widget, "zh-3-progress")
    tap(qtbot, page.back)
    scan(widget, code)
    digits(qtbot, widget, "5678")
    tap(qtbot, key(widget, "OK"))
    qtbot.waitUntil(lambda: widget.pages.currentWidget() is widget.lookup.progress, timeout=10_000)
    assert page.rate_title.text() == "您对办理结果满意吗？请点选："
    assert [b.text() for b in page.rate_buttons.values()] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    shot(widget, "zh-4-rating")
    tap(qtbot, page.rate_buttons["satisfied"])
    qtbot.waitUntil(lambda: "谢谢" in page.rate_title.text(), timeout=10_000)
    shot(widget, "zh-5-rated")
    for i in range(3):  # with the wrong digits above, four wrong tries at this kiosk
        with pytest.raises(matters.LookupRefused):
            matters.kiosk_lookup(ctx.uow(), kiosk=widget.lookup.name, code=f"HS-2026-00900{i}", phone_last4="1111")
    scan(widget, code)
    digits(qtbot, widget, "1111")
    tap(qtbot, key(widget, "OK"))
    qtbot.waitUntil(lambda: widget.lookup.error.text() != "", timeout=10_000)
    assert widget.lookup.error.text() == "尝试次数过多，请 10:30 后再试或到窗口咨询"
    shot(widget, "zh-6-locked")


def test_the_supervisor_answers_a_kiosk_rating_s_follow_up(qtbot, ctx, clerk):
    from desktop.ui.queue.live_view import AnswerDialog, FollowUpsPage

    code = register(clerk, done=True)
    matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="very_dissatisfied")
    page = FollowUpsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 0)) == code
    dialog = AnswerDialog(ctx, q.list_follow_ups(ctx.uow())[0])
    qtbot.addWidget(dialog)
    facts = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Matter {code} registered on 2026-11-20, answered for by 王小明" in facts and "已受理" in facts
    dialog.answer.setPlainText("已电话回访")
    dialog.save()
    assert q.count_follow_ups(ctx.uow(), open_only=True) == 0
