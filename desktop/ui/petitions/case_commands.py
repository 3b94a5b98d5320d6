"""What the case view does besides the step forms: add attachments, save a copy of one, answer the open 督办
note, and reveal the full ID number and phone of a petitioner (audited). Each takes the CaseView.

The texts keep the translation context "CaseView" of the view that offers these commands."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop import fileperms
from desktop.services import people
from desktop.services import petitions as pt
from desktop.services.errors import ServiceError
from desktop.ui.ops import Op
from desktop.ui.petitions.dialogs import FormDialog
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import ACTION, fmt_date, label, t
from desktop.ui.text import translator

_tr = translator("CaseView")


def show_error(parent, exc: Exception) -> None:
    QMessageBox.warning(parent, t(QT_TRANSLATE_NOOP("Petitions", "Petitions")), describe(exc))


def _mime(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def attach(view) -> None:
    """Files chosen by the user, added one by one (the first failure stops the rest); then the case reloads."""
    paths, _ = QFileDialog.getOpenFileNames(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Add attachments")))
    for path in paths:
        added = Op(view, view.ctx, lambda uow, path=path: pt.add_attachment(
            uow, case_id=view.case.id,
            attachment=pt.AttachmentInput(Path(path).name, Path(path).read_bytes(), _mime(path))),
            area="petitions", catch=(ServiceError, OSError))
        if not added.failure(lambda exc: show_error(view, exc)).run().ok:
            break
    view.reload()


def save_attachment(view) -> None:
    """A copy of the selected attachment, written where the user chooses (readable by the user only)."""
    row = view.attachments.currentRow()
    if view.case is None or not 0 <= row < len(view.case.attachments):
        return
    a = view.case.attachments[row]
    path, _ = QFileDialog.getSaveFileName(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Save a copy")), a.file_name)
    if not path:
        return
    Op(view, view.ctx, lambda uow: fileperms.write_private(path, pt.attachment_content(uow, attachment_id=a.id).data),
       read_only=True, catch=(ServiceError, OSError)).failure(lambda exc: show_error(view, exc)).run()


def answer_supervision(view) -> None:
    """The department's answer to the oldest open 督办 note."""
    open_notes = [s for s in (view.case.supervisions if view.case else ()) if s.answered_at is None]
    if not open_notes:
        return
    note = open_notes[0]
    d = FormDialog(label(ACTION, "answer_supervision"), lambda v: pt.answer_supervision(
        view._uow(), supervision_id=note.id, answer=v["answer"]), view,
        intro=f"{note.created_by_name}：{note.note}（{fmt_date(note.due_on)}）")
    d.add_text("answer", _tr(QT_TRANSLATE_NOOP("CaseView", "What the department did")), height=90)
    if d.exec():
        view.reload()


def reveal(view) -> None:
    """The full numbers of the selected petitioner, in a message box; each reveal is audited."""
    title = _tr(QT_TRANSLATE_NOOP("CaseView", "Show full numbers"))
    row = view.people_table.currentRow()
    if view.case is None or not 0 <= row < len(view.case.people):
        QMessageBox.information(view, title, _tr(QT_TRANSLATE_NOOP("CaseView", "Select a person first.")))
        return
    person = view.case.people[row]
    # each number is revealed (and audited) in its own unit of work, so Op opens none (ctx None)
    outcome = Op(view, None, lambda: (
        people.reveal_person(view._uow(), person_id=person.id, field="id_number"),
        people.reveal_person(view._uow(), person_id=person.id, field="phone"))).failure(
        lambda exc: show_error(view, exc)).run()
    if not outcome.ok:
        return
    id_number, phone = outcome.value
    QMessageBox.information(view, title, _tr(QT_TRANSLATE_NOOP(
        "CaseView", "%1\nID number: %2\nPhone: %3\n\nThis reveal has been written to the audit log.")).replace(
        "%1", person.name).replace("%2", id_number or "—").replace("%3", phone or "—"))
