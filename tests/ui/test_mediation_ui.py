"""The Mediation area driven through its widgets: registering a dispute (refused with fewer than two parties,
input kept), the list and its search, the dispute view, the agreement editor refusing an incomplete
agreement and freezing a complete one, and the mediator's today view. SQLite only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as scheduling
from desktop.services.mediation import PartyInput
from tests.conftest import sign_in
from tests.mediation_support import (
    MENU_BAR,
    MONDAY,
    PASSWORD,
    applicant,
    at,
    interface_language,
    mnemonic_clashes,
    person,
    register,
    respondent,
    setup_mediation,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def s(ctx):
    return setup_mediation(ctx)


@pytest.fixture
def me(ctx, s):
    return sign_in(ctx, "mediator01", PASSWORD)


def test_registration_refuses_one_party_keeps_the_input_then_registers(qtbot, me, s):
    from desktop.ui.mediation.register import PartyRow, RegistrationDialog

    dialog = RegistrationDialog(me)
    qtbot.addWidget(dialog)
    dialog.title.setText("宅基地边界纠纷")
    dialog.facts.setPlainText("双方因院墙位置争执。")
    dialog.matters.setPlainText("院墙位置。")
    dialog.rows.append(PartyRow(PartyInput(side="applicant", person=person("李明"))))
    dialog._show_parties()
    dialog.save()
    assert dialog.saved is None and dialog.status.kind == "error"
    assert "2" in dialog.status.text() and mediation.count_disputes(me.uow()) == 0
    assert dialog.title.text() == "宅基地边界纠纷" and dialog.parties.rowCount() == 1
    # the signed-in mediator is assigned by default
    from desktop.ui.form_widgets import checked

    assert checked(dialog.mediators) == [s.mediators["mediator01"]]
    dialog.rows.append(PartyRow(PartyInput(side="respondent", person=person("赵强"))))
    dialog.save()
    assert dialog.saved is not None and dialog.saved.case_no == "（2026）虎调字第001号"
    assert [p.name for p in dialog.saved.parties] == ["李明", "赵强"]


def test_a_refusal_about_one_party_names_it(qtbot, me, s):
    from desktop.services.people import PersonInput
    from desktop.ui.mediation.register import PartyRow, RegistrationDialog

    dialog = RegistrationDialog(me)
    qtbot.addWidget(dialog)
    dialog.title.setText("借款纠纷")
    dialog.facts.setPlainText("借款未还。")
    dialog.matters.setPlainText("还款。")
    dialog.rows += [PartyRow(PartyInput(side="applicant", person=person("李明"))),
                    PartyRow(PartyInput(side="respondent", person=PersonInput(name="赵强", id_number="3205051980010100")))]
    dialog._show_parties()
    dialog.save()
    assert "赵强" in dialog.status.text() and dialog.parties.currentRow() == 1


def test_list_searches_and_opens_a_dispute(qtbot, ctx, me, s):
    from desktop.ui.mediation.area import MediationArea

    register(ctx, s, [applicant("欧阳娜娜"), respondent("赵强")], title="噪音扰民纠纷")
    register(ctx, s, [applicant("钱进"), respondent("孙立")], title="借款纠纷")
    area = MediationArea(me)
    qtbot.addWidget(area)
    area.show_tab(1)
    lst = area.disputes
    assert lst.model.rowCount() == 2 and lst.count.text().startswith("2")
    lst.search.setText("娜娜")
    lst.reload()
    assert lst.model.rowCount() == 1 and lst.model.row_at(0).title == "噪音扰民纠纷"
    lst.view.selectRow(0)
    lst._open(0)
    assert area.stack.currentWidget() is area.view
    assert area.view.d.title == "噪音扰民纠纷" and area.view.parties.rowCount() == 2
    area.view.back_requested.emit()
    assert area.stack.currentWidget() is area.tabs


def test_agreement_editor_refuses_an_incomplete_agreement_and_freezes_a_complete_one(qtbot, ctx, me, s, monkeypatch):
    from desktop.ui.mediation.agreement import AgreementEditor, SigningDialog
    from desktop.ui.mediation.closing import ClosingDialog

    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"],
                         start=at(dt.date(2026, 11, 20), "16:00"), end=at(dt.date(2026, 11, 20), "16:45"))
    editor = AgreementEditor(me, dispute=mediation.get_dispute(me.uow(), dispute_id=d.id))
    qtbot.addWidget(editor)
    assert editor.current.state == "draft" and editor.facts.toPlainText() == d.facts
    editor.matters.setPlainText("院墙是否越界。")
    editor._add_term_row("赵强拆除越界院墙", "赵强", "自行拆除", dt.date(2026, 12, 1))
    editor._add_term_row("赵强赔偿800元", "赵强", "", None)
    editor.update_checklist()
    assert "第2项的履行期限" in editor.missing.text() or "term 2" in editor.missing.text()
    editor.finalise()
    assert editor.status.kind == "error"
    assert editor.responsibilities.styleSheet() != "" and editor.facts.styleSheet() == ""
    assert editor.terms.item(1, 4).background().color().name() == "#f4c7c3"
    assert agreements.list_agreements(me.uow(), dispute_id=d.id)[0].state == "draft"
    # complete it: responsibility, and how and by when term 2 is performed
    editor.responsibilities.setPlainText("赵强越界砌墙，负全部责任。")
    editor.terms.item(1, 3).setText("现金当面支付")
    editor.terms.item(1, 4).setText("2026-11-25")
    # complete but not signed: refused on screen, the case stays open (it was closed as agreed, unsigned)
    editor.finalise()
    assert editor.status.kind == "error" and ("签" in editor.status.text() or "sign" in editor.status.text())
    assert agreements.list_agreements(me.uow(), dispute_id=d.id)[0].state == "draft"
    assert mediation.get_dispute(me.uow(), dispute_id=d.id).state == "scheduled"
    assert editor.sign_button.isEnabled() and editor.print_button.isEnabled()  # print it for signing
    # the signing dialog asks for every party, the mediator and the seal
    seen = []

    def sign_all(self):
        seen.append([box.text() for _code, box in self.checks])
        assert not self.ok.isEnabled()
        for _code, box in self.checks:
            box.setChecked(True)
        assert self.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SigningDialog, "exec", sign_all)
    editor.record_signing()
    assert len(seen[0]) == 4 and "李明" in seen[0][0] and "赵强" in seen[0][1] and "张国华" in seen[0][2]
    assert editor.current.signed_on == dt.date(2026, 11, 20) and editor.status.kind == "ok"
    # finalising offers the afternoon session for cancelling
    offered = []

    def confirm(self):
        offered.append([self.sessions.item(i).text() for i in range(self.sessions.count())])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClosingDialog, "exec", confirm)
    editor.finalise()
    versions = agreements.list_agreements(me.uow(), dispute_id=d.id)
    assert [(v.version_no, v.state, v.copies, v.signed_on) for v in versions] == [
        (1, "final", 3, dt.date(2026, 11, 20))]
    assert offered == [["2026-11-20（周五）16:00–16:45  人民调解室一"]] or offered == [
        ["2026-11-20（Fri）16:00–16:45  人民调解室一"]]
    assert editor.facts.isReadOnly() and editor.correct_button.isEnabled() and not editor.save_button.isEnabled()
    detail = mediation.get_dispute(me.uow(), dispute_id=d.id)
    assert detail.state == "agreed" and [b.state for b in detail.bookings] == ["cancelled"]


def test_today_view_lists_my_sessions_and_reminders(qtbot, ctx, me, s, clock):
    from desktop.ui.mediation.today import TodayPanel

    d = register(ctx, s)
    scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["听证室"], start=at(MONDAY, "09:00"),
                         end=at(MONDAY, "10:00"))
    clock.at = dt.datetime(2026, 12, 17, 8, 0)  # the case's deadline is four days away
    scheduling_day = dt.date(2026, 12, 17)
    scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室二"], start=at(scheduling_day, "14:00"),
                         end=at(scheduling_day, "15:30"))
    panel = TodayPanel(me)
    qtbot.addWidget(panel)
    assert panel.sessions.rowCount() == 1
    assert panel.sessions.item(0, 0).text() == "14:00–15:30" and panel.sessions.item(0, 1).text() == "人民调解室二"
    assert panel.reminders.rowCount() == 1 and panel.reminders.item(0, 1).text() == d.case_no
    assert "张国华" in panel.heading.text()


def test_roster_adds_a_volunteer_and_keeps_a_masked_phone(qtbot, me, s):
    from desktop.ui.mediation.mediators import MediatorDialog, MediatorsPanel

    panel = MediatorsPanel(me)
    qtbot.addWidget(panel)
    assert panel.list.rowCount() == 3
    dialog = MediatorDialog(me, panel)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved is None and dialog.status.kind == "error"  # a name is required
    dialog.name.setText("钟秀兰")
    dialog.organisation.setText("枫桥社区人民调解委员会")
    dialog.phone.setText("13912345678")
    dialog.save()
    assert dialog.saved.phone_masked == "139****5678"
    panel.reload()
    assert panel.list.rowCount() == 4
    edit = MediatorDialog(me, panel, mediator=dialog.saved)
    qtbot.addWidget(edit)
    edit.title.setText("兼职调解员")
    edit.save()  # the phone field was left empty: the stored number stays
    assert (edit.saved.title, edit.saved.phone_masked) == ("兼职调解员", "139****5678")


# ------------------------------------------------------------------ keyboard

@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    yield from interface_language(qapp, request.param)


def test_every_mnemonic_of_the_mediation_dialogs_is_unique(qtbot, ctx, me, s, language):
    """The floor: Alt+P and Alt+A were claimed twice in the dispute dialog ("Ambiguous shortcut overload: Alt+P")
    and only moved the focus."""
    from desktop.ui.mediation.agreement import AgreementEditor, SigningDialog
    from desktop.ui.mediation.register import PartyDialog, RegistrationDialog
    from desktop.ui.mediation.session import SessionDialog
    from desktop.ui.mediation.view import DisputeView

    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    detail = mediation.get_dispute(me.uow(), dispute_id=d.id)
    view = DisputeView(me)
    view.set_dispute(d.id)
    editor = AgreementEditor(me, dispute=detail)
    editor._show(agreements.draft_agreement(me.uow(), dispute_id=d.id))
    windows = [RegistrationDialog(me), RegistrationDialog(me, dispute=detail), PartyDialog(me), editor,
               SigningDialog(editor, parties=editor.current.parties, mediators=("张国华",), today=dt.date(2026, 11, 20)),
               SessionDialog(me, dispute=detail), view]
    for w in windows:
        qtbot.addWidget(w)
        w.show()
        assert mnemonic_clashes(w) == {}, w.windowTitle()
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert mnemonic_clashes(view, MENU_BAR) == {}, view.tabs.tabText(tab)


def _alt(qtbot, window, letter) -> None:
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)


def test_alt_a_and_alt_p_add_an_applicant_and_a_respondent(qtbot, me, s, monkeypatch, language):
    from desktop.ui.mediation.register import PartyDialog, RegistrationDialog

    opened = []
    monkeypatch.setattr(PartyDialog, "exec", lambda self: opened.append(self.side.currentData()) or 0)
    dialog = RegistrationDialog(me)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    for letter, n in (("A", 1), ("P", 2), ("O", 3)):  # a mnemonic clicks its button (animated: after ~100 ms)
        _alt(qtbot, dialog, letter)
        qtbot.waitUntil(lambda n=n: len(opened) == n)
    assert opened == ["applicant", "respondent", "respondent"]


def test_removing_a_party_asks_first(qtbot, me, s):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.mediation.register import PartyRow, RegistrationDialog

    dialog = RegistrationDialog(me)
    qtbot.addWidget(dialog)
    dialog.rows += [PartyRow(PartyInput(side="applicant", person=person("李明"))),
                    PartyRow(PartyInput(side="respondent", person=person("赵强")))]
    dialog._show_parties()
    asked = []

    def answer(which: str):
        def click():
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            next(b for b in box.buttons() if box.buttonRole(b) == {
                "keep": QMessageBox.ButtonRole.RejectRole, "remove": QMessageBox.ButtonRole.DestructiveRole}[which]
                 ).click()
        QTimer.singleShot(0, click)

    dialog.parties.selectRow(0)
    answer("keep")
    dialog.remove_party()
    assert dialog.parties.rowCount() == 2 and "李明" in asked[0]
    answer("remove")
    dialog.remove_party()
    assert [r.data.person.name for r in dialog.rows] == ["赵强"]
