"""The foundation's dialogs driven like a user would: first-run wizard, sign-in, the main window's
navigation per role. SQLite only: the services under them are tested on both databases elsewhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWizard

from desktop.services.admin import accounts, center
from desktop.services.context import open_database
from tests.conftest import ADMIN_PASSWORD, sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def fresh_ctx(db_url, clock):
    """A migrated database with nothing in it yet: what the first start of OneStop sees."""
    context = open_database(db_url, clock=clock)
    yield context
    context.close()


def test_wizard_sets_up_the_center_and_the_first_administrator(qtbot, fresh_ctx):
    from desktop.ui.wizard import SetupWizard

    assert not center.is_set_up(fresh_ctx.uow())
    wizard = SetupWizard(fresh_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # welcome -> center
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # name and abbreviation are mandatory
    wizard.name.setText("虎丘镇一站式综合服务中心")
    wizard.abbr.setText("虎")
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage().title() == "First administrator"
    wizard.username.clear()
    qtbot.keyClicks(wizard.username, "zhoujg")
    wizard.full_name.setText("周建国")
    qtbot.keyClicks(wizard.password, "secret123")
    qtbot.keyClicks(wizard.confirm, "secret124")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.error.text() == "The two passwords differ."
    assert wizard.isVisible() and not center.is_set_up(fresh_ctx.uow())

    wizard.confirm.clear()
    qtbot.keyClicks(wizard.confirm, "secret123")
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    info = center.get_center(fresh_ctx.uow())
    assert (info.name, info.case_abbr) == ("虎丘镇一站式综合服务中心", "虎")
    windows = center.list_windows(fresh_ctx.uow())
    assert [w.number for w in windows] == list(range(1, 18))
    assert len(center.list_rooms(fresh_ctx.uow())) == 7
    actor = accounts.authenticate(fresh_ctx.uow(), username="zhoujg", password="secret123")
    assert (actor.role, actor.full_name) == ("admin", "周建国")


def test_wizard_shows_the_service_refusal_and_keeps_the_input(qtbot, fresh_ctx):
    from desktop.ui.wizard import SetupWizard

    wizard = SetupWizard(fresh_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.name.setText("虎丘镇一站式综合服务中心")
    wizard.abbr.setText("虎")
    wizard.next()
    wizard.full_name.setText("周建国")
    qtbot.keyClicks(wizard.password, "short")
    qtbot.keyClicks(wizard.confirm, "short")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert wizard.username.text() == "admin" and finish.isEnabled()  # the suggested name is accepted as is
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.error.text() == "The password must have at least 8 characters."
    assert wizard.isVisible() and wizard.full_name.text() == "周建国" and wizard.name.text().startswith("虎丘")
    assert not center.is_set_up(fresh_ctx.uow())


def _click_sign_in(qtbot, dialog):
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)  # the password is checked on the thread pool


def test_login_refuses_a_wrong_password_then_signs_in(qtbot, ctx):
    from desktop.ui.login import LoginDialog

    dialog = LoginDialog(ctx, "虎丘镇一站式综合服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "wrong-password1")
    _click_sign_in(qtbot, dialog)
    assert dialog.error.text() == "Wrong user name or password. 4 attempts left before the account is locked."
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.password.selectedText() == "wrong-password1"  # ready to be typed over

    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)  # replaces the selection
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.actor.username, dialog.actor.role) == ("admin", "admin")


def test_login_of_an_unknown_user_gives_no_hint(qtbot, ctx):
    from desktop.ui.login import LoginDialog

    dialog = LoginDialog(ctx, "中心")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "nobody")
    qtbot.keyClicks(dialog.password, "whatever1")
    _click_sign_in(qtbot, dialog)
    assert dialog.error.text() == "Wrong user name or password."


def _nav_keys(window) -> list[str]:
    return [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]


def test_main_window_offers_administration_to_an_administrator_only(qtbot, admin_ctx):
    from desktop.ui.main_window import MainWindow

    accounts.add_user(admin_ctx.uow(), username="clerk03", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    accounts.add_user(admin_ctx.uow(), username="director", full_name="陈立新", role="director",
                      password="pass1234")
    admin = MainWindow(admin_ctx, "中心")
    qtbot.addWidget(admin)
    assert "admin" in _nav_keys(admin)
    assert admin.nav.item(_nav_keys(admin).index("admin")).text() == "Administration"
    assert admin.findChild(QLabel, "status_user").text() == "User: 系统管理员 (Administrator)"

    clerk = MainWindow(sign_in(admin_ctx, "clerk03", "pass1234"), "中心")
    qtbot.addWidget(clerk)
    assert "admin" not in _nav_keys(clerk)
    assert clerk.findChild(QLabel, "status_user").text() == "User: 王芳 (Window clerk)"
    assert clerk.findChild(QLabel, "status_window").text() == "Window 3"

    director = MainWindow(sign_in(admin_ctx, "director", "pass1234"), "中心")
    qtbot.addWidget(director)
    keys = _nav_keys(director)
    assert "admin" in keys
    director.nav.setCurrentRow(keys.index("admin"))
    area = director.area_widget("admin")
    assert list(area.screens) == ["audit"]  # a director reads the log and configures nothing


def test_main_window_says_so_when_a_role_has_no_area(qtbot, admin_ctx, monkeypatch):
    from desktop.ui import main_window

    monkeypatch.setattr(main_window, "areas_for", lambda role: [])
    window = main_window.MainWindow(admin_ctx, "中心")
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "no_areas")
    assert label is not None and "(Administrator)" in label.text()
    assert window.nav.isHidden()
