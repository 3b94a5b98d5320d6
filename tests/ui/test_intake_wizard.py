"""The intake's screens driven through their widgets (SQLite): the wizard from file to result with the background
tasks, the header row chosen by hand, a repeat registered as a new case, the synonym editor and the export
dialog. Modal dialogs are patched."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.services import intake
from desktop.services import petitions as pt
from desktop.services.people import PersonInput
from desktop.ui.petitions_import.wizard import FILE, MAPPING, PREVIEW, RESULT, ImportWizard
from tests.fixtures.intake.make_fixtures import hotline_rows
from tests.integration.test_petition_helpers import make_staff

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
WAIT = 60_000


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def wizard_on(qtbot, ctx, name, **kw) -> ImportWizard:
    w = ImportWizard(ctx, source=kw.pop("source", "hotline"), path=str(FIX / name) if name else None)
    qtbot.addWidget(w)
    w.show()
    return w


def step(qtbot, w: ImportWizard, page: int) -> None:
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.task is None and w.pages.currentIndex() == page, timeout=WAIT)


def column(w: ImportWizard, title: str) -> list[str]:
    j = next(i for i, c in enumerate(w.model.columns) if c.title == title)
    return [w.model.index(r, j).data() for r in range(w.model.rowCount())]


def test_from_the_file_to_the_result(qtbot, staff, tmp_path, monkeypatch):
    w = wizard_on(qtbot, staff.clerk, "dates_and_phones.xlsx")
    assert w.history.rowCount() == 0
    step(qtbot, w, MAPPING)
    assert w.combos["content"].currentData() == "诉求内容" and w.combos["grid"].currentData() == "网格编码"
    assert "10 data rows" in w.file_info.text()
    assert w.mapping_table.item(0, 2).text().startswith("DP0001  |  DP0002")
    w.combos["grid"].setCurrentIndex(0)  # leave a column out
    assert w.unmapped.text().endswith("网格编码")

    step(qtbot, w, PREVIEW)
    assert w.model.rowCount() == 10
    assert "8 new cases" in w.summary.text() and "2 rejected" in w.summary.text()
    w.filter_combo.setCurrentIndex(w.filter_combo.findData("rejected"))
    assert column(w, "Row") == ["10", "11"]
    w.table.selectRow(1)
    assert "“2026-02-30” is a day that does not exist" in w.detail.toPlainText()
    assert column(w, "Notes")[0] == "Phone “1381234567” is not a mobile or landline number"

    report = tmp_path / "errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    qtbot.mouseClick(w.report_button, Qt.MouseButton.LeftButton)
    assert load_workbook(report).active.cell(3, 1).value == 10

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    w.strict.setChecked(True)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentIndex() == PREVIEW and "Strict mode: 2 of 10 rows are invalid" in warnings[0]
    w.strict.setChecked(False)
    with qtbot.waitSignal(w.imported, timeout=WAIT) as imported:
        qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert imported.args[0].created == 8
    qtbot.waitUntil(lambda: w.pages.currentIndex() == RESULT, timeout=WAIT)
    assert "8 new cases registered: （2026）虎信字第001号 … （2026）虎信字第008号" in w.result_text.text()
    assert w.result_report.isVisibleTo(w)
    # the mapping without the grid column is remembered; the next import starts from it
    assert "grid" not in intake.remembered_mapping(staff.clerk.uow(), source="12345")
    qtbot.mouseClick(w.another, Qt.MouseButton.LeftButton)
    assert w.pages.currentIndex() == FILE and w.history.rowCount() == 1


def test_a_file_without_headers_gets_its_header_row_by_hand(qtbot, staff):
    w = wizard_on(qtbot, staff.clerk, "no_headers.xlsx")
    step(qtbot, w, FILE)
    assert "No header row was recognised in the first 5 rows" in w.error.text()
    assert not w.auto_header.isChecked() and w.header_spin.isEnabled()
    w.header_spin.setValue(1)
    step(qtbot, w, MAPPING)
    first = hotline_rows()[0]
    for field, header in (("work_order_no", first[0]), ("caller_name", first[2]), ("content", first[8])):
        w.combos[field].setCurrentIndex(w.combos[field].findData(header))
    w.combos["content"].setCurrentIndex(0)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentIndex() == MAPPING and "Choose the column of: Content." in w.error.text()
    w.combos["content"].setCurrentIndex(w.combos["content"].findData(first[8]))
    step(qtbot, w, PREVIEW)
    assert w.model.rowCount() == 4


def test_a_repeat_can_be_registered_as_a_new_case(qtbot, staff):
    row = hotline_rows()[0]
    case = pt.register_petition(staff.clerk.uow(), source="visit", category_id=staff.category, content=row[8],
                                petitioners=[PersonInput(name=row[2], phone=row[3], village=row[5])])
    w = wizard_on(qtbot, staff.clerk, "hotline_basic.xlsx")
    step(qtbot, w, MAPPING)
    step(qtbot, w, PREVIEW)
    w.table.selectRow(0)
    assert column(w, "Status")[0] == "Repeat" and case.case_no in column(w, "Notes")[0]
    assert w.new_case_button.isEnabled()
    qtbot.mouseClick(w.new_case_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.task is None, timeout=WAIT)
    assert column(w, "Status")[0] == "New" and w.register_as_new == {2}
    assert "Registered as a new case by your choice" in column(w, "Notes")[0]
    with qtbot.waitSignal(w.imported, timeout=WAIT) as imported:
        qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert (imported.args[0].created, imported.args[0].repeats) == (10, 0)


def test_cancel_while_checking_closes_without_importing(qtbot, staff):
    w = wizard_on(qtbot, staff.clerk, "hotline_basic.xlsx")
    step(qtbot, w, MAPPING)
    w.build_preview()
    w.reject()  # while the check runs: it is cancelled, then the dialog closes
    qtbot.waitUntil(lambda: w.task is None, timeout=WAIT)
    assert not w.isVisible() and intake.list_batches(staff.clerk.uow()) == []


def test_the_synonym_editor_adds_a_name_that_went_to_other(qtbot, admin_ctx, monkeypatch):
    from desktop.ui.category_synonyms import SynonymDialog, SynonymEditor

    o = intake.open_work_order_file(admin_ctx.uow(), source="12345", path=FIX / "hotline_basic.xlsx")
    intake.import_work_orders(admin_ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping)
    editor = SynonymEditor(admin_ctx)
    qtbot.addWidget(editor)
    names = [editor.unmatched.item(i, 0).text() for i in range(editor.unmatched.rowCount())]
    assert names == ["咨询", "噪声扰民"]

    def fill(dialog):
        assert dialog.name.text() == "噪声扰民"
        dialog.category.setCurrentIndex(dialog.category.findText("城市管理 / 噪音扰民"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SynonymDialog, "exec", fill)
    editor.add("噪声扰民")
    assert [editor.table.item(0, c).text() for c in range(3)] == ["噪声扰民", "噪音扰民", "城市管理"]
    assert [editor.unmatched.item(i, 0).text() for i in range(editor.unmatched.rowCount())] == ["咨询"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    editor.table.selectRow(0)
    editor.remove()
    assert editor.table.rowCount() == 0


def test_export_dialog_writes_the_layout(qtbot, staff, tmp_path):
    from desktop.ui.petitions_import.export import ExportDialog

    dialog = ExportDialog(staff.clerk)
    qtbot.addWidget(dialog)
    assert [dialog.columns.item(r, 1).text() for r in range(dialog.columns.rowCount())] == [
        "工单编号", "办理结果", "办结时间", "满意度"]
    dialog.columns.selectRow(1)
    dialog._remove_row()
    dialog.save_layout()
    assert dialog.message.text() == "Layout saved."
    assert [c.field for c in intake.get_export_layout(staff.clerk.uow(), source="12345").columns] == [
        "work_order_no", "concluded_at", "satisfaction"]
    dialog.path.setText(str(tmp_path / "back.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    assert dialog.message.text().startswith("0 work orders written to")
    assert [c.value for c in load_workbook(tmp_path / "back.xlsx").active[1]] == ["工单编号", "办结时间", "满意度"]
    dialog.path.setText(str(tmp_path / "back.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    assert dialog.message.text() == "Save the export as .xlsx or .csv."


def test_actions_follow_the_role(qtbot, staff, admin_ctx):
    from PySide6.QtWidgets import QWidget

    from desktop.ui.intake_actions import intake_actions

    host = QWidget()
    qtbot.addWidget(host)
    assert [a.text() for a in intake_actions(staff.clerk, host)] == ["Import work orders…", "Export results…"]
    assert [a.text() for a in intake_actions(admin_ctx, host)] == ["Import work orders…", "Export results…",
                                                                   "Category synonyms…"]
    assert intake_actions(staff.mediator, host) == []
    assert intake_actions(staff.clerk, host)[0].toolTip().endswith("(Ctrl+Shift+I)")
