"""The clerk side of the matter register driven with real key presses: Ctrl+M opens the window matter form for
the ticket at the window, Ctrl+S registers it (the code shows in the panel), a refusal keeps the form open with
everything typed, the same person's similar open matter asks for a second press, the handover dialog and the box
of matters to receive (Ctrl+J, late ones marked), a person's matters (一人一档), and the director's board counting
late handovers. Screenshots of the form and the history go to /tmp/shots-m-win/ when that folder exists. SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog

from desktop.services import matters
from desktop.services import queue as q
from desktop.services.admin import center
from desktop.ui.i18n import install_translations
from tests.integration.test_petition_helpers import id_number, make_staff, petitioner, register

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
CTRL = Qt.KeyboardModifier.ControlModifier
SHOTS = Path("/tmp/shots-m-win")
ID = id_number(seq=123)


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def panel(qtbot, staff):
    from desktop.ui.queue.clerk_panel import ClerkPanel

    widget = ClerkPanel(staff.clerk)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    yield widget
    widget.shutdown()


def drive(qtbot, monkeypatch, cls, driver):
    """``cls.exec`` shows the real dialog, lets ``driver`` type into it, and returns how it was closed."""
    seen = {}

    def fake_exec(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        seen["dialog"] = dialog
        driver(dialog)
        return dialog.result() if not dialog.isVisible() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


def show(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_in(qtbot, widget, text):
    """Digits and letters as key presses; Chinese as an input method commits it (QTest sends ASCII keys only)."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose_service(qtbot, dialog, steps=4):
    dialog.service.setFocus()
    for _ in range(steps):  # 法律援助, 社会保障, 民政救助, 法律咨询
        qtbot.keyClick(dialog.service, Qt.Key.Key_Down)


def test_ctrl_m_registers_a_matter_linked_to_the_ticket(qtbot, monkeypatch, staff, panel):
    from desktop.ui.queue.matter_form import MatterDialog

    service = next(s for s in center.list_services(staff.clerk.uow()) if s.letter == "B")
    ticket = q.issue_ticket(staff.clerk.uow(), service_id=service.id).ticket
    qtbot.keyClick(panel.record, Qt.Key.Key_F1)
    assert panel.current() is not None and panel.current().number == ticket.number

    def fill(d):
        assert ticket.number in d.windowTitle()
        type_in(qtbot, d.person.name, "张三")
        type_in(qtbot, d.person.id_number, ID)
        choose_service(qtbot, d)
        assert d.service.currentText() == "法律咨询"
        type_in(qtbot, d.summary, "咨询宅基地确权需要哪些材料")
        type_in(qtbot, d.outcome, "已告知所需材料清单")
        qtbot.keyClick(d.outcome, Qt.Key.Key_S, CTRL)

    seen = drive(qtbot, monkeypatch, MatterDialog, fill)
    qtbot.keyClick(panel.record, Qt.Key.Key_M, CTRL)
    assert seen["dialog"].saved is not None
    code = seen["dialog"].saved[1]
    assert code.startswith("HS-2026-") and code in panel.message.text()
    m = matters.get_matter(staff.clerk.uow(), code=code)
    assert (m.summary, m.outcome, m.service, m.state) == ("咨询宅基地确权需要哪些材料", "已告知所需材料清单", "法律咨询", "open")
    assert m.ticket_number == ticket.number and m.person_name == "张三"
    assert panel.focusWidget() is panel.record


def test_a_refusal_keeps_the_form_open_with_the_input(qtbot, staff):
    from desktop.ui.queue.matter_form import MatterDialog

    d = MatterDialog(staff.clerk)
    qtbot.addWidget(d)
    show(qtbot, d)
    type_in(qtbot, d.summary, "申请法律援助")
    qtbot.keyClick(d.summary, Qt.Key.Key_S, CTRL)  # no service chosen
    assert d.isVisible() and d.saved is None and d.banner.kind == "error" and d.focusWidget() is d.service
    choose_service(qtbot, d, 1)
    type_in(qtbot, d.person.name, "李四")
    type_in(qtbot, d.person.id_number, "320505198001011234")  # wrong check character
    qtbot.keyClick(d.person.id_number, Qt.Key.Key_S, CTRL)
    assert d.isVisible() and d.saved is None and d.banner.kind == "error"
    assert d.focusWidget() is d.person.id_number
    assert (d.summary.toPlainText(), d.person.name.text()) == ("申请法律援助", "李四")
    d.person.id_number.selectAll()
    qtbot.keyClick(d.person.id_number, Qt.Key.Key_Delete)
    qtbot.keyClick(d.person.id_number, Qt.Key.Key_Return, CTRL)  # 办结
    assert d.saved is not None and d.concluded
    assert matters.get_matter(staff.clerk.uow(), code=d.saved[1]).state == "closed"


def test_similar_open_matter_warns_and_a_second_press_registers(qtbot, staff):
    from desktop.ui.queue.matter_form import MatterDialog

    case = register(staff.clerk, staff, people=[petitioner()])
    petition_code = matters.matter_of_case(staff.clerk.uow(), petition_id=case.id).code
    d = MatterDialog(staff.clerk)
    qtbot.addWidget(d)
    show(qtbot, d)
    type_in(qtbot, d.person.lookup, ID)
    qtbot.keyClick(d.person.lookup, Qt.Key.Key_Return)
    assert d.person.person_id is not None and d.person.name.text() == "张三"
    choose_service(qtbot, d, 5)
    type_in(qtbot, d.summary, "村东头工厂夜间噪音扰民")
    qtbot.keyClick(d.summary, Qt.Key.Key_S, CTRL)
    assert d.saved is None and d.isVisible()
    assert not d.warning.isHidden() and petition_code in d.warning.text() and "信访" in d.warning.text()
    qtbot.keyClick(d.summary, Qt.Key.Key_S, CTRL)  # the clerk checked: a new matter all the same
    assert d.saved is not None


def test_register_and_hand_over_then_the_receiver_receives_with_ctrl_j(qtbot, monkeypatch, chinese, staff, panel,
                                                                        clock):
    from desktop.ui.queue.matter_form import MatterDialog
    from desktop.ui.queue.matter_handover import HandoverBox, HandoverDialog

    def fill(d):
        choose_service(qtbot, d, 2)
        type_in(qtbot, d.summary, "申请城乡低保")
        qtbot.keyClick(d.summary, Qt.Key.Key_T, CTRL)

    def hand_over(h):
        assert h.kind.currentData() == "window"
        qtbot.keyClick(h.reason, Qt.Key.Key_Return, CTRL)  # no reason: refused, the dialog stays
        assert h.isVisible() and h.banner.kind == "error"
        h.target.setFocus()
        while h.target.currentData() != 1:
            qtbot.keyClick(h.target, Qt.Key.Key_Down)
        type_in(qtbot, h.reason, "民政救助由1号窗口办理")
        qtbot.keyClick(h.reason, Qt.Key.Key_Return, CTRL)

    form = drive(qtbot, monkeypatch, MatterDialog, fill)
    sent = drive(qtbot, monkeypatch, HandoverDialog, hand_over)
    qtbot.keyClick(panel.record, Qt.Key.Key_M, CTRL)
    code = form["dialog"].saved[1]
    assert sent["dialog"].sent is not None and "1号窗口" in panel.message.text() and code in panel.message.text()
    outgoing = panel.handovers
    assert [h.code for _side, h in outgoing.rows] == [code]
    outgoing.table.selectRow(0)
    assert not outgoing.receive_button.isEnabled()
    if SHOTS.is_dir():
        panel.grab().save(str(SHOTS / "clerk_panel.png"))  # one's own handover is received by the other side
    clock.advance(hours=5)
    box = HandoverBox(staff.clerk2, lambda text, kind="info": None)
    qtbot.addWidget(box)
    show(qtbot, box)
    assert [(side, h.code, h.late) for side, h in box.rows] == [("in", code, True)]
    assert "已超时" in box.table.item(0, 5).text()
    box.table.setFocus()
    box.table.selectRow(0)
    qtbot.keyClick(box.table, Qt.Key.Key_J, CTRL)
    assert box.rows == []
    assert matters.get_matter(staff.clerk.uow(), code=code).owner_place == "1号窗口"


def test_directors_board_counts_late_handovers(qtbot, staff, clock):
    from desktop.ui.petitions.board import DirectorBoard

    matter_id, _code = matters.register_window_matter(staff.clerk.uow(), service="法律援助", summary="申请法律援助")
    matters.hand_over(staff.clerk.uow(), matter_id=matter_id, to_kind="department", to_ref=staff.dept, reason="转部门")
    board = DirectorBoard(staff.director)
    qtbot.addWidget(board)
    board.reload()
    assert board.late_handovers.isHidden()
    clock.advance(hours=6)
    board.reload()
    assert not board.late_handovers.isHidden() and board.late_handovers.text().startswith("1 ")


def test_person_history_and_screenshots(qtbot, chinese, staff):
    from desktop.ui.queue.matter_form import MatterDialog
    from desktop.ui.queue.person_history import PersonHistoryDialog

    case = register(staff.clerk, staff, people=[petitioner()])
    matters.register_window_matter(staff.clerk.uow(), service="社会保障", summary="咨询城乡居民医保缴费",
                                   person=petitioner(), done=True)
    d = MatterDialog(staff.clerk)
    qtbot.addWidget(d)
    show(qtbot, d)
    type_in(qtbot, d.person.lookup, ID)
    qtbot.keyClick(d.person.lookup, Qt.Key.Key_Return)
    choose_service(qtbot, d, 5)
    type_in(qtbot, d.summary, "村东头工厂夜间噪音扰民，要求处理")
    d.refresh_similar()
    assert not d.warning.isHidden() and "同一人有未办结事项" in d.warning.text()
    h = PersonHistoryDialog(staff.clerk, None)
    qtbot.addWidget(h)
    show(qtbot, h)
    type_in(qtbot, h.lookup, ID)
    qtbot.keyClick(h.lookup, Qt.Key.Key_Return)
    assert h.table.rowCount() == 2 and "张三" in h.who.text()
    texts = [h.table.item(r, c).text() for r in range(2) for c in range(7)]
    assert case.case_no in texts and "信访" in texts and "已办结" in texts and "窗口事项" in texts
    assert "一人一档" in h.windowTitle()
    if SHOTS.is_dir():
        d.grab().save(str(SHOTS / "matter_form.png"))
        h.grab().save(str(SHOTS / "person_history.png"))
