"""The record of a session (调解笔录): who was there, and who said what."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.services import mediation
from desktop.services import mediation as mediation_documents
from desktop.ui import ops
from desktop.ui.document_opening import open_document
from desktop.ui.form_widgets import Banner, buddy, button, shortcut, with_keys
from desktop.ui.mediation_labels import pydatetime, qdatetime
from desktop.ui.messages import describe


class SessionDialog(QDialog):
    """A new record for a booked session (``booking``), an on-site session (neither), or a correction of an
    existing record (``session``)."""

    def __init__(self, ctx, parent=None, *, dispute, booking=None, session=None):
        super().__init__(parent)
        self.ctx, self.dispute, self.booking, self.session = ctx, dispute, booking, session
        self.saved = None
        self.setWindowTitle(self.tr("Session record — %1").replace("%1", dispute.case_no))
        self.resize(760, 620)
        now = ctx.clock.now().replace(second=0, microsecond=0)
        start = session.started_at if session else booking.start if booking else now - dt.timedelta(hours=1)
        end = session.ended_at if session else booking.end if booking else now
        self.started = QDateTimeEdit(qdatetime(start))
        self.ended = QDateTimeEdit(qdatetime(end))
        for w in (self.started, self.ended):
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            w.setCalendarPopup(True)
        self.place = QLineEdit(session.place if session else booking.room_name if booking else "")
        self.place.setObjectName("place")
        names = session.mediator_names if session else "、".join(booking.mediator_names) if booking else \
            "、".join(m.name for m in dispute.mediators)
        self.mediators = QLineEdit(names)
        parties = booking.party_names if booking else tuple(p.name for p in dispute.parties)
        self.attendees = QLineEdit(session.attendees if session else "、".join(parties))
        self.attendees.setObjectName("attendees")
        self.recorder = QLineEdit(session.recorder if session else ctx.actor.full_name or "")
        self.content = QPlainTextEdit(session.content if session else "")
        self.content.setObjectName("content")
        self.content.setPlaceholderText(self.tr(
            "One paragraph per speaker, e.g.\n调解员：请申请人陈述纠纷经过。\n申请人李明：……\n被申请人赵强：……"))
        self.status = Banner()
        form = QFormLayout()
        form.addRow(self.tr("Case:"), QLabel(f"{dispute.case_no}  {dispute.title}"))
        form.addRow(self.tr("&Start:"), self.started)
        form.addRow(self.tr("&End:"), self.ended)
        form.addRow(self.tr("&Place:"), self.place)
        form.addRow(self.tr("&Mediators:"), self.mediators)
        form.addRow(self.tr("&Attendees:"), self.attendees)
        form.addRow(self.tr("Re&corder:"), self.recorder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save record"))
        save.setToolTip(with_keys(save.text(), "Ctrl+S"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.print_button = button(self, self.tr("Print rec&ord"), self.print_record, "Ctrl+P")
        self.print_button.setEnabled(session is not None)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        shortcut(self, "Ctrl+S", self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buddy(self.tr("&Record:"), self.content))
        layout.addWidget(self.content, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.content.setFocus()

    def save(self) -> None:
        values = dict(started_at=pydatetime(self.started.dateTime()), ended_at=pydatetime(self.ended.dateTime()),
                      attendees=self.attendees.text(), recorder=self.recorder.text(),
                      content=self.content.toPlainText(), place=self.place.text(),
                      mediator_names=self.mediators.text())
        if self.session is None:
            def save(uow):
                return mediation.record_session(uow, dispute_id=self.dispute.id,
                                                booking_id=self.booking.id if self.booking else None, **values)
        else:
            def save(uow):
                return mediation.update_session(uow, session_id=self.session.id, **values)
        saved = ops.run(self, self.ctx, save, area="mediation", failure=lambda exc: self.status.error(describe(exc)))
        if not saved.ok:
            return
        self.saved = saved.value
        self.session = self.saved
        self.print_button.setEnabled(True)
        self.accept()

    def print_record(self) -> None:
        if self.session is None:
            return
        session = self.session
        open_document(self, lambda: mediation_documents.session_record_pdf(self.ctx.uow(), session_id=session.id),
                      mediation_documents.file_stem("record", self.dispute.case_no, day=session.started_at.date()),
                      lambda exc: self.status.error(describe(exc)))
