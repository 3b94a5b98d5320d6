"""Document actions in the case views, offscreen on SQLite: the petition case view generates its documents and
opens, prints (through `lp`) and saves them; its case-file panel finalises, opens the stored version and makes a
new version with a reason; the export dialog runs in the background and stops cleanly on Cancel; the agreement
prints every copy (parties + 1) in one job through the system."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from desktop.services import case_files as cf
from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.ui import documents
from desktop.ui.petitions.case_view import CaseView
from tests.conftest import sign_in
from tests.integration.test_case_files import close_dispute, closed_petition
from tests.integration.test_petition_helpers import make_staff, register
from tests.mediation_support import PASSWORD, applicant, respondent, setup_mediation

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


@pytest.fixture
def system(monkeypatch, tmp_path):
    """The viewer, the printer and the save dialog, recorded instead of used."""
    seen = {"opened": [], "printed": [], "saved": tmp_path / "saved" / "copy.pdf"}
    seen["saved"].parent.mkdir()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: seen["opened"].append(Path(url.toLocalFile())))
    monkeypatch.setattr(documents, "print_command", lambda: ["lp"])

    def run(args, **kw):
        seen["printed"].append((args, Path(args[-1]).read_bytes()))
        return subprocess.CompletedProcess(args, 0, "request id is Office-42 (1 file(s))\n", "")

    monkeypatch.setattr(documents.subprocess, "run", run)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(seen["saved"]), ""))
    return seen


def _text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_petition_case_view_opens_prints_and_saves_its_documents(qtbot, staff, clock, system, monkeypatch):
    case = closed_petition(staff, clock)
    view = CaseView(staff.officer, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    names = [view.documents.item(r, 0).text() for r in range(view.documents.rowCount())]
    assert len(names) == 3 and not any("不予受理" in n or "Non-acceptance" in n for n in names)
    view.documents.selectRow(0)  # the receipt
    view.document_action(documents.OPEN)
    qtbot.waitUntil(lambda: len(system["opened"]) == 1, timeout=10000)
    assert "信访事项登记回执" in _text(system["opened"][0].read_bytes())
    view.documents.selectRow(2)  # the reply, printed through lp
    view.document_action(documents.PRINT)
    qtbot.waitUntil(lambda: len(system["printed"]) == 1, timeout=10000)
    args, data = system["printed"][0]
    assert args[0] == "lp" and "答复意见书" in _text(data) and view.banner.kind == "ok"
    view.documents.selectRow(1)  # the 受理告知书, saved as
    view.document_action(documents.SAVE)
    qtbot.waitUntil(lambda: system["saved"].exists(), timeout=10000)
    assert "受理告知书" in _text(system["saved"].read_bytes())
    assert not list(system["saved"].parent.glob("*.part"))
    monkeypatch.setattr(documents, "print_command", lambda: None)  # a PC without a print system
    view.document_action(documents.PRINT)
    qtbot.waitUntil(lambda: view.banner.kind == "error", timeout=10000)
    assert "no print system" in view.banner.text() and len(system["printed"]) == 1


def test_not_accepted_case_offers_the_non_acceptance_notice(qtbot, staff):
    from desktop.services import petitions as pt

    case = register(staff.clerk, staff)
    pt.refuse_petition(staff.clerk.uow(), case_id=case.id, version=1, reason="不属于信访事项",
                       basis="《信访工作条例》第三十条", advice="向人民法院起诉")
    view = CaseView(staff.clerk, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    docs = [d.document for d in view.case.documents]
    assert docs == ["receipt", "rejection_notice"]


def test_case_file_panel_finalises_opens_the_stored_version_and_makes_a_new_one(qtbot, staff, clock, system,
                                                                                 monkeypatch):
    case = closed_petition(staff, clock)
    view = CaseView(staff.officer, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    panel = view.case_file
    assert panel.finalise_button.isEnabled() and not panel.new_version_button.isEnabled()
    assert not panel.open_buttons[0].isEnabled()
    panel.finalise()
    qtbot.waitUntil(lambda: panel.versions.rowCount() == 1, timeout=20000)
    assert not panel.finalise_button.isEnabled() and panel.new_version_button.isEnabled()
    stored = cf.open_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    assert panel.versions.item(0, 4).toolTip() == stored.info.sha256
    panel.stored_action(documents.OPEN)
    qtbot.waitUntil(lambda: len(system["opened"]) == 1, timeout=10000)
    assert system["opened"][0].read_bytes() == stored.data  # the stored bytes, not a rebuild
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("更正答复意见书日期", True))
    panel.new_version()
    qtbot.waitUntil(lambda: panel.versions.rowCount() == 2, timeout=20000)
    assert [panel.versions.item(r, 0).text() for r in range(2)] == ["2", "1"]
    assert panel.versions.item(0, 5).text() == "更正答复意见书日期"


def test_open_case_cannot_be_finalised_in_the_panel(qtbot, staff):
    case = register(staff.clerk, staff)
    view = CaseView(staff.clerk, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    panel = view.case_file
    assert not panel.finalise_button.isEnabled() and not panel.preview_button.isEnabled()
    assert panel.state is not None and panel.state.closed is False


def test_export_dialog_runs_in_the_background_and_cancel_stops_cleanly(qtbot, staff, clock, ctx, tmp_path):
    for content in ("噪音扰民", "道路破损", "路灯不亮"):
        closed_petition(staff, clock, content=content)
    close_dispute(ctx, "邻里通道纠纷", n=7)
    dialog = documents.ExportDialog(staff.supervisor, None, folder=str(tmp_path / "cancelled"))
    qtbot.addWidget(dialog)
    today = clock.now().date()
    dialog.start.setDate(today)
    dialog.end.setDate(today)
    dialog.start_export()
    assert dialog.running() and not dialog.go.isEnabled()
    dialog.task.signals.progress.connect(lambda done, total, what: done >= 1 and dialog.cancel())
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60000)
    written = sorted(p.name for p in (tmp_path / "cancelled").iterdir())
    assert 1 <= len(written) < 4 and all(n.endswith(".pdf") for n in written)  # whole files, no manifest
    assert dialog.result is None and dialog.go.isEnabled()
    # and a full run
    dialog.folder.setText(str(tmp_path / "all"))
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60000)
    assert dialog.result is not None and len(dialog.result.files) == 4
    assert (tmp_path / "all" / "manifest.csv").exists()
    assert dialog.progress.value() == dialog.progress.maximum() == 4


def test_agreement_prints_every_copy_in_one_job(qtbot, ctx, system):
    from desktop.ui.mediation.agreement import AgreementEditor

    s = setup_mediation(ctx)
    me = sign_in(ctx, "mediator01", PASSWORD)
    d = mediation.register_dispute(
        ctx.uow(), type_id=s.types["邻里"], source="application", title="院墙纠纷", facts="双方因院墙发生争执。",
        matters="院墙是否越界。", parties=[applicant("李明", n=1), respondent("赵强", n=3), respondent("钱七", n=5)],
        mediator_ids=[s.mediators["mediator01"]])
    draft = agreements.draft_agreement(me.uow(), dispute_id=d.id)
    saved = agreements.save_agreement(
        me.uow(), agreement_id=draft.id, version=draft.version, form="written", facts=d.facts, matters="院墙是否越界。",
        responsibilities="赵强负主要责任。", terms=[agreements.TermInput("赵强拆除越界院墙", "赵强", "自行拆除",
                                                                 dt.date(2026, 12, 1))])
    agreements.finalise_agreement(me.uow(), agreement_id=saved.id, version=saved.version,
                                  signed_on=dt.date(2026, 11, 20))
    editor = AgreementEditor(me, dispute=mediation.get_dispute(me.uow(), dispute_id=d.id))
    qtbot.addWidget(editor)
    assert editor.print_button.isEnabled()
    editor.print_agreement()
    qtbot.waitUntil(lambda: len(system["printed"]) == 1, timeout=20000)
    _args, data = system["printed"][0]
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    marks = ["申请人李明存", "被申请人赵强存", "被申请人钱七存", "调解委员会存"]
    assert [m for m in marks if any(m in p for p in pages)] == marks  # parties + 1 copies, each marked
    assert "4" in editor.status.text() and editor.status.kind == "ok"
    assert isinstance(editor, QDialog)
