"""The petition screens, offscreen on a SQLite database: lists with their clock, registration (from a queue
ticket, with repeat detection), the case view offering only the allowed steps, a refused second save that
keeps the user's input, and the director's board."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import petitions as pt
from desktop.services.people import PersonInput
from desktop.ui.petitions.area import PetitionsArea
from desktop.ui.petitions.board import DirectorBoard
from desktop.ui.petitions.case_view import CaseView
from desktop.ui.petitions.registration import RegistrationDialog
from tests.integration.test_petition_helpers import id_number, make_staff, real_ticket, register

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def choose_category(dialog, domain: str, category: str) -> None:
    dialog.domain.setCurrentIndex(dialog.domain.findText(domain))
    dialog.category.setCurrentIndex(dialog.category.findText(category))


def test_lists_show_the_clock_and_search_pages_from_the_database(qtbot, qtmodeltester, staff, clock):
    a = register(staff.clerk, staff, people=[PersonInput(name="欧阳娜娜", village="虎丘村")],
                 content="菜市场占道经营影响通行")
    register(staff.clerk, staff, people=[PersonInput(name="王芳", village="新庄村")], content="电梯长期故障")
    clock.at = dt.datetime(2026, 12, 8, 9, 0)  # both acceptance notices overdue
    area = PetitionsArea(staff.clerk, None)
    qtbot.addWidget(area)
    lists = area.list
    qtbot.waitUntil(lambda: lists.model.rowCount() == 2, timeout=5000)  # "My cases", loaded in the background
    assert [area.tabs.tabText(i) for i in range(area.tabs.count())] == [
        "My cases", "Due soon", "Overdue (2)", "All cases"]
    row = lists.model.row_at(1)
    index = lists.model.index(1, 0)
    assert (row.id, lists.model.data(index)) == (a.id, "Overdue 1 d")
    assert lists.model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d0d0"
    qtmodeltester.check(lists.model)
    lists.search.setText("占道经营")
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1, timeout=5000)
    assert lists.model.row_at(0).id == a.id and lists.status.text() == "1 cases shown"
    lists.search.setText("王芳")
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1 and lists.model.row_at(0).id != a.id, timeout=5000)


def test_registration_from_a_queue_ticket_is_prefilled_and_linked(qtbot, staff):
    ticket_id = real_ticket(staff.clerk)
    dialog = RegistrationDialog(staff.clerk, None, ticket={"id": ticket_id, "number": "B001", "visitor_name": "张桂英",
                                                            "phone": "139 1234 5678", "village": "虎丘村"})
    qtbot.addWidget(dialog)
    assert (dialog.name.text(), dialog.phone.text(), dialog.village.text()) == ("张桂英", "139 1234 5678", "虎丘村")
    assert "B001" in dialog.banner.text()
    dialog.id_number.setText(id_number(seq=888))
    choose_category(dialog, "城市管理", "占道经营")  # nothing is preselected
    dialog.content.setPlainText("村口占道经营，影响通行")
    dialog.requests.setPlainText("要求清理")
    dialog.register()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.case is not None
    view = pt.get_case(staff.clerk.uow(), case_id=dialog.case.id)
    assert view.ticket_id == ticket_id and view.people[0].phone_masked == "139****5678"
    assert view.people[0].id_number_masked.endswith(id_number(seq=888)[-4:])


def test_bad_input_keeps_the_form_and_says_what_is_wrong(qtbot, staff):
    dialog = RegistrationDialog(staff.clerk, None)
    qtbot.addWidget(dialog)
    dialog.name.setText("李四")
    dialog.id_number.setText("32050519800101123X")
    dialog.content.setPlainText("内容")
    dialog.register()
    assert dialog.case is None and dialog.result() != dialog.DialogCode.Accepted
    assert "check character" in dialog.banner.text()
    assert dialog.name.text() == "李四" and dialog.content.toPlainText() == "内容"


def test_a_known_person_is_looked_up_and_a_repeat_is_recorded_instead_of_a_new_case(qtbot, staff):
    first = register(staff.clerk, staff)
    dialog = RegistrationDialog(staff.clerk, None)
    qtbot.addWidget(dialog)
    dialog.lookup.setText(id_number())
    dialog.look_up()
    assert dialog.name.text() == "张三" and dialog.id_number.placeholderText().startswith("3205**********")
    assert dialog.id_number.text() == ""  # the stored number is kept, never shown in full
    dialog.content.setPlainText("工厂夜间噪音扰民，又来反映")
    choose_category(dialog, "综治维稳", "治安问题")
    dialog.refresh_repeats()
    assert [c.case_no for c in dialog.candidates] == [first.case_no]
    assert dialog.repeats.item(0, 3).text().startswith("same person、same name and village、similar content")
    dialog.register()  # refused: the same person has a case in progress
    assert dialog.case is None and first.case_no in dialog.banner.text()
    dialog.record_repeat_visit()
    assert dialog.repeat.case_no == first.case_no and dialog.repeat.repeat_count == 1
    assert pt.get_case(staff.clerk.uow(), case_id=first.id).repeat_count == 1


def test_case_view_offers_only_the_allowed_steps_and_runs_them(qtbot, staff):
    case = register(staff.clerk, staff)
    view = CaseView(staff.clerk, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    assert set(view.action_buttons) == {"assign", "refuse"}
    assert view.title.text() == case.case_no and view.people_table.item(0, 3).text() == "3205**********1239"
    form = view._form_assign(view.case)
    form.field("department").setCurrentIndex(form.field("department").findData(staff.dept))
    form.save()
    assert form.result() == form.DialogCode.Accepted
    view.reload()
    assert view.case.status == "assigned" and "assign" not in view.action_buttons
    officer_view = CaseView(staff.officer, None)
    qtbot.addWidget(officer_view)
    officer_view.set_case(case.id)
    assert set(officer_view.action_buttons) == {"object", "meet"}
    assert officer_view.timeline.rowCount() == 2 and officer_view.timeline.item(1, 2).text() == "王芳"


def test_second_save_is_refused_and_the_form_keeps_its_input(qtbot, staff):
    case = register(staff.clerk, staff)
    mine, theirs = CaseView(staff.clerk, None), CaseView(staff.clerk2, None)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    mine.set_case(case.id)
    theirs.set_case(case.id)
    first = mine._form_edit(mine.case)
    first.field("content").setPlainText("王芳改过的内容")
    first.save()
    second = theirs._form_edit(theirs.case)
    second.field("content").setPlainText("李娜改过的内容")
    second.save()
    assert second.result() != second.DialogCode.Accepted and second.conflict
    assert "Someone else changed this record" in second.banner.text()
    assert second.field("content").toPlainText() == "李娜改过的内容"
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).content == "王芳改过的内容"


def test_director_board_lists_departments_and_overdue_cases(qtbot, staff, clock):
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    register(staff.clerk, staff, people=[PersonInput(name="李四")])
    clock.at = dt.datetime(2027, 2, 1, 9, 0)
    board = DirectorBoard(staff.director, None)
    qtbot.addWidget(board)
    board.reload()
    departments = [board.load.item(r, 0).text() for r in range(board.load.rowCount())]
    assert len(departments) == 2 and "Center (not yet assigned)" in departments
    model, _table = board.lists["overdue"]
    assert model.rowCount() == 2
    board.load.selectRow(departments.index("Center (not yet assigned)"))
    assert model.rowCount() == 1 and model.row_at(0).department == ""
    assert board.summary.text().startswith("2 cases overdue")
    with qtbot.waitSignal(board.open_requested) as opened:
        board._open(model, model.index(0, 0))
    assert opened.args[0] != case.id


def test_the_steps_have_keyboard_shortcuts_that_survive_reloading(qtbot, staff, monkeypatch):
    from desktop.ui.petitions.dialogs import FormDialog

    opened = []
    monkeypatch.setattr(FormDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    case = register(staff.clerk, staff)
    view = CaseView(staff.clerk, None)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.set_case(case.id)
    view.reload()  # the buttons are made again; their shortcuts must not pile up
    qtbot.keyClick(view.timeline, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.timeline, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert opened == ["Not accepted", "Assign (转)"]
    assert view.action_buttons["assign"].toolTip().startswith("Assign (转) (Alt+1")
