"""The clerk panel's actions that ask in a dialog first: transfer the visitor (F4), re-queue a late arrival
(Ctrl+R), book an appointment (Ctrl+B), register a petition (Ctrl+P) or a dispute (Ctrl+D) for the visitor at
the window. ClerkPanel takes them from the FormActions mixin; their texts keep the translation context
"ClerkPanel"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from desktop.services import queue
from desktop.services.admin import center
from desktop.ui import area_links, ops
from desktop.ui.queue import labels
from desktop.ui.queue.dialogs import AppointmentDialog, RequeueDialog, TransferDialog
from desktop.ui.queue.labels import WARN


class FormActions:
    """Mixed into ClerkPanel (a QWidget with ctx, record, current(), refresh(), _say, _lost, _refused and
    _focus_record)."""

    def transfer(self) -> None:
        t = self.current()
        if t is None:
            return
        opened = ops.run(self, None, lambda: TransferDialog(self.ctx, t, self))
        if not opened.ok:
            return
        dialog = opened.value
        target = dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()  # the panel runs all day: a used dialog does not stay behind as a hidden child
        self._focus_record()
        if target is None:
            return
        service_id, window_no, position = target
        moved = ops.Op(self, self.ctx, lambda uow: queue.transfer(
            uow, ticket_id=t.id, service_id=service_id, to_window_no=window_no, position=position),
            area="queue").lost(self._lost).failure(self._refused).run()
        if moved.ok:
            result = moved.value
            where = (QCoreApplication.translate("ClerkPanel", "window %1").replace("%1", str(window_no))
                     if window_no is not None else result.ticket.service_name)
            text = QCoreApplication.translate("ClerkPanel", "%1 transferred to %2 (%3).").replace(
                "%1", t.number).replace("%2", where).replace("%3", labels.label(labels.POSITIONS, position))
            if result.open_windows == 0:
                self._say(text + " " + QCoreApplication.translate(
                    "ClerkPanel", "No window that can call it is open now: the ticket waits until one opens."), WARN)
            else:
                self._say(text)
            self.record.clear()
        self.refresh()

    def requeue(self) -> None:
        opened = ops.run(self, None, lambda: RequeueDialog(self.ctx, self))
        if not opened.ok:
            return
        dialog = opened.value
        requeued = dialog.result_ticket if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if requeued is not None:
            self._say(QCoreApplication.translate("ClerkPanel", "%1 is waiting again.").replace(
                "%1", requeued.number))
        self.refresh()
        self._focus_record()

    def book(self) -> None:
        opened = ops.run(self, self.ctx, lambda uow: AppointmentDialog(self.ctx, center.list_services(uow), self))
        if not opened.ok:
            return
        dialog = opened.value
        b = dialog.booked if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        self._focus_record()
        if b is not None:
            self._say(QCoreApplication.translate(
                "ClerkPanel", "Appointment booked for %1 on %2 at %3. Check-in code: %4").replace(
                "%1", b.visitor_name).replace("%2", b.day.isoformat()).replace("%3", b.slot.strftime("%H:%M"))
                .replace("%4", b.code))

    def register_petition(self) -> None:
        """Open the petition registration pre-filled from the current ticket (the queue's TicketInfo: its
        number, service and visitor); the case is linked to it and its number shows on the ticket card."""
        dialog = area_links.build(area_links.PETITION_REGISTRATION, self.ctx, self, ticket=self.current())
        case = dialog.case if dialog.exec() == QDialog.DialogCode.Accepted else None
        repeat = dialog.repeat  # the same matter: a repeat visit recorded on its case instead
        dialog.deleteLater()
        self.refresh()
        self._focus_record()
        if case is not None:
            self._say(QCoreApplication.translate("ClerkPanel", "Petition %1 registered.").replace(
                "%1", case.case_no))
        elif repeat is not None:
            self._say(QCoreApplication.translate("ClerkPanel", "Repeat visit recorded on petition %1.").replace(
                "%1", repeat.case_no))

    def register_dispute(self) -> None:
        dialog = area_links.build(area_links.DISPUTE_REGISTRATION, self.ctx, self, ticket=self.current())
        saved = dialog.saved if dialog.exec() else None
        dialog.deleteLater()
        self.refresh()
        self._focus_record()
        if saved is not None:
            self._say(QCoreApplication.translate("ClerkPanel", "Dispute %1 registered.").replace(
                "%1", saved.case_no))
