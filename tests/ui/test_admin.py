"""The Administration area driven through its widgets: each screen lists what the database holds, and
add/edit round trips go through the dialogs (a refused save keeps the input). SQLite only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.services import audit
from desktop.services.admin import accounts, center
from desktop.services.admin import calendar as calendar_service
from desktop.services.admin import settings as settings_service
from desktop.services.errors import AccountLocked, WrongPassword
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def area(qtbot, admin_ctx):
    from desktop.ui.admin.area import AdminArea

    widget = AdminArea(admin_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    _activate(qtbot, widget)
    return widget


def _activate(qtbot, widget) -> None:
    """Shortcuts go to the active window."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)  # password dialogs save in the background


def _texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_tabs_follow_the_permissions_of_the_role(qtbot, area, admin_ctx):
    from desktop.ui.admin.area import AdminArea

    assert list(area.screens) == ["center", "windows", "rooms", "departments", "categories", "calendar",
                                  "users", "audit", "backup", "hall"]
    assert [area.tabs.tabText(i) for i in range(area.tabs.count())][:2] == ["Center", "Windows && services"]
    accounts.add_user(admin_ctx.uow(), username="director", full_name="陈立新", role="director",
                      password="pass1234")
    director = AdminArea(sign_in(admin_ctx, "director", "pass1234"))
    qtbot.addWidget(director)
    assert list(director.screens) == ["audit"] and director.tabs.count() == 1


def test_windows_screen_lists_the_17_windows_and_adds_window_18(qtbot, area, admin_ctx):
    screen = area.show_screen("windows")
    assert _texts(screen.windows.model, 0) == [str(n) for n in range(1, 18)]
    assert _texts(screen.services.model, 0) == list("ABCDEFGHJKL")
    assert screen.windows.model.index(1, 2).data() == "A 综合受理、B 信访接待"  # window 2 serves A and B
    assert screen.services.model.index(0, 2).data() == "1、2、17"

    qtbot.mouseClick(screen.windows.new_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog.isVisible() and dialog.number.value() == 18  # the first free number
    dialog.name.setText("不动产登记")
    letters = {s.id: s.letter for s in center.list_services(admin_ctx.uow())}
    for service_id, box in dialog.service_boxes.items():
        box.setChecked(letters[service_id] in ("A", "G"))
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = {w.number: w for w in center.list_windows(admin_ctx.uow())}[18]
    assert saved.name == "不动产登记" and saved.service_letters == ("A", "G")
    assert screen.windows.model.rowCount() == 18
    assert screen.windows.current().number == 18  # the new row is selected
    assert screen.services.model.index(0, 2).data() == "1、2、17、18"


def test_a_refused_window_keeps_the_input_and_says_why(qtbot, area, admin_ctx):
    screen = area.show_screen("windows")
    qtbot.keyClick(screen.windows.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.number.setValue(120)
    dialog.name.setText("临时窗口")
    dialog.description.setText("节假日临时开设")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Window number must be between 1 and 99."
    assert (dialog.number.value(), dialog.name.text(), dialog.description.text()) == (120, "临时窗口", "节假日临时开设")
    assert dialog.focusWidget() is dialog.number  # the field at fault
    dialog.number.setValue(3)
    _save(qtbot, dialog)
    assert dialog.error.text() == "Window number “3” already exists."
    assert len(center.list_windows(admin_ctx.uow())) == 17
    dialog.number.setValue(30)
    _activate(qtbot, dialog)
    qtbot.keyClick(dialog.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert 30 in [w.number for w in center.list_windows(admin_ctx.uow())]


def test_enter_edits_the_selected_window(qtbot, area, admin_ctx):
    screen = area.show_screen("windows")
    screen.windows.select_row(3)
    screen.windows.view.setFocus()
    qtbot.keyClick(screen.windows.view, Qt.Key.Key_Return)
    dialog = screen.dialog
    assert dialog.windowTitle() == "Edit window 4" and dialog.name.text() == "警民联调"
    dialog.active.setChecked(False)
    dialog.description.setText("派出所民警轮值")
    _save(qtbot, dialog)
    window = next(w for w in center.list_windows(admin_ctx.uow()) if w.number == 4)
    assert (window.active, window.description, window.service_letters) == (False, "派出所民警轮值", ("C",))
    assert screen.windows.model.index(3, 4).data() == "No"


def test_a_queue_service_is_added_and_a_bad_letter_refused(qtbot, area, admin_ctx):
    screen = area.show_screen("windows")
    screen.services.new_requested.emit()
    dialog = screen.dialog
    dialog.letter.setText("7")
    dialog.name.setText("不动产")
    _save(qtbot, dialog)
    assert dialog.error.text() == "Ticket letter is not valid." and dialog.name.text() == "不动产"
    dialog.letter.setText("m")
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _texts(screen.services.model, 0)[-1] == "M"
    assert center.list_services(admin_ctx.uow())[-1].name == "不动产"


def test_rooms_and_departments_load_and_save(qtbot, area, admin_ctx):
    rooms = area.show_screen("rooms")
    assert rooms.rooms.model.rowCount() == 7
    assert _texts(rooms.rooms.model, 1)[:4] == ["Mediation room", "Mediation room", "Mediation room",
                                               "Leaders' reception room"]
    rooms.rooms.new_requested.emit()
    dialog = rooms.dialog
    dialog.name.setText("人民调解室三")
    dialog.capacity.setValue(0)
    _save(qtbot, dialog)
    assert dialog.error.text() == "Capacity must be between 1 and 500."
    dialog.capacity.setValue(6)
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    added = center.list_rooms(admin_ctx.uow())[-1]
    assert (added.name, added.kind, added.capacity, added.sort_order) == ("人民调解室三", "mediation", 6, 7)

    departments = area.show_screen("departments")
    assert departments.departments.model.rowCount() == 20
    departments.departments.select_row(1)
    departments.departments.edit_current()
    dialog = departments.dialog
    assert dialog.name.text() == "派出所"
    dialog.contact.setText("李所长")
    dialog.phone.setText("0512-66001110")
    _save(qtbot, dialog)
    police = center.list_departments(admin_ctx.uow())[1]
    assert (police.contact, police.phone) == ("李所长", "0512-66001110")
    assert departments.departments.model.index(1, 1).data() == "李所长"


def test_categories_tree_and_dispute_types(qtbot, area, admin_ctx):
    screen = area.show_screen("categories")
    tree = screen.tree
    domains = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert domains == ["综治维稳", "城市管理", "安全生产", "生态环保", "民生保障"]
    assert sum(tree.topLevelItem(i).childCount() for i in range(5)) == 55
    assert screen.dispute_types.model.rowCount() == 15

    tree.setCurrentItem(tree.topLevelItem(4).child(0))  # a category under 民生保障
    screen.new_category()
    dialog = screen.dialog
    assert dialog.level.currentText() == "民生保障"
    dialog.name.setText("养老服务")  # already under 民生保障
    _save(qtbot, dialog)
    assert dialog.error.text() == "Name “养老服务” already exists."
    dialog.name.setText("殡葬管理")
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert tree.currentItem().text(0) == "殡葬管理" and tree.currentItem().parent().text(0) == "民生保障"

    screen.new_domain()
    dialog = screen.dialog
    dialog.name.setText("民生保障")  # a domain of that name exists
    _save(qtbot, dialog)
    assert dialog.error.text() == "Name “民生保障” already exists."
    dialog.name.setText("乡村振兴")
    _save(qtbot, dialog)
    assert tree.topLevelItemCount() == 6

    # a category cannot sit under another category: domains only are offered as parents
    tree.setCurrentItem(tree.topLevelItem(0))
    screen.edit_category(screen.current_category())
    dialog = screen.dialog
    dialog.level.setCurrentIndex(dialog.level.findText("城市管理"))
    _save(qtbot, dialog)
    assert dialog.error.text() == "Categories have two levels only."
    dialog.reject()

    screen.dispute_types.new_requested.emit()
    dialog = screen.dialog
    dialog.name.setText("网络购物")
    _save(qtbot, dialog)
    assert _texts(screen.dispute_types.model, 0)[-1] == "网络购物"


def test_calendar_shows_holidays_and_switches_a_day(qtbot, area, admin_ctx):
    screen = area.show_screen("calendar")
    assert screen.calendar.selectedDate() == QDate(2026, 11, 20)  # today by the clock
    screen.calendar.setCurrentPage(2026, 10)
    assert _texts(screen.exceptions, 0) == [
        "2026-10-01 Thu", "2026-10-02 Fri", "2026-10-05 Mon", "2026-10-06 Tue", "2026-10-07 Wed",
        "2026-10-10 Sat"]
    assert _texts(screen.exceptions, 2)[-1] == "调休上班（国庆节）"
    screen.calendar.setSelectedDate(QDate(2026, 10, 1))
    assert screen.day_off.isChecked() and screen.note.text() == "国庆节"

    screen.calendar.setCurrentPage(2026, 11)
    screen.calendar.setSelectedDate(QDate(2026, 11, 20))
    assert screen.workday.isChecked() and screen.note.text() == ""
    screen.day_off.setChecked(True)
    screen.note.setText("镇庆放假")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    rule = calendar_service.month_days(admin_ctx.uow(), year=2026, month=11)[19]
    assert (rule.day, rule.is_workday, rule.note) == (dt.date(2026, 11, 20), False, "镇庆放假")
    assert _texts(screen.exceptions, 2) == ["镇庆放假"]
    with admin_ctx.uow() as uow:
        cal = calendar_service.load_calendar(uow)
    assert cal.add_working_days(dt.date(2026, 11, 19), 1) == dt.date(2026, 11, 23)

    qtbot.mouseClick(screen.reset_button, Qt.MouseButton.LeftButton)
    assert screen.workday.isChecked() and screen.exceptions.rowCount() == 0
    assert calendar_service.month_days(admin_ctx.uow(), year=2026, month=11)[19].is_workday


def test_import_official_holidays_adds_only_what_is_missing(qtbot, area, admin_ctx):
    screen = area.show_screen("calendar")
    calendar_service.set_day(admin_ctx.uow(), day=dt.date(2026, 10, 8), is_workday=False, note="国庆节")
    screen.calendar.setCurrentPage(2026, 10)
    screen.calendar.setSelectedDate(QDate(2026, 10, 1))
    qtbot.mouseClick(screen.reset_button, Qt.MouseButton.LeftButton)  # 10-01 removed by hand
    assert "2026-10-01 Thu" not in _texts(screen.exceptions, 0)
    assert screen.import_official() == 1
    assert screen.day_message.text().startswith("1 days added from the official calendar.")
    assert _texts(screen.exceptions, 0)[:1] == ["2026-10-01 Thu"]
    assert "2026-10-08 Thu" in _texts(screen.exceptions, 0)  # a day set by hand stays


def test_users_add_edit_disable_reset_and_unlock(qtbot, area, admin_ctx, clock):
    screen = area.show_screen("users")
    assert _texts(screen.users.model, 0) == ["admin"]
    assert screen.users.model.index(0, 2).data() == "Administrator"

    screen.users.new_requested.emit()
    dialog = screen.dialog
    qtbot.keyClicks(dialog.username, "wangfang")
    dialog.full_name.setText("王芳")
    dialog.window_combo.setCurrentIndex(dialog.window_combo.findData(3))
    qtbot.keyClicks(dialog.password, "pass1234")
    qtbot.keyClicks(dialog.confirm, "pass12345")
    _save(qtbot, dialog)
    assert dialog.error.text() == "The two passwords differ."
    assert dialog.username.text() == "wangfang" and dialog.window_combo.currentData() == 3
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "pass1234")
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _texts(screen.users.model, 0) == ["admin", "wangfang"]
    row = screen.users.current()
    assert (row.username, row.role, row.window_no) == ("wangfang", "clerk", 3)
    assert screen.users.model.index(1, 2).data() == "Window clerk"
    assert sign_in(admin_ctx, "wangfang", "pass1234").actor.window_no == 3

    screen.users.edit_current()
    dialog = screen.dialog
    assert dialog.username.isReadOnly()
    dialog.role.setCurrentIndex(dialog.role.findData("mediator"))
    _save(qtbot, dialog)
    assert screen.users.current().role == "mediator"

    qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    assert not screen.users.current().active and screen.toggle_button.text() == "Ena&ble"
    assert screen.message.text() == "wangfang can no longer sign in."
    qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    assert screen.users.current().active

    for _ in range(5):
        with pytest.raises((WrongPassword, AccountLocked)):
            accounts.authenticate(admin_ctx.uow(), username="wangfang", password="nope1234")
    screen.refresh()
    assert screen.users.current().username == "wangfang"
    assert screen.users.model.index(1, 6).data() == "2026-11-20 10:15"
    assert screen.unlock_button.isEnabled()
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert screen.users.model.index(1, 6).data() == "" and not screen.unlock_button.isEnabled()

    qtbot.mouseClick(screen.reset_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    _save(qtbot, dialog)
    assert dialog.error.text() == "The password must have at least 8 characters."
    dialog.password.clear()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.password, "newpass99")
    qtbot.keyClicks(dialog.confirm, "newpass99")
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sign_in(admin_ctx, "wangfang", "newpass99").actor.username == "wangfang"


def test_an_administrator_cannot_disable_their_own_account(qtbot, area, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    screen = area.show_screen("users")
    screen.users.select_row(0)
    qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    assert shown == ["You cannot disable your own account or change your own role."]
    assert screen.users.current().active


def test_center_screen_previews_case_numbers_and_keeps_a_refused_edit(qtbot, area, admin_ctx):
    screen = area.show_screen("center")
    assert screen.name.text() == "虎丘镇一站式综合服务中心"
    assert screen.preview.text() == "（2026）虎信字第001号 (petitions), （2026）虎调字第001号 (mediation)"
    screen.abbr.setText("虎丘")
    assert screen.preview.text().startswith("（2026）虎丘信字第001号")
    screen.address.setText("虎丘镇人民路1号")
    screen.name.clear()
    qtbot.mouseClick(screen.save_center_button, Qt.MouseButton.LeftButton)
    assert screen.center_error.text() == "Name must not be empty."
    assert screen.abbr.text() == "虎丘" and screen.address.text() == "虎丘镇人民路1号"
    assert center.get_center(admin_ctx.uow()).case_abbr == "虎"
    screen.name.setText("虎丘镇综合服务中心")
    assert screen.save_center()
    info = center.get_center(admin_ctx.uow())
    assert (info.name, info.case_abbr, info.address) == ("虎丘镇综合服务中心", "虎丘", "虎丘镇人民路1号")

    area.show_screen("rooms")
    screen.abbr.setText("虎丘镇")  # an unsaved edit survives a visit to another tab
    area.show_screen("center")
    assert screen.abbr.text() == "虎丘镇"


def test_center_screen_stores_only_the_settings_that_changed(qtbot, area, admin_ctx):
    screen = area.show_screen("center")
    assert screen.setting_widgets["lockout_attempts"].value() == 5
    screen.setting_widgets["lockout_attempts"].setValue(6)
    qtbot.mouseClick(screen.save_settings_button, Qt.MouseButton.LeftButton)
    assert screen.settings_error.text() == "The rules are saved."
    assert settings_service.read_settings(admin_ctx.uow())["lockout_attempts"] == 6
    entries = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(entity="setting"))
    assert [(e.operation, e.entity_id, e.after) for e in entries] == [
        ("insert", "lockout_attempts", {"key": "lockout_attempts", "value": "6"})]


def test_audit_log_lists_the_change_just_made_with_before_and_after(qtbot, area, admin_ctx, qtmodeltester):
    windows = area.show_screen("windows")
    windows.windows.select_row(0)
    windows.windows.edit_current()
    windows.dialog.name.setText("综合受理窗口")
    _save(qtbot, windows.dialog)

    screen = area.show_screen("audit")
    first = screen.model.row_at(0)
    assert (first.action, first.operation, first.entity, first.actor_name) == (
        "window.save", "update", "window", "admin")
    assert [screen.model.index(0, c).data() for c in range(1, 5)] == ["admin", "Save a window", "Changed",
                                                                       "Window"]
    assert screen.detail.rows == [("name", "综合受理（首问负责）", "综合受理窗口", True)]
    assert screen.detail.index(0, 0).data() == "Name"

    screen.entity.setCurrentIndex(screen.entity.findData("window"))
    assert {r.entity for r in screen.model.rows} == {"window"}
    assert screen.count.text() == "18 entries"  # 17 created at setup, 1 change
    screen.text.setText("window.save")
    screen.apply_filters()
    assert screen.count.text() == "1 entries" and screen.model.rowCount() == 1
    qtmodeltester.check(screen.model)


def test_audit_log_pages_through_the_service(qtbot, area, admin_ctx):
    screen = area.show_screen("audit")
    screen.model.page_size = 50
    screen.apply_filters()
    total = audit.count_audit(admin_ctx.uow(), where=screen.current_filter())
    assert total > 150  # the setup alone writes that many entries
    assert screen.model.rowCount() == 50 and screen.model.canFetchMore()
    while screen.model.canFetchMore():
        screen.model.fetchMore()
    assert screen.model.rowCount() == total
    assert screen.count.text() == f"{total} entries"
    ids = [r.id for r in screen.model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total

    center.save_room(admin_ctx.uow(), id=None, name="调解室三")
    screen.refresh()
    assert [screen.user.itemText(i) for i in range(screen.user.count())] == ["All users", "admin", "System"]  # the system actor in words, not its code
    screen.user.setCurrentIndex(screen.user.findData("admin"))
    # newest first: the room just saved, then the administrator's own sign-in
    assert [(r.actor_name, r.action) for r in screen.model.rows] == [("admin", "room.save"), ("admin", "user.login")]
    screen.until.setDate(QDate(2026, 11, 19))  # before anything happened
    assert screen.model.rowCount() == 0 and screen.count.text() == "0 entries"
    assert screen.detail.rowCount() == 0


def test_adding_a_user_runs_in_the_background_and_the_dialog_waits_for_it(qtbot, area, admin_ctx, monkeypatch):
    import threading

    release = threading.Event()
    real_add_user = accounts.add_user

    def slow_add_user(uow, **values):  # stands in for the half-second password hash
        release.wait(10)
        return real_add_user(uow, **values)

    monkeypatch.setattr(accounts, "add_user", slow_add_user)
    screen = area.show_screen("users")
    screen.users.new_requested.emit()
    dialog = screen.dialog
    qtbot.keyClicks(dialog.username, "lina")
    dialog.full_name.setText("李娜")
    qtbot.keyClicks(dialog.password, "pass1234")
    qtbot.keyClicks(dialog.confirm, "pass1234")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and not dialog.progress.isHidden() and not dialog.buttons.isEnabled()
    assert not dialog.username.isEnabled() and dialog.error.text() == "Saving…"
    dialog.reject()  # Esc while saving does not abandon the call
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.result_value.username == "lina"
    assert _texts(screen.users.model, 0) == ["admin", "lina"]


def test_a_background_save_that_fails_keeps_the_dialog_open_with_the_reason(qtbot, area, admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="lina", full_name="李娜", role="clerk", password="pass1234")
    screen = area.show_screen("users")
    screen.users.new_requested.emit()
    dialog = screen.dialog
    qtbot.keyClicks(dialog.username, "LiNa")
    dialog.full_name.setText("李娜")
    qtbot.keyClicks(dialog.password, "pass1234")
    qtbot.keyClicks(dialog.confirm, "pass1234")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "User name “LiNa” already exists."
    assert dialog.username.isEnabled() and dialog.buttons.isEnabled() and dialog.progress.isHidden()
    assert dialog.focusWidget() is dialog.username


def test_keyboard_alt_digit_opens_a_tab_and_f2_edits(qtbot, area):
    assert area.tabs.tabToolTip(7) == "Audit log (Alt+8)"
    qtbot.keyClick(area.tabs, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    rooms = area.screen("rooms")
    assert area.tabs.currentWidget() is rooms and rooms.rooms.view.hasFocus()
    rooms.rooms.select_row(2)
    qtbot.keyClick(rooms.rooms.view, Qt.Key.Key_F2)
    assert rooms.dialog.isVisible() and rooms.dialog.name.text() == "警民联调室"
    assert rooms.rooms.new_button.toolTip() == "Add a new entry (Ctrl+N)"


def test_administrator_reaches_the_category_synonyms_from_the_categories_screen(area, monkeypatch):
    from desktop.ui import category_synonyms as synonyms

    opened = []
    monkeypatch.setattr(synonyms.SynonymEditor, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    area.screens["categories"].synonyms_button.click()
    assert opened == ["Category synonyms"]
